"""Booking rules and free-slot search, with a pinned "now" (Tue 24 Nov 2026 10:30)."""

import datetime as dt

import pytest

from console.clinic.booking import Proposal, check_booking, free_slots
from console.clinic.errors import BookingRefused
from console.clinic.localtime import to_iso
from console.clinic.models import Appointment
from tests.unit.moments import at


@pytest.fixture
def now(pinned_now):
    return pinned_now("2026-11-24 10:30")


def proposal(tz, text, minutes=30, *, patient="P-1", provider="Provider A", room="Room 1", **kw):
    return Proposal(patient, at(tz, text), minutes, provider, room, **kw)


def booked(
    tz,
    text,
    minutes=30,
    *,
    aid="A-1",
    patient="P-2",
    provider="Provider A",
    room="Room 1",
    status="booked",
):
    return Appointment(
        aid, patient, to_iso(at(tz, text)), minutes, "consultation", provider, room, status=status
    )


def refused(config, prop, same_day, now, **kw):
    with pytest.raises(BookingRefused) as err:
        check_booking(config, prop, same_day, now, **kw)
    message = str(err.value)
    assert message.endswith(".") and "\n" not in message
    return err.value


@pytest.mark.parametrize(
    "start", ["2026-11-25 09:00", "2026-11-25 17:30", "2026-11-28 13:30", "2026-11-24 10:30"]
)
def test_inside_hours_is_accepted(config, tz, now, start):
    check_booking(config, proposal(tz, start), [], now)


def test_ending_after_close_is_refused(config, tz, now):
    err = refused(config, proposal(tz, "2026-11-25 17:45"), [], now)
    assert "after office hours end" in str(err)


def test_saturday_ends_at_two(config, tz, now):
    refused(config, proposal(tz, "2026-11-28 13:45"), [], now)


def test_before_opening_is_refused(config, tz, now):
    err = refused(config, proposal(tz, "2026-11-25 08:45"), [], now)
    assert "before office hours start" in str(err)


def test_in_the_past_is_refused(config, tz, now):
    err = refused(config, proposal(tz, "2026-11-24 10:00"), [], now)
    assert "in the past" in str(err)


@pytest.mark.parametrize(
    ("start", "reason"),
    [("2026-11-26 10:00", "Thanksgiving Day"), ("2026-12-24 10:00", "Christmas Eve")],
)
def test_closed_day_is_refused(config, tz, now, start, reason):
    err = refused(config, proposal(tz, start), [], now)
    assert "closed" in str(err) and reason in str(err)


def test_sunday_inside_window_is_accepted(config, tz, now):
    check_booking(config, proposal(tz, "2026-11-29 10:00", 60), [], now)
    check_booking(config, proposal(tz, "2026-11-29 15:00", 60), [], now)


@pytest.mark.parametrize("start", ["2026-11-29 09:30", "2026-11-29 15:30"])
def test_sunday_outside_window_is_refused(config, tz, now, start):
    err = refused(config, proposal(tz, start, 60), [], now)
    assert "Sunday booking window" in str(err)


def test_walk_in_is_refused_on_sunday(config, tz, pinned_now):
    sunday_now = pinned_now("2026-11-29 11:00")
    err = refused(config, proposal(tz, "2026-11-29 11:00", walk_in=True), [], sunday_now)
    assert "walk-ins" in str(err)


def test_walk_in_is_refused_on_a_closed_day(config, tz, pinned_now):
    holiday_now = pinned_now("2026-11-26 11:00")
    err = refused(config, proposal(tz, "2026-11-26 11:00", walk_in=True), [], holiday_now)
    assert "walk-ins" in str(err) and "Thanksgiving Day" in str(err)


def test_walk_in_on_an_open_day_is_accepted(config, tz, now):
    check_booking(config, proposal(tz, "2026-11-24 10:30", walk_in=True), [], now)


def test_same_provider_overlap_is_refused(config, tz, now):
    other = booked(tz, "2026-11-25 10:00", room="Room 2")
    err = refused(config, proposal(tz, "2026-11-25 10:15"), [other], now)
    assert err.field == "provider"


def test_same_room_overlap_is_refused(config, tz, now):
    other = booked(tz, "2026-11-25 10:00", provider="Provider B")
    err = refused(config, proposal(tz, "2026-11-25 10:15"), [other], now)
    assert err.field == "room"


def test_same_patient_overlap_is_refused(config, tz, now):
    other = booked(tz, "2026-11-25 10:00", patient="P-1", provider="Provider B", room="Room 2")
    err = refused(config, proposal(tz, "2026-11-25 10:15"), [other], now)
    assert "already has a visit" in str(err)


def test_different_provider_and_room_may_overlap(config, tz, now):
    other = booked(tz, "2026-11-25 10:00", provider="Provider B", room="Room 2")
    check_booking(config, proposal(tz, "2026-11-25 10:15"), [other], now)


def test_back_to_back_visits_do_not_overlap(config, tz, now):
    other = booked(tz, "2026-11-25 10:00")
    check_booking(config, proposal(tz, "2026-11-25 10:30"), [other], now)
    check_booking(config, proposal(tz, "2026-11-25 09:30"), [other], now)


@pytest.mark.parametrize("status", ["cancelled", "no_show"])
def test_released_appointments_do_not_block(config, tz, now, status):
    other = booked(tz, "2026-11-25 10:00", patient="P-1", status=status)
    check_booking(config, proposal(tz, "2026-11-25 10:00"), [other], now)


def test_rescheduled_appointment_does_not_block_itself(config, tz, now):
    other = booked(tz, "2026-11-25 10:00", aid="A-9", patient="P-1")
    check_booking(config, proposal(tz, "2026-11-25 10:15", ignore_id="A-9"), [other], now)


def test_outside_hours_allows_outside_hours(config, tz, now):
    check_booking(config, proposal(tz, "2026-11-25 18:30"), [], now, outside_hours=True)
    check_booking(config, proposal(tz, "2026-11-29 08:00"), [], now, outside_hours=True)


def test_outside_hours_never_opens_a_closed_day(config, tz, now):
    refused(config, proposal(tz, "2026-11-26 10:00"), [], now, outside_hours=True)


def test_outside_hours_does_not_lift_overlaps_or_the_past(config, tz, now):
    other = booked(tz, "2026-11-25 18:30", room="Room 2")
    refused(config, proposal(tz, "2026-11-25 18:45"), [other], now, outside_hours=True)
    refused(config, proposal(tz, "2026-11-24 08:00"), [], now, outside_hours=True)


def test_free_slots_cover_the_day_in_steps(config, tz, now):
    slots = free_slots(config, dt.date(2026, 11, 25), 60, [], now)
    assert slots[0].start == at(tz, "2026-11-25 09:00")
    assert slots[-1].start == at(tz, "2026-11-25 17:00")
    assert len(slots) == 33  # 09:00..17:00 every 15 minutes


def test_free_slots_respect_existing_bookings(config, tz, now):
    busy = [
        booked(tz, "2026-11-25 10:00", 60, aid="A-1", provider="Provider A", room="Room 1"),
        booked(tz, "2026-11-25 10:00", 60, aid="A-2", provider="Provider B", room="Room 2"),
    ]
    slots = free_slots(config, dt.date(2026, 11, 25), 30, busy, now)
    starts = {s.start.time() for s in slots}
    assert dt.time(9, 30) in starts and dt.time(11, 0) in starts
    assert not starts & {dt.time(9, 45), dt.time(10, 0), dt.time(10, 30), dt.time(10, 45)}
    for slot in slots:  # every slot offered is bookable as offered
        check_booking(config, Proposal("P-1", slot.start, 30, slot.provider, slot.room), busy, now)


def test_free_slots_for_a_patient_avoid_their_own_visits(config, tz, now):
    mine = [booked(tz, "2026-11-25 09:00", 60, patient="P-1", provider="Provider B")]
    slots = free_slots(config, dt.date(2026, 11, 25), 30, mine, now, patient_id="P-1")
    assert slots[0].start == at(tz, "2026-11-25 10:00")


def test_free_slots_today_start_from_now(config, tz, now):
    slots = free_slots(config, dt.date(2026, 11, 24), 30, [], now)
    assert slots[0].start == at(tz, "2026-11-24 10:30")


def test_free_slots_on_sunday_stay_in_the_window(config, tz, now):
    slots = free_slots(config, dt.date(2026, 11, 29), 60, [], now)
    assert slots[0].start == at(tz, "2026-11-29 10:00")
    assert slots[-1].start == at(tz, "2026-11-29 15:00")


@pytest.mark.parametrize("day", [dt.date(2026, 11, 26), dt.date(2026, 12, 24)])
def test_free_slots_on_a_closed_day_are_empty(config, now, day):
    assert free_slots(config, day, 30, [], now) == []
