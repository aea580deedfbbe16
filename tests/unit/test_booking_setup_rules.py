"""Booking honours the setup: providers' hours and types, time off, rooms, buffers, Sundays."""

import datetime as dt

import pytest

from console.clinic.assign import assign, walkin_proposal
from console.clinic.booking import Proposal, check_booking, free_slots
from console.clinic.errors import BookingRefused
from console.clinic.localtime import to_iso
from console.clinic.models import Appointment
from tests.unit.moments import at
from tests.unit.setups import WEEK, provider, setup

NOW = "2026-12-01 08:00"  # Tue 1 Dec 2026, before opening


def visit(tz, text, minutes, type_key, provider_name, room, aid="A-1", patient="P-2"):
    return Appointment(aid, patient, to_iso(at(tz, text)), minutes, type_key, provider_name, room)


def refusal(config, prop, same_day=(), **kw):
    with pytest.raises(BookingRefused) as err:
        check_booking(config, prop, list(same_day), at(config.tz, NOW), **kw)
    return str(err.value), err.value.field


def ok(config, prop, same_day=(), **kw):
    check_booking(config, prop, list(same_day), at(config.tz, NOW), **kw)


def prop(config, text, minutes=30, who="Provider A", room="Room 1", type_key="", **kw):
    return Proposal("P-1", at(config.tz, text), minutes, who, room, type_key=type_key, **kw)


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
            provider("Provider B", WEEK | {"wed": None}, types=[]),
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
                "to": "2026-12-03 18:00",
                "reason": "Conference",
            }
        ],
    )


def test_provider_hours_breaks_and_time_off(clinic):
    assert refusal(clinic, prop(clinic, "2026-12-02 10:00", who="Provider B")) == (
        "Provider B is off on Wednesdays.",
        "provider",
    )
    assert refusal(clinic, prop(clinic, "2026-12-02 12:15", 30)) == (
        "Provider A is on a break 12:30 PM–1:00 PM.",
        "provider",
    )
    assert refusal(clinic, prop(clinic, "2026-12-03 10:00", who="Provider B"))[0] == (
        "Provider B is away (Conference) until 6:00 PM."
    )
    ok(clinic, prop(clinic, "2026-12-02 13:00"))
    # Without a provider asked, the one working is chosen; when the only one who gives
    # the type is away, that is the sentence.
    chosen = assign(
        clinic,
        "P-1",
        at(clinic.tz, "2026-12-03 10:00"),
        30,
        [],
        at(clinic.tz, NOW),
        type_key="consultation",
    )
    assert chosen.provider == "Provider A"
    with pytest.raises(BookingRefused, match="Provider B is away"):
        assign(
            clinic,
            "P-1",
            at(clinic.tz, "2026-12-03 10:00"),
            45,
            [],
            at(clinic.tz, NOW),
            type_key="skin_care",
        )


def test_outside_hours_lifts_weekly_hours_but_never_time_off_or_rooms(clinic):
    ok(clinic, prop(clinic, "2026-12-02 10:00", who="Provider B"), outside_hours=True)
    ok(clinic, prop(clinic, "2026-12-02 12:15"), outside_hours=True)
    ok(clinic, prop(clinic, "2026-12-01 18:30"), outside_hours=True)
    assert (
        refusal(clinic, prop(clinic, "2026-12-03 10:00", who="Provider B"), outside_hours=True)[1]
        == "provider"
    )
    assert refusal(clinic, prop(clinic, "2026-12-01 10:00", room="Room 2"), outside_hours=True) == (
        "Room 2 is out of service (Being serviced).",
        "room",
    )


def test_types_a_provider_gives_and_the_room_a_type_needs(clinic):
    assert refusal(clinic, prop(clinic, "2026-12-01 10:00", 45, type_key="skin_care")) == (
        "Provider A does not give Skin care service appointments.",
        "provider",
    )
    assert refusal(
        clinic, prop(clinic, "2026-12-01 10:00", 60, room="Room 3", type_key="sculptra")
    ) == ("A Sculptra session needs Room 1.", "room")
    slots = free_slots(
        clinic, dt.date(2026, 12, 1), 60, [], at(clinic.tz, NOW), type_key="sculptra"
    )
    assert slots and {s.room for s in slots} == {"Room 1"}
    slots = free_slots(
        clinic, dt.date(2026, 12, 1), 45, [], at(clinic.tz, NOW), type_key="skin_care"
    )
    assert {s.provider for s in slots} == {"Provider B"}
    assert "Room 2" not in {s.room for s in slots}
    with pytest.raises(BookingRefused, match="No provider here gives"):
        assign(
            setup(providers=[provider("Provider A", WEEK, types=["consultation"])]),
            "P-1",
            at(clinic.tz, "2026-12-01 10:00"),
            45,
            [],
            at(clinic.tz, NOW),
            type_key="skin_care",
        )


def test_buffers_keep_provider_and_room_clear_after_a_visit(clinic):
    tz = clinic.tz
    booked = [visit(tz, "2026-12-01 10:00", 60, "sculptra", "Provider A", "Room 1")]
    # Right after the Sculptra session, its 15-minute buffer holds the provider and room.
    text, field = refusal(clinic, prop(clinic, "2026-12-01 11:00", room="Room 3"), booked)
    assert field == "provider" and "buffer" in text
    assert refusal(clinic, prop(clinic, "2026-12-01 11:00", who="Provider B"), booked)[1] == "room"
    ok(clinic, prop(clinic, "2026-12-01 11:00", who="Provider B", room="Room 3"), booked)
    ok(clinic, prop(clinic, "2026-12-01 11:15"), booked)
    # A new Sculptra session keeps its own buffer clear before the next visit.
    later = [visit(tz, "2026-12-01 15:00", 30, "consultation", "Provider A", "Room 3")]
    assert (
        refusal(clinic, prop(clinic, "2026-12-01 14:00", 60, type_key="sculptra"), later)[1]
        == "provider"
    )
    ok(clinic, prop(clinic, "2026-12-01 13:45", 60, type_key="sculptra"), later)
    ok(clinic, prop(clinic, "2026-12-01 14:30", 30, type_key="consultation", room="Room 1"), later)
    # The same patient may have back-to-back visits: buffers hold rooms and providers.
    mine = [visit(tz, "2026-12-01 10:00", 60, "sculptra", "Provider A", "Room 1", patient="P-1")]
    ok(clinic, prop(clinic, "2026-12-01 11:00", who="Provider B", room="Room 3"), mine)
    slots = free_slots(
        clinic,
        dt.date(2026, 12, 1),
        60,
        booked,
        at(tz, NOW),
        provider="Provider A",
        type_key="sculptra",
    )
    starts = [f"{s.start:HH:mm}" for s in slots]
    # 9:00 would run its buffer into the 10:00 visit; 11:15 is the first after it.
    assert starts[0] == "11:15"
    assert "10:45" not in starts and "11:00" not in starts


def test_sunday_needs_a_scheduled_provider():
    config = setup()  # shipped: Provider A works Sundays 10-16, B does not
    sunday = "2026-12-06 11:00"
    ok(config, prop(config, sunday))
    assert refusal(config, prop(config, sunday, who="Provider B")) == (
        "Provider B is not scheduled on Sun 6 Dec.",
        "provider",
    )
    assert refusal(config, prop(config, sunday, who="Provider B"), outside_hours=True) == (
        "Provider B is not scheduled on Sun 6 Dec.",
        "provider",
    )
    slots = free_slots(config, dt.date(2026, 12, 6), 30, [], at(config.tz, NOW))
    assert slots and {s.provider for s in slots} == {"Provider A"}
    nobody = setup(providers=[provider("Provider A", WEEK), provider("Provider B", WEEK)])
    assert free_slots(nobody, dt.date(2026, 12, 6), 30, [], at(config.tz, NOW)) == []
    with pytest.raises(BookingRefused, match="not scheduled on Sun 6 Dec"):
        assign(
            nobody, "P-1", at(config.tz, sunday), 30, [], at(config.tz, NOW), provider="Provider A"
        )


def test_a_walkin_goes_to_a_provider_who_works_now(clinic):
    tz = clinic.tz
    now = at(tz, "2026-12-02 10:05")  # Wednesday: B is off
    kind = clinic.appointment_type("consultation")
    got = walkin_proposal(clinic, "P-1", kind, [], now)
    assert got.provider == "Provider A" and got.type_key == "consultation"
    skin = clinic.appointment_type("skin_care")
    with pytest.raises(BookingRefused, match="No skin care service slot"):
        walkin_proposal(clinic, "P-1", skin, [], now)
