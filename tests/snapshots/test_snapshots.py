"""SVG snapshots of every pane at 80x24 and 120x40, clock pinned to Tue 24 Nov 2026 10:30.

Keys are pressed from ``run_before`` so each screenshot waits for the loading
workers (never for a length of time).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from textual.pilot import Pilot

from tests.app.drive import no_blink, press, settle

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]
#: The schedule in columns (from 120 wide) is also shot at 160x45.
SCHEDULE_SIZES = [*SIZES, pytest.param((160, 45), id="160x45")]


def keys(*pressed: str) -> Callable[[Pilot], object]:
    """A ``run_before`` that presses ``pressed`` one by one, settling after each."""

    async def run(pilot: Pilot) -> None:
        await settle(pilot)
        await press(pilot, *pressed)
        no_blink(pilot.app)
        await settle(pilot)

    return run


@pytest.mark.parametrize("size", SCHEDULE_SIZES)
def test_schedule_busy_weekday(snap_compare, make_app, size) -> None:
    assert snap_compare(make_app(), terminal_size=size, run_before=keys())


@pytest.mark.parametrize("size", SCHEDULE_SIZES)
def test_schedule_sunday(snap_compare, make_app, size) -> None:
    app = make_app(dt.date(2026, 11, 29))
    assert snap_compare(app, terminal_size=size, run_before=keys())


@pytest.mark.parametrize("size", SCHEDULE_SIZES)
def test_schedule_closed_day(snap_compare, make_app, size) -> None:
    app = make_app(dt.date(2026, 11, 26))
    assert snap_compare(app, terminal_size=size, run_before=keys())


@pytest.mark.parametrize("size", [SCHEDULE_SIZES[1], SCHEDULE_SIZES[2]])
def test_schedule_columns_cursor_in_provider_b(snap_compare, make_app, size) -> None:
    """shift+right: the cursor on the visit in the second column at now, its details below."""
    run = keys("shift+right")
    assert snap_compare(make_app(), terminal_size=size, run_before=run)


def test_schedule_columns_by_room(snap_compare, make_app) -> None:
    """v: one column per room (Room 3 with nothing booked is all free)."""
    assert snap_compare(make_app(), terminal_size=(120, 40), run_before=keys("v"))


@pytest.mark.parametrize("size", SCHEDULE_SIZES)
def test_week_view(snap_compare, make_app, size) -> None:
    """w: the week of Tue 24 Nov, Thanksgiving closed, Provider B not on Sundays."""
    assert snap_compare(make_app(), terminal_size=size, run_before=keys("w"))


@pytest.mark.parametrize("size", SIZES)
def test_checkin(snap_compare, make_app, size) -> None:
    assert snap_compare(make_app(), terminal_size=size, run_before=keys("f2"))


@pytest.mark.parametrize("size", SIZES)
def test_treatments_answer(snap_compare, make_app, size) -> None:
    run = keys("f3", *"can i take advil")
    assert snap_compare(make_app(), terminal_size=size, run_before=run)


@pytest.mark.parametrize("size", SIZES)
def test_treatments_answer_sources(snap_compare, make_app, size) -> None:
    run = keys("f3", *"how long does the bruising last", "down", "ctrl+o")
    assert snap_compare(make_app(), terminal_size=size, run_before=run)


@pytest.mark.parametrize("size", SIZES)
def test_treatments_not_covered(snap_compare, make_app, size) -> None:
    run = keys("f3", *"do you take insurance")
    assert snap_compare(make_app(), terminal_size=size, run_before=run)


@pytest.mark.parametrize("size", SIZES)
def test_patient_screen(snap_compare, make_app, size) -> None:
    run = keys("ctrl+f", *"evil o'brien", "enter")
    assert snap_compare(make_app(), terminal_size=size, run_before=run)


@pytest.mark.parametrize("size", SIZES)
def test_lookup_with_a_typo(snap_compare, make_app, size) -> None:
    run = keys("ctrl+f", *"quartermane")
    assert snap_compare(make_app(), terminal_size=size, run_before=run)


@pytest.mark.parametrize("size", SIZES)
def test_booking_dialog(snap_compare, make_app, size) -> None:
    run = keys("right", "b", *"rosalind", "enter")
    assert snap_compare(make_app(), terminal_size=size, run_before=run)


def test_window_too_small(snap_compare, make_app) -> None:
    assert snap_compare(make_app(), terminal_size=(60, 20), run_before=keys())


def test_lock_screen(snap_compare, make_app) -> None:
    """F12: the clinic's name and time only, over the busy schedule."""
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=keys("f12"))


@pytest.mark.parametrize("size", SIZES)
def test_sign_in_screen(snap_compare, make_app, size) -> None:
    """A shared desk with PINs: who is at the desk, and nothing of the clinic's data."""
    assert snap_compare(make_app(staff=True), terminal_size=size, run_before=keys())


def test_sign_in_wrong_pin(snap_compare, make_app) -> None:
    """A wrong PIN: one sentence under the PIN box, the box emptied."""
    run = keys("2", *"9999", "enter")
    assert snap_compare(make_app(staff=True), terminal_size=(80, 24), run_before=run)


def test_restore_refused_to_a_receptionist(snap_compare, make_app) -> None:
    """The palette's restore for a receptionist: one sentence, no list."""
    run = keys("ctrl+p", *"restore a backup", "enter")
    app = make_app(staff=True, person="maria")
    assert snap_compare(app, terminal_size=(80, 24), run_before=run)
