"""The console in a real terminal (tmux), driven by keys like a receptionist would."""

import json
import time

import pytest

from tests.system.desk import FRONTDESK, cli, console_env, one_visit_store
from tests.system.tmux import Terminal

pytestmark = pytest.mark.system


@pytest.fixture
def store(tmp_path):
    return one_visit_store(tmp_path / "store", "Ana [VIP]", "O'Brien", "714-555-0142")


@pytest.fixture
def terminal(store):
    # The host's zone (Tokyo) must not change what the clinic's console shows.
    term = Terminal([FRONTDESK], console_env(store), size=(100, 30))
    yield term
    term.close()


def test_opening_the_console_takes_the_days_backup(store, terminal):
    terminal.wait_for("Iconic Skin Clinic")
    taken = [p.name for p in (store / "backups").iterdir()]  # the commands above took none
    assert len(taken) == 1 and taken[0].startswith("2026-11-24T1050"), taken
    assert cli(store, "backup", "--list").split() == [taken[0].removesuffix(".tar.gz")]


def test_console_shows_the_clinic_day_and_checks_in(store, terminal):
    screen = terminal.wait_for("closes 6:00 PM")  # clinic time (10:50 LA), not Tokyo's
    assert "Iconic Skin Clinic" in screen, screen
    screen = terminal.wait_for("O'Brien")
    assert "Ana [VIP] O'Brien" in screen, screen  # brackets shown literally

    terminal.keys("F2")
    terminal.wait_for("Walk-in")
    terminal.keys("a")
    terminal.wait_for("Are you sure?")  # a status change asks first: Enter confirms
    terminal.keys("Enter")
    # A Sculptra visit asks the pre-treatment questions before checking in.
    terminal.wait_for("Before the treatment")
    terminal.keys("n", "n", "n", "C-s")
    deadline = time.monotonic() + 15
    status = None
    while time.monotonic() < deadline:
        rows = json.loads(cli(store, "day", "2026-11-24", "--json"))["appointments"]
        status = rows[0]["status"]
        if status == "arrived":
            break
        time.sleep(0.05)
    assert status == "arrived"


def test_quit_leaves_the_store_readable(store, terminal):
    terminal.wait_for("Iconic Skin Clinic")
    terminal.keys("C-q")
    deadline = time.monotonic() + 10
    while terminal.alive() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not terminal.alive()
    assert "all" in cli(store, "check")
