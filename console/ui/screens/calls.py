"""Confirmation calls: who to ring for the next open day, what to tell them, one key per outcome."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from rich.text import Text
from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Static
from textual.worker import get_current_worker

from console.clinic.hours import DayInfo
from console.desk import USER_ERRORS, Desk
from console.services.calls import (
    CALL_AGAIN,
    OUTCOMES,
    CallItem,
    call_again,
    call_list,
    calls_left,
    record_call,
)
from console.ui import format as fmt
from console.ui.dialogs import GoToDateDialog
from console.ui.dialogs.confirm import confirm_key
from console.ui.dialogs.waitlist_offers import offer_freed_time
from console.ui.keyguard import guard_of, guard_typing
from console.ui.messages import StoreChanged
from console.ui.redact import initials_only
from console.ui.styles import SCREENS_CSS
from console.ui.visit_actions import undo_last_change
from console.ui.widgets.footer import DeskFooter
from console.ui.widgets.header import ClinicHeader
from console.ui.widgets.status_line import StatusLine
from console.ui.widgets.too_small import TooSmall
from console.ui.widgets.visit_table import Column, Row, VisitTable

COLUMNS = (
    Column("When", 12),
    Column("Patient", 16, 30, weight=3),
    Column("Phone", 14, 16),
    Column("Visit", 12, 18, weight=1),
    Column("Last call", 12, 24, weight=1),
)

#: The key of each outcome (each asks first: a name typed here must not record one).
OUTCOME_KEYS = {"confirmed": "c", "left_message": "l", "no_answer": "n", "cancelled": "x"}

#: The groups of the list, in the order they are shown.
TO_CALL, AGAIN, DONE = 0, 1, 2


def group_of(item: CallItem) -> int:
    """Not called yet, to call again (message, no answer), or done (confirmed)."""
    if item.last_outcome is None:
        return TO_CALL
    return AGAIN if item.last_outcome in CALL_AGAIN else DONE


def in_call_order(items: list[CallItem]) -> list[CallItem]:
    """Calls to make first, then the ones to try again, then those confirmed (each by time)."""
    return sorted(items, key=lambda i: (group_of(i), i.visit.start))


def call_rows(items: list[CallItem], main_day: dt.date | None = None) -> list[Row]:
    """One row per visit to confirm, in call order; other days than ``main_day`` are named."""
    rows: list[Row] = []
    for item in in_call_order(items):
        visit = item.visit
        group = group_of(item)
        last = OUTCOMES.get(item.last_outcome or "", "not called")
        if group == AGAIN:
            # "↻": to call again (the title counts them); short words fit at 80 columns.
            short = "left msg" if item.last_outcome == "left_message" else last
            last_cell = fmt.plain(f"↻ {short}", f"bold {fmt.YELLOW}")
        elif group == DONE:
            last_cell = fmt.plain(f"✓ {last}", f"bold {fmt.GREEN}")
        else:
            last_cell = fmt.plain(last, "dim")
        when = fmt.time_label(visit.start)
        if main_day is not None and visit.start.date() != main_day:
            when = f"{visit.start:ddd} {when}"
        rows.append(
            (
                visit.appointment.id,
                [
                    fmt.plain(when),
                    fmt.plain(fmt.who(visit.patient)),
                    fmt.plain(fmt.phone(visit.patient)),
                    fmt.words_fit(visit.type_label),
                    last_cell,
                ],
            )
        )
    return rows


def script_text(item: CallItem) -> Text:
    """What to tell the patient: their alert, the visit, then the treatment's lines."""
    visit = item.visit
    text = Text()
    alert = fmt.alert_text(visit.patient)
    if alert and not initials_only():  # an alert may be health data: hidden with the name
        text.append_text(alert)
        text.append("\n")
    text.append("Tell ", "dim")
    text.append(fmt.who(visit.patient), "bold")
    text.append(
        f": {visit.type_label}, {fmt.short_day(visit.start.date())} "
        f"{fmt.time_label(visit.start)} with {visit.appointment.provider}."
    )
    for line in item.script:
        text.append("\n• ")
        text.append(line)
    return text


def title_text(info: DayInfo, items: list[CallItem]) -> Text:
    """``Confirmation calls for Sun 29 Nov + Mon 30 Nov 2026 · 3 left · 1 to call again``."""
    days = sorted({i.visit.start.date() for i in items} | {info.date})
    named = [fmt.short_day(d) for d in days[:-1]] + [fmt.day_label(days[-1])]
    text = Text(f"Confirmation calls for {' + '.join(named)}", "bold")
    text.append(f" · {len(calls_left(items))} left")
    if again := len(call_again(items)):
        text.append(f" · {again} to call again", f"bold {fmt.YELLOW}")
    text.no_wrap, text.overflow = True, "ellipsis"
    return text


class CallsScreen(Screen[None]):
    """The confirmation-call list for the next open day; a key per call outcome."""

    CSS_PATH = SCREENS_CSS

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="calls.back"),
        Binding("c", "record('confirmed')", "Confirmed", id="calls.confirmed"),
        Binding("l", "record('left_message')", "Left msg", id="calls.left_message"),
        Binding("n", "record('no_answer')", "No answer", id="calls.no_answer"),
        Binding("x", "record('cancelled')", "Cancelled", id="calls.cancelled"),
        Binding("u", "undo", "Undo", id="calls.undo"),
        Binding("f4,g", "goto_date", "Date", id="calls.goto_date"),
        Binding("r", "refresh_list", "Refresh", id="calls.refresh"),
    ]

    @dataclass
    class Loaded(Message, bubble=False):
        """The call list was read in a worker (``error`` says why not)."""

        info: DayInfo | None
        items: list[CallItem]
        error: str = ""

    def __init__(self, desk: Desk) -> None:
        super().__init__(id="calls")
        self.desk = desk
        self.items: list[CallItem] = []
        self.info: DayInfo | None = None
        #: The day chosen with F4 / g (None: the next open day and any Sunday before it).
        self.day: dt.date | None = None
        self._want: str | None = None

    def compose(self) -> ComposeResult:
        """Header, title, the call table, the script, the status line and keys."""
        yield ClinicHeader(self.desk.config.name)
        with Container(classes="body"):
            yield Static("", id="calls-title", classes="day-line", markup=False)
            yield VisitTable(COLUMNS, id="calls-table")
            yield Static("", id="calls-script", markup=False)
            yield StatusLine(id="calls-status")
        yield TooSmall()
        yield DeskFooter()

    @property
    def table(self) -> VisitTable:
        """The table of calls to make."""
        return self.query_one(VisitTable)

    @property
    def status(self) -> StatusLine:
        """The screen's one-line status (results and refusals)."""
        return self.query_one(StatusLine)

    def on_screen_resume(self) -> None:
        """Each time it shows: header, keyboard in the table, a fresh list."""
        self.query_one(ClinicHeader).show(
            self.desk.today(), fmt.time_label(self.desk.now()), fmt.open_now(self.desk)
        )
        self.table.focus()
        self.reload()

    def on_store_changed(self, message: StoreChanged) -> None:
        """Some desk changed the store: read the list again."""
        if self.is_mounted:
            self.reload()

    def reload(self, select: str | None = None) -> None:
        """Read the call list again (in a worker)."""
        self._want = select or self._want
        self._load(self.day)

    @work(thread=True, exclusive=True, group="calls-load")
    def _load(self, day: dt.date | None) -> None:
        try:
            info, items = call_list(self.desk, day)
        except USER_ERRORS as err:
            self.post_message(self.Loaded(None, [], str(err)))
            return
        if not get_current_worker().is_cancelled:
            self.post_message(self.Loaded(info, items))

    def on_calls_screen_loaded(self, message: Loaded) -> None:
        """Show the list just read, keeping the cursor on the same call."""
        if message.error:
            self.status.say(message.error, error=True)
        self.items = message.items
        self.info = message.info
        title = self.query_one("#calls-title", Static)
        if message.info is not None:
            title.update(title_text(message.info, self.items))
        keep, self._want = self._want, None
        main = message.info.date if message.info else None
        self.table.show_rows(call_rows(self.items, main), keep)
        self._show_script()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        """Show the script for the call the cursor moved to."""
        event.stop()
        self._show_script()

    @property
    def selected(self) -> CallItem | None:
        """The call under the cursor."""
        key = self.table.selected_key
        return next((i for i in self.items if i.visit.appointment.id == key), None)

    def _show_script(self) -> None:
        item = self.selected
        script = self.query_one("#calls-script", Static)
        if item is not None:
            script.update(script_text(item))
        elif not self.items:
            script.update(Text("Nobody left to call for that day.", "dim"))
        else:
            script.update("")

    def _next_after(self, item: CallItem) -> str | None:
        """The call the cursor goes to after ``item``'s outcome: the next one still to make.

        The rows are re-sorted once the outcome is saved (the call moves to "call
        again" or "confirmed"), so "next" is decided in the order shown now.
        """
        order = in_call_order(self.items)
        index = next(
            i for i, it in enumerate(order) if it.visit.appointment.id == item.visit.appointment.id
        )
        others = order[index + 1 :] + order[:index]
        pending = [i for i in others if group_of(i) != DONE]
        chosen = pending[0] if pending else (others[0] if others else None)
        return chosen.visit.appointment.id if chosen else None

    def on_key(self, event: events.Key) -> None:
        """A name typed here (no text box) opens the patient search, never an outcome."""
        guard_typing(self, event, OUTCOME_KEYS.values())

    def action_record(self, outcome: str) -> None:
        """Record the outcome of the call to the selected patient, after a one-key confirm."""
        item = self.selected
        if item is None:
            guard_of(self.app).disarm()
            self.status.say("Put the cursor on a patient first (↑/↓).", error=True)
            return
        self.run_worker(self._ask_and_record(item, outcome), group="dialog", exclusive=True)

    async def _ask_and_record(self, item: CallItem, outcome: str) -> None:
        visit = item.visit
        question = Text("Cancel " if outcome == "cancelled" else "Record ")
        if outcome == "cancelled":
            question.append(fmt.who(visit.patient), "bold")
            question.append(
                f"'s {visit.type_label} on {fmt.short_day(visit.start.date())} at "
                f"{fmt.time_label(visit.start)}? The patient said they will not come."
            )
            yes, no = "Cancel visit", "Keep"
        else:
            question.append(f"“{OUTCOMES[outcome]}” for ")
            question.append(fmt.who(visit.patient), "bold")
            question.append("?")
            yes, no = OUTCOMES[outcome].capitalize(), "No"

        if await confirm_key(self.app, OUTCOME_KEYS[outcome], question, yes=yes, no=no):
            if self._record(item, outcome) and outcome == "cancelled":
                await self._offer_freed(item)
        elif outcome == "cancelled":
            self.status.say("Not cancelled: the visit is kept.")
        else:
            self.status.say("Nothing recorded.")

    async def _offer_freed(self, item: CallItem) -> None:
        """The visit's time is free: offer it to the waitlist, as a cancel anywhere does."""
        if booked := await offer_freed_time(self.app, self.desk, item.visit.appointment):
            self.status.say(Text(booked), done=True)
            self.reload()

    def _record(self, item: CallItem, outcome: str) -> bool:
        """Record the outcome; False (and why, on the status line) when refused."""
        following = self._next_after(item)
        try:
            record_call(self.desk, item.visit.appointment.id, outcome)
        except USER_ERRORS as err:
            self.status.say(str(err), error=True)
            return False
        said = f"{fmt.who(item.visit.patient)}: {OUTCOMES[outcome]}. · u undoes"
        self.status.say(Text(said), done=True)
        self.reload(select=following or item.visit.appointment.id)
        return True

    def action_undo(self) -> None:
        """Undo this desk's last change (a call outcome recorded by mistake)."""
        if undo_last_change(self.desk, self.status):
            self.reload()

    def action_goto_date(self) -> None:
        """Show the calls for another day (typed in the date dialog)."""
        self.run_worker(self._goto_date(), group="dialog", exclusive=True)

    async def _goto_date(self) -> None:
        shown = self.info.date if self.info else self.desk.today()
        day = await GoToDateDialog.ask(self.app, shown)
        if day is None:
            return
        default = self.desk.next_open_day(self.desk.today())
        # The next open day is the usual list: with any Sunday's visits before it.
        self.day = None if default is not None and day == default.date else day
        self._want = None
        self.reload()

    def action_refresh_list(self) -> None:
        """Read the call list again."""
        self.reload()
