"""A week at a glance: for each day and provider, visits, booked and free time.

Pure: built from each day's laid-out grid (:func:`console.ui.day_view.day_grid`), so
the week view and the day's columns never disagree about what is free.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from console.ui.day_layout import OFF, TIME_OFF, DayGrid, GridColumn

#: One character of a day's bar: booked, free, unavailable (break, off, closed).
BOOKED, FREE, AWAY = "booked", "free", "away"


@dataclass(frozen=True)
class DayCell:
    """One provider's day: how much is booked and free, and why it is not, if so."""

    day: dt.date
    provider: str
    visits: int
    booked: int  # minutes taken by visits that hold their time
    free: int  # minutes nobody has booked inside the provider's hours
    note: str  # "Closed: Thanksgiving Day", "Day off", "Away: Conference", or ""
    marks: tuple[tuple[int, str], ...]  # (minute, BOOKED/FREE/AWAY) per row of the grid

    @property
    def first_free(self) -> int | None:
        """The minute the first free time of the day starts, if there is any."""
        return next((minute for minute, kind in self.marks if kind == FREE), None)


def week_of(day: dt.date) -> list[dt.date]:
    """Monday to Sunday of the week holding ``day``."""
    monday = day - dt.timedelta(days=day.weekday())
    return [monday + dt.timedelta(days=n) for n in range(7)]


def day_cells(
    day: dt.date, grid: DayGrid | None, providers: Sequence[str], closed: str = ""
) -> list[DayCell]:
    """Each provider's cell for ``day`` (``closed``: why the clinic is, if it is)."""
    cells = []
    columns = {c.name: c for c in grid.columns} if grid else {}
    for provider in providers:
        column = columns.get(provider)
        if grid is None or column is None:
            cells.append(DayCell(day, provider, 0, 0, 0, closed or "Closed", ()))
            continue
        cells.append(_cell(day, grid, column, closed))
    return cells


def _cell(day: dt.date, grid: DayGrid, column: GridColumn, closed: str) -> DayCell:
    marks = []
    booked = free = 0
    for row in range(grid.rows):
        minute = grid.minute(row)
        if any(p.visit.appointment.holds_slot for p in column.covering(row)):
            marks.append((minute, BOOKED))
            booked += grid.slot
        elif column.shade_at(minute) is None:
            marks.append((minute, FREE))
            free += grid.slot
        else:
            marks.append((minute, AWAY))
    visits = sum(1 for p in column.placed if p.visit.appointment.holds_slot)
    return DayCell(day, column.name, visits, booked, free, _note(column, closed), tuple(marks))


def _note(column: GridColumn, closed: str) -> str:
    """Why the provider is away (the longest time off or day off), if they are."""
    if closed:
        return closed
    shades = [s for s in column.shades if s.kind in (OFF, TIME_OFF)]
    if not shades:
        return ""
    longest = max(shades, key=lambda s: s.end - s.start)
    return longest.label


def bar(cell: DayCell, start: int, end: int, width: int) -> list[str]:
    """``width`` marks across ``start``..``end`` minutes (the week's common span).

    Each character shows what most of its minutes are (away outside the day's grid).
    """
    if width <= 0 or end <= start:
        return []
    step = (end - start) / width
    slot = cell.marks[1][0] - cell.marks[0][0] if len(cell.marks) > 1 else 15
    out = []
    for n in range(width):
        lo, hi = start + n * step, start + (n + 1) * step
        share = {BOOKED: 0.0, FREE: 0.0, AWAY: 0.0}
        for minute, kind in cell.marks:
            share[kind] += max(0.0, min(hi, minute + slot) - max(lo, minute))
        share[AWAY] += step - sum(share.values())
        out.append(max((BOOKED, FREE, AWAY), key=lambda kind: share[kind]))
    return out


def week_span(cells: Sequence[DayCell]) -> tuple[int, int] | None:
    """The minutes every day of the week fits in (earliest start to latest end)."""
    minutes = [m for cell in cells for m, _ in cell.marks]
    if not minutes:
        return None
    slot = min(
        (c.marks[1][0] - c.marks[0][0] for c in cells if len(c.marks) > 1),
        default=15,
    )
    return min(minutes), max(minutes) + slot
