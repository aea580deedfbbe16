"""Patients and appointments, and their stored (document) form."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Any

import arrow

from console.clinic import status as st
from console.clinic.errors import InvalidInput
from console.clinic.localtime import from_iso, to_iso
from console.clinic.phone import display_phone, normalise_phone
from console.clinic.text import clean, clean_name


@dataclass(frozen=True)
class Patient:
    """A patient of the clinic. ``id`` is stable and used in every cross-reference."""

    id: str
    first: str
    last: str
    phone: str  # E.164
    dob: dt.date | None = None
    email: str = ""
    conditions: str = ""
    allergies: str = ""
    notes: str = ""
    created: str = ""

    @property
    def name(self) -> str:
        """First and last name."""
        return f"{self.first} {self.last}"

    @property
    def phone_display(self) -> str:
        """The phone number formatted for reading aloud."""
        return display_phone(self.phone)

    def to_doc(self) -> dict[str, Any]:
        """The document stored for this patient."""
        return {
            "id": self.id,
            "first": self.first,
            "last": self.last,
            "phone": self.phone,
            "dob": self.dob.isoformat() if self.dob else None,
            "email": self.email,
            "conditions": self.conditions,
            "allergies": self.allergies,
            "notes": self.notes,
            "created": self.created,
        }

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> Patient:
        """Rebuild a patient from its stored document."""
        dob = doc.get("dob")
        return cls(
            id=doc["id"],
            first=doc["first"],
            last=doc["last"],
            phone=doc["phone"],
            dob=dt.date.fromisoformat(dob) if dob else None,
            email=doc.get("email", ""),
            conditions=doc.get("conditions", ""),
            allergies=doc.get("allergies", ""),
            notes=doc.get("notes", ""),
            created=doc.get("created", ""),
        )


def new_patient(
    pid: str,
    first: str,
    last: str,
    phone: str,
    *,
    today: dt.date,
    created: str,
    dob: dt.date | str | None = None,
    email: str | None = None,
    conditions: str | None = None,
    allergies: str | None = None,
    notes: str | None = None,
) -> Patient:
    """Validate and clean what the desk typed and return a new :class:`Patient`."""
    if isinstance(dob, str):
        dob = _parse_dob(dob)
    if dob is not None and (dob > today or dob.year < today.year - 120):
        raise InvalidInput(f"{dob.isoformat()} is not a plausible date of birth.", "dob")
    mail = clean(email)
    if mail and ("@" not in mail or " " in mail or len(mail) > 254):
        raise InvalidInput(f"{mail!r} is not an email address.", "email")
    return Patient(
        id=pid,
        first=clean_name(first, "first_name"),
        last=clean_name(last, "last_name"),
        phone=normalise_phone(phone),
        dob=dob,
        email=mail,
        conditions=clean(conditions, multiline=True),
        allergies=clean(allergies, multiline=True),
        notes=clean(notes, multiline=True),
        created=created,
    )


def _parse_dob(text: str) -> dt.date | None:
    text = text.strip()
    if not text:
        return None
    for fmt in ("%Y-%m-%d", "%m/%d/%Y", "%m-%d-%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise InvalidInput(f"{text!r} is not a date of birth; use YYYY-MM-DD or MM/DD/YYYY.", "dob")


@dataclass(frozen=True)
class StatusChange:
    """One step in an appointment's status history."""

    status: str
    at: str  # ISO 8601 with offset


@dataclass(frozen=True)
class Appointment:
    """A booked visit. Times are stored as ISO 8601 with offset; ``day`` is clinic-local."""

    id: str
    patient_id: str
    start: str
    minutes: int
    type: str
    provider: str
    room: str
    status: str = st.BOOKED
    notes: str = ""
    walk_in: bool = False
    outside_hours: bool = False
    created: str = ""
    history: tuple[StatusChange, ...] = field(default_factory=tuple)
    extra: dict[str, Any] = field(default_factory=dict)

    def start_at(self, tz: dt.tzinfo) -> arrow.Arrow:
        """The start instant in the clinic's zone."""
        return from_iso(self.start, tz)

    def end_at(self, tz: dt.tzinfo) -> arrow.Arrow:
        """The end instant (start plus duration) in the clinic's zone."""
        return self.start_at(tz).shift(minutes=self.minutes)

    def day(self, tz: dt.tzinfo) -> dt.date:
        """The clinic-local date of the visit."""
        return self.start_at(tz).date()

    @property
    def holds_slot(self) -> bool:
        """False once cancelled or marked no-show: the slot is free again."""
        return self.status not in st.RELEASED

    def status_time(self, status: str) -> str | None:
        """When the appointment last entered ``status`` (ISO), if it did."""
        for change in reversed(self.history):
            if change.status == status:
                return change.at
        return None

    def with_status(self, new: str, at: arrow.Arrow) -> Appointment:
        """A copy moved to ``new`` after checking the state machine."""
        st.check_change(self.status, new)
        return replace(self, status=new, history=(*self.history, StatusChange(new, to_iso(at))))

    def to_doc(self, tz: dt.tzinfo) -> dict[str, Any]:
        """The stored document; ``day`` and ``month`` are kept for fast lookups."""
        start = self.start_at(tz)
        return {
            "id": self.id,
            "patient_id": self.patient_id,
            "start": self.start,
            "day": start.date().isoformat(),
            "minutes": self.minutes,
            "type": self.type,
            "provider": self.provider,
            "room": self.room,
            "status": self.status,
            "notes": self.notes,
            "walk_in": self.walk_in,
            "outside_hours": self.outside_hours,
            "created": self.created,
            "history": [{"status": c.status, "at": c.at} for c in self.history],
            "extra": dict(self.extra),
        }

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> Appointment:
        """Rebuild an appointment from its stored document."""
        return cls(
            id=doc["id"],
            patient_id=doc["patient_id"],
            start=doc["start"],
            minutes=int(doc["minutes"]),
            type=doc["type"],
            provider=doc.get("provider", ""),
            room=doc.get("room", ""),
            status=doc.get("status", st.BOOKED),
            notes=doc.get("notes", ""),
            walk_in=bool(doc.get("walk_in", False)),
            outside_hours=bool(doc.get("outside_hours", False)),
            created=doc.get("created", ""),
            history=tuple(StatusChange(h["status"], h["at"]) for h in doc.get("history", [])),
            extra=dict(doc.get("extra") or {}),
        )
