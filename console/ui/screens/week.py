"""The week view: seven days × providers, booked and free time at a glance.

Each cell is one provider's day: how many visits, a bar of the day (booked, free,
away) on a time scale shared by the whole week, and the free time or why there is
none. Enter opens that day in the schedule, the cursor in that provider's column.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Static
from textual.worker import get_current_worker

from console.clinic.hours import CLOSED, clock_label
from console.desk import USER_ERRORS, Desk
from console.ui import format as fmt
from console.ui.day_view import day_grid
from console.ui.messages import StoreChanged
from console.ui.styles import SCREENS_CSS
from console.ui.week_summary import BOOKED, FREE, DayCell, bar, day_cells, week_of, week_span
from console.ui.widgets.footer import DeskFooter
from console.ui.widgets.header import ClinicHeader
from console.ui.widgets.status_line import StatusLine
from console.ui.widgets.too_small import TooSmall

#: How each mark of a day's bar is drawn (the words under it say it too).
MARKS = {BOOKED: ("█", fmt.CYAN), FREE: ("░", fmt.GREEN)}
AWAY_MARK = ("╱", "#5f5f5f")
LEGEND = "█ booked  ░ free  ╱ away or closed  ·  Enter opens the day"


def _hours(minutes: int, *, short: bool = False) -> str:
    """``3 h 15`` (``3h15`` when ``short``)."""
    hours, rest = divmod(minutes, 60)
    gap = "" if short else " "
    if not hours:
        return f"{rest}{gap}min" if not short else f"{rest}m"
    return f"{hours}{gap}h{gap}{rest:02d}" if rest else f"{hours}{gap}h"


def cell_text(cell: DayCell, span: tuple[int, int] | None, width: int) -> Text:
    """Four lines: visits, the day's bar, the free time (or why none), the first free.

    Under 12 cells wide the words shorten ("9 vis", "2h45", "10:30a").
    """
    short = width < 12
    text = Text(no_wrap=True, overflow="ellipsis", end="")
    if cell.visits:
        word = "vis" if short else "visit" + ("s" if cell.visits != 1 else "")
        text.append(f"{cell.visits} {word}", "bold")
    else:
        text.append("none" if short else "no visits", "dim")
    text.append("\n")
    if span is not None and cell.marks:
        for mark in bar(cell, span[0], span[1], width):
            char, style = MARKS.get(mark, AWAY_MARK)
            text.append(char, style)
    else:  # closed all day
        text.append(AWAY_MARK[0] * width, AWAY_MARK[1])
    text.append("\n")
    if cell.free:
        text.append(
            _hours(cell.free, short=True) if short else f"{_hours(cell.free)} free", fmt.GREEN
        )
    elif cell.note:
        text.append(fmt.plain(cell.note, "dim"))
    else:
        text.append("full", f"bold {fmt.YELLOW}")
    if (first := cell.first_free) is not None:
        clock = clock_label(dt.time(first // 60, first % 60))
        if short:  # "10:30a"
            clock = clock.replace(" AM", "a").replace(" PM", "p")
        text.append(f"\n{clock}" if short else f"\nfrom {clock}", "dim")
    return text


class WeekTable(DataTable, inherit_bindings=False):
    """The week's grid: a cell cursor moved with the arrows; Enter is the screen's."""

    BINDINGS = [
        Binding("up", "cursor_up", "Up", show=False),
        Binding("down", "cursor_down", "Down", show=False),
        Binding("left", "cursor_left", "Left", show=False),
        Binding("right", "cursor_right", "Right", show=False),
    ]

    DEFAULT_CSS = """
    WeekTable { height: 1fr; scrollbar-size-vertical: 1; }
    WeekTable > .datatable--header { text-style: bold; background: $panel; }
    """


class WeekScreen(Screen[tuple[dt.date, str] | None]):
    """Seven days × providers; dismissed with the (day, provider) to open, or None."""

    CSS_PATH = SCREENS_CSS

    BINDINGS = [
        Binding("escape", "back", "Back", id="week.back"),
        Binding("enter", "open_day", "Open day", id="week.open_day"),
        Binding("left_square_bracket,pageup", "week(-1)", "Prev week", id="week.previous"),
        Binding("right_square_bracket,pagedown", "week(1)", "Next week", id="week.next"),
        Binding("t", "this_week", "This week", id="week.today"),
    ]

    @dataclass
    class Loaded(Message, bubble=False):
        """The week was read (in a worker); ``error`` says why not."""

        monday: dt.date
        cells: list[DayCell]
        error: str = ""

    def __init__(self, desk: Desk, day: dt.date, provider: str = "") -> None:
        super().__init__(id="week")
        self.desk = desk
        self.monday = week_of(day)[0]
        self._want = (day, provider)
        self.cells: list[DayCell] = []
        self._laid_out_for = -1

    def compose(self) -> ComposeResult:
        """Header, the week's title, the grid, a legend, the status line and keys."""
        yield ClinicHeader(self.desk.config.name)
        with Container(classes="body"):
            yield Static("", id="week-title", classes="day-line", markup=False)
            yield WeekTable(id="week-table", cursor_type="cell", zebra_stripes=False)
            yield Static(LEGEND, id="week-legend", classes="detail-line", markup=False)
            yield StatusLine(id="week-status")
        yield TooSmall()
        yield DeskFooter()

    @property
    def table(self) -> WeekTable:
        """The week's grid."""
        return self.query_one(WeekTable)

    @property
    def status(self) -> StatusLine:
        """The screen's one-line status."""
        return self.query_one(StatusLine)

    def on_mount(self) -> None:
        """Header, keyboard in the grid, the week read."""
        self.query_one(ClinicHeader).show(
            self.desk.today(), fmt.time_label(self.desk.now()), fmt.open_now(self.desk)
        )
        self.table.focus()
        self.reload()

    def on_store_changed(self, message: StoreChanged) -> None:
        """Some desk changed the store: read the week again, the cursor where it is."""
        if self.is_mounted:
            self.reload()

    def reload(self) -> None:
        """Read the week again (in a worker)."""
        self._load(self.monday)

    @work(thread=True, exclusive=True, group="week-load")
    def _load(self, monday: dt.date) -> None:
        cells: list[DayCell] = []
        try:
            config = self.desk.config  # one setup for the whole week, read off the UI thread
            for day in week_of(monday):
                schedule = self.desk.schedule(day)
                closed = schedule.info.reason if schedule.info.kind == CLOSED else ""
                cells += day_cells(day, day_grid(config, schedule), config.providers, closed)
        except USER_ERRORS as err:
            self.post_message(self.Loaded(monday, [], str(err)))
            return
        if not get_current_worker().is_cancelled:
            self.post_message(self.Loaded(monday, cells))

    def on_week_screen_loaded(self, message: Loaded) -> None:
        """Show the week just read (a stale answer for another week is dropped)."""
        if message.monday != self.monday:
            return
        if message.error:
            self.status.say(message.error, error=True)
            return
        self.cells = message.cells
        self._title()
        self._fill()

    def _title(self) -> None:
        visits = sum(c.visits for c in self.cells)
        free = sum(c.free for c in self.cells)
        sunday = self.monday + dt.timedelta(days=6)
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(f"Week of {fmt.short_day(self.monday)} – {fmt.short_day(sunday)}", "bold")
        text.append(f" · {visits} visit{'s' if visits != 1 else ''} · {_hours(free)} free")
        if self.monday <= self.desk.today() <= sunday:
            text.append(" · this week", "bold")
        self.query_one("#week-title", Static).update(text)

    def _fill(self) -> None:
        """Lay the grid out for the width it has, keeping the cursor's day and provider."""
        table = self.table
        want_day, want_provider = self._want
        if table.row_count and table.is_valid_coordinate(table.cursor_coordinate):
            want_day, want_provider = self._at_cursor() or self._want
        providers = list(dict.fromkeys(c.provider for c in self.cells))  # as read
        days = week_of(self.monday)
        width = table.size.width
        label = max((len(p) for p in providers), default=8) + 2
        each = max((width - label - 1) // 7 - 2, 6)
        self._laid_out_for = width
        table.clear(columns=True)
        today = self.desk.today()
        for day in days:
            head = Text(fmt.short_day(day).rsplit(" ", 1)[0])
            if day == today:
                head.stylize(f"bold {fmt.YELLOW}")
                if each >= 13:
                    head.append(" ·today", f"bold {fmt.YELLOW}")
            table.add_column(head, width=each, key=day.isoformat())
        span = week_span(self.cells)
        by = {(c.day, c.provider): c for c in self.cells}
        for provider in providers:
            row = [cell_text(by[(day, provider)], span, each) for day in days]
            # Five lines for four: a blank line between providers.
            table.add_row(*row, height=5, key=provider, label=Text(provider, "bold"))
        table.show_row_labels = True
        if want_day in days and want_provider in providers:
            table.move_cursor(row=providers.index(want_provider), column=days.index(want_day))
        elif want_day in days:
            table.move_cursor(row=0, column=days.index(want_day))

    def on_resize(self) -> None:
        """Another width: the cells and bars are laid out again."""
        if self.cells and self.table.size.width != self._laid_out_for:
            self._fill()

    def _at_cursor(self) -> tuple[dt.date, str] | None:
        table = self.table
        if not table.row_count or not table.is_valid_coordinate(table.cursor_coordinate):
            return None
        row, column = table.coordinate_to_cell_key(table.cursor_coordinate)
        if row.value is None or column.value is None:
            return None
        return dt.date.fromisoformat(column.value), row.value

    def action_open_day(self) -> None:
        """Open the day under the cursor in the schedule (that provider's column)."""
        picked = self._at_cursor()
        if picked is not None:
            self.dismiss(picked)

    def action_back(self) -> None:
        """Back to the schedule as it was."""
        self.dismiss(None)

    def action_week(self, step: int) -> None:
        """The week before (-1) or after (1), the cursor on the same weekday."""
        picked = self._at_cursor()
        self.monday += dt.timedelta(weeks=step)
        if picked is not None:
            self._want = (picked[0] + dt.timedelta(weeks=step), picked[1])
        self.table.clear()
        self.reload()

    def action_this_week(self) -> None:
        """The week holding today, the cursor on today."""
        picked = self._at_cursor()
        today = self.desk.today()
        self.monday = week_of(today)[0]
        self._want = (today, picked[1] if picked else "")
        self.table.clear()
        self.reload()
