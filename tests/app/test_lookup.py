"""Quick lookup and the patient screen."""

from __future__ import annotations

import datetime as dt

from textual.widgets import OptionList

from console.app import FrontDeskApp
from console.clinic import status as st
from console.clinic.models import Appointment
from console.desk import Desk
from console.ui.messages import OpenPatient
from tests.app.clinic import EVIL, ROSA
from tests.app.drive import press, screen_text, settle, type_text

SIZE = (100, 30)


def visit_on(app: FrontDeskApp, day: dt.date) -> Appointment:
    """The open patient's visit on ``day``."""
    return next(a for a in app.patient_screen._history if a.day(app.desk.tz) == day)


async def test_typo_finds_the_patient_and_enter_opens_them(app: FrontDeskApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "ctrl+f")
        await type_text(pilot, "rosalnd ngyuen")
        results = app.screen.query_one("#lookup-results", OptionList)
        assert results.get_option_at_index(0).id == ROSA.id
        text = screen_text(app)
        assert "next Tue 24 Nov 10:45 AM" in text
        await press(pilot, "enter")
        assert app.screen is app.patient_screen
        text = screen_text(app)
        assert "Rosalind Nguyễn" in text
        assert "(714) 555-0142" in text


async def test_slash_opens_lookup_and_results_follow_typing(app: FrontDeskApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "slash")
        await type_text(pilot, "o'brien")
        results = app.screen.query_one("#lookup-results", OptionList)
        assert EVIL.id in [results.get_option_at_index(i).id for i in range(results.option_count)]
        await press(pilot, "ctrl+a", "ctrl+k")
        assert results.option_count == 0


async def test_patient_screen_books_and_checks_in(app: FrontDeskApp, fresh: Desk) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "ctrl+f")
        await type_text(pilot, "evil o'brien")
        await press(pilot, "enter")
        assert app.screen is app.patient_screen
        text = screen_text(app)
        assert "[red]Evil[/red] O'Brien" in text and "Lidocaine [severe]" in text
        # Check in today's 10:15 visit (the cursor starts on the next visit ahead).
        today = visit_on(app, dt.date(2026, 11, 24))
        app.patient_screen.table.select_key(today.id)
        await press(pilot, "a", "enter")  # asks first: Enter confirms
        assert fresh.appointment(today.id).status == st.ARRIVED
        # Book from here.
        await press(pilot, "b")
        assert "Book a visit" in screen_text(app)
        slots = app.screen.query_one("#booking-slots", OptionList)
        assert slots.option_count
        await press(pilot, "down", "enter", "ctrl+s")
        assert app.screen is app.patient_screen
        assert "Booked [red]Evil[/red] O'Brien" in screen_text(app)
    assert len(fresh.history(EVIL.id)) == 3


async def test_patient_screen_reschedule_and_cancel(app: FrontDeskApp, fresh: Desk) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.post_message(OpenPatient(EVIL.id))
        await settle(pilot)
        sunday = visit_on(app, dt.date(2026, 11, 29))
        app.patient_screen.table.select_key(sunday.id)
        await press(pilot, "r")
        box = app.screen.query_one("#booking-time")
        box.focus()
        box.value = ""
        await type_text(pilot, "10:00")
        await press(pilot, "ctrl+s")
        assert app.screen is app.patient_screen
        moved = fresh.appointment(sunday.id)
        assert moved.start_at(fresh.tz).format("HH:mm") == "10:00"
        await press(pilot, "x", "enter")
        assert "Visit cancelled." in screen_text(app)
    assert fresh.appointment(sunday.id).status == st.CANCELLED


async def test_f_keys_leave_the_patient_screen(app: FrontDeskApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "ctrl+f")
        await type_text(pilot, "rosalind")
        await press(pilot, "enter")
        assert app.screen is app.patient_screen
        await press(pilot, "f2")
        assert app.screen is app.desk_screen
        assert app.desk_screen.current == "checkin"
