"""Who changed a visit or a patient, and when: the audit trail in words for the desk.

The audit trail (console/store/audit.py) keeps whole before/after documents; this
module turns each entry into one line a receptionist can read ("moved Tue 24 Nov
10:00 AM → Wed 25 Nov 2:00 PM"). Patient entries name the fields that changed, not
their values: the history view must not become a second place that shows health
details.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any

from console.clinic import status as st
from console.clinic.hours import clock_label
from console.clinic.localtime import from_iso
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
}
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


def patient_history(desk: Desk, patient_id: str) -> list[Change]:
    """Every recorded change to a patient's details and to each of their visits."""
    visits = {appt.id: f"visit {_moment(appt.start, desk.tz)}" for appt in desk.history(patient_id)}
    changes = [describe(entry, desk.tz) for entry in desk.audit_trail_of([patient_id, *visits])]
    return [replace(change, about=visits.get(change.record, "")) for change in changes]


def describe(entry: dict[str, Any], tz: dt.tzinfo) -> Change:
    """One audit entry as a line of the history view."""
    who = str(entry.get("who") or "unknown")
    if entry.get("from"):
        who += f" from {entry['from']}"
    return Change(
        when=_moment(entry.get("at_utc"), tz),
        who=who,
        what=_what(entry, tz),
        record=str(entry.get("id") or ""),
    )


def _moment(text: Any, tz: dt.tzinfo) -> str:
    if not isinstance(text, str):
        return "?"
    try:
        at = from_iso(text, tz)
    except (ValueError, TypeError):
        return text
    return f"{at:ddd D MMM} {clock_label(at.time())}"


def _what(entry: dict[str, Any], tz: dt.tzinfo) -> str:
    action = entry.get("action")
    before, after = entry.get("before"), entry.get("after")
    before = before if isinstance(before, dict) else {}
    after = after if isinstance(after, dict) else {}
    if action == "patient.add":
        return "registered"
    if action == "patient.update":
        names = [k for key, k in PATIENT_FIELDS.items() if before.get(key) != after.get(key)]
        return f"changed {', '.join(names)}" if names else "saved with no change"
    if action in ("appointment.book", "appointment.walkin"):
        verb = "walk-in booked" if action == "appointment.walkin" else "booked"
        return f"{verb} {_slot(after, tz)}"
    if action == "appointment.reschedule":
        return f"moved {_slot(before, tz)} → {_slot(after, tz)}"
    if action == "appointment.status":
        old, new = before.get("status"), after.get("status")
        return f"status {_status_label(old)} → {_status_label(new)}"
    if action == "appointment.amend":
        names = [k for key, k in VISIT_FIELDS.items() if before.get(key) != after.get(key)]
        if before.get("extra") != after.get("extra"):
            names.append("visit records (calls, questions, aftercare)")
        return f"changed {', '.join(names)}" if names else "saved with no change"
    return str(action or "unknown change")


def _status_label(status: Any) -> str:
    # The entry is read from a file: a status may be missing or not a known one.
    return st.LABELS.get(status, status) if isinstance(status, str) else str(status)


def _slot(doc: dict[str, Any], tz: dt.tzinfo) -> str:
    where = " · ".join(str(doc[k]) for k in ("provider", "room") if doc.get(k))
    text = _moment(doc.get("start"), tz)
    return f"{text} ({where})" if where else text
