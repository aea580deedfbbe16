"""First available from the booking dialog: the next free times across days, one step to book."""

from __future__ import annotations

import datetime as dt

from textual.widgets import Input

from console.app import FrontDeskApp
from console.desk import Desk
from console.ui.dialogs import FirstAvailableDialog
from tests.app.clinic import ROSA, TODAY
from tests.app.drive import press, screen_text, settle, shown, type_text

SIZE = (80, 24)


def first(app: FrontDeskApp) -> FirstAvailableDialog:
    assert isinstance(app.screen, FirstAvailableDialog)
    return app.screen


async def filter_by(pilot, app: FrontDeskApp, key: str, text: str) -> None:
    box = app.screen.query_one(f"#first-{key}", Input)
    box.focus()
    box.value = ""
    await settle(pilot)
    await type_text(pilot, text)
    await press(pilot, "enter")


async def test_first_available_books_a_tuesday_afternoon_in_one_step(
    app: FrontDeskApp, fresh: Desk
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "b")
        await type_text(pilot, "rosalind")
        await press(pilot, "enter")
        assert "Book a visit" in screen_text(app)
        await press(pilot, "ctrl+n")
        dialog = first(app)
        assert dialog.slots  # the first free times, at once
        days = [s.start.date() for s in dialog.slots]
        assert days == sorted(days) and len(set(days)) > 1  # across days
        # A mistake in a filter: one sentence by that box, nothing booked.
        await filter_by(pilot, app, "after", "25:00")
        assert "-shown" in app.screen.query_one("#error-after").classes
        assert shown(app, "#error-after")
        await filter_by(pilot, app, "after", "1:00 PM")
        await filter_by(pilot, app, "weekday", "tue")
        assert dialog.slots
        assert all(s.start.weekday() == 1 and s.start.hour >= 13 for s in dialog.slots)
        chosen = dialog.slots[0]
        await press(pilot, "down", "enter")  # to the times; Enter books the first
        assert app.screen is app.desk_screen
        assert "Booked Rosalind Nguyễn" in screen_text(app)
    booked = [a for a in fresh.history(ROSA.id) if a.start_at(fresh.tz) == chosen.start]
    assert len(booked) == 1
    assert (booked[0].provider, booked[0].room) == (chosen.provider, chosen.room)
    assert booked[0].day(fresh.tz) > TODAY - dt.timedelta(days=1)
