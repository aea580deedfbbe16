"""Reading a day for a pane, and the start day's read begun before the panes exist.

The schedule's first read used to start once its pane was mounted, so the first
frame was painted empty and again when the day came in. The console now begins that
read on a thread the moment it is made: by the time the pane asks, the day is there
(or nearly), and the first frame already shows it.
"""

from __future__ import annotations

import datetime as dt
import threading
from concurrent.futures import Future
from dataclasses import dataclass, field

from console.clinic.config import ClinicConfig
from console.clinic.screening import answered
from console.desk import USER_ERRORS, DaySchedule, Desk


@dataclass(frozen=True)
class DayRead:
    """What a pane shows of a day, read off the UI thread."""

    schedule: DaySchedule
    series: dict[str, str] = field(default_factory=dict)  # visit id -> progress
    flagged: dict[str, list[str]] = field(default_factory=dict)  # visit id -> flags
    invalid: list[str] = field(default_factory=list)  # left-out documents, a sentence each
    #: The clinic's setup as read with the day (it may re-read a file).
    config: ClinicConfig | None = None


def read_day(desk: Desk, day: dt.date, *, first_frame: bool = False) -> DayRead | str:
    """``day``'s visits with their extras, or the sentence saying why it cannot be read.

    For the ``first_frame`` the flagged answers (they read the treatment content) and
    the check of every document in the day's month are left out: the app reads the
    day again once its start-up worker is done (see ``FrontDeskApp``).
    """
    try:
        schedule = desk.schedule(day)
        # The setup without its treatment links: the day and its grid need none of them,
        # and the links would load the treatment content before the first frame.
        config = desk.plain_config
        # The day's other visits still show; each left-out document is named (checking
        # every document of the month is left to the read after the first frame).
        invalid: list[str] = []
        if not first_frame:
            invalid = [doc.sentence for doc in desk.appointments.invalid_on(day)]
    except USER_ERRORS as err:
        return str(err)
    # Until the visit summaries are built (once per console, by the worker the app
    # starts after its first frame), the day shows without its series lines; the app
    # reads the pane again when that worker is done (see ``FrontDeskApp``).
    ready = desk.lookup_ready()
    progress, flags = visit_extras(desk, schedule, series_lines=ready, flags=not first_frame)
    return DayRead(schedule, progress, flags, invalid, config)


def visit_extras(
    desk: Desk, schedule: DaySchedule, *, series_lines: bool = True, flags: bool = True
) -> tuple[dict[str, str], dict[str, list[str]]]:
    """Series progress text and flagged pre-treatment answers for each visit, by id.

    Called from loading workers. The series lines come from the visit summaries (the
    same rule as the patient's whole history, see ``series.progress``); the flags from
    the answers recorded against the treatment's questions. Either can be left out
    (``series_lines``, ``flags``). The extras are a help: if reading them fails, the
    day still shows, without them.
    """
    progress: dict[str, str] = {}
    flagged_by_id: dict[str, list[str]] = {}
    try:
        for visit in schedule.visits:
            appt = visit.appointment
            # Only a visit with answers recorded can have one flagged: the others need
            # neither the treatment content nor the rule that reads it.
            if flags and answered(appt):
                from console.services import visit_care
                from console.ui.dialogs.visit_care import flag_words

                if flagged := visit_care.flagged(desk, appt):
                    flagged_by_id[appt.id] = flag_words(flagged)
            if not (series_lines and appt.holds_slot):
                continue
            # Imported here: the first frame shows no series lines (see read_day).
            from console.services import series

            if state := series.progress_of_visit(desk, appt, glance=True):
                progress[appt.id] = state.describe()
    except USER_ERRORS:
        pass
    return progress, flagged_by_id


class FirstRead:
    """The start day's read, begun on its own thread when the console is made.

    Taken once, by the pane's first load of that day. If anything changed in the
    store since the read began (another desk, or a test setting the scene) it is
    dropped and the pane reads again, so it never shows older data than its own
    read would have.
    """

    def __init__(self, desk: Desk, day: dt.date) -> None:
        self.desk = desk
        self.day = day
        self._future: Future[DayRead | str] = Future()
        self._token = self._change_token()
        self._taken = False
        threading.Thread(target=self._read, name="first-day-read", daemon=True).start()

    def _change_token(self) -> bytes | None:
        try:
            return self.desk.change_token()
        except OSError:
            return None  # unreadable: the read is then never trusted

    def _read(self) -> None:
        try:
            self._future.set_result(read_day(self.desk, self.day, first_frame=True))
        except BaseException as err:  # handed to the pane's worker, which reports it
            self._future.set_exception(err)

    def take(self, day: dt.date) -> DayRead | str | None:
        """The read if it is of ``day``, not taken before and still current (waiting
        for it to finish), else None: the caller reads the day itself."""
        if self._taken or day != self.day:
            return None
        self._taken = True
        read = self._future.result()
        token = self._change_token()
        return read if token is not None and token == self._token else None
