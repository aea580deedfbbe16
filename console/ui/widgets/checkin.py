"""The check-in pane: today's visits with waits and late flags, one key per status."""

from __future__ import annotations

import datetime as dt
from functools import partial

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from console.clinic import status as st
from console.clinic.treatments import Question
from console.desk import DaySchedule, Desk
from console.ui import dialogs
from console.ui import format as fmt
from console.ui.dialogs.visit_care import tell_provider
from console.ui.widgets.status_line import StatusLine
from console.ui.widgets.visit_pane import VisitPane
from console.ui.widgets.visit_table import (
    Column,
    Row,
    VisitTable,
    show_table_or_note,
)

COLUMNS = (
    Column("Time", 8),
    Column("Patient", 16, 34, weight=3),
    Column("Status", 12),
    Column("Waiting", 18),
    Column("Visit", 12, 18, weight=1),
    Column("With", 10, 20, weight=1, optional=True),
)


def checkin_rows(
    schedule: DaySchedule,
    late_after: int,
    grace: int = 10**6,
    flagged: frozenset[str] = frozenset(),
) -> list[Row]:
    """One row per visit of the day, in time order.

    Visits past start plus ``grace`` minutes without an arrival say "overdue 1 h 5 min";
    visits in ``flagged`` (answers for the provider) carry a ⚑ before the name, patients
    with an alert a ⚠.
    """
    rows: list[Row] = []
    for visit in schedule.visits:
        appt = visit.appointment
        time_style = fmt.LATE_STYLE if fmt.is_late(visit, late_after) else ""
        overdue = fmt.overdue_minutes(visit, grace)
        wait = (
            fmt.overdue_text(overdue) if overdue is not None else fmt.wait_text(visit, late_after)
        )
        name = Text(no_wrap=True, overflow="ellipsis")
        if appt.id in flagged:
            name.append("⚑ ", fmt.FLAG_STYLE)
        name.append_text(fmt.named_with_alert(visit.patient))
        rows.append(
            (
                appt.id,
                [
                    fmt.plain(fmt.time_label(visit.start), time_style),
                    name,
                    fmt.status_text(appt.status),
                    wait,
                    fmt.words_fit(visit.type_label),
                    fmt.with_fit(appt.provider, appt.room),
                ],
            )
        )
    return rows


def summary(schedule: DaySchedule, late_after: int) -> Text:
    """``Today · Tue 24 Nov · 17 visits · 2 waiting · 1 in treatment · 1 late · 3 done``."""
    visits = schedule.visits
    count = {s: sum(1 for v in visits if v.appointment.status == s) for s in st.ALL}
    late = sum(1 for v in visits if fmt.is_late(v, late_after))
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append(f"Today · {fmt.short_day(schedule.info.date)}", "bold")
    text.append(f" · {len(visits)} visit{'s' if len(visits) != 1 else ''}")
    if count[st.ARRIVED]:
        text.append(f" · {count[st.ARRIVED]} waiting", f"bold {fmt.YELLOW}")
    if count[st.IN_TREATMENT]:
        text.append(f" · {count[st.IN_TREATMENT]} in treatment", fmt.MAGENTA)
    if late:
        text.append(f" · {late} late", fmt.LATE_STYLE)
    text.append(f" · {count[st.COMPLETED]} done")
    if not schedule.info.is_open:
        text.append(f" · {fmt.describe_day(schedule.info)}", f"bold {fmt.YELLOW}")
    return text


class CheckInPane(VisitPane):
    """Today's visits; a key per status change, and walk-ins."""

    ASKING_KEYS = frozenset({"a", "i", "d", "n", "x"})
    BINDINGS = [
        Binding("a", "mark('arrived')", "Arrived", id="checkin.arrived"),
        Binding("i", "mark('in_treatment')", "In treatment", id="checkin.in_treatment"),
        Binding("d", "mark('completed')", "Done", id="checkin.completed"),
        Binding("n", "mark('no_show')", "No-show", id="checkin.no_show"),
        Binding("x", "cancel_visit", "Cancel", id="checkin.cancel"),
        Binding("w", "walkin", "Walk-in", id="checkin.walkin"),
        Binding("enter,o", "open_patient", "Patient", id="checkin.open_patient"),
        Binding("h", "history", "History", id="checkin.history"),
    ]

    def __init__(self, desk: Desk, day: dt.date, **kwargs) -> None:
        super().__init__(desk, **kwargs)
        self.day = day

    def compose(self) -> ComposeResult:
        """The summary line, the table (or a note when empty), the detail and status lines."""
        yield Static(id="checkin-summary", classes="day-line", markup=False)
        yield VisitTable(COLUMNS, id="checkin-table")
        yield Static(id="checkin-empty", classes="empty-note", markup=False)
        yield Static(id="checkin-detail", classes="detail-line visit-detail", markup=False)
        yield StatusLine(id="checkin-status")

    def set_day(self, day: dt.date) -> None:
        """Show ``day`` (the clinic's today; it moves at midnight)."""
        if day != self.day:
            self.day = day
            self._schedule = None
            self.status.clear()
        self.reload()

    # -- loading ------------------------------------------------------------------

    def on_visit_pane_loaded(self, message: VisitPane.Loaded) -> None:
        """Show the day just read, the cursor on the next visit to deal with at first."""
        schedule = message.schedule
        if schedule.info.date != self.day:
            return
        late_after = self.desk.config.late_after_minutes
        first = self._schedule is None
        self._schedule = schedule
        self._series, self._flagged = message.series, message.flagged
        self.query_one("#checkin-summary", Static).update(summary(schedule, late_after))
        grace = self.desk.config.no_show_grace_minutes
        rows = checkin_rows(schedule, late_after, grace, frozenset(self._flagged))
        keep, self._want = self._want or (_next_up(schedule) if first else None), None
        self.table.show_rows(rows, keep)
        empty = self.query_one("#checkin-empty", Static)
        if not rows:
            empty.update(_empty_message(self.desk, schedule))
        show_table_or_note(self, self.table, empty, not rows)
        self._show_detail()
        self.say_invalid(message)

    def on_visit_pane_load_failed(self, message: VisitPane.LoadFailed) -> None:
        """Say why the day could not be read."""
        self.status.say(message.error, error=True)

    def _show_detail(self) -> None:
        visit = self.selected_visit
        detail = self.query_one("#checkin-detail", Static)
        detail.update(self._visit_detail(visit) if visit is not None else "")

    # -- actions ------------------------------------------------------------------

    def action_mark(self, status: str) -> None:
        """Change the selected visit's status (arrived checks in; done offers aftercare)."""
        self.visit_actions.mark(status)

    @work(exclusive=True, group="dialog")
    async def action_walkin(self) -> None:
        """Register a walk-in: who, then the time it gets (shown first), then its questions."""
        from console.ui.dialogs.walkin import WalkInChoice, register

        refusal = self.desk.walkin_refusal()
        if refusal:
            self.status.say(refusal, error=True)
            return
        patient_id = await dialogs.choose_patient(self.app, "Walk-in: who is it?")
        if patient_id is None:
            return
        chosen = await dialogs.WalkInDialog.ask(self.app, patient_id)
        flagged: tuple[Question, ...] = ()
        if isinstance(chosen, WalkInChoice):
            checked = await dialogs.QuestionsDialog.ask(
                self.app,
                None,
                fmt.who(self.desk.patient(patient_id)),
                questions=chosen.questions,
                submit=partial(register, self.desk, chosen),
            )
            if checked is None:
                self.status.say("Walk-in not registered: the questions were not finished.")
                return
            appt, flagged = checked.appointment, checked.flagged
        elif chosen is None:
            return
        else:
            appt = chosen
        start = fmt.time_label(appt.start_at(self.desk.tz))
        said = Text(f"Walk-in registered: {fmt.who(self.desk.patient(patient_id))} at {start}")
        said.append(f", {fmt.with_label(appt.provider, appt.room)}.")
        if flagged:
            said.append(f"  {tell_provider(flagged)}", fmt.FLAG_STYLE)
        said.append(" · u undoes", "dim")
        self.status.say(said, done=True)
        self.reload(select=appt.id)


def _next_up(schedule: DaySchedule) -> str | None:
    """The first visit still to be dealt with (waiting, late or next), for the cursor."""
    for visit in schedule.visits:
        if visit.appointment.status in (st.BOOKED, st.CONFIRMED, st.ARRIVED):
            return visit.appointment.id
    return schedule.visits[-1].appointment.id if schedule.visits else None


def _empty_message(desk: Desk, schedule: DaySchedule) -> Text:
    refusal = desk.walkin_refusal()
    lines = ["No visits today."]
    if refusal:
        lines.append(refusal)
    else:
        lines.append("w registers a walk-in.")
    return Text("\n\n".join(lines), "bold")
