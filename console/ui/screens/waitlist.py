"""The waitlist: who waits for a time to free up, oldest first; add and remove entries.

Opened with F6 (or the command palette) over the desk; Esc comes back. ``a`` asks who
(the patient search, or a new patient) then what they wait for; ``x`` takes the entry
under the cursor off after a one-key confirm; ``u`` undoes this desk's last change.
Entries past their "until" date are listed (dimmed, "expired") but never offered.
"""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container
from textual.screen import Screen
from textual.widgets import Static

from console.desk import USER_ERRORS, Desk
from console.desk.waitlist import Waiting
from console.ui import format as fmt
from console.ui.dialogs import choose_patient
from console.ui.dialogs.confirm import confirm_key
from console.ui.dialogs.waitlist_add import WaitlistAddDialog
from console.ui.keyguard import guard_of, guard_typing
from console.ui.messages import OpenPatient, StoreChanged
from console.ui.styles import SCREENS_CSS
from console.ui.visit_actions import undo_last_change
from console.ui.widgets.footer import DeskFooter
from console.ui.widgets.header import ClinicHeader
from console.ui.widgets.status_line import StatusLine
from console.ui.widgets.too_small import TooSmall
from console.ui.widgets.visit_table import Column, Row, VisitTable

COLUMNS = (
    Column("Since", 10),
    Column("Patient", 16, 30, weight=3),
    Column("Visit", 12, 18, weight=1),
    Column("Would take", 20, 60, weight=4),
    Column("Note", 10, 30, weight=1, optional=True),
)
#: The keys that ask before acting (a name typed after them is held, not acted on).
ASKING_KEYS = ("x",)


def waitlist_rows(desk: Desk, rows: list[Waiting]) -> list[Row]:
    """One row per entry, oldest request first; an expired one dimmed and marked."""
    today = desk.today()
    found: list[Row] = []
    for row in rows:
        entry = row.entry
        style = "dim" if entry.expired(today) else ""
        kind = desk.config.appointment_types.get(entry.type)
        who = fmt.who(row.patient) if row.patient else entry.patient_id
        wants = entry.wants() + ("  (expired)" if entry.expired(today) else "")
        found.append(
            (
                entry.id,
                [
                    fmt.plain(entry.created[:10], style),
                    fmt.plain(who, style),
                    fmt.words_fit(kind.label if kind else entry.type, style),
                    fmt.plain(wants, style),
                    fmt.plain(entry.note, "dim"),
                ],
            )
        )
    return found


class WaitlistScreen(Screen[None]):
    """The waitlist, one row per entry; keys to add, remove and undo."""

    CSS_PATH = SCREENS_CSS

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="waitlist.back"),
        Binding("a", "add", "Add", id="waitlist.add"),
        Binding("x,delete", "remove", "Remove", id="waitlist.remove"),
        Binding("enter,o", "open_patient", "Patient", id="waitlist.open_patient"),
        Binding("u", "undo", "Undo", id="waitlist.undo"),
    ]

    def __init__(self, desk: Desk) -> None:
        super().__init__(id="waitlist")
        self.desk = desk
        self.rows: list[Waiting] = []
        self._want: str | None = None

    def compose(self) -> ComposeResult:
        """Header, title, the table, the status line and keys."""
        yield ClinicHeader(self.desk.config.name)
        with Container(classes="body"):
            yield Static("", id="waitlist-title", classes="day-line", markup=False)
            yield VisitTable(COLUMNS, id="waitlist-table")
            yield StatusLine(id="waitlist-status")
        yield TooSmall()
        yield DeskFooter()

    @property
    def table(self) -> VisitTable:
        """The table of entries."""
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
        """Read the waitlist again; ``select`` puts the cursor on that entry.

        Read here, not in a worker: one small file and the patients it names, so the
        list is there for the action that follows (a palette command opens the screen
        and acts at once).
        """
        self._want = select or self._want
        try:
            rows = self.desk.waitlist_list(all=True)
        except USER_ERRORS as err:
            self._show([], str(err))
            return
        self._show(rows)

    def _show(self, rows: list[Waiting], error: str = "") -> None:
        """Show the list just read (or why not), keeping the cursor where it was."""
        if error:
            self.status.say(error, error=True)
        self.rows = rows
        today = self.desk.today()
        live = sum(1 for r in self.rows if not r.entry.expired(today))
        title = Text(f"Waitlist · {live} waiting", "bold")
        if not self.rows:
            title.append(" · a adds a patient", "dim")
        self.query_one("#waitlist-title", Static).update(title)
        keep, self._want = self._want, None
        self.table.show_rows(waitlist_rows(self.desk, self.rows), keep)

    @property
    def selected(self) -> Waiting | None:
        """The entry under the cursor."""
        key = self.table.selected_key
        return next((r for r in self.rows if r.entry.id == key), None)

    def on_key(self, event: events.Key) -> None:
        """A name typed here (no text box) opens the patient search, never a removal."""
        guard_typing(self, event, ASKING_KEYS)

    def action_add(self) -> None:
        """Ask who, then what they wait for, and put them on the waitlist."""
        self.run_worker(self._add(), group="dialog", exclusive=True)

    async def _add(self) -> None:
        patient_id = await choose_patient(self.app, "Add to the waitlist: who?")
        if patient_id is not None:
            await self.add_for(patient_id)

    async def add_for(self, patient_id: str) -> None:
        """The waitlist form for ``patient_id``; the entry saved is shown and selected."""
        entry = await WaitlistAddDialog.ask(self.app, patient_id)
        if entry is not None:
            self.reload(select=entry.id)
            self.status.say(f"On the waitlist: {entry.wants()}. · u undoes", done=True)

    def action_remove(self) -> None:
        """Take the entry under the cursor off the waitlist, after a one-key confirm."""
        row = self.selected
        if row is None:
            guard_of(self.app).disarm()
            self.status.say("Put the cursor on an entry first (↑/↓).", error=True)
            return
        self.run_worker(self._remove(row), group="dialog", exclusive=True)

    async def _remove(self, row: Waiting) -> None:
        question = Text("Take ")
        question.append(fmt.who(row.patient) if row.patient else row.entry.patient_id, "bold")
        question.append(" off the waitlist?")
        if not await confirm_key(self.app, "x", question, yes="Remove", no="Keep"):
            self.status.say("Nothing changed.")
            return
        try:
            self.desk.waitlist_remove(row.entry.id)
        except USER_ERRORS as err:
            self.status.say(str(err), error=True)
            return
        self.reload()
        self.status.say(Text("Taken off the waitlist. · u undoes"), done=True)

    def action_open_patient(self) -> None:
        """Open the selected entry's patient."""
        if (row := self.selected) is not None:
            self.post_message(OpenPatient(row.entry.patient_id))

    def action_undo(self) -> None:
        """Undo this desk's last change."""
        if undo_last_change(self.desk, self.status):
            self.reload()
