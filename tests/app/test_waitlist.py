"""The waitlist in the console: offers after a cancel, a move or a no-show; the waitlist screen.

Checked in the store through a second desk (``fresh``).
"""

from __future__ import annotations

import datetime as dt

from textual.widgets import Input, OptionList, Select

from console.app import FrontDeskApp
from console.clinic import status as st
from console.desk import Desk
from console.ui.commands import COMMANDS
from console.ui.dialogs import WaitlistAddDialog, WaitlistOffersDialog
from console.ui.dialogs.waitlist_offers import offer_freed_span
from console.ui.messages import OpenPatient
from console.ui.screens import CallsScreen, WaitlistScreen
from console.ui.widgets.checkin import CheckInPane
from console.ui.widgets.schedule import SchedulePane
from tests.app.clinic import EVIL, TODAY, clock_at, open_desk, visit_of
from tests.app.drive import press, screen_text, settle, shown, type_text

SIZE = (100, 30)


def waiting(fresh: Desk) -> dict[str, str]:
    """Who is on the waitlist now: patient name -> entry id."""
    return {w.patient.name: w.entry.id for w in fresh.waitlist_list(all=True) if w.patient}


def offered(app: FrontDeskApp) -> list[str]:
    """The offers the open dialog lists, as plain text."""
    assert isinstance(app.screen, WaitlistOffersDialog)
    listing = app.screen.query_one(OptionList)
    return [str(option.prompt) for option in listing.options]


def put_on_waitlist(fresh: Desk) -> None:
    """Mei wants Provider A; Hannah any provider; Diego only Provider B."""
    for name, kind, provider in [
        ("Mei Chen", "consultation", "Provider A"),
        ("Hannah Schmidt", "follow_up", None),
        ("Diego Ramírez", "consultation", "Provider B"),
    ]:
        patient = fresh.find(name, limit=1)[0].patient
        fresh.waitlist_add(patient.id, kind, provider=provider)


async def cancel_aisha(pilot, app: FrontDeskApp, fresh: Desk) -> str:
    """Cancel Aisha Rahman's 12:00 skin care with Provider A (Room 1); her visit's id."""
    await settle(pilot)
    visit = visit_of(fresh, "Aisha Rahman")
    app.desk_screen.query_one(SchedulePane).table.select_key(visit.appointment.id)
    await press(pilot, "x", "enter")
    return visit.appointment.id


async def test_a_cancel_offers_the_time_best_first_and_one_key_books(
    app: FrontDeskApp, fresh: Desk
) -> None:
    put_on_waitlist(fresh)
    async with app.run_test(size=SIZE) as pilot:
        aisha = await cancel_aisha(pilot, app, fresh)
        assert isinstance(app.screen, WaitlistOffersDialog)
        assert "Waitlist: Tue 24 Nov 12:00 PM with Provider A is free" in screen_text(app)
        # Mei asked for Provider A by name; Diego waits for Provider B only.
        assert [line.splitlines()[0] for line in offered(app)] == [
            "1  Mei Chen  Consultation 12:00 PM · Room 1",
            "2  Hannah Schmidt  Follow-up 12:00 PM · Room 1",
        ]
        assert offered(app)[0].splitlines()[1].endswith("Provider A · any day")
        await press(pilot, "2")
        assert app.screen is app.desk_screen
        said = screen_text(app)
        assert "Cancelled Aisha Rahman's visit. Booked from the waitlist: Hannah Schmidt" in said
    assert fresh.appointment(aisha).status == st.CANCELLED
    hannah = visit_of(fresh, "Hannah Schmidt")  # her first visit today is at 11:15
    booked = [v for v in fresh.schedule(TODAY).visits if v.patient.name == "Hannah Schmidt"]
    assert [(f"{v.start:HH:mm}", v.appointment.provider, v.appointment.type) for v in booked] == [
        (f"{hannah.start:HH:mm}", "Provider B", "skin_care"),
        ("12:00", "Provider A", "follow_up"),
    ]
    assert set(waiting(fresh)) == {"Mei Chen", "Diego Ramírez"}


async def test_escape_leaves_the_time_free_and_the_waitlist_as_it_was(
    app: FrontDeskApp, fresh: Desk
) -> None:
    put_on_waitlist(fresh)
    before = waiting(fresh)
    async with app.run_test(size=SIZE) as pilot:
        aisha = await cancel_aisha(pilot, app, fresh)
        assert isinstance(app.screen, WaitlistOffersDialog)
        await press(pilot, "escape")
        assert app.screen is app.desk_screen
        assert "Cancelled Aisha Rahman's visit." in screen_text(app)
    assert fresh.appointment(aisha).status == st.CANCELLED
    assert waiting(fresh) == before
    at_noon = [v for v in fresh.schedule(TODAY).visits if f"{v.start:HH:mm}" == "12:00"]
    assert [v.appointment.status for v in at_noon] == [st.CANCELLED]


async def test_an_offer_taken_meanwhile_is_refused_in_the_dialog(
    app: FrontDeskApp, fresh: Desk
) -> None:
    put_on_waitlist(fresh)
    async with app.run_test(size=SIZE) as pilot:
        await cancel_aisha(pilot, app, fresh)
        assert isinstance(app.screen, WaitlistOffersDialog)
        mei = waiting(fresh)["Mei Chen"]
        fresh.waitlist_remove(mei)  # another desk took her off meanwhile
        await press(pilot, "enter")
        assert isinstance(app.screen, WaitlistOffersDialog)
        assert shown(app, "#error-general") == f"No waitlist entry has the id '{mei}'."
        assert [line.splitlines()[0] for line in offered(app)] == [
            "1  Hannah Schmidt  Follow-up 12:00 PM · Room 1"
        ]
        await press(pilot, "escape")
    assert "Hannah Schmidt" in waiting(fresh)


async def test_nobody_suited_shows_no_dialog(app: FrontDeskApp, fresh: Desk) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await cancel_aisha(pilot, app, fresh)
        assert app.screen is app.desk_screen
        assert "Cancelled Aisha Rahman's visit." in screen_text(app)


async def test_a_no_show_offers_what_is_left_of_its_time(store_dir) -> None:
    """At 11:30 Hannah's 11:15 skin care (Provider B, 45 min) is a no-show: 11:30 is offered."""
    desk = open_desk(store_dir, clock_at(11, 30))
    fresh = open_desk(store_dir, clock_at(11, 30))
    try:
        diego = fresh.find("Diego Ramírez", limit=1)[0].patient
        fresh.waitlist_add(diego.id, "follow_up", provider="Provider B")
        hannah = visit_of(fresh, "Hannah Schmidt")
        app = FrontDeskApp(desk=desk)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await press(pilot, "2")  # the check-in pane
            app.desk_screen.query_one(CheckInPane).table.select_key(hannah.appointment.id)
            await press(pilot, "n", "enter")
            assert "Waitlist: Tue 24 Nov 11:30 AM with Provider B is free" in screen_text(app)
            await press(pilot, "enter")
            assert app.screen is app.desk_screen
        booked = [v for v in fresh.schedule(TODAY).visits if v.patient.id == diego.id]
        assert [(f"{v.start:HH:mm}", v.appointment.type) for v in booked][-1] == (
            "11:30",
            "follow_up",
        )
        assert fresh.appointment(hannah.appointment.id).status == st.NO_SHOW
        assert waiting(fresh) == {}
    finally:
        desk.close()
        fresh.close()


async def test_the_waitlist_screen_adds_lists_and_removes(app: FrontDeskApp, fresh: Desk) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "f6")
        assert isinstance(app.screen, WaitlistScreen)
        assert "Waitlist · 0 waiting" in screen_text(app)
        await press(pilot, "a")
        await type_text(pilot, "rosalind")
        await press(pilot, "enter")
        assert isinstance(app.screen, WaitlistAddDialog)
        assert shown(app, "#waitlist-patient") == "Rosalind Nguyễn"
        app.screen.query_one("#waitlist-type", Select).value = "sculptra"
        app.screen.query_one("#waitlist-provider", Select).value = "Provider B"
        app.screen.query_one("#waitlist-weekdays", Input).focus()
        await type_text(pilot, "mon,funday")
        await press(pilot, "enter")
        assert shown(app, "#error-weekdays").startswith("'funday' is not a weekday")
        assert fresh.waitlist_list() == []  # nothing saved
        box = app.screen.query_one("#waitlist-weekdays", Input)
        box.value = "mon-wed"
        app.screen.query_one("#waitlist-from", Input).value = "9:00"
        app.screen.query_one("#waitlist-to", Input).value = "1pm"
        app.screen.query_one("#waitlist-note", Input).value = "[b]mornings[/b]"
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, WaitlistScreen)
        text = screen_text(app)
        assert "Waitlist · 1 waiting" in text
        assert "Provider B · Mon, Tue, Wed · 9:00 AM–1:00 PM" in text
        (row,) = fresh.waitlist_list()
        assert (row.patient.name, row.entry.type, row.entry.provider) == (
            "Rosalind Nguyễn",
            "sculptra",
            "Provider B",
        )
        assert row.entry.note == "[b]mornings[/b]"
        await press(pilot, "x")
        assert "Take Rosalind Nguyễn off the waitlist?" in screen_text(app)
        await press(pilot, "enter")
        assert "Taken off the waitlist." in screen_text(app)
        assert fresh.waitlist_list() == []
        await press(pilot, "u")
        assert [w.entry.id for w in fresh.waitlist_list()] == [row.entry.id]
        await press(pilot, "escape")
        assert app.screen is app.desk_screen


async def test_the_palette_offers_the_waitlist_and_adds_from_a_patient(
    app: FrontDeskApp, fresh: Desk
) -> None:
    names = [c.name for c in COMMANDS]
    assert {"waitlist: show", "waitlist: add a patient…", "patient: add to waitlist…"} <= set(names)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.post_message(OpenPatient(EVIL.id))
        await settle(pilot)
        await app.run_command("", "patient('add_to_waitlist')")
        await settle(pilot)
        assert isinstance(app.screen, WaitlistAddDialog)
        await press(pilot, "ctrl+s")
        assert app.screen is app.patient_screen
        assert "On the waitlist: any provider · any day." in screen_text(app)
        await app.run_command("", "waitlist('remove')")
        await settle(pilot)
        assert "off the waitlist?" in screen_text(app)
        await press(pilot, "enter")
    assert fresh.waitlist_list() == []


async def test_time_off_taken_back_is_offered_through_the_same_dialog(
    app: FrontDeskApp, fresh: Desk
) -> None:
    """For the setup screen: a span freed at once offers each patient their first time."""
    item, _ = fresh.add_time_off("Provider B", "2026-11-27 09:00", "2026-11-27 18:00")
    diego = fresh.find("Diego Ramírez", limit=1)[0].patient
    fresh.waitlist_add(diego.id, "consultation", provider="Provider B", start="13:00")
    fresh.remove_time_off(item.id)
    start, end = clock_at(9, 0, day=27), clock_at(18, 0, day=27)
    said: list[str | None] = []

    async def flow() -> None:
        said.append(await offer_freed_span(app, app.desk, "Provider B", start, end))

    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.run_worker(flow(), group="dialog")
        await settle(pilot)
        assert "Waitlist: Provider B's time from Fri 27 Nov is free again" in screen_text(app)
        assert offered(app)[0].splitlines()[0] == (
            "1  Diego Ramírez  Consultation Fri 27 Nov 1:00 PM · Room 1"
        )
        await press(pilot, "enter")
    assert said == [
        "Booked from the waitlist: Diego Ramírez, Fri 27 Nov 1:00 PM, Consultation with "
        "Provider B in Room 1."
    ]
    assert waiting(fresh) == {}


async def test_a_cancel_on_the_call_list_offers_the_time_too(
    app: FrontDeskApp, fresh: Desk
) -> None:
    jordan = visit_of(fresh, "Jordan Park", dt.date(2026, 11, 25))  # 11:00 with Provider B
    rosa = fresh.find("Rosalind", limit=1)[0].patient
    fresh.waitlist_add(rosa.id, "consultation")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "f4")
        assert isinstance(app.screen, CallsScreen)
        assert app.screen.table.select_key(jordan.appointment.id)
        await press(pilot, "x", "enter")
        assert "Waitlist: Wed 25 Nov 11:00 AM with Provider B is free" in screen_text(app)
        await press(pilot, "enter")
        assert "Booked from the waitlist: Rosalind Nguyễn" in screen_text(app)
    assert fresh.appointment(jordan.appointment.id).status == st.CANCELLED
    booked = [v for v in fresh.schedule(dt.date(2026, 11, 25)).visits if v.patient.id == rosa.id]
    assert [(f"{v.start:HH:mm}", v.appointment.provider) for v in booked] == [
        ("11:00", "Provider B")
    ]
