"""The series plan after booking a first Sculptra session (checked in the store)."""

from __future__ import annotations

import datetime as dt

from textual.widgets import DataTable, Input, Select

from console.app import FrontDeskApp
from console.desk import Desk
from console.ui.dialogs import SeriesPlanDialog
from tests.app.clinic import ROSA
from tests.app.drive import press, screen_text, settle, type_text

SIZE = (110, 34)


def sculptra(desk: Desk) -> list:
    return sorted(
        (a for a in desk.history(ROSA.id) if a.type == "sculptra" and a.holds_slot),
        key=lambda a: a.start,
    )


async def book_first_sculptra(pilot, app: FrontDeskApp) -> SeriesPlanDialog:
    await settle(pilot)
    await press(pilot, "right")  # Wednesday 25 Nov
    await press(pilot, "b")
    await type_text(pilot, "rosalind")
    await press(pilot, "enter")
    assert "Book a visit" in screen_text(app)
    app.screen.query_one("#booking-type", Select).value = "sculptra"
    box = app.screen.query_one("#booking-time", Input)
    box.focus()
    box.value = "2:00 PM"
    await settle(pilot)
    await press(pilot, "ctrl+s")
    assert isinstance(app.screen, SeriesPlanDialog)
    await settle(pilot)
    assert len(app.screen.choices) == 2
    return app.screen


async def test_booking_shows_consultation_details(app: FrontDeskApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "b")
        await type_text(pilot, "rosalind")
        await press(pilot, "enter")
        assert "Conditions High blood pressure" in screen_text(app)
        assert "-recorded" in app.screen.query_one("#booking-health").classes


async def test_plan_books_two_later_sessions_tagged(app: FrontDeskApp, fresh: Desk) -> None:
    async with app.run_test(size=SIZE) as pilot:
        dialog = await book_first_sculptra(pilot, app)
        text = screen_text(app)
        assert "2 of 3" in text and "3 of 3" in text
        planned = [c.session for c in dialog.choices]
        await press(pilot, "ctrl+s")
        assert app.screen is app.desk_screen
        assert "Series: sessions 2 and 3 booked" in screen_text(app)
    booked = sculptra(fresh)
    assert len(booked) == 3
    first = booked[0]
    assert first.start_at(fresh.tz).date() == dt.date(2026, 11, 25)
    assert first.extra["series"] == {"id": first.id, "number": 1, "of": 3}
    for appt, session in zip(booked[1:], planned, strict=True):
        assert appt.extra["series"] == {"id": first.id, "number": session.number, "of": 3}
        assert session.slot is not None
        assert appt.start_at(fresh.tz) == session.slot.start


async def test_moved_outside_window_is_flagged_and_booked(app: FrontDeskApp, fresh: Desk) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await book_first_sculptra(pilot, app)
        app.screen.query_one(DataTable).move_cursor(row=0)
        await press(pilot, "m")
        box = app.screen.query_one("#series-when", Input)
        box.value = "2027-02-16 10:00"
        await settle(pilot)
        await press(pilot, "enter")
        text = screen_text(app)
        assert "⚑ outside" in text
        assert "Session 2 (23 Dec–6 Jan) moved outside its window" in text
        assert "out of order" in text  # 16 Feb is after session 3's proposed 20 Jan
        await press(pilot, "ctrl+s")
        assert app.screen is app.desk_screen
    booked = sculptra(fresh)
    assert len(booked) == 3
    second = next(a for a in booked if a.extra["series"]["number"] == 2)
    assert second.start_at(fresh.tz).format("YYYY-MM-DD HH:mm") == "2027-02-16 10:00"


async def test_moved_session_takes_a_us_date(app: FrontDeskApp, fresh: Desk) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await book_first_sculptra(pilot, app)
        app.screen.query_one(DataTable).move_cursor(row=0)
        await press(pilot, "m")
        box = app.screen.query_one("#series-when", Input)
        assert app.screen.focused is box and box.value  # the proposed time, not selected
        assert box.selected_text == "" and box.cursor_position == len(box.value)
        box.value = "12/30 2:15 PM"  # M/D as receptionists type it, the nearest 30 Dec
        await settle(pilot)
        await press(pilot, "enter")
        assert "not a date" not in screen_text(app)
        await press(pilot, "ctrl+s")
        assert app.screen is app.desk_screen
    second = next(a for a in sculptra(fresh) if a.extra["series"]["number"] == 2)
    assert second.start_at(fresh.tz).format("YYYY-MM-DD HH:mm") == "2026-12-30 14:15"


async def test_dropping_one_books_only_the_other(app: FrontDeskApp, fresh: Desk) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await book_first_sculptra(pilot, app)
        app.screen.query_one(DataTable).move_cursor(row=1)
        await press(pilot, "x")
        assert "drop" in screen_text(app)
        await press(pilot, "ctrl+s")
        assert app.screen is app.desk_screen
    booked = sculptra(fresh)
    assert [a.extra["series"]["number"] for a in booked] == [1, 2]


async def test_closing_the_plan_keeps_only_the_first(app: FrontDeskApp, fresh: Desk) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await book_first_sculptra(pilot, app)
        await press(pilot, "escape")
        assert (
            "Series: later sessions not booked."
            in app.desk_screen.query_one("#schedule-status").message
        )
    assert len(sculptra(fresh)) == 1


async def test_sundays_checkbox_replans(app: FrontDeskApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        dialog = await book_first_sculptra(pilot, app)
        await pilot.click("#series-sundays")
        await settle(pilot)
        assert dialog.query_one("#series-sundays").value is True
        assert len(dialog.choices) == 2
