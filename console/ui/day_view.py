"""The desk's day as the column view lays it out: columns, their shades, the visits.

The one place that asks who works when (for shading) and turns it into
:mod:`console.ui.day_layout` terms; the schedule pane and the week view share it.
"""

from __future__ import annotations

import datetime as dt

from console.clinic.hours import DayInfo
from console.desk import DaySchedule, Desk
from console.ui.day_layout import BY_PROVIDER, BY_ROOM, DayGrid, Shade, lay_out, minute_of


def bookable_hours(info: DayInfo) -> tuple[int, int] | None:
    """The day's bookable window in minutes (office hours, the Sunday window), if any."""
    if info.bookable and info.opens and info.closes:
        return minute_of(info.opens), minute_of(info.closes)
    return None


def provider_shades(desk: Desk, provider: str, day: dt.date) -> list[Shade]:
    """When ``provider`` cannot be booked on ``day`` inside the office hours."""
    del desk, provider, day  # every provider works every open minute (until availability)
    return []


def room_shades(desk: Desk, room: str, day: dt.date) -> list[Shade]:
    """When ``room`` cannot be used on ``day`` (out of service)."""
    del desk, room, day
    return []


def day_grid(desk: Desk, schedule: DaySchedule, by: str = BY_PROVIDER) -> DayGrid | None:
    """``schedule`` laid out by provider (or by room); None on a closed day with no visit."""
    config = desk.config
    day = schedule.info.date
    if by == BY_ROOM:
        columns = [(room, room_shades(desk, room, day)) for room in config.rooms]
    else:
        columns = [(name, provider_shades(desk, name, day)) for name in config.providers]
    return lay_out(
        day,
        schedule.visits,
        columns,
        by=by,
        hours=bookable_hours(schedule.info),
        slot=config.slot_minutes,
    )
