"""Who changed a visit or a patient, and when: the audit trail in words for the desk.

The audit trail (console/store/audit.py) keeps whole before/after documents; this
module turns each entry into one line a receptionist can read ("moved Tue 24 Nov
10:00 AM → Wed 25 Nov 2:00 PM"). For a receptionist, patient entries name the fields
that changed, not their values: the history view must not become a second place that
shows health details. A manager (the desk says who is one) sees the values too, old
and new, unless the caller hides them (initials-only mode: a patient can see the screen).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any

from console.clinic import status as st
from console.clinic.hours import clock_label
from console.clinic.localtime import from_iso
from console.clinic.models import entries
from console.clinic.text import clean
from console.desk import Desk

PATIENT_FIELDS = {
    "first": "first name",
    "last": "last name",
    "phone": "phone",
    "dob": "date of birth",
    "email": "email",
    "conditions": "conditions",
    "allergies": "allergies",
    "notes": "notes",
    "alert": "alert",
}
#: Patient fields kept as entries: old documents hold text, new ones lists.
_ENTRY_FIELDS = frozenset({"allergies", "conditions"})
#: What a patient audit action did, in words, before the fields it changed.
_PATIENT_VERBS = {
    "patient.update": "changed",
    "patient.alert": "set the alert",
    "patient.allergy.add": "added an allergy",
    "patient.allergy.remove": "removed an allergy",
    "patient.condition.add": "added a condition",
    "patient.condition.remove": "removed a condition",
    "patient.screening": "check-in screening added",
}
#: The longest value a history line shows (a note can be paragraphs long).
VALUE_CHARS = 60
VISIT_FIELDS = {
    "minutes": "length",
    "type": "type",
    "provider": "provider",
    "room": "room",
    "notes": "notes",
    "walk_in": "walk-in",
    "outside_hours": "outside hours",
}


@dataclass(frozen=True)
class Change:
    """One entry of a history: when (clinic time), who, and what in a few words."""

    when: str
    who: str
    what: str
    record: str  # the visit or patient id the entry is about
    about: str = ""  # in a patient's history: "visit Tue 24 Nov 12:00 PM" for visit entries


def visit_history(desk: Desk, appointment_id: str) -> list[Change]:
    """Every recorded change to one visit, oldest first."""
    return [describe(entry, desk.tz) for entry in desk.audit_trail_of([appointment_id])]


def patient_history(desk: Desk, patient_id: str, *, hide_values: bool = False) -> list[Change]:
    """Every recorded change to a patient's details and to each of their visits.

    The values of changed details show only to a manager, and not when ``hide_values``.
    """
    values = desk.is_manager() and not hide_values
    visits = {appt.id: f"visit {_moment(appt.start, desk.tz)}" for appt in desk.history(patient_id)}
    entries = desk.audit_trail_of([patient_id, *visits])
    changes = [describe(entry, desk.tz, values=values) for entry in entries]
    return [replace(change, about=visits.get(change.record, "")) for change in changes]


def describe(entry: dict[str, Any], tz: dt.tzinfo, *, values: bool = False) -> Change:
    """One audit entry as a line of the history view (with old → new values if ``values``)."""
    who = _text(entry.get("who")) or "unknown"
    role = _text(entry.get("role"))
    if role:
        who += f" ({role})"
    where = _text(entry.get("from"))
    if where:
        who += f" from {where}"
    return Change(
        when=_moment(entry.get("at_utc"), tz),
        who=who,
        what=_what(entry, tz, values),
        record=_text(entry.get("id")),
    )


def _text(value: Any) -> str:
    # Read from a file that may have been tampered with: no control character gets out.
    return clean(value if isinstance(value, str) else str(value or ""))


def _moment(text: Any, tz: dt.tzinfo) -> str:
    if not isinstance(text, str):
        return "?"
    try:
        at = from_iso(text, tz)
    except (ValueError, TypeError):
        return text
    return f"{at:ddd D MMM} {clock_label(at.time())}"


def _what(entry: dict[str, Any], tz: dt.tzinfo, values: bool) -> str:
    action = entry.get("action")
    before, after = entry.get("before"), entry.get("after")
    before = before if isinstance(before, dict) else {}
    after = after if isinstance(after, dict) else {}
    if action == "patient.add":
        return "registered"
    if isinstance(action, str) and action.endswith(".undo"):
        # The undo's entry holds the change reversed: describe the change it took back.
        original = {"action": action[: -len(".undo")], "before": entry.get("after")}
        undone = _what({**entry, **original, "after": entry.get("before")}, tz, values)
        return f"undone ({undone})"
    if action in _PATIENT_VERBS:
        verb = _PATIENT_VERBS[action]
        if action == "patient.alert" and not _field(after, "alert"):
            verb = "cleared the alert"
        changed = [key for key in PATIENT_FIELDS if _field(before, key) != _field(after, key)]
        if not changed:
            return "saved with no change"
        # A field-by-field change names its fields; the one-entry actions say it in the verb.
        names = ", ".join(PATIENT_FIELDS[key] for key in changed)
        if values:
            shown = "; ".join(
                f"{PATIENT_FIELDS[key]} {_value(_field(before, key))} → "
                f"{_value(_field(after, key))}"
                for key in changed
            )
            return f"changed {shown}" if action == "patient.update" else f"{verb}: {shown}"
        if action in ("patient.update", "patient.screening"):
            return f"{verb} {names}"
        return verb
    if action in ("appointment.book", "appointment.walkin"):
        verb = "walk-in booked" if action == "appointment.walkin" else "booked"
        return f"{verb} {_slot(after, tz)}"
    if action == "appointment.reschedule":
        return f"moved {_slot(before, tz)} → {_slot(after, tz)}"
    if action == "appointment.status":
        old, new = before.get("status"), after.get("status")
        return f"status {_status_label(old)} → {_status_label(new)}"
    if action == "appointment.amend":
        fields = [k for key, k in VISIT_FIELDS.items() if before.get(key) != after.get(key)]
        if before.get("extra") != after.get("extra"):
            fields.append("visit records (calls, questions, aftercare)")
        return f"changed {', '.join(fields)}" if fields else "saved with no change"
    return _text(action) or "unknown change"


def _field(doc: dict[str, Any], key: str) -> Any:
    """A patient field as compared and shown: entries (list or old text) as "A; B"."""
    value = doc.get(key)
    if key in _ENTRY_FIELDS:
        if isinstance(value, list):
            return "; ".join(_text(item) for item in value)
        if isinstance(value, str):
            return "; ".join(entries(value))
        return ""
    return value


def _value(value: Any) -> str:
    """A field's value quoted for a history line: cleaned, on one line, cut short."""
    text = _text(value)
    if not text:
        return "(empty)"
    if len(text) > VALUE_CHARS:
        text = text[: VALUE_CHARS - 1] + "…"
    return f"“{text}”"


def _status_label(status: Any) -> str:
    # The entry is read from a file: a status may be missing or not a known one.
    return _text(st.LABELS.get(status, status) if isinstance(status, str) else str(status))


def _slot(doc: dict[str, Any], tz: dt.tzinfo) -> str:
    where = " · ".join(_text(doc[k]) for k in ("provider", "room") if doc.get(k))
    text = _moment(doc.get("start"), tz)
    return f"{text} ({where})" if where else text
