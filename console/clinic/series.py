"""Planning the rest of a treatment series (e.g. Sculptra: three sessions 4–6 weeks apart).

Pure planning: the caller supplies the free slots of a day, so the same rules serve the
console (which lets the receptionist accept, move or drop each session) and
``frontdesk plan``. Wall-clock times are kept across daylight-saving changes because
every candidate start is built from a clinic-local date and time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import arrow

from console.clinic.booking import Slot
from console.clinic.config import ClinicConfig
from console.clinic.hours import OPEN, day_info
from console.clinic.models import Appointment
from console.clinic.treatments import Regimen


@dataclass(frozen=True)
class PlannedSession:
    """One later session: its allowed window and the proposed slot (None if none is free)."""

    number: int
    of: int
    window_start: dt.date
    window_end: dt.date
    slot: Slot | None
    tz: dt.tzinfo | None = None  # the clinic's zone: windows are clinic-local dates

    def in_window(self, start: arrow.Arrow) -> bool:
        """True when ``start`` falls inside this session's window (by the clinic's date)."""
        local_day = (start.to(self.tz) if self.tz else start).date()
        return self.window_start <= local_day <= self.window_end


def _minutes_apart(a: dt.time, b: dt.time) -> int:
    return abs((a.hour * 60 + a.minute) - (b.hour * 60 + b.minute))


def best_slot(slots: list[Slot], preferred: dt.time) -> Slot | None:
    """The slot at the preferred time, else the closest one to it (earlier wins a tie)."""
    if not slots:
        return None
    return min(slots, key=lambda s: (_minutes_apart(s.start.time(), preferred), s.start))


def plan_series(
    config: ClinicConfig,
    regimen: Regimen,
    first_start: arrow.Arrow,
    slots_for_day: Callable[[dt.date], list[Slot]],
    *,
    include_sundays: bool = False,
) -> list[PlannedSession]:
    """Windows and proposed slots for sessions 2..n after a first session at ``first_start``.

    Each window runs from ``interval_days_min`` to ``interval_days_max`` after the
    previous session (proposed, or the window's start when nothing was free). Within a
    window, days are tried in order; closed days are skipped, and Sundays unless
    ``include_sundays``; the first day with a slot at the preferred time wins,
    otherwise the slot nearest the preferred time on the earliest day with any.
    """
    tz = config.tz
    preferred = first_start.to(tz).time()
    previous = first_start.to(tz).date()
    plan: list[PlannedSession] = []
    for number in range(2, regimen.sessions + 1):
        start = previous + dt.timedelta(days=regimen.interval_days_min)
        end = previous + dt.timedelta(days=regimen.interval_days_max)
        exact: Slot | None = None
        nearest: Slot | None = None
        day = start
        while day <= end and exact is None:
            info = day_info(config, day)
            usable = info.kind == OPEN or (include_sundays and info.bookable)
            if usable:
                slots = slots_for_day(day)
                for slot in slots:
                    if slot.start.time() == preferred:
                        exact = slot
                        break
                if nearest is None:
                    nearest = best_slot(slots, preferred)
            day += dt.timedelta(days=1)
        chosen = exact or nearest
        plan.append(PlannedSession(number, regimen.sessions, start, end, chosen, tz))
        previous = chosen.start.date() if chosen else start
    return plan


@dataclass(frozen=True)
class SeriesProgress:
    """Where a patient stands in a treatment series."""

    label: str  # "Sculptra"
    number: int  # the session that is next (or the last one, when complete)
    of: int
    completed: int
    next_booked: Appointment | None
    next_window: tuple[dt.date, dt.date] | None

    @property
    def complete(self) -> bool:
        """True once every session of the series is completed."""
        return self.completed >= self.of

    @property
    def needs_booking(self) -> bool:
        """True when a later session is due but nothing is booked for it."""
        return not self.complete and self.completed > 0 and self.next_booked is None

    def describe(self) -> str:
        """``Sculptra 2 of 3 · next window 12–26 Jan`` (or ``· booked Tue 12 Jan``)."""
        head = f"{self.label} {self.number} of {self.of}"
        if self.complete:
            return f"{self.label} series complete ({self.of} of {self.of})"
        if self.next_booked is not None:
            day = dt.date.fromisoformat(self.next_booked.start[:10])  # stored clinic-local
            return f"{head} · booked {day:%a} {day.day} {day:%b}"
        if self.next_window:
            first, last = self.next_window
            if first.month == last.month:
                span = f"{first.day}–{last.day} {last:%b}"
            else:
                span = f"{first.day} {first:%b}–{last.day} {last:%b}"
            return f"{head} · next window {span}"
        return head


def _latest_run(sessions: list[Appointment], regimen: Regimen, tz: dt.tzinfo) -> list[Appointment]:
    """The latest series among ``sessions`` (in start order): it starts at the last session
    tagged number 1, or after a gap over twice the longest interval; at most
    ``regimen.sessions`` long."""
    current: list[Appointment] = []
    for appt in sessions:
        tagged_first = (appt.extra.get("series") or {}).get("number") == 1
        gap_break = bool(current) and (
            (appt.day(tz) - current[-1].day(tz)).days > 2 * regimen.interval_days_max
        )
        if tagged_first or gap_break or len(current) >= regimen.sessions:
            current = []
        current.append(appt)
    return current


def series_progress(
    appointments: list[Appointment],
    type_key: str,
    label: str,
    regimen: Regimen,
    today: dt.date,
    tz: dt.tzinfo,
) -> SeriesProgress | None:
    """The patient's current series of ``type_key`` sessions, or None if they have none.

    A series is the run of sessions (cancelled and no-shows ignored) that started with
    the latest session tagged number 1, or else after a gap longer than twice the
    longest interval; at most ``regimen.sessions`` sessions long.
    """
    sessions = sorted(
        (a for a in appointments if a.type == type_key and a.holds_slot),
        key=lambda a: a.start,
    )
    if not sessions:
        return None
    current = _latest_run(sessions, regimen, tz)
    completed = [a for a in current if a.status == "completed"]
    upcoming = [a for a in current if a.status != "completed" and a.day(tz) >= today]
    next_booked = upcoming[0] if upcoming else None
    done = len(completed)
    window = None
    if done and done < regimen.sessions and next_booked is None:
        last = completed[-1].day(tz)
        window = (
            last + dt.timedelta(days=regimen.interval_days_min),
            last + dt.timedelta(days=regimen.interval_days_max),
        )
    number = min(done + 1, regimen.sessions)
    return SeriesProgress(label, number, regimen.sessions, done, next_booked, window)


@dataclass(frozen=True)
class SessionWindow:
    """Which session of a series a new visit would be, and the window it belongs in."""

    number: int
    of: int
    first: dt.date
    last: dt.date

    def holds(self, day: dt.date) -> bool:
        """True when ``day`` falls inside the window."""
        return self.first <= day <= self.last


def session_window(
    appointments: list[Appointment],
    type_key: str,
    regimen: Regimen,
    start: arrow.Arrow,
    tz: dt.tzinfo,
) -> SessionWindow | None:
    """The window of the session a visit of ``type_key`` at ``start`` would be.

    Sessions before ``start`` are grouped as :func:`series_progress` groups them; the
    new visit continues the latest series unless that one is complete or the gap is long
    enough to start a new one. None when the visit would be a first session.
    """
    day = start.to(tz).date()
    before = sorted(
        (a for a in appointments if a.type == type_key and a.holds_slot and a.start_at(tz) < start),
        key=lambda a: a.start,
    )
    current = _latest_run(before, regimen, tz)
    if not current or len(current) >= regimen.sessions:
        return None
    last = current[-1].day(tz)
    if (day - last).days > 2 * regimen.interval_days_max:
        return None  # long enough after the last one to be a new series
    return SessionWindow(
        len(current) + 1,
        regimen.sessions,
        last + dt.timedelta(days=regimen.interval_days_min),
        last + dt.timedelta(days=regimen.interval_days_max),
    )
