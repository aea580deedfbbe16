"""One rule for the clinic's holiday closures, every year (2026–2030 checked by date)."""

import datetime as dt

import pytest

from console.clinic.hours import CLOSED, OPEN, day_info, holiday_reason
from tests.unit.setups import setup

D = dt.date

#: Every closed date 2026–2030 under "sunday_to_monday" (the shipped rule), with its name.
SUNDAY_TO_MONDAY = {
    D(2026, 1, 1): "New Year's Day",
    D(2026, 5, 25): "Memorial Day",
    D(2026, 7, 4): "Independence Day",
    D(2026, 9, 7): "Labor Day",
    D(2026, 11, 26): "Thanksgiving Day",
    D(2026, 12, 25): "Christmas Day",
    D(2027, 1, 1): "New Year's Day",
    D(2027, 5, 31): "Memorial Day",
    D(2027, 7, 4): "Independence Day",
    D(2027, 7, 5): "Independence Day (observed)",
    D(2027, 9, 6): "Labor Day",
    D(2027, 11, 25): "Thanksgiving Day",
    D(2027, 12, 25): "Christmas Day",
    D(2028, 1, 1): "New Year's Day",
    D(2028, 5, 29): "Memorial Day",
    D(2028, 7, 4): "Independence Day",
    D(2028, 9, 4): "Labor Day",
    D(2028, 11, 23): "Thanksgiving Day",
    D(2028, 12, 25): "Christmas Day",
    D(2029, 1, 1): "New Year's Day",
    D(2029, 5, 28): "Memorial Day",
    D(2029, 7, 4): "Independence Day",
    D(2029, 9, 3): "Labor Day",
    D(2029, 11, 22): "Thanksgiving Day",
    D(2029, 12, 25): "Christmas Day",
    D(2030, 1, 1): "New Year's Day",
    D(2030, 5, 27): "Memorial Day",
    D(2030, 7, 4): "Independence Day",
    D(2030, 9, 2): "Labor Day",
    D(2030, 11, 28): "Thanksgiving Day",
    D(2030, 12, 25): "Christmas Day",
}


def _closed(config, year_from=2026, year_to=2030):
    day, found = D(year_from, 1, 1), {}
    while day.year <= year_to:
        if reason := holiday_reason(config, day):
            found[day] = reason
        day += dt.timedelta(days=1)
    return found


def test_the_shipped_rule_closes_these_dates_and_no_others(config):
    assert config.holiday_rule == "sunday_to_monday"
    assert _closed(config) == SUNDAY_TO_MONDAY


def test_the_cases_the_issue_names(config):
    # Sun 4 Jul 2027: closed that Sunday and the Monday after.
    assert day_info(config, D(2027, 7, 4)).kind == CLOSED
    monday = day_info(config, D(2027, 7, 5))
    assert (monday.kind, monday.reason) == (CLOSED, "Independence Day (observed)")
    # Sat 25 Dec 2027 is closed on its own date, and Fri 24 Dec is an ordinary day.
    assert day_info(config, D(2027, 12, 25)).reason == "Christmas Day"
    assert day_info(config, D(2027, 12, 24)).kind == OPEN
    # Sat 1 Jan 2028 likewise; Fri 31 Dec 2027 open.
    assert day_info(config, D(2028, 1, 1)).kind == CLOSED
    assert day_info(config, D(2027, 12, 31)).kind == OPEN


def test_federal_moves_saturday_to_friday_and_sunday_to_monday():
    config = setup(holiday_rule="federal")
    closed = _closed(config)
    assert closed[D(2026, 7, 3)] == "Independence Day (observed)"  # Sat 4 Jul 2026
    assert D(2026, 7, 4) not in closed
    assert closed[D(2027, 7, 5)] == "Independence Day (observed)"  # Sun 4 Jul 2027
    assert D(2027, 7, 4) not in closed
    assert closed[D(2027, 12, 24)] == "Christmas Day (observed)"
    # Sat 1 Jan 2028 is observed on Fri 31 Dec 2027, in the year before.
    assert closed[D(2027, 12, 31)] == "New Year's Day (observed)"
    assert D(2028, 1, 1) not in closed
    assert len(closed) == len(SUNDAY_TO_MONDAY) - 1  # no extra Monday for Sun 4 Jul 2027


def test_actual_keeps_the_dates_only():
    closed = _closed(setup(holiday_rule="actual"))
    assert closed == {d: r for d, r in SUNDAY_TO_MONDAY.items() if "observed" not in r}


@pytest.mark.parametrize("year", range(2031, 2060, 7))
def test_every_future_year_has_the_six_holidays(config, year):
    closed = _closed(config, year, year)
    names = {reason.removesuffix(" (observed)") for reason in closed.values()}
    assert names == set(config.holiday_names)
    for day, reason in closed.items():
        if reason.endswith("(observed)"):
            assert day.weekday() == 0 and closed[day - dt.timedelta(days=1)]


def test_an_unlisted_holiday_is_open(config):
    assert holiday_reason(config, D(2027, 11, 11)) is None  # Veterans Day
