"""Who works when and where: providers' weekly hours, rooms, time off and dated shifts.

Pure data with its JSON form (the ``providers``, ``rooms``, ``time_off`` and ``shifts``
keys of the clinic's setup document); :mod:`console.clinic.config` holds them together
and :mod:`console.clinic.availability` answers questions about them.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field
from typing import Any

from console.clinic.errors import InvalidInput
from console.clinic.localtime import parse_date, parse_local, parse_time

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
#: Weekday names for sentences ("off on Wednesdays").
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

Span = tuple[dt.time, dt.time]


@dataclass(frozen=True)
class ProviderHours:
    """One provider's working pattern: hours per weekday, breaks, the types they give."""

    name: str
    #: Weekday (0 = Monday .. 6 = Sunday) -> (start, end), or None for a day off.
    hours: dict[int, Span | None]
    #: Weekday -> the breaks that day (inside that day's hours).
    breaks: dict[int, tuple[Span, ...]] = field(default_factory=dict)
    #: The appointment types this provider gives; empty means every type.
    types: tuple[str, ...] = ()

    def gives(self, type_key: str) -> bool:
        """True when this provider gives ``type_key`` (an empty key asks about none)."""
        return not self.types or not type_key or type_key in self.types

    def day_hours(self, weekday: int) -> Span | None:
        """The weekly hours on ``weekday`` (0 = Monday), None on a day off."""
        return self.hours.get(weekday)

    def day_breaks(self, weekday: int) -> tuple[Span, ...]:
        """The breaks on ``weekday``, earliest first."""
        return self.breaks.get(weekday, ())


@dataclass(frozen=True)
class Room:
    """A treatment room; one out of service takes no bookings."""

    name: str
    in_service: bool = True
    note: str = ""


@dataclass(frozen=True)
class TimeOff:
    """A provider away from ``start`` to ``end`` (aware datetimes in the clinic's zone)."""

    id: str
    provider: str
    start: dt.datetime
    end: dt.datetime
    reason: str = ""


@dataclass(frozen=True)
class Shift:
    """Extra dated hours for a provider (a Sunday, or a day they are usually off)."""

    provider: str
    date: dt.date
    start: dt.time
    end: dt.time


# --- the JSON form --------------------------------------------------------------------


def span_text(span: Span) -> str:
    """``09:00-18:00``: the stored form of a span of the day."""
    return f"{span[0]:%H:%M}-{span[1]:%H:%M}"


def read_span(text: Any, what: str, field: str = "hours") -> Span:
    """A stored ``HH:MM-HH:MM`` span (start before end), else one sentence naming ``what``."""
    if not isinstance(text, str) or text.count("-") != 1:
        raise InvalidInput(f"{what} should be HH:MM-HH:MM, not {text!r}.", field)
    first, last = text.split("-")
    start, end = parse_time(first, field), parse_time(last, field)
    if start >= end:
        raise InvalidInput(f"{what} ({text}) should end after they start.", field)
    return start, end


def _weekday_key(key: Any, who: str) -> int:
    if key not in WEEKDAYS:
        raise InvalidInput(f"{who} names {key!r}, not a weekday (mon..sun).", "hours")
    return WEEKDAYS.index(key)


def provider_from_dict(raw: Any, office: dict[int, Span | None]) -> ProviderHours:
    """One provider from its stored form; a plain name works every open day's office hours."""
    if isinstance(raw, str):
        return ProviderHours(_name(raw, "A provider"), dict(office), {}, ())
    if not isinstance(raw, dict):
        raise InvalidInput(f"A provider should be a name or an object, not {raw!r}.", "provider")
    name = _name(raw.get("name"), "A provider")
    who = f"{name}'s hours"
    hours: dict[int, Span | None] = dict.fromkeys(range(7))
    for key, value in (raw.get("hours") or {}).items():
        day = _weekday_key(key, who)
        hours[day] = None if value in (None, "off") else read_span(value, f"{name}'s {key} hours")
    breaks: dict[int, tuple[Span, ...]] = {}
    for key, values in (raw.get("breaks") or {}).items():
        day = _weekday_key(key, f"{name}'s breaks")
        spans = tuple(sorted(read_span(v, f"{name}'s {key} break", "breaks") for v in values))
        check_breaks(name, day, hours[day], spans)
        if spans:
            breaks[day] = spans
    types = raw.get("types") or []
    if not isinstance(types, list) or not all(isinstance(t, str) for t in types):
        raise InvalidInput(f"{name}'s types should be a list of type keys.", "types")
    return ProviderHours(name, hours, breaks, tuple(types))


def check_breaks(name: str, day: int, hours: Span | None, spans: tuple[Span, ...]) -> None:
    """Refuse a break outside the day's hours or overlapping another (one sentence)."""
    label = DAY_NAMES[day][:3]
    for start, end in spans:
        if hours is None:
            raise InvalidInput(
                f"{name} has a break on {label} but does not work that day.", "breaks"
            )
        if start < hours[0] or end > hours[1]:
            raise InvalidInput(
                f"{name}'s break {start:%H:%M}-{end:%H:%M} on {label} is outside the hours "
                f"{span_text(hours)}.",
                "breaks",
            )
    for (_, first_end), (second_start, _) in itertools.pairwise(spans):
        if second_start < first_end:
            raise InvalidInput(f"{name}'s breaks on {label} overlap.", "breaks")


def provider_to_dict(provider: ProviderHours) -> dict[str, Any]:
    """The stored form of one provider (every weekday named, breaks only where there are)."""
    return {
        "name": provider.name,
        "hours": {
            key: None if (span := provider.hours.get(day)) is None else span_text(span)
            for day, key in enumerate(WEEKDAYS)
        },
        "breaks": {
            WEEKDAYS[day]: [span_text(span) for span in spans]
            for day, spans in sorted(provider.breaks.items())
            if spans
        },
        "types": list(provider.types),
    }


def room_from_dict(raw: Any) -> Room:
    """One room from its stored form (a plain name is a room in service)."""
    if isinstance(raw, str):
        return Room(_name(raw, "A room"))
    if not isinstance(raw, dict):
        raise InvalidInput(f"A room should be a name or an object, not {raw!r}.", "room")
    return Room(
        _name(raw.get("name"), "A room"),
        bool(raw.get("in_service", True)),
        str(raw.get("note") or ""),
    )


def room_to_dict(room: Room) -> dict[str, Any]:
    """The stored form of one room."""
    return {"name": room.name, "in_service": room.in_service, "note": room.note}


def time_off_from_dict(raw: Any, tz: dt.tzinfo) -> TimeOff:
    """One time off from its stored form (clinic-local ``YYYY-MM-DD HH:MM`` wall times)."""
    if not isinstance(raw, dict):
        raise InvalidInput(f"A time off should be an object, not {raw!r}.", "time_off")
    provider = _name(raw.get("provider"), "A time off's provider")
    start = parse_local(str(raw.get("from") or ""), tz, "from").datetime
    end = parse_local(str(raw.get("to") or ""), tz, "to").datetime
    if end.astimezone(dt.UTC) <= start.astimezone(dt.UTC):
        raise InvalidInput(f"{provider}'s time off ends before it starts.", "to")
    return TimeOff(str(raw.get("id") or ""), provider, start, end, str(raw.get("reason") or ""))


def wall_text(moment: dt.datetime, tz: dt.tzinfo) -> str:
    """``YYYY-MM-DD HH:MM``: an instant as the clinic's wall clock shows it."""
    return moment.astimezone(tz).strftime("%Y-%m-%d %H:%M")


def time_off_to_dict(item: TimeOff, tz: dt.tzinfo) -> dict[str, Any]:
    """The stored form of one time off."""
    return {
        "id": item.id,
        "provider": item.provider,
        "from": wall_text(item.start, tz),
        "to": wall_text(item.end, tz),
        "reason": item.reason,
    }


def shift_from_dict(raw: Any) -> Shift:
    """One dated shift from its stored form."""
    if not isinstance(raw, dict):
        raise InvalidInput(f"A shift should be an object, not {raw!r}.", "shift")
    provider = _name(raw.get("provider"), "A shift's provider")
    day = parse_date(str(raw.get("date") or ""), "date")
    start, end = read_span(f"{raw.get('from')}-{raw.get('to')}", f"{provider}'s shift hours")
    return Shift(provider, day, start, end)


def shift_to_dict(shift: Shift) -> dict[str, Any]:
    """The stored form of one shift."""
    return {
        "provider": shift.provider,
        "date": shift.date.isoformat(),
        "from": f"{shift.start:%H:%M}",
        "to": f"{shift.end:%H:%M}",
    }


def _name(value: Any, what: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InvalidInput(f"{what} needs a name.", "name")
    return value.strip()
