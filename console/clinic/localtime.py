"""Clinic-local wall-clock time, safe across daylight-saving changes.

Rules (documented in the README):

* Every instant is built from a clinic-local date and time with an explicit zone;
  naive values are never interpreted in the host's zone.
* A local time that does not exist (the spring-forward gap, e.g. 02:30 on the second
  Sunday of March) is refused with :class:`InvalidInput`.
* A local time that happens twice (the fall-back night, 01:30) resolves to the
  earlier occurrence, which is still on daylight time.
* Instants are compared by their UTC value, never by wall clock: Arrow and
  ``datetime`` treat the two 01:30s of the fall-back night as equal.
* Dates are within :data:`FIRST_DAY` and :data:`LAST_DAY`: far enough from year 1 and
  year 9999 that date arithmetic (a series months ahead, a week view, a zone shift)
  can never overflow, and a typo such as ``0026-11-24`` is refused, not scheduled.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from functools import lru_cache

import arrow

from console.clinic.errors import InvalidInput

#: The first and last dates a person may type (a command, a form).
FIRST_DAY = dt.date(1900, 1, 1)
LAST_DAY = dt.date(2999, 12, 31)
#: The range a stored record's dates must lie in: wider than what can be typed (a series
#: planned from the last day that can be typed runs on into the next year), and still far
#: from year 1 and year 9999, so no arithmetic on a record can overflow.
OLDEST_RECORD = dt.date(1800, 1, 1)
NEWEST_RECORD = dt.date(3999, 12, 31)


def zone(name: str) -> dt.tzinfo:
    """Return the tzinfo for an IANA zone name (``America/Los_Angeles``)."""
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise InvalidInput(f"{name!r} is not a known time zone.", "timezone") from None


@lru_cache(maxsize=8192)
def local(day: dt.date, time: dt.time, tz: dt.tzinfo) -> arrow.Arrow:
    """The instant at wall-clock ``time`` on ``day`` in ``tz``, by the rules above."""
    naive = dt.datetime.combine(day, time.replace(tzinfo=None, fold=0))
    aware = naive.replace(tzinfo=tz)
    # A wall time inside the spring-forward gap does not survive a round trip via UTC.
    if aware.astimezone(dt.UTC).astimezone(tz).replace(tzinfo=None) != naive:
        raise InvalidInput(
            f"{time:%H:%M} does not exist on {day:%a %d %b %Y}: the clocks spring forward then.",
            "start",
        )
    # fold=0 is the first of two ambiguous occurrences: daylight time.
    return arrow.Arrow.fromdatetime(aware)


def shift_local(start: arrow.Arrow, tz: dt.tzinfo, *, days: int = 0, weeks: int = 0) -> arrow.Arrow:
    """Move ``start`` by whole days keeping its local wall-clock time.

    "Six weeks later at 10:00" stays 10:00 even when a daylight-saving change falls
    in between; the result follows the same gap/ambiguity rules as :func:`local`.
    """
    here = start.to(tz)
    target = here.date() + dt.timedelta(days=days, weeks=weeks)
    return local(target, here.time(), tz)


def same_instant(a: arrow.Arrow, b: arrow.Arrow) -> bool:
    """True when ``a`` and ``b`` are the same moment (compared in UTC)."""
    return a.to("UTC").datetime == b.to("UTC").datetime


def in_range(day: dt.date, field: str = "date") -> dt.date:
    """``day`` if it lies between :data:`FIRST_DAY` and :data:`LAST_DAY`, else refuse."""
    if not FIRST_DAY <= day <= LAST_DAY:
        raise InvalidInput(
            f"{day.isoformat()} is out of range; use a date from {FIRST_DAY.year} "
            f"to {LAST_DAY.year}.",
            field,
        )
    return day


def parse_date(text: str, field: str = "date") -> dt.date:
    """Parse ``YYYY-MM-DD`` (within the clinic's years) or refuse with one sentence."""
    try:
        day = dt.date.fromisoformat(text.strip())
    except (ValueError, AttributeError):
        raise InvalidInput(f"{text!r} is not a date; use YYYY-MM-DD.", field) from None
    return in_range(day, field)


def parse_local(text: str, tz: dt.tzinfo, field: str = "start") -> arrow.Arrow:
    """Parse ``YYYY-MM-DD HH:MM`` as clinic-local wall-clock time.

    A value with an explicit offset (ISO 8601 ``...-08:00``) is read as that instant.
    """
    raw = (text or "").strip()
    try:
        parsed = dt.datetime.fromisoformat(raw.replace("T", " "))
    except ValueError:
        raise InvalidInput(
            f"{raw!r} is not a date and time; use YYYY-MM-DD HH:MM.", field
        ) from None
    in_range(parsed.date(), field)
    if parsed.tzinfo is not None:
        return arrow.Arrow.fromdatetime(parsed).to(tz)
    return local(parsed.date(), parsed.time(), tz)


def parse_time(text: str, field: str = "time") -> dt.time:
    """Parse ``HH:MM`` (24-hour) or refuse with one sentence."""
    try:
        return dt.time.fromisoformat(text.strip())
    except (ValueError, AttributeError):
        raise InvalidInput(f"{text!r} is not a time; use HH:MM.", field) from None


@lru_cache(maxsize=8192)
def from_iso(text: str, tz: dt.tzinfo) -> arrow.Arrow:
    """Read a stored ISO 8601 instant (with offset) and express it in ``tz``.

    Cached: the schedule reads the same few hundred instants over and over, and
    Arrow objects are immutable.
    """
    return arrow.Arrow.fromdatetime(dt.datetime.fromisoformat(text)).to(tz)


def to_iso(moment: arrow.Arrow) -> str:
    """Write an instant as ISO 8601 with its offset, to the second."""
    return moment.floor("second").isoformat()
