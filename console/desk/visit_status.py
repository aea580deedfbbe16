"""A visit's status: check-in with its screening answers, no-show, cancel, workflow records.

A part of :class:`~console.desk.facade.Desk`. Every change reads the visit inside the
store lock (another desk may have moved it), follows the status state machine and the
clinic's timing rules, is audited and can be undone by this desk.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from console.clinic import status as st
from console.clinic.errors import InvalidInput
from console.clinic.models import Appointment, Patient, entry
from console.desk.base import missing_patient
from console.desk.undo import Touched, UndoMixin

if TYPE_CHECKING:  # the treatment content loads with the content, not with every desk
    from console.clinic.treatments import Question

#: The only statuses a workflow record may set along the way (a call confirms or cancels).
_AMEND_STATUSES = frozenset({st.CONFIRMED, st.CANCELLED})


class VisitStatusMixin(UndoMixin):
    """The status half of the desk."""

    def screening_questions(self, appt: Appointment) -> tuple[Question, ...]:
        """The pre-treatment questions of the visit's treatment (may be none)."""
        kind = self.config.appointment_types.get(appt.type)
        if kind is None or not kind.treatment:
            return ()
        treatment = self.treatments.get(kind.treatment)
        return treatment.questions if treatment else ()

    def needs_screening(self, appt: Appointment) -> bool:
        """True when the visit's treatment has questions and no answers are recorded."""
        from console.clinic.screening import answered

        return bool(self.screening_questions(appt)) and not answered(appt)

    def set_status(
        self,
        aid: str,
        new_status: str,
        *,
        answers: dict[str, str] | None = None,
        details: dict[str, str] | None = None,
    ) -> Appointment:
        """Move a visit through the status state machine, by the clinic's timing rules.

        Arrived needs the screening answers when the treatment has questions (see
        :meth:`checkin`); an illegal or ill-timed change is refused in one sentence.
        """
        return self._change_status(
            aid, st.parse_status(new_status), answers=answers, details=details
        )

    def checkin(
        self,
        aid: str,
        *,
        answers: dict[str, str] | None = None,
        details: dict[str, str] | None = None,
    ) -> Appointment:
        """Mark the patient arrived (only on the visit's day), with the screening answers.

        A visit whose treatment has questions and no recorded answers needs ``answers``
        (every question yes or no; ``details[id]`` says what a new allergy or condition
        is, added to the patient in the same change), else :class:`ScreeningNeeded`.
        """
        return self._change_status(aid, st.ARRIVED, answers=answers, details=details)

    def check_status_change(self, appt: Appointment, target: str, *, who: str) -> None:
        """Refuse ``appt`` -> ``target`` now, in one sentence, if the rules say no.

        The state machine and the timing (arrival and no-show on the visit's day, no-show
        from the grace period on). The console asks it before its confirm question, so
        nobody confirms a change that is then refused; ``who`` names the patient.
        """
        from console.clinic.screening import check_timing

        st.check_change(appt.status, target)
        check_timing(
            appt,
            target,
            self.now(),
            self.tz,
            grace_minutes=self.config.no_show_grace_minutes,
            who=who,
        )

    def _change_status(
        self,
        aid: str,
        target: str,
        *,
        answers: dict[str, str] | None = None,
        details: dict[str, str] | None = None,
    ) -> Appointment:
        # Every check reads the visit inside the lock: another desk may have moved it.
        with self.changing():
            current = self.appointment(aid)
            stored = self.patients.get(current.patient_id)
            patient = stored or missing_patient(current.patient_id)
            self.check_status_change(current, target, who=patient.name)
            if answers is not None and target != st.ARRIVED:
                raise InvalidInput(
                    "Screening answers are taken when the patient arrives (status arrived).",
                    "answers",
                )
            changed = current.with_status(target, self.now())
            screened_patient = patient
            if target == st.ARRIVED:
                changed, screened_patient = self._screen(changed, patient, answers, details)
            self.appointments.save(changed, self.tz)
            self._audit_change("appointment.status", current, changed)
            touched = [
                Touched("appointment", current.id, current.to_doc(self.tz), changed.to_doc(self.tz))
            ]
            if stored is not None and screened_patient != patient:
                self._save_screened(patient, screened_patient)
                touched.append(
                    Touched("patient", patient.id, patient.to_doc(), screened_patient.to_doc())
                )
            words = self._visit_words(patient, current)
            label = f"marking {words} {st.LABELS[target]}"
            if target == st.CANCELLED:
                label = f"the cancelling of {words}"
            self._remember("appointment.status", label, words, touched)
        return changed

    def _screen(
        self,
        appt: Appointment,
        patient: Patient,
        answers: dict[str, str] | None,
        details: dict[str, str] | None,
    ) -> tuple[Appointment, Patient]:
        """The visit with its answers recorded and the patient with any entries they add.

        Without ``answers``, a visit with questions and none recorded is refused
        (:class:`ScreeningNeeded`); one whose answers are already recorded passes.
        """
        from console.clinic.screening import answered, screened, screening_needed

        questions = self.screening_questions(appt)
        if answers is None:
            if questions and not answered(appt):
                raise screening_needed(questions, patient.name)
            return appt, patient
        if not questions:
            raise InvalidInput(
                "This visit's treatment has no pre-treatment questions; leave out the answers.",
                "answers",
            )
        record, additions = screened(questions, answers, details, self.now())
        appt = replace(appt, extra={**appt.extra, "pre_treatment": record})
        for name, values in additions.items():
            kept: tuple[str, ...] = getattr(patient, name)
            for value in values:
                if not any(e.casefold() == value.casefold() for e in kept):
                    kept = (*kept, entry(value, name))
            patient = patient.with_entries(name, kept)
        return appt, patient

    def _save_screened(self, before: Patient, after: Patient) -> None:
        """Save the entries a screening answer added to the patient (audited)."""
        self.patients.update(after)
        self.record("patient.screening", "patient", after.id, before.to_doc(), after.to_doc())

    def amend(
        self,
        aid: str,
        change: Callable[[Appointment], Appointment],
        *,
        label: str = "the change to {}",
    ) -> Appointment:
        """Apply ``change`` to the stored appointment under the lock and save the result.

        For workflow records kept on the visit (calls, answers, aftercare): the change
        sees the latest stored version, so two desks never overwrite each other.
        ``label`` is what :meth:`undo_label` says, with ``{}`` for the visit
        ("the call outcome for {}").
        """
        with self.changing():
            current = self.appointment(aid)
            changed = change(current)
            if changed.id != current.id or changed.patient_id != current.patient_id:
                raise InvalidInput("A visit's id and patient cannot be changed.", "appointment")
            if changed.status != current.status:
                # Arrival, no-show and the rest have timing and screening rules: those go
                # through set_status / checkin, never around them.
                st.check_change(current.status, changed.status)
                if changed.status not in _AMEND_STATUSES:
                    raise InvalidInput(
                        f"A visit is marked {st.LABELS[changed.status]} through its status "
                        "(check-in or status), not as a side effect.",
                        "status",
                    )
            self.appointments.save(changed, self.tz)
            self._audit_change("appointment.amend", current, changed)
            self._remember_visit("appointment.amend", label, None, current, changed)
        return changed

    def cancel(self, aid: str) -> Appointment:
        """Cancel a visit; its slot is free again."""
        return self.set_status(aid, st.CANCELLED)
