"""Confirmation calls: who to ring for the next open day, what to tell them, one key per outcome."""

from __future__ import annotations

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

from console.clinic.hours import DayInfo
from console.desk import USER_ERRORS, Desk
from console.services.calls import OUTCOMES, CallItem, call_list, record_call
from console.ui import format as fmt
from console.ui.messages import StoreChanged
from console.ui.widgets.footer import DeskFooter
from console.ui.widgets.header import ClinicHeader
from console.ui.widgets.status_line import StatusLine
from console.ui.widgets.too_small import TooSmall
from console.ui.widgets.visit_table import Column, Row, VisitTable

COLUMNS = (
    Column("Time", 8),
    Column("Patient", 16, 30, weight=3),
    Column("Phone", 14, 16),
    Column("Visit", 12, 18, weight=1),
    Column("Last call", 12, 24, weight=1),
)


def call_rows(items: list[CallItem]) -> list[Row]:
    """One row per visit to confirm."""
    rows: list[Row] = []
    for item in items:
        visit = item.visit
        last = OUTCOMES.get(item.last_outcome or "", "not called")
        style = f"bold {fmt.GREEN}" if item.last_outcome == "confirmed" else ""
        rows.append(
            (
                visit.appointment.id,
                [
                    fmt.plain(fmt.time_label(visit.start)),
                    fmt.plain(fmt.who(visit.patient)),
                    fmt.plain(fmt.phone(visit.patient)),
                    fmt.words_fit(visit.type_label),
                    fmt.plain(last, style or ("dim" if item.last_outcome is None else "")),
                ],
            )
        )
    return rows


def script_text(item: CallItem) -> Text:
    """What to tell the patient: the visit, then the treatment's lines."""
    visit = item.visit
    text = Text()
    text.append("Tell ", "dim")
    text.append(fmt.who(visit.patient), "bold")
    text.append(
        f": {visit.type_label}, {fmt.short_day(visit.start.date())} "
        f"{fmt.time_label(visit.start)} with {visit.appointment.provider}."
    )
    for line in item.script:
        text.append("\n• ")
        text.append(line)
    return text


class CallsScreen(Screen[None]):
    """The confirmation-call list for the next open day; a key per call outcome."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="calls.back"),
        Binding("c", "record('confirmed')", "Confirmed", id="calls.confirmed"),
        Binding("l", "record('left_message')", "Left msg", id="calls.left_message"),
        Binding("n", "record('no_answer')", "No answer", id="calls.no_answer"),
        Binding("x", "record('cancelled')", "Cancelled", id="calls.cancelled"),
        Binding("r", "refresh_list", "Refresh", id="calls.refresh"),
    ]

    @dataclass
    class Loaded(Message, bubble=False):
        """The call list was read in a worker (``error`` says why not)."""

        info: DayInfo | None
        items: list[CallItem]
        error: str = ""

    def __init__(self, desk: Desk) -> None:
        super().__init__(id="calls")
        self.desk = desk
        self.items: list[CallItem] = []
        self._want: str | None = None

    def compose(self) -> ComposeResult:
        """Header, title, the call table, the script, the status line and keys."""
        yield ClinicHeader(self.desk.config.name)
        with Container(classes="body"):
            yield Static("", id="calls-title", classes="day-line", markup=False)
            yield VisitTable(COLUMNS, id="calls-table")
            yield Static("", id="calls-script", markup=False)
            yield StatusLine(id="calls-status")
        yield TooSmall()
        yield DeskFooter(compact=True, show_command_palette=False)

    @property
    def table(self) -> VisitTable:
        """The table of calls to make."""
        return self.query_one(VisitTable)

    @property
    def status(self) -> StatusLine:
        """The screen's one-line status (results and refusals)."""
        return self.query_one(StatusLine)

    def on_screen_resume(self) -> None:
        """Each time it shows: header, keyboard in the table, a fresh list."""
        self.query_one(ClinicHeader).show(
            self.desk.today(), fmt.time_label(self.desk.now()), fmt.open_now(self.desk)
        )
        self.table.focus()
        self.reload()

    def on_store_changed(self, message: StoreChanged) -> None:
        """Some desk changed the store: read the list again."""
        if self.is_mounted:
            self.reload()

    def reload(self, select: str | None = None) -> None:
        """Read the call list again (in a worker)."""
        self._want = select or self._want
        self._load()

    @work(thread=True, exclusive=True, group="calls-load")
    def _load(self) -> None:
        try:
            info, items = call_list(self.desk)
        except USER_ERRORS as err:
            self.post_message(self.Loaded(None, [], str(err)))
            return
        if not get_current_worker().is_cancelled:
            self.post_message(self.Loaded(info, items))

    def on_calls_screen_loaded(self, message: Loaded) -> None:
        """Show the list just read, keeping the cursor on the same call."""
        if message.error:
            self.status.say(message.error, error=True)
        self.items = message.items
        title = self.query_one("#calls-title", Static)
        if message.info is not None:
            count = len(self.items)
            title.update(
                Text(
                    f"Confirmation calls for {fmt.day_label(message.info.date)} · {count} to call",
                    "bold",
                    no_wrap=True,
                    overflow="ellipsis",
                )
            )
        keep, self._want = self._want, None
        self.table.show_rows(call_rows(self.items), keep)
        self._show_script()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        """Show the script for the call the cursor moved to."""
        event.stop()
        self._show_script()

    @property
    def selected(self) -> CallItem | None:
        """The call under the cursor."""
        key = self.table.selected_key
        return next((i for i in self.items if i.visit.appointment.id == key), None)

    def _show_script(self) -> None:
        item = self.selected
        script = self.query_one("#calls-script", Static)
        if item is not None:
            script.update(script_text(item))
        elif not self.items:
            script.update(Text("Nobody left to call for that day.", "dim"))
        else:
            script.update("")

    def action_record(self, outcome: str) -> None:
        """Record the outcome of the call to the selected patient."""
        item = self.selected
        if item is None:
            self.status.say("Put the cursor on a patient first (↑/↓).", error=True)
            return
        try:
            record_call(self.desk, item.visit.appointment.id, outcome)
        except USER_ERRORS as err:
            self.status.say(str(err), error=True)
            return
        self.status.say(Text(f"{fmt.who(item.visit.patient)}: {OUTCOMES[outcome]}."), done=True)
        self.reload(select=item.visit.appointment.id)

    def action_refresh_list(self) -> None:
        """Read the call list again."""
        self.reload()
