"""Register a walk-in: the next free slot today, already marked arrived."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Label, Select, Static

from console.clinic.models import Appointment
from console.desk import USER_ERRORS, Desk
from console.ui import format as fmt
from console.ui.dialogs.base import Dialog, error_line


class WalkInDialog(Dialog[Appointment | None]):
    """Answers the walk-in appointment (saved, status arrived), or None."""

    NAME = "walkin"
    FIELD_ALIASES = {"start": "general", "status": "general"}
    BINDINGS = [Binding("ctrl+s", "confirm", "Register", id="walkin.confirm")]

    def __init__(self, desk: Desk) -> None:
        super().__init__(classes="dialog-screen")
        self.desk = desk
        self.patient_id = ""

    def prepare(self, patient_id: str, *args: Any, **kwargs: Any) -> None:
        """Take the patient who walked in."""
        self.patient_id = patient_id
        super().prepare()

    def compose(self) -> ComposeResult:
        """The patient, the walk-in types and providers, errors and buttons."""
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
            yield error_line("general")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Register", id="walkin-ok", variant="primary", compact=True)
                yield Button("Close", id="walkin-close", compact=True)
            yield Static(
                "Next free slot today, marked arrived · Enter registers · Esc closes",
                classes="dialog-hint",
                markup=False,
            )

    def reset(self) -> None:
        """Show the patient's name, provider back to first free, the keyboard on Register."""
        super().reset()
        try:
            name = Text(fmt.who(self.desk.patient(self.patient_id)))
        except USER_ERRORS as err:
            name = Text(self.patient_id)
            self.show_error("patient", str(err))
        self.query_one("#walkin-patient", Static).update(name)
        self.query_one("#walkin-provider", Select).clear()
        self.set_focus(self.query_one("#walkin-ok", Button))

    def action_confirm(self) -> None:
        """Register the walk-in now; answer the visit or show why not."""
        self.clear_errors()
        type_key = self.query_one("#walkin-type", Select).value
        provider = self.query_one("#walkin-provider", Select).value
        try:
            appt = self.desk.walkin(
                self.patient_id,
                str(type_key),
                provider=provider if isinstance(provider, str) else None,
            )
        except USER_ERRORS as err:
            self.show_error(getattr(err, "field", None), str(err))
            return
        self.dismiss(appt)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Register, or close without registering."""
        event.stop()
        if event.button.id == "walkin-ok":
            self.action_confirm()
        else:
            self.action_close()
