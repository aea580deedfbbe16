"""Registering and editing patients: details, alerts, allergies and conditions.

A part of :class:`~console.desk.facade.Desk`. Every change takes the store lock,
re-reads the patient, is audited (``patient.*``) and can be undone by this desk.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import replace

from console.clinic.errors import DuplicatePatient, InvalidInput
from console.clinic.ids import new_id
from console.clinic.localtime import to_iso
from console.clinic.models import (
    HEALTH_FIELDS,
    Patient,
    alert_line,
    entries,
    entries_text,
    entry,
    new_patient,
)
from console.clinic.phone import normalise_phone
from console.clinic.text import clean, name_key
from console.desk.undo import UndoMixin


class PatientsMixin(UndoMixin):
    """The patient-editing half of the desk."""

    def find_duplicates(
        self, first: str, last: str, phone: str, dob: str | dt.date | None = None
    ) -> list[Patient]:
        """Patients with the same name (case-insensitive) and the same phone or birth date."""
        name = name_key(clean(first), clean(last))
        try:
            number = normalise_phone(phone) if phone else ""
        except InvalidInput:
            number = ""
        birth = dob.isoformat() if isinstance(dob, dt.date) else (dob or "").strip()
        with self.store.reading():
            return self.patients.same_person(name, number, birth)

    def add_patient(
        self,
        first: str,
        last: str,
        phone: str,
        *,
        dob: str | dt.date | None = None,
        email: str | None = None,
        conditions: Iterable[str] | str | None = None,
        allergies: Iterable[str] | str | None = None,
        notes: str | None = None,
        alert: str | None = None,
        allow_duplicate: bool = False,
    ) -> Patient:
        """Register a new patient and return it (already saved).

        A name matching an existing patient with the same phone or birth date is refused
        (:class:`DuplicatePatient`, naming them) unless ``allow_duplicate``.
        """
        for field, given in (("allergies", allergies), ("conditions", conditions)):
            for typed in entries(given):
                entry(typed, field)  # each typed entry by the rules of one added later
        now = self.now()
        patient = new_patient(
            "",
            first,
            last,
            phone,
            today=now.date(),
            created=to_iso(now),
            dob=dob,
            email=email,
            conditions=conditions,
            allergies=allergies,
            notes=notes,
            alert=alert,
        )
        with self.changing():
            if not allow_duplicate:
                same = self.find_duplicates(patient.first, patient.last, patient.phone, patient.dob)
                if same:
                    raise _duplicate(patient, same)
            pid = new_id("P", 6)
            while self.patients.exists(pid):
                pid = new_id("P", 6)
            patient = replace(patient, id=pid)
            self.patients.add(patient, now.year)
            self.record("patient.add", "patient", pid, None, patient.to_doc())
        return patient

    def update_patient(self, pid: str, **fields: str | None) -> Patient:
        """Change a patient's details; only the fields given are changed.

        Allergies and conditions are entries, changed one at a time
        (:meth:`add_health_entry`, :meth:`remove_health_entry`), never here.
        """
        for name in HEALTH_FIELDS:
            if fields.get(name) is not None:
                raise InvalidInput(
                    f"{name.capitalize()} are changed one entry at a time: add or remove "
                    f"one {_SINGULAR[name]}.",
                    name,
                )
        with self.changing():
            current = self.patient(pid)
            merged = {**current.to_doc(), **{k: v for k, v in fields.items() if v is not None}}
            updated = new_patient(
                current.id,
                merged["first"],
                merged["last"],
                merged["phone"],
                today=self.today(),
                created=current.created,
                dob=merged.get("dob"),
                email=merged.get("email"),
                conditions=current.conditions,
                allergies=current.allergies,
                notes=merged.get("notes"),
                alert=merged.get("alert"),
            )
            self.patients.update(updated)
            self.record("patient.update", "patient", updated.id, current.to_doc(), updated.to_doc())
            self._remember_patient(
                "patient.update", f"the change to {current.name}'s details", current, updated
            )
        return updated

    def set_alert(self, pid: str, text: str) -> Patient:
        """Set a patient's one-line alert ("" clears it); audited ``patient.alert``."""
        line = alert_line(text)
        if not line and (text or "").strip():
            # Only control characters typed: clearing a safety alert must be asked for.
            raise InvalidInput(
                "The alert is empty once control characters are removed; to remove the "
                "alert, clear it.",
                "alert",
            )
        with self.changing():
            current = self.patient(pid)
            updated = replace(current, alert=line)
            self.patients.update(updated)
            self.record("patient.alert", "patient", current.id, current.to_doc(), updated.to_doc())
            label = f"the alert on {current.name}" if line else f"clearing {current.name}'s alert"
            self._remember_patient("patient.alert", label, current, updated)
        return updated

    def add_health_entry(self, pid: str, field: str, text: str) -> Patient:
        """Add one allergy or condition; never removes another; a repeat is refused."""
        name = _health_field(field)
        value = entry(text, name)
        with self.changing():
            current = self.patient(pid)
            kept: tuple[str, ...] = getattr(current, name)
            if any(e.casefold() == value.casefold() for e in kept):
                raise InvalidInput(f"{current.name} already has {value!r} among {name}.", name)
            updated = current.with_entries(name, (*kept, value))
            self.patients.update(updated)
            action = f"patient.{_SINGULAR[name]}.add"
            self.record(action, "patient", current.id, current.to_doc(), updated.to_doc())
            self._remember_patient(
                action, f"adding {value!r} to {current.name}'s {name}", current, updated
            )
        return updated

    def remove_health_entry(self, pid: str, field: str, text: str) -> Patient:
        """Remove one allergy or condition (the exact entry, case-insensitive)."""
        name = _health_field(field)
        value = clean(text)
        with self.changing():
            current = self.patient(pid)
            kept: tuple[str, ...] = getattr(current, name)
            left = tuple(e for e in kept if e.casefold() != value.casefold())
            if len(left) == len(kept):
                listed = entries_text(kept) or "none"
                raise InvalidInput(
                    f"{current.name} has no {_SINGULAR[name]} {value!r}; the {name} are: {listed}.",
                    name,
                )
            updated = current.with_entries(name, left)
            self.patients.update(updated)
            action = f"patient.{_SINGULAR[name]}.remove"
            self.record(action, "patient", current.id, current.to_doc(), updated.to_doc())
            self._remember_patient(
                action, f"removing {value!r} from {current.name}'s {name}", current, updated
            )
        return updated


_SINGULAR = {"allergies": "allergy", "conditions": "condition"}


def _health_field(field: str) -> str:
    """``allergies`` or ``conditions`` (singular accepted), else one sentence."""
    key = clean(field).lower()
    for name, one in _SINGULAR.items():
        if key in (name, one):
            return name
    raise InvalidInput(f"{field!r} is not a health field; use allergies or conditions.", "field")


def _duplicate(new: Patient, same: list[Patient]) -> DuplicatePatient:
    """The refusal naming the existing patient(s) a new one matches."""
    listed = ", ".join(f"{p.name} ({p.id})" for p in same)
    how = "phone" if any(p.phone == new.phone for p in same) else "date of birth"
    return DuplicatePatient(
        f"{new.name} with the same {how} is already registered as {listed}; use that "
        "patient, or register another on purpose (--allow-duplicate).",
        tuple(same),
    )
