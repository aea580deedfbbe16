"""The app shell: construction, header, panes, palette, small windows, midnight."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from textual.widgets import ContentSwitcher

from console.app import FrontDeskApp
from console.desk import Desk
from console.ui import format as fmt
from console.ui.commands import COMMANDS, DeskCommands
from console.ui.widgets.checkin import CheckInPane
from console.ui.widgets.schedule import SchedulePane
from console.ui.widgets.too_small import TooSmall
from tests.app.clinic import clock_at, open_desk
from tests.app.drive import press, screen_text, settle, type_text

SIZE = (100, 30)


def test_constructs_without_arguments(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FRONTDESK_DATA_DIR", str(tmp_path / "store"))
    monkeypatch.setenv("FRONTDESK_NOW", "2026-11-24 10:30")
    app = FrontDeskApp()
    try:
        assert app.desk.store.root == tmp_path / "store"
        assert app.desk.today() == dt.date(2026, 11, 24)
    finally:
        app.desk.close()


async def test_opens_on_today_with_header(app: FrontDeskApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "Iconic Skin Clinic · Tue 24 Nov 2026" in text
        assert "10:30 AM · Open · closes 6:00 PM" in text
        assert app.desk_screen.query_one(SchedulePane).day == dt.date(2026, 11, 24)


async def test_opens_on_start_day(desk: Desk) -> None:
    app = FrontDeskApp(desk=desk, start_day=dt.date(2026, 11, 26))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "Thu 26 Nov 2026" in text
        assert "Closed: Thanksgiving Day" in text


@pytest.mark.parametrize(
    ("when", "expected"),
    [
        (clock_at(10, 30), "Open · closes 6:00 PM"),
        (clock_at(7, 45), "Closed · opens 9:00 AM"),
        (clock_at(18, 5), "Closed · opens Wed 9:00 AM"),
        (clock_at(11, 0, day=26), "Closed · opens Fri 9:00 AM"),  # Thanksgiving
        (clock_at(15, 0, day=28), "Closed · opens Mon 9:00 AM"),  # Saturday after 2 PM
        (clock_at(11, 0, day=29), "Sunday · by appointment only"),
    ],
)
def test_open_now_phrase(store_dir: Path, when, expected: str) -> None:
    desk = open_desk(store_dir, when)
    try:
        assert fmt.open_now(desk) == expected
    finally:
        desk.close()


async def test_pane_keys_switch_panes(app: FrontDeskApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        switcher = app.desk_screen.query_one(ContentSwitcher)
        await press(pilot, "f2")
        assert switcher.current == "checkin"
        await press(pilot, "f3")
        assert switcher.current == "treatments"
        await press(pilot, "f1")
        assert switcher.current == "schedule"
        await press(pilot, "2")
        assert switcher.current == "checkin"
        await press(pilot, "1")
        assert switcher.current == "schedule"


async def test_screenshot_command_is_not_offered(app: FrontDeskApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert "Screenshot" not in titles
        assert "Quit" in titles
        await press(pilot, "ctrl+p")
        await type_text(pilot, "screenshot")
        assert "Save an SVG" not in screen_text(app)


async def test_palette_offers_every_desk_action(app: FrontDeskApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        provider = DeskCommands(app.screen)
        names = [hit.display async for hit in provider.discover()]
        for wanted in (
            "schedule: go to today",
            "schedule: previous day",
            "check-in: new walk-in…",
            "find patient…",
            "treatments: search",
        ):
            assert wanted in names
        assert len(names) >= len(COMMANDS)


async def test_palette_runs_a_command(app: FrontDeskApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "ctrl+p")
        await type_text(pilot, "schedule: next day")
        await press(pilot, "enter")
        assert app.desk_screen.query_one(SchedulePane).day == dt.date(2026, 11, 25)


async def test_too_small_notice_replaces_the_panes(app: FrontDeskApp) -> None:
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot)
        assert app.desk_screen.query_one(TooSmall).display
        text = screen_text(app)
        assert "The window is too small." in text
        assert "Time" not in text
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert not app.desk_screen.query_one(TooSmall).display
        assert "The window is too small." not in screen_text(app)


async def test_today_rolls_over_at_clinic_midnight(app: FrontDeskApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "f2")
        app.desk.clock.set(clock_at(0, 0, day=25).shift(seconds=30))
        app.desk_screen.tick()
        await settle(pilot)
        assert app.desk_screen.query_one(CheckInPane).day == dt.date(2026, 11, 25)
        assert app.desk_screen.query_one(SchedulePane).day == dt.date(2026, 11, 25)
        assert "Today · Wed 25 Nov" in screen_text(app)


async def test_schedule_left_on_another_day_stays_there_at_midnight(app: FrontDeskApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "right", "right")
        app.desk.clock.set(clock_at(0, 1, day=25))
        app.desk_screen.tick()
        await settle(pilot)
        assert app.desk_screen.query_one(SchedulePane).day == dt.date(2026, 11, 26)


async def test_dialogs_and_screens_are_reused(app: FrontDeskApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        lookup = app.get_screen("lookup")
        for _ in range(3):
            await press(pilot, "ctrl+f")
            assert app.screen is lookup
            await press(pilot, "escape")
        assert len(app.screen_stack) == 1
        assert app.get_screen("lookup") is lookup


async def test_check_in_and_treatments_are_made_when_first_shown(app: FrontDeskApp) -> None:
    # The first frame waits for neither pane (nor their modules, styles and content).
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = app.desk_screen
        assert not screen.has_pane("checkin") and not screen.has_pane("treatments")
        await press(pilot, "f2")
        assert screen.current == "checkin" and screen.has_pane("checkin")
        assert "Today · Tue 24 Nov" in screen_text(app)
        await press(pilot, "f3", "f1", "f2")
        assert screen.current == "checkin" and screen.has_pane("treatments")
        assert len(screen.query("CheckInPane")) == 1  # made once, then kept
