"""Treatment series: planning the later sessions, booking them, and progress."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import arrow

from console.clinic import status as st
from console.clinic.booking import Slot
from console.clinic.errors import InvalidInput
from console.clinic.hours import OPEN, day_info
from console.clinic.localtime import parse_local, same_instant
from console.clinic.models import Appointment
from console.clinic.series import (
    PlannedSession,
    SeriesProgress,
    SessionWindow,
    best_slot,
    plan_series,
    series_progress,
    session_window,
)
from console.clinic.treatments import Regimen
from console.desk import Desk


def plan_series_for(
    desk: Desk,
    patient_id: str,
    first: str | arrow.Arrow,
    type_key: str = "sculptra",
    *,
    include_sundays: bool = False,
) -> tuple[arrow.Arrow, list[PlannedSession]]:
    """The rest of a treatment series after a first session at ``first`` (nothing booked)."""
    kind = desk.config.appointment_type(type_key)
    if not kind.treatment:
        raise InvalidInput(f"A {kind.label.lower()} is not part of a treatment series.", "type")
    regimen = desk.treatment(kind.treatment).regimen
    if regimen is None or regimen.sessions < 2:
        raise InvalidInput(f"{kind.label} has no series regimen in the treatment data.", "type")
    patient = desk.patient(patient_id)
    when = parse_local(first, desk.tz) if isinstance(first, str) else first.to(desk.tz)

    def slots(day: dt.date) -> list[Slot]:
        return desk.free_slots(day, type_key, patient_id=patient.id)

    return when, plan_series(desk.config, regimen, when, slots, include_sundays=include_sundays)


def book_series(
    desk: Desk,
    patient_id: str,
    first: arrow.Arrow,
    type_key: str,
    sessions: list[PlannedSession],
) -> list[str]:
    """Book the first session (unless already booked then) and each proposed later one.

    Returns the ids booked. A session without a proposed slot is left for the desk.
    """
    patient = desk.patient(patient_id)
    existing = [
        a
        for a in desk.history(patient.id)
        if a.holds_slot and a.type == type_key and same_instant(a.start_at(desk.tz), first)
    ]
    total = len(sessions) + 1
    if existing:
        head = existing[0]
    else:
        head = desk.book(patient.id, first, type_key, series={"number": 1, "of": total})
    series_id = head.id
    booked = [] if existing else [head.id]
    already = {
        (a.extra.get("series") or {}).get("number")
        for a in desk.history(patient.id)
        if a.holds_slot and (a.extra.get("series") or {}).get("id") == series_id
    }
    for session in sessions:
        if session.slot is None or session.number in already:
            continue  # no free slot (left for the desk), or booked by an earlier run
        appt = desk.book(
            patient.id,
            session.slot.start,
            type_key,
            provider=session.slot.provider,
            room=session.slot.room,
            series={"id": series_id, "number": session.number, "of": session.of},
        )
        booked.append(appt.id)
    return booked


def progress(
    desk: Desk, patient_id: str, type_key: str = "sculptra", *, glance: bool = False
) -> SeriesProgress | None:
    """Where the patient stands in their series of ``type_key`` (None if they have none).

    ``glance`` (a lookup's line per match) reads the visit summaries instead of the
    patient's whole history: the same rule, and the same words, without reading the
    months of every match; its ``next_booked`` carries only the visit's start.
    """
    kind = desk.config.appointment_types.get(type_key)
    if kind is None or not kind.treatment:
        return None
    treatment = desk.treatment(kind.treatment)
    if treatment.regimen is None or treatment.regimen.sessions < 2:
        return None
    visits = _glimpse(desk, patient_id, type_key) if glance else desk.history(patient_id)
    return series_progress(
        visits, type_key, treatment.name, treatment.regimen, desk.today(), desk.tz
    )


def _glimpse(desk: Desk, patient_id: str, type_key: str) -> list[Appointment]:
    """The patient's visits of ``type_key`` that hold a slot, from the summaries.

    Only what the series rule reads is filled in: start, type, completed or not, and
    whether the visit was booked as session 1 of a series.
    """
    return [
        Appointment(
            "",
            patient_id,
            dt.datetime.fromtimestamp(mark.start, desk.tz).isoformat(),
            0,
            mark.type,
            "",
            "",
            st.COMPLETED if mark.completed else st.BOOKED,
            extra={"series": {"number": 1}} if mark.first_of_series else {},
        )
        for mark in desk.visit_marks(patient_id)
        if mark.type == type_key and mark.holds_slot
    ]


def series_types(desk: Desk) -> list[str]:
    """Appointment types that belong to a treatment with a multi-session regimen."""
    keys = []
    for key, kind in desk.config.appointment_types.items():
        if kind.treatment and kind.treatment in desk.treatments:
            regimen = desk.treatments[kind.treatment].regimen
            if regimen and regimen.sessions > 1:
                keys.append(key)
    return keys


def without_next_booking(desk: Desk, lookback_days: int = 120) -> list[tuple[str, SeriesProgress]]:
    """Patients whose series has a session due and nothing booked: ``(patient id, progress)``."""
    return [(pid, state) for pid, _key, state in due_sessions(desk, lookback_days)]


def due_sessions(desk: Desk, lookback_days: int = 120) -> list[tuple[str, str, SeriesProgress]]:
    """Like :func:`without_next_booking`, with the type: ``(patient id, type, progress)``."""
    today = desk.today()
    types = series_types(desk)
    recent: set[str] = set()
    for appt in desk.appointments_between(today - dt.timedelta(days=lookback_days), today):
        if appt.type in types and appt.status == "completed":
            recent.add(appt.patient_id)
    due = []
    for pid in sorted(recent):
        for key in types:
            # The summaries sift (no months read); the few due are read in full.
            glimpse = progress(desk, pid, key, glance=True)
            if glimpse is None or not glimpse.needs_booking:
                continue
            state = progress(desk, pid, key)
            if state is not None and state.needs_booking:
                due.append((pid, key, state))
    return due


def tag_first_session(desk: Desk, aid: str, total: int) -> Appointment:
    """Tag an already booked visit as session 1 of ``total`` of a new series (its own id)."""

    def change(appt: Appointment) -> Appointment:
        tag = {"id": appt.id, "number": 1, "of": total}
        return replace(appt, extra={**appt.extra, "series": tag})

    return desk.amend(aid, change)


def progress_of_visit(
    desk: Desk, appt: Appointment, *, glance: bool = False
) -> SeriesProgress | None:
    """The series progress of the visit's patient for the visit's type (None if no series)."""
    if appt.type not in series_types(desk):
        return None
    return progress(desk, appt.patient_id, appt.type, glance=glance)


def _regimen_of(desk: Desk, type_key: str) -> tuple[str, Regimen] | None:
    kind = desk.config.appointment_types.get(type_key)
    if kind is None or not kind.treatment or kind.treatment not in desk.treatments:
        return None
    treatment = desk.treatments[kind.treatment]
    if treatment.regimen is None or treatment.regimen.sessions < 2:
        return None
    return treatment.name, treatment.regimen


def window_of(
    desk: Desk,
    patient_id: str,
    type_key: str,
    start: arrow.Arrow,
    ignore_id: str | None = None,
) -> SessionWindow | None:
    """The series window a visit of ``type_key`` at ``start`` would fall in (None: no series).

    ``ignore_id`` is the visit being moved: it does not count as an earlier session.
    """
    found = _regimen_of(desk, type_key)
    if found is None:
        return None
    history = [a for a in desk.history(patient_id) if a.id != ignore_id]
    return session_window(history, type_key, found[1], start.to(desk.tz), desk.tz)


def window_words(window: SessionWindow) -> str:
    """``12 Jan – 9 Feb``."""
    return f"{window.first.day} {window.first:%b} – {window.last.day} {window.last:%b}"


def window_warning(
    desk: Desk,
    patient_id: str,
    type_key: str,
    start: str | arrow.Arrow,
    ignore_id: str | None = None,
) -> str | None:
    """A sentence when ``start`` is outside the window of the series session it would be.

    "This is session 2 of 3; its window is 12 Jan – 9 Feb." Booking outside the window
    is allowed (the provider decides): this only warns. None inside the window or when
    the visit is not part of a series.
    """
    when = parse_local(start, desk.tz) if isinstance(start, str) else start.to(desk.tz)
    window = window_of(desk, patient_id, type_key, when, ignore_id)
    if window is None or window.holds(when.date()):
        return None
    return f"This is session {window.number} of {window.of}; its window is {window_words(window)}."


def first_free_in_window(
    desk: Desk,
    patient_id: str,
    type_key: str,
    first: dt.date,
    last: dt.date,
    preferred: dt.time,
) -> Slot | None:
    """The first open day in ``first``..``last`` (from today on) with a free slot.

    On that day, the slot nearest ``preferred`` (the time of the last session).
    """
    day = max(first, desk.today())
    while day <= last:
        if day_info(desk.config, day).kind == OPEN:
            slot = best_slot(desk.free_slots(day, type_key, patient_id=patient_id), preferred)
            if slot is not None:
                return slot
        day += dt.timedelta(days=1)
    return None
