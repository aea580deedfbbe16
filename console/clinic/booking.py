"""Booking rules and free-slot search. Both ask :func:`~console.clinic.hours.day_info`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import arrow

from console.clinic.availability import absence, working_windows
from console.clinic.config import ClinicConfig
from console.clinic.errors import BookingRefused
from console.clinic.hours import BY_APPOINTMENT, CLOSED, DayInfo, clock_label, day_info
from console.clinic.localtime import local
from console.clinic.models import Appointment


@dataclass(frozen=True)
class Proposal:
    """An appointment someone wants to make, before it has an id."""

    patient_id: str
    start: arrow.Arrow
    minutes: int
    provider: str
    room: str
    walk_in: bool = False
    ignore_id: str | None = None  # the appointment being rescheduled
    #: The appointment type: its buffer and needed room apply, and the provider must give it.
    type_key: str = ""


@dataclass(frozen=True)
class Slot:
    """A free start time with a provider and room that are both free for the duration."""

    start: arrow.Arrow
    provider: str
    room: str


def window_problem(
    info: DayInfo, start: arrow.Arrow, end: arrow.Arrow, tz: dt.tzinfo
) -> str | None:
    """Why ``start..end`` falls outside the day's hours, or None if it fits."""
    if info.opens is None or info.closes is None:
        # Only a closed day has no hours (see hours.day_info); check_booking refuses
        # those before asking this.
        day = f"{info.date:%a} {info.date.day} {info.date:%b}"
        return f"The clinic is closed on {day} ({info.reason})."
    opens = local(info.date, info.opens, tz)
    closes = local(info.date, info.closes, tz)
    what = "the Sunday booking window" if info.kind == BY_APPOINTMENT else "office hours"
    if start < opens:
        return f"{clock_label(start.time())} is before {what} start ({clock_label(info.opens)})."
    if end > closes:
        return (
            f"The visit would end at {clock_label(end.time())}, after {what} end "
            f"({clock_label(info.closes)})."
        )
    return None


def check_booking(
    config: ClinicConfig,
    proposal: Proposal,
    same_day: Iterable[Appointment],
    now: arrow.Arrow,
    *,
    outside_hours: bool = False,
) -> None:
    """Raise :class:`BookingRefused` with one sentence if ``proposal`` breaks a rule.

    ``same_day`` are the appointments already on that date. ``outside_hours`` lets a
    person book an exception outside the office hours and the provider's weekly hours
    and breaks on purpose (it stands out on screen); it never lifts closed days, time
    off, rooms out of service, a Sunday without the provider scheduled, the past, or
    overlaps. Each visit holds its provider and room until its end plus its type's buffer.
    """
    tz = config.tz
    start = proposal.start.to(tz)
    # Instants are compared in UTC datetimes: cheaper than Arrow, and right across a
    # fall-back hour (see localtime's note); ``end`` keeps its own offset for sentences.
    utc_start = start.datetime.astimezone(dt.UTC)
    utc_end = utc_start + dt.timedelta(minutes=proposal.minutes)
    end = arrow.Arrow.fromdatetime(utc_end).to(tz)
    info = day_info(config, start.date())
    if proposal.walk_in and info.kind != "open":
        when = f"{start:ddd D MMM}"
        if info.kind == BY_APPOINTMENT:
            raise BookingRefused(
                f"No walk-ins on {when}: Sundays are by appointment only.", "start"
            )
        raise BookingRefused(
            f"No walk-ins on {when}: the clinic is closed ({info.reason}).", "start"
        )
    if info.kind == CLOSED:
        raise BookingRefused(f"The clinic is closed on {start:ddd D MMM} ({info.reason}).", "start")
    if utc_start < now.datetime.astimezone(dt.UTC).replace(second=0, microsecond=0):
        raise BookingRefused(f"{start:ddd D MMM h:mm A} is in the past.", "start")
    if proposal.minutes <= 0 or proposal.minutes > 8 * 60:
        raise BookingRefused("A visit lasts between 1 minute and 8 hours.", "minutes")
    if not outside_hours:
        problem = window_problem(info, start, end, tz)
        if problem:
            raise BookingRefused(problem, "start")
    if proposal.provider:
        _check_provider(config, proposal, info, start, end, outside_hours=outside_hours)
    if proposal.room:
        _check_room(config, proposal)
    _check_overlaps(config, proposal, (utc_start, utc_end), same_day)


def _check_provider(
    config: ClinicConfig,
    proposal: Proposal,
    info: DayInfo,
    start: arrow.Arrow,
    end: arrow.Arrow,
    *,
    outside_hours: bool,
) -> None:
    """The provider works then, gives the type, is not away; Sunday needs them scheduled."""
    name = proposal.provider
    if name not in config.staff:
        raise BookingRefused(f"{name!r} is not a provider here.", "provider")
    kind = config.appointment_types.get(proposal.type_key)
    if kind is not None and not config.staff[name].gives(kind.key):
        raise BookingRefused(f"{name} does not give {kind.label} appointments.", "provider")
    problem = absence(config, name, start, end, weekly=not outside_hours)
    if problem:
        raise BookingRefused(problem, "provider")
    day = start.date()
    if info.kind == BY_APPOINTMENT and not working_windows(config, name, day):
        raise BookingRefused(f"{name} is not scheduled on {start:ddd D MMM}.", "provider")


def _check_room(config: ClinicConfig, proposal: Proposal) -> None:
    """The room exists, is in service, and is the one the type needs (if it needs one)."""
    if proposal.room not in config.rooms:
        raise BookingRefused(f"{proposal.room!r} is not a room here.", "room")
    room = config.room(proposal.room)
    if not room.in_service:
        note = f" ({room.note})" if room.note else ""
        raise BookingRefused(f"{room.name} is out of service{note}.", "room")
    kind = config.appointment_types.get(proposal.type_key)
    if kind is not None and kind.room and kind.room != room.name:
        raise BookingRefused(f"A {kind.label} needs {kind.room}.", "room")


def _check_overlaps(
    config: ClinicConfig,
    proposal: Proposal,
    visit: tuple[dt.datetime, dt.datetime],
    same_day: Iterable[Appointment],
) -> None:
    """No double booking of the patient, and of a provider or room with buffers counted."""
    tz = config.tz
    utc_start, utc_end = visit
    held_end = utc_end + dt.timedelta(minutes=config.buffer_of(proposal.type_key))
    for other in same_day:
        if other.id == proposal.ignore_id or not other.holds_slot:
            continue
        o_utc_start = _utc(other.start)
        o_utc_end = o_utc_start + dt.timedelta(minutes=other.minutes)
        o_held_end = o_utc_end + dt.timedelta(minutes=config.buffer_of(other.type))
        if not (utc_start < o_held_end and o_utc_start < held_end):
            continue
        o_start, o_end = other.start_at(tz), other.end_at(tz)
        span = f"{clock_label(o_start.time())}–{clock_label(o_end.time())}"
        overlaps = utc_start < o_utc_end and o_utc_start < utc_end
        if overlaps and other.patient_id == proposal.patient_id:
            raise BookingRefused(f"The patient already has a visit {span} that day.", "start")
        gap = "" if overlaps else ", and visits keep their buffer time clear"
        if proposal.provider and other.provider == proposal.provider:
            raise BookingRefused(f"{proposal.provider} is already booked {span}{gap}.", "provider")
        if proposal.room and other.room == proposal.room:
            raise BookingRefused(f"{proposal.room} is already in use {span}{gap}.", "room")


@lru_cache(maxsize=8192)
def _utc(iso: str) -> dt.datetime:
    """A stored ISO instant as a UTC datetime (cached: the same visits are asked often)."""
    return dt.datetime.fromisoformat(iso).astimezone(dt.UTC)


def free_slots(
    config: ClinicConfig,
    day: dt.date,
    minutes: int,
    same_day: Sequence[Appointment],
    now: arrow.Arrow,
    *,
    patient_id: str = "",
    provider: str | None = None,
    room: str | None = None,
    limit: int | None = None,
    type_key: str = "",
) -> list[Slot]:
    """Start times on ``day`` where the whole visit fits the hours and nothing overlaps.

    Each slot names the first provider and room that are free for it (or the ones
    asked for). Steps by the configured slot length. With ``type_key``, only providers
    who give the type and the room it needs are offered, and its buffer is kept clear.
    """
    info = day_info(config, day)
    if not info.bookable or info.opens is None or info.closes is None:
        return []
    tz = config.tz
    providers = [provider] if provider else candidate_providers(config, type_key, day)
    rooms = [room] if room else candidate_rooms(config, type_key)
    if not providers or not rooms:
        return []
    slots: list[Slot] = []
    cursor = local(day, info.opens, tz)
    closes = local(day, info.closes, tz).datetime.astimezone(dt.UTC)
    length = dt.timedelta(minutes=minutes)
    while cursor.datetime.astimezone(dt.UTC) + length <= closes:
        for prov in providers:
            found = _first_room(
                config, prov, rooms, patient_id, cursor, minutes, same_day, now, type_key
            )
            if found:
                slots.append(Slot(cursor, prov, found))
                break
        if limit and len(slots) >= limit:
            break
        cursor = cursor.shift(minutes=config.slot_minutes)
    return slots


def candidate_providers(config: ClinicConfig, type_key: str, day: dt.date) -> list[str]:
    """The providers worth trying on ``day``: they give the type and work that day."""
    return [
        name
        for name, person in config.staff.items()
        if person.gives(type_key) and working_windows(config, name, day)
    ]


def candidate_rooms(config: ClinicConfig, type_key: str) -> list[str]:
    """The rooms worth trying: in service, and the type's own room when it needs one."""
    kind = config.appointment_types.get(type_key)
    needed = kind.room if kind is not None else None
    return [
        room.name
        for room in config.room_list
        if room.in_service and (needed is None or room.name == needed)
    ]


def _first_room(
    config: ClinicConfig,
    provider: str,
    rooms: list[str],
    patient_id: str,
    start: arrow.Arrow,
    minutes: int,
    same_day: Sequence[Appointment],
    now: arrow.Arrow,
    type_key: str = "",
) -> str | None:
    for room in rooms:
        proposal = Proposal(patient_id, start, minutes, provider, room, type_key=type_key)
        try:
            check_booking(config, proposal, same_day, now)
        except BookingRefused:
            continue
        return room
    return None
