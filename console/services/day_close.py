"""Day close: what is still unresolved at the end of a day, and overdue arrivals."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from console.clinic import status as st
from console.clinic.series import SeriesProgress
from console.clinic.treatments import Question
from console.desk import Desk, Visit
from console.services import series, visit_care


@dataclass(frozen=True)
class DayClose:
    """The loose ends of one day."""

    day: dt.date
    no_outcome: tuple[Visit, ...]
    flagged: tuple[tuple[Visit, tuple[Question, ...]], ...]
    aftercare_missing: tuple[Visit, ...]
    series_due: tuple[tuple[str, str, SeriesProgress], ...]  # (patient id, name, progress)

    @property
    def clear(self) -> bool:
        """True when nothing is left to resolve."""
        return not (self.no_outcome or self.flagged or self.aftercare_missing or self.series_due)


def overdue(desk: Desk, day: dt.date | None = None) -> list[Visit]:
    """Visits past their start plus the grace period with no arrival (never auto no-show)."""
    grace = desk.config.no_show_grace_minutes
    schedule = desk.schedule(day or desk.today())
    return [v for v in schedule.visits if v.late_minutes is not None and v.late_minutes > grace]


def day_close(desk: Desk, day: dt.date | None = None) -> DayClose:
    """Visits without an outcome, flagged answers, aftercare not given, series due."""
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
    due = []
    for pid, progress in series.without_next_booking(desk):
        due.append((pid, desk.patient(pid).name, progress))
    return DayClose(day, no_outcome, flagged, aftercare_missing, tuple(due))
