"""Office hours: what kind of day a date is, from the shipped data/clinic.json."""

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as hs

from console.clinic.hours import BY_APPOINTMENT, CLOSED, OPEN, day_info, next_open_day

NINE, SIX_PM, TWO_PM = dt.time(9), dt.time(18), dt.time(14)


def test_weekdays_are_open_nine_to_six(config):
    # Mon 23 Nov 2026 .. Fri 27 Nov 2026 minus Thanksgiving (Thu 26).
    for day in (23, 24, 25, 27):
        info = day_info(config, dt.date(2026, 11, day))
        assert (info.kind, info.opens, info.closes) == (OPEN, NINE, SIX_PM), day
        assert info.is_open and info.bookable


def test_saturday_is_open_nine_to_two(config):
    info = day_info(config, dt.date(2026, 11, 28))
    assert (info.kind, info.opens, info.closes) == (OPEN, NINE, TWO_PM)
    assert info.describe() == "Open 9:00 AM–2:00 PM"


def test_sunday_is_by_appointment_with_its_window(config):
    info = day_info(config, dt.date(2026, 11, 29))
    assert info.kind == BY_APPOINTMENT
    assert (info.opens, info.closes) == (dt.time(10), dt.time(16))
    assert info.bookable and not info.is_open
    assert info.describe() == "By appointment only (bookable 10:00 AM–4:00 PM)"


def test_thanksgiving_is_closed(config):
    info = day_info(config, dt.date(2026, 11, 26))
    assert info.kind == CLOSED
    assert info.reason == "Thanksgiving Day"
    assert info.opens is None and info.closes is None
    assert not info.bookable
    assert info.describe() == "Closed: Thanksgiving Day"


def test_configured_closure_is_closed_with_its_reason(config):
    info = day_info(config, dt.date(2026, 12, 24))
    assert info.kind == CLOSED
    assert info.reason == "Christmas Eve: staff holiday"


def test_a_holiday_the_clinic_does_not_observe_is_open(config):
    # Veterans Day (Wed 11 Nov 2026) is a US holiday but not in the clinic's list.
    assert day_info(config, dt.date(2026, 11, 11)).kind == OPEN


def test_next_open_day_skips_thanksgiving(config):
    assert next_open_day(config, dt.date(2026, 11, 25)).date == dt.date(2026, 11, 27)


@settings(deadline=None, max_examples=300)
@given(hs.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2035, 12, 31)))
def test_every_day_has_one_consistent_kind(config, day):
    info = day_info(config, day)
    assert info.date == day
    assert info.kind in (OPEN, BY_APPOINTMENT, CLOSED)
    if info.kind == OPEN:
        assert info.opens < info.closes
        assert info.opens >= NINE and info.closes <= SIX_PM
    elif info.kind == BY_APPOINTMENT:
        assert info.opens < info.closes
    else:
        assert info.reason
        assert info.opens is None and info.closes is None
    if day.weekday() == 6:
        assert info.kind != OPEN
