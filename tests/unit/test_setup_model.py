"""The setup document: from_dict validates with one sentence, to_dict gives it back exactly."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as hs

from console.clinic.config import ClinicConfig, ProviderHours, Room
from console.clinic.errors import InvalidInput
from tests.unit.setups import WEEK, provider, setup, shipped_doc


def test_the_shipped_document_round_trips_exactly():
    doc = shipped_doc()
    config = ClinicConfig.from_dict(doc)
    assert config.to_dict() == doc
    assert ClinicConfig.from_dict(config.to_dict()) == config
    assert config.providers == ("Provider A", "Provider B")
    assert config.rooms == ("Room 1", "Room 2", "Room 3")
    assert config.holiday_rule == "sunday_to_monday"


def test_the_shipped_providers_work_office_hours_and_a_has_sundays(config):
    a, b = config.provider_hours("Provider A"), config.provider_hours("Provider B")
    assert a.hours[6] == (dt.time(10), dt.time(16)) and b.hours[6] is None
    assert a.hours[0] == b.hours[0] == (dt.time(9), dt.time(18))
    assert a.hours[5] == (dt.time(9), dt.time(14))
    assert a.gives("sculptra") and a.types == ()


def test_an_old_file_with_plain_names_still_loads():
    doc = shipped_doc()
    doc["providers"] = ["Dr Lee", "Dr Kim"]
    doc["rooms"] = ["Room 1", "Room 2"]
    for key in ("time_off", "shifts"):
        del doc[key]
    del doc["holidays"]["rule"]
    for kind in doc["appointment_types"].values():
        for key in ("buffer", "room", "walk_in", "treatment"):
            kind.pop(key)
    config = ClinicConfig.from_dict(doc)
    lee = config.provider_hours("Dr Lee")
    # Every open day's office hours, no Sunday (by appointment), no breaks.
    assert lee.hours[0] == (dt.time(9), dt.time(18)) and lee.hours[5] == (dt.time(9), dt.time(14))
    assert lee.hours[6] is None and lee.breaks == {}
    assert config.room_list == (Room("Room 1"), Room("Room 2"))
    assert config.holiday_rule == "sunday_to_monday"
    assert config.appointment_type("consultation").buffer == 0
    # Written back, it is in the new shape and reads back the same.
    assert ClinicConfig.from_dict(config.to_dict()) == config
    assert config.to_dict()["providers"][0]["hours"]["sun"] is None


def test_a_full_setup_round_trips():
    config = setup(
        providers=[
            provider(
                "Provider A",
                WEEK | {"wed": None},
                breaks={"mon": ["12:30-13:00"], "tue": ["12:00-12:30", "15:00-15:15"]},
                types=["consultation", "sculptra"],
            ),
            provider("Provider B", WEEK),
        ],
        rooms=[
            {"name": "Room 1", "in_service": True, "note": ""},
            {"name": "Laser", "in_service": False, "note": "Being serviced"},
        ],
        time_off=[
            {
                "id": "T-1",
                "provider": "Provider B",
                "from": "2026-12-10 09:00",
                "to": "2026-12-11 18:00",
                "reason": "Conference",
            }
        ],
        shifts=[{"provider": "Provider A", "date": "2026-12-06", "from": "10:00", "to": "14:00"}],
        types={"sculptra": {"buffer": 15, "room": "Room 1"}},
        holiday_rule="federal",
        extra_key={"kept": True},
    )
    doc = config.to_dict()
    assert ClinicConfig.from_dict(doc) == config
    assert ClinicConfig.from_dict(doc).to_dict() == doc
    assert doc["extra_key"] == {"kept": True}
    assert doc["time_off"][0]["from"] == "2026-12-10 09:00"
    a = config.provider_hours("Provider A")
    assert not a.gives("skin_care") and a.gives("sculptra")
    assert a.day_breaks(1) == ((dt.time(12), dt.time(12, 30)), (dt.time(15), dt.time(15, 15)))
    assert config.room("Laser").in_service is False
    assert config.time_off[0].start.utcoffset() == dt.timedelta(hours=-8)
    assert config.appointment_type("sculptra").buffer == 15


@pytest.mark.parametrize(
    ("changes", "sentence", "field"),
    [
        ({"providers": []}, "The clinic needs at least one provider.", "provider"),
        ({"providers": ["A", "A"]}, "The provider 'A' is listed twice.", "provider"),
        ({"rooms": ["R", "R"]}, "A room is listed twice.", "room"),
        ({"providers": [provider("A", {"mon": "18:00-09:00"})]}, "should end after", "hours"),
        ({"providers": [{"name": "A", "hours": {"xyz": "09:00-10:00"}}]}, "not a weekday", "hours"),
        (
            {"providers": [provider("A", {"mon": "09:00-12:00"}, breaks={"mon": ["12:30-13:00"]})]},
            "outside the hours",
            "breaks",
        ),
        (
            {"providers": [provider("A", {"mon": "09:00-12:00"}, breaks={"tue": ["10:00-10:30"]})]},
            "does not work that day",
            "breaks",
        ),
        ({"providers": [provider("A", WEEK, types=["laser"])]}, "not an appointment type", "types"),
        ({"types": {"sculptra": {"room": "Room 9"}}}, "not a room", "room"),
        ({"types": {"sculptra": {"buffer": -5}}}, "buffer should be 0 to", "buffer"),
        ({"types": {"sculptra": {"minutes": 0}}}, "should last 1 to", "minutes"),
        ({"holiday_rule": "lunar"}, "not a holiday rule", "rule"),
        (
            {
                "time_off": [
                    {"provider": "Nobody", "from": "2026-12-10 09:00", "to": "2026-12-10 10:00"}
                ]
            },
            "is not a provider",
            "provider",
        ),
        (
            {
                "time_off": [
                    {"provider": "Provider A", "from": "2026-12-10 09:00", "to": "2026-12-10 08:00"}
                ]
            },
            "ends before it starts",
            "to",
        ),
        (
            {
                "shifts": [
                    {"provider": "Provider A", "date": "2026-13-01", "from": "10:00", "to": "12:00"}
                ]
            },
            "is not a date",
            "date",
        ),
    ],
)
def test_a_bad_setup_is_refused_in_one_sentence(changes, sentence, field):
    with pytest.raises(InvalidInput) as err:
        setup(**changes)
    assert sentence in str(err.value)
    assert str(err.value).count(". ") == 0 and str(err.value).endswith(".")
    assert err.value.field == field


def test_unknown_provider_and_room_name_the_known_ones(config):
    with pytest.raises(InvalidInput, match="use one of: Provider A, Provider B"):
        config.provider_hours("Dr Who")
    with pytest.raises(InvalidInput, match="use one of: Room 1, Room 2, Room 3"):
        config.room("Attic")


_span = hs.tuples(hs.integers(0, 22), hs.integers(1, 23)).filter(lambda p: p[0] < p[1])


@settings(deadline=None, max_examples=60)
@given(hs.lists(hs.one_of(hs.none(), _span), min_size=7, max_size=7), hs.booleans())
def test_any_weekly_pattern_round_trips(days, in_service):
    hours = {
        key: None if span is None else f"{span[0]:02d}:00-{span[1]:02d}:00"
        for key, span in zip(("mon", "tue", "wed", "thu", "fri", "sat", "sun"), days, strict=True)
    }
    config = setup(
        providers=[provider("Provider A", hours), "Provider B"],
        rooms=[
            {"name": "Room 1", "in_service": True, "note": ""},
            {"name": "Room 2", "in_service": in_service, "note": "x"},
        ],
    )
    assert ClinicConfig.from_dict(config.to_dict()) == config
    assert isinstance(config.staff["Provider A"], ProviderHours)
