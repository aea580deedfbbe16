"""Confirmation calls: the list for the next open day and one key per outcome."""

from __future__ import annotations

import datetime as dt

from console.app import FrontDeskApp
from console.clinic import status as st
from console.desk import Desk
from console.ui.screens import CallsScreen
from tests.app.drive import press, screen_text, settle, shown

SIZE = (110, 34)
WED = dt.date(2026, 11, 25)


def aid_of(desk: Desk, name: str) -> str:
    return next(v for v in desk.schedule(WED).visits if v.patient.name == name).appointment.id


async def open_calls(pilot, app: FrontDeskApp) -> CallsScreen:
    await settle(pilot)
    await press(pilot, "f4")
    assert isinstance(app.screen, CallsScreen)
    return app.screen


async def test_lists_next_open_day_with_script(app: FrontDeskApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        calls = await open_calls(pilot, app)
        text = screen_text(app)
        assert "Confirmation calls for Wed 25 Nov 2026 · 3 to call" in text
        assert "Mei Chen" in text and "Jordan Park" in text and "Hannah Schmidt" in text
        assert "not called" in text
        assert calls.table.select_key(aid_of(app.desk, "Jordan Park"))
        await settle(pilot)
        assert "Tell Jordan Park: Consultation" in shown(app, "#calls-script")


async def test_keys_record_outcomes(app: FrontDeskApp, fresh: Desk) -> None:
    async with app.run_test(size=SIZE) as pilot:
        calls = await open_calls(pilot, app)
        mei, jordan, hannah = (
            aid_of(app.desk, n) for n in ("Mei Chen", "Jordan Park", "Hannah Schmidt")
        )
        calls.table.select_key(mei)
        await press(pilot, "c")
        assert "Mei Chen: confirmed." in calls.status.message
        calls.table.select_key(jordan)
        await press(pilot, "l")
        calls.table.select_key(hannah)
        await press(pilot, "n")
        assert "left a message" in screen_text(app)
        calls.table.select_key(jordan)
        await press(pilot, "x")
        assert calls.table.get_row_index(mei) is not None
        assert jordan not in {i.visit.appointment.id for i in calls.items}  # cancelled
        await press(pilot, "escape")
        assert app.screen is app.desk_screen
    assert fresh.appointment(mei).status == st.CONFIRMED
    assert fresh.appointment(mei).extra["calls"][-1]["outcome"] == "confirmed"
    assert fresh.appointment(hannah).extra["calls"][-1]["outcome"] == "no_answer"
    assert fresh.appointment(hannah).status == st.CONFIRMED
    jordan_calls = fresh.appointment(jordan).extra["calls"]
    assert [c["outcome"] for c in jordan_calls] == ["left_message", "cancelled"]
    assert fresh.appointment(jordan).status == st.CANCELLED
