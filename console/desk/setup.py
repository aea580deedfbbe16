"""The clinic's setup, kept in the store: who works when, rooms, types, hours, closures.

A part of :class:`~console.desk.facade.Desk`. :attr:`SetupMixin.config` is the store's
setup (``clinic/setup.json``), else the shipped one the desk was opened with; it is read
again only when that file's revision changes, so every open desk sees a manager's change
at its next look. Each change is for a manager, takes the store lock, re-reads the
setup, applies the change to the whole document, validates it as the desk will read it
(one sentence per mistake), writes it whole and is audited as ``setup.<what>``. The first
change seeds the store's copy from the shipped setup.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
from collections.abc import Callable, Sequence
from types import EllipsisType
from typing import Any, Final

from console.clinic.config import HOLIDAY_RULES, ClinicConfig
from console.clinic.dates import parse_day
from console.clinic.errors import InvalidInput, NotFound
from console.clinic.models import Appointment
from console.clinic.roster import (
    WEEKDAYS,
    ProviderHours,
)
from console.clinic.text import clean, clean_name
from console.desk.base import DeskBase
from console.shipped import link_appointment_types
from console.store import StoreError
from console.store.setup import SetupRepo

#: What "Only a manager can ..." says for every change here.
WHAT = "change the clinic setup"
#: The longest reason or note kept with a closure, time off or room.
MAX_REASON = 200


#: The default of an option that leaves a value as it is (None means "none"): ``...``.
KEEP: Final = ...

#: The part of the setup one change touched, before and after (what the audit keeps).
Part = tuple[object, object]


class SetupMixin(DeskBase):
    """The setup half of the desk: the live configuration and the manager's changes."""

    _seed: ClinicConfig
    _setup_seen: tuple[int, ClinicConfig, ClinicConfig | None] | None = None

    # -- reading -------------------------------------------------------------------------

    @functools.cached_property
    def setup_repo(self) -> SetupRepo:
        """Where the setup document lives in the store."""
        return SetupRepo(self.store)

    def _stored(self) -> ClinicConfig:
        """The setup as stored (else the shipped one): re-read only when its revision moved."""
        repo = self.setup_repo
        with self.store.reading():
            revision = repo.revision()
            seen = self._setup_seen
            if seen is not None and seen[0] == revision:
                return seen[1]
            doc = repo.read()
        if doc is None:
            stored = self._seed
        else:
            try:
                stored = ClinicConfig.from_dict(doc)
            except InvalidInput as err:
                raise StoreError(
                    f"{repo.path} holds a clinic setup that cannot be used ({_clause(err)}); "
                    "it has been left untouched: restore it from a backup "
                    "(`frontdesk backup --list`)."
                ) from None
        self._setup_seen = (revision, stored, None)
        return stored

    def _setup(self) -> tuple[ClinicConfig, ClinicConfig]:
        """(as stored, as the desk uses it): the second links the clinic's treatments."""
        stored = self._stored()
        seen = self._setup_seen
        if seen is not None and seen[1] is stored and seen[2] is not None:
            return stored, seen[2]
        # A clinic treatment's appointment type leads to it (calls, check-in, aftercare).
        used = link_appointment_types(stored, self.content)
        if seen is not None and seen[1] is stored:
            self._setup_seen = (seen[0], stored, used)
        return stored, used

    @property
    def config(self) -> ClinicConfig:
        """The clinic's setup as it is now in the store (else the shipped one)."""
        return self._setup()[1]

    @property
    def plain_config(self) -> ClinicConfig:
        """The setup as :attr:`config` has it, but for the types' links to clinic treatments.

        Hours, holidays, closures, staff and type labels are the same in both; this one
        needs no treatment content loaded (a cold ``frontdesk day`` reads none).
        """
        return self._stored()

    def setup_problems(self) -> list[tuple[str, str]]:
        """``(file, problem)`` when the stored setup cannot be used (for ``check``)."""
        try:
            self._setup()
        except StoreError as err:
            return [(self.setup_repo.path.removeprefix(f"{self.store.root}/"), str(err))]
        return []

    def setup_document(self) -> dict[str, Any]:
        """The whole setup as stored (``setup show --json``): the shape of ``clinic.json``."""
        return self._setup()[0].to_dict()

    def setup_stored(self) -> bool:
        """True once the store has its own setup (a manager changed something)."""
        with self.store.reading():
            return self.setup_repo.read() is not None

    # -- closures, hours, holidays -------------------------------------------------------

    def add_closure(self, day: str, reason: str) -> list[Appointment]:
        """Close the clinic on ``day``; returns the booked visits that day (to move)."""
        date = parse_day(day, self.today(), field="date")
        why = reason_text(reason, "reason", required=True)
        if date < self.today():
            raise InvalidInput(f"{date:%a %d %b %Y} is past; give a date still to come.", "date")

        def change(doc: dict[str, Any], config: ClinicConfig) -> Part:
            if date in config.closures:
                raise InvalidInput(
                    f"The clinic is already closed on {date:%a %d %b %Y} "
                    f"({config.closures[date]}).",
                    "date",
                )
            item = {"date": date.isoformat(), "reason": why}
            doc.setdefault("closures", []).append(item)
            doc["closures"].sort(key=lambda c: str(c.get("date")))
            return None, item

        self.edit("closure.add", date.isoformat(), change)
        with self.store.reading():
            return [a for a in self.appointments.on_day(date) if a.holds_slot]

    def remove_closure(self, day: str) -> None:
        """Open again on a day closed by a closure (a holiday is not a closure)."""
        date = parse_day(day, self.today(), field="date")

        def change(doc: dict[str, Any], config: ClinicConfig) -> Part:
            if date not in config.closures:
                raise NotFound(f"There is no closure on {date:%a %d %b %Y}.", "date")
            kept = [c for c in doc["closures"] if c.get("date") != date.isoformat()]
            before = next(c for c in doc["closures"] if c.get("date") == date.isoformat())
            doc["closures"] = kept
            return before, None

        self.edit("closure.remove", date.isoformat(), change)

    def set_office_hours(self, spec: str) -> None:
        """Set the office hours, ``"mon-fri 09:00-18:00; sat 09:00-14:00"``.

        Days not named are closed, except Sunday: when the text does not name it, its
        by-appointment window stays (see :meth:`set_sunday_window`).
        """
        from console.clinic.setup_text import parse_week_hours

        week = parse_week_hours(spec, field="hours")
        named_sunday = "sun" in spec.lower()

        def change(doc: dict[str, Any], config: ClinicConfig) -> Part:
            before = copy.deepcopy(doc["hours"])
            for day, key in enumerate(WEEKDAYS):
                if key == "sun" and not named_sunday:
                    continue
                span = week.get(day)
                doc["hours"][key] = (
                    {"kind": "closed"}
                    if span is None
                    else {"kind": "open", "opens": f"{span[0]:%H:%M}", "closes": f"{span[1]:%H:%M}"}
                )
            return before, doc["hours"]

        self.edit("hours.set", "office", change)

    def set_sunday_window(self, spec: str) -> None:
        """Sunday by appointment within ``"10:00-16:00"``, or ``"closed"``."""
        from console.clinic.setup_text import parse_span

        text = clean(spec).lower()
        window: dict[str, Any] = {"kind": "closed"}
        if text not in ("closed", "off", "none"):
            start, end = parse_span(text, field="sunday")
            window = {"kind": "by_appointment", "opens": f"{start:%H:%M}", "closes": f"{end:%H:%M}"}

        def change(doc: dict[str, Any], config: ClinicConfig) -> Part:
            before = doc["hours"].get("sun")
            doc["hours"]["sun"] = window
            return before, window

        self.edit("hours.sunday", "sun", change)

    def set_holiday_rule(self, rule: str) -> None:
        """How listed holidays close the clinic: one of :data:`HOLIDAY_RULES`."""
        key = clean(rule).lower().replace("-", "_")
        if key not in HOLIDAY_RULES:
            raise InvalidInput(
                f"{clean(rule)!r} is not a holiday rule; use one of: {', '.join(HOLIDAY_RULES)}.",
                "rule",
            )

        def change(doc: dict[str, Any], config: ClinicConfig) -> Part:
            holidays = doc.setdefault("holidays", {})
            before = holidays.get("rule")
            holidays["rule"] = key
            return before, key

        self.edit("holidays.rule", "holidays", change)

    # -- appointment types and rooms -----------------------------------------------------

    def update_type(
        self,
        key: str,
        *,
        minutes: int | str | None = None,
        buffer: int | str | None = None,
        room: str | EllipsisType | None = KEEP,
    ) -> None:
        """Change a type's length, the buffer after it, or the room it needs (None: any).

        ``room`` left as ``...`` (:data:`KEEP`) keeps the room as it is.
        """
        if minutes is None and buffer is None and room is KEEP:
            raise InvalidInput(
                "Say what to change: the minutes, the buffer or the room.", "minutes"
            )
        length = _number(minutes, "minutes") if minutes is not None else None
        after = _number(buffer, "buffer") if buffer is not None else None

        def change(doc: dict[str, Any], config: ClinicConfig) -> Part:
            kind = config.appointment_type(clean(key).lower())
            spec = doc["appointment_types"][kind.key]
            before = dict(spec)
            if length is not None:
                spec["minutes"] = length
            if after is not None:
                spec["buffer"] = after
            if not isinstance(room, EllipsisType):
                needed = None if room is None else self.room_named(config, room)
                spec["room"] = None if needed is None else config.room(needed).name
            return before, dict(spec)

        self.edit("type.update", clean(key).lower(), change)

    def add_room(self, name: str) -> None:
        """Add a room, in service."""
        called = _room_name(name)

        def change(doc: dict[str, Any], config: ClinicConfig) -> Part:
            taken = find_name(config.rooms, called)
            if taken is not None:
                raise InvalidInput(f"{taken} is already a room here.", "room")
            item = {"name": called, "in_service": True, "note": ""}
            doc["rooms"].append(item)
            return None, item

        self.edit("room.add", called, change)

    def remove_room(self, name: str) -> None:
        """Remove a room; refused while visits to come are booked in it or a type needs it."""

        def change(doc: dict[str, Any], config: ClinicConfig) -> Part:
            room = config.room(self.room_named(config, name))
            needing = [t.label for t in config.appointment_types.values() if t.room == room.name]
            if needing:
                raise InvalidInput(
                    f"{room.name} is needed by {', '.join(needing)}; change that first.", "room"
                )
            booked = self.booked(lambda a: a.room == room.name)
            if booked:
                raise InvalidInput(
                    f"{room.name} has {count_text(booked)} still to come; move them first "
                    "(or take the room out of service).",
                    "room",
                )
            index = config.rooms.index(room.name)
            return doc["rooms"].pop(index), None

        self.edit("room.remove", clean(name), change)

    def set_room(self, name: str, *, in_service: bool, note: str = "") -> list[Appointment]:
        """Take a room out of service (with why) or back in; returns visits booked in it."""
        why = reason_text(note, "note", required=False)
        found: list[str] = []

        def change(doc: dict[str, Any], config: ClinicConfig) -> Part:
            room = config.room(self.room_named(config, name))
            index = config.rooms.index(room.name)
            before = dict(doc["rooms"][index]) if isinstance(doc["rooms"][index], dict) else None
            item = {"name": room.name, "in_service": in_service, "note": "" if in_service else why}
            doc["rooms"][index] = item
            found.append(room.name)
            return before or {"name": room.name}, item

        self.edit("room.in" if in_service else "room.out", clean(name), change)
        if in_service:
            return []
        return self.booked(lambda a: a.room == found[0])

    # -- the machinery (console/desk/providers.py uses it too) ------------------------

    def edit(
        self, what: str, key: str, change: Callable[[dict[str, Any], ClinicConfig], Part]
    ) -> ClinicConfig:
        """Apply ``change`` to the stored setup under the lock; validate, write, audit."""
        self.require_manager(WHAT)
        with self.changing():
            current, _ = self._setup()  # inside the lock: another desk's change is seen
            doc = current.to_dict()
            before, after = change(doc, current)
            try:
                updated = ClinicConfig.from_dict(doc)
            except InvalidInput as err:
                raise InvalidInput(str(err), err.field) from None
            self.setup_repo.write(updated.to_dict())
            self.record(f"setup.{what}", "setup", key, before, after)
        return self._setup()[1]

    def provider_named(self, config: ClinicConfig, name: str) -> ProviderHours:
        """The provider ``name`` names (any case), else one sentence listing them."""
        found = find_name(config.providers, clean(name))
        return config.provider_hours(found if found is not None else clean(name))

    def room_named(self, config: ClinicConfig, name: str) -> str:
        """The room ``name`` names, as the setup spells it (unknown names pass unchanged)."""
        found = find_name(config.rooms, clean(name))
        return found if found is not None else clean(name)

    def booked(self, which: Callable[[Appointment], bool]) -> list[Appointment]:
        """Visits still to come (booked or confirmed, from today) that ``which`` picks."""
        now = self.now().timestamp()
        with self.store.reading():
            months = self.store.partitions("appointments")
            last = _month_end(months[-1]) if months else self.today()
            visits = self.appointments.between(self.today(), max(last, self.today()))
        return [
            a for a in visits if a.holds_slot and a.end_at(self.tz).timestamp() > now and which(a)
        ]


def _month_end(name: str) -> dt.date:
    """The last day of the month partition ``name`` (``2027-03``)."""
    year, month = (int(part) for part in name.split("-"))
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def count_text(visits: list[Appointment]) -> str:
    """``"1 visit"``, ``"3 visits"``."""
    return f"{len(visits)} visit{'s' if len(visits) != 1 else ''}"


def find_name(names: Sequence[str], wanted: str) -> str | None:
    """The name in ``names`` that is ``wanted`` ignoring case, or None."""
    folded = wanted.casefold()
    return next((n for n in names if n.casefold() == folded), None)


def _room_name(name: str | None) -> str:
    called = clean_name(name, "room")
    if len(called) > 40:
        raise InvalidInput("A room's name is 40 characters at most.", "room")
    return called


def reason_text(text: str | None, field: str, *, required: bool) -> str:
    """A reason or note cleaned and capped; refused when ``required`` and empty."""
    why = clean(text)
    if required and not why:
        raise InvalidInput("Give the reason, for example --reason 'Staff training'.", field)
    if len(why) > MAX_REASON:
        raise InvalidInput(f"The {field} is {MAX_REASON} characters at most.", field)
    return why


def _number(value: int | str, field: str) -> int:
    try:
        return int(str(value).strip())
    except ValueError:
        raise InvalidInput(f"{clean(str(value))!r} is not a number of minutes.", field) from None


def _clause(err: InvalidInput) -> str:
    """An error's sentence as a clause: lower-case first letter, no final full stop."""
    text = str(err).rstrip(".")
    return text[:1].lower() + text[1:]
