"""Typed working hours and breaks (shared by the CLI and the setup screen), and back."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as hs

from console.clinic.errors import InvalidInput
from console.clinic.setup_text import (
    breaks_text,
    format_breaks,
    format_week_hours,
    parse_breaks,
    parse_span,
    parse_week_hours,
    week_hours_text,
)

T = dt.time
NINE_SIX = (T(9), T(18))


def test_the_usual_forms():
    hours = parse_week_hours("mon-fri 09:00-18:00; sat 9am-2pm")
    assert [hours[d] for d in range(5)] == [NINE_SIX] * 5
    assert hours[5] == (T(9), T(14)) and hours[6] is None
    assert format_week_hours(hours) == "Mon–Fri 9:00 AM–6:00 PM, Sat 9:00 AM–2:00 PM"
    assert week_hours_text(hours) == "mon-fri 09:00-18:00; sat 09:00-14:00"
    # Commas between days belong to the group, a comma after a span starts the next one.
    hours = parse_week_hours("Mon,Wed 9:00-17:00, sun 10:00 - 14:00, tue off")
    assert hours == {
        0: (T(9), T(17)),
        1: None,
        2: (T(9), T(17)),
        3: None,
        4: None,
        5: None,
        6: (T(10), T(14)),
    }
    assert parse_week_hours("Monday – Friday 9:00 AM–6:00 PM")[4] == NINE_SIX
    # A range may wrap round the weekend.
    assert [d for d, s in parse_week_hours("fri-mon 10:00-12:00").items() if s] == [0, 4, 5, 6]
    assert parse_span("9:30am-1pm") == (T(9, 30), T(13))


def test_breaks_every_working_day_or_by_day():
    hours = parse_week_hours("mon-fri 09:00-18:00; sat 09:00-14:00")
    every = parse_breaks("12:30-13:00", hours)
    assert sorted(every) == [0, 1, 2, 3, 4, 5]
    assert every[0] == ((T(12, 30), T(13)),)
    assert format_breaks(every) == "Mon–Sat 12:30 PM–1:00 PM"
    by_day = parse_breaks("mon-fri 12:00-12:30, 15:00-15:15; sat 11:00-11:10", hours)
    assert by_day[2] == ((T(12), T(12, 30)), (T(15), T(15, 15)))
    assert by_day[5] == ((T(11), T(11, 10)),)
    assert parse_breaks(breaks_text(by_day), hours) == by_day
    assert parse_breaks("", hours) == parse_breaks("none", hours) == parse_breaks(None, hours) == {}
    assert format_breaks({}) == "No breaks"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", "Give the working hours"),
        ("mon-fri", "Give the hours for every day you name"),
        ("9:00-18:00", "Name the days before"),
        ("mon 18:00-09:00", "ends before it starts"),
        ("mon 9-5", "is not a time"),
        ("someday 9:00-10:00", "is not a weekday"),
        ("mon 9:00-10:00; mon 11:00-12:00", "Monday is named twice"),
        ("mon 9:00", "is not a span of time"),
    ],
)
def test_bad_hours_are_one_sentence(text, words):
    with pytest.raises(InvalidInput) as err:
        parse_week_hours(text, field="hours")
    assert words in str(err.value) and err.value.field == "hours"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("13:00-15:00", "outside Saturday's hours"),
        ("sun 12:00-13:00", "on a day off"),
        ("mon 12:00-13:00, 12:30-13:30", "Two breaks on Monday overlap"),
        ("lunch", "is not a weekday"),
    ],
)
def test_bad_breaks_are_one_sentence(text, words):
    hours = parse_week_hours("mon-fri 09:00-18:00; sat 09:00-14:00")
    with pytest.raises(InvalidInput) as err:
        parse_breaks(text, hours)
    assert words in str(err.value) and err.value.field == "breaks"


_spans = hs.one_of(
    hs.none(),
    hs.tuples(hs.integers(0, 47), hs.integers(1, 48))
    .filter(lambda p: p[0] < p[1])
    .map(
        lambda p: (
            T(p[0] // 2, 30 * (p[0] % 2)),
            T(min(p[1] // 2, 23), 30 * (p[1] % 2) if p[1] < 48 else 59),
        )
    ),
)


@settings(max_examples=200, deadline=None)
@given(hs.lists(_spans, min_size=7, max_size=7))
def test_the_typed_form_reads_back_the_same_hours(days):
    hours = {day: span for day, span in enumerate(days) if span is None or span[0] < span[1]}
    hours = {day: hours.get(day) for day in range(7)}
    if not any(hours.values()):
        return
    assert parse_week_hours(week_hours_text(hours)) == hours
    assert format_week_hours(hours).count("–") >= 1
