"""Who works when: providers, their weekly hours and breaks, time off and dated shifts.

A part of :class:`~console.desk.facade.Desk`, on the setup machinery of
:mod:`console.desk.setup` (manager only, under the lock, validated, written whole,
audited as ``setup.<what>``). Time off lists the booked visits it strands, so the desk
moves them; a provider with visits still to come is neither renamed nor removed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import arrow

from console.clinic.config import ClinicConfig, TimeOff
from console.clinic.dates import parse_clock, parse_day, parse_start
from console.clinic.errors import InvalidInput, NotFound
from console.clinic.ids import new_id
from console.clinic.models import Appointment
from console.clinic.roster import (
    DAY_NAMES,
    ProviderHours,
    check_breaks,
    provider_to_dict,
    time_off_to_dict,
)
from console.clinic.text import clean, clean_name
from console.desk.setup import Part, SetupMixin, count_text, find_name, reason_text

if TYPE_CHECKING:  # the hours' and booking rules are imported where used
    from console.clinic import availability
    from console.clinic.booking import Slot


class ProvidersMixin(SetupMixin):
    """The providers half of the setup: people, hours, time off, shifts."""

    def time_off_list(self, *, past: bool = False) -> list[TimeOff]:
        """Time off not yet over (every one with ``past``), earliest first."""
        now = self.now().datetime
        items = self.config.time_off
        kept = [t for t in items if past or t.end > now]
        return sorted(kept, key=lambda t: (t.start, t.provider))

    def stranded(self, name: str, start: str, end: str) -> list[Appointment]:
        """The booked visits that time off for ``name`` from ``start`` to ``end`` would strand."""
        provider = self.provider_named(self.config, name).name
        begin, finish = self._span(start, end)
        return self._visits_of(provider, begin, finish)

    # -- who can see patients when (the schedule's columns and first available) ----------

    def working_windows(self, provider: str, day: dt.date) -> list[tuple[arrow.Arrow, arrow.Arrow]]:
        """When ``provider`` can see patients on ``day`` (hours less breaks and time off)."""
        from console.clinic import availability

        return availability.working_windows(self.config, provider, day)

    def unavailable(self, provider: str, day: dt.date) -> list[availability.Block]:
        """The parts of ``day`` ``provider`` cannot take (off, breaks, time off), to shade."""
        from console.clinic import availability

        return availability.unavailable(self.config, provider, day)

    def scheduled_on(self, day: dt.date) -> list[str]:
        """The providers working on ``day``, in the setup's order."""
        from console.clinic import availability

        return availability.scheduled_on(self.config, day)

    def first_available(
        self,
        type_key: str,
        *,
        provider: str | None = None,
        weekdays: str | None = None,
        after: str | None = None,
        before: str | None = None,
        patient_id: str = "",
        limit: int = 5,
        per_day: int = 1,
    ) -> list[Slot]:
        """The next free times for ``type_key`` across days, from typed filters.

        ``weekdays`` is ``"tue"``, ``"tue,thu"`` or ``"mon-fri"``; ``after`` and
        ``before`` are times of day (``14:00``, ``2pm``) the whole visit keeps within.
        Each comes back one sentence on a mistake, with its field.
        """
        from console.clinic.first import first_available

        config = self.config
        kind = config.appointment_type(clean(type_key).lower())
        who = self.provider_named(config, provider).name if provider else None
        days = parse_weekdays(weekdays) if weekdays else None
        earliest = parse_clock(after, field="after") if after else None
        latest = parse_clock(before, field="before") if before else None
        if not 1 <= limit <= 50:
            raise InvalidInput("Ask for 1 to 50 times.", "limit")
        with self.store.reading():
            return first_available(
                config,
                self.appointments.on_day,
                kind.key,
                self.now(),
                provider=who,
                weekdays=days,
                after=earliest,
                before=latest,
                patient_id=patient_id,
                limit=limit,
                per_day=per_day,
            )

    # -- providers -----------------------------------------------------------------------

    def add_provider(
        self,
        name: str,
        hours: str,
        breaks: str | None = None,
        types: Sequence[str] | str | None = None,
    ) -> ProviderHours:
        """Add a provider with their weekly hours, breaks and the types they give."""
        from console.clinic.setup_text import parse_breaks, parse_week_hours

        person = _provider_name(name)
        week = parse_week_hours(hours, field="hours")
        rest = parse_breaks(breaks, week, field="breaks")

        def change(doc: dict[str, Any], config: ClinicConfig) -> Part:
            taken = find_name(config.providers, person)
            if taken is not None:
                raise InvalidInput(f"{taken} is already a provider here.", "name")
            gives = _types(config, types)
            added = provider_to_dict(ProviderHours(person, week, rest, gives))
            doc["providers"].append(added)
            return None, added

        config = self.edit("provider.add", person, change)
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

        New hours keep the breaks on the days still worked; a break the new hours no
        longer hold is refused (give the breaks again with the hours). A renamed provider
        keeps their time off and shifts; their visits still to come must be moved first.
        """
        from console.clinic.setup_text import parse_breaks, parse_week_hours

        if hours is None and breaks is None and types is None and rename is None:
            raise InvalidInput(
                "Say what to change: the hours, the breaks, the types or the name.", "hours"
            )
        week = parse_week_hours(hours, field="hours") if hours is not None else None
        new_name = _provider_name(rename) if rename is not None else None
        result: list[str] = []

        def change(doc: dict[str, Any], config: ClinicConfig) -> Part:
            current = self.provider_named(config, name)
            days = week if week is not None else current.hours
            if breaks is not None:
                rest = parse_breaks(breaks, days, field="breaks")
            else:
                rest = {d: s for d, s in current.breaks.items() if days.get(d) is not None}
                try:
                    for day, spans in rest.items():
                        check_breaks(current.name, day, days[day], spans)
                except InvalidInput as err:
                    raise InvalidInput(
                        f"{str(err).rstrip('.')}; give the breaks again with the new hours.",
                        "breaks",
                    ) from None
            gives = _types(config, types) if types is not None else current.types
            called = current.name
            if new_name is not None and new_name != current.name:
                taken = find_name(config.providers, new_name)
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

        config = self.edit("provider.update", self._named(name), change)
        return config.provider_hours(result[0])

    def remove_provider(self, name: str) -> ProviderHours:
        """Remove a provider (with their time off and shifts); refused while they have visits."""
        removed: list[ProviderHours] = []

        def change(doc: dict[str, Any], config: ClinicConfig) -> Part:
            current = self.provider_named(config, name)
            self._refuse_if_booked(current.name, "removed")
            index = config.providers.index(current.name)
            before = doc["providers"].pop(index)
            for key in ("time_off", "shifts"):
                doc[key] = [i for i in doc.get(key) or [] if i.get("provider") != current.name]
            removed.append(current)
            return before, None

        self.edit("provider.remove", self._named(name), change)
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
        why = reason_text(reason, "reason", required=False)
        made: list[TimeOff] = []

        def change(doc: dict[str, Any], config: ClinicConfig) -> Part:
            provider = self.provider_named(config, name).name
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

        self.edit("time_off.add", self._named(name), change)
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

        self.edit("time_off.remove", key, change)
        return removed[0]

    def add_shift(self, name: str, day: str, span: str) -> None:
        """Give a provider extra hours on one date (a Sunday, or a usual day off)."""
        from console.clinic.setup_text import parse_span

        date = parse_day(day, self.today(), field="date")
        start, end = parse_span(span, field="hours")
        if date < self.today():
            raise InvalidInput(f"{date:%a %d %b %Y} is past; give a date still to come.", "date")

        def change(doc: dict[str, Any], config: ClinicConfig) -> Part:
            provider = self.provider_named(config, name).name
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

        self.edit("shift.add", self._named(name), change)

    def remove_shift(self, name: str, day: str) -> None:
        """Remove a provider's shift on one date."""
        date = parse_day(day, self.today(), field="date")

        def change(doc: dict[str, Any], config: ClinicConfig) -> Part:
            provider = self.provider_named(config, name).name
            for index, shift in enumerate(config.shifts):
                if shift.provider == provider and shift.date == date:
                    return doc["shifts"].pop(index), None
            raise NotFound(f"{provider} has no shift on {date:%a %d %b %Y}.", "date")

        self.edit("shift.remove", self._named(name), change)

    def _named(self, name: str) -> str:
        """The provider's name as the setup spells it (what the audit records)."""
        return self.provider_named(self.config, name).name

    def _span(self, start: str, end: str) -> tuple[arrow.Arrow, arrow.Arrow]:
        today = self.today()
        begin = parse_start(start, today, self.tz, field="from")
        finish = parse_start(end, today, self.tz, field="to")
        if finish.timestamp() <= begin.timestamp():
            raise InvalidInput("The time off ends before it starts.", "to")
        if (finish - begin).days > 366:
            raise InvalidInput("Time off is entered a year at most at a time.", "to")
        return begin, finish

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

    def _refuse_if_booked(self, provider: str, how: str) -> None:
        booked = self.booked(lambda a: a.provider == provider)
        if booked:
            raise InvalidInput(
                f"{provider} has {count_text(booked)} still to come; move or cancel them before "
                f"{provider} is {how}.",
                "name",
            )


def _provider_name(name: str | None) -> str:
    called = clean_name(name, "name")
    if len(called) > 40:
        raise InvalidInput("A provider's name is 40 characters at most.", "name")
    return called


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


def parse_weekdays(text: str, field: str = "weekday") -> frozenset[int]:
    """``"tue"``, ``"tue,thu"``, ``"mon-fri"`` → weekday numbers (0 = Monday); else one sentence."""
    found: set[int] = set()
    for part in re.split(r"[,;/\s]+", re.sub(r"\s*-\s*", "-", clean(text).lower())):
        if not part:
            continue
        first, _, last = part.partition("-")
        start = _weekday(first, field)
        end = _weekday(last, field) if last else start
        found.update((start + step) % 7 for step in range((end - start) % 7 + 1))
    if not found:
        raise InvalidInput("Name a weekday: mon, tue, … sun.", field)
    return frozenset(found)


def _weekday(word: str, field: str) -> int:
    word = word.strip(".")
    for number, name in enumerate(DAY_NAMES):
        if len(word) >= 2 and name.lower().startswith(word):
            return number
    shown = word if len(word) <= 20 else word[:20] + "…"
    raise InvalidInput(f"{shown!r} is not a weekday; use mon, tue, … sun.", field)
