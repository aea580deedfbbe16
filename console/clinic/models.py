"""Patients and appointments, and their stored (document) form."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

import arrow

from console.clinic import status as st
from console.clinic.errors import InvalidInput
from console.clinic.localtime import NEWEST_RECORD, OLDEST_RECORD, from_iso, to_iso
from console.clinic.phone import display_phone, normalise_phone
from console.clinic.text import clean, clean_name, shown, visible

#: The patient fields kept as entries (one allergy, one condition each).
HEALTH_FIELDS = ("allergies", "conditions")
#: The longest one entry may be (an allergy or a condition is a few words).
MAX_ENTRY = 120
#: What separated entries in the old free-text form ("Penicillin; Latex", one per line).
_ENTRY_BREAK = re.compile(r"[;\n]")


def entries(value: Iterable[str] | str | None) -> tuple[str, ...]:
    """Clean entries from a list or from old free text split on newlines and ";".

    Empty entries go and a repeat (case-insensitive) is kept once, in first-seen order.
    """
    if value is None:
        return ()
    parts = _ENTRY_BREAK.split(value) if isinstance(value, str) else list(value)
    kept: list[str] = []
    seen: set[str] = set()
    for part in parts:
        text = clean(str(part))
        if text and text.casefold() not in seen:
            seen.add(text.casefold())
            kept.append(text)
    return tuple(kept)


def entries_text(items: Iterable[str], sep: str = "; ") -> str:
    """Entries joined for one line ("Penicillin; Latex"); "" when there are none."""
    return sep.join(items)


def entry(text: str | None, field: str) -> str:
    """One entry typed at the desk, cleaned; empty, too long or holding ";" is refused."""
    value = clean(text)
    what = "allergy" if field == "allergies" else "condition"
    if not visible(value):
        raise InvalidInput(f"Type the {what} to add.", field)
    if ";" in value:
        raise InvalidInput(f'Add one {what} at a time (no ";").', field)
    if len(value) > MAX_ENTRY:
        raise InvalidInput(
            f"An {what} is at most {MAX_ENTRY} characters."
            if what == "allergy"
            else f"A {what} is at most {MAX_ENTRY} characters.",
            field,
        )
    return value


@dataclass(frozen=True)
class Patient:
    """A patient of the clinic. ``id`` is stable and used in every cross-reference."""

    id: str
    first: str
    last: str
    phone: str  # E.164
    dob: dt.date | None = None
    email: str = ""
    conditions: tuple[str, ...] = ()
    allergies: tuple[str, ...] = ()
    notes: str = ""
    created: str = ""
    #: A short line shown wherever the patient appears ("Allergic to lidocaine").
    alert: str = ""

    def with_entries(self, field: str, values: tuple[str, ...]) -> Patient:
        """A copy with ``field`` (allergies or conditions) set to ``values``."""
        if field == "allergies":
            return replace(self, allergies=values)
        if field == "conditions":
            return replace(self, conditions=values)
        raise KeyError(field)

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
            "conditions": list(self.conditions),
            "allergies": list(self.allergies),
            "notes": self.notes,
            "created": self.created,
            "alert": self.alert,
        }

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> Patient:
        """Rebuild a patient from its stored document; :class:`BadDocument` if it is not one."""
        fields = _Fields(doc)
        dob = fields.text("dob", required=False, nullable=True)
        return cls(
            id=fields.ident("id"),
            # Text is cleaned again as it is read: the desk cleaned it when typed, but the
            # file may have been written by something else (see clinic/text.py shown()).
            first=shown(fields.name("first")),
            last=shown(fields.name("last")),
            phone=shown(fields.text("phone")),
            dob=fields.date("dob", dob) if dob else None,
            email=shown(fields.text("email", required=False)),
            conditions=fields.entries("conditions"),
            allergies=fields.entries("allergies"),
            notes=shown(fields.text("notes", required=False), multiline=True),
            created=fields.text("created", required=False),
            alert=shown(fields.text("alert", required=False)),
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
    conditions: Iterable[str] | str | None = None,
    allergies: Iterable[str] | str | None = None,
    notes: str | None = None,
    alert: str | None = None,
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
        conditions=entries(conditions),
        allergies=entries(allergies),
        notes=clean(notes, multiline=True),
        created=created,
        alert=alert_line(alert),
    )


#: The longest alert line ("Allergic to lidocaine", "Needs a Spanish speaker").
MAX_ALERT = 80


def alert_line(text: str | None) -> str:
    """A patient's alert cleaned to one line; longer than :data:`MAX_ALERT` is refused."""
    value = clean(text)
    if len(value) > MAX_ALERT:
        raise InvalidInput(
            f"An alert is one short line of at most {MAX_ALERT} characters "
            f"(this one has {len(value)}).",
            "alert",
        )
    return value


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
        """Rebuild an appointment from its stored document; :class:`BadDocument` if it is not one.

        ``day`` (kept for lookups) must be a date; the store checks it names the file's month.
        """
        fields = _Fields(doc)
        fields.date("day", fields.text("day"))
        status = fields.text("status", required=False) or st.BOOKED
        if status not in st.ALL:
            raise BadDocument(f'its "status" {status!r} is not a status')
        history = doc.get("history", [])
        if not isinstance(history, list) or not all(
            isinstance(h, dict)
            and h.get("status") in st.ALL
            and isinstance(h.get("at"), str)
            and _instant(h["at"])
            for h in history
        ):
            raise BadDocument('its "history" is not a list of status changes')
        extra = doc.get("extra")
        if extra is not None and not isinstance(extra, dict):
            raise BadDocument('its "extra" is not an object')
        return cls(
            id=fields.ident("id"),
            patient_id=fields.ident("patient_id"),
            start=fields.instant("start"),
            minutes=fields.minutes("minutes"),
            type=fields.ident("type"),
            provider=shown(fields.text("provider", required=False)),
            room=shown(fields.text("room", required=False)),
            status=status,
            notes=shown(fields.text("notes", required=False), multiline=True),
            walk_in=fields.flag("walk_in"),
            outside_hours=fields.flag("outside_hours"),
            created=fields.text("created", required=False),
            history=tuple(StatusChange(h["status"], h["at"]) for h in history),
            extra=dict(extra or {}),
        )


#: The longest visit a stored document may describe (booking allows 8 hours).
MAX_STORED_MINUTES = 24 * 60


class BadDocument(ValueError):
    """A stored document is not a valid patient or appointment; ``str()`` says why.

    The text is a clause ("it has no \"start\"") that the store completes with the
    file and the document's id.
    """


def _instant(text: str) -> bool:
    """True when ``text`` is an ISO 8601 instant with an offset, in the years a record may name."""
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        return False
    return moment.tzinfo is not None and OLDEST_RECORD <= moment.date() <= NEWEST_RECORD


class _Fields:
    """Typed reads of one stored document, each refusing with a :class:`BadDocument`."""

    def __init__(self, doc: Any) -> None:
        if not isinstance(doc, dict):
            raise BadDocument("it is not an object")
        self.doc = doc

    def text(self, key: str, *, required: bool = True, nullable: bool = False) -> str:
        """A text field ("" when optional and absent, or null when ``nullable``)."""
        if key not in self.doc:
            if required:
                raise BadDocument(f'it has no "{key}"')
            return ""
        value = self.doc[key]
        if value is None and nullable:
            return ""
        if not isinstance(value, str):
            raise BadDocument(f'its "{key}" is not text')
        return value

    def entries(self, key: str) -> tuple[str, ...]:
        """Health entries: a list of text, or the old free text (split into entries)."""
        value = self.doc.get(key)
        if value is None:
            return ()
        if isinstance(value, str):
            return tuple(shown(e) for e in entries(value))
        if not isinstance(value, list) or not all(isinstance(e, str) for e in value):
            raise BadDocument(f'its "{key}" is not a list of text')
        return tuple(e for e in (shown(e).strip() for e in value) if e)

    def ident(self, key: str) -> str:
        """A key (ids, the visit type): not empty, nothing a terminal could act on."""
        value = self.text(key)
        if not value.strip():
            raise BadDocument(f'its "{key}" is empty')
        if shown(value) != value:
            raise BadDocument(f'its "{key}" holds control characters')
        return value

    def name(self, key: str) -> str:
        """A name: text with something visible in it once cleaned."""
        value = self.text(key)
        if not visible(clean(value)):
            raise BadDocument(f'its "{key}" is empty')
        return value

    def date(self, key: str, value: str) -> dt.date:
        """A ``YYYY-MM-DD`` field within the years a record may name."""
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            raise BadDocument(f'its "{key}" is not a date') from None
        if not OLDEST_RECORD <= day <= NEWEST_RECORD:
            raise BadDocument(f'its "{key}" is out of range')
        return day

    def instant(self, key: str) -> str:
        """An ISO 8601 instant with an offset."""
        value = self.text(key)
        if not _instant(value):
            raise BadDocument(f'its "{key}" is not a date and time with an offset')
        return value

    def minutes(self, key: str) -> int:
        """A whole number of minutes, 1 to :data:`MAX_STORED_MINUTES`."""
        if key not in self.doc:
            raise BadDocument(f'it has no "{key}"')
        value = self.doc[key]
        if isinstance(value, bool) or not isinstance(value, int):
            raise BadDocument(f'its "{key}" is not a whole number')
        if not 1 <= value <= MAX_STORED_MINUTES:
            raise BadDocument(f'its "{key}" is out of range')
        return value

    def flag(self, key: str) -> bool:
        """A true/false field (false when absent)."""
        value = self.doc.get(key, False)
        if not isinstance(value, bool):
            raise BadDocument(f'its "{key}" is not true or false')
        return value
