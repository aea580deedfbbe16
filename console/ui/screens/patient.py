"""A patient's details, conditions and allergies, and visit history; book from here."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import arrow
from rich.console import RenderableType
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Static
from textual.worker import get_current_worker

from console.clinic import status as st
from console.clinic.models import Appointment, Patient
from console.desk import USER_ERRORS, Desk
from console.services import series
from console.ui import format as fmt
from console.ui.dialogs import HistoryDialog, PatientFormDialog
from console.ui.messages import StoreChanged
from console.ui.visit_actions import VisitActions
from console.ui.widgets.footer import DeskFooter
from console.ui.widgets.header import ClinicHeader
from console.ui.widgets.key_bar import KeyBar
from console.ui.widgets.status_line import StatusLine
from console.ui.widgets.too_small import TooSmall
from console.ui.widgets.visit_table import Column, VisitTable

COLUMNS = (
    Column("Date", 15),
    Column("Time", 8),
    Column("Visit", 12, 18, weight=1),
    Column("With", 10, 20, weight=1),
    Column("Status", 12),
    Column("Note", 12, None, weight=1, optional=True),
)


def details(patient: Patient, progress: list[str] | None = None) -> Text:
    """Phone, birth date, email, then conditions, allergies (stand out), series and notes."""
    text = Text(overflow="ellipsis")
    text.append("Phone ", "dim")
    text.append(fmt.phone(patient))
    text.append("   Born ", "dim")
    text.append(fmt.private(patient.dob.isoformat() if patient.dob else "", "—"))
    if email := fmt.private(patient.email, hidden=""):
        text.append("   Email ", "dim")
        text.append(email)
    text.append("\nConditions ", "dim")
    text.append(fmt.private("; ".join(patient.conditions), "none recorded"))
    text.append("\nAllergies ", "dim")
    if allergies := fmt.private("; ".join(patient.allergies)):
        text.append(allergies, "" if fmt.initials_only() else fmt.ALLERGY_STYLE)
    else:
        text.append("none recorded")
    for line in progress or []:
        text.append("\nSeries ", "dim")
        text.append(line, fmt.CYAN)
    if notes := fmt.private(patient.notes, hidden=""):
        text.append("\nNotes ", "dim")
        text.append(notes.replace("\n", "; "), "italic")
    return text


class PatientScreen(Screen[None]):
    """One patient. Installed once; :meth:`show` switches to another patient."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="patient.back"),
        Binding("b", "book", "Book", id="patient.book"),
        Binding("a", "check_in", "Check in", id="patient.check_in"),
        Binding("r", "reschedule", "Move", id="patient.reschedule"),
        Binding("x", "cancel_visit", "Cancel", id="patient.cancel"),
        Binding("e", "edit", "Edit details", id="patient.edit"),
        Binding("h", "history", "History", id="patient.history"),
    ]

    @dataclass
    class Loaded(Message, bubble=False):
        """The patient and their visits were read (in a worker)."""

        patient: Patient
        history: list[Appointment]
        now: arrow.Arrow
        series: list[str] = field(default_factory=list)  # progress of each series

    @dataclass
    class LoadFailed(Message, bubble=False):
        """The patient could not be read; ``error`` is the sentence to show."""

        patient_id: str
        error: str

    def __init__(self, desk: Desk) -> None:
        super().__init__(id="patient")
        self.desk = desk
        self.patient_id = ""
        self.patient: Patient | None = None
        self._history: list[Appointment] = []
        self._want: str | None = None
        self.visit_actions = VisitActions(self, names_patient=False)

    def compose(self) -> ComposeResult:
        """Header, the patient's name and details, their visits, and the keys."""
        yield ClinicHeader(self.desk.config.name)
        with Container(classes="body"):
            yield Static("", id="patient-name", classes="day-line", markup=False)
            yield Static("", id="patient-details", markup=False)
            yield Static("", id="patient-visits-title", classes="section-title", markup=False)
            yield VisitTable(COLUMNS, id="patient-visits")
            yield StatusLine(id="patient-status")
        yield TooSmall()
        yield KeyBar()
        yield DeskFooter(compact=True, show_command_palette=False)

    @property
    def status(self) -> StatusLine:
        """The screen's one-line status (results and refusals)."""
        return self.query_one(StatusLine)

    @property
    def table(self) -> VisitTable:
        """The table of the patient's visits."""
        return self.query_one(VisitTable)

    def show(self, patient_id: str) -> None:
        """Show ``patient_id`` (loads now when the screen is already on show)."""
        if patient_id != self.patient_id:
            self.patient_id, self.patient, self._history = patient_id, None, []
            if self.is_mounted:
                self.status.clear()
                self.table.show_rows([])
        if self.is_mounted:
            self.reload()

    def on_screen_resume(self) -> None:
        """Read the patient again each time the screen shows."""
        self.reload()

    def on_store_changed(self, message: StoreChanged) -> None:
        """Some desk changed the store: re-read the patient."""
        # Re-read only: the cursor and focus stay where the user left them.
        if self.is_mounted and self.patient_id:
            self._load(self.patient_id)

    def reload(self, select: str | None = None) -> None:
        """Read the patient and their visits again; ``select`` puts the cursor on that one."""
        self._want = select or self._want
        today = self.desk.today()
        self.query_one(ClinicHeader).show(
            today, fmt.time_label(self.desk.now()), fmt.open_now(self.desk)
        )
        self.table.focus()
        if self.patient_id:
            self._load(self.patient_id)

    @work(thread=True, exclusive=True, group="patient-load")
    def _load(self, patient_id: str) -> None:
        try:
            patient = self.desk.patient(patient_id)
            history = self.desk.history(patient_id)
            kinds = {a.type for a in history} & set(series.series_types(self.desk))
            progress = [
                state.describe()
                for key in sorted(kinds)
                if (state := series.progress(self.desk, patient_id, key)) is not None
            ]
        except USER_ERRORS as err:
            self.post_message(self.LoadFailed(patient_id, str(err)))
            return
        if not get_current_worker().is_cancelled:
            self.post_message(self.Loaded(patient, history, self.desk.now(), progress))

    def on_patient_screen_load_failed(self, message: LoadFailed) -> None:
        """Say why the patient could not be read."""
        if message.patient_id == self.patient_id:
            self.status.say(message.error, error=True)

    def on_patient_screen_loaded(self, message: Loaded) -> None:
        """Show the patient just read; the cursor first goes to their next visit."""
        patient = message.patient
        if patient.id != self.patient_id:
            return
        first = self.patient is None
        self.patient = patient
        self._history = list(reversed(message.history))  # newest first
        name = Text(fmt.who(patient), "bold")
        name.append(f"   {patient.id}", "dim")
        self.query_one("#patient-name", Static).update(name)
        self.query_one("#patient-details", Static).update(details(patient, message.series))
        done = sum(1 for a in self._history if a.status == st.COMPLETED)
        self.query_one("#patient-visits-title", Static).update(
            Text(f"Visits: {len(self._history)} in all, {done} completed")
        )
        rows = [(a.id, self._cells(a)) for a in self._history]
        keep, self._want = self._want, None
        if first and keep is None:
            keep = _next_visit(self._history, message.now, self.desk)
        self.table.show_rows(rows, keep)

    def _cells(self, appt: Appointment) -> list[RenderableType]:
        start = appt.start_at(self.desk.tz)
        kind = self.desk.config.appointment_types.get(appt.type)
        notes = ["outside hours"] if appt.outside_hours else []
        if appt.walk_in:
            notes.append("walk-in")
        if note := fmt.private(appt.notes, hidden=""):
            notes.append(note.replace("\n", " "))
        return [
            fmt.plain(fmt.day_label(start.date())),
            fmt.plain(fmt.time_label(start)),
            fmt.words_fit(kind.label if kind else appt.type),
            fmt.with_fit(appt.provider, appt.room),
            fmt.status_text(appt.status),
            fmt.plain(" · ".join(notes), "italic"),
        ]

    # -- actions ------------------------------------------------------------------

    @work(exclusive=True, group="dialog")
    async def action_history(self) -> None:
        """Every recorded change to this patient's details and visits."""
        if self.patient is not None:
            title = f"History of {fmt.who(self.patient)} and their visits"
            await HistoryDialog.ask(self.app, "patient", self.patient.id, title)

    def picked_visit(self) -> tuple[Appointment, Patient] | None:
        """The visit under the cursor and the patient (for the visit actions)."""
        key = self.table.selected_key
        found = next((a for a in self._history if a.id == key), None)
        return (found, self.patient) if found and self.patient else None

    def show_visit(self, appt: Appointment) -> None:
        """Put the cursor on ``appt`` (just booked or moved) once read again."""
        self.reload(select=appt.id)

    def action_book(self) -> None:
        """Book a visit for this patient, from today (or the next open day)."""
        if self.patient is not None:
            self.visit_actions.book(_first_open_day(self.desk), patient_id=self.patient.id)

    @work(exclusive=True, group="dialog")
    async def action_edit(self) -> None:
        """Edit the patient's details (conditions and allergies after a consultation)."""
        if self.patient is None:
            return
        if fmt.initials_only():  # the form would show every detail the mode hides
            self.status.say("Turn initials only off (ctrl+p) to edit details.", error=True)
            return
        updated = await PatientFormDialog.ask(self.app, patient=self.patient)
        if updated is not None:
            self.reload()
            self.status.say("Details saved.", done=True)

    def action_check_in(self) -> None:
        """Check the selected visit in (its pre-treatment questions first, if any)."""
        self.visit_actions.check_in()

    def action_reschedule(self) -> None:
        """Move the selected visit to another day or time."""
        self.visit_actions.move()

    def action_cancel_visit(self) -> None:
        """Cancel the selected visit after the dialog's confirmation."""
        self.visit_actions.cancel()


def _first_open_day(desk: Desk) -> dt.date:
    """Today when the clinic opens today, else its next open day (today if none is known)."""
    today = desk.today()
    following = desk.next_open_day(today)
    return today if desk.day_info(today).is_open or following is None else following.date


def _next_visit(history: list[Appointment], now: arrow.Arrow, desk: Desk) -> str | None:
    """The soonest visit still ahead (history is newest first)."""
    ahead = [a for a in history if a.start_at(desk.tz) >= now.floor("day") and a.holds_slot]
    if ahead:
        return ahead[-1].id
    return history[0].id if history else None
