"""A patient's details, conditions and allergies, and visit history; book from here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

import arrow
from rich.console import RenderableType
from rich.text import Text
from textual import events, work
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
from console.ui.dialogs import (
    ConfirmDialog,
    HistoryDialog,
    OneBoxDialog,
    PatientFormDialog,
    PickDialog,
)
from console.ui.dialogs.waitlist_add import WaitlistAddDialog
from console.ui.keyguard import guard_typing
from console.ui.messages import StoreChanged
from console.ui.styles import SCREENS_CSS
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


ENTRY_NAMES = {"allergies": "allergy", "conditions": "condition"}


def entries_text(label: str, entries: tuple[str, ...], style: str = "", keys: str = "") -> Text:
    """``Allergies  • Penicillin  • Latex`` (each entry apart), or ``none recorded``.

    ``keys`` (dim, after the entries) says which keys change them.
    """
    text = Text(f"\n{label} ", "dim")
    if fmt.initials_only():
        text.append(fmt.private("", "none recorded"))
        return text
    if not entries:
        text.append("none recorded")
    for n, entry in enumerate(entries):
        text.append("  " if n else " ")
        text.append(f"• {fmt.private(entry)}", style)
    if keys:
        text.append(f"   {keys}", "dim")
    return text


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
    removes = " · del removes" if patient.conditions or patient.allergies else ""
    text.append_text(entries_text("Conditions", patient.conditions, keys=f"(c adds{removes})"))
    text.append_text(
        entries_text("Allergies ", patient.allergies, fmt.ALLERGY_STYLE, f"(l adds{removes})")
    )
    for line in progress or []:
        text.append("\nSeries ", "dim")
        text.append(line, fmt.CYAN)
    if notes := fmt.private(patient.notes, hidden=""):
        text.append("\nNotes ", "dim")
        text.append(notes.replace("\n", "; "), "italic")
    return text


def name_line(patient: Patient) -> Text:
    """The patient's name, id and alert (the screen's header line)."""
    name = Text(fmt.who(patient), "bold")
    name.append(f"   {patient.id}", "dim")
    if patient.alert:
        name.append("   ")
        name.append_text(fmt.alert_text(patient))
    else:
        name.append("   ! sets an alert", "dim")
    return name


class PatientScreen(Screen[None]):
    """One patient. Installed once; :meth:`show` switches to another patient."""

    CSS_PATH = SCREENS_CSS

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="patient.back"),
        Binding("b", "book", "Book", id="patient.book"),
        Binding("a", "check_in", "Check in", id="patient.check_in"),
        Binding("r", "reschedule", "Move", id="patient.reschedule"),
        Binding("x", "cancel_visit", "Cancel", id="patient.cancel"),
        Binding("e", "edit", "Edit details", id="patient.edit"),
        Binding("h", "history", "History", id="patient.history"),
        Binding("exclamation_mark", "set_alert", "Alert", id="patient.alert"),
        Binding("l", "add_allergy", "Allergy", id="patient.add_allergy"),
        Binding("c", "add_condition", "Condition", id="patient.add_condition"),
        Binding("delete", "remove_entry", "Remove", id="patient.remove_entry"),
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
        yield DeskFooter()

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
        self.query_one("#patient-name", Static).update(name_line(patient))
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

    def on_key(self, event: events.Key) -> None:
        """A name typed here (no text box) opens the patient search: a and x (which act
        on the visit under the cursor) only ask, and the letters behind them are held."""
        guard_typing(self, event, {"a", "x"})

    # -- actions ------------------------------------------------------------------

    @work(exclusive=True, group="dialog")
    async def action_history(self) -> None:
        """Every recorded change to this patient's details and visits."""
        if self.patient is not None:
            title = Text(f"History of {fmt.who(self.patient)} and their visits")
            if self.patient.alert:
                title.append("  ").append_text(fmt.alert_text(self.patient))
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
    async def action_add_to_waitlist(self) -> None:
        """Put this patient on the waitlist (the form asks for the visit and the times)."""
        if self.patient is not None:
            entry = await WaitlistAddDialog.ask(self.app, self.patient.id)
            if entry is not None:
                self.status.say(f"On the waitlist: {entry.wants()}.", done=True)

    def _may_change(self, what: str) -> Patient | None:
        """The patient, unless initials only hides what the dialog would show (said so)."""
        if self.patient is not None and fmt.initials_only():
            self.status.say(f"Turn initials only off (ctrl+p) to {what}.", error=True)
            return None
        return self.patient

    @work(exclusive=True, group="dialog")
    async def action_edit(self) -> None:
        """Edit the patient's name, phone and birth date."""
        if (patient := self._may_change("edit details")) is None:
            return
        updated = await PatientFormDialog.ask(self.app, patient=patient)
        if updated is not None:
            self.reload()
            self.status.say("Details saved.", done=True)

    # -- alert ----------------------------------------------------------------------

    @work(exclusive=True, group="dialog")
    async def action_set_alert(self) -> None:
        """Set or change the patient's alert (an empty box clears it, after asking)."""
        if (patient := self._may_change("change the alert")) is None:
            return
        text = await OneBoxDialog.ask(
            self.app,
            Text(f"Alert for {fmt.who(patient)}"),
            "Alert",
            value=patient.alert,
            placeholder="e.g. Needs a Spanish speaker",
            hint="Shown wherever the patient appears · Enter saves (empty clears) · Esc closes",
            allow_empty=bool(patient.alert),
            save=lambda text: self.desk.set_alert(patient.id, text),
        )
        if text is None or text == patient.alert:
            return
        if not text:
            await self._clear_alert(patient)
            return
        self.reload()
        self.status.say("Alert saved.", done=True)

    @work(exclusive=True, group="dialog")
    async def action_clear_alert(self) -> None:
        """Clear the patient's alert after a confirmation."""
        if (patient := self._may_change("change the alert")) is None:
            return
        if not patient.alert:
            self.status.say(f"{fmt.who(patient)} has no alert.", error=True)
            return
        await self._clear_alert(patient)

    async def _clear_alert(self, patient: Patient) -> None:
        question = Text(f"Clear {fmt.who(patient)}'s alert ")
        question.append_text(fmt.alert_text(patient)).append("?")
        answer = await ConfirmDialog.confirm(self.app, question, yes="Clear alert", no="Keep it")
        if answer.yes and self._change(lambda: self.desk.set_alert(patient.id, "")):
            self.status.say("Alert cleared.", done=True)

    # -- allergies and conditions ----------------------------------------------------------

    def action_add_allergy(self) -> None:
        """Add one allergy (the others stay)."""
        self._add_entry("allergies")

    def action_add_condition(self) -> None:
        """Add one condition (the others stay)."""
        self._add_entry("conditions")

    @work(exclusive=True, group="dialog")
    async def _add_entry(self, field: str) -> None:
        kind = ENTRY_NAMES[field]
        article = "an" if kind == "allergy" else "a"
        if (patient := self._may_change(f"add {article} {kind}")) is None:
            return
        text = await OneBoxDialog.ask(
            self.app,
            Text(f"Add {article} {kind} for {fmt.who(patient)}"),
            kind.capitalize(),
            placeholder="one entry, e.g. Penicillin" if field == "allergies" else "one entry",
            save=lambda text: self.desk.add_health_entry(patient.id, field, text),
        )
        if text:
            self.reload()
            self.status.say(Text(f"Added the {kind} “{text}”."), done=True)

    @work(exclusive=True, group="dialog")
    async def action_remove_entry(self) -> None:
        """Remove one allergy or condition, picked from a list, after a confirmation."""
        if (patient := self._may_change("remove an allergy or condition")) is None:
            return
        choices = [
            (f"{field}:{n}", Text(f"{ENTRY_NAMES[field].capitalize()}: {entry}"))
            for field in ENTRY_NAMES
            for n, entry in enumerate(getattr(patient, field))
        ]
        if not choices:
            self.status.say("No allergies or conditions are recorded.", error=True)
            return
        picked = await PickDialog.ask(self.app, Text("Remove which entry?"), choices)
        if not picked:
            return
        field, n = picked.split(":")
        entry = getattr(patient, field)[int(n)]
        kind = ENTRY_NAMES[field]
        answer = await ConfirmDialog.confirm(
            self.app,
            Text(f"Remove the {kind} “{entry}” from {fmt.who(patient)}'s record?"),
            yes=f"Remove {kind}",
            no="Keep it",
        )
        if answer.yes and self._change(
            lambda: self.desk.remove_health_entry(patient.id, field, entry)
        ):
            self.status.say(Text(f"Removed the {kind} “{entry}”."), done=True)

    def _change(self, change: Callable[[], Patient]) -> bool:
        """Make one change to the patient; say why not on the status line."""
        try:
            change()
        except USER_ERRORS as err:
            self.status.say(str(err), error=True)
            return False
        self.reload()
        return True

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
