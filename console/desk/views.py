"""What the desk hands back for display: visits with their patient, a day, a search hit."""

from __future__ import annotations

from dataclasses import dataclass

import arrow

from console.clinic.hours import DayInfo
from console.clinic.models import Appointment, Patient


@dataclass(frozen=True)
class Visit:
    """An appointment with the patient details the desk shows next to it."""

    appointment: Appointment
    patient: Patient
    type_label: str
    start: arrow.Arrow
    end: arrow.Arrow
    outside_hours: bool
    waited_minutes: int | None  # since arrival, while waiting
    late_minutes: int | None  # past start without arrival


@dataclass(frozen=True)
class DaySchedule:
    """A date's office hours and its visits in start order."""

    info: DayInfo
    visits: tuple[Visit, ...]


@dataclass(frozen=True)
class PatientMatch:
    """A search result: the patient, how well they matched, next visit and history size."""

    patient: Patient
    score: float
    matched: str
    next_visit: Appointment | None
    past_visits: int
