"""The front desk facade: the daily API that the console and the command line call.

Schedule, patients, visits, booking, statuses and treatments. Every change takes the
store lock, re-reads what it depends on, applies the clinic's rules and writes durably
before returning, so what a caller gets back is on disk. The desk is assembled from
parts, one concept each: who is at the desk (:mod:`~console.desk.people`), editing
patients (:mod:`~console.desk.patients`), a visit's status
(:mod:`~console.desk.visit_status`) and undo (:mod:`~console.desk.undo`); booking and
reading stay here. The store's administration
(checks, backups, audit queries, bulk loads) is :mod:`console.desk.admin`; opening a
desk on a folder with the shipped data is :mod:`console.desk.compose`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import os
import pwd
from collections.abc import Callable, Collection, Iterator
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import arrow

from console.clinic import status as st
from console.clinic.actor import MANAGER, Actor, current_actor
from console.clinic.clock import Clock
from console.clinic.config import ClinicConfig
from console.clinic.errors import (
    BookingRefused,
    NotFound,
)
from console.clinic.hours import DayInfo, day_info, next_open_day
from console.clinic.ids import new_id, normalise_id
from console.clinic.localtime import parse_local, to_iso
from console.clinic.models import (
    Appointment,
    Patient,
    StatusChange,
)
from console.clinic.phone import prepare_displays
from console.clinic.text import clean
from console.desk.base import missing_patient
from console.desk.patients import PatientsMixin
from console.desk.people import PeopleMixin
from console.desk.providers import ProvidersMixin
from console.desk.undo import Touched, UndoMixin
from console.desk.views import DaySchedule, PatientMatch, Visit
from console.desk.visit_status import VisitStatusMixin
from console.desk.waitlist import WaitlistMixin
from console.shipped import problems_warning
from console.store import Store
from console.store.appointments import AppointmentRepo
from console.store.backup_layout import restore_pending
from console.store.patients import PatientRepo
from console.store.staff import StaffRepo
from console.store.visit_index import Mark

if TYPE_CHECKING:  # imported on first use: a command that asks nothing never loads it
    from console.clinic.answers import Answers
    from console.clinic.booking import Proposal, Slot
    from console.clinic.content import Content
    from console.clinic.treatments import Treatment
    from console.store.audit import AuditLog


def _finish_restore(store: Store) -> None:
    """Finish (or drop) a restore a kill interrupted; the backup code loads only then."""
    if restore_pending(store.root):
        from console.store import backup

        backup.recover(store)


def _account_name() -> str:
    """The login of the account this process runs as (cron, services: no LOGNAME)."""
    try:
        return pwd.getpwuid(os.getuid()).pw_name
    except KeyError:  # a uid with no passwd entry (some containers)
        return ""


class Desk(PeopleMixin, PatientsMixin, VisitStatusMixin, ProvidersMixin, WaitlistMixin, UndoMixin):
    """Schedule, patients and visits for one store."""

    def __init__(
        self,
        store: Store,
        config: ClinicConfig,
        treatments: dict[str, Treatment] | None,
        clock: Clock,
        *,
        actor: Actor | None = None,
        content: Content | Callable[[], Content] | None = None,
    ) -> None:
        """A desk on ``store``; ``content`` may be a loader, called when first needed.

        ``treatments`` None means the content's own (then ``content`` is required).
        """
        self.store = store
        # Who the audit names: by default the login this process runs for, acting as
        # the administrator (the service account owns the store); see act_as/sign_in.
        self.actor = actor or replace(current_actor(os.environ, _account_name()), role=MANAGER)
        #: The shipped setup: what the desk uses until the store has its own (see setup.py).
        self._seed = config
        self.tz = config.tz
        self.clock = clock
        self._treatments = treatments
        self._content = content
        self._setup_seen = None
        self.patients = PatientRepo(store)
        self.appointments = AppointmentRepo(store, today=self.today)
        self.staff = StaffRepo(store)
        self._last = None  # this desk's last change (see console/desk/undo.py)
        # A restore a kill interrupted is finished (or dropped) before anything is read.
        store.on_lock.insert(0, lambda: _finish_restore(store))
        if restore_pending(store.root):
            with store.locked():
                pass

    def close(self) -> None:
        """Release the store's file handles."""
        self.store.close()

    # -- audit trail (see console/store/audit.py) ---------------------------------------

    @functools.cached_property
    def audit(self) -> AuditLog:
        """The store's audit trail (made on first use: a command that only reads never needs it)."""
        from console.store.audit import AuditLog

        return AuditLog(self.store.root, self.store.modes)

    @contextlib.contextmanager
    def changing(self) -> Iterator[None]:
        """Hold the store lock for a change, once the audit trail can take its entry.

        Checked before anything is written: a damaged or unwritable trail refuses the
        change with one sentence, so a change is never saved and reported as failed.
        """
        with self.store.locked():
            self.audit.ready()
            yield

    def record(
        self,
        action: str,
        kind: str,
        rid: str,
        before: object,
        after: object,
        *,
        into: AuditLog | None = None,
    ) -> None:
        """Append one audit entry stamped with now and the person at this desk.

        Call it inside :meth:`changing`, right after the change it records, so the
        trail's order is the store's. Every change here and in
        :class:`~console.desk.admin.Administration` goes through it. ``into`` is another
        trail (a restore's, before it is put in place).
        """
        at = self.now().datetime
        who, where = self.actor.name, self.actor.address
        (into or self.audit).append(
            at, who, where, action, kind, rid, before, after, role=self.actor.role
        )

    def _audit_change(self, action: str, before: Appointment, after: Appointment) -> None:
        self.record(action, "appointment", after.id, before.to_doc(self.tz), after.to_doc(self.tz))

    def record_session(self, action: str, detail: dict[str, Any] | None = None) -> None:
        """Record a console session's start or end (``session.start``/``session.end``)."""
        with self.changing():
            self.record(action, "session", str(os.getpid()), None, detail or {})

    def audit_trail_of(self, record_ids: Collection[str]) -> list[dict[str, Any]]:
        """Every audit entry about any of ``record_ids`` (patients, visits), oldest first."""
        from console.store.audit import history_of

        return history_of(self.store.root, {normalise_id(r) for r in record_ids})

    # -- time and hours -----------------------------------------------------------

    def now(self) -> arrow.Arrow:
        """Clinic-local now."""
        return self.clock.now()

    def today(self) -> dt.date:
        """Clinic-local today (rolls over at the clinic's midnight)."""
        return self.now().date()

    def day_info(self, day: dt.date) -> DayInfo:
        """What ``day`` is: open with hours, by appointment, or closed with why."""
        return day_info(self.plain_config, day)

    def next_open_day(self, after: dt.date) -> DayInfo | None:
        """The first ordinary open day strictly after ``after`` (None within 60 days)."""
        return next_open_day(self.plain_config, after)

    def walkin_refusal(self) -> str | None:
        """The sentence refusing walk-ins today (Sunday, closed day), or None if taken."""
        from console.clinic.assign import check_walkin_day

        try:
            check_walkin_day(self.config, self.now())
        except BookingRefused as err:
            return str(err)
        return None

    # -- reading ----------------------------------------------------------------------

    def schedule(self, day: dt.date) -> DaySchedule:
        """The day's hours and every visit on it, with patient details."""
        with self.store.reading():
            appts = self.appointments.on_day(day)
            people = self.patients.get_many([a.patient_id for a in appts])
            now = self.now()
            visits = tuple(self._visit(a, people.get(a.patient_id), now) for a in appts)
        # Every phone the day shows, from the store's cache in one read (or one write).
        prepare_displays(p.phone for p in people.values())
        return DaySchedule(self.day_info(day), visits)

    def _visit(self, appt: Appointment, patient: Patient | None, now: arrow.Arrow) -> Visit:
        patient = patient or missing_patient(appt.patient_id)
        start, end = appt.start_at(self.tz), appt.end_at(self.tz)
        waited = late = None
        # Timestamps, not wall clocks: same-zone datetime arithmetic ignores DST changes.
        if appt.status == st.ARRIVED:
            arrived = appt.status_time(st.ARRIVED)
            if arrived:
                waited = max(0, int((now.timestamp() - arrow.get(arrived).timestamp()) // 60))
        elif appt.status in (st.BOOKED, st.CONFIRMED) and now.timestamp() > start.timestamp():
            late = int((now.timestamp() - start.timestamp()) // 60)
        type_label = self.plain_config.appointment_types.get(appt.type)
        return Visit(
            appt,
            patient,
            type_label.label if type_label else appt.type,
            start,
            end,
            appt.outside_hours,
            waited,
            late,
        )

    def change_token(self) -> bytes:
        """Changes whenever this or any other desk changes the store (for live refresh)."""
        return self.store.change_token()

    def patient_count(self) -> int:
        """How many patients the store holds."""
        with self.store.reading():
            return self.patients.count()

    def warm_up(self) -> None:
        """Build the lookup's compact indexes so the first search is as fast as the rest.

        The patients' search rows and a summary of each month of visits; no month of
        history stays parsed (see ``store/visit_index.py``). The console calls this in a
        worker after its first frame; nothing changes on disk.
        """
        with self.store.reading():
            self.patients.search_rows()
            self.appointments.summaries()

    def patient(self, pid: str) -> Patient:
        """The patient ``pid`` or :class:`NotFound`."""
        key = normalise_id(pid)
        with self.store.reading():
            found = self.patients.get(key)
        if found is None:
            raise NotFound(f"No patient has the id {pid!r}.", "patient")
        return found

    def appointment(self, aid: str) -> Appointment:
        """The appointment ``aid`` or :class:`NotFound`."""
        key = normalise_id(aid)
        with self.store.reading():
            found = self.appointments.get(key, self.today())
        if found is None:
            raise NotFound(f"No appointment has the id {aid!r}.", "appointment")
        return found

    def visit(self, aid: str) -> Visit:
        """One appointment with its patient details."""
        appt = self.appointment(aid)
        with self.store.reading():
            return self._visit(appt, self.patients.get(appt.patient_id), self.now())

    def appointments_between(self, first: dt.date, last: dt.date) -> list[Appointment]:
        """Every appointment from ``first`` to ``last`` inclusive, in start order."""
        with self.store.reading():
            return self.appointments.between(first, last)

    def history(self, pid: str) -> list[Appointment]:
        """Every appointment of a patient, oldest first."""
        with self.store.reading():
            return self.appointments.for_patient(normalise_id(pid))

    def lookup_ready(self) -> bool:
        """Whether the visit summaries are built (lookups and series lines are cheap now)."""
        with self.store.reading():
            return self.appointments.summarised()

    def visit_marks(self, pid: str) -> list[Mark]:
        """Every visit of a patient in compact form (start, type, status flags), in order.

        Read from the month summaries, not the months: cheap enough for each match of a
        lookup as the name is typed.
        """
        with self.store.reading():
            return self.appointments.marks(normalise_id(pid))

    def find(self, query: str, limit: int = 10, *, with_visits: bool = True) -> list[PatientMatch]:
        """Patients matching a name (typos allowed), part of a phone, or a date of birth."""
        from console.clinic.search import search

        now = self.now()
        with self.store.reading():
            hits = search(self.patients.search_rows(), clean(query), limit)
            ids = [hit.patient_id for hit in hits]
            people = self.patients.get_many(ids)
            tallies = self.appointments.tallies(ids, now.datetime) if with_visits else {}
            matches = []
            for hit in hits:
                patient = people.get(hit.patient_id)
                if patient is None:
                    continue
                upcoming, past = None, 0
                tallied = tallies.get(patient.id)
                if tallied is not None:
                    past = tallied.past
                    if tallied.next_id:
                        upcoming = self.appointments.get(
                            tallied.next_id, dt.date.fromisoformat(tallied.next_month + "-01")
                        )
                matches.append(PatientMatch(patient, hit.score, hit.matched, upcoming, past))
        return matches

    def free_slots(
        self,
        day: dt.date,
        type_key: str,
        *,
        minutes: int | None = None,
        provider: str | None = None,
        patient_id: str = "",
        limit: int | None = None,
        ignore_id: str | None = None,
    ) -> list[Slot]:
        """Free start times on ``day`` for a visit of ``type_key``.

        ``ignore_id`` is the visit being moved: its own current slot counts as free.
        """
        from console.clinic.booking import free_slots

        kind = self.config.appointment_type(type_key)
        with self.store.reading():
            same_day = [a for a in self.appointments.on_day(day) if a.id != ignore_id]
        return free_slots(
            self.config,
            day,
            minutes or kind.minutes,
            same_day,
            self.now(),
            patient_id=patient_id,
            provider=provider,
            limit=limit,
            type_key=kind.key,
        )

    @functools.cached_property
    def answers(self) -> Answers:
        """The answering engine over the desk's content, built once on first use."""
        from console.clinic.answers import engine

        return engine(self.content.documents, self.content.topics)

    @functools.cached_property
    def content(self) -> Content:
        """Everything the desk answers callers from (treatments, clinic facts, topics).

        Loaded on first use: the day, the hours and a patient need none of it.
        """
        given = self._content
        if callable(given):
            return given()
        if given is not None:
            return given
        from console.clinic.content import Content

        return Content(self._treatments or {})

    @functools.cached_property
    def treatments(self) -> dict[str, Treatment]:
        """The treatments by key (the content's, unless the desk was given its own)."""
        if self._treatments is not None:
            return self._treatments
        return self.content.treatments

    def treatment(self, name: str | None = None) -> Treatment:
        """A treatment's content by key or name (the first one when ``name`` is None)."""
        if not self.treatments:
            raise NotFound("No treatment content is installed.", "treatment")
        if name is None:
            return next(iter(self.treatments.values()))
        key = clean(name).lower()
        for treatment in self.treatments.values():
            if key in (treatment.key, treatment.name.lower()):
                return treatment
        known = ", ".join(sorted(self.treatments))
        unusable = problems_warning(self.content.problems)
        if unusable:
            # The treatment asked for may be the one whose file could not be used.
            raise NotFound(
                f"No treatment is called {name!r} (known: {known}); "
                f"{unusable[0].lower()}{unusable[1:-1]}.",
                "treatment",
            )
        raise NotFound(f"No treatment is called {name!r}; known: {known}.", "treatment")

    # -- booking ------------------------------------------------------------------------

    def book(
        self,
        patient_id: str,
        start: str | arrow.Arrow,
        type_key: str,
        *,
        minutes: int | None = None,
        provider: str | None = None,
        room: str | None = None,
        notes: str | None = None,
        outside_hours: bool = False,
        series: dict[str, object] | None = None,
    ) -> Appointment:
        """Book a visit after checking every booking rule; returns it saved.

        ``series`` tags a session of a treatment series (``{"id", "number", "of"}``).
        """
        from console.clinic.assign import assign, check_provider_room

        kind = self.config.appointment_type(type_key)
        when = parse_local(start, self.tz) if isinstance(start, str) else start.to(self.tz)
        check_provider_room(self.config, provider, room)
        length = minutes or kind.minutes
        with self.changing():
            patient = self.patient(patient_id)
            same_day = self.appointments.on_day(when.date())
            proposal = assign(
                self.config,
                patient.id,
                when,
                length,
                same_day,
                self.now(),
                provider=provider,
                room=room,
                outside_hours=outside_hours,
                type_key=kind.key,
            )
            appt = self._new_appointment(proposal, kind.key, notes)
            if outside_hours:
                outside = self._is_outside(when, length, proposal.provider)
                appt = replace(appt, outside_hours=outside)
            if series:
                appt = replace(appt, extra={**appt.extra, "series": dict(series)})
            self.appointments.add(appt, self.tz)
            self.record("appointment.book", "appointment", appt.id, None, appt.to_doc(self.tz))
            self._remember_visit("appointment.book", "the booking of {}", patient, None, appt)
        return appt

    def _is_outside(self, start: arrow.Arrow, minutes: int, provider: str = "") -> bool:
        """True when a visit does not fit the day's hours or its provider's (an exception)."""
        from console.clinic.availability import absence
        from console.clinic.booking import window_problem

        info = self.day_info(start.date())
        if info.opens is None or info.closes is None:
            return True
        end = start.shift(minutes=minutes)
        if window_problem(info, start, end, self.tz) is not None:
            return True
        if provider not in self.config.staff:
            return False
        return absence(self.config, provider, start, end) is not None

    def _new_appointment(
        self, proposal: Proposal, type_key: str, notes: str | None, *, status: str = st.BOOKED
    ) -> Appointment:
        now = self.now()
        aid = new_id("A", 7)
        while self.appointments.id_taken(aid):
            aid = new_id("A", 7)
        appt = Appointment(
            id=aid,
            patient_id=proposal.patient_id,
            start=to_iso(proposal.start),
            minutes=proposal.minutes,
            type=type_key,
            provider=proposal.provider,
            room=proposal.room,
            notes=clean(notes, multiline=True),
            walk_in=proposal.walk_in,
            created=to_iso(now),
            history=(StatusChange(st.BOOKED, to_iso(now)),),
        )
        if status != st.BOOKED:
            appt = appt.with_status(status, now)
        return appt

    def walkin_options(
        self,
        pid: str,
        type_key: str,
        *,
        provider: str | None = None,
        count: int = 4,
    ) -> list[Proposal]:
        """What a walk-in would get now (first) and the next few other start times today."""
        from console.clinic.assign import check_provider_room, walkin_proposal
        from console.clinic.booking import Proposal, free_slots

        kind = self.config.appointment_type(type_key)
        check_provider_room(self.config, provider, None)
        now = self.now()
        patient = self.patient(pid)
        with self.store.reading():
            same_day = self.appointments.on_day(now.date())
        first = walkin_proposal(self.config, patient.id, kind, same_day, now, provider=provider)
        options = [first]
        for slot in free_slots(
            self.config,
            now.date(),
            kind.minutes,
            same_day,
            now,
            patient_id=patient.id,
            provider=provider,
            type_key=kind.key,
        ):
            if len(options) >= count:
                break
            if slot.start.timestamp() <= options[-1].start.timestamp():
                continue
            options.append(
                Proposal(
                    patient.id,
                    slot.start,
                    kind.minutes,
                    slot.provider,
                    slot.room,
                    True,
                    type_key=kind.key,
                )
            )
        return options

    def walkin(
        self,
        patient_id: str,
        type_key: str,
        *,
        provider: str | None = None,
        notes: str | None = None,
        start: arrow.Arrow | None = None,
        room: str | None = None,
        answers: dict[str, str] | None = None,
        details: dict[str, str] | None = None,
    ) -> Appointment:
        """Register a walk-in, already marked arrived: the next free slot today, or ``start``.

        ``start`` is one of :meth:`walkin_options`, checked again here (another desk may
        have taken it). A treatment with questions needs ``answers`` (see :meth:`checkin`).
        """
        from console.clinic.assign import (
            assign,
            check_provider_room,
            check_walkin_day,
            walkin_proposal,
        )

        kind = self.config.appointment_type(type_key)
        check_provider_room(self.config, provider, room)
        now = self.now()
        with self.changing():
            patient = self.patient(patient_id)
            same_day = self.appointments.on_day(now.date())
            if start is None:
                proposal = walkin_proposal(
                    self.config, patient.id, kind, same_day, now, provider=provider
                )
            else:
                check_walkin_day(self.config, now)
                when = start.to(self.tz)
                if when.date() != now.date():
                    raise BookingRefused("A walk-in is seen today; pick a time today.", "start")
                minute = now.floor("minute")
                if when.timestamp() < minute.timestamp():
                    when = minute
                proposal = assign(
                    self.config,
                    patient.id,
                    when,
                    kind.minutes,
                    same_day,
                    now,
                    provider=provider,
                    room=room,
                    walk_in=True,
                    type_key=kind.key,
                )
            appt = self._new_appointment(proposal, kind.key, notes, status=st.ARRIVED)
            appt, screened_patient = self._screen(appt, patient, answers, details)
            self.appointments.add(appt, self.tz)
            self.record("appointment.walkin", "appointment", appt.id, None, appt.to_doc(self.tz))
            touched = [Touched("appointment", appt.id, None, appt.to_doc(self.tz))]
            if screened_patient != patient:
                self._save_screened(patient, screened_patient)
                touched.append(
                    Touched("patient", patient.id, patient.to_doc(), screened_patient.to_doc())
                )
            words = self._visit_words(patient, appt)
            self._remember("appointment.walkin", f"the walk-in of {words}", words, touched)
        return appt

    def reschedule(
        self,
        aid: str,
        start: str | arrow.Arrow,
        *,
        provider: str | None = None,
        room: str | None = None,
        minutes: int | None = None,
        outside_hours: bool = False,
    ) -> Appointment:
        """Move a visit to a new start (same rules as booking); returns it saved."""
        from console.clinic.assign import assign, check_provider_room

        when = parse_local(start, self.tz) if isinstance(start, str) else start.to(self.tz)
        check_provider_room(self.config, provider, room)
        with self.changing():
            current = self.appointment(aid)
            if current.status not in (st.BOOKED, st.CONFIRMED):
                raise BookingRefused(
                    f"A visit that is {st.LABELS[current.status]} cannot be rescheduled.", "start"
                )
            length = minutes or current.minutes
            same_day = self.appointments.on_day(when.date())
            proposal = assign(
                self.config,
                current.patient_id,
                when,
                length,
                same_day,
                self.now(),
                provider=provider,
                room=room,
                ignore_id=current.id,
                outside_hours=outside_hours,
                type_key=current.type if current.type in self.config.appointment_types else "",
            )
            moved = replace(
                current,
                start=to_iso(when),
                minutes=length,
                provider=proposal.provider,
                room=proposal.room,
                outside_hours=self._is_outside(when, length, proposal.provider),
            )
            self.appointments.save(moved, self.tz)
            self._audit_change("appointment.reschedule", current, moved)
            self._remember_visit("appointment.reschedule", "the move of {}", None, current, moved)
        return moved
