"""The desk's day as the column view lays it out: columns, their shades, the visits.

The one place that asks who works when (for shading) and turns it into
:mod:`console.ui.day_layout` terms; the schedule pane and the week view share it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import arrow

from console.clinic import availability
from console.clinic.config import ClinicConfig
from console.clinic.hours import DayInfo
from console.desk import DaySchedule, Visit
from console.ui.day_layout import (
    BUFFER,
    BY_PROVIDER,
    BY_ROOM,
    OFF,
    DayGrid,
    Shade,
    column_of,
    lay_out,
    minute_of,
)


def bookable_hours(info: DayInfo) -> tuple[int, int] | None:
    """The day's bookable window in minutes (office hours, the Sunday window), if any."""
    if info.bookable and info.opens and info.closes:
        return minute_of(info.opens), minute_of(info.closes)
    return None


def _minutes(moment: arrow.Arrow, day: dt.date) -> int:
    """Minutes since ``day``'s midnight, wall time (a block into the next day ends at 24:00)."""
    return minute_of(moment.time()) if moment.date() == day else 24 * 60


def provider_shades(config: ClinicConfig, provider: str, day: dt.date) -> list[Shade]:
    """When ``provider`` cannot be booked on ``day`` inside the day's hours: their day
    off, breaks and time off."""
    return [
        Shade(
            _minutes(b.start, day) if b.start.date() == day else 0,
            _minutes(b.end, day),
            b.kind,
            b.label,
        )
        for b in availability.unavailable(config, provider, day)
    ]


def room_shades(config: ClinicConfig, room: str, day: dt.date) -> list[Shade]:
    """When ``room`` cannot be used on ``day``: all day while it is out of service."""
    del day  # out of service is not dated
    kept = config.room(room)
    if kept.in_service:
        return []
    label = f"Out of service: {kept.note}" if kept.note else "Out of service"
    return [Shade(0, 24 * 60, OFF, label)]


def buffer_shades(config: ClinicConfig, visits: Sequence[Visit], by: str) -> dict[str, list[Shade]]:
    """The buffer after each visit (its type's), by provider or room: not bookable."""
    shades: dict[str, list[Shade]] = {}
    for visit in visits:
        appt = visit.appointment
        kind = config.appointment_types.get(appt.type)
        if kind is None or not kind.buffer or not appt.holds_slot:
            continue
        end = minute_of(visit.start.time()) + appt.minutes
        shades.setdefault(column_of(visit, by), []).append(
            Shade(end, min(end + kind.buffer, 24 * 60), BUFFER, "Buffer")
        )
    return shades


def day_grid(config: ClinicConfig, schedule: DaySchedule, by: str = BY_PROVIDER) -> DayGrid | None:
    """``schedule`` laid out by provider (or by room); None on a closed day with no visit."""
    day = schedule.info.date
    buffers = buffer_shades(config, schedule.visits, by)
    if by == BY_ROOM:
        shades = {room: room_shades(config, room, day) for room in config.rooms}
    else:
        shades = {name: provider_shades(config, name, day) for name in config.providers}
    columns = [(name, [*found, *buffers.get(name, [])]) for name, found in shades.items()]
    return lay_out(
        day,
        schedule.visits,
        columns,
        by=by,
        hours=bookable_hours(schedule.info),
        slot=config.slot_minutes,
    )
