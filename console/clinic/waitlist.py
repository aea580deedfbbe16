"""The waitlist: patients waiting for an earlier or better time, and which freed time suits whom.

An entry says who waits (a patient), for what (an appointment type), and what would do:
one provider or any, some weekdays or any, a time-of-day window or any, until a date or
for good. When a visit is cancelled, moved or missed, :func:`suited` picks the entries
the freed time suits and :func:`ranked` puts them best first:

1. entries that asked for this freed time's provider by name, before those that take
   any provider (they can only use this provider's time; the others have more chances);
2. then the oldest request first (first come, first served);
3. then the entry whose ``until`` comes soonest (it runs out first), then by id.

Pure functions: whether the desk can really book the visit then (the provider's hours,
rooms, the patient's other visits) is the booking rules' say, asked by the desk.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import arrow

from console.clinic.config import WEEKDAYS
from console.clinic.dates import parse_clock, parse_day
from console.clinic.errors import InvalidInput
from console.clinic.localtime import NEWEST_RECORD, OLDEST_RECORD
from console.clinic.text import clean, shown

#: How a weekday is written in an entry and on screen.
DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
#: The longest note an entry keeps (a few words: "prefers mornings, call mobile").
MAX_NOTE = 200
_FULL_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@dataclass(frozen=True)
class WaitlistEntry:
    """One patient waiting for a visit of ``type`` at a time that suits them.

    ``weekdays`` empty means any day; ``start``/``end`` None means from opening / until
    closing; ``until`` None means until removed. ``created`` is the ISO instant it was
    added (the queue's order).
    """

    id: str
    patient_id: str
    type: str
    provider: str | None = None
    weekdays: frozenset[int] = frozenset()
    start: dt.time | None = None
    end: dt.time | None = None
    until: dt.date | None = None
    note: str = ""
    created: str = ""

    def expired(self, today: dt.date) -> bool:
        """True once ``today`` is past the entry's ``until`` date."""
        return self.until is not None and today > self.until

    def wants(self) -> str:
        """What the entry would take, in words: "Provider A · Mon, Wed · 9:00 AM–12:00 PM"."""
        parts = [self.provider or "any provider"]
        parts.append(days_text(self.weekdays) or "any day")
        if self.start or self.end:
            parts.append(
                f"{_clock(self.start) if self.start else 'opening'}–"
                f"{_clock(self.end) if self.end else 'closing'}"
            )
        if self.until:
            parts.append(f"until {self.until:%a} {self.until.day} {self.until:%b %Y}")
        return " · ".join(parts)

    def to_doc(self) -> dict[str, Any]:
        """The stored document."""
        return {
            "id": self.id,
            "patient_id": self.patient_id,
            "type": self.type,
            "provider": self.provider,
            "weekdays": [WEEKDAYS[d] for d in sorted(self.weekdays)],
            "from": self.start.strftime("%H:%M") if self.start else None,
            "to": self.end.strftime("%H:%M") if self.end else None,
            "until": self.until.isoformat() if self.until else None,
            "note": self.note,
            "created": self.created,
        }

    @classmethod
    def from_doc(cls, doc: Any) -> WaitlistEntry:
        """Rebuild an entry from its stored document; ValueError if it is not one."""
        if not isinstance(doc, dict):
            raise ValueError("it is not an object")
        ident, patient, kind = (_key(doc, k) for k in ("id", "patient_id", "type"))
        provider = doc.get("provider")
        if provider is not None and (not isinstance(provider, str) or not provider.strip()):
            raise ValueError('its "provider" is not a name')
        days = doc.get("weekdays", [])
        if not isinstance(days, list) or not all(d in WEEKDAYS for d in days):
            raise ValueError('its "weekdays" are not weekday names')
        start, end = _stored_time(doc, "from"), _stored_time(doc, "to")
        if start and end and start >= end:
            raise ValueError("its window ends before it starts")
        until = doc.get("until")
        if until is not None:
            until = _stored_date(until)
        note, created = doc.get("note", ""), doc.get("created", "")
        if not isinstance(note, str) or not isinstance(created, str):
            raise ValueError('its "note" or "created" is not text')
        return cls(
            id=ident,
            patient_id=patient,
            type=kind,
            provider=shown(provider) if provider else None,
            weekdays=frozenset(WEEKDAYS.index(d) for d in days),
            start=start,
            end=end,
            until=until,
            note=shown(note, multiline=False),
            created=created,
        )


def _key(doc: dict[str, Any], key: str) -> str:
    value = doc.get(key)
    if not isinstance(value, str) or not value.strip() or shown(value) != value:
        raise ValueError(f'its "{key}" is missing or not plain text')
    return value


def _stored_time(doc: dict[str, Any], key: str) -> dt.time | None:
    value = doc.get(key)
    if value is None:
        return None
    try:
        return dt.time.fromisoformat(value) if isinstance(value, str) else _bad(key)
    except ValueError:
        return _bad(key)


def _stored_date(value: Any) -> dt.date:
    try:
        day = dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        day = None
    if day is None or not OLDEST_RECORD <= day <= NEWEST_RECORD:
        raise ValueError('its "until" is not a date')
    return day


def _bad(key: str) -> dt.time:
    raise ValueError(f'its "{key}" is not a time (HH:MM)')


def _clock(time: dt.time) -> str:
    return f"{time.hour % 12 or 12}:{time.minute:02d} {'AM' if time.hour < 12 else 'PM'}"


def days_text(days: Iterable[int]) -> str:
    """``{0, 2}`` -> ``"Mon, Wed"`` ("" for none: any day)."""
    return ", ".join(DAY_NAMES[d] for d in sorted(days))


# -- what a person types -----------------------------------------------------------------


def parse_weekdays(text: str | None, *, field: str = "weekdays") -> frozenset[int]:
    """``"mon,wed"``, ``"mon-fri"``, ``"tue thu"`` -> weekday numbers (Monday 0).

    Empty or None is any day. Anything else is one sentence naming what was not a day.
    """
    found: set[int] = set()
    for part in re.split(r"[,\s]+", (text or "").strip().lower()):
        if not part:
            continue
        first, dash, last = part.partition("-")
        a = _day_number(first, field)
        b = _day_number(last, field) if dash else a
        span = range(a, b + 1) if a <= b else [*range(a, 7), *range(0, b + 1)]
        found.update(span)
    return frozenset(found)


def _day_number(word: str, field: str) -> int:
    for number, name in enumerate(WEEKDAYS):
        if word == name or (len(word) >= 3 and _FULL_NAMES[number].startswith(word)):
            return number
    shown_word = word if len(word) <= 20 else word[:20] + "…"
    raise InvalidInput(
        f"{shown_word!r} is not a weekday; use mon, tue, wed, thu, fri, sat or sun "
        "(e.g. mon,wed or mon-fri).",
        field,
    )


def parse_window(start: str | None, end: str | None) -> tuple[dt.time | None, dt.time | None]:
    """The time-of-day window (either end may be left open); one sentence if it is empty."""
    begin = parse_clock(start, field="from") if start and start.strip() else None
    finish = parse_clock(end, field="to") if end and end.strip() else None
    if begin and finish and begin >= finish:
        raise InvalidInput(
            f"The window ends ({_clock(finish)}) before it starts ({_clock(begin)}).", "to"
        )
    return begin, finish


def parse_until(text: str | None, today: dt.date) -> dt.date | None:
    """The last day the entry holds (any date form); a day already past is refused."""
    if not text or not text.strip():
        return None
    day = parse_day(text, today, field="until")
    if day < today:
        raise InvalidInput(
            f"{day:%a} {day.day} {day:%b %Y} has passed; give today or a later date.", "until"
        )
    return day


def parse_note(text: str | None) -> str:
    """A one-line note, cleaned; too long is one sentence."""
    note = clean(text)
    if len(note) > MAX_NOTE:
        raise InvalidInput(f"A waitlist note is at most {MAX_NOTE} characters.", "note")
    return note


# -- matching ------------------------------------------------------------------------------


def suits(
    entry: WaitlistEntry,
    start: arrow.Arrow,
    minutes: int,
    provider: str,
    today: dt.date,
) -> bool:
    """Whether a visit of ``minutes`` at ``start`` with ``provider`` is what ``entry`` waits for.

    Not expired (today and the visit's day both on or before ``until``), the provider
    asked for (if any), one of the weekdays (if any), and the whole visit inside the
    time window (if any). ``start`` is clinic-local.
    """
    day = start.date()
    if entry.expired(today) or (entry.until is not None and day > entry.until):
        return False
    if entry.provider is not None and entry.provider != provider:
        return False
    if entry.weekdays and day.weekday() not in entry.weekdays:
        return False
    begins = start.time().replace(tzinfo=None)
    ends = start.shift(minutes=minutes)
    if entry.start is not None and begins < entry.start:
        return False
    if entry.end is not None:
        finish = ends.time().replace(tzinfo=None)
        if ends.date() != day or finish > entry.end:
            return False
    return True


def rank_key(entry: WaitlistEntry, provider: str) -> tuple[int, str, dt.date, str]:
    """The order of :func:`ranked` (see the module's note): smaller is better."""
    named = 0 if entry.provider == provider else 1
    return (named, entry.created, entry.until or dt.date.max, entry.id)


def ranked(entries: Iterable[WaitlistEntry], provider: str) -> list[WaitlistEntry]:
    """``entries`` best first for a time freed with ``provider``; one (the best) per patient."""
    best: list[WaitlistEntry] = []
    seen: set[str] = set()
    for entry in sorted(entries, key=lambda e: rank_key(e, provider)):
        if entry.patient_id not in seen:
            seen.add(entry.patient_id)
            best.append(entry)
    return best


def suited(
    entries: Iterable[WaitlistEntry],
    start: arrow.Arrow,
    minutes_of: dict[str, int],
    provider: str,
    today: dt.date,
) -> list[WaitlistEntry]:
    """The entries a freed time at ``start`` with ``provider`` suits, best first.

    ``minutes_of`` gives each appointment type's length (the visit the entry would get);
    an entry of a type the clinic no longer has is left out.
    """
    fitting = [
        e
        for e in entries
        if e.type in minutes_of and suits(e, start, minutes_of[e.type], provider, today)
    ]
    return ranked(fitting, provider)
