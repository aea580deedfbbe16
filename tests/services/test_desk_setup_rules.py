"""The desk's booking paths honour the setup: hours, breaks, time off, types, rooms, buffers."""

import datetime as dt

import pytest

from console.clinic.clock import FixedClock
from console.clinic.errors import BookingRefused
from console.desk import Desk
from console.services.series import plan_series_for
from console.store import Store
from tests.unit.setups import WEEK, provider, setup


@pytest.fixture(scope="module")
def clinic():
    return setup(
        providers=[
            provider(
                "Provider A",
                WEEK,
                breaks={"wed": ["12:30-13:00"]},
                types=["consultation", "sculptra", "follow_up"],
            ),
            provider("Provider B", WEEK | {"wed": None}),
        ],
        rooms=[
            {"name": "Room 1", "in_service": True, "note": ""},
            {"name": "Room 2", "in_service": False, "note": "Being serviced"},
            {"name": "Room 3", "in_service": True, "note": ""},
        ],
        types={"sculptra": {"buffer": 15, "room": "Room 1"}},
        time_off=[
            {
                "id": "T-1",
                "provider": "Provider B",
                "from": "2026-12-03 09:00",
                "to": "2026-12-04 18:00",
                "reason": "Conference",
            }
        ],
    )


@pytest.fixture
def make(tmp_path, clinic, treatments, pinned_now):
    desks = []

    def build(now="2026-12-02 10:05"):
        desk = Desk(
            Store(tmp_path / "store"), clinic, treatments, FixedClock(pinned_now(now), clinic.tz)
        )
        desks.append(desk)
        return desk

    yield build
    for desk in desks:
        desk.close()


def test_booking_moving_and_slots_follow_the_setup(make):
    desk = make()  # Wed 2 Dec 2026 10:05: B's day off, A's break 12:30-1:00
    ann = desk.add_patient("Ann", "Lee", "714-225-5138").id
    bob = desk.add_patient("Bob", "Ray", "714-225-5139").id
    with pytest.raises(BookingRefused, match="Provider B is off on Wednesdays"):
        desk.book(ann, "2026-12-02 11:00", "consultation", provider="Provider B")
    with pytest.raises(BookingRefused, match="Provider A is on a break"):
        desk.book(ann, "2026-12-02 12:15", "consultation", provider="Provider A")
    with pytest.raises(BookingRefused, match="Room 2 is out of service"):
        desk.book(ann, "2026-12-08 11:00", "consultation", room="Room 2")
    with pytest.raises(BookingRefused, match="does not give Skin care"):
        desk.book(ann, "2026-12-07 11:00", "skin_care", provider="Provider A")
    sculptra = desk.book(ann, "2026-12-07 10:00", "sculptra")
    assert (sculptra.provider, sculptra.room) == ("Provider A", "Room 1")
    # The buffer after the Sculptra session: A's next start that Monday is 11:15.
    slots = desk.free_slots(sculptra.day(desk.tz), "consultation", provider="Provider A")
    starts = [f"{s.start:HH:mm}" for s in slots]
    assert "10:45" not in starts and "11:00" not in starts and "11:15" in starts
    # Skin care goes to B only, never in Room 2; none on B's time off.
    skin = desk.free_slots(sculptra.day(desk.tz), "skin_care")
    assert {s.provider for s in skin} == {"Provider B"} and "Room 2" not in {s.room for s in skin}
    assert desk.free_slots(dt.date(2026, 12, 3), "skin_care") == []
    # Moving B's visit into B's time off is refused with the reason.
    visit = desk.book(bob, "2026-12-08 11:00", "skin_care")
    with pytest.raises(BookingRefused, match=r"Provider B is away \(Conference\)"):
        desk.reschedule(visit.id, "2026-12-03 11:00")
    # Booked outside the provider's hours on purpose, it is marked an exception.
    odd = desk.book(
        bob, "2026-12-09 11:00", "consultation", provider="Provider B", outside_hours=True
    )
    assert odd.outside_hours is True
    assert desk.appointment(odd.id).outside_hours is True


def test_walkins_go_to_who_is_working(make):
    desk = make()  # Wednesday: only A works
    ann = desk.add_patient("Ann", "Lee", "714-225-5138").id
    options = desk.walkin_options(ann, "consultation")
    assert {o.provider for o in options} == {"Provider A"}
    assert all(o.type_key == "consultation" for o in options)
    with pytest.raises(BookingRefused, match="No skin care service slot"):
        desk.walkin(ann, "skin_care")
    walked = desk.walkin(ann, "consultation")
    assert walked.provider == "Provider A" and walked.status == "arrived"


def test_a_series_plan_keeps_to_the_providers_hours(make):
    desk = make("2026-11-24 10:30")
    ann = desk.add_patient("Ann", "Lee", "714-225-5138").id
    _, sessions = plan_series_for(desk, ann, "2026-12-01 10:00")
    for session in sessions:
        assert session.slot.room == "Room 1" and session.slot.provider == "Provider A"
