"""A bad document in the day's file: the console still opens the day and names it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from console.app import FrontDeskApp
from console.desk import Desk
from console.ui.day_read import DayRead, read_day
from tests.app.clinic import ROSA, open_desk
from tests.app.drive import screen_text, settle
from tests.app.test_terminal_safe import plant

SIZE = (120, 40)


@pytest.fixture
def broken(store_dir: Path) -> Iterator[tuple[Desk, str]]:
    probe = open_desk(store_dir)
    today = probe.schedule(probe.today()).visits
    bad = next(v.appointment.id for v in today if v.patient.id != ROSA.id)
    probe.close()
    plant(store_dir, bad, minutes="thirty", status="teleported")
    desk = open_desk(store_dir)
    yield desk, bad
    desk.close()


async def test_the_day_opens_with_the_other_visits_and_the_bad_one_named(
    broken: tuple[Desk, str],
) -> None:
    desk, bad = broken
    app = FrontDeskApp(desk=desk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        pane = app.desk_screen.pane("schedule")
        assert ROSA.first in screen_text(app)
        assert bad not in {v.appointment.id for v in pane._schedule.visits}
        status = pane.status.message
        assert "appointments/2026-11.json" in status and bad in status, status


def test_the_first_frame_leaves_the_months_check_to_the_next_read(
    broken: tuple[Desk, str],
) -> None:
    # The first frame does not wait for every document of the month to be checked;
    # the read after the start-up worker (what the test above sees) names the bad one.
    desk, bad = broken
    first = read_day(desk, desk.today(), first_frame=True)
    later = read_day(desk, desk.today())
    assert isinstance(first, DayRead) and isinstance(later, DayRead)
    assert first.invalid == [] and any(bad in sentence for sentence in later.invalid)
    assert bad not in {v.appointment.id for v in first.schedule.visits}
