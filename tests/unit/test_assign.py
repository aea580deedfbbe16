"""Choosing the provider and room, and a walk-in's slot, with a pinned "now" (Tue 24 Nov 10:30)."""

import pytest

from console.clinic.assign import assign, check_provider_room, check_walkin_day, walkin_proposal
from console.clinic.errors import BookingRefused, InvalidInput
from console.clinic.localtime import to_iso
from console.clinic.models import Appointment
from tests.unit.moments import at


@pytest.fixture
def now(pinned_now):
    return pinned_now("2026-11-24 10:30")


def booked(tz, text, minutes=30, *, aid, provider, room, patient="P-2"):
    return Appointment(aid, patient, to_iso(at(tz, text)), minutes, "consultation", provider, room)


def test_first_free_provider_and_room(config, tz, now):
    proposal = assign(config, "P-1", at(tz, "2026-11-25 10:00"), 30, [], now)
    assert (proposal.provider, proposal.room) == ("Provider A", "Room 1")
    assert proposal.start == at(tz, "2026-11-25 10:00") and proposal.minutes == 30
    assert not proposal.walk_in and proposal.ignore_id is None


def test_busy_provider_and_room_are_skipped(config, tz, now):
    busy = [booked(tz, "2026-11-25 10:00", aid="A-1", provider="Provider A", room="Room 1")]
    proposal = assign(config, "P-1", at(tz, "2026-11-25 10:15"), 30, busy, now)
    assert (proposal.provider, proposal.room) == ("Provider B", "Room 2")


def test_the_asked_provider_and_room_are_kept(config, tz, now):
    start = at(tz, "2026-11-25 10:00")
    proposal = assign(config, "P-1", start, 30, [], now, provider="Provider B", room="Room 3")
    assert (proposal.provider, proposal.room) == ("Provider B", "Room 3")


def test_asked_provider_busy_says_so(config, tz, now):
    busy = [booked(tz, "2026-11-25 10:00", aid="A-1", provider="Provider B", room="Room 2")]
    with pytest.raises(BookingRefused) as err:
        assign(config, "P-1", at(tz, "2026-11-25 10:15"), 30, busy, now, provider="Provider B")
    assert str(err.value) == "Provider B is already booked 10:00 AM–10:30 AM."
    assert err.value.field == "provider"


def test_nobody_free_is_one_sentence(config, tz, now):
    busy = [
        booked(tz, "2026-11-25 10:00", aid="A-1", provider="Provider A", room="Room 1"),
        booked(tz, "2026-11-25 10:00", aid="A-2", provider="Provider B", room="Room 2"),
    ]
    with pytest.raises(BookingRefused) as err:
        assign(config, "P-1", at(tz, "2026-11-25 10:15"), 30, busy, now)
    assert str(err.value) == ("No provider and room are both free at 10:15 AM for 30 minutes.")
    assert err.value.field == "start"


def test_a_rule_other_than_provider_or_room_is_raised_at_once(config, tz, now):
    with pytest.raises(BookingRefused) as err:
        assign(config, "P-1", at(tz, "2026-11-24 10:00"), 30, [], now)
    assert "in the past" in str(err.value)


def test_a_moved_visit_does_not_block_itself(config, tz, now):
    mine = booked(tz, "2026-11-25 10:00", aid="A-9", provider="Provider A", room="Room 1")
    other = booked(
        tz, "2026-11-25 10:00", aid="A-2", provider="Provider B", room="Room 2", patient="P-3"
    )
    start = at(tz, "2026-11-25 10:15")
    moved = assign(config, "P-2", start, 30, [mine, other], now, ignore_id="A-9")
    assert (moved.provider, moved.room, moved.ignore_id) == ("Provider A", "Room 1", "A-9")
    with pytest.raises(BookingRefused) as err:
        assign(config, "P-2", start, 30, [mine, other], now)  # without it: its own visit
    assert "already has a visit" in str(err.value)


def test_unknown_provider_or_room_is_refused(config):
    check_provider_room(config, "Provider A", "Room 3")
    check_provider_room(config, None, None)
    with pytest.raises(InvalidInput) as err:
        check_provider_room(config, "Dr Who", None)
    assert err.value.field == "provider" and "Provider A, Provider B" in str(err.value)
    with pytest.raises(InvalidInput) as err:
        check_provider_room(config, None, "Room 9")
    assert err.value.field == "room"


def test_walk_in_takes_the_first_free_slot_not_before_now(config, tz, pinned_now):
    on_the_slot = walkin_proposal(
        config, "P-1", config.appointment_type("consultation"), [], pinned_now("2026-11-24 10:30")
    )
    assert on_the_slot.start == at(tz, "2026-11-24 10:30")
    kind = config.appointment_type("consultation")
    proposal = walkin_proposal(config, "P-1", kind, [], pinned_now("2026-11-24 10:37"))
    assert proposal.start == at(tz, "2026-11-24 10:45")  # 10:30 has begun: the next one
    assert proposal.walk_in and proposal.minutes == kind.minutes
    assert (proposal.provider, proposal.room) == ("Provider A", "Room 1")


def test_walk_in_takes_the_next_free_slot_after_now(config, tz, now):
    kind = config.appointment_type("consultation")
    busy = [
        booked(tz, "2026-11-24 10:30", 60, aid="A-1", provider="Provider A", room="Room 1"),
        booked(tz, "2026-11-24 10:30", 60, aid="A-2", provider="Provider B", room="Room 2"),
    ]
    proposal = walkin_proposal(config, "P-1", kind, busy, now)
    assert proposal.start == at(tz, "2026-11-24 11:30")
    assert proposal.start >= now


def test_walk_in_keeps_to_the_asked_provider(config, tz, now):
    kind = config.appointment_type("consultation")
    busy = [booked(tz, "2026-11-24 10:30", 60, aid="A-1", provider="Provider B", room="Room 1")]
    anyone = walkin_proposal(config, "P-1", kind, busy, now)
    assert (anyone.start, anyone.provider) == (now, "Provider A")
    theirs = walkin_proposal(config, "P-1", kind, busy, now, provider="Provider B")
    assert (theirs.start, theirs.provider) == (at(tz, "2026-11-24 11:30"), "Provider B")


def test_walk_in_with_no_slot_left_today_is_refused(config, pinned_now):
    late = pinned_now("2026-11-24 17:50")
    kind = config.appointment_type("sculptra")
    with pytest.raises(BookingRefused) as err:
        walkin_proposal(config, "P-1", kind, [], late)
    assert str(err.value) == "No sculptra session slot is free for the rest of today."


@pytest.mark.parametrize(
    ("when", "words"),
    [("2026-11-29 11:00", "Sundays are by appointment only"), ("2026-11-26 11:00", "Thanksgiving")],
)
def test_walk_in_on_a_sunday_or_closed_day_is_refused(config, pinned_now, when, words):
    now = pinned_now(when)
    with pytest.raises(BookingRefused) as err:
        check_walkin_day(config, now)
    assert "No walk-ins" in str(err.value) and words in str(err.value)
    with pytest.raises(BookingRefused) as again:
        walkin_proposal(config, "P-1", config.appointment_type("consultation"), [], now)
    assert str(again.value) == str(err.value)


def test_walk_ins_are_taken_on_an_open_day(config, now):
    check_walkin_day(config, now)
