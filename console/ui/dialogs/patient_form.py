"""Register a new patient or edit one's details; errors next to the field.

Allergies and conditions are entries changed one by one on the patient screen: the
edit form does not show them, so nothing typed here can replace one. A new patient's
form may record the first ones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Static

from console.clinic.errors import DuplicatePatient
from console.clinic.models import Patient
from console.desk import USER_ERRORS, Desk
from console.ui import format as fmt
from console.ui.dialogs.base import Dialog, TextBox, error_line, text_box

FIELDS = (
    ("first_name", "First name", ""),
    ("last_name", "Last name", ""),
    ("phone", "Phone", "(714) 555-0123"),
    ("dob", "Born", "YYYY-MM-DD or M/D/YYYY (optional)"),
    ("allergies", "Allergies", "optional; separate with ;"),
    ("conditions", "Conditions", "optional; separate with ;"),
)
REQUIRED = ("first_name", "last_name", "phone")
HEALTH = ("allergies", "conditions")
MAX_MATCHES = 3  # "Use …" buttons offered for a duplicate

_DATE = re.compile(r"^(\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[/-]\d{1,2}[/-]\d{2,4}|\d{1,2}/\d{1,2})$")
_PHONE_CHARS = set("0123456789()-+.")


@dataclass(frozen=True)
class Typed:
    """What was typed in a search, split into the form's fields."""

    first: str = ""
    last: str = ""
    phone: str = ""
    dob: str = ""


def split_typed(typed: str) -> Typed:
    """A date goes to born, digits to the phone, words to the name (first word first)."""
    words: list[str] = []
    phone: list[str] = []
    dob = ""
    for token in typed.split():
        if _DATE.match(token) and not dob:
            dob = token
        elif set(token) <= _PHONE_CHARS and any(ch.isdigit() for ch in token):
            phone.append(token)
        else:
            words.append(token)
    first = words[0] if words else ""
    return Typed(first, " ".join(words[1:]), " ".join(phone), dob)


class PatientFormDialog(Dialog[Patient | None]):
    """Answers the new or edited patient, already saved, or None.

    ``prepare(typed=...)`` registers a new patient (pre-filled from a lookup);
    ``prepare(patient=...)`` edits that patient's name, phone and birth date. A new
    patient matching one already registered (same name and phone or birth date) is
    not added: the form names who it is and offers to use them, or to register anyway.
    Either answer is a saved patient.
    """

    NAME = "new-patient"
    BINDINGS = [Binding("ctrl+s", "save", "Save", id="patient_form.save")]

    def __init__(self, desk: Desk) -> None:
        super().__init__(classes="dialog-screen")
        self.desk = desk
        self._typed = ""
        self._editing: Patient | None = None
        self._matches: tuple[Patient, ...] = ()

    def prepare(self, typed: str = "", patient: Patient | None = None, **kwargs: Any) -> None:
        """A new patient (from what was typed in the search) or ``patient`` to edit."""
        self._typed = typed
        self._editing = patient
        super().prepare()

    def compose(self) -> ComposeResult:
        """One labelled box per detail, their errors, a duplicate's offer and the buttons."""
        with Vertical(classes="dialog", id="patient-form"):
            yield Label("New patient", classes="dialog-title", id="form-title")
            for field, label, placeholder in FIELDS:
                with Horizontal(classes="field", id=f"form-row-{field}"):
                    yield Label(label, classes="field-label")
                    yield text_box(placeholder, id=f"form-{field}")
                yield error_line(field)
            yield error_line("general")
            with Vertical(id="form-duplicate"):
                yield Static("", id="form-duplicate-who", markup=False)
                for n in range(MAX_MATCHES):
                    yield Button(
                        "", id=f"form-use-{n}", classes="form-use", variant="primary", compact=True
                    )
                with Horizontal(classes="dialog-buttons"):
                    yield Button("Register anyway", id="form-anyway", compact=True)
                    yield Button("Close", id="form-dup-close", compact=True)
            with Horizontal(classes="dialog-buttons", id="form-buttons"):
                yield Button("Save", id="form-save", variant="primary", compact=True)
                yield Button("Close", id="form-close", compact=True)
            yield Static("", id="form-hint", classes="dialog-hint", markup=False)

    def box(self, field: str) -> TextBox:
        """The text box of ``field``."""
        return self.query_one(f"#form-{field}", TextBox)

    def reset(self) -> None:
        """Empty boxes for a new patient, or the details of the one edited."""
        super().reset()
        self._show_matches(())
        for field, _, _ in FIELDS:
            self.box(field).put("")
        editing = self._editing
        self.query_one("#form-title", Label).update(
            Text(f"Edit {editing.name}") if editing else Text("New patient")
        )
        for field in HEALTH:
            self.query_one(f"#form-row-{field}").display = editing is None
        if editing is not None:
            values = {
                "first_name": editing.first,
                "last_name": editing.last,
                "phone": editing.phone_display,
                "dob": editing.dob.isoformat() if editing.dob else "",
            }
        else:
            typed = split_typed(self._typed)
            values = {
                "first_name": typed.first,
                "last_name": typed.last,
                "phone": typed.phone,
                "dob": typed.dob,
            }
        for field, value in values.items():
            self.box(field).put(value)
        # The first required box still empty; else the first box, cursor after its text.
        empty = next((f for f in REQUIRED if not self.box(f).value.strip()), REQUIRED[0])
        self.set_focus(self.box(empty))

    def _value(self, field: str) -> str:
        return self.box(field).value

    def action_save(self, *, allow_duplicate: bool = False) -> None:
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
                allow_duplicate=allow_duplicate,
            )
        except DuplicatePatient as err:
            self._show_matches(err.matches)
            return
        except USER_ERRORS as err:
            self.show_error(getattr(err, "field", None), str(err))
            return
        self.dismiss(patient)

    def _save_edit(self, current: Patient) -> Patient:
        return self.desk.update_patient(
            current.id,
            first=self._value("first_name"),
            last=self._value("last_name"),
            phone=self._value("phone"),
            dob=self._value("dob"),
        )

    # -- a patient already registered -------------------------------------------------

    def _show_matches(self, matches: tuple[Patient, ...]) -> None:
        self._matches = matches[:MAX_MATCHES]
        panel = self.query_one("#form-duplicate")
        panel.display = bool(matches)
        self.query_one("#form-buttons").display = not matches
        who = Text()
        if matches:
            who.append("Already registered:", "bold")
            for patient in self._matches:
                who.append(f"\n  {fmt.who(patient)}  {fmt.phone(patient)}")
                if born := fmt.private(patient.dob.isoformat() if patient.dob else "", hidden=""):
                    who.append(f"  born {born}", "dim")
                if patient.alert:
                    who.append("\n    ").append_text(fmt.alert_text(patient))
        self.query_one("#form-duplicate-who", Static).update(who)
        for n in range(MAX_MATCHES):
            button = self.query_one(f"#form-use-{n}", Button)
            button.display = n < len(self._matches)
            if n < len(self._matches):
                button.label = Text(f"Use {fmt.who(self._matches[n])}")
        hint = "Enter or ctrl+s saves · Esc closes"
        if matches:
            hint = "Enter uses the patient already registered · Esc closes"
            self.set_focus(self.query_one("#form-use-0", Button))
        self.query_one("#form-hint", Static).update(hint)

    def on_input_changed(self, event: Input.Changed) -> None:
        """Typing after a duplicate was found asks again on the next save."""
        if self._matches and self.query_one("#form-duplicate").display:
            self._show_matches(())

    # -- keys and buttons ---------------------------------------------------------------

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in a box saves."""
        event.stop()
        self.action_save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Save, use a patient already registered, register anyway, or close."""
        event.stop()
        button = event.button.id or ""
        if button == "form-save":
            self.action_save()
        elif button.startswith("form-use-"):
            self.dismiss(self._matches[int(button.rsplit("-", 1)[1])])
        elif button == "form-anyway":
            self.action_save(allow_duplicate=True)
        else:
            self.action_close()
