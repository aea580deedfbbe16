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
from collections.abc import Callable, Sequence
from typing import Any, Final

import arrow

from console.clinic.config import HOLIDAY_RULES, ClinicConfig, TimeOff
from console.clinic.content import Content
from console.clinic.dates import parse_day, parse_start
from console.clinic.errors import InvalidInput, NotFound
from console.clinic.ids import new_id
from console.clinic.models import Appointment
from console.clinic.roster import (
    WEEKDAYS,
    ProviderHours,
    check_breaks,
    provider_to_dict,
    time_off_to_dict,
)
from console.clinic.setup_text import parse_breaks, parse_span, parse_week_hours
from console.clinic.text import clean, clean_name
from console.desk.base import DeskBase
from console.shipped import link_appointment_types
from console.store import StoreError
from console.store.setup import SetupRepo

#: What "Only a manager can ..." says for every change here.
WHAT = "change the clinic setup"
#: The longest reason or note kept with a closure, time off or room.
MAX_REASON = 200


class _Keep:
    """The default of an option that leaves a value as it is (None means "none")."""


KEEP: Final = _Keep()

#: The part of the setup one change touched, before and after (what the audit keeps).
Part = tuple[object, object]


class SetupMixin(DeskBase):
    """The setup half of the desk: the live configuration and the manager's changes."""

    content: Content
    _seed: ClinicConfig
    _setup_seen: tuple[int, ClinicConfig, ClinicConfig] | None = None

    # -- reading -------------------------------------------------------------------------

    @property
    def setup_repo(self) -> SetupRepo:
        """Where the setup document lives in the store."""
        return SetupRepo(self.store)

    def _setup(self) -> tuple[ClinicConfig, ClinicConfig]:
        """(as stored, as the desk uses it): re-read only when the file's revision moved."""
        repo = self.setup_repo
        with self.store.reading():
            revision = repo.revision()
            seen = self._setup_seen
            if seen is not None and seen[0] == revision:
                return seen[1], seen[2]
            doc = repo.read()
        if doc is None:
            stored = self._seed
        else:
            try:
                stored = ClinicConfig.from_dict(doc)
            except InvalidInput as err:
                raise StoreError(
                    f"{repo.path} holds a clinic setup that cannot be used ({_clause(err)}); "
                    "it has been left untouched: restore it from a backup (`frontdesk check`)."
                ) from None
        # A clinic treatment's appointment type leads to it (calls, check-in, aftercare).
        used = link_appointment_types(stored, self.content)
        self._setup_seen = (revision, stored, used)
        return stored, used

    @property
    def config(self) -> ClinicConfig:
        """The clinic's setup as it is now in the store (else the shipped one)."""
        return self._setup()[1]

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

    def time_off_list(self, *, past: bool = False) -> list[TimeOff]:
        """Time off not yet over (every one with ``past``), earliest first."""
        now = self.now().datetime
        items = self.config.time_off
        kept = [t for t in items if past or t.end > now]
        return sorted(kept, key=lambda t: (t.start, t.provider))

    def stranded(self, name: str, start: str, end: str) -> list[Appointment]:
        """The booked visits that time off for ``name`` from ``start`` to ``end`` would strand."""
        provider = self._provider(self.config, name).name
        begin, finish = self._span(start, end)
        return self._visits_of(provider, begin, finish)

    # -- providers -----------------------------------------------------------------------

    def add_provider(
        self,
        name: str,
        hours: str,
        breaks: str | None = None,
        types: Sequence[str] | str | None = None,
    ) -> ProviderHours:
        """Add a provider with their weekly hours, breaks and the types they give."""
        person = _provider_name(name)
        week = parse_week_hours(hours, field="hours")
        rest = parse_breaks(breaks, week, field="breaks")

        def change(doc: dict[str, Any], config: ClinicConfig) -> Part:
            taken = _find(config.providers, person)
            if taken is not None:
                raise InvalidInput(f"{taken} is already a provider here.", "name")
            gives = _types(config, types)
            added = provider_to_dict(ProviderHours(person, week, rest, gives))
            doc["providers"].append(added)
            return None, added

        config = self._edit("provider.add", person, change)
        return config.provider_hours(person)

    def update_provider(
        self,
        name: str,
        *,
        hours: str | None = None,
        breaks: str | None = None,
        types: Sequence[str] | str | None = None,
        rename: str | None = None,
    ) -> ProviderHours:
        """Change a provider's hours, breaks, types or name; only what is given changes.

        New hours keep the breaks that still fit; a break that no longer does is refused
        (give new breaks with the hours). A renamed provider keeps their time off and
        shifts; their visits still to come must be moved first.
        """
        if hours is None and breaks is None and types is None and rename is None:
            raise InvalidInput(
                "Say what to change: the hours, the breaks, the types or the name.", "hours"
            )
        week = parse_week_hours(hours, field="hours") if hours is not None else None
        new_name = _provider_name(rename) if rename is not None else None
        result: list[str] = []

        def change(doc: dict[str, Any], config: ClinicConfig) -> Part:
            current = self._provider(config, name)
            days = week if week is not None else current.hours
            if breaks is not None:
                rest = parse_breaks(breaks, days, field="breaks")
            else:
                rest = {d: s for d, s in current.breaks.items() if days.get(d) is not None}
                for day, spans in rest.items():
                    check_breaks(current.name, day, days[day], spans)
            gives = _types(config, types) if types is not None else current.types
            called = current.name
            if new_name is not None and new_name != current.name:
                taken = _find(config.providers, new_name)
                if taken is not None and taken != current.name:
                    raise InvalidInput(f"{taken} is already a provider here.", "name")
                self._refuse_if_booked(current.name, "renamed")
                called = new_name
                for item in doc.get("time_off") or []:
                    if item.get("provider") == current.name:
                        item["provider"] = called
                for item in doc.get("shifts") or []:
                    if item.get("provider") == current.name:
                        item["provider"] = called
            updated = provider_to_dict(ProviderHours(called, days, rest, gives))
            index = config.providers.index(current.name)
            before = doc["providers"][index]
            doc["providers"][index] = updated
            result.append(called)
            return before, updated

        config = self._edit("provider.update", _provider_name(name), change)
        return config.provider_hours(result[0])

    def remove_provider(self, name: str) -> ProviderHours:
        """Remove a provider (with their time off and shifts); refused while they have visits."""
        removed: list[ProviderHours] = []

        def change(doc: dict[str, Any], config: ClinicConfig) -> Part:
            current = self._provider(config, name)
            self._refuse_if_booked(current.name, "removed")
            index = config.providers.index(current.name)
            before = doc["providers"].pop(index)
            for key in ("time_off", "shifts"):
                doc[key] = [i for i in doc.get(key) or [] if i.get("provider") != current.name]
            removed.append(current)
            return before, None

        self._edit("provider.remove", _provider_name(name), change)
        return removed[0]

    # -- time off and shifts -------------------------------------------------------------

    def add_time_off(
        self, name: str, start: str, end: str, reason: str = ""
    ) -> tuple[TimeOff, list[Appointment]]:
        """Enter time off for a provider; returns it and the booked visits it strands.

        The visits are not moved: the desk lists them so someone moves each one.
        """
        begin, finish = self._span(start, end)
        if finish.timestamp() <= self.now().timestamp():
            raise InvalidInput("That time off is already over; give one still to come.", "to")
        why = _reason(reason, "reason", required=False)
        made: list[TimeOff] = []

        def change(doc: dict[str, Any], config: ClinicConfig) -> Part:
            provider = self._provider(config, name).name
            for other in config.time_off:
                if other.provider == provider and other.start < finish and begin < other.end:
                    raise InvalidInput(
                        f"{provider} already has time off then ({_when(other, self.tz)}).", "from"
                    )
            ident = new_id("T", 6)
            while any(t.id == ident for t in config.time_off):
                ident = new_id("T", 6)
            item = TimeOff(ident, provider, begin.datetime, finish.datetime, why)
            stored = time_off_to_dict(item, self.tz)
            doc.setdefault("time_off", []).append(stored)
            made.append(item)
            return None, stored

        self._edit("time_off.add", name, change)
        item = made[0]
        return item, self._visits_of(item.provider, begin, finish)

    def remove_time_off(self, ident: str) -> TimeOff:
        """Remove one time off by its id (``T-…``)."""
        key = clean(ident).upper()
        removed: list[TimeOff] = []

        def change(doc: dict[str, Any], config: ClinicConfig) -> Part:
            for index, item in enumerate(config.time_off):
                if item.id.upper() == key:
                    removed.append(item)
                    return doc["time_off"].pop(index), None
            raise NotFound(
                f"No time off has the id {clean(ident)!r}; `frontdesk timeoff list` shows them.",
                "id",
            )

        self._edit("time_off.remove", key, change)
        return removed[0]

    def add_shift(self, name: str, day: str, span: str) -> None:
        """Give a provider extra hours on one date (a Sunday, or a usual day off)."""
        date = parse_day(day, self.today(), field="date")
        start, end = parse_span(span, field="hours")
        if date < self.today():
            raise InvalidInput(f"{date:%a %d %b %Y} is past; give a date still to come.", "date")

        def change(doc: dict[str, Any], config: ClinicConfig) -> Part:
            provider = self._provider(config, name).name
            if any(s.provider == provider and s.date == date for s in config.shifts):
                raise InvalidInput(
                    f"{provider} already has a shift on {date:%a %d %b}; remove it first.", "date"
                )
            item = {
                "provider": provider,
                "date": date.isoformat(),
                "from": f"{start:%H:%M}",
                "to": f"{end:%H:%M}",
            }
            doc.setdefault("shifts", []).append(item)
            return None, item

        self._edit("shift.add", name, change)

    def remove_shift(self, name: str, day: str) -> None:
        """Remove a provider's shift on one date."""
        date = parse_day(day, self.today(), field="date")

        def change(doc: dict[str, Any], config: ClinicConfig) -> Part:
            provider = self._provider(config, name).name
            for index, shift in enumerate(config.shifts):
                if shift.provider == provider and shift.date == date:
                    return doc["shifts"].pop(index), None
            raise NotFound(f"{provider} has no shift on {date:%a %d %b %Y}.", "date")

        self._edit("shift.remove", name, change)

    # -- closures, hours, holidays -------------------------------------------------------

    def add_closure(self, day: str, reason: str) -> list[Appointment]:
        """Close the clinic on ``day``; returns the booked visits that day (to move)."""
        date = parse_day(day, self.today(), field="date")
        why = _reason(reason, "reason", required=True)
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

        self._edit("closure.add", date.isoformat(), change)
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

        self._edit("closure.remove", date.isoformat(), change)

    def set_office_hours(self, spec: str) -> None:
        """Set the office hours, ``"mon-fri 09:00-18:00; sat 09:00-14:00"``.

        Days not named are closed, except Sunday: when the text does not name it, its
        by-appointment window stays (see :meth:`set_sunday_window`).
        """
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

        self._edit("hours.set", "office", change)

    def set_sunday_window(self, spec: str) -> None:
        """Sunday by appointment within ``"10:00-16:00"``, or ``"closed"``."""
        text = clean(spec).lower()
        window: dict[str, Any] = {"kind": "closed"}
        if text not in ("closed", "off", "none"):
            start, end = parse_span(text, field="sunday")
            window = {"kind": "by_appointment", "opens": f"{start:%H:%M}", "closes": f"{end:%H:%M}"}

        def change(doc: dict[str, Any], config: ClinicConfig) -> Part:
            before = doc["hours"].get("sun")
            doc["hours"]["sun"] = window
            return before, window

        self._edit("hours.sunday", "sun", change)

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

        self._edit("holidays.rule", "holidays", change)

    # -- appointment types and rooms -----------------------------------------------------

    def update_type(
        self,
        key: str,
        *,
        minutes: int | str | None = None,
        buffer: int | str | None = None,
        room: str | _Keep | None = KEEP,
    ) -> None:
        """Change a type's length, the buffer after it, or the room it needs (None: any)."""
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
            if not isinstance(room, _Keep):
                spec["room"] = None if room is None else config.room(_room_name(room)).name
            return before, dict(spec)

        self._edit("type.update", clean(key).lower(), change)

    def add_room(self, name: str) -> None:
        """Add a room, in service."""
        called = _room_name(name)

        def change(doc: dict[str, Any], config: ClinicConfig) -> Part:
            taken = _find(config.rooms, called)
            if taken is not None:
                raise InvalidInput(f"{taken} is already a room here.", "room")
            item = {"name": called, "in_service": True, "note": ""}
            doc["rooms"].append(item)
            return None, item

        self._edit("room.add", called, change)

    def remove_room(self, name: str) -> None:
        """Remove a room; refused while visits to come are booked in it or a type needs it."""

        def change(doc: dict[str, Any], config: ClinicConfig) -> Part:
            room = config.room(self._room(config, name))
            needing = [t.label for t in config.appointment_types.values() if t.room == room.name]
            if needing:
                raise InvalidInput(
                    f"{room.name} is needed by {', '.join(needing)}; change that first.", "room"
                )
            booked = self._booked(lambda a: a.room == room.name)
            if booked:
                raise InvalidInput(
                    f"{room.name} has {_count(booked)} still to come; move them first "
                    "(or take the room out of service).",
                    "room",
                )
            index = config.rooms.index(room.name)
            return doc["rooms"].pop(index), None

        self._edit("room.remove", clean(name), change)

    def set_room(self, name: str, *, in_service: bool, note: str = "") -> list[Appointment]:
        """Take a room out of service (with why) or back in; returns visits booked in it."""
        why = _reason(note, "note", required=False)
        found: list[str] = []

        def change(doc: dict[str, Any], config: ClinicConfig) -> Part:
            room = config.room(self._room(config, name))
            index = config.rooms.index(room.name)
            before = dict(doc["rooms"][index]) if isinstance(doc["rooms"][index], dict) else None
            item = {"name": room.name, "in_service": in_service, "note": "" if in_service else why}
            doc["rooms"][index] = item
            found.append(room.name)
            return before or {"name": room.name}, item

        self._edit("room.in" if in_service else "room.out", clean(name), change)
        if in_service:
            return []
        return self._booked(lambda a: a.room == found[0])

    # -- the machinery -------------------------------------------------------------------

    def _edit(
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

    def _span(self, start: str, end: str) -> tuple[arrow.Arrow, arrow.Arrow]:
        today = self.today()
        begin = parse_start(start, today, self.tz, field="from")
        finish = parse_start(end, today, self.tz, field="to")
        if finish.timestamp() <= begin.timestamp():
            raise InvalidInput("The time off ends before it starts.", "to")
        if (finish - begin).days > 366:
            raise InvalidInput("Time off is entered a year at most at a time.", "to")
        return begin, finish

    def _provider(self, config: ClinicConfig, name: str) -> ProviderHours:
        found = _find(config.providers, clean(name))
        return config.provider_hours(found if found is not None else clean(name))

    def _room(self, config: ClinicConfig, name: str) -> str:
        found = _find(config.rooms, clean(name))
        return found if found is not None else clean(name)

    def _visits_of(
        self, provider: str, begin: arrow.Arrow, finish: arrow.Arrow
    ) -> list[Appointment]:
        """Visits still to come that hold a slot with ``provider`` between the two instants."""
        now = self.now().timestamp()
        low, high = begin.timestamp(), finish.timestamp()
        with self.store.reading():
            visits = self.appointments.between(begin.date(), finish.date())
        return [
            a
            for a in visits
            if a.provider == provider
            and a.holds_slot
            and a.end_at(self.tz).timestamp() > max(low, now)
            and a.start_at(self.tz).timestamp() < high
        ]

    def _booked(self, which: Callable[[Appointment], bool]) -> list[Appointment]:
        """Visits still to come (booked or confirmed, from today) that ``which`` picks."""
        now = self.now().timestamp()
        with self.store.reading():
            months = self.store.partitions("appointments")
            last = _month_end(months[-1]) if months else self.today()
            visits = self.appointments.between(self.today(), max(last, self.today()))
        return [
            a for a in visits if a.holds_slot and a.end_at(self.tz).timestamp() > now and which(a)
        ]

    def _refuse_if_booked(self, provider: str, how: str) -> None:
        booked = self._booked(lambda a: a.provider == provider)
        if booked:
            raise InvalidInput(
                f"{provider} has {_count(booked)} still to come; move or cancel them before "
                f"{provider} is {how}.",
                "name",
            )


def _month_end(name: str) -> dt.date:
    """The last day of the month partition ``name`` (``2027-03``)."""
    year, month = (int(part) for part in name.split("-"))
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def _count(visits: list[Appointment]) -> str:
    return f"{len(visits)} visit{'s' if len(visits) != 1 else ''}"


def _find(names: Sequence[str], wanted: str) -> str | None:
    """The name in ``names`` that is ``wanted`` ignoring case, or None."""
    folded = wanted.casefold()
    return next((n for n in names if n.casefold() == folded), None)


def _provider_name(name: str | None) -> str:
    called = clean_name(name, "name")
    if len(called) > 40:
        raise InvalidInput("A provider's name is 40 characters at most.", "name")
    return called


def _room_name(name: str | None) -> str:
    called = clean_name(name, "room")
    if len(called) > 40:
        raise InvalidInput("A room's name is 40 characters at most.", "room")
    return called


def _reason(text: str | None, field: str, *, required: bool) -> str:
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


def _types(config: ClinicConfig, types: Sequence[str] | str | None) -> tuple[str, ...]:
    """Type keys from a list or ``"a,b"`` text, each one of the clinic's; empty: all."""
    if types is None:
        return ()
    words = types.split(",") if isinstance(types, str) else list(types)
    keys: list[str] = []
    for word in words:
        key = clean(word).lower()
        if key in ("", "all", "any"):
            continue
        config.appointment_type(key)  # one sentence naming the valid keys
        if key not in keys:
            keys.append(key)
    return tuple(keys)


def _when(item: TimeOff, tz: dt.tzinfo) -> str:
    start, end = item.start.astimezone(tz), item.end.astimezone(tz)
    return f"{start:%a %d %b %H:%M} to {end:%a %d %b %H:%M}"


def _clause(err: InvalidInput) -> str:
    """An error's sentence as a clause (no capital needed, no final full stop)."""
    return str(err).rstrip(".")
