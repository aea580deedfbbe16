"""parse_day and parse_start: every form a receptionist types, and one sentence otherwise."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as hs

from console.clinic.dates import parse_clock, parse_day, parse_start
from console.clinic.errors import InvalidInput
from console.clinic.localtime import zone

TUESDAY = dt.date(2026, 11, 24)
TZ = zone("America/Los_Angeles")
days = hs.dates(dt.date(1901, 1, 1), dt.date(2998, 12, 31))


@given(day=days, today=days)
def test_iso_and_us_forms_name_the_same_day(day, today):
    assert parse_day(day.isoformat(), today) == day
    assert parse_day(f"{day.month}/{day.day}/{day.year}", today) == day
    assert parse_day(f"{day.month:02d}/{day.day:02d}/{day.year}", today) == day


@given(today=days, month=hs.integers(1, 12), day=hs.integers(1, 28))
def test_month_day_is_the_nearest_such_date(today, month, day):
    found = parse_day(f"{month}/{day}", today)
    assert (found.month, found.day) == (month, day)
    assert abs((found - today).days) <= 183


@given(today=days)
def test_a_weekday_is_the_next_such_day_or_today(today):
    for name in ("monday", "tue", "Wednesday", "thu", "FRI", "sat", "sun"):
        found = parse_day(name, today)
        assert 0 <= (found - today).days <= 6
        assert found.strftime("%a").lower() == name[:3].lower()


def test_words():
    assert parse_day("today", TUESDAY) == TUESDAY
    assert parse_day(" Tomorrow ", TUESDAY) == dt.date(2026, 11, 25)
    assert parse_day("yesterday", TUESDAY) == dt.date(2026, 11, 23)
    assert parse_day("tue", TUESDAY) == TUESDAY
    assert parse_day("12/15", TUESDAY) == dt.date(2026, 12, 15)
    assert parse_day("1/3", TUESDAY) == dt.date(2027, 1, 3)
    assert parse_day("5/1", TUESDAY) == dt.date(2027, 5, 1)  # nearer than last May


@pytest.mark.parametrize("text", ["", "13/45", "2/30/2026", "2026-13-01", "someday", "12/15/26"])
def test_anything_else_is_one_sentence_naming_the_forms(text):
    with pytest.raises(InvalidInput) as err:
        parse_day(text, TUESDAY, field="when")
    assert err.value.field == "when"
    assert "YYYY-MM-DD, M/D/YYYY, M/D, today" in str(err.value)
    assert "\n" not in str(err.value)


@pytest.mark.parametrize("text", ["1899-12-31", "3000-01-01", "1/1/0026"])
def test_out_of_range_years_are_refused(text):
    with pytest.raises(InvalidInput):
        parse_day(text, TUESDAY)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("14:30", dt.time(14, 30)),
        ("2:30pm", dt.time(14, 30)),
        ("2:30 PM", dt.time(14, 30)),
        ("12am", dt.time(0, 0)),
        ("12:15 p.m.", dt.time(12, 15)),
        ("9am", dt.time(9, 0)),
    ],
)
def test_clock_forms(text, expected):
    assert parse_clock(text) == expected


@pytest.mark.parametrize("text", ["25:00", "13pm", "2:60pm", "noon", ""])
def test_bad_times(text):
    with pytest.raises(InvalidInput, match="is not a time"):
        parse_clock(text)


@pytest.mark.parametrize(
    "text",
    ["2026-12-15 14:30", "2026-12-15T14:30", "12/15 2:30pm", "12/15/2026 2:30 PM", "tue 14:30"],
)
def test_start_forms(text):
    start = parse_start(text, dt.date(2026, 12, 10), TZ)
    assert start.isoformat() == "2026-12-15T14:30:00-08:00"


def test_start_with_an_offset_is_that_instant():
    assert parse_start("2026-12-15T22:30:00+00:00", TUESDAY, TZ).isoformat() == (
        "2026-12-15T14:30:00-08:00"
    )


def test_a_start_without_a_day_is_refused():
    with pytest.raises(InvalidInput, match="is not a date and time"):
        parse_start("14:30", TUESDAY, TZ)
