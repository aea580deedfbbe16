"""The real console started headless again and again: every start reaches its first idle
frame, and that frame shows the day.

Issue 14 saw starts that never went idle. Each start here is bounded by a generous
timeout: a guard against a hang, not a timing assertion.
"""

from __future__ import annotations

import asyncio
import faulthandler
import json
import subprocess
import sys
from pathlib import Path

import pytest

from console.app import FrontDeskApp
from console.ui import format as fmt
from console.ui.widgets.day_columns import DayColumns
from console.ui.widgets.schedule import SchedulePane
from tests.app.clinic import TODAY, copy_store, open_desk
from tests.app.drive import screen_text

STARTS = 20
#: The list (under 120 columns), the columns (from 120 on) and both edges.
SIZES = ((80, 24), (120, 40), (200, 50), (119, 40), (160, 45))
#: Far longer than any start takes: reaching it means the start hung.
HANG_SECONDS = 60.0


@pytest.fixture
def start_dir(seeded_template: Path, tmp_path: Path) -> Path:
    return copy_store(seeded_template, tmp_path / "store")


async def _start_once(folder: Path, size: tuple[int, int]) -> None:
    desk = open_desk(folder)
    try:
        app = FrontDeskApp(desk=desk)
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            pane = app.desk_screen.query_one(SchedulePane)
            assert pane.day == TODAY
            # The day was read and drawn: the heading names it, in the first frame.
            while pane.shown_day is None:
                await pilot.pause()
            assert pane.shown_day == TODAY
            heading = str(app.desk_screen.query_one("#schedule-day").render())
            assert fmt.day_label(TODAY) in heading and "visits" in heading
            assert fmt.day_label(TODAY) in screen_text(app)
            if size[0] >= 120:
                assert pane.in_columns and app.desk_screen.query_one(DayColumns).grid
            else:
                assert not pane.in_columns and pane.table.row_count
    finally:
        desk.close()


@pytest.mark.long
async def test_every_headless_start_reaches_its_first_idle_frame(start_dir: Path) -> None:
    # A hang that blocks the event loop would stop wait_for too: then the stacks are
    # printed and the process ends, rather than the suite waiting for ever.
    faulthandler.dump_traceback_later(STARTS * HANG_SECONDS, exit=True, file=sys.stderr)
    try:
        for n in range(STARTS):
            size = SIZES[n % len(SIZES)]
            try:
                await asyncio.wait_for(_start_once(start_dir, size), HANG_SECONDS)
            except TimeoutError:
                pytest.fail(f"start {n + 1} at {size[0]}x{size[1]} never reached its first frame")
    finally:
        faulthandler.cancel_dump_traceback_later()


#: Modules only a screen, dialog or pane not on the first frame needs.
NOT_AT_START = (
    "console.ui.screens.calls",
    "console.ui.screens.day_close",
    "console.ui.screens.patient",
    "console.ui.screens.setup",
    "console.ui.screens.waitlist",
    "console.ui.screens.week",
    "console.ui.dialogs.booking",
    "console.ui.dialogs.export",
    "console.ui.dialogs.lookup",
    "console.ui.dialogs.restore",
    "console.ui.dialogs.series_plan",
    "console.clinic.answers",
    "icalendar",
)


def _run_python(*args: str) -> str:
    done = subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_importing_the_console_leaves_the_other_screens_for_later() -> None:
    code = "import sys, console.app; print(' '.join(sorted(sys.modules)))"
    loaded = set(_run_python("-c", code).split())
    assert "console.ui.screens.desk" in loaded
    assert [name for name in NOT_AT_START if name in loaded] == []


def test_startup_probe_times_both_apps_in_real_processes(start_dir: Path) -> None:
    for args in (("--minimal",), ("--data-dir", str(start_dir))):
        answer = json.loads(_run_python("-m", "console.tools.startup_probe", *args))
        assert set(answer) == {"seconds"} and answer["seconds"] > 0
