"""The waitlist's pure rules: what a person types, which freed time suits an entry, the order."""

import datetime as dt

import pytest

from console.clinic.errors import InvalidInput
from console.clinic.waitlist import (
    WaitlistEntry,
    parse_note,
    parse_until,
    parse_weekdays,
    parse_window,
    ranked,
    suited,
    suits,
)
from tests.unit.moments import at

TODAY = dt.date(2026, 11, 24)  # a Tuesday
LENGTHS = {"consultation": 30, "sculptra": 60}


def entry(ident="W-000001", patient="P-1", kind="consultation", created="2026-11-01", **more):
    return WaitlistEntry(ident, patient, kind, created=created, **more)


def test_weekdays_in_every_usual_spelling():
    assert parse_weekdays("mon,wed") == {0, 2}
    assert parse_weekdays("Mon-Fri") == {0, 1, 2, 3, 4}
    assert parse_weekdays("tue thursday") == {1, 3}
    assert parse_weekdays("sat-mon") == {5, 6, 0}
    assert parse_weekdays("") == frozenset() and parse_weekdays(None) == frozenset()
    with pytest.raises(InvalidInput) as err:
        parse_weekdays("mon,funday")
    assert str(err.value) == (
        "'funday' is not a weekday; use mon, tue, wed, thu, fri, sat or sun (e.g. mon,wed "
        "or mon-fri)."
    )
    assert err.value.field == "weekdays"


def test_window_until_and_note_refusals_are_one_sentence():
    assert parse_window("9:00", "12pm") == (dt.time(9), dt.time(12))
    assert parse_window(None, "13:00") == (None, dt.time(13))
    with pytest.raises(InvalidInput, match=r"ends \(9:00 AM\) before it starts \(2:00 PM\)"):
        parse_window("14:00", "09:00")
    with pytest.raises(InvalidInput) as err:
        parse_window("25:00", None)
    assert err.value.field == "from"
    assert parse_until("2026-12-31", TODAY) == dt.date(2026, 12, 31)
    assert parse_until(None, TODAY) is None
    with pytest.raises(InvalidInput, match="has passed") as err:
        parse_until("2026-11-23", TODAY)
    assert err.value.field == "until"
    assert parse_note("  call\x1b[31m mobile ") == "call[31m mobile"
    with pytest.raises(InvalidInput, match="at most 200"):
        parse_note("x" * 201)


def test_a_freed_time_suits_an_entry_by_provider_day_window_and_until(tz):
    wed_10 = at(tz, "2026-11-25 10:00")  # a Wednesday
    assert suits(entry(), wed_10, 30, "Provider A", TODAY)
    assert suits(entry(provider="Provider A"), wed_10, 30, "Provider A", TODAY)
    assert not suits(entry(provider="Provider B"), wed_10, 30, "Provider A", TODAY)
    assert suits(entry(weekdays=frozenset({2})), wed_10, 30, "Provider A", TODAY)
    assert not suits(entry(weekdays=frozenset({0, 1})), wed_10, 30, "Provider A", TODAY)
    # The whole visit inside the window: 10:00-10:30 fits 10:00-10:30, not 9:00-10:15.
    assert suits(entry(start=dt.time(10), end=dt.time(10, 30)), wed_10, 30, "A", TODAY)
    assert not suits(entry(start=dt.time(9), end=dt.time(10, 15)), wed_10, 30, "A", TODAY)
    assert not suits(entry(start=dt.time(10, 15)), wed_10, 30, "A", TODAY)
    # Until: the visit's day on or before it, and the entry not already expired.
    assert suits(entry(until=dt.date(2026, 11, 25)), wed_10, 30, "A", TODAY)
    assert not suits(entry(until=dt.date(2026, 11, 24)), wed_10, 30, "A", TODAY)
    expired = entry(until=dt.date(2026, 11, 23))
    assert expired.expired(TODAY) and not suits(expired, wed_10, 30, "A", TODAY)


def test_the_window_holds_across_a_dst_change(tz):
    # Sun 8 Mar 2026 springs forward; Monday's 10:00 visit is still 10:00 in the window.
    monday = at(tz, "2026-03-09 10:00")
    assert suits(
        entry(start=dt.time(10), end=dt.time(10, 30)), monday, 30, "A", dt.date(2026, 3, 1)
    )


def test_ranking_named_provider_first_then_oldest_then_soonest_until(tz):
    wed_10 = at(tz, "2026-11-25 10:00")
    old_any = entry("W-000001", "P-1", created="2026-10-01")
    new_named = entry("W-000002", "P-2", created="2026-11-20", provider="Provider A")
    old_named = entry("W-000003", "P-3", created="2026-11-02", provider="Provider A")
    same_day_soon = entry("W-000004", "P-4", created="2026-10-01", until=dt.date(2026, 12, 1))
    wrong_provider = entry("W-000005", "P-5", created="2026-09-01", provider="Provider B")
    order = suited(
        [old_any, new_named, old_named, same_day_soon, wrong_provider],
        wed_10,
        LENGTHS,
        "Provider A",
        TODAY,
    )
    assert [e.id for e in order] == ["W-000003", "W-000002", "W-000004", "W-000001"]


def test_one_offer_per_patient_and_unknown_types_left_out(tz):
    wed_10 = at(tz, "2026-11-25 10:00")
    first = entry("W-000001", "P-1", created="2026-10-01")
    second = entry("W-000002", "P-1", kind="sculptra", created="2026-10-02")
    gone = entry("W-000003", "P-2", kind="retired_type", created="2026-09-01")
    assert [e.id for e in suited([second, first, gone], wed_10, LENGTHS, "A", TODAY)] == [
        "W-000001"
    ]
    assert [e.id for e in ranked([second, first], "A")] == ["W-000001"]


def test_the_stored_document_round_trips_and_a_bad_one_is_refused():
    full = entry(
        provider="Provider A",
        weekdays=frozenset({0, 2}),
        start=dt.time(9),
        end=dt.time(12),
        until=dt.date(2026, 12, 31),
        note="mornings",
    )
    assert WaitlistEntry.from_doc(full.to_doc()) == full
    assert full.to_doc()["weekdays"] == ["mon", "wed"]
    assert full.wants() == "Provider A · Mon, Wed · 9:00 AM–12:00 PM · until Thu 31 Dec 2026"
    assert entry().wants() == "any provider · any day"
    for bad in (
        [],
        {"id": "W-1"},
        {**full.to_doc(), "weekdays": ["funday"]},
        {**full.to_doc(), "from": "13:00"},
        {**full.to_doc(), "until": "soon"},
        {**full.to_doc(), "id": "W-\x1b[2J"},
    ):
        with pytest.raises(ValueError):
            WaitlistEntry.from_doc(bad)
