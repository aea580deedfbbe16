"""Forms (issue 11): where focus starts, what typed text fills, duplicates, leaving and quitting."""

from __future__ import annotations

import datetime as dt

from textual.widgets import Input, OptionList

from console.app import FrontDeskApp
from console.desk import Desk
from console.ui.dialogs import (
    BookingDialog,
    ConfirmDialog,
    GoToDateDialog,
    LookupDialog,
    PatientFormDialog,
)
from console.ui.dialogs.patient_form import Typed, split_typed
from console.ui.widgets.schedule import SchedulePane
from tests.app.clinic import ROSA
from tests.app.drive import press, screen_text, settle, shown, type_text

SIZE = (100, 30)
WED = dt.date(2026, 11, 25)


def test_typed_text_is_split_by_what_it_looks_like() -> None:
    assert split_typed("Ana de la Cruz") == Typed("Ana", "de la Cruz")
    assert split_typed("(714) 555-0123") == Typed(phone="(714) 555-0123")
    assert split_typed("7145550123") == Typed(phone="7145550123")
    assert split_typed("3/4/1985") == Typed(dob="3/4/1985")
    assert split_typed("1985-03-04") == Typed(dob="1985-03-04")
    assert split_typed("ana 714-555-0123") == Typed("ana", phone="714-555-0123")


def names_found(desk: Desk, query: str) -> list[str]:
    return [m.patient.name for m in desk.find(query, limit=8)]


def focused_id(app: FrontDeskApp) -> str:
    focused = app.screen.focused
    return focused.id or "" if focused is not None else ""


def box_value(app: FrontDeskApp, selector: str) -> str:
    return app.screen.query_one(selector, Input).value


async def new_patient_form(pilot, app: FrontDeskApp, typed: str) -> None:
    """From the schedule: book, search ``typed``, ask for a new patient."""
    await settle(pilot)
    await press(pilot, "right", "b")  # Wednesday
    assert isinstance(app.screen, LookupDialog)
    await type_text(pilot, typed)
    await press(pilot, "ctrl+n")
    assert isinstance(app.screen, PatientFormDialog)


async def test_a_phone_typed_in_the_search_goes_to_the_phone(app: FrontDeskApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await new_patient_form(pilot, app, "714 555 0199")
        assert box_value(app, "#form-phone") == "714 555 0199"
        assert box_value(app, "#form-first_name") == ""
        assert focused_id(app) == "form-first_name"  # the first empty required box


async def test_a_name_typed_in_the_search_starts_the_form_at_the_phone(
    app: FrontDeskApp, fresh: Desk
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await new_patient_form(pilot, app, "Zed Quartermaine 3/4/1985")
        assert box_value(app, "#form-first_name") == "Zed"
        assert box_value(app, "#form-last_name") == "Quartermaine"
        assert box_value(app, "#form-dob") == "3/4/1985"
        assert focused_id(app) == "form-phone"
        await type_text(pilot, "(714) 555-0199")
        await press(pilot, "tab")  # to Born: its date is not selected, so typing adds to it
        box = app.screen.query_one("#form-dob", Input)
        assert box.selected_text == ""
        await press(pilot, "enter")  # Enter in any box saves
        assert isinstance(app.screen, BookingDialog)
    found = fresh.find("Zed Quartermaine", limit=1)
    assert found and found[0].patient.dob == dt.date(1985, 3, 4)
    assert found[0].patient.phone == "+17145550199"


async def test_a_patient_already_registered_is_offered_instead(
    app: FrontDeskApp, fresh: Desk
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await new_patient_form(pilot, app, "Rosalind Nguyễn")
        await type_text(pilot, "714-555-0142")
        await press(pilot, "enter")
        form = app.screen
        assert isinstance(form, PatientFormDialog)
        text = screen_text(app)
        assert "Already registered:" in text and "(714) 555-0142" in text
        assert focused_id(app) == "form-use-0"
        assert "Use Rosalind Nguyễn" in text
        await press(pilot, "enter")  # use her
        assert isinstance(app.screen, BookingDialog)
        assert app.screen.request.patient_id == ROSA.id
    assert [m.patient.id for m in fresh.find("Rosalind Nguyen", limit=5)] == [ROSA.id]


async def test_register_anyway_adds_a_second_patient(app: FrontDeskApp, fresh: Desk) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await new_patient_form(pilot, app, "Rosalind Nguyễn")
        await type_text(pilot, "714-555-0142")
        await press(pilot, "enter")
        app.screen.query_one("#form-anyway").focus()
        await press(pilot, "enter")
        assert isinstance(app.screen, BookingDialog)
        assert app.screen.request.patient_id != ROSA.id
    names = [m.patient.name for m in fresh.find("Rosalind Nguyen", limit=5)]
    assert names.count("Rosalind Nguyễn") == 2


async def test_esc_with_typed_text_asks_before_discarding(app: FrontDeskApp, fresh: Desk) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await new_patient_form(pilot, app, "Zed Quartermaine")
        await type_text(pilot, "714")
        await press(pilot, "escape")
        assert isinstance(app.screen, ConfirmDialog)
        assert "Discard what you typed?" in screen_text(app)
        await press(pilot, "escape")  # keep typing
        assert isinstance(app.screen, PatientFormDialog)
        assert box_value(app, "#form-phone") == "714"
        await type_text(pilot, "-555-0199")
        await press(pilot, "escape", "enter")  # discard
        assert app.screen is app.desk_screen
    assert "Zed Quartermaine" not in names_found(fresh, "Zed Quartermaine")


async def test_esc_without_typing_closes_at_once(app: FrontDeskApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await new_patient_form(pilot, app, "Zed Quartermaine")  # pre-filled, nothing typed
        await press(pilot, "escape")
        assert app.screen is app.desk_screen


async def test_quitting_with_typed_text_asks_first(app: FrontDeskApp, fresh: Desk) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await new_patient_form(pilot, app, "Zed Quartermaine")
        await type_text(pilot, "714-555-0199")
        await press(pilot, "ctrl+q")
        assert isinstance(app.screen, ConfirmDialog)
        assert "Discard what you typed and quit?" in screen_text(app)
        await press(pilot, "escape")
        assert app.is_running and isinstance(app.screen, PatientFormDialog)
        await press(pilot, "enter")  # saved: nothing typed is left
        await press(pilot, "ctrl+q")
        assert not app.is_running
    assert "Zed Quartermaine" in names_found(fresh, "Zed Quartermaine")


async def test_quitting_with_nothing_typed_does_not_ask(app: FrontDeskApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "ctrl+f")
        await type_text(pilot, "ros")  # a search is not work to lose
        await press(pilot, "ctrl+q")
        assert not app.is_running


async def test_start_lookup_puts_the_typed_text_in_the_box(app: FrontDeskApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.start_lookup("rosal")
        await settle(pilot)
        assert isinstance(app.screen, LookupDialog)
        box = app.screen.query_one("#lookup-input", Input)
        assert box.value == "rosal" and box.cursor_position == 5 and box.selected_text == ""
        await type_text(pilot, "ind")
        assert box.value == "rosalind"
        results = app.screen.query_one("#lookup-results", OptionList)
        assert results.get_option_at_index(0).id == ROSA.id
        await press(pilot, "enter")
        assert app.screen is app.patient_screen


async def test_the_lookup_shows_the_alert(app: FrontDeskApp, desk: Desk) -> None:
    desk.set_alert(ROSA.id, "Needs a Spanish speaker")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.start_lookup("rosalind")
        await settle(pilot)
        assert "Rosalind Nguyễn  ⚠ Needs a Spanish speaker" in screen_text(app)


async def test_booking_takes_a_us_date_and_shows_the_alert(
    app: FrontDeskApp, desk: Desk, fresh: Desk
) -> None:
    desk.set_alert(ROSA.id, "Allergic to lidocaine")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "b")
        await type_text(pilot, "rosalind")
        await press(pilot, "enter")
        assert isinstance(app.screen, BookingDialog)
        assert "⚠ Allergic to lidocaine" in screen_text(app)
        date = app.screen.query_one("#booking-date", Input)
        date.focus()
        await settle(pilot)
        assert date.selected_text == ""  # the date shown is not replaced by typing
        await press(pilot, "ctrl+u")
        await type_text(pilot, "12/1/2026")
        time = app.screen.query_one("#booking-time", Input)
        time.focus()
        await type_text(pilot, "2:00 PM")
        await press(pilot, "enter")
        assert app.screen is app.desk_screen
    booked = [a for a in fresh.history(ROSA.id) if a.day(fresh.tz) == dt.date(2026, 12, 1)]
    assert len(booked) == 1 and booked[0].start_at(fresh.tz).format("HH:mm") == "14:00"


async def test_go_to_date_takes_words_and_short_dates(app: FrontDeskApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        pane = app.desk_screen.query_one(SchedulePane)
        await press(pilot, "g")
        assert isinstance(app.screen, GoToDateDialog)
        await type_text(pilot, "tomorrow")
        await press(pilot, "enter")
        assert pane.day == WED
        await press(pilot, "g")
        await type_text(pilot, "12/15")
        await press(pilot, "enter")
        assert pane.day == dt.date(2026, 12, 15)
        await press(pilot, "g")
        await type_text(pilot, "someday")
        await press(pilot, "enter")
        assert isinstance(app.screen, GoToDateDialog)
        assert "someday" in shown(app, "#error-date")
        await press(pilot, "ctrl+u", "enter")  # empty: stay on the day on show
        assert pane.day == dt.date(2026, 12, 15)
