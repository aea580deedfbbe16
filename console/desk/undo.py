"""Undo: the desk keeps its own last change so ``u`` can take it back.

Only this desk's last change, for :data:`UNDO_SECONDS`, and only while the records it
wrote are still as it wrote them (another desk's later change is never overwritten).
The undo is a change like any other: under the lock, audited as ``<action>.undo``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from console.clinic.errors import NothingToUndo
from console.clinic.models import Appointment, Patient
from console.desk.base import DeskBase

if TYPE_CHECKING:
    pass

#: How long (seconds) the desk's last change can be undone.
UNDO_SECONDS = 600


@dataclass(frozen=True)
class Touched:
    """One record a change wrote: its documents before (None: created) and after."""

    kind: str  # "appointment", "patient" or "waitlist"
    rid: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None  # None: removed (a waitlist entry booked or taken off)


@dataclass(frozen=True)
class LastChange:
    """This desk's last change, kept so ``u`` can undo it."""

    action: str  # the audit action ("appointment.status")
    label: str  # what it did ("marking Ana O'Brien's 10:00 AM visit no-show")
    what: str  # the record, to say it changed since ("Ana O'Brien's 10:00 AM visit")
    at: float  # timestamp
    touched: tuple[Touched, ...]


class UndoMixin(DeskBase):
    """The undo half of :class:`~console.desk.facade.Desk` (which supplies the rest)."""

    _last: LastChange | None = None

    def _visit_words(self, patient: Patient | None, appt: Appointment) -> str:
        """How a sentence names a visit: "Ana O'Brien's 10:00 AM visit" (+ the day if not today)."""
        start = appt.start_at(self.tz)
        who = patient.name if patient is not None else "the patient"
        when = f"{start:h:mm A}"
        if start.date() != self.today():
            when += f" {start:ddd MMM D}"
        return f"{who}'s {when} visit"

    def _remember(self, action: str, label: str, what: str, touched: list[Touched]) -> None:
        """Keep this change as the one ``u`` undoes."""
        self._last = LastChange(action, label, what, self.now().timestamp(), tuple(touched))

    def _remember_visit(
        self,
        action: str,
        label: str,
        patient: Patient | None,
        before: Appointment | None,
        after: Appointment,
    ) -> None:
        """Remember a change to one visit; ``label`` has ``{}`` where the visit goes."""
        if patient is None:
            patient = self.patients.get(after.patient_id)
        words = self._visit_words(patient, before or after)
        doc = before.to_doc(self.tz) if before is not None else None
        touched = [Touched("appointment", after.id, doc, after.to_doc(self.tz))]
        self._remember(action, label.format(words), words, touched)

    def _remember_patient(self, action: str, label: str, before: Patient, after: Patient) -> None:
        """Remember a change to one patient's record."""
        touched = [Touched("patient", after.id, before.to_doc(), after.to_doc())]
        self._remember(action, label, f"{before.name}'s record", touched)

    def undo_label(self) -> str | None:
        """What :meth:`undo` would undo now ("marking ... no-show"), or None."""
        last = self._last
        if last is None or self.now().timestamp() - last.at > UNDO_SECONDS:
            return None
        return last.label

    def undo(self) -> str:
        """Undo this desk's last change if it is recent and nobody changed the record since.

        Returns the sentence to show ("Undone: ..."); audited as ``<action>.undo``.
        Otherwise :class:`NothingToUndo` with one sentence.
        """
        last = self._last
        if last is None:
            raise NothingToUndo("Nothing to undo: this desk has no recent change.")
        if self.now().timestamp() - last.at > UNDO_SECONDS:
            raise NothingToUndo(
                f"Nothing to undo: {last.label} was more than {UNDO_SECONDS // 60} minutes ago."
            )
        with self.changing():
            for item in last.touched:
                if self._stored_doc(item) != item.after:
                    self._last = None
                    raise NothingToUndo(
                        f"{last.what[:1].upper()}{last.what[1:]} was changed since "
                        "(by another desk); nothing undone."
                    )
            for item in last.touched:
                self._restore(item)
                self.record(f"{last.action}.undo", item.kind, item.rid, item.after, item.before)
            self._last = None
        return f"Undone: {last.label}."

    def _stored_doc(self, item: Touched) -> dict[str, Any] | None:
        """The record's stored document as its model writes it (None when gone)."""
        from console.store.waitlist import WaitlistRepo

        if item.kind == "patient":
            patient = self.patients.get(item.rid)
            return patient.to_doc() if patient is not None else None
        if item.kind == "waitlist":
            entry = WaitlistRepo(self.store).get(item.rid)
            return entry.to_doc() if entry is not None else None
        appt = self.appointments.get(item.rid, self.today())
        return appt.to_doc(self.tz) if appt is not None else None

    def _restore(self, item: Touched) -> None:
        """Put the record back as it was before the change (remove a visit it created)."""
        from console.clinic.waitlist import WaitlistEntry
        from console.store.waitlist import WaitlistRepo

        if item.kind == "patient":
            if item.before is not None:
                self.patients.update(Patient.from_doc(item.before))
        elif item.kind == "waitlist":
            waitlist = WaitlistRepo(self.store)
            waitlist.remove(item.rid)
            if item.before is not None:
                waitlist.add(WaitlistEntry.from_doc(item.before))
        elif item.before is None:
            self.appointments.remove(item.rid, self.tz)
        else:
            self.appointments.save(Appointment.from_doc(item.before), self.tz)
