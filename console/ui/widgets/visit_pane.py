"""What the schedule and check-in panes share: a day of visits in a table, one selected."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import arrow
from rich.text import Text
from textual import events, work
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import DataTable
from textual.worker import get_current_worker

from console.clinic.config import ClinicConfig
from console.clinic.models import Appointment, Patient
from console.desk import DaySchedule, Desk, Visit
from console.ui import dialogs
from console.ui import format as fmt
from console.ui.day_read import FirstRead, read_day
from console.ui.keyguard import guard_of, is_typed, start_search
from console.ui.messages import OpenPatient
from console.ui.visit_actions import NO_VISIT, VisitActions
from console.ui.widgets.status_line import StatusLine
from console.ui.widgets.visit_table import VisitTable


class VisitPane(Vertical):
    """A pane listing one day's visits; subclasses show the day and add their keys.

    Subclasses define ``day`` and handle ``Loaded`` / ``LoadFailed`` (posted to self).
    The visit actions (:attr:`visit_actions`) act on the row under the cursor.
    """

    BINDINGS = [Binding("u", "undo", "Undo", id="visit.undo", show=False)]
    #: The pane's keys whose action asks before changing a visit (see ``on_key``).
    ASKING_KEYS: frozenset[str] = frozenset()

    day: dt.date

    @dataclass
    class Loaded(Message, bubble=False):
        """The day was read (in a worker); handled by the pane that posted it."""

        schedule: DaySchedule
        now: arrow.Arrow
        series: dict[str, str] = field(default_factory=dict)  # visit id -> progress
        flagged: dict[str, list[str]] = field(default_factory=dict)  # visit id -> flags
        invalid: list[str] = field(default_factory=list)  # left-out documents, a sentence each
        #: The clinic's setup as read with the day (off the UI thread: it may re-read a file).
        config: ClinicConfig | None = None

    @dataclass
    class LoadFailed(Message, bubble=False):
        """The day could not be read; ``error`` is the sentence to show."""

        error: str

    def __init__(self, desk: Desk, first_read: FirstRead | None = None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.desk = desk
        #: The start day's read, begun before this pane existed (taken by the first load).
        self.first_read = first_read
        self._schedule: DaySchedule | None = None
        self._series: dict[str, str] = {}  # appointment id -> series progress text
        self._flagged: dict[str, list[str]] = {}  # appointment id -> flagged answers
        self._want: str | None = None  # the row to select after the next load
        self.visit_actions = VisitActions(self, undo_key=True)

    @property
    def shown_day(self) -> dt.date | None:
        """The day whose visits are on show (None until the first one is read)."""
        return self._schedule.info.date if self._schedule is not None else None

    @property
    def table(self) -> VisitTable:
        """The pane's table of visits."""
        return self.query_one(VisitTable)

    @property
    def status(self) -> StatusLine:
        """The pane's one-line status (results and refusals)."""
        return self.query_one(StatusLine)

    def focus_default(self) -> None:
        """Put the keyboard in the table (or the pane, while the table is empty)."""
        (self.table if self.table.display else self).focus()

    @property
    def selected_key(self) -> str | None:
        """The key of the row (or block) under the cursor: a visit's id, or another row's."""
        return self.table.selected_key

    @property
    def selected_visit(self) -> Visit | None:
        """The visit under the cursor, if the cursor is on one."""
        key = self.selected_key
        if self._schedule is None or key is None:
            return None
        return next((v for v in self._schedule.visits if v.appointment.id == key), None)

    def picked_visit(self) -> tuple[Appointment, Patient] | None:
        """The visit under the cursor and its patient (for the visit actions)."""
        visit = self.selected_visit
        return (visit.appointment, visit.patient) if visit is not None else None

    def _need_visit(self) -> Visit | None:
        visit = self.selected_visit
        if visit is None:
            self.status.say(NO_VISIT, error=True)
        return visit

    def reload(self, select: str | None = None) -> None:
        """Read the day again in a worker; ``select`` puts the cursor on that row after."""
        self._want = select or self._want
        self._load(self.day)

    def show_visit(self, appt: Appointment) -> None:
        """Put the cursor on ``appt`` once the day is read again."""
        self.reload(select=appt.id)

    @work(thread=True, exclusive=True, group="visit-pane-load")
    def _load(self, day: dt.date) -> None:
        first, self.first_read = self.first_read, None
        read = first.take(day) if first is not None else None
        if read is None:
            read = read_day(self.desk, day)
        if isinstance(read, str):
            self.post_message(self.LoadFailed(read))
        elif not get_current_worker().is_cancelled:
            now = self.desk.now()
            loaded = self.Loaded(
                read.schedule, now, read.series, read.flagged, read.invalid, read.config
            )
            self.post_message(loaded)

    def say_invalid(self, message: Loaded) -> None:
        """Name a document of the day's file that was left out, unless the status is busy."""
        if message.invalid and not self.status.message:
            more = len(message.invalid) - 1
            extra = f" ({more} more in this month's file.)" if more else ""
            self.status.say(message.invalid[0] + extra, error=True)

    def _show_detail(self) -> None:
        """Show the selected row's details (subclasses)."""

    def _visit_detail(self, visit: Visit) -> Text:
        """The detail lines of a visit: what and when, then health, series and flags."""
        aid = visit.appointment.id
        text = fmt.visit_summary(visit)
        text.append("\n")
        text.append_text(
            fmt.care_line(visit.patient, self._series.get(aid, ""), self._flagged.get(aid, []))
        )
        return text

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        """Show the details of the row the cursor moved to."""
        event.stop()
        self._show_detail()

    def on_key(self, event: events.Key) -> None:
        """A letter that is no key here starts a patient search: no text box is here,
        so the receptionist is typing a name. Keys held while a question closes or a
        search opens (the key guard) never act on a row."""
        guard = guard_of(self.app)
        if guard.hold(event) or not is_typed(event):
            return
        if event.key in self.ASKING_KEYS:
            # Its action asks first; letters right behind it (a name) must not act
            # before the question shows: the guard holds them from now on.
            guard.arm()
            return
        if event.key in self.screen.active_bindings:
            return  # the pane's own key (it asks before it changes anything)
        event.stop()
        event.prevent_default()
        start_search(self.app, event.character or "")

    def action_undo(self) -> None:
        """Undo this desk's last change (u), if it was recent and nobody changed it since."""
        self.visit_actions.undo()

    def action_cancel_visit(self) -> None:
        """Cancel the selected visit after the dialog's confirmation."""
        self.visit_actions.cancel()

    @work(exclusive=True, group="dialog")
    async def action_history(self) -> None:
        """Who booked, moved or changed the selected visit, and when."""
        visit = self._need_visit()
        if visit is not None:
            when = fmt.short_day(visit.start.date())
            title = f"History of {fmt.who(visit.patient)}'s visit, {when}"
            await dialogs.HistoryDialog.ask(self.app, "visit", visit.appointment.id, title)

    def action_open_patient(self) -> None:
        """Open the selected visit's patient."""
        visit = self._need_visit()
        if visit is not None:
            self.post_message(OpenPatient(visit.patient.id))
