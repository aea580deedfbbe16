"""Live refresh: what another desk changes shows here, and nobody loses their place.

The other desk is a second ``Desk`` on the same folder (what another console or the
CLI would be); the console under test notices through its own polling.
"""

from __future__ import annotations

import datetime as dt

import pytest
from textual.widgets import Input, OptionList

from console.app import FrontDeskApp
from console.clinic import status as st
from console.clinic.booking import Slot
from console.clinic.models import Appointment
from console.desk import Desk
from console.ui import live
from console.ui.dialogs import BookingDialog, LookupDialog
from console.ui.widgets.checkin import CheckInPane
from console.ui.widgets.schedule import SchedulePane
from tests.app.clinic import EVIL, ROSA
from tests.app.drive import press, settle, type_text

SIZE = (100, 30)
TODAY = dt.date(2026, 11, 24)
WED = dt.date(2026, 11, 25)


def aid_of(desk: Desk, name: str, day: dt.date = TODAY) -> str:
    return next(v.appointment.id for v in desk.schedule(day).visits if v.patient.name == name)


def row_text(app: FrontDeskApp, pane: CheckInPane | SchedulePane, aid: str) -> str:
    return " ".join(str(cell) for cell in pane.table.get_row(aid))


async def wait_until(pilot, check, rounds: int = 60) -> bool:
    """Let the app run (its own 0.4 s poll included) until ``check()`` holds."""
    for _ in range(rounds):
        if check():
            return True
        await pilot.pause(0.1)
        await settle(pilot)
    return check()


async def test_a_checkin_at_another_desk_shows_and_the_cursor_stays(
    app: FrontDeskApp, fresh: Desk
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "f2")
        checkin = app.desk_screen.query_one(CheckInPane)
        jordan, aisha = aid_of(fresh, "Jordan Park"), aid_of(fresh, "Aisha Rahman")
        assert checkin.table.select_key(jordan)
        await settle(pilot)
        assert "arrived" not in row_text(app, checkin, aisha)

        fresh.checkin(aisha)  # the other desk

        assert await wait_until(pilot, lambda: "arrived" in row_text(app, checkin, aisha))
        assert checkin.table.selected_key == jordan
        assert app.focused is checkin.table
        assert "Jordan Park" in str(app.screen.query_one("#checkin-detail").render())


async def test_scroll_position_and_selection_survive_a_refresh(
    app: FrontDeskApp, fresh: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(live, "POLL_SECONDS", 3600)  # this test polls by hand
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        schedule = app.desk_screen.query_one(SchedulePane)
        await press(pilot, *["down"] * 22, *["up"] * 4)  # cursor mid-view, rows scrolled
        before_key, before_y = schedule.table.selected_key, schedule.table.scroll_y
        assert before_y > 0, "the day should not fit at 80x24, so the table scrolls"

        fresh.set_status(aid_of(fresh, "Carmen Delgado"), st.CONFIRMED)
        assert app.live.poll()
        await settle(pilot)
        await pilot.pause(0.05)

        assert schedule.table.selected_key == before_key
        assert schedule.table.scroll_y == before_y
        assert not app.live.poll(), "nothing changed since: no second refresh"


async def test_half_typed_lookup_survives_a_refresh(
    app: FrontDeskApp, fresh: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(live, "POLL_SECONDS", 3600)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "ctrl+f")
        await type_text(pilot, "quarterm")
        results = app.screen.query_one(OptionList)
        await press(pilot, "down")
        picked = results.highlighted_option.id

        fresh.checkin(aid_of(fresh, "Aisha Rahman"))
        assert app.live.poll()
        await settle(pilot)

        assert isinstance(app.screen, LookupDialog)
        assert app.screen.query_one(Input).value == "quarterm"
        assert app.screen.query_one(Input).has_focus
        assert results.highlighted_option.id == picked


def take_at_other_desk(fresh: Desk, slot: Slot) -> Appointment:
    """Another receptionist books ``slot`` (same time, provider and room) for someone else."""
    start = f"{WED} {slot.start:HH:mm}"
    return fresh.book(EVIL.id, start, "consultation", provider=slot.provider, room=slot.room)


async def start_booking(pilot, app: FrontDeskApp) -> BookingDialog:
    await settle(pilot)
    await press(pilot, "right")  # Wednesday 25 Nov
    await press(pilot, "b")
    await type_text(pilot, "rosalind")
    await press(pilot, "enter")
    assert isinstance(app.screen, BookingDialog)
    return app.screen


async def test_free_times_follow_other_desks_and_typed_time_stays(
    app: FrontDeskApp, fresh: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(live, "POLL_SECONDS", 3600)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await start_booking(pilot, app)
        first = dialog._slots[0]
        box = dialog.query_one("#booking-time", Input)
        box.value = ""
        await type_text(pilot, "4:1")  # half typed

        take_at_other_desk(fresh, first)
        assert app.live.poll()
        await settle(pilot)

        assert app.screen is dialog
        assert box.value == "4:1"
        assert box.has_focus
        assert first not in dialog._slots, "the time the other desk took is no longer offered"


@pytest.mark.parametrize("refreshed_first", [False, True], ids=["before-refresh", "after-refresh"])
async def test_two_desks_one_slot_the_loser_is_told_and_sees_fresh_times(
    app: FrontDeskApp, fresh: Desk, monkeypatch: pytest.MonkeyPatch, refreshed_first: bool
) -> None:
    # Polling by hand: the other desk books between this desk's pick and its save,
    # and this desk's list has (or has not yet) been refreshed when it saves.
    monkeypatch.setattr(live, "POLL_SECONDS", 3600)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await start_booking(pilot, app)
        first = dialog._slots[0]
        await press(pilot, "down", "enter")  # take the first free time
        winner = take_at_other_desk(fresh, first)
        if refreshed_first:
            assert app.live.poll()
            await settle(pilot)
            assert first not in dialog._slots

        await press(pilot, "ctrl+s")  # save the time already filled in

        assert app.screen is dialog, "the losing desk stays in its dialog"
        said = str(dialog.query_one("#error-general").render())
        assert said.startswith("Another desk has just taken that time (")
        assert said.endswith("pick one of the free times, now updated.")
        assert first not in dialog._slots
        assert dialog._slots, "other free times are still offered"
        assert dialog.query_one("#booking-time", Input).value
    on_wed = fresh.appointments_between(WED, WED)
    on_wed = [a for a in on_wed if a.start_at(fresh.tz) == first.start]
    assert [a.id for a in on_wed if a.holds_slot and a.provider == first.provider] == [winner.id]
    assert not [a for a in fresh.history(ROSA.id) if a.day(fresh.tz) == WED]


async def test_the_start_day_read_begun_early_is_used_once_and_never_stale(
    desk: Desk, fresh: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The console begins reading its start day when it is made, before its panes
    # exist; the schedule takes that read instead of reading again.
    reads: list[dt.date] = []
    real = Desk.schedule

    def counted(self: Desk, day: dt.date):  # type: ignore[no-untyped-def]
        if self is desk:
            reads.append(day)
        return real(self, day)

    monkeypatch.setattr(Desk, "schedule", counted)
    monkeypatch.setattr(live, "POLL_SECONDS", 3600)  # only the early read's own check
    # Not the read again once the lookup index is built (series lines): not this test's.
    monkeypatch.setattr(FrontDeskApp, "_after_first_frame", lambda self: None)
    app = FrontDeskApp(desk=desk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert reads == [TODAY]
        schedule = app.desk_screen.query_one(SchedulePane)
        assert "arrived" not in row_text(app, schedule, aid_of(fresh, "Aisha Rahman"))

    # Another desk changes the store after the read began: it is dropped, read again.
    reads.clear()
    app = FrontDeskApp(desk=desk)
    fresh.checkin(aid_of(fresh, "Aisha Rahman"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert reads == [TODAY, TODAY]
        schedule = app.desk_screen.query_one(SchedulePane)
        assert "arrived" in row_text(app, schedule, aid_of(fresh, "Aisha Rahman"))
