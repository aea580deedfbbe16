"""The schedule pane: days, office hours, and the visit actions (checked in the store)."""

from __future__ import annotations

import datetime as dt

from textual.widgets import Input

from console.app import FrontDeskApp
from console.clinic import status as st
from console.desk import Desk, Visit
from console.ui.dialogs import LookupDialog
from console.ui.widgets.schedule import NOW_KEY, SchedulePane
from tests.app.clinic import BOB, EVIL, ROSA
from tests.app.drive import press, screen_text, settle, shown, type_text

SIZE = (100, 30)
TODAY = dt.date(2026, 11, 24)


def visit_of(desk: Desk, day: dt.date, name: str) -> Visit:
    return next(v for v in desk.schedule(day).visits if v.patient.name == name)


def pane(app: FrontDeskApp) -> SchedulePane:
    return app.desk_screen.query_one(SchedulePane)


async def test_busy_day_shows_hours_visits_and_now(app: FrontDeskApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "Open 9:00 AM–6:00 PM" in text
        assert "◀ now" in text
        assert "Diego Ramírez" in text
        assert pane(app).table.selected_key == NOW_KEY


async def test_bracketed_names_are_shown_literally(app: FrontDeskApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        aid = visit_of(app.desk, TODAY, EVIL.name).appointment.id
        pane(app).table.select_key(aid)
        await settle(pilot)
        text = screen_text(app)
        assert "[red]Evil[/red] O'Brien" in text
        await press(pilot, "enter")
        text = screen_text(app)
        assert "[red]Evil[/red] O'Brien" in text
        assert "Lidocaine [severe]" in text
        assert "[b]none[/b]" in text


async def test_outside_hours_visit_stands_out(app: FrontDeskApp) -> None:
    async with app.run_test(size=(119, 40)) as pilot:  # the list, with its Note column
        await settle(pilot)
        text = screen_text(app)
        assert "!6:00 PM" in text
        assert "outside hours" in text
        assert BOB.first in text
        await pilot.resize_terminal(120, 40)  # the columns: the block says it too
        await settle(pilot)
        pane(app).columns.select_key(visit_of(app.desk, TODAY, BOB.name).appointment.id)
        await settle(pilot)
        assert "!6:00 PM Robert [Bob]" in screen_text(app)
        assert "outside office hours" in shown(app, "#schedule-detail")


async def test_day_keys(app: FrontDeskApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "right")
        assert pane(app).day == dt.date(2026, 11, 25)
        assert "Wed 25 Nov 2026" in screen_text(app)
        await press(pilot, "left", "left")
        assert pane(app).day == dt.date(2026, 11, 23)
        await press(pilot, "t")
        assert pane(app).day == TODAY


async def test_sunday_is_by_appointment_and_shows_only_bookings(app: FrontDeskApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        pane(app).show_day(dt.date(2026, 11, 29))
        await settle(pilot)
        text = screen_text(app)
        assert "Sunday · by appointment only" in text
        assert "Robert [Bob]" in text and "[red]Evil[/red]" in text
        assert "free" not in text  # no office-hour grid on Sundays
        assert pane(app).table.row_count == 2


async def test_closed_day_says_why(app: FrontDeskApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "right", "right")
        assert "Closed: Thanksgiving Day" in screen_text(app)
        assert "←→ Day t Today" in screen_text(app)  # the day keys still work with no rows
        await press(pilot, "right")
        assert pane(app).day == dt.date(2026, 11, 27)


async def test_go_to_date_explains_a_bad_date(app: FrontDeskApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "g", "ctrl+a", "ctrl+k")
        await type_text(pilot, "2026-13-45")
        await press(pilot, "enter")
        assert shown(app, "#error-date") == (
            "'2026-13-45' is not a date; use YYYY-MM-DD, M/D/YYYY, M/D, today, tomorrow, "
            "yesterday or a weekday name."
        )
        assert pane(app).day == TODAY
        await press(pilot, "ctrl+a", "ctrl+k")
        await type_text(pilot, "2026-11-29")
        await press(pilot, "enter")
        assert pane(app).day == dt.date(2026, 11, 29)


async def test_check_in_key_saves_arrival(app: FrontDeskApp, fresh: Desk) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        aid = visit_of(app.desk, TODAY, "Diego Ramírez").appointment.id
        pane(app).table.select_key(aid)
        await press(pilot, "a")
        assert fresh.appointment(aid).status == st.CONFIRMED  # asked, not yet done
        await press(pilot, "enter")
        assert "Checked in Diego Ramírez." in screen_text(app)
    assert fresh.appointment(aid).status == st.ARRIVED


async def test_check_in_on_another_day_is_refused(app: FrontDeskApp, fresh: Desk) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        pane(app).show_day(dt.date(2026, 11, 29))
        await settle(pilot)
        aid = visit_of(app.desk, dt.date(2026, 11, 29), BOB.name).appointment.id
        pane(app).table.select_key(aid)
        await press(pilot, "a")
        assert app.screen is app.desk_screen  # refused before anything is asked
        said = pane(app).status.message
        assert said.endswith(
            "visit is on Sun Nov 29, not today: it can only be checked in on its day."
        )
    assert fresh.appointment(aid).status == st.BOOKED


async def test_enter_opens_the_patient(app: FrontDeskApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        pane(app).table.select_key(visit_of(app.desk, TODAY, ROSA.name).appointment.id)
        await press(pilot, "enter")
        assert app.screen is app.patient_screen
        assert app.patient_screen.patient_id == ROSA.id
        assert "Rosalind Nguyễn" in screen_text(app)
        await press(pilot, "escape")
        assert app.screen is app.desk_screen


async def test_alert_shows_in_the_schedule_row_and_detail(app: FrontDeskApp) -> None:
    app.desk.set_alert(EVIL.id, "Allergic to lidocaine")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        pane(app).table.select_key(visit_of(app.desk, TODAY, EVIL.name).appointment.id)
        await settle(pilot)
        assert "⚠ [red]Evil[/red] O'Brien" in screen_text(app)
        assert "⚠ Allergic to lidocaine" in shown(app, "#schedule-detail")


async def test_a_name_typed_into_the_schedule_is_a_search(app: FrontDeskApp, fresh: Desk) -> None:
    aid = visit_of(fresh, TODAY, "Aisha Rahman").appointment.id
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        pane(app).table.select_key(aid)
        await settle(pilot)
        await type_text(pilot, "xavier")  # x asks (cancel?), a says no: a search for "xa"…
        assert isinstance(app.screen, LookupDialog)
        assert app.screen.query_one(Input).value == "xavier"
    assert fresh.appointment(aid).status == st.CONFIRMED


async def test_keys_work_again_after_the_window_was_too_small(app: FrontDeskApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.resize_terminal(70, 30)
        await settle(pilot)
        await pilot.resize_terminal(*SIZE)
        await settle(pilot)
        await press(pilot, "right")
        assert pane(app).day == TODAY + dt.timedelta(days=1)
