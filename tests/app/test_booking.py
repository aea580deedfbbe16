"""Booking, rescheduling and cancelling through the dialog (checked in the store)."""

from __future__ import annotations

import datetime as dt

from textual.widgets import Input, OptionList, Select

from console.app import FrontDeskApp
from console.clinic import status as st
from console.desk import Desk
from console.ui.dialogs import BookingDialog
from console.ui.widgets.schedule import SchedulePane
from tests.app.clinic import EVIL, ROSA
from tests.app.drive import press, screen_text, settle, shown, type_text

SIZE = (100, 30)
WED = dt.date(2026, 11, 25)


def pane(app: FrontDeskApp) -> SchedulePane:
    return app.desk_screen.query_one(SchedulePane)


def dialog(app: FrontDeskApp) -> BookingDialog:
    assert isinstance(app.screen, BookingDialog)
    return app.screen


async def set_input(pilot, app: FrontDeskApp, selector: str, text: str) -> None:
    box = app.screen.query_one(selector, Input)
    box.focus()
    box.value = ""
    await settle(pilot)
    await type_text(pilot, text)


async def start_booking(pilot, app: FrontDeskApp, who: str) -> None:
    await settle(pilot)
    await press(pilot, "right")  # Wednesday 25 Nov
    await press(pilot, "b")
    await type_text(pilot, who)
    await press(pilot, "enter")
    assert "Book a visit" in screen_text(app)


async def test_book_a_free_time(app: FrontDeskApp, fresh: Desk) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await start_booking(pilot, app, "rosalind")
        slots = app.screen.query_one("#booking-slots", OptionList)
        assert slots.option_count > 0
        first = dialog(app)._slots[0]
        await press(pilot, "down", "enter")  # from the time box to the free times: take the first
        await press(pilot, "ctrl+s")
        assert app.screen is app.desk_screen
        assert "Booked Rosalind Nguyễn" in screen_text(app)
    booked = [a for a in fresh.history(ROSA.id) if a.day(fresh.tz) == WED]
    assert len(booked) == 1
    assert booked[0].start_at(fresh.tz) == first.start
    assert booked[0].provider == first.provider and booked[0].room == first.room


async def test_booking_errors_are_shown_by_the_field(app: FrontDeskApp, fresh: Desk) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await start_booking(pilot, app, "rosalind")
        await set_input(pilot, app, "#booking-time", "7:00")
        await press(pilot, "ctrl+s")
        error = app.screen.query_one("#error-time")
        assert "-shown" in error.classes
        assert shown(app, "#error-time") == "7:00 AM is before office hours start (9:00 AM)."
        await set_input(pilot, app, "#booking-date", "2026-11-26")
        await set_input(pilot, app, "#booking-time", "10:00")
        await press(pilot, "ctrl+s")
        assert shown(app, "#error-time") == "The clinic is closed on Thu 26 Nov (Thanksgiving Day)."
        await set_input(pilot, app, "#booking-time", "half past")
        await press(pilot, "ctrl+s")
        assert shown(app, "#error-time").startswith("'half past' is not a time")
        await press(pilot, "escape")
    assert [a for a in fresh.history(ROSA.id) if a.day(fresh.tz) != dt.date(2026, 11, 24)] == []


async def test_book_typed_time_after_hours_is_refused(app: FrontDeskApp, fresh: Desk) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await start_booking(pilot, app, "rosalind")
        await set_input(pilot, app, "#booking-time", "5:45 PM")
        await press(pilot, "ctrl+s")
        assert "after office hours end (6:00 PM)" in shown(app, "#error-time")
        await set_input(pilot, app, "#booking-time", "5:30 PM")
        await press(pilot, "ctrl+s")
        assert app.screen is app.desk_screen
    assert len([a for a in fresh.history(ROSA.id) if a.day(fresh.tz) == WED]) == 1


async def test_reschedule(app: FrontDeskApp, fresh: Desk) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        visit = next(
            v for v in app.desk.schedule(dt.date(2026, 11, 29)).visits if v.patient.id == EVIL.id
        )
        pane(app).show_day(dt.date(2026, 11, 29), select=visit.appointment.id)
        await settle(pilot)
        await press(pilot, "r")
        assert "Move a visit" in screen_text(app)
        await set_input(pilot, app, "#booking-date", "2026-12-01")
        await set_input(pilot, app, "#booking-time", "2:00 PM")
        await press(pilot, "ctrl+s")
        assert app.screen is app.desk_screen
        assert pane(app).day == dt.date(2026, 12, 1)
    moved = fresh.appointment(visit.appointment.id)
    assert moved.start_at(fresh.tz).format("YYYY-MM-DD HH:mm") == "2026-12-01 14:00"
    assert moved.status == st.BOOKED


async def test_cancel_from_schedule(app: FrontDeskApp, fresh: Desk) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        visit = next(
            v
            for v in app.desk.schedule(dt.date(2026, 11, 24)).visits
            if v.patient.name == "Aisha Rahman"
        )
        pane(app).table.select_key(visit.appointment.id)
        await press(pilot, "x")
        assert "Cancel Aisha Rahman's 12:00 PM" in screen_text(app)
        await press(pilot, "escape")  # keep it
        assert fresh.appointment(visit.appointment.id).status == st.CONFIRMED
        await press(pilot, "x", "enter")
        assert "Cancelled Aisha Rahman's visit." in screen_text(app)
    assert fresh.appointment(visit.appointment.id).status == st.CANCELLED


async def test_a_series_session_outside_its_window_warns_and_still_books(
    app: FrontDeskApp, fresh: Desk
) -> None:
    """Ruth had Sculptra session 1 on Mon 23 Nov: a week later is outside session 2's window."""
    async with app.run_test(size=SIZE) as pilot:
        await start_booking(pilot, app, "ruth quartermaine")  # Wed 25 Nov
        booking = dialog(app)
        booking.query_one("#booking-type", Select).value = "sculptra"
        await set_input(pilot, app, "#booking-date", "12/1")
        await set_input(pilot, app, "#booking-time", "10:00")
        warning = shown(app, "#booking-series")
        assert warning == "⚠ This is session 2 of 3; its window is 21 Dec – 4 Jan."
        await set_input(pilot, app, "#booking-date", "12/22")
        assert not booking.query_one("#booking-series").display  # inside the window
        await set_input(pilot, app, "#booking-date", "12/1")
        await press(pilot, "enter")  # a warning, not a refusal
        assert app.screen is app.desk_screen
    ruth = fresh.find("Ruth Quartermaine", limit=1)[0].patient
    booked = [a for a in fresh.history(ruth.id) if a.day(fresh.tz) == dt.date(2026, 12, 1)]
    assert [a.type for a in booked] == ["sculptra"]
