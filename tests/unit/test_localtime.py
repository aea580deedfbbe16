"""Clinic-local wall-clock time across daylight-saving changes and foreign host zones."""

import datetime as dt
import os
import time

import arrow
import pytest
from hypothesis import given, settings
from hypothesis import strategies as hs

from console.clinic.clock import FixedClock, SystemClock
from console.clinic.errors import InvalidInput
from console.clinic.localtime import local, parse_local, same_instant, shift_local

HOUR = dt.timedelta(hours=1)


def test_spring_forward_gap_is_refused(tz):
    with pytest.raises(InvalidInput) as err:
        local(dt.date(2026, 3, 8), dt.time(2, 30), tz)
    assert "02:30" in str(err.value)
    assert err.value.field == "start"


def test_ambiguous_fall_back_time_is_the_earlier_daylight_instant(tz):
    moment = local(dt.date(2026, 11, 1), dt.time(1, 30), tz)
    assert moment.utcoffset() == -7 * HOUR
    assert moment.isoformat() == "2026-11-01T01:30:00-07:00"


@pytest.mark.parametrize(
    ("start", "before", "after"),
    [
        (dt.date(2026, 2, 20), -8, -7),  # across spring forward (8 Mar)
        (dt.date(2026, 10, 16), -7, -8),  # across fall back (1 Nov)
    ],
)
def test_six_weeks_later_keeps_ten_o_clock(tz, start, before, after):
    first = local(start, dt.time(10), tz)
    later = shift_local(first, tz, weeks=6)
    assert later.date() == start + dt.timedelta(weeks=6)
    assert later.time() == dt.time(10)
    assert first.utcoffset() == before * HOUR
    assert later.utcoffset() == after * HOUR
    # Not the same as adding 42 x 24 hours of real time.
    assert later.to("UTC") != first.to("UTC").shift(weeks=6)


def test_same_instant_tells_the_two_half_past_ones_apart(tz):
    daylight = local(dt.date(2026, 11, 1), dt.time(1, 30), tz)
    standard = arrow.Arrow(2026, 11, 1, 1, 30, tzinfo=tz, fold=1)
    also_standard = daylight.to("UTC").shift(hours=1).to(tz)
    # Documented Arrow/datetime behaviour: equal wall clocks in one zone compare equal.
    assert daylight == standard
    assert daylight.time() == also_standard.time() == dt.time(1, 30)
    assert standard.utcoffset() == -8 * HOUR
    assert not same_instant(daylight, standard)
    assert not same_instant(daylight, also_standard)
    assert same_instant(standard, also_standard)
    assert same_instant(daylight, daylight.to("Asia/Tokyo"))


def test_fixed_clock_advances_by_real_time_across_fall_back(tz):
    start = local(dt.date(2026, 11, 1), dt.time(1, 30), tz)
    clock = FixedClock(start, tz)
    clock.advance(hours=1)
    # "an absolute duration": one real hour after 01:30 PDT is 01:30 PST.
    assert clock.now().to("UTC") == start.to("UTC").shift(hours=1)


@pytest.fixture
def tokyo_host():
    """The host (or SSH client) says TZ=Asia/Tokyo; restored afterwards."""
    old = os.environ.get("TZ")
    os.environ["TZ"] = "Asia/Tokyo"
    time.tzset()
    yield
    if old is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = old
    time.tzset()


def test_results_do_not_depend_on_host_zone(tokyo_host, tz):
    assert time.strftime("%Z") == "JST"  # the fixture really changed the host zone
    assert parse_local("2026-11-24 10:00", tz).isoformat() == "2026-11-24T10:00:00-08:00"
    fixed = FixedClock(arrow.Arrow(2026, 11, 24, 18, 30, tzinfo="UTC"), tz)
    assert fixed.now().isoformat() == "2026-11-24T10:30:00-08:00"
    now = SystemClock(tz).now()
    assert now.tzinfo == tz
    assert now.utcoffset() in (-7 * HOUR, -8 * HOUR)
    assert abs(now.to("UTC").datetime - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=5)


def test_explicit_offset_is_read_as_that_instant(tz):
    moment = parse_local("2026-11-24T18:00:00+00:00", tz)
    assert moment.isoformat() == "2026-11-24T10:00:00-08:00"


@pytest.mark.parametrize("text", ["2026-13-40 10:00", "tomorrow", "", "2026-11-24 25:00"])
def test_bad_date_time_is_refused_in_one_sentence(tz, text):
    with pytest.raises(InvalidInput) as err:
        parse_local(text, tz)
    assert "YYYY-MM-DD HH:MM" in str(err.value)


@settings(deadline=None, max_examples=300)
@given(
    day=hs.dates(min_value=dt.date(2026, 1, 1), max_value=dt.date(2030, 12, 31)),
    minute=hs.integers(min_value=9 * 60, max_value=18 * 60),
    weeks=hs.integers(min_value=-30, max_value=60),
    days=hs.integers(min_value=-30, max_value=30),
)
def test_shifting_by_whole_days_keeps_the_wall_time(tz, day, minute, weeks, days):
    start = local(day, dt.time(minute // 60, minute % 60), tz)
    later = shift_local(start, tz, weeks=weeks, days=days)
    assert later.time() == start.time()
    assert later.date() == day + dt.timedelta(weeks=weeks, days=days)
    assert later.utcoffset() in (-7 * HOUR, -8 * HOUR)
