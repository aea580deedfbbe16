"""Register a walk-in: the time it would get, and the next few, shown before anything is saved."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from console.clinic.booking import Proposal
from console.clinic.models import Appointment
from console.clinic.treatments import Question
from console.desk import USER_ERRORS, Desk
from console.ui import format as fmt
from console.ui.dialogs.base import Dialog, error_line

#: How many start times are offered (the first is the one the desk would give now).
OPTIONS = 4


@dataclass(frozen=True)
class WalkInChoice:
    """A walk-in the receptionist chose, not saved yet: its treatment asks questions first."""

    patient_id: str
    type_key: str
    option: Proposal
    questions: tuple[Question, ...]


def type_questions(desk: Desk, type_key: str) -> tuple[Question, ...]:
    """The pre-treatment questions of a visit type's treatment (may be none)."""
    kind = desk.config.appointment_types.get(type_key)
    treatment = desk.treatments.get(kind.treatment) if kind and kind.treatment else None
    return treatment.questions if treatment else ()


def option_label(option: Proposal, now_minutes: int, first: bool) -> Text:
    """``10:45 AM  in 15 min  Provider A · Room 1  (first free)``."""
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append(f"{fmt.time_label(option.start):>8}", "bold")
    wait = option.start.hour * 60 + option.start.minute - now_minutes
    text.append(f"  {'now' if wait <= 0 else 'in ' + fmt.duration_words(wait):<15}")
    text.append(fmt.with_label(option.provider, option.room))
    if first:
        text.append("  (first free)", "dim")
    return text


class WalkInDialog(Dialog[Appointment | WalkInChoice | None]):
    """Shows the walk-in's time and the next few; Enter takes the highlighted one.

    Answers the saved walk-in (status arrived); or, when its treatment has questions,
    the :class:`WalkInChoice` (the host asks them, then registers it with the answers);
    or None.
    """

    NAME = "walkin"
    FIELD_ALIASES = {"start": "general", "status": "general", "room": "general"}
    BINDINGS = [Binding("ctrl+s", "confirm", "Register", id="walkin.confirm")]

    def __init__(self, desk: Desk) -> None:
        super().__init__(classes="dialog-screen")
        self.desk = desk
        self.patient_id = ""
        self.options: list[Proposal] = []

    def prepare(self, patient_id: str, *args: Any, **kwargs: Any) -> None:
        """Take the patient who walked in."""
        self.patient_id = patient_id
        super().prepare()

    def compose(self) -> ComposeResult:
        """The patient, the walk-in types and providers, the times, errors and buttons."""
        config = self.desk.config
        types = [(Text(t.label), k) for k, t in config.appointment_types.items() if t.walk_in]
        with Vertical(classes="dialog", id="walkin-dialog"):
            yield Label("Walk-in", classes="dialog-title")
            with Horizontal(classes="field"):
                yield Label("Patient", classes="field-label")
                yield Static("", id="walkin-patient", markup=False)
            yield error_line("patient")
            with Horizontal(classes="field"):
                yield Label("Type", classes="field-label")
                yield Select(types, id="walkin-type", allow_blank=False, compact=True)
            yield error_line("type")
            with Horizontal(classes="field"):
                yield Label("Provider", classes="field-label")
                yield Select(
                    [(Text(p), p) for p in config.providers],
                    prompt="First free",
                    id="walkin-provider",
                    compact=True,
                )
            yield error_line("provider")
            yield Label("Seen at (Enter takes the highlighted time):", id="walkin-times-label")
            yield OptionList(id="walkin-times")
            yield error_line("general")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Register", id="walkin-ok", variant="primary", compact=True)
                yield Button("Close", id="walkin-close", compact=True)
            yield Static(
                "↑/↓ time · Enter registers, marked arrived · Esc closes",
                classes="dialog-hint",
                markup=False,
            )

    def reset(self) -> None:
        """Show the patient's name, provider back to first free, the times to choose from."""
        super().reset()
        try:
            patient = self.desk.patient(self.patient_id)
            name = Text(fmt.who(patient))
            if patient.alert:
                name.append("  ")
                name.append_text(fmt.alert_text(patient))
        except USER_ERRORS as err:
            name = Text(self.patient_id)
            self.show_error("patient", str(err))
        self.query_one("#walkin-patient", Static).update(name)
        self.query_one("#walkin-provider", Select).clear()
        self._show_options()
        self.set_focus(self.query_one("#walkin-times", OptionList))

    def _choice(self) -> tuple[str, str | None]:
        type_key = self.query_one("#walkin-type", Select).value
        provider = self.query_one("#walkin-provider", Select).value
        return str(type_key), provider if isinstance(provider, str) else None

    def _show_options(self) -> None:
        """Ask the desk which times the walk-in could have now (the first is its own)."""
        self.clear_errors()
        listing = self.query_one("#walkin-times", OptionList)
        listing.clear_options()
        self.options = []
        type_key, provider = self._choice()
        try:
            self.options = self.desk.walkin_options(
                self.patient_id, type_key, provider=provider, count=OPTIONS
            )
        except USER_ERRORS as err:
            self.show_error(getattr(err, "field", None), str(err))
            return
        now = self.desk.now()
        minutes = now.hour * 60 + now.minute
        for index, option in enumerate(self.options):
            listing.add_option(Option(option_label(option, minutes, index == 0)))
        if self.options:
            listing.highlighted = 0

    def on_select_changed(self, event: Select.Changed) -> None:
        """Another type or provider: other times."""
        event.stop()
        if self.is_mounted:
            self._show_options()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter on a time registers the walk-in at that time."""
        event.stop()
        self.action_confirm()

    def action_confirm(self) -> None:
        """Register the walk-in at the highlighted time, or hand it on for its questions."""
        self.clear_errors()
        index = self.query_one("#walkin-times", OptionList).highlighted
        if not self.options or index is None:
            self.show_error("general", "No time is free for a walk-in today; book a visit.")
            return
        option = self.options[index]
        type_key, _ = self._choice()
        questions = type_questions(self.desk, type_key)
        if questions:
            self.dismiss(WalkInChoice(self.patient_id, type_key, option, questions))
            return
        try:
            appt = register(self.desk, WalkInChoice(self.patient_id, type_key, option, ()))
        except USER_ERRORS as err:
            self.show_error(getattr(err, "field", None), str(err))
            self._show_options()  # another desk took it: fresh times
            return
        self.dismiss(appt)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Register, or close without registering."""
        event.stop()
        if event.button.id == "walkin-ok":
            self.action_confirm()
        else:
            self.action_close()


def register(
    desk: Desk,
    choice: WalkInChoice,
    answers: dict[str, str] | None = None,
    details: dict[str, str] | None = None,
) -> Appointment:
    """Save the chosen walk-in (arrived), with its screening answers if it has questions."""
    option = choice.option
    return desk.walkin(
        choice.patient_id,
        choice.type_key,
        provider=option.provider,
        room=option.room,
        start=option.start,
        answers=answers,
        details=details,
    )
