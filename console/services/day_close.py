"""Day close: what is still unresolved at the end of a day, and overdue arrivals."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from console.clinic import status as st
from console.clinic.models import Appointment
from console.clinic.series import SeriesProgress
from console.clinic.treatments import Question
from console.desk import Desk, Visit
from console.services import series, visit_care

#: Statuses a visit reaches only after the patient checked in.
CHECKED_IN = frozenset({st.ARRIVED, st.IN_TREATMENT, st.COMPLETED})


@dataclass(frozen=True)
class SeriesDue:
    """A series whose next session is due with nothing booked."""

    patient_id: str
    name: str
    progress: SeriesProgress
    type_key: str
    today: dt.date

    @property
    def window_end(self) -> dt.date:
        """The last day of the next session's window (far future when unknown)."""
        window = self.progress.next_window
        return window[1] if window else dt.date.max

    @property
    def missed(self) -> bool:
        """True when the next session's window has already closed."""
        return self.window_end < self.today


@dataclass(frozen=True)
class DayClose:
    """The loose ends of one day."""

    day: dt.date
    no_outcome: tuple[Visit, ...]
    flagged: tuple[tuple[Visit, tuple[Question, ...]], ...]
    aftercare_missing: tuple[Visit, ...]
    series_due: tuple[SeriesDue, ...]  # by the end of the next window
    unanswered: tuple[Visit, ...] = ()  # checked in without the pre-treatment answers

    @property
    def clear(self) -> bool:
        """True when nothing is left to resolve."""
        return not (
            self.no_outcome
            or self.flagged
            or self.aftercare_missing
            or self.series_due
            or self.unanswered
        )


def overdue(desk: Desk, day: dt.date | None = None) -> list[Visit]:
    """Visits past their start plus the grace period with no arrival (never auto no-show)."""
    grace = desk.config.no_show_grace_minutes
    schedule = desk.schedule(day or desk.today())
    return [v for v in schedule.visits if v.late_minutes is not None and v.late_minutes > grace]


def checked_in_without_answers(desk: Desk, appt: Appointment) -> bool:
    """True for a visit past check-in whose treatment asks questions nobody answered.

    Old stores, and paths that skipped the questions before they were enforced, leave
    such visits; the provider must still hear the answers.
    """
    return appt.status in CHECKED_IN and desk.needs_screening(appt)


def day_close(desk: Desk, day: dt.date | None = None) -> DayClose:
    """Visits without an outcome, flagged answers, aftercare not given, series due,
    visits checked in without their pre-treatment answers."""
    day = day or desk.today()
    visits = desk.schedule(day).visits
    no_outcome = tuple(v for v in visits if v.appointment.status not in st.FINAL | st.RELEASED)
    flagged = tuple(
        (v, tuple(qs)) for v in visits if (qs := visit_care.flagged(desk, v.appointment))
    )
    aftercare_missing = tuple(
        v
        for v in visits
        if v.appointment.status == st.COMPLETED
        and visit_care.treatment_of(desk, v.appointment) is not None
        and not visit_care.aftercare_given(v.appointment)
    )
    unanswered = tuple(v for v in visits if checked_in_without_answers(desk, v.appointment))
    today = desk.today()
    due = [
        SeriesDue(pid, desk.patient(pid).name, progress, key, today)
        for pid, key, progress in series.due_sessions(desk)
    ]
    due.sort(key=lambda d: (d.window_end, d.name))
    return DayClose(day, no_outcome, flagged, aftercare_missing, tuple(due), unanswered)
