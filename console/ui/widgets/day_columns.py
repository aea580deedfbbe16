"""The day in columns: one per provider (or room), visits as blocks sized by their length.

A Line API widget: it is given a laid-out day (:class:`~console.ui.day_layout.DayGrid`)
and draws it; the cursor rests on a visit or on a row of free time, and every move
posts :class:`DayColumns.Highlighted`. The pane around it acts on the selection, the
same way it acts on the list's row.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from console.clinic import status as st
from console.clinic.hours import clock_label
from console.ui import format as fmt
from console.ui.day_layout import CLOSED, OFF, TIME_OFF, DayGrid, GridColumn, Placed, Shade, Stop

AXIS = 9  # the time axis: "10:00 AM " and the now-marker
HATCH = "╱"

#: Each status's block: background tint, and the text on it (the label says it too).
BLOCK_STYLES = {
    st.BOOKED: "#e4e4e4 on #303a4a",
    st.CONFIRMED: "#ffffff on #1d4a66",
    st.ARRIVED: "#000000 on #d7af5f",
    st.IN_TREATMENT: "#ffffff on #5f3f87",
    st.COMPLETED: "#d7ffd7 on #2a4a2a",
    st.CANCELLED: "#8a8a8a strike on #262626",
    st.NO_SHOW: "#ff8787 on #3a2222",
}


def _clock(minute: int) -> str:
    """``10:30 AM`` for a minute of the day."""
    return clock_label(dt.time(minute // 60 % 24, minute % 60))


class DayColumns(ScrollView, can_focus=True):
    """One day, one column per provider or room; the cursor on a visit or a free row.

    Up/down move between visits and free rows, shift+left/right between columns.
    Enter, left and right are the pane's (open the patient, previous and next day).
    """

    #: The widget's style while one render pass draws its lines (see ``render_lines``).
    _base_style: Style | None = None

    BINDINGS = [
        Binding("up", "cursor(-1)", "Up", show=False),
        Binding("down", "cursor(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home", "edge(0)", "First", show=False),
        Binding("end", "edge(-1)", "Last", show=False),
        Binding("shift+left", "column(-1)", "Column left", show=False),
        Binding("shift+right", "column(1)", "Column right", show=False),
    ]

    COMPONENT_CLASSES = {
        "day-columns--header",
        "day-columns--axis",
        "day-columns--now",
        "day-columns--shade",
        "day-columns--closed",
        "day-columns--free",
        "day-columns--cursor",
        "day-columns--rule",
    }

    DEFAULT_CSS = """
    DayColumns {
        height: 1fr;
        overflow-x: hidden;
        scrollbar-size-vertical: 1;
        background: $surface;
    }
    DayColumns > .day-columns--header { background: $panel; text-style: bold; }
    DayColumns > .day-columns--axis { color: $text-muted; }
    DayColumns > .day-columns--now { color: #ffd75f; text-style: bold; }
    DayColumns > .day-columns--shade { color: $text-muted 60%; background: $panel-darken-2; }
    DayColumns > .day-columns--closed { color: $text-muted 60%; background: $background; }
    DayColumns > .day-columns--free { color: $success 80%; text-style: italic; }
    DayColumns > .day-columns--cursor { text-style: reverse bold; }
    DayColumns > .day-columns--rule { color: $panel-lighten-2; }
    """

    @dataclass
    class Highlighted(Message):
        """The cursor moved (or the day was read again): ``key`` is a visit id or ""."""

        columns: DayColumns
        key: str

        @property
        def control(self) -> DayColumns:
            """The widget that posted it."""
            return self.columns

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.grid: DayGrid | None = None
        self.now_minute: int | None = None
        self.column = 0
        self.index = 0  # the stop of ``column`` under the cursor
        self.totals: dict[str, str] = {}

    # -- what is shown ----------------------------------------------------------------

    def show(
        self,
        grid: DayGrid | None,
        now_minute: int | None = None,
        *,
        keep: str | None = None,
        keep_time: str | None = None,
        keep_column: str | None = None,
    ) -> None:
        """Draw ``grid``; the cursor on visit ``keep``, else at ``keep_time`` in
        ``keep_column`` (a provider or room), else where it was."""
        old_column = self.column_name
        old_time = self.selected_time
        keep = keep or self.selected_key  # read again (live refresh): the same visit
        self.grid = grid
        self.now_minute = now_minute
        self.totals = _totals(grid) if grid else {}
        self.virtual_size = Size(1, (grid.rows if grid else 0) + 1)  # no sideways scrolling
        self.column, self.index = 0, 0
        if grid is not None and not (keep and self.select_key(keep, post=False)):
            self._select_at(keep_column or old_column, keep_time or old_time)
        self.refresh()
        self.call_after_refresh(self._scroll_to_cursor)
        self.post_message(self.Highlighted(self, self.selected_key or ""))

    @property
    def column_name(self) -> str:
        """The provider or room of the column under the cursor."""
        if self.grid is None or not self.grid.columns:
            return ""
        return self.grid.columns[self.column].name

    @property
    def stop(self) -> Stop | None:
        """Where the cursor is."""
        if self.grid is None or not self.grid.columns:
            return None
        stops = self.grid.columns[self.column].stops
        return stops[self.index] if 0 <= self.index < len(stops) else None

    @property
    def selected_key(self) -> str | None:
        """The id of the visit under the cursor, if the cursor is on one."""
        stop = self.stop
        return stop.key if stop and stop.key else None

    @property
    def selected_time(self) -> str:
        """``HH:MM`` of the row under the cursor (a visit's own start time on a visit)."""
        stop, grid = self.stop, self.grid
        if stop is None or grid is None:
            return ""
        if stop.key:
            placed = self._placed(stop.key)
            if placed is not None:
                return placed.visit.start.format("HH:mm")
        return grid.clock(stop.row)

    def select_key(self, key: str, *, post: bool = True) -> bool:
        """Put the cursor on visit ``key``; False when it is not on show."""
        if self.grid is None:
            return False
        for c, column in enumerate(self.grid.columns):
            for i, stop in enumerate(column.stops):
                if stop.key == key:
                    self._move(c, i, post=post)
                    return True
        return False

    def _select_at(self, column: str | None, time: str | None) -> None:
        grid = self.grid
        if grid is None or not grid.columns:
            return
        names = [c.name for c in grid.columns]
        self.column = names.index(column) if column in names else 0
        row = 0
        if time:
            hour, minute = time.split(":")
            row = max(0, min(grid.row_of(int(hour) * 60 + int(minute)), grid.rows - 1))
        elif self.now_minute is not None:
            row = max(0, min(grid.row_of(self.now_minute), grid.rows - 1))
        self.index = self._index_at(self.column, row)

    def _index_at(self, column: int, row: int) -> int:
        """The stop of ``column`` on ``row`` (the last one starting at or before it)."""
        stops = self.grid.columns[column].stops if self.grid else []
        best = 0
        for i, stop in enumerate(stops):
            if stop.row <= row:
                best = i
        return best

    def _placed(self, key: str) -> Placed | None:
        if self.grid is None:
            return None
        for column in self.grid.columns:
            for placed in column.placed:
                if placed.key == key:
                    return placed
        return None

    # -- moving -----------------------------------------------------------------------

    def _move(self, column: int, index: int, *, post: bool = True) -> None:
        if self.grid is None or not self.grid.columns:
            return
        column = max(0, min(column, len(self.grid.columns) - 1))
        stops = self.grid.columns[column].stops
        index = max(0, min(index, len(stops) - 1))
        if (column, index) == (self.column, self.index):
            return
        self.column, self.index = column, index
        self.refresh()
        self._scroll_to_cursor()
        if post:
            self.post_message(self.Highlighted(self, self.selected_key or ""))

    def action_cursor(self, step: int) -> None:
        """The visit or free row above (-1) or below (1)."""
        self._move(self.column, self.index + step)

    def action_page(self, step: int) -> None:
        """A screenful up or down."""
        stop = self.stop
        if stop is None or self.grid is None:
            return
        row = stop.row + step * max(self.scrollable_content_region.height - 2, 1)
        self._move(self.column, self._index_at(self.column, max(row, 0)))

    def action_edge(self, end: int) -> None:
        """The first (0) or last (-1) stop of the column."""
        if self.grid is not None and self.grid.columns:
            stops = self.grid.columns[self.column].stops
            self._move(self.column, 0 if end == 0 else len(stops) - 1)

    def action_column(self, step: int) -> None:
        """The column on the left (-1) or right (1), at the same time of day."""
        stop = self.stop
        if stop is None or self.grid is None:
            return
        column = self.column + step
        if 0 <= column < len(self.grid.columns):
            self._move(column, self._index_at(column, stop.row))

    def _scroll_to_cursor(self) -> None:
        stop, grid = self.stop, self.grid
        if stop is None or grid is None:
            return
        rows = 1
        if stop.key and (placed := self._placed(stop.key)):
            rows = placed.rows
        height = max(self.scrollable_content_region.height - 1, 1)  # under the header
        top = self.scroll_y
        if stop.row < top:
            top = stop.row
        elif stop.row + min(rows, height) > top + height:
            top = stop.row + min(rows, height) - height
        self.scroll_to(y=top, animate=False, immediate=True)

    def on_click(self, event: events.Click) -> None:
        """A click puts the cursor on the visit or the row clicked."""
        grid = self.grid
        if grid is None or not grid.columns or event.y < 1:
            return
        row = int(self.scroll_y) + event.y - 1
        widths = self._widths()
        x = AXIS
        for c, width in enumerate(widths):
            if x <= event.x < x + width:
                column = grid.columns[c]
                for placed in column.covering(row):
                    left, lane_width = _lane(width - 1, placed)
                    if x + 1 + left <= event.x < x + 1 + left + lane_width:
                        self.select_key(placed.key)
                        return
                self._move(c, self._index_at(c, row))
                return
            x += width

    # -- drawing ----------------------------------------------------------------------

    def _widths(self) -> list[int]:
        """Each column's width, its left rule included."""
        count = len(self.grid.columns) if self.grid else 0
        if not count:
            return []
        usable = max(self.scrollable_content_region.width - AXIS, count * 4)
        each, extra = divmod(usable, count)
        return [each + (1 if c < extra else 0) for c in range(count)]

    def render_lines(self, crop: Region) -> list[Strip]:
        """The lines in ``crop``, with the widget's style worked out once for all of them
        (Textual computes it from every ancestor's background each time it is asked)."""
        self._base_style = self.rich_style
        try:
            return super().render_lines(crop)
        finally:
            self._base_style = None

    def render_line(self, y: int) -> Strip:
        """Line ``y`` of the widget: the header, or one row of the day."""
        width = self.scrollable_content_region.width
        base = self._base_style or self.rich_style
        if self.grid is None:
            return Strip.blank(width, base)
        if y == 0:
            line = self._header()
        else:
            row = int(self.scroll_y) + y - 1
            if row >= self.grid.rows:
                return Strip.blank(width, base)
            line = self._row(row)
        segments = list(Segment.apply_style(line.render(self.app.console), base))
        return Strip(segments).adjust_cell_length(width, base)

    def _header(self) -> Text:
        style = self.get_component_rich_style("day-columns--header")
        line = Text(" " * AXIS, style=style, no_wrap=True, end="")
        columns = self.grid.columns if self.grid else []
        for column, width in zip(columns, self._widths(), strict=True):
            cell = Text(f"│{column.name}", style=style, no_wrap=True, end="")
            if total := self.totals.get(column.name):
                cell.append(f" · {total}", "not bold")
            cell.truncate(width, overflow="ellipsis", pad=True)
            line.append_text(cell)
        return line

    def _axis(self, row: int) -> Text:
        grid = self.grid
        assert grid is not None
        minute = grid.minute(row)
        now = self.now_minute
        if now is not None and minute <= now < minute + grid.slot:
            label = "▶" + _clock(now).replace(" ", "")
            return Text(f"{label:>{AXIS - 1}} ", self.get_component_rich_style("day-columns--now"))
        axis = self.get_component_rich_style("day-columns--axis")
        if minute % 60 == 0:
            return Text(f"{_clock(minute):>{AXIS - 1}} ", axis)
        if minute % 30 == 0:
            return Text(f"{':30':>{AXIS - 1}} ", axis)
        return Text(" " * AXIS, axis)

    def _row(self, row: int) -> Text:
        line = self._axis(row)
        rule = self.get_component_rich_style("day-columns--rule")
        grid = self.grid
        assert grid is not None
        for c, (column, width) in enumerate(zip(grid.columns, self._widths(), strict=True)):
            line.append("│", rule)
            line.append_text(self._cell(c, column, row, width - 1))
        return line

    def _cell(self, c: int, column: GridColumn, row: int, width: int) -> Text:
        grid = self.grid
        assert grid is not None
        covering = sorted(column.covering(row), key=lambda p: p.lane)
        stop = self.stop
        cursor = self.get_component_rich_style("day-columns--cursor")
        if not covering:
            text = self._empty(c, column, row, width)
            if c == self.column and stop is not None and not stop.key and stop.row == row:
                shade = column.shade_at(grid.minute(row))
                what = shade.label if shade else "free"
                when = _clock(grid.minute(row))
                text = Text(f"▸ {when} {what}", no_wrap=True, end="")
                text.truncate(width, overflow="ellipsis", pad=True)
                text.stylize(cursor)
            return text
        cell = Text(no_wrap=True, end="")
        used = 0
        for placed in covering:
            left, lane_width = _lane(width, placed)
            if left > used:
                cell.append_text(self._empty(c, column, row, left - used))
            block = _block_line(placed, row - placed.row, lane_width)
            if self.selected_key == placed.key:
                block.stylize(cursor)
            cell.append_text(block)
            used = left + lane_width
        if used < width:
            cell.append_text(self._empty(c, column, row, width - used))
        return cell

    def _empty(self, c: int, column: GridColumn, row: int, width: int) -> Text:
        """A row of a column with no visit: a shade, or free time (labelled on its top row)."""
        grid = self.grid
        assert grid is not None
        minute = grid.minute(row)
        shade = column.shade_at(minute)
        if shade is not None:
            return self._shade(column, shade, row, width)
        text = Text(no_wrap=True, end="")
        # Labelled where the free stretch shows first (below a no-show's block, say).
        above = row - 1
        shown_above = above >= 0 and grid.is_free(column, above) and not column.covering(above)
        if not shown_above or row == int(self.scroll_y):
            end = grid.free_until(c, row)
            text.append(
                f" free {fmt.duration_words((end - row) * grid.slot)}",
                self.get_component_rich_style("day-columns--free"),
            )
        text.truncate(width, overflow="ellipsis", pad=True)
        return text

    def _shade(self, column: GridColumn, shade: Shade, row: int, width: int) -> Text:
        """A shaded row: its label on the first row seen (after a visit, at the top of
        the view too), then diagonal stripes (none on the clinic's closed hours)."""
        grid = self.grid
        assert grid is not None
        if shade.kind == CLOSED:
            style = self.get_component_rich_style("day-columns--closed")
            fill = " " * width
        else:
            style = self.get_component_rich_style("day-columns--shade")
            fill = "".join(HATCH if (x + row) % 3 == 0 else " " for x in range(width))
        above = row - 1
        first = (
            row == 0
            or row == int(self.scroll_y)
            or not (shade.start <= grid.minute(above) < shade.end)
            or bool(column.covering(above))
        )
        if first:
            reason = shade.label
            if shade.kind == TIME_OFF and reason != "Time off":
                reason = f"Away: {reason}"  # time off's label is its reason ("Dentist")
            label = f" {reason} "
            fill = label + fill[len(label) :]
        text = Text(fill, style=style, end="")
        text.truncate(width, overflow="ellipsis", pad=True)
        return text


def _lane(width: int, placed: Placed) -> tuple[int, int]:
    """Where a visit's lane starts in a column ``width`` wide, and how wide it is."""
    each = max(width // placed.lanes, 1)
    left = each * placed.lane
    lane_width = width - left if placed.lane == placed.lanes - 1 else each
    return left, lane_width


def _block_line(placed: Placed, line: int, width: int) -> Text:
    """Line ``line`` of a visit's block: time and patient, then the visit, then status."""
    visit = placed.visit
    appt = visit.appointment
    style = Style.parse(BLOCK_STYLES.get(appt.status, BLOCK_STYLES[st.BOOKED]))
    text = Text(style=style, no_wrap=True, end="")
    status = st.LABELS.get(appt.status, appt.status)
    extras = [status]
    if appt.walk_in:
        extras.append("walk-in")
    if visit.outside_hours:
        extras.append("outside hours")
    if line == 0:
        text.append("▌")
        if visit.outside_hours:  # as in the list: "!6:00 PM" stands out
            text.append(f"!{fmt.time_label(visit.start)}", fmt.OUTSIDE_STYLE)
            text.append(" ")
        else:
            text.append(f"{fmt.time_label(visit.start)} ", "bold")
        text.append_text(fmt.named_with_alert(visit.patient))
        if placed.rows == 1:
            text.append(f" · {visit.type_label} · {status}")
    elif line == 1:
        text.append("▌")
        text.append_text(fmt.plain(visit.type_label))
        if placed.rows == 2:
            text.append(f" · {' · '.join(extras)}")
    elif line == 2:
        text.append(f"▌{' · '.join(extras)}")
    else:
        text.append("▌")
    text.truncate(width, overflow="ellipsis", pad=True)
    return text


def _totals(grid: DayGrid) -> dict[str, str]:
    """``3 visits · 2 h 15 free`` for each column's header."""
    totals = {}
    for column in grid.columns:
        visits = sum(1 for p in column.placed if p.visit.appointment.holds_slot)
        free = sum(1 for row in range(grid.rows) if grid.is_free(column, row)) * grid.slot
        parts = [f"{visits} visit{'s' if visits != 1 else ''}"]
        if free:
            parts.append(f"{fmt.duration_words(free)} free")
        elif away := [s for s in column.shades if s.kind in (OFF, TIME_OFF)]:
            parts.append(max(away, key=lambda s: s.end - s.start).label)
        totals[column.name] = " · ".join(parts)
    return totals
