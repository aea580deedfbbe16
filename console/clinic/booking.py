"""Booking rules and free-slot search. Both ask :func:`~console.clinic.hours.day_info`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import arrow

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
    person book an exception outside the hours on purpose (it stands out on screen);
    it never lifts the rules on closed days, the past, or overlaps.
    """
    tz = config.tz
    start = proposal.start.to(tz)
    end = start.shift(minutes=proposal.minutes)
    info = day_info(config, start.date())
    when = f"{start:ddd D MMM}"
    if proposal.walk_in and info.kind != "open":
        if info.kind == BY_APPOINTMENT:
            raise BookingRefused(
                f"No walk-ins on {when}: Sundays are by appointment only.", "start"
            )
        raise BookingRefused(
            f"No walk-ins on {when}: the clinic is closed ({info.reason}).", "start"
        )
    if info.kind == CLOSED:
        raise BookingRefused(f"The clinic is closed on {when} ({info.reason}).", "start")
    if start.to("UTC") < now.to("UTC").floor("minute"):
        raise BookingRefused(f"{start:ddd D MMM h:mm A} is in the past.", "start")
    if proposal.minutes <= 0 or proposal.minutes > 8 * 60:
        raise BookingRefused("A visit lasts between 1 minute and 8 hours.", "minutes")
    if not outside_hours:
        problem = window_problem(info, start, end, tz)
        if problem:
            raise BookingRefused(problem, "start")
    for other in same_day:
        if other.id == proposal.ignore_id or not other.holds_slot:
            continue
        o_start, o_end = other.start_at(tz), other.end_at(tz)
        # Compare instants in UTC (see localtime's note on fall-back wall clocks).
        if not (start.to("UTC") < o_end.to("UTC") and o_start.to("UTC") < end.to("UTC")):
            continue
        span = f"{clock_label(o_start.time())}–{clock_label(o_end.time())}"
        if other.patient_id == proposal.patient_id:
            raise BookingRefused(f"The patient already has a visit {span} that day.", "start")
        if proposal.provider and other.provider == proposal.provider:
            raise BookingRefused(f"{proposal.provider} is already booked {span}.", "provider")
        if proposal.room and other.room == proposal.room:
            raise BookingRefused(f"{proposal.room} is already in use {span}.", "room")


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
) -> list[Slot]:
    """Start times on ``day`` where the whole visit fits the hours and nothing overlaps.

    Each slot names the first provider and room that are free for it (or the ones
    asked for). Steps by the configured slot length.
    """
    info = day_info(config, day)
    if not info.bookable or info.opens is None or info.closes is None:
        return []
    tz = config.tz
    providers = [provider] if provider else list(config.providers)
    rooms = [room] if room else list(config.rooms)
    slots: list[Slot] = []
    cursor = local(day, info.opens, tz)
    closes = local(day, info.closes, tz)
    while cursor.shift(minutes=minutes) <= closes:
        for prov in providers:
            found = _first_room(config, prov, rooms, patient_id, cursor, minutes, same_day, now)
            if found:
                slots.append(Slot(cursor, prov, found))
                break
        if limit and len(slots) >= limit:
            break
        cursor = cursor.shift(minutes=config.slot_minutes)
    return slots


def _first_room(
    config: ClinicConfig,
    provider: str,
    rooms: list[str],
    patient_id: str,
    start: arrow.Arrow,
    minutes: int,
    same_day: Sequence[Appointment],
    now: arrow.Arrow,
) -> str | None:
    for room in rooms:
        proposal = Proposal(patient_id, start, minutes, provider, room)
        try:
            check_booking(config, proposal, same_day, now)
        except BookingRefused:
            continue
        return room
    return None
