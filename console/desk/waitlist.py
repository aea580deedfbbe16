"""The waitlist half of the desk: who waits for a time, and booking them when one frees up.

Anyone at the desk (a receptionist too) adds, lists and removes entries; every change
is under the store lock and audited (``waitlist.add``, ``waitlist.remove``,
``waitlist.book``), and ``u`` undoes it like any other change. When a visit is
cancelled, moved or missed, :meth:`WaitlistMixin.offers_for_freed` lists the waitlisted
patients the freed time suits, best first (see :mod:`console.clinic.waitlist` for the
order), keeping only those the booking rules would take then; :meth:`book_offer` books
one through the desk's ordinary booking (every rule applies) and takes them off the list
in the same change.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

import arrow

from console.clinic.errors import BookingRefused, InvalidInput, NotFound
from console.clinic.ids import new_id, normalise_id
from console.clinic.localtime import to_iso
from console.clinic.models import Appointment, Patient
from console.desk.base import DeskBase
from console.desk.undo import Touched

if TYPE_CHECKING:  # the waitlist's rules are imported where used: a read needs none
    from console.clinic.waitlist import WaitlistEntry
    from console.store.waitlist import WaitlistRepo

#: How many offers a span of freed time lists at most, and how many days of it are searched.
SPAN_OFFERS = 9
SPAN_DAYS = 14


@dataclass(frozen=True)
class Waiting:
    """A waitlist entry with its patient (a missing patient record still shows)."""

    entry: WaitlistEntry
    patient: Patient | None


@dataclass(frozen=True)
class Offer:
    """A freed time offered to one waitlisted patient: book ``entry`` at ``start``."""

    entry: WaitlistEntry
    patient: Patient
    start: arrow.Arrow
    minutes: int
    provider: str
    room: str
    type_label: str


class WaitlistMixin(DeskBase):
    """The waitlist operations of :class:`~console.desk.facade.Desk`."""

    if TYPE_CHECKING:

        def book(
            self,
            patient_id: str,
            start: str | arrow.Arrow,
            type_key: str,
            *,
            provider: str | None = None,
            room: str | None = None,
        ) -> Appointment:
            """Book a visit by every booking rule (see the desk)."""
            ...

        def _remember(self, action: str, label: str, what: str, touched: list[Touched]) -> None:
            """Keep this change as the one ``u`` undoes (see the undo mixin)."""
            ...

    @property
    def waitlist(self) -> WaitlistRepo:
        """The store's waitlist file."""
        from console.store.waitlist import WaitlistRepo

        return WaitlistRepo(self.store)

    # -- the list -------------------------------------------------------------------------

    def waitlist_add(
        self,
        patient_id: str,
        type_key: str,
        *,
        provider: str | None = None,
        weekdays: str | None = None,
        start: str | None = None,
        end: str | None = None,
        until: str | None = None,
        note: str = "",
    ) -> WaitlistEntry:
        """Put a patient on the waitlist for a visit of ``type_key`` (audited ``waitlist.add``).

        ``weekdays`` ("mon,wed", "mon-fri"), ``start``/``end`` (a time-of-day window, HH:MM
        or 9am) and ``until`` (a date) narrow what suits them; each mistake is one sentence.
        The same patient waiting twice for the same type is refused.
        """
        from console.clinic.assign import check_provider_room
        from console.clinic.waitlist import (
            WaitlistEntry,
            parse_note,
            parse_until,
            parse_weekdays,
            parse_window,
        )

        kind = self.config.appointment_type(type_key)
        who = (provider or "").strip() or None
        check_provider_room(self.config, who, None)
        if who is not None and not self.config.provider_hours(who).gives(kind.key):
            raise InvalidInput(f"{who} does not give a {kind.label.lower()}.", "provider")
        days = parse_weekdays(weekdays)
        begin, finish = parse_window(start, end)
        if begin and finish and _minutes_between(begin, finish) < kind.minutes:
            raise InvalidInput(
                f"A {kind.label.lower()} takes {kind.minutes} minutes; the window is shorter.",
                "to",
            )
        last = parse_until(until, self.today())
        text = parse_note(note)
        with self.changing():
            patient = self.patient(patient_id)
            for other in self.waitlist.all():
                if other.patient_id == patient.id and other.type == kind.key:
                    raise InvalidInput(
                        f"{patient.name} is already waiting for a {kind.label.lower()} "
                        f"({other.id}); remove that entry first to change it.",
                        "type",
                    )
            entry_id = new_id("W", 6)
            while self.waitlist.exists(entry_id):
                entry_id = new_id("W", 6)
            entry = WaitlistEntry(
                id=entry_id,
                patient_id=patient.id,
                type=kind.key,
                provider=who,
                weekdays=days,
                start=begin,
                end=finish,
                until=last,
                note=text,
                created=to_iso(self.now()),
            )
            self.waitlist.add(entry)
            self.record("waitlist.add", "waitlist", entry.id, None, entry.to_doc())
            words = f"{patient.name}'s waitlist entry"
            touched = [Touched("waitlist", entry.id, None, entry.to_doc())]
            self._remember("waitlist.add", f"adding {words}", words, touched)
        return entry

    def waitlist_list(self, *, all: bool = False) -> list[Waiting]:
        """The waitlist, oldest request first; expired entries (past ``until``) with ``all``."""
        today = self.today()
        with self.store.reading():
            entries = [e for e in self.waitlist.all() if all or not e.expired(today)]
            people = self.patients.get_many([e.patient_id for e in entries])
        return [Waiting(e, people.get(e.patient_id)) for e in entries]

    def waitlist_entry(self, entry_id: str) -> WaitlistEntry:
        """The entry ``entry_id`` or :class:`NotFound`."""
        with self.store.reading():
            found = self.waitlist.get(normalise_id(entry_id))
        if found is None:
            raise NotFound(f"No waitlist entry has the id {entry_id!r}.", "entry")
        return found

    def waitlist_remove(self, entry_id: str) -> WaitlistEntry:
        """Take an entry off the waitlist (audited ``waitlist.remove``); returns it."""
        with self.changing():
            entry = self.waitlist_entry(entry_id)
            self.waitlist.remove(entry.id)
            self.record("waitlist.remove", "waitlist", entry.id, entry.to_doc(), None)
            words = f"{self._whose(entry)} waitlist entry"
            touched = [Touched("waitlist", entry.id, entry.to_doc(), None)]
            self._remember("waitlist.remove", f"removing {words}", words, touched)
        return entry

    def _whose(self, entry: WaitlistEntry) -> str:
        patient = self.patients.get(entry.patient_id)
        return f"{patient.name}'s" if patient is not None else "the patient's"

    # -- a time frees up --------------------------------------------------------------------

    def offers_for_freed(
        self, start: arrow.Arrow, minutes: int, provider: str, room: str | None = None
    ) -> list[Offer]:
        """The waitlisted patients a freed time suits, best first, each ready to book.

        The freed time is ``start`` for ``minutes`` with ``provider`` (in ``room``). What
        has already passed of it (a no-show) is not offered: the offers start at the next
        slot from now. An entry is offered when its wishes suit the time (provider,
        weekday, window, not expired) and the booking rules take its visit then (the
        patient not already booked, the provider working, a room free); ``room`` first.
        """
        from console.clinic.waitlist import suited

        when, left = self._still_ahead(start.to(self.tz), minutes)
        if left <= 0:
            return []
        lengths = {k: t.minutes for k, t in self.config.appointment_types.items()}
        now = self.now()
        with self.store.reading():
            entries = self.waitlist.all()
            same_day = self.appointments.on_day(when.date())
            fitting = suited(entries, when, lengths, provider, now.date())
            people = self.patients.get_many([e.patient_id for e in fitting])
        offers: list[Offer] = []
        for entry in fitting:
            patient = people.get(entry.patient_id)
            if patient is None:
                continue
            kind = self.config.appointment_types[entry.type]
            chosen = self._bookable(patient.id, when, kind.key, provider, room, same_day, now)
            if chosen is not None:
                offers.append(
                    Offer(entry, patient, when, kind.minutes, provider, chosen, kind.label)
                )
        return offers

    def _still_ahead(self, start: arrow.Arrow, minutes: int) -> tuple[arrow.Arrow, int]:
        """The part of ``start``..+``minutes`` not yet past, from a slot boundary."""
        now = self.now()
        if start.timestamp() >= now.timestamp():
            return start, minutes
        step = self.config.slot_minutes * 60
        gone = int(now.timestamp() - start.timestamp())
        skip = -(-gone // step) * step  # whole slots, rounded up
        return start.shift(seconds=skip), minutes - skip // 60

    def _bookable(
        self,
        patient_id: str,
        start: arrow.Arrow,
        type_key: str,
        provider: str,
        room: str | None,
        same_day: list[Appointment],
        now: arrow.Arrow,
    ) -> str | None:
        """The room a visit of ``type_key`` could have then (``room`` if free), or None.

        The booking rules decide, as :meth:`book` will: the provider working then and
        giving the type, buffers, rooms in service, the patient's other visits.
        """
        from console.clinic.assign import assign

        kind = self.config.appointment_type(type_key)
        for wanted in _rooms(room):
            try:
                proposal = assign(
                    self.config,
                    patient_id,
                    start,
                    kind.minutes,
                    same_day,
                    now,
                    provider=provider,
                    room=wanted,
                    type_key=kind.key,
                )
            except (BookingRefused, InvalidInput):
                continue
            return proposal.room
        return None

    def offers_in_span(
        self, provider: str, start: arrow.Arrow, end: arrow.Arrow, *, limit: int = SPAN_OFFERS
    ) -> list[Offer]:
        """Offers for a span of a provider's time freed at once (time off taken back).

        For each waitlisted patient, the first start in the span (from the next slot on,
        within :data:`SPAN_DAYS` days, inside the provider's working hours) that their
        wishes suit and the booking rules take; best first (the order of
        :mod:`console.clinic.waitlist`), at most ``limit``.
        """
        from console.clinic.availability import working_windows
        from console.clinic.waitlist import rank_key, suited

        now = self.now()
        first, _ = self._still_ahead(start.to(self.tz), 0)
        stop = min(end.to(self.tz), first.shift(days=SPAN_DAYS))
        lengths = {k: t.minutes for k, t in self.config.appointment_types.items()}
        step = self.config.slot_minutes
        found: dict[str, Offer] = {}
        with self.store.reading():
            entries = [e for e in self.waitlist.all() if not e.expired(now.date())]
            people = self.patients.get_many([e.patient_id for e in entries])
        day = first.date()
        while day <= stop.date() and entries:
            with self.store.reading():
                same_day = self.appointments.on_day(day)
            for window_start, window_end in working_windows(self.config, provider, day):
                cursor = max(window_start, first)
                while cursor < min(window_end, stop) and entries:
                    for entry in suited(entries, cursor, lengths, provider, now.date()):
                        patient = people.get(entry.patient_id)
                        if patient is None or patient.id in found:
                            continue
                        room = self._bookable(
                            patient.id, cursor, entry.type, provider, None, same_day, now
                        )
                        if room is not None:
                            kind = self.config.appointment_types[entry.type]
                            found[patient.id] = Offer(
                                entry, patient, cursor, kind.minutes, provider, room, kind.label
                            )
                    entries = [e for e in entries if e.patient_id not in found]
                    cursor = cursor.shift(minutes=step)
            day += dt.timedelta(days=1)
        ranked = sorted(found.values(), key=lambda o: rank_key(o.entry, provider))
        return ranked[:limit]

    def book_offer(
        self, entry_id: str, start: str | arrow.Arrow, provider: str, room: str | None = None
    ) -> Appointment:
        """Book a waitlisted patient into a freed time and take them off the list, in one change.

        The visit is booked by :meth:`book` (every booking rule applies; another desk may
        have taken the time) and the entry removed under the same lock (audited
        ``appointment.book`` and ``waitlist.book``); ``u`` undoes both.
        """
        from console.clinic.waitlist import suits

        with self.changing():
            entry = self.waitlist_entry(entry_id)
            kind = self.config.appointment_type(entry.type)
            patient = self.patient(entry.patient_id)
            when = start if isinstance(start, arrow.Arrow) else arrow.get(start)
            when = when.to(self.tz)
            if not suits(entry, when, kind.minutes, provider, self.today()):
                raise BookingRefused(
                    f"{when:ddd D MMM h:mm A} with {provider} is not what {patient.name} "
                    f"is waiting for ({entry.wants()}).",
                    "start",
                )
            appt = self.book(patient.id, when, kind.key, provider=provider, room=room)
            self.waitlist.remove(entry.id)
            self.record(
                "waitlist.book", "waitlist", entry.id, entry.to_doc(), {"appointment": appt.id}
            )
            words = f"{patient.name}'s {when:h:mm A} visit from the waitlist"
            touched = [
                Touched("appointment", appt.id, None, appt.to_doc(self.tz)),
                Touched("waitlist", entry.id, entry.to_doc(), None),
            ]
            self._remember("waitlist.book", f"the booking of {words}", words, touched)
        return appt

    def offers_after(self, before: Appointment) -> list[Offer]:
        """The offers for the time ``before`` held (a visit just cancelled, moved or missed)."""
        return self.offers_for_freed(
            before.start_at(self.tz), before.minutes, before.provider, before.room or None
        )


def _rooms(room: str | None) -> Iterator[str | None]:
    """The freed room first, then any room."""
    if room:
        yield room
    yield None


def _minutes_between(a: dt.time, b: dt.time) -> int:
    return (b.hour * 60 + b.minute) - (a.hour * 60 + a.minute)
