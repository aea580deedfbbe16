"""The visit actions, written once: book, move, cancel, check in, and status changes.

The schedule pane, the check-in pane and the patient screen offer them on their own
keys. Each of those hosts makes one :class:`VisitActions` and its action handlers
delegate to it; the host lends what differs: which visit the cursor is on, its status
line, how it re-reads, and where a booked or moved visit is shown. The flow (checks,
dialogs, the desk call, the sentence that reports the result) is here.

Flows that wait on a dialog run as workers of the host in its ``dialog`` group, as a
``@work(exclusive=True, group="dialog")`` handler of the host would.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Coroutine
from functools import partial
from typing import Any, Protocol

from rich.text import Text
from textual.app import App

from console.clinic import status as st
from console.clinic.errors import ClinicError
from console.clinic.models import Appointment, Patient
from console.desk import USER_ERRORS, Desk
from console.ui import format as fmt
from console.ui.dialogs import (
    BookingDialog,
    BookingRequest,
    QuestionsDialog,
    choose_patient,
    give_aftercare,
    needs_aftercare,
    needs_questions,
    offer_series_plan,
)
from console.ui.dialogs.visit_care import tell_provider
from console.ui.widgets.status_line import StatusLine

#: Said when an action needs a visit and the cursor is on none.
NO_VISIT = "Put the cursor on a visit first (↑/↓)."
#: Said when the pre-treatment questions were closed before check-in.
NOT_CHECKED_IN = "Not checked in: the questions were not finished."
#: How a status change is reported ("Ana O'Brien: arrived at 10:31 AM.").
DONE_WORDS = {
    st.ARRIVED: "arrived",
    st.IN_TREATMENT: "in treatment",
    st.COMPLETED: "completed",
    st.NO_SHOW: "marked no-show",
    st.CANCELLED: "cancelled",
}


class VisitHost(Protocol):
    """What a pane or screen lends the visit actions (a Textual widget or screen)."""

    desk: Desk

    @property
    def app(self) -> App[object]:
        """The running app (dialogs are pushed on it)."""
        ...

    @property
    def status(self) -> StatusLine:
        """The host's status line: results and refusals."""
        ...

    def picked_visit(self) -> tuple[Appointment, Patient] | None:
        """The visit under the cursor and its patient, if the cursor is on one."""
        ...

    def reload(self, select: str | None = None) -> None:
        """Read the host's data again; ``select`` puts the cursor on that visit."""
        ...

    def show_visit(self, appt: Appointment) -> None:
        """Show a visit just booked or moved, with the cursor on it."""
        ...

    def run_worker(
        self,
        work: Any,  # Textual's WorkType, generic in what the work returns
        name: str | None = "",
        group: str = "default",
        description: str = "",
        exit_on_error: bool = True,
        start: bool = True,
        exclusive: bool = False,
        thread: bool = False,
    ) -> object:
        """Run ``work`` as a worker of the host (Textual's ``DOMNode.run_worker``)."""
        ...


class VisitActions:
    """Book, move, cancel, check in and change the status of visits for one host.

    ``names_patient`` is False on a screen about one patient: it says "Checked in."
    and "Visit cancelled." where a list of many patients names whose visit it was.
    """

    def __init__(self, host: VisitHost, *, names_patient: bool = True) -> None:
        self.host = host
        self.names_patient = names_patient

    @property
    def desk(self) -> Desk:
        """The host's desk."""
        return self.host.desk

    # -- shared steps -------------------------------------------------------------

    def _picked(self) -> tuple[Appointment, Patient] | None:
        picked = self.host.picked_visit()
        if picked is None:
            self.host.status.say(NO_VISIT, error=True)
        return picked

    def _in_dialog(self, flow: Callable[..., Coroutine[Any, Any, None]], *args: Any) -> None:
        """Run ``flow(*args)`` as the host's one dialog worker."""
        self.host.run_worker(partial(flow, *args), group="dialog", exclusive=True)

    def _done(self, said: str | Text) -> None:
        self.host.status.say(said if isinstance(said, Text) else Text(said), done=True)

    def _refused(self, err: Exception) -> None:
        self.host.status.say(str(err), error=True)

    # -- book and move ------------------------------------------------------------

    def book(self, day: dt.date, time: str = "", patient_id: str | None = None) -> None:
        """Book a visit on ``day`` (at ``time``); asks who for when no patient is given."""
        self._in_dialog(self._book, day, time, patient_id)

    async def _book(self, day: dt.date, time: str, patient_id: str | None) -> None:
        if patient_id is None:
            title = f"Book on {fmt.short_day(day)}: who for?"
            patient_id = await choose_patient(self.host.app, title)
            if patient_id is None:
                return
        request = BookingRequest("new", patient_id, day, time)
        appt = await BookingDialog.ask(self.host.app, request)
        if appt is not None:
            more = await offer_series_plan(self.host.app, self.desk, appt)
            self.host.show_visit(appt)
            booked = f"Booked {fmt.describe_booking(self.desk, appt)}."
            self._done(" ".join(filter(None, [more, booked])))

    def move(self) -> None:
        """Move the visit under the cursor to another time (the booking dialog)."""
        if picked := self._picked():
            self._in_dialog(self._move, picked[0])

    async def _move(self, appt: Appointment) -> None:
        request = BookingRequest.for_visit("move", appt, appt.start_at(self.desk.tz))
        moved = await BookingDialog.ask(self.host.app, request)
        if moved is not None:
            self.host.show_visit(moved)
            self._done(f"Moved: {fmt.describe_booking(self.desk, moved)}.")

    # -- cancel -------------------------------------------------------------------

    def cancel(self) -> None:
        """Cancel the visit under the cursor after the dialog's confirmation."""
        if picked := self._picked():
            self._in_dialog(self._cancel, *picked)

    async def _cancel(self, appt: Appointment, patient: Patient) -> None:
        try:
            st.check_change(appt.status, st.CANCELLED)
        except ClinicError as err:
            self._refused(err)
            return
        request = BookingRequest.for_visit("cancel", appt, appt.start_at(self.desk.tz))
        if await BookingDialog.ask(self.host.app, request) is not None:
            self.host.reload()
            if self.names_patient:
                self._done(f"Cancelled {fmt.who(patient)}'s visit.")
            else:
                self._done("Visit cancelled.")

    # -- check in and status changes ----------------------------------------------

    def check_in(self) -> None:
        """Check the visit under the cursor in (its pre-treatment questions first)."""
        if picked := self._picked():
            appt, patient = picked
            self._check_in(appt, patient, partial(self._checked_in_words, patient))

    def mark(self, status: str) -> None:
        """Change the status of the visit under the cursor; "done" offers aftercare.

        Arrived is a check-in (with its questions), reported like the other statuses.
        """
        picked = self._picked()
        if picked is None:
            return
        appt, patient = picked
        said = partial(self._status_words, patient, status)
        if status == st.ARRIVED:
            self._check_in(appt, patient, said)
            return
        try:
            changed = self.desk.set_status(appt.id, status)
        except USER_ERRORS as err:
            self._refused(err)
            return
        self._done(said())
        self.host.reload()
        if status == st.COMPLETED and needs_aftercare(self.desk, changed):
            self._in_dialog(self._give_aftercare, changed, patient)

    def _checked_in_words(self, patient: Patient) -> str:
        return f"Checked in {fmt.who(patient)}." if self.names_patient else "Checked in."

    def _status_words(self, patient: Patient, status: str) -> str:
        now = fmt.time_label(self.desk.now())
        return f"{fmt.who(patient)}: {DONE_WORDS[status]} at {now}."

    def _check_in(self, appt: Appointment, patient: Patient, said: Callable[[], str]) -> None:
        if needs_questions(self.desk, appt):
            self._in_dialog(self._ask_then_check_in, appt, patient, said)
            return
        try:
            self.desk.checkin(appt.id)
        except USER_ERRORS as err:
            self._refused(err)
            return
        self._done(said())
        self.host.reload()

    async def _ask_then_check_in(
        self, appt: Appointment, patient: Patient, said: Callable[[], str]
    ) -> None:
        """Ask the pre-treatment questions, then check in; flags go to the status line."""
        done = await QuestionsDialog.ask(self.host.app, appt, fmt.who(patient))
        if done is None:
            self.host.status.say(NOT_CHECKED_IN, error=True)
            return
        text = Text(said())
        if done.flagged:
            text.append(f"  {tell_provider(done.flagged)}", fmt.FLAG_STYLE)
        self._done(text)
        self.host.reload(select=appt.id)

    async def _give_aftercare(self, appt: Appointment, patient: Patient) -> None:
        """Offer the aftercare sheet for a visit just completed."""
        said = await give_aftercare(self.host.app, appt.id)
        self._done(f"{fmt.who(patient)}: completed. {said}")
        self.host.reload()
