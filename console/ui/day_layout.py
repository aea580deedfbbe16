"""Laying a day out in columns (one per provider or room) and rows of ``slot`` minutes.

Pure: the schedule pane's column view draws what :func:`lay_out` returns. A visit is a
block as many rows tall as it lasts; visits that overlap in one column (a cancelled
visit and the one booked in its place) share the column side by side, in lanes. The
spans where nobody can be booked (breaks, time off, a day off, outside the hours) are
shades; what is neither a visit nor a shade is free time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from console.desk import Visit

BY_PROVIDER = "provider"
BY_ROOM = "room"

#: Shade kinds: a break, time off, a day off (or a room out of service), the clinic closed,
#: and the buffer an appointment type keeps free after each of its visits.
BREAK, TIME_OFF, OFF, CLOSED, BUFFER = "break", "time_off", "off", "closed", "buffer"


def minute_of(moment: dt.time) -> int:
    """Minutes since midnight (wall time)."""
    return moment.hour * 60 + moment.minute


@dataclass(frozen=True)
class Shade:
    """A span of one column (minutes of the day) where nobody can be booked, and why."""

    start: int
    end: int
    kind: str
    label: str


@dataclass(frozen=True)
class Placed:
    """A visit placed in its column: first row, rows tall, lane of ``lanes`` side by side."""

    visit: Visit
    row: int
    rows: int
    lane: int = 0
    lanes: int = 1

    @property
    def key(self) -> str:
        """The visit's id (the key the list uses for its row too)."""
        return self.visit.appointment.id


@dataclass(frozen=True)
class Stop:
    """A place the cursor can rest in a column: a visit, or a row no visit covers."""

    row: int
    key: str  # the visit's id, or "" for a row of free (or shaded) time


@dataclass
class GridColumn:
    """One provider's (or room's) column: its visits and shades."""

    name: str
    placed: list[Placed] = field(default_factory=list)
    shades: list[Shade] = field(default_factory=list)
    stops: list[Stop] = field(default_factory=list)

    def shade_at(self, minute: int) -> Shade | None:
        """The shade covering ``minute``, if any (time off before a break before off)."""
        found = [s for s in self.shades if s.start <= minute < s.end]
        order = (TIME_OFF, BREAK, OFF, CLOSED, BUFFER)
        found.sort(key=lambda s: order.index(s.kind) if s.kind in order else len(order))
        return found[0] if found else None

    def covering(self, row: int) -> list[Placed]:
        """The visits drawn on ``row``."""
        return [p for p in self.placed if p.row <= row < p.row + p.rows]


@dataclass
class DayGrid:
    """The laid-out day: the first row's minute, the row length, rows and columns."""

    day: dt.date
    start: int
    slot: int
    rows: int
    by: str
    columns: list[GridColumn]

    def minute(self, row: int) -> int:
        """The minute of the day row ``row`` starts at."""
        return self.start + row * self.slot

    def row_of(self, minute: int) -> int:
        """The row holding ``minute`` (may be outside the grid)."""
        return (minute - self.start) // self.slot

    def clock(self, row: int) -> str:
        """``HH:MM`` of row ``row``."""
        minute = self.minute(row)
        return f"{minute // 60:02d}:{minute % 60:02d}"

    def free_until(self, column: int, row: int) -> int:
        """The first row after ``row`` that is not free in ``column`` (free stretch end)."""
        col = self.columns[column]
        end = row
        while end < self.rows and self.is_free(col, end):
            end += 1
        return end

    def is_free(self, col: GridColumn, row: int) -> bool:
        """No visit holding its time and no shade on ``row`` of ``col``."""
        if col.shade_at(self.minute(row)) is not None:
            return False
        return not any(p.visit.appointment.holds_slot for p in col.covering(row))


def column_of(visit: Visit, by: str) -> str:
    """The provider or room a visit belongs to."""
    appt = visit.appointment
    return appt.provider if by == BY_PROVIDER else appt.room


def span_of(
    visits: Sequence[Visit], hours: tuple[int, int] | None, slot: int
) -> tuple[int, int] | None:
    """The minutes the grid covers: the hours, widened to every visit; None if nothing."""
    starts = [minute_of(v.start.time()) for v in visits]
    ends = [minute_of(v.start.time()) + max(v.appointment.minutes, 1) for v in visits]
    if hours is not None:
        starts.append(hours[0])
        ends.append(hours[1])
    if not starts:
        return None
    start = min(starts) // slot * slot
    end = -(-max(ends) // slot) * slot
    return start, min(max(end, start + slot), 24 * 60)


def lay_out(
    day: dt.date,
    visits: Sequence[Visit],
    columns: Sequence[tuple[str, Sequence[Shade]]],
    *,
    by: str,
    hours: tuple[int, int] | None,
    slot: int,
) -> DayGrid | None:
    """Lay ``visits`` out in ``columns`` (name and shades each) by provider or room.

    ``hours``: the day's bookable window in minutes (office hours or the Sunday
    window), None on a closed day. A visit whose provider or room has no column (it
    left, or none was given) gets one of its own at the end, so no visit is hidden.
    None when there is nothing to draw (a closed day with no visit).
    """
    slot = max(slot, 5)
    span = span_of(visits, hours, slot)
    if span is None:
        return None
    start, end = span
    grid = DayGrid(day, start, slot, (end - start) // slot, by, [])
    by_name: dict[str, GridColumn] = {}
    for name, shades in columns:
        column = GridColumn(name, shades=[*shades, *_outside(hours, start, end)])
        by_name[name] = column
        grid.columns.append(column)
    for visit in visits:
        name = column_of(visit, by) or ("No room" if by == BY_ROOM else "No provider")
        if name not in by_name:
            by_name[name] = GridColumn(name, shades=_outside(hours, start, end))
            grid.columns.append(by_name[name])
        first = grid.row_of(minute_of(visit.start.time()))
        last = grid.row_of(minute_of(visit.start.time()) + max(visit.appointment.minutes, 1) - 1)
        by_name[name].placed.append(Placed(visit, first, max(last - first + 1, 1)))
    for column in grid.columns:
        column.placed = _in_lanes(column.placed)
        column.stops = _stops(column, grid.rows)
    return grid


def _outside(hours: tuple[int, int] | None, start: int, end: int) -> list[Shade]:
    """The clinic-closed shades of a column with no hours of its own."""
    if hours is None:
        return [Shade(start, end, CLOSED, "Closed")]
    shades = []
    if start < hours[0]:
        shades.append(Shade(start, hours[0], CLOSED, "Closed"))
    if hours[1] < end:
        shades.append(Shade(hours[1], end, CLOSED, "Closed"))
    return shades


def _in_lanes(placed: list[Placed]) -> list[Placed]:
    """Side by side where visits overlap: visits holding their time take the first lanes."""
    order = sorted(placed, key=lambda p: (p.row, not p.visit.appointment.holds_slot, p.key))
    lanes_end: list[int] = []  # per lane: the row after its last visit
    lane_of: dict[str, int] = {}
    groups: list[list[Placed]] = []
    group_end = -1
    for item in order:
        if item.row >= group_end:
            groups.append([])
            lanes_end = []
        groups[-1].append(item)
        group_end = max(group_end, item.row + item.rows)
        lane = next((i for i, free_at in enumerate(lanes_end) if free_at <= item.row), None)
        if lane is None:
            lane = len(lanes_end)
            lanes_end.append(0)
        lanes_end[lane] = item.row + item.rows
        lane_of[item.key] = lane
    result = []
    for group in groups:
        count = max(lane_of[p.key] for p in group) + 1
        result += [Placed(p.visit, p.row, p.rows, lane_of[p.key], count) for p in group]
    return result


def _stops(column: GridColumn, rows: int) -> list[Stop]:
    """Where the cursor can rest, top to bottom: each visit, and each row none covers."""
    stops = []
    for row in range(rows):
        starting = sorted((p for p in column.placed if p.row == row), key=lambda p: p.lane)
        stops += [Stop(row, p.key) for p in starting]
        if not starting and not column.covering(row):
            stops.append(Stop(row, ""))
    return stops
