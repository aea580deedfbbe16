"""Reading a day typed by a person: ISO, US month/day forms, and words such as "friday"."""

from __future__ import annotations

import contextlib
import datetime as dt
import re

import arrow

from console.clinic.errors import InvalidInput
from console.clinic.localtime import FIRST_DAY, LAST_DAY, in_range, local

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


_CLOCK = re.compile(r"(\d{1,2})(?::(\d{2}))?\s*([ap])\.?m?\.?")
#: The forms a time of day may take, for the refusal sentence.
TIME_FORMS = "HH:MM (24-hour) or H:MM am/pm"


def parse_clock(text: str, *, field: str = "time") -> dt.time:
    """A time of day: ``14:30``, ``2:30pm``, ``2:30 PM`` or ``2pm``; else one sentence."""
    raw = (text or "").strip()
    word = raw.lower()
    found: dt.time | None = None
    if match := _CLOCK.fullmatch(word):
        hour, minute = int(match[1]), int(match[2] or 0)
        if 1 <= hour <= 12 and minute < 60:
            found = dt.time(hour % 12 + (12 if match[3] == "p" else 0), minute)
    elif re.fullmatch(r"\d{1,2}:\d{2}", word):
        hour, minute = (int(part) for part in word.split(":"))
        if hour < 24 and minute < 60:
            found = dt.time(hour, minute)
    if found is None:
        shown = raw if len(raw) <= 40 else raw[:40] + "…"
        raise InvalidInput(f"{shown!r} is not a time; use {TIME_FORMS}.", field)
    return found


def split_start(text: str) -> tuple[str, str]:
    """``"12/15 2:30 pm"`` → ``("12/15", "2:30 pm")``: the day, then the time at the end."""
    words = re.sub(r"(?<=\d)T(?=\d)", " ", text or "").split()
    take = 2 if len(words) >= 3 and words[-1].lower().strip(".") in ("am", "pm", "a", "p") else 1
    return " ".join(words[:-take]), " ".join(words[-take:])


def parse_start(text: str, today: dt.date, tz: dt.tzinfo, *, field: str = "start") -> arrow.Arrow:
    """A day and a time of day in the clinic's zone: any :func:`parse_day` form, then a time.

    ``2026-12-15 14:30``, ``12/15 2:30pm``, ``friday 10:00``; an ISO instant with an offset
    is read as that instant.
    """
    raw = (text or "").strip()
    with contextlib.suppress(ValueError):
        parsed = dt.datetime.fromisoformat(raw)
        if parsed.tzinfo is not None:
            in_range(parsed.date(), field)
            return arrow.Arrow.fromdatetime(parsed).to(tz)
    day_text, time_text = split_start(raw)
    if not day_text:
        shown = raw if len(raw) <= 40 else raw[:40] + "…"
        raise InvalidInput(
            f"{shown!r} is not a date and time; use a date ({DAY_FORMS}) then a time "
            f"({TIME_FORMS}).",
            field,
        )
    return local(parse_day(day_text, today, field=field), parse_clock(time_text, field=field), tz)
