"""Initials-only redaction fails closed: while a console runs, unattributable code hides.

``console.ui.redact`` finds the app in charge through Textual's context (and a thread
worker's widget). When that lookup fails while a console runs in this process, names
show as initials and private details as "hidden", whatever the mode; outside any
console (the command line, tools) full details show as before.
"""

from __future__ import annotations

import threading

import pytest

from console.app import FrontDeskApp
from console.clinic.models import Patient
from console.desk import Desk
from console.ui import format as fmt
from console.ui import redact, textual_private
from tests.app.clinic import ROSA
from tests.app.drive import settle

FULL = ROSA.name
SHORT = "R. N."


def shown(patient: Patient = ROSA) -> tuple[str, str, str]:
    """The name, phone and conditions as the calling code would show them now."""
    return fmt.who(patient), fmt.phone(patient), fmt.private("; ".join(patient.conditions))


FULL_DETAILS = (FULL, ROSA.phone_display, "; ".join(ROSA.conditions))
HIDDEN = (SHORT, redact.HIDDEN, redact.HIDDEN)


def in_plain_thread() -> tuple[str, str, str]:
    """What a thread without Textual's context or a worker would show."""
    answer: list[tuple[str, str, str]] = []
    thread = threading.Thread(target=lambda: answer.append(shown()))
    thread.start()
    thread.join()
    return answer[0]


def lookup_finds_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(textual_private, "active_app", lambda: None)


def lookup_breaks(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken() -> None:
        raise RuntimeError("textual changed under us")

    monkeypatch.setattr(textual_private, "active_app", broken)


def test_outside_any_console_full_details_show(monkeypatch: pytest.MonkeyPatch) -> None:
    assert redact.running_consoles() == []
    assert shown() == FULL_DETAILS
    assert in_plain_thread() == FULL_DETAILS
    lookup_breaks(monkeypatch)  # no console: nothing to hide from
    assert shown() == FULL_DETAILS


async def test_inside_the_console_the_mode_decides(desk: Desk) -> None:
    app = FrontDeskApp(desk=desk)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert redact.running_consoles() == [app]
        assert shown() == FULL_DETAILS
        app.initials_only = True
        assert shown() == HIDDEN
        app.initials_only = False
        assert shown() == FULL_DETAILS


@pytest.mark.parametrize("initials_only", [False, True])
@pytest.mark.parametrize("failure", [lookup_finds_nothing, lookup_breaks])
async def test_a_failed_lookup_while_a_console_runs_hides(
    desk: Desk, monkeypatch: pytest.MonkeyPatch, failure, initials_only: bool
) -> None:
    app = FrontDeskApp(desk=desk, initials_only=initials_only)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        failure(monkeypatch)
        assert redact.app_in_charge() is None
        assert shown() == HIDDEN
        monkeypatch.undo()
        assert shown() == (HIDDEN if initials_only else FULL_DETAILS)


async def test_a_thread_without_a_worker_hides_while_a_console_runs(desk: Desk) -> None:
    app = FrontDeskApp(desk=desk)  # initials-only is off: the thread still cannot tell
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert in_plain_thread() == HIDDEN
        assert shown() == FULL_DETAILS  # the console's own code is unaffected


@pytest.mark.parametrize("initials_only", [False, True])
async def test_a_thread_worker_follows_its_console(desk: Desk, initials_only: bool) -> None:
    app = FrontDeskApp(desk=desk, initials_only=initials_only)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        pane = app.desk_screen.pane("schedule")
        worker = pane.run_worker(shown, thread=True, group="test-redact")
        assert await worker.wait() == (HIDDEN if initials_only else FULL_DETAILS)


async def test_after_the_console_ends_full_details_show_again(
    desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = FrontDeskApp(desk=desk, initials_only=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert in_plain_thread() == HIDDEN
    assert redact.running_consoles() == []
    lookup_finds_nothing(monkeypatch)
    assert shown() == FULL_DETAILS
    assert in_plain_thread() == FULL_DETAILS
