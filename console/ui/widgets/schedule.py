"""The schedule pane: one day across its office hours, with the visit actions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import arrow
from rich.console import RenderableType
from rich.text import Text
from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Static

from console.clinic import status as st
from console.clinic.config import ClinicConfig
from console.clinic.hours import BY_APPOINTMENT, CLOSED, DayInfo, clock_label
from console.clinic.models import Appointment
from console.desk import DaySchedule, Desk, Visit
from console.ui import dialogs
from console.ui import format as fmt
from console.ui.day_layout import BY_PROVIDER, BY_ROOM, DayGrid
from console.ui.day_read import FirstRead
from console.ui.day_view import day_grid
from console.ui.widgets.day_columns import DayColumns
from console.ui.widgets.status_line import StatusLine
from console.ui.widgets.visit_pane import VisitPane
from console.ui.widgets.visit_table import Column, Row, VisitTable

GRID_MINUTES = 30
#: From this many columns on, the day shows one column per provider (or room).
COLUMNS_FROM = 120
DAY = Binding.Group("Day", compact=True)
NOW_KEY = "now"
SLOT_PREFIX = "slot:"

COLUMNS = (
    Column("Time", 9),
    Column("Patient", 16, 34, weight=4),
    Column("Visit", 12, 18, weight=1),
    Column("With", 10, 20, weight=1),
    Column("Status", 12),
    Column("Note", 12, None, weight=2, optional=True),
)


def _minutes(moment: dt.time) -> int:
    return moment.hour * 60 + moment.minute


def schedule_rows(schedule: DaySchedule, now: arrow.Arrow, late_after: int) -> list[Row]:
    """Rows for a day: visits at their start, empty half hours between, and a now-marker.

    Open days show every half hour from opening to closing; Sundays and closed days
    show only what is booked. Half hours when nobody is busy say "free".
    """
    info = schedule.info
    items: list[tuple[int, int, Row]] = []  # (minute of day, order, row)
    for visit in schedule.visits:
        items.append(
            (
                _minutes(visit.start.time()),
                1,
                (visit.appointment.id, _visit_cells(visit, late_after)),
            )
        )
    if info.is_open and info.opens and info.closes:
        starts = {_minutes(v.start.time()) // GRID_MINUTES for v in schedule.visits}
        for mark in range(_minutes(info.opens), _minutes(info.closes), GRID_MINUTES):
            if mark // GRID_MINUTES in starts:
                continue
            busy = _busy(schedule.visits, mark, mark + GRID_MINUTES)
            label = clock_label(dt.time(mark // 60, mark % 60))
            note = "" if busy else "free"
            key = f"{SLOT_PREFIX}{mark // 60:02d}:{mark % 60:02d}"
            cells = [fmt.plain(label, "dim"), fmt.plain(note, "dim italic")]
            items.append((mark, 2, (key, cells + [fmt.plain("")] * (len(COLUMNS) - 2))))
    if now.date() == info.date:
        cells = [
            fmt.plain(fmt.time_label(now), f"bold {fmt.YELLOW}"),
            fmt.plain("◀ now ─────────", f"bold {fmt.YELLOW}"),
        ]
        items.append(
            (_minutes(now.time()), 0, (NOW_KEY, cells + [fmt.plain("")] * (len(COLUMNS) - 2)))
        )
    items.sort(key=lambda item: (item[0], item[1]))
    return [row for _, _, row in items]


def _busy(visits: tuple[Visit, ...], start: int, end: int) -> bool:
    for visit in visits:
        if not visit.appointment.holds_slot:
            continue
        v_start = _minutes(visit.start.time())
        if v_start < end and v_start + visit.appointment.minutes > start:
            return True
    return False


def _visit_cells(visit: Visit, late_after: int) -> list[RenderableType]:
    appt = visit.appointment
    time = fmt.time_label(visit.start)
    if visit.outside_hours:
        time_cell = fmt.plain("!" + time, fmt.OUTSIDE_STYLE)
    else:
        time_cell = fmt.plain(time, fmt.LATE_STYLE if fmt.is_late(visit, late_after) else "")
    notes = []
    if visit.outside_hours:
        notes.append("outside hours")
    if appt.walk_in:
        notes.append("walk-in")
    if fmt.is_late(visit, late_after):
        notes.append(f"late {fmt.duration_words(visit.late_minutes or 0)}")
    if note := fmt.private(appt.notes, hidden=""):
        notes.append(note.replace("\n", " "))
    return [
        time_cell,
        fmt.named_with_alert(visit.patient, "strike" if appt.status == st.CANCELLED else ""),
        fmt.words_fit(visit.type_label),
        fmt.with_fit(appt.provider, appt.room),
        fmt.status_text(appt.status),
        fmt.plain(" · ".join(notes), "italic"),
    ]


def day_heading(info: DayInfo, visits: int, today: dt.date) -> Text:
    """``◀ Tue 24 Nov 2026 ▶  Open 9:00 AM–6:00 PM · 17 visits · today``."""
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append(f"◀ {fmt.day_label(info.date)} ▶", "bold")
    style = {CLOSED: f"bold {fmt.RED}", BY_APPOINTMENT: f"bold {fmt.YELLOW}"}.get(info.kind, "")
    text.append("  ")
    text.append(fmt.describe_day(info), style)
    text.append(f" · {visits} visit{'s' if visits != 1 else ''}")
    delta = (info.date - today).days
    if delta == 0:
        text.append(" · today", "bold")
    elif delta == 1:
        text.append(" · tomorrow")
    elif delta == -1:
        text.append(" · yesterday")
    return text


class SchedulePane(VisitPane):
    """The selected day's visits against the office hours.

    Under 120 columns a list; from 120 on, one column per provider (``v``: per room)
    with each visit a block as tall as it lasts. Left/right change the day; the visit
    keys act on the visit under the cursor, in either view.
    """

    ASKING_KEYS = frozenset({"a", "x"})
    BINDINGS = [
        # One "←→ Day" in the footer: room for every key at 80 columns.
        Binding(
            "left,left_square_bracket",
            "previous_day",
            "Prev",
            id="schedule.previous_day",
            group=DAY,
        ),
        Binding(
            "right,right_square_bracket", "next_day", "Next", id="schedule.next_day", group=DAY
        ),
        Binding("t", "today", "Today", id="schedule.today"),
        Binding("g", "goto_date", "Date", id="schedule.goto_date"),
        Binding("b", "book", "Book", id="schedule.book"),
        Binding("a", "check_in", "Check in", id="schedule.check_in"),
        Binding("r", "reschedule", "Move", id="schedule.reschedule"),
        Binding("x", "cancel_visit", "Cancel", id="schedule.cancel"),
        Binding("enter,o", "open_patient", "Patient", id="schedule.open_patient"),
        Binding("h", "history", "History", id="schedule.history"),
        # "w" is shown in the footer only where there is room for it (the column view):
        # the first binding is refused under 120 columns and the key falls to the second.
        Binding("w", "week_shown", "Week", id="schedule.week"),
        Binding("w", "week", "Week", show=False, id="schedule.week_list"),
        # "v" says what it turns to: the first of the two is refused while by room.
        Binding("v", "columns_by('room')", "Rooms", id="schedule.by_room"),
        Binding("v", "columns_by('provider')", "Providers", id="schedule.by_provider"),
    ]

    day: reactive[dt.date] = reactive(dt.date.min, init=False)
    #: The column view's columns: one per provider, or one per room.
    by: reactive[str] = reactive(BY_PROVIDER, init=False)

    @dataclass
    class DayChanged(Message):
        """The pane now shows another day."""

        day: dt.date

    class Shown(Message):
        """The pane has shown a day it read (the first one: the console's first frame)."""

    def __init__(
        self, desk: Desk, day: dt.date, first_read: FirstRead | None = None, **kwargs
    ) -> None:
        super().__init__(desk, first_read, **kwargs)
        self.set_reactive(SchedulePane.day, day)
        self.in_columns = False  # set from the width (see on_resize)
        self._rows: list[Row] = []
        self._grid: DayGrid | None = None
        self._config: ClinicConfig | None = None  # the setup read with the day on show
        self._now: arrow.Arrow | None = None
        self._want_column: str | None = None  # the column to put the cursor in next

    def compose(self) -> ComposeResult:
        """The day line, the list or the columns (or a note), the detail and status lines."""
        yield Static(id="schedule-day", classes="day-line", markup=False)
        # The view is chosen now, by the terminal's width (see ``on_resize``): a first
        # frame drawn with the other one would be laid out and painted twice.
        self.in_columns = self.app.size.width >= COLUMNS_FROM
        table = VisitTable(COLUMNS, id="schedule-table")
        table.display = not self.in_columns
        yield table
        columns = DayColumns(id="schedule-columns")
        columns.display = self.in_columns
        yield columns
        yield Static(id="schedule-empty", classes="empty-note", markup=False)
        yield Static(id="schedule-detail", classes="detail-line visit-detail", markup=False)
        yield StatusLine(id="schedule-status")

    @property
    def columns(self) -> DayColumns:
        """The column view."""
        return self.query_one(DayColumns)

    @property
    def selected_key(self) -> str | None:
        """The visit (or row) under the cursor, in whichever view is on show."""
        if self.in_columns:
            return self.columns.selected_key
        return self.table.selected_key

    def focus_default(self) -> None:
        """Put the keyboard in the list or the columns (the pane while neither shows)."""
        view = self.columns if self.in_columns else self.table
        (view if view.display else self).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Rooms/providers only means something while the columns show (see ``w``)."""
        if action in ("toggle_rooms", "week_shown"):
            return self.in_columns
        if action == "columns_by":
            return self.in_columns and parameters[:1] != (self.by,)
        return True

    # -- loading ------------------------------------------------------------------

    def watch_day(self, day: dt.date) -> None:
        """Another day: say so (the header follows) and read it."""
        self.status.clear()
        self.post_message(self.DayChanged(day))
        self.reload()

    def on_visit_pane_loaded(self, message: VisitPane.Loaded) -> None:
        """Show the day just read, keeping the cursor where it was (or on now)."""
        schedule = message.schedule
        if schedule.info.date != self.day:  # a stale answer for a day we left
            return
        first_load = self._schedule is None or self._schedule.info.date != schedule.info.date
        self._schedule = schedule
        self._now = message.now
        self._series, self._flagged = message.series, message.flagged
        today = message.now.date()
        self.query_one("#schedule-day", Static).update(
            day_heading(schedule.info, len(schedule.visits), today)
        )
        config = self._config = message.config or self._config
        late_after = config.late_after_minutes if config else 10
        self._rows = schedule_rows(schedule, message.now, late_after)
        keep, self._want = self._want, None
        column, self._want_column = self._want_column, None
        if first_load and keep is None:
            if schedule.info.date == today:
                keep = NOW_KEY
            elif column is None:  # a column asked for: the cursor goes there, not to a visit
                keep = _first_visit(schedule)
        self.table.show_rows(self._rows, keep)
        self._grid = day_grid(config, schedule, self.by) if config else None
        now_minute = _minutes(message.now.time()) if schedule.info.date == today else None
        visit = keep if keep and not keep.startswith(SLOT_PREFIX) and keep != NOW_KEY else None
        time = keep[len(SLOT_PREFIX) :] if keep and keep.startswith(SLOT_PREFIX) else None
        if first_load and time is None and visit is None:
            time = _first_free_time(self._grid, now_minute)
        self.columns.show(self._grid, now_minute, keep=visit, keep_time=time, keep_column=column)
        empty = self.query_one("#schedule-empty", Static)
        empty.update(_empty_message(schedule.info))
        self._show_view()
        self._show_detail()
        self.say_invalid(message)
        if first_load:
            self.post_message(self.Shown())

    def on_visit_pane_load_failed(self, message: VisitPane.LoadFailed) -> None:
        """Say why the day could not be read."""
        self.status.say(message.error, error=True)

    def _show_view(self) -> None:
        """The list or the columns, by the width; a note instead when there is nothing.

        A hidden view cannot hold focus, so the pane itself takes it (its keys keep
        working: next day, book...) until there is something to show again.
        """
        empty = self._grid is None if self.in_columns else not self._rows
        view, other = (self.columns, self.table) if self.in_columns else (self.table, self.columns)
        had_focus = (
            view.has_focus or other.has_focus or self.has_focus or self.screen.focused is None
        )
        self.query_one("#schedule-empty", Static).display = empty
        other.display = False
        view.display = not empty
        self.can_focus = empty
        if had_focus and self.screen.is_current:
            (self if empty else view).focus()

    def on_resize(self, event: events.Resize) -> None:
        """From 120 columns on the day shows in columns; under that, as the list.

        The terminal's width decides, not the pane's own: switching views changes what
        the pane holds, and a width that followed it could flip the view back (a scroll
        bar that shows only with the columns takes 2 of 120). Each flip moves the
        keyboard and repaints the whole screen, so that would never end.
        """
        in_columns = self.app.size.width >= COLUMNS_FROM
        if in_columns == self.in_columns:
            return
        key = self.selected_key
        time = self._selected_time()
        self.in_columns = in_columns
        if in_columns:
            if not (key and self.columns.select_key(key, post=False)):
                self.columns.show(self._grid, self.columns.now_minute, keep_time=time or None)
        elif key:
            self.table.select_key(key)
        elif time:
            half = _minutes(dt.time.fromisoformat(time)) // GRID_MINUTES * GRID_MINUTES
            self.table.select_key(f"{SLOT_PREFIX}{half // 60:02d}:{half % 60:02d}")
        self._show_view()
        self._show_detail()
        self.refresh_bindings()

    def watch_by(self, by: str) -> None:
        """Columns per provider or per room: lay the day out again, on the same visit."""
        if self._schedule is None:
            return
        if self._config is not None:
            self._grid = day_grid(self._config, self._schedule, by)
        self.columns.show(self._grid, self.columns.now_minute, keep=self.columns.selected_key)
        self._show_view()
        self._show_detail()

    def _show_detail(self) -> None:
        detail = self.query_one("#schedule-detail", Static)
        visit = self.selected_visit
        key = self.selected_key or ""
        if visit is not None:
            detail.update(self._visit_detail(visit))
        elif self.in_columns and self.columns.stop is not None:
            detail.update(self._slot_detail())
        elif key.startswith(SLOT_PREFIX) or key == NOW_KEY:
            detail.update(Text("Nothing starts here. b books a visit at this time.", "dim"))
        else:
            detail.update("")

    def _slot_detail(self) -> Text:
        """What the row under the cursor in the columns is: free, a break, closed..."""
        columns, grid = self.columns, self._grid
        stop = columns.stop
        if grid is None or stop is None:
            return Text("")
        column = grid.columns[columns.column]
        minute = grid.minute(stop.row)
        when = clock_label(dt.time(minute // 60, minute % 60))
        shade = column.shade_at(minute)
        if shade is not None:
            return Text(f"{column.name}, {when}: {shade.label}.", "dim")
        return Text(f"{column.name} is free at {when}. b books a visit then.", "dim", no_wrap=True)

    def on_day_columns_highlighted(self, message: DayColumns.Highlighted) -> None:
        """Show the details of the visit (or the time) the cursor moved to."""
        message.stop()
        self._show_detail()

    # -- selection ----------------------------------------------------------------

    def _selected_time(self) -> str:
        if self.in_columns:
            return self.columns.selected_time
        key = self.table.selected_key or ""
        if key.startswith(SLOT_PREFIX):
            return key[len(SLOT_PREFIX) :]
        visit = self.selected_visit
        return visit.start.format("HH:mm") if visit else ""

    # -- actions ------------------------------------------------------------------

    def action_previous_day(self) -> None:
        """Show the day before."""
        self.day -= dt.timedelta(days=1)

    def action_next_day(self) -> None:
        """Show the day after."""
        self.day += dt.timedelta(days=1)

    def action_today(self) -> None:
        """Show the clinic's today."""
        self.day = self.desk.today()

    def show_day(self, day: dt.date, select: str | None = None, column: str | None = None) -> None:
        """Show ``day`` (reloads even when it is already shown), cursor on ``select``
        (in the columns: in ``column``, a provider or room, when no visit is given)."""
        self._want = select
        self._want_column = column
        if day == self.day:
            self.reload()
        self.day = day

    @work(exclusive=True, group="dialog")
    async def action_goto_date(self) -> None:
        """Ask for a date and show it."""
        day = await dialogs.GoToDateDialog.ask(self.app, self.day)
        if day is not None:
            self.show_day(day)

    def show_visit(self, appt: Appointment) -> None:
        """Show the day of ``appt`` (just booked or moved) with the cursor on it."""
        self.show_day(appt.day(self.desk.tz), select=appt.id)

    def action_check_in(self) -> None:
        """Check the selected visit in (its pre-treatment questions first, if any)."""
        self.visit_actions.check_in()

    def action_book(self) -> None:
        """Book a visit at the selected time (asks who for first); in the columns, with
        the column's provider (or in its room)."""
        provider = room = ""
        if self.in_columns and self._config is not None:
            # A column of a provider (or room) no longer in the setup preselects nothing.
            name = self.columns.column_name
            if self.by == BY_ROOM:
                room = name if name in self._config.rooms else ""
            else:
                provider = name if name in self._config.providers else ""
        self.visit_actions.book(self.day, self._selected_time(), provider=provider, room=room)

    def action_reschedule(self) -> None:
        """Move the selected visit to another day or time."""
        self.visit_actions.move()

    def action_columns_by(self, by: str) -> None:
        """One column per room (``room``) or per provider (``provider``)."""
        self.by = by
        self.refresh_bindings()

    def action_toggle_rooms(self) -> None:
        """Columns per room instead of per provider, or back."""
        self.action_columns_by(BY_PROVIDER if self.by == BY_ROOM else BY_ROOM)

    def action_week_shown(self) -> None:
        """The week view (``w`` as the footer shows it, from 120 columns)."""
        self.action_week()

    def action_week(self) -> None:
        """The week around the shown day; Enter there opens a day here."""
        from console.ui.screens.week import WeekScreen  # screens sit above widgets

        def opened(picked: tuple[dt.date, str] | None) -> None:
            if picked is not None:
                self.show_day(picked[0], column=picked[1])

        self.app.push_screen(WeekScreen(self.desk, self.day), opened)


def _first_visit(schedule: DaySchedule) -> str | None:
    return schedule.visits[0].appointment.id if schedule.visits else None


def _first_free_time(grid: DayGrid | None, now_minute: int | None) -> str | None:
    """Where the column cursor starts on a new day: now, else the first visit's time."""
    if grid is None:
        return None
    if now_minute is not None:
        return f"{now_minute // 60:02d}:{now_minute % 60:02d}"
    starts = [p.row for c in grid.columns for p in c.placed]
    return grid.clock(min(starts)) if starts else None


def _empty_message(info: DayInfo) -> Text:
    if info.kind == CLOSED:
        return Text(f"Closed: {info.reason}\n\nNothing is booked.", "bold")
    if info.kind == BY_APPOINTMENT:
        return Text(
            f"{info.date:%A}: by appointment only.\n\nNothing is booked. b books a visit.", "bold"
        )
    return Text("Nothing is booked.")
