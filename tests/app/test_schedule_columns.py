"""The schedule in columns (from 120 wide) and the week view, checked in the store.

Tue 24 Nov 2026 10:30 is the seeded busy day (tests/app/clinic.py). The layout tests
at the top need no app: they lay the seeded day out with a setup that has a break,
time off and a day off.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import orjson

from console.app import FrontDeskApp
from console.clinic import status as st
from console.clinic.config import ClinicConfig
from console.desk import Desk, Visit
from console.locations import shipped_dir
from console.ui.day_layout import BREAK, BY_PROVIDER, BY_ROOM, CLOSED, OFF, TIME_OFF, lay_out
from console.ui.day_view import day_grid
from console.ui.dialogs import BookingDialog, LookupDialog
from console.ui.screens.week import WeekScreen
from console.ui.week_summary import FREE, bar, day_cells
from console.ui.widgets.schedule import SchedulePane
from tests.app.clinic import BOB, EVIL, ROSA
from tests.app.drive import press, screen_text, settle, type_text

TODAY = dt.date(2026, 11, 24)
WIDE, WIDER, NARROW = (120, 40), (160, 45), (100, 30)
A, B = "Provider A", "Provider B"


def visit_of(desk: Desk, day: dt.date, name: str) -> Visit:
    return next(v for v in desk.schedule(day).visits if v.patient.name == name)


def pane(app: FrontDeskApp) -> SchedulePane:
    return app.desk_screen.query_one(SchedulePane)


def setup_with_absences() -> ClinicConfig:
    """The shipped setup, with A's lunch break, B off on Wednesdays and away on the 24th."""
    raw = orjson.loads((shipped_dir() / "clinic.json").read_bytes())
    for provider in raw["providers"]:
        if provider["name"] == A:
            provider["breaks"] = {"tue": ["12:30-13:00"]}
        else:
            provider["hours"]["wed"] = None
    raw["time_off"] = [
        {
            "id": "T-000001",
            "provider": B,
            "from": "2026-11-24 14:00",
            "to": "2026-11-24 18:00",
            "reason": "Conference",
        }
    ]
    return ClinicConfig.from_dict(raw)


def minute(hhmm: str) -> int:
    hour, mins = hhmm.split(":")
    return int(hour) * 60 + int(mins)


# -- the layout, without the app ---------------------------------------------------------


def test_visits_are_blocks_as_long_as_they_last(desk: Desk) -> None:
    grid = day_grid(desk.config, desk.schedule(TODAY))
    assert grid is not None
    assert [c.name for c in grid.columns] == [A, B]
    assert grid.clock(0) == "09:00" and grid.slot == 15
    a = {p.visit.patient.name: p for p in grid.columns[0].placed}
    assert a["Thanh Lê"].rows == 4  # Sculptra: an hour, four quarter hours
    assert a["Rosalind Nguyễn"].rows == 1  # a 15-minute follow-up
    assert a["Aisha Rahman"].rows == 3  # skin care: 45 minutes
    # Bob's 6:00 PM visit outside the hours: the grid grows to hold it.
    assert a[BOB.name].row == grid.row_of(minute("18:00")) == grid.rows - 1
    assert grid.columns[0].shade_at(minute("18:00")).kind == CLOSED


def test_a_cancelled_visit_and_the_one_in_its_time_share_the_column(desk: Desk) -> None:
    schedule = desk.schedule(TODAY)
    evil = next(v for v in schedule.visits if v.patient.id == EVIL.id)
    grace = visit_of(desk, TODAY, "Grace Villanueva")  # cancelled, 10:00
    moved = replace(grace, appointment=replace(grace.appointment, start=evil.appointment.start))
    moved = replace(moved, start=evil.start, end=evil.end)
    grid = lay_out(TODAY, [moved, evil], [(B, [])], by=BY_PROVIDER, hours=(540, 1080), slot=15)
    assert grid is not None
    placed = {p.visit.patient.id: p for p in grid.columns[0].placed}
    assert moved.appointment.status == st.CANCELLED
    assert (placed[EVIL.id].lanes, placed[grace.patient.id].lanes) == (2, 2)
    assert placed[EVIL.id].lane == 0  # the visit holding its time keeps the left
    assert [s.key for s in grid.columns[0].stops if s.key] == [
        evil.appointment.id,
        grace.appointment.id,
    ]


def test_free_time_and_stops(desk: Desk) -> None:
    grid = day_grid(desk.config, desk.schedule(TODAY))
    assert grid is not None
    a = grid.columns[0]
    # Nothing on A at 10:30 (Thanh Lê ends 10:30, Rosalind at 10:45).
    row = grid.row_of(minute("10:30"))
    assert grid.is_free(a, row) and grid.free_until(0, row) == row + 1
    keys = [s.key for s in a.stops]
    assert keys.count("") > 0  # free rows are stops too (book there)
    starts = [s.row for s in a.stops]
    assert starts == sorted(starts)


def test_breaks_time_off_and_days_off_are_shaded(desk: Desk) -> None:
    config = setup_with_absences()
    grid = day_grid(config, desk.schedule(TODAY))
    assert grid is not None
    a, b = grid.columns
    assert a.shade_at(minute("12:30")).kind == BREAK
    assert a.shade_at(minute("13:00")) is None
    away = b.shade_at(minute("15:00"))
    assert away.kind == TIME_OFF and away.label == "Conference"
    assert not grid.is_free(b, grid.row_of(minute("16:00")))
    wednesday = day_grid(config, desk.schedule(TODAY + dt.timedelta(days=1)))
    assert wednesday is not None
    assert wednesday.columns[1].shade_at(minute("10:00")).kind == OFF
    by_room = day_grid(config, desk.schedule(TODAY), BY_ROOM)
    assert by_room is not None
    assert [c.name for c in by_room.columns] == ["Room 1", "Room 2", "Room 3"]


def test_week_cells_count_booked_and_free_time(desk: Desk) -> None:
    config = setup_with_absences()
    schedule = desk.schedule(TODAY)
    a, b = day_cells(TODAY, day_grid(config, schedule), [A, B])
    assert a.visits == 10 and b.visits == 6  # cancelled and no-show visits hold no time
    assert b.note == "Conference"
    # A is free 10:30-10:45, 1:15-2:00, 3:00-3:30, 4:00-4:30 and 5:15-6:00 (12:45-1:00
    # is the rest of the lunch break); booked includes Bob's 6:00 PM overtime.
    assert (a.free, a.booked) == (165, 375)
    assert bar(a, minute("09:00"), minute("18:00"), 9)[1] != FREE  # 10:00 is booked
    closed = day_cells(dt.date(2026, 11, 26), None, [A, B], "Thanksgiving Day")
    assert [c.note for c in closed] == ["Thanksgiving Day"] * 2


# -- the app ---------------------------------------------------------------------------


async def test_the_width_chooses_list_or_columns_keeping_the_visit(app: FrontDeskApp) -> None:
    rosa = visit_of(app.desk, TODAY, ROSA.name).appointment.id
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        schedule = pane(app)
        assert schedule.in_columns and schedule.columns.display
        assert not schedule.table.display
        text = screen_text(app)
        assert "│Provider A · 10 visits" in text and "│Provider B" in text
        assert "free 15 min" in text
        assert "Jordan Park" in text
        schedule.columns.select_key(rosa)
        await settle(pilot)
        assert "Rosalind Nguyễn" in str(app.screen.query_one("#schedule-detail").render())
        await pilot.resize_terminal(*NARROW)
        await settle(pilot)
        assert not schedule.in_columns and schedule.table.display
        assert schedule.table.selected_key == rosa
        assert "│Provider A" not in screen_text(app)
        await press(pilot, "down")
        moved_to = schedule.table.selected_key
        await pilot.resize_terminal(*WIDER)
        await settle(pilot)
        assert schedule.in_columns
        assert schedule.selected_key == moved_to


async def test_check_in_from_the_columns(app: FrontDeskApp, fresh: Desk) -> None:
    aid = visit_of(app.desk, TODAY, "Diego Ramírez").appointment.id
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        assert pane(app).columns.select_key(aid)
        await press(pilot, "a")
        assert fresh.appointment(aid).status == st.CONFIRMED  # asked, not yet done
        await press(pilot, "enter")
        assert "Checked in Diego Ramírez." in screen_text(app)
    assert fresh.appointment(aid).status == st.ARRIVED


async def test_cancel_and_undo_from_the_columns(app: FrontDeskApp, fresh: Desk) -> None:
    aid = visit_of(app.desk, TODAY, "Aisha Rahman").appointment.id
    async with app.run_test(size=WIDER) as pilot:
        await settle(pilot)
        pane(app).columns.select_key(aid)
        await press(pilot, "x", "enter")
        assert fresh.appointment(aid).status == st.CANCELLED
        assert pane(app).columns.selected_key == aid  # the block stays, struck through
        await press(pilot, "u")
    assert fresh.appointment(aid).status == st.CONFIRMED


async def test_keys_move_between_visits_free_rows_and_columns(app: FrontDeskApp) -> None:
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        columns = pane(app).columns
        assert columns.column_name == A and columns.selected_time == "10:30"  # now
        assert columns.selected_key is None  # free: A is between visits
        await press(pilot, "down")
        assert columns.selected_key == visit_of(app.desk, TODAY, ROSA.name).appointment.id
        await press(pilot, "shift+right")
        assert columns.column_name == B
        diego = visit_of(app.desk, TODAY, "Diego Ramírez").appointment.id
        assert columns.selected_key == diego  # 10:30–11:00 holds 10:45
        await press(pilot, "enter")
        assert app.screen is app.patient_screen
        await press(pilot, "escape", "home")
        assert columns.selected_time == "09:00"
        # A click puts the cursor on the block clicked (Jordan Park, A, 11:00-12:00).
        grid = columns.grid
        assert grid is not None
        row = grid.row_of(minute("11:30")) - int(columns.scroll_y)
        await pilot.click("#schedule-columns", offset=(20, 1 + row))
        await settle(pilot)
        assert columns.column_name == A
        assert columns.selected_key == visit_of(app.desk, TODAY, "Jordan Park").appointment.id


async def test_book_from_a_free_row_asks_for_that_provider(app: FrontDeskApp) -> None:
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        columns = pane(app).columns
        await press(pilot, "shift+right")
        while columns.selected_key or columns.selected_time < "13:30":
            await press(pilot, "down")
        assert columns.column_name == B and columns.selected_time == "13:30"
        await press(pilot, "b")
        await type_text(pilot, "rosalind")
        await press(pilot, "enter")
        dialog = app.screen
        assert isinstance(dialog, BookingDialog)
        assert dialog.query_one("#booking-provider").value == B
        assert dialog.query_one("#booking-time").value in ("13:30", "1:30 PM")


async def test_rooms_toggle(app: FrontDeskApp) -> None:
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        assert "v Rooms" in screen_text(app)
        await press(pilot, "v")
        text = screen_text(app)
        assert "│Room 1" in text and "│Room 3 · 0 visits" in text
        assert "v Providers" in text
        await press(pilot, "v")
        assert "│Provider A" in screen_text(app)
        await pilot.resize_terminal(*NARROW)
        await settle(pilot)
        await press(pilot, "v")  # no columns: v is no key, a name is being typed
        assert isinstance(app.screen, LookupDialog)


async def test_week_view_enter_opens_the_day(app: FrontDeskApp, tmp_path: Path) -> None:
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await press(pilot, "w")
        week = app.screen
        assert isinstance(week, WeekScreen)
        text = screen_text(app)
        assert "Week of Mon 23 Nov – Sun 29 Nov" in text
        assert "Tue 24 ·today" in text and "Thu 26" in text
        assert "Thanksgiving…" in text  # the closed day says why (cut to the cell)
        await press(pilot, "right", "down", "enter")  # Wed 25, Provider B
        assert app.screen is app.desk_screen
        assert pane(app).day == TODAY + dt.timedelta(days=1)
        assert pane(app).columns.column_name == B
        await press(pilot, "ctrl+p")
        await type_text(pilot, "week view")
        await press(pilot, "enter")
        assert isinstance(app.screen, WeekScreen)
        await press(pilot, "right_square_bracket")
        assert "Week of Mon 30 Nov" in screen_text(app)
        await press(pilot, "escape")
        assert app.screen is app.desk_screen
        assert pane(app).day == TODAY + dt.timedelta(days=1)


async def test_week_view_at_80_columns(app: FrontDeskApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "w Week" not in screen_text(app)  # no room in the footer; the key works
        await press(pilot, "w")
        assert isinstance(app.screen, WeekScreen)
        text = screen_text(app)
        assert "Provider A" in text and "Provider B" in text
        assert "10 vis" in text and "5h45" in text
        await press(pilot, "enter")
        assert pane(app).day == TODAY
        assert pane(app).table.display  # the list, at 80 columns


async def test_week_view_follows_another_desks_change(app: FrontDeskApp, fresh: Desk) -> None:
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await press(pilot, "w")
        week = app.screen
        assert isinstance(week, WeekScreen)
        before = {(c.day, c.provider): c.visits for c in week.cells}
        fresh.cancel(visit_of(fresh, TODAY, "Diego Ramírez").appointment.id)
        assert app.live.poll()
        await settle(pilot)
        after = {(c.day, c.provider): c.visits for c in week.cells}
        assert after[(TODAY, B)] == before[(TODAY, B)] - 1
        assert week.table.cursor_coordinate.column == 1  # still on Tue 24
