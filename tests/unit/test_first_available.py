"""First available: the next free times across days, with weekday/after/before filters."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as hs

from console.clinic.booking import Proposal, check_booking
from console.clinic.errors import BookingRefused, InvalidInput
from console.clinic.first import first_available
from console.clinic.localtime import to_iso
from console.clinic.models import Appointment
from tests.unit.moments import at
from tests.unit.setups import WEEK, provider, setup

T = dt.time


@pytest.fixture(scope="module")
def clinic():
    return setup(
        providers=[
            provider(
                "Provider A",
                WEEK | {"tue": None},
                breaks={"mon": ["12:00-13:00"]},
                types=["consultation", "sculptra"],
            ),
            provider("Provider B", WEEK | {"wed": None, "thu": "13:00-18:00"}),
        ],
        time_off=[
            {
                "id": "T-1",
                "provider": "Provider B",
                "from": "2026-12-07 09:00",
                "to": "2026-12-09 00:00",
                "reason": "Course",
            }
        ],
        types={"sculptra": {"buffer": 15}},
    )


def nothing(_day):
    return []


def when(slots):
    return [(f"{s.start:ddd D MMM HH:mm}", s.provider) for s in slots]


def test_next_times_one_a_day_skipping_closed_days_and_days_off(clinic):
    now = at(clinic.tz, "2026-12-04 17:50")  # Fri, ten minutes before closing
    slots = first_available(clinic, nothing, "consultation", now, limit=4)
    assert when(slots) == [
        ("Sat 5 Dec 09:00", "Provider A"),
        # Sun 6 Dec: nobody is scheduled on Sundays in this setup.
        ("Mon 7 Dec 09:00", "Provider A"),
        # Tue 8 Dec: A is off on Tuesdays and B away until midnight.
        ("Wed 9 Dec 09:00", "Provider A"),
        ("Thu 10 Dec 09:00", "Provider A"),
    ]


def test_provider_weekday_after_and_before(clinic):
    now = at(clinic.tz, "2026-12-01 08:00")  # Tue
    # Provider B on Thursdays works from 1 PM.
    slots = first_available(
        clinic,
        nothing,
        "consultation",
        now,
        provider="Provider B",
        weekdays=frozenset({3}),
        limit=2,
    )
    assert when(slots) == [("Thu 3 Dec 13:00", "Provider B"), ("Thu 10 Dec 13:00", "Provider B")]
    # Mondays after 11:30 and done by 13:30: A's break is 12-1.
    slots = first_available(
        clinic,
        nothing,
        "sculptra",
        now,
        weekdays=frozenset({0}),
        after=T(11, 30),
        before=T(14, 30),
        limit=1,
        per_day=3,
    )
    assert when(slots) == [("Mon 7 Dec 13:00", "Provider A")]
    slots = first_available(
        clinic,
        nothing,
        "consultation",
        now,
        weekdays=frozenset({0}),
        after=T(11, 0),
        before=T(13, 30),
        limit=3,
        per_day=3,
    )
    assert [f"{s.start:HH:mm}" for s in slots] == ["11:00", "11:15", "11:30"]
    # Several a day when asked.
    slots = first_available(clinic, nothing, "consultation", now, limit=3, per_day=3)
    assert [f"{s.start:D HH:mm}" for s in slots] == ["1 09:00", "1 09:15", "1 09:30"]


def test_booked_visits_and_buffers_push_the_first_time(clinic):
    tz = clinic.tz
    now = at(tz, "2026-12-03 08:00")  # Thu
    busy = [
        Appointment(
            "A-1", "P-9", to_iso(at(tz, "2026-12-03 09:00")), 60, "sculptra", "Provider A", "Room 1"
        )
    ]
    asked: list[dt.date] = []

    def on(day):
        asked.append(day)
        return busy if day == dt.date(2026, 12, 3) else []

    (slot,) = first_available(clinic, on, "consultation", now, provider="Provider A", limit=1)
    assert f"{slot.start:HH:mm}" == "10:15"  # 10:00 + the Sculptra buffer
    assert asked == [dt.date(2026, 12, 3)]
    check_booking(
        clinic,
        Proposal("P-1", slot.start, 30, slot.provider, slot.room, type_key="consultation"),
        busy,
        now,
    )


def test_refusals_are_one_sentence(clinic):
    now = at(clinic.tz, "2026-12-01 08:00")
    with pytest.raises(BookingRefused, match="Provider A does not give Skin care"):
        first_available(clinic, nothing, "skin_care", now, provider="Provider A")
    with pytest.raises(InvalidInput, match="earliest time should be before the latest"):
        first_available(clinic, nothing, "consultation", now, after=T(14), before=T(10))
    with pytest.raises(InvalidInput, match="not a provider here"):
        first_available(clinic, nothing, "consultation", now, provider="Dr No")
    with pytest.raises(InvalidInput, match="not an appointment type"):
        first_available(clinic, nothing, "laser", now)
    # Nothing in the horizon is an empty list, not an error.
    assert (
        first_available(
            clinic, nothing, "consultation", now, after=T(17, 45), before=T(18, 30), horizon_days=20
        )
        == []
    )


@settings(deadline=None, max_examples=40)
@given(
    start=hs.datetimes(min_value=dt.datetime(2026, 1, 1), max_value=dt.datetime(2030, 12, 1)),
    days=hs.sets(hs.integers(0, 6), min_size=1),
    after=hs.integers(8, 16),
)
def test_every_time_offered_can_be_booked(clinic, start, days, after):
    now = at(clinic.tz, f"{start:%Y-%m-%d} {start:%H}:00")
    slots = first_available(
        clinic,
        nothing,
        "consultation",
        now,
        weekdays=frozenset(days),
        after=T(after),
        limit=3,
        horizon_days=30,
    )
    for slot in slots:
        assert slot.start.weekday() in days and slot.start.time() >= T(after)
        check_booking(
            clinic,
            Proposal("P-1", slot.start, 30, slot.provider, slot.room, type_key="consultation"),
            [],
            now,
        )
    assert [s.start for s in slots] == sorted(s.start for s in slots)
