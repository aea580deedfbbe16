"""Two consoles and the command line on one store: changes show without a key press."""

import json
from pathlib import Path

import pytest

from tests.system.desk import FRONTDESK, cli, console_env
from tests.system.tmux import Terminal

pytestmark = pytest.mark.system


def console(store: Path, size: tuple[int, int]) -> Terminal:
    return Terminal([FRONTDESK], console_env(store), size=size)


def test_a_change_at_one_desk_shows_at_the_others(tmp_path):
    store = tmp_path / "store"
    people = {}
    for first, phone, start in (
        ("Ana", "714-555-0142", "11:00"),
        ("Ben", "714-555-0143", "12:00"),
    ):
        pid = cli(store, "patient", "add", "--first", first, "--last", "Lee", "--phone", phone)
        people[first] = pid.strip()
        cli(
            store,
            "book",
            "--patient",
            people[first],
            "--start",
            f"2026-11-24 {start}",
            "--type",
            "follow_up",
        )
    front, back = console(store, (100, 30)), console(store, (80, 24))
    try:
        for term in (front, back):
            term.wait_for("Ben Lee")
            term.keys("F2")
            term.wait_for("Walk-in")
        back.keys("Down")  # the back office looks at Ben's visit
        back.wait_for("Ben Lee  (714) 555-0143")

        front.keys("a")  # the front desk checks Ana in (asked first: Enter confirms)
        front.wait_for("Are you sure?")
        front.keys("Enter")
        front.wait_for("Ana Lee: arrived")
        screen = back.wait_for("1 waiting", timeout=10)  # no key pressed at the back
        assert "Ben Lee  (714) 555-0143" in screen, "the back office kept its selection"

        visits = json.loads(cli(store, "day", "--json"))["appointments"]
        ben = next(v["id"] for v in visits if v["patient_id"] == people["Ben"])
        cli(store, "checkin", ben)  # and the command line checks Ben in
        front.wait_for("2 waiting", timeout=10)
        back.wait_for("2 waiting", timeout=10)
    finally:
        front.close()
        back.close()
