"""Confirmation calls: the list, a key per outcome, the cursor moving on (checked in the store)."""

from __future__ import annotations

import datetime as dt

from textual.widgets import Input

from console.app import FrontDeskApp
from console.clinic import status as st
from console.desk import Desk
from console.ui.dialogs import ConfirmDialog, GoToDateDialog
from console.ui.screens import CallsScreen
from tests.app.clinic import BOB, EVIL, PEOPLE
from tests.app.drive import press, screen_text, settle, shown, type_text

SIZE = (110, 34)
WED = dt.date(2026, 11, 25)


def aid_of(desk: Desk, name: str, day: dt.date = WED) -> str:
    return next(v for v in desk.schedule(day).visits if v.patient.name == name).appointment.id


async def open_calls(pilot, app: FrontDeskApp) -> CallsScreen:
    await settle(pilot)
    await press(pilot, "f4")
    assert isinstance(app.screen, CallsScreen)
    await settle(pilot)
    return app.screen


async def test_lists_next_open_day_with_script(app: FrontDeskApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        calls = await open_calls(pilot, app)
        text = screen_text(app)
        assert "Confirmation calls for Wed 25 Nov 2026 · 3 left" in text
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
        await press(pilot, "c", "enter")
        assert "Mei Chen: confirmed." in calls.status.message
        calls.table.select_key(jordan)
        await press(pilot, "l", "enter")
        calls.table.select_key(hannah)
        await press(pilot, "n", "enter")
        assert "↻ left msg" in screen_text(app)
        calls.table.select_key(jordan)
        await press(pilot, "x")
        assert isinstance(app.screen, ConfirmDialog)
        await press(pilot, "enter")
        await settle(pilot)
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


async def test_x_asks_and_esc_keeps_the_visit(app: FrontDeskApp, fresh: Desk) -> None:
    async with app.run_test(size=SIZE) as pilot:
        calls = await open_calls(pilot, app)
        jordan = aid_of(app.desk, "Jordan Park")
        calls.table.select_key(jordan)
        await press(pilot, "x")
        assert isinstance(app.screen, ConfirmDialog)
        assert "Cancel Jordan Park's Consultation" in screen_text(app)
        await press(pilot, "escape")
        assert app.screen is calls
        assert "Not cancelled" in calls.status.message
    assert fresh.appointment(jordan).status == st.BOOKED
    assert "calls" not in fresh.appointment(jordan).extra


async def test_cursor_moves_on_count_goes_down_call_again_group(
    app: FrontDeskApp, fresh: Desk
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        calls = await open_calls(pilot, app)
        mei, jordan, hannah = (
            aid_of(app.desk, n) for n in ("Mei Chen", "Jordan Park", "Hannah Schmidt")
        )
        assert calls.table.selected_key == mei  # 9:00, first to call
        await press(pilot, "l", "enter")  # left a message: on to Jordan
        await settle(pilot)
        assert calls.table.selected_key == jordan
        assert "· 2 left · 1 to call again" in screen_text(app)
        await press(pilot, "c", "enter")  # confirmed: on to Hannah
        await settle(pilot)
        assert calls.table.selected_key == hannah
        assert "· 1 left · 1 to call again" in screen_text(app)
        await press(pilot, "n", "enter")
        await settle(pilot)
        assert "· 0 left · 2 to call again" in screen_text(app)
        # The call-again group comes after the calls still to make, before the confirmed.
        order = [calls.table.coordinate_to_cell_key((r, 0))[0].value for r in range(3)]
        assert order == [mei, hannah, jordan]
        assert "↻ left msg" in screen_text(app)
    assert fresh.appointment(mei).extra["calls"][-1]["outcome"] == "left_message"
    assert fresh.appointment(jordan).status == st.CONFIRMED
    assert fresh.appointment(hannah).extra["calls"][-1]["outcome"] == "no_answer"


async def test_saturday_list_has_sunday_visits_and_alert_in_script(
    app: FrontDeskApp, fresh: Desk
) -> None:
    app.desk.clock.advance(days=4)  # Sat 28 Nov
    app.desk.set_alert(EVIL.id, "Needs a Spanish speaker")
    async with app.run_test(size=SIZE) as pilot:
        calls = await open_calls(pilot, app)
        text = screen_text(app)
        assert "Confirmation calls for Sun 29 Nov + Mon 30 Nov 2026" in text
        bob = aid_of(app.desk, BOB.name, dt.date(2026, 11, 29))
        evil = aid_of(app.desk, EVIL.name, dt.date(2026, 11, 29))
        assert calls.table.get_row_index(bob) is not None
        assert "Sun 11:00 AM" in text
        calls.table.select_key(evil)
        await settle(pilot)
        assert "⚠ Needs a Spanish speaker" in shown(app, "#calls-script")
        await press(pilot, "c", "enter")
    assert fresh.appointment(evil).status == st.CONFIRMED


async def test_f4_moves_the_list_to_another_date(app: FrontDeskApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        calls = await open_calls(pilot, app)
        await press(pilot, "f4")
        assert isinstance(app.screen, GoToDateDialog)
        # The shown date is selected: typing replaces it.
        await type_text(pilot, "2026-11-28")
        await press(pilot, "enter")
        await settle(pilot)
        assert app.screen is calls, screen_text(app)
        assert "Confirmation calls for Sat 28 Nov 2026 · 1 left" in screen_text(app)
        assert [i.visit.patient.name for i in calls.items] == ["Diego Ramírez"]
        await press(pilot, "g")
        assert isinstance(app.screen, GoToDateDialog)
        await press(pilot, "escape")
        assert app.screen is calls


async def test_selected_row_stays_visible_at_80x24(app: FrontDeskApp, fresh: Desk) -> None:
    wednesday = {v.patient.id for v in app.desk.schedule(WED).visits}
    others = [p for p in PEOPLE.values() if p.id not in wednesday][:12]
    for n, person in enumerate(others + others):  # a long Wednesday list: more rows than fit
        start = f"2026-11-25 {12 + n // 4}:{15 * (n % 4):02d}"
        app.desk.book(person.id, start, "follow_up", minutes=5)
    async with app.run_test(size=(80, 24)) as pilot:
        calls = await open_calls(pilot, app)
        first = calls.items[0].visit.patient.name
        assert first in screen_text(app)
        for _ in range(len(calls.items) - 1):
            await press(pilot, "down")
        await settle(pilot)
        assert selected_name(calls) in screen_text(app)
        assert first not in screen_text(app)  # scrolled: the last row is the one in view
        await press(pilot, "c", "enter")
        await settle(pilot)
        assert selected_name(calls) in screen_text(app)


def selected_name(calls: CallsScreen) -> str:
    key = calls.table.selected_key
    return next(i.visit.patient.name for i in calls.items if i.visit.appointment.id == key)


async def test_u_undoes_an_outcome_recorded_by_mistake(app: FrontDeskApp, fresh: Desk) -> None:
    async with app.run_test(size=SIZE) as pilot:
        calls = await open_calls(pilot, app)
        jordan = aid_of(app.desk, "Jordan Park")
        calls.table.select_key(jordan)
        await press(pilot, "c", "enter")
        assert "u undoes" in calls.status.message
        assert fresh.appointment(jordan).status == st.CONFIRMED
        await press(pilot, "u")
        assert calls.status.message.startswith("Undone")
    assert fresh.appointment(jordan).status == st.BOOKED
    assert "calls" not in fresh.appointment(jordan).extra


async def test_a_name_typed_on_the_list_searches_and_records_nothing(
    app: FrontDeskApp, fresh: Desk
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        calls = await open_calls(pilot, app)
        mei = aid_of(app.desk, "Mei Chen")
        assert calls.table.selected_key == mei
        await type_text(pilot, "nancy")  # n and c are outcome keys: each only asks
        await settle(pilot)
        assert getattr(app.screen, "NAME", "") == "lookup", screen_text(app)
        assert app.screen.query_one(Input).value == "nancy"
        await press(pilot, "escape")
        await settle(pilot)
        assert app.screen is calls
        await type_text(pilot, "Lee")  # not a key: a search
        await settle(pilot)
        assert app.screen.query_one(Input).value == "Lee"
    assert "calls" not in fresh.appointment(mei).extra
    assert fresh.appointment(mei).status == st.BOOKED
