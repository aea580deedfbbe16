"""Register a new patient or edit one (consultation details); errors next to the field."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Static

from console.clinic.models import HEALTH_FIELDS, Patient, entries
from console.desk import USER_ERRORS, Desk
from console.ui.dialogs.base import Dialog, error_line

FIELDS = (
    ("first_name", "First name", ""),
    ("last_name", "Last name", ""),
    ("phone", "Phone", "(714) 555-0123"),
    ("dob", "Born", "YYYY-MM-DD (optional)"),
    ("allergies", "Allergies", "optional"),
    ("conditions", "Conditions", "optional"),
)


class PatientFormDialog(Dialog[Patient | None]):
    """Answers the new or edited patient, already saved, or None.

    ``prepare(typed=...)`` registers a new patient (name pre-filled from a lookup);
    ``prepare(patient=...)`` edits that patient, e.g. conditions and allergies
    recorded at the consultation.
    """

    NAME = "new-patient"
    BINDINGS = [Binding("ctrl+s", "save", "Save", id="patient_form.save")]

    def __init__(self, desk: Desk) -> None:
        super().__init__(classes="dialog-screen")
        self.desk = desk
        self._typed = ""
        self._editing: Patient | None = None

    def prepare(self, typed: str = "", patient: Patient | None = None, **kwargs: Any) -> None:
        """A new patient (from what was typed in the search) or ``patient`` to edit."""
        self._typed = typed
        self._editing = patient
        super().prepare()

    def compose(self) -> ComposeResult:
        """One labelled box per detail, their errors and the buttons."""
        with Vertical(classes="dialog", id="patient-form"):
            yield Label("New patient", classes="dialog-title", id="form-title")
            for field, label, placeholder in FIELDS:
                with Horizontal(classes="field"):
                    yield Label(label, classes="field-label")
                    yield Input(placeholder=placeholder, id=f"form-{field}", compact=True)
                yield error_line(field)
            yield error_line("general")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save", id="form-save", variant="primary", compact=True)
                yield Button("Close", id="form-close", compact=True)
            yield Static("Enter or ctrl+s saves · Esc closes", classes="dialog-hint", markup=False)

    def reset(self) -> None:
        """Empty boxes for a new patient, or the details of the one edited."""
        super().reset()
        for field, _, _ in FIELDS:
            self.query_one(f"#form-{field}", Input).value = ""
        editing = self._editing
        self.query_one("#form-title", Label).update(
            f"Edit {editing.name}" if editing else "New patient"
        )
        if editing is not None:
            values = {
                "first_name": editing.first,
                "last_name": editing.last,
                "phone": editing.phone_display,
                "dob": editing.dob.isoformat() if editing.dob else "",
                "allergies": "; ".join(editing.allergies),
                "conditions": "; ".join(editing.conditions),
            }
            for field, value in values.items():
                self.query_one(f"#form-{field}", Input).value = value
            self.set_focus(self.query_one("#form-allergies", Input))
            return
        words = self._typed.split()
        # What was typed in the lookup is most likely the name.
        if words and not any(ch.isdigit() for ch in self._typed):
            self.query_one("#form-first_name", Input).value = words[0]
            self.query_one("#form-last_name", Input).value = " ".join(words[1:])
        self.set_focus(self.query_one("#form-first_name", Input))

    def _value(self, field: str) -> str:
        return self.query_one(f"#form-{field}", Input).value

    def action_save(self) -> None:
        """Add the patient or save the edits; answer the patient or show why not."""
        self.clear_errors()
        try:
            if self._editing is not None:
                self.dismiss(self._save_edit(self._editing))
                return
            patient = self.desk.add_patient(
                self._value("first_name"),
                self._value("last_name"),
                self._value("phone"),
                dob=self._value("dob") or None,
                allergies=self._value("allergies") or None,
                conditions=self._value("conditions") or None,
            )
        except USER_ERRORS as err:
            self.show_error(getattr(err, "field", None), str(err))
            return
        self.dismiss(patient)

    def _save_edit(self, current: Patient) -> Patient:
        # Empty optional fields are saved empty (a cleared allergy is a real change).
        updated = self.desk.update_patient(
            current.id,
            first=self._value("first_name"),
            last=self._value("last_name"),
            phone=self._value("phone"),
            dob=self._value("dob"),
        )
        # Entries change one by one (the desk's rule): add what was typed, remove what went.
        for field in HEALTH_FIELDS:
            typed, kept = entries(self._value(field)), getattr(current, field)
            for value in (e for e in kept if e.casefold() not in {t.casefold() for t in typed}):
                updated = self.desk.remove_health_entry(current.id, field, value)
            for value in (e for e in typed if e.casefold() not in {k.casefold() for k in kept}):
                updated = self.desk.add_health_entry(current.id, field, value)
        return updated

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in a box saves."""
        event.stop()
        self.action_save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Save, or close without saving."""
        event.stop()
        if event.button.id == "form-save":
            self.action_save()
        else:
            self.action_close()
