"""What every part of the desk may rely on: the store, the repositories, the clock, the lock.

:class:`~console.desk.facade.Desk` is assembled from parts, one concept each (people,
patients, visit statuses, the clinic's setup, undo). Each part inherits
:class:`DeskBase`, which names the attributes and methods the desk supplies, so that a
part reads like a method of the desk and is type-checked as one.
"""

from __future__ import annotations

import datetime as dt
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING

from console.clinic.models import Appointment, Patient

if TYPE_CHECKING:
    import arrow

    from console.clinic.actor import Actor
    from console.clinic.clock import Clock
    from console.clinic.config import ClinicConfig
    from console.clinic.content import Content
    from console.clinic.treatments import Treatment
    from console.store import Store
    from console.store.appointments import AppointmentRepo
    from console.store.audit import AuditLog
    from console.store.patients import PatientRepo
    from console.store.staff import StaffRepo


class DeskBase:
    """The desk's shared state and core methods, as its parts see them."""

    store: Store
    tz: dt.tzinfo
    clock: Clock
    actor: Actor
    patients: PatientRepo
    appointments: AppointmentRepo
    staff: StaffRepo

    if TYPE_CHECKING:

        @property
        def config(self) -> ClinicConfig:
            """The clinic's setup (see the desk)."""
            ...

        @property
        def treatments(self) -> dict[str, Treatment]:
            """The treatments by key (see the desk)."""
            ...

        @property
        def content(self) -> Content:
            """What the desk answers callers from (see the desk)."""
            ...

        def now(self) -> arrow.Arrow:
            """Clinic-local now (the desk's clock)."""
            ...

        def today(self) -> dt.date:
            """Clinic-local today."""
            ...

        def changing(self) -> AbstractContextManager[None]:
            """The store lock for a change (see the desk)."""
            ...

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
            """Append one audit entry (see the desk)."""
            ...

        def patient(self, pid: str) -> Patient:
            """The patient ``pid`` or NotFound."""
            ...

        def appointment(self, aid: str) -> Appointment:
            """The appointment ``aid`` or NotFound."""
            ...

        def require_manager(self, what: str) -> None:
            """Raise NotAllowed unless a manager is at this desk."""
            ...

        def _audit_change(self, action: str, before: Appointment, after: Appointment) -> None:
            """Audit a change to one appointment."""
            ...


def missing_patient(pid: str) -> Patient:
    """Who a visit whose patient record is missing shows (never hide a visit)."""
    return Patient(id=pid, first="(unknown", last="patient)", phone="")
