"""Extreme values are exit 2 with one sentence: never a traceback, never an OverflowError.

Dates at year 1 or 9999, minutes of 0 or twenty digits, years that are nan, inf or
negative, limits of 0, names made only of invisible characters, and no command when
the output is not a terminal. The runs fork from the fork server (``tests/cli/conftest.py``);
``test_cli_errors.py`` runs a few of them through the installed script too.
"""

import pytest

from tests.cli.test_cli_errors import assert_one_line_error

BOOK = ["book", "--patient", "{pid}", "--type", "consultation"]

CASES = {
    "day in year 9999": ["day", "9999-12-31"],
    "hours in year 1": ["hours", "0001-01-01"],
    "slots in year 9999": ["slots", "9999-12-31", "--type", "consultation"],
    "calls in year 9999": ["calls", "9999-12-31"],
    "close in year 1": ["close", "0001-01-01"],
    "export from year 9999": ["export", "--date", "9999-12-31"],
    "export up to year 9999": ["export", "--date", "2026-11-24", "--to", "9999-12-31"],
    "book at the last second of 9999": [*BOOK, "--start", "9999-12-31T23:59:59+00:00"],
    "book in year 1": [*BOOK, "--start", "0001-01-01 09:00"],
    "reschedule to year 9999": ["reschedule", "{aid}", "--start", "9999-12-31 10:00"],
    "plan a series from year 9999": ["plan", "--patient", "{pid}", "--first", "9999-12-01 10:00"],
    "zero minutes": [*BOOK, "--start", "2026-11-25 10:00", "--minutes", "0"],
    "negative minutes": [*BOOK, "--start", "2026-11-25 10:00", "--minutes", "-30"],
    "a day of minutes": [*BOOK, "--start", "2026-11-25 10:00", "--minutes", "1440"],
    "four thousand digits of minutes": [
        *BOOK,
        "--start",
        "2026-11-25 10:00",
        "--minutes",
        "9" * 5000,
    ],
    "seed years inf": ["seed", "--years", "inf"],
    "seed years negative": ["seed", "--years", "-1"],
    "bench years nan": ["bench", "--years", "nan", "--no-memory"],
    "bench rounds zero": ["bench", "--rounds", "0", "--no-memory"],
    "find limit zero": ["find", "Ann", "--limit", "0"],
    "audit limit negative": ["audit", "--limit", "-5"],
    "console on year 1": ["--date", "0001-01-01"],
    "console with no terminal": [],
}

INVISIBLE_NAMES = {
    "zero-width space": "\u200b",
    "word joiner": "\u2060",
    "combining marks only": "\u0301\u0308",
    "bidi marks only": "\u200e\u202e\u2066",
    "byte-order mark and spaces": "\ufeff  \u3000",
    "hangul filler": "\u3164",
}


@pytest.fixture
def booked(ok, patient_id):
    return ok(*[a.replace("{pid}", patient_id) for a in BOOK], "--start", "2026-11-25 10:00")


@pytest.mark.parametrize("args", CASES.values(), ids=CASES.keys())
def test_extreme_value(frontdesk, patient_id, booked, args):
    aid = booked.split()[0]
    args = [a.replace("{pid}", patient_id).replace("{aid}", aid) for a in args]
    result = frontdesk(*args)
    assert_one_line_error(result)
    assert "Overflow" not in result.err


@pytest.mark.parametrize("name", INVISIBLE_NAMES.values(), ids=INVISIBLE_NAMES.keys())
def test_a_name_of_only_invisible_characters_is_empty(frontdesk, patient_id, name):
    added = frontdesk("patient", "add", "--first", name, "--last", "Lee", "--phone", "7142255138")
    assert_one_line_error(added)
    assert "first name is empty" in added.err
    updated = frontdesk("patient", "update", patient_id, "--last", name)
    assert_one_line_error(updated)
    assert "last name is empty" in updated.err


def test_minutes_within_bounds_still_book(ok, patient_id):
    line = ok(
        *[a.replace("{pid}", patient_id) for a in BOOK],
        "--start",
        "2026-11-25 10:00",
        "--minutes",
        "45",
    )
    assert "(45 min)" in line
