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
from console.ui import dialogs
from console.ui import format as fmt
from console.ui.keyguard import guard_of, start_search
from console.ui.widgets.status_line import StatusLine

#: Said when an action needs a visit and the cursor is on none.
NO_VISIT = "Put the cursor on a visit first (↑/↓)."
#: Said when the pre-treatment questions were closed before check-in.
NOT_CHECKED_IN = "Not checked in: the questions were not finished."
#: Added to the sentence after a change where ``u`` undoes it.
UNDO_HINT = " · u undoes"
#: The key of each change (a typed name that meets one starts a search with it).
STATUS_KEYS = {
    st.ARRIVED: "a",
    st.IN_TREATMENT: "i",
    st.COMPLETED: "d",
    st.NO_SHOW: "n",
    st.CANCELLED: "x",
}
#: The confirm button of each change.
YES_WORDS = {
    st.ARRIVED: "Check in",
    st.IN_TREATMENT: "In treatment",
    st.COMPLETED: "Done",
    st.NO_SHOW: "No-show",
    st.CANCELLED: "Cancel visit",
}
#: How a status change is reported ("Ana O'Brien: arrived at 10:31 AM.").
DONE_WORDS = {
    st.ARRIVED: "arrived",
    st.IN_TREATMENT: "in treatment",
    st.COMPLETED: "completed",
    st.NO_SHOW: "marked no-show",
    st.CANCELLED: "cancelled",
}


def undo_last_change(desk: Desk, status: StatusLine) -> bool:
    """Undo ``desk``'s last change (``u`` on every screen) and say so; True when undone."""
    try:
        said = desk.undo()
    except USER_ERRORS as err:
        status.say(str(err), error=True)
        return False
    status.say(Text(said), done=True)
    return True


async def after_completed(app: App[Any], desk: Desk, appt: Appointment) -> list[str]:
    """A visit just completed: offer its aftercare, then the series' next session.

    The sentences that say what was done (none when nothing was offered).
    """
    said = []
    if dialogs.needs_aftercare(desk, appt):
        said.append(await dialogs.give_aftercare(app, appt.id))
    if more := await dialogs.offer_next_session(app, desk, appt):
        said.append(more)
    return said


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
    ``undo_key``: the host offers ``u`` (its sentences after a change say so).

    Every change of status (cancel included) asks first with a one-key confirm
    naming the patient, the time and the visit; a letter that says no to it starts
    a patient search with the action's key and that letter (a name was being typed).
    """

    def __init__(self, host: VisitHost, *, names_patient: bool = True, undo_key: bool = False):
        self.host = host
        self.names_patient = names_patient
        self.undo_key = undo_key

    @property
    def desk(self) -> Desk:
        """The host's desk."""
        return self.host.desk

    # -- shared steps -------------------------------------------------------------

    def _picked(self, key: str = "") -> tuple[Appointment, Patient] | None:
        picked = self.host.picked_visit()
        if picked is None:
            self._not_asked(NO_VISIT, key)
        return picked

    def _not_asked(self, sentence: str, key: str) -> None:
        """Refused before asking: say why; letters typed after ``key`` open the search.

        The pane armed the key guard when ``key`` went by; nothing will ask now.
        """
        held = guard_of(self.host.app).disarm()
        self.host.status.say(sentence, error=True)
        if held:
            start_search(self.host.app, key + held)

    def _in_dialog(self, flow: Callable[..., Coroutine[Any, Any, None]], *args: Any) -> None:
        """Run ``flow(*args)`` as the host's one dialog worker."""
        self.host.run_worker(partial(flow, *args), group="dialog", exclusive=True)

    def _done(self, said: str | Text, *, changed: bool = True) -> None:
        text = said if isinstance(said, Text) else Text(said)
        if changed and self.undo_key:
            text.append(UNDO_HINT, "dim")
        self.host.status.say(text, done=True)

    def _refused(self, err: Exception | str) -> None:
        self.host.status.say(str(err), error=True)

    def _refusal(self, appt: Appointment, patient: Patient, status: str) -> str | None:
        """Why ``status`` cannot be given now, in the desk's one sentence (asked before the
        confirm, so nobody confirms a change that is then refused)."""
        try:
            # initials in initials-only mode
            self.desk.check_status_change(appt, status, who=fmt.who(patient))
        except ClinicError as err:
            return str(err)
        return None

    def question(self, appt: Appointment, patient: Patient, status: str) -> Text:
        """``Mark Ana O'Brien a no-show for the 10:00 AM Consultation?`` (never markup)."""
        start = appt.start_at(self.desk.tz)
        kind = self.desk.config.appointment_types.get(appt.type)
        visit = f"{fmt.time_label(start)} {kind.label if kind else appt.type}"
        if start.date() != self.desk.today():
            visit += f" on {fmt.short_day(start.date())}"
        name = fmt.who(patient)
        text = Text()
        match status:
            case st.ARRIVED:
                text.append("Check in ")
                text.append(name, "bold")
                text.append(f" for the {visit}?")
            case st.NO_SHOW:
                text.append("Mark ")
                text.append(name, "bold")
                text.append(f" a no-show for the {visit}?")
            case st.CANCELLED:
                text.append("Cancel ")
                text.append(name, "bold")
                text.append(f"'s {visit}? Its time is free again.")
            case _:
                text.append("Mark ")
                text.append(name, "bold")
                text.append(f"'s {visit} {st.LABELS.get(status, status)}?")
        return text

    async def _confirmed(self, appt: Appointment, patient: Patient, status: str) -> bool:
        """Ask before ``status``; a letter that said no opens the search with what was typed.

        The app's key guard was armed before the question (see :meth:`_ask`): keys typed
        after the dialog closed, before this flow went on, were held, not acted on.
        """
        from console.ui.dialogs.confirm import confirm_key

        yes = await confirm_key(
            self.host.app,
            STATUS_KEYS.get(status, ""),
            self.question(appt, patient, status),
            yes=YES_WORDS.get(status, "Yes"),
            no="Keep" if status == st.CANCELLED else "No",
        )
        if not yes and not guard_of(self.host.app).armed:  # armed: a search is opening
            self.host.status.say("Nothing changed.")
        return yes

    def _ask(self, flow: Callable[..., Coroutine[Any, Any, None]], *args: Any) -> None:
        """Arm the key guard now (not in the worker: keys may follow at once), then ask."""
        guard_of(self.host.app).arm()
        self._in_dialog(flow, *args)

    # -- book and move ------------------------------------------------------------

    def book(
        self,
        day: dt.date,
        time: str = "",
        patient_id: str | None = None,
        *,
        provider: str = "",
        room: str = "",
    ) -> None:
        """Book a visit on ``day`` (at ``time``, with ``provider`` or in ``room`` when the
        cursor was in their column); asks who for when no patient is given."""
        self._in_dialog(self._book, day, time, patient_id, provider, room)

    async def _book(
        self, day: dt.date, time: str, patient_id: str | None, provider: str, room: str
    ) -> None:
        if patient_id is None:
            title = f"Book on {fmt.short_day(day)}: who for?"
            patient_id = await dialogs.choose_patient(self.host.app, title)
            if patient_id is None:
                return
        request = dialogs.BookingRequest("new", patient_id, day, time, provider=provider, room=room)
        appt = await dialogs.BookingDialog.ask(self.host.app, request)
        if appt is not None:
            more = await dialogs.offer_series_plan(self.host.app, self.desk, appt)
            self.host.show_visit(appt)
            booked = f"Booked {fmt.describe_booking(self.desk, appt)}."
            self._done(" ".join(filter(None, [more, booked])))

    def move(self) -> None:
        """Move the visit under the cursor to another time (the booking dialog)."""
        if picked := self._picked():
            self._in_dialog(self._move, picked[0])

    async def _move(self, appt: Appointment) -> None:
        request = dialogs.BookingRequest.for_visit("move", appt, appt.start_at(self.desk.tz))
        moved = await dialogs.BookingDialog.ask(self.host.app, request)
        if moved is not None:
            self.host.show_visit(moved)
            said = f"Moved: {fmt.describe_booking(self.desk, moved)}."
            self._done(said)
            await self._offer_freed(appt, said)

    # -- cancel -------------------------------------------------------------------

    def cancel(self) -> None:
        """Cancel the visit under the cursor once confirmed (Enter)."""
        key = STATUS_KEYS[st.CANCELLED]
        picked = self._picked(key)
        if picked is None:
            return
        appt, patient = picked
        if refusal := self._refusal(appt, patient, st.CANCELLED):
            self._not_asked(refusal, key)
            return
        self._ask(self._cancel, appt, patient)

    async def _cancel(self, appt: Appointment, patient: Patient) -> None:
        if not await self._confirmed(appt, patient, st.CANCELLED):
            return
        try:
            self.desk.cancel(appt.id)
        except USER_ERRORS as err:
            self._refused(err)
            return
        self.host.reload()
        said = (
            f"Cancelled {fmt.who(patient)}'s visit." if self.names_patient else "Visit cancelled."
        )
        self._done(said)
        await self._offer_freed(appt, said)

    async def _offer_freed(self, freed: Appointment, said: str) -> None:
        """A visit's time just freed up: offer it to the waitlisted patients it suits.

        ``freed`` is the visit as it was (its time, provider and room); ``said`` the
        sentence already shown, which the booking's own sentence follows.
        """
        from console.ui.dialogs.waitlist_offers import offer_freed_time

        booked = await offer_freed_time(self.host.app, self.desk, freed)
        if booked is not None:
            self.host.reload()
            self._done(f"{said} {booked}")

    # -- check in and status changes ----------------------------------------------

    def check_in(self) -> None:
        """Check the visit under the cursor in, once confirmed (its questions first)."""
        if picked := self._picked(STATUS_KEYS[st.ARRIVED]):
            appt, patient = picked
            self._change(appt, patient, st.ARRIVED, partial(self._checked_in_words, patient))

    def mark(self, status: str) -> None:
        """Change the status of the visit under the cursor, once confirmed.

        Arrived is a check-in (with its questions), reported like the other statuses;
        "done" then offers the aftercare and the next session of a series.
        """
        if picked := self._picked(STATUS_KEYS.get(status, "")):
            appt, patient = picked
            self._change(appt, patient, status, partial(self._status_words, patient, status))

    def undo(self) -> None:
        """Undo this desk's last change (``u``); the desk's sentence either way."""
        if undo_last_change(self.desk, self.host.status):
            self.host.reload()

    def _checked_in_words(self, patient: Patient) -> str:
        return f"Checked in {fmt.who(patient)}." if self.names_patient else "Checked in."

    def _status_words(self, patient: Patient, status: str) -> str:
        now = fmt.time_label(self.desk.now())
        return f"{fmt.who(patient)}: {DONE_WORDS[status]} at {now}."

    def _change(
        self, appt: Appointment, patient: Patient, status: str, said: Callable[[], str]
    ) -> None:
        if refusal := self._refusal(appt, patient, status):
            self._not_asked(refusal, STATUS_KEYS.get(status, ""))
            return
        self._ask(self._confirm_then_change, appt, patient, status, said)

    async def _confirm_then_change(
        self, appt: Appointment, patient: Patient, status: str, said: Callable[[], str]
    ) -> None:
        if not await self._confirmed(appt, patient, status):
            return
        if status == st.ARRIVED and dialogs.needs_questions(self.desk, appt):
            await self._ask_then_check_in(appt, patient, said)
            return
        try:
            if status == st.ARRIVED:
                changed = self.desk.checkin(appt.id)
            else:
                changed = self.desk.set_status(appt.id, status)
        except USER_ERRORS as err:
            self._refused(err)
            return
        self._done(said())
        self.host.reload(select=appt.id)
        if status == st.COMPLETED:
            await self._after_completed(changed, patient)
        elif status == st.NO_SHOW:
            await self._offer_freed(appt, said())

    async def _ask_then_check_in(
        self, appt: Appointment, patient: Patient, said: Callable[[], str]
    ) -> None:
        """Ask the pre-treatment questions, then check in; flags go to the status line."""
        done = await dialogs.QuestionsDialog.ask(self.host.app, appt, fmt.who(patient))
        if done is None:
            self.host.status.say(NOT_CHECKED_IN, error=True)
            return
        text = Text(said())
        if done.flagged:
            from console.ui.dialogs.visit_care import tell_provider

            text.append(f"  {tell_provider(done.flagged)}", fmt.FLAG_STYLE)
        self._done(text)
        self.host.reload(select=appt.id)

    async def _after_completed(self, appt: Appointment, patient: Patient) -> None:
        """A visit just completed: offer its aftercare, then the series' next session."""
        if said := await after_completed(self.host.app, self.desk, appt):
            self._done(" ".join([f"{fmt.who(patient)}: completed.", *said]))
            self.host.reload()
