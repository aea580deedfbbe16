"""Put a patient on the waitlist: the visit they wait for and what times would do.

The same rules and sentences as ``frontdesk waitlist add`` (the desk's
``waitlist_add``); a mistake is shown next to its field and nothing is saved.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Select, Static

from console.clinic.waitlist import WaitlistEntry
from console.desk import USER_ERRORS, Desk
from console.ui import format as fmt
from console.ui.dialogs.base import Dialog, error_line, text_box

#: The text boxes: (field, label, placeholder). The field names are the desk's.
BOXES = (
    ("weekdays", "Days", "any day; or mon,wed or mon-fri"),
    ("from", "From", "any time; or HH:MM (not before)"),
    ("to", "To", "any time; or HH:MM (ending by)"),
    ("until", "Until", "until removed; or a date (12/31)"),
    ("note", "Note", "optional, one line"),
)


class WaitlistAddDialog(Dialog[WaitlistEntry | None]):
    """The waitlist entry's form; answers the entry saved, or None."""

    NAME = "waitlist-add"
    FIELD_ALIASES = {"entry": "general", "start": "from", "end": "to"}
    BINDINGS = [Binding("ctrl+s", "save", "Save", id="waitlist_add.save")]

    def __init__(self, desk: Desk) -> None:
        super().__init__(classes="dialog-screen")
        self.desk = desk
        self.patient_id = ""

    def prepare(self, patient_id: str, *args: Any, **kwargs: Any) -> None:
        """Take the patient to put on the waitlist."""
        self.patient_id = patient_id
        super().prepare()

    def compose(self) -> ComposeResult:
        """Patient, type, provider, the wishes, errors and buttons."""
        config = self.desk.config
        types = [(Text(t.label), k) for k, t in config.appointment_types.items()]
        with Vertical(classes="dialog", id="waitlist-add-dialog"):
            yield Label("Add to the waitlist", classes="dialog-title")
            with Horizontal(classes="field"):
                yield Label("Patient", classes="field-label")
                yield Static("", id="waitlist-patient", markup=False)
            yield error_line("patient")
            with Horizontal(classes="field"):
                yield Label("Visit", classes="field-label")
                yield Select(types, id="waitlist-type", allow_blank=False, compact=True)
            yield error_line("type")
            with Horizontal(classes="field"):
                yield Label("Provider", classes="field-label")
                yield Select(
                    [(Text(p), p) for p in config.providers],
                    prompt="Any provider",
                    id="waitlist-provider",
                    compact=True,
                )
            yield error_line("provider")
            for field, label, placeholder in BOXES:
                with Horizontal(classes="field"):
                    yield Label(label, classes="field-label")
                    yield text_box(placeholder, id=f"waitlist-{field}")
                yield error_line(field)
            yield error_line("general")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save", id="waitlist-save", variant="primary", compact=True)
                yield Button("Close", id="waitlist-close", compact=True)
            yield Static("Enter or ctrl+s saves · Esc closes", classes="dialog-hint", markup=False)

    def reset(self) -> None:
        """The patient's name; every wish back to "any"."""
        super().reset()
        try:
            name = Text(fmt.who(self.desk.patient(self.patient_id)))
        except USER_ERRORS as err:
            name = Text(self.patient_id)
            self.show_error("patient", str(err))
        self.query_one("#waitlist-patient", Static).update(name)
        self.query_one("#waitlist-provider", Select).clear()
        for field, _, _ in BOXES:
            self.query_one(f"#waitlist-{field}", Input).value = ""
        self.set_focus(self.query_one("#waitlist-type", Select))

    def _box(self, field: str) -> str:
        return self.query_one(f"#waitlist-{field}", Input).value

    def action_save(self) -> None:
        """Save the entry, or show the one sentence next to the field that is wrong."""
        self.clear_errors()
        provider = self.query_one("#waitlist-provider", Select).value
        try:
            entry = self.desk.waitlist_add(
                self.patient_id,
                str(self.query_one("#waitlist-type", Select).value),
                provider=provider if isinstance(provider, str) else None,
                weekdays=self._box("weekdays"),
                start=self._box("from"),
                end=self._box("to"),
                until=self._box("until"),
                note=self._box("note"),
            )
        except USER_ERRORS as err:
            self.show_error(getattr(err, "field", None), str(err))
            return
        self.dismiss(entry)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in a box saves."""
        event.stop()
        self.action_save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Save, or close without saving."""
        event.stop()
        if event.button.id == "waitlist-save":
            self.action_save()
        else:
            self.action_close()
