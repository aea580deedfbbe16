"""Reading a day typed by a person: ISO, US month/day forms, and words such as "friday"."""

from __future__ import annotations

import datetime as dt
import re

from console.clinic.errors import InvalidInput
from console.clinic.localtime import FIRST_DAY, LAST_DAY

#: The forms every date field and command-line date accepts, for the refusal sentence.
DAY_FORMS = "YYYY-MM-DD, M/D/YYYY, M/D, today, tomorrow, yesterday or a weekday name"

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_US = re.compile(r"(\d{1,2})/(\d{1,2})(?:/(\d{4}))?")


def _weekday(word: str) -> int | None:
    """The weekday number (Monday 0) a full name or 3-letter abbreviation names."""
    for number, name in enumerate(_WEEKDAYS):
        if word == name or (len(word) >= 3 and name.startswith(word)):
            return number
    return None


def _build(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _nearest(month: int, day: int, today: dt.date) -> dt.date | None:
    """The M/D date, in the year (last, this or next) that puts it nearest ``today``."""
    years = (today.year - 1, today.year, today.year + 1)
    options = [d for y in years if (d := _build(y, month, day))]
    if not options:
        return None
    return min(options, key=lambda d: (abs((d - today).days), d < today))


def parse_day(text: str, today: dt.date, *, field: str = "date") -> dt.date:
    """The day ``text`` names, relative to ``today``; :class:`InvalidInput` in one sentence.

    YYYY-MM-DD, M/D/YYYY, M/D (the nearest such date), today / tomorrow / yesterday, and a
    weekday name or abbreviation (the next such day, today when today is that weekday).
    """
    raw = (text or "").strip()
    word = raw.lower().rstrip(".")
    found: dt.date | None = None
    if word == "today":
        found = today
    elif word == "tomorrow":
        found = today + dt.timedelta(days=1)
    elif word == "yesterday":
        found = today - dt.timedelta(days=1)
    elif word.isalpha() and (number := _weekday(word)) is not None:
        found = today + dt.timedelta(days=(number - today.weekday()) % 7)
    elif match := _ISO.fullmatch(word):
        found = _build(int(match[1]), int(match[2]), int(match[3]))
    elif match := _US.fullmatch(word):
        month, day = int(match[1]), int(match[2])
        found = _build(int(match[3]), month, day) if match[3] else _nearest(month, day, today)
    if found is None:
        shown = raw if len(raw) <= 40 else raw[:40] + "…"
        raise InvalidInput(f"{shown!r} is not a date; use {DAY_FORMS}.", field)
    if not FIRST_DAY <= found <= LAST_DAY:
        raise InvalidInput(
            f"{found.isoformat()} is out of range; use a date from {FIRST_DAY.year} to "
            f"{LAST_DAY.year}.",
            field,
        )
    return found
