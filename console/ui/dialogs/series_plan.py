"""Series plan: after booking a first Sculptra session, propose and book the later ones."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import arrow
from rich.text import Text
from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, Checkbox, DataTable, Input, Label, Static
from textual.worker import get_current_worker

from console.clinic.booking import Slot
from console.clinic.dates import parse_day
from console.clinic.errors import InvalidInput
from console.clinic.localtime import parse_local
from console.clinic.models import Appointment
from console.clinic.series import PlannedSession, SeriesProgress
from console.desk import USER_ERRORS, Desk
from console.services import series
from console.ui import format as fmt
from console.ui.dialogs.base import Dialog, error_line, text_box
from console.ui.dialogs.booking import BookingDialog, BookingRequest

KEEP, MOVED, DROP, BOOKED = "keep", "moved", "drop", "booked"


@dataclass
class Choice:
    """What the receptionist decided for one planned session."""

    session: PlannedSession
    state: str  # keep / moved / drop / booked
    moved_to: arrow.Arrow | None = None


def window_text(session: PlannedSession) -> str:
    """``22 Dec–5 Jan``."""
    first, last = session.window_start, session.window_end
    if first.month == last.month:
        return f"{first.day}–{last.day} {last:%b}"
    return f"{first.day} {first:%b}–{last.day} {last:%b}"


def out_of_order(choices: list[Choice]) -> bool:
    """True when a session to book starts before an earlier-numbered one."""
    starts = [
        c.moved_to or (c.session.slot.start if c.session.slot else None)
        for c in choices
        if c.state != DROP
    ]
    known = [s for s in starts if s is not None]
    return known != sorted(known)


def wants_plan(desk: Desk, appt: Appointment) -> bool:
    """True when ``appt`` (just booked) starts a series: no series in progress before it."""
    if appt.type not in series.series_types(desk):
        return False
    state = series.progress(desk, appt.patient_id, appt.type)
    if state is None or state.complete:
        return True
    return (
        state.completed == 0 and state.next_booked is not None and state.next_booked.id == appt.id
    )


class SeriesPlanDialog(Dialog[list[Appointment] | None]):
    """Proposes each later session in its window; keep, move or drop each, then book.

    A moved session outside its window is flagged, not refused. Answers the visits
    booked (possibly none), or None when closed without booking.
    """

    NAME = "series-plan"
    BINDINGS = [
        Binding("k", "keep", "Keep", id="series.keep"),
        Binding("m", "move", "Move", id="series.move"),
        Binding("x", "drop", "Drop", id="series.drop"),
        Binding("ctrl+s", "confirm", "Book", id="series.confirm"),
    ]

    @dataclass
    class Planned(Message, bubble=False):
        """The later sessions were planned in a worker."""

        key: tuple[str, bool]
        sessions: list[PlannedSession]
        error: str = ""

    def __init__(self, desk: Desk) -> None:
        super().__init__(classes="dialog-screen")
        self.desk = desk
        self.first: Appointment | None = None
        self.name_text = Text("")
        self.choices: list[Choice] = []
        self._key: tuple[str, bool] | None = None
        self.booked: list[Appointment] = []

    def prepare(self, first: Appointment, *args: Any, **kwargs: Any) -> None:
        """Plan the series that ``first`` (just booked) starts."""
        self.first = first
        self.choices = []
        self.booked = []
        try:
            self.name_text = Text(fmt.who(self.desk.patient(first.patient_id)))
        except USER_ERRORS:
            self.name_text = Text(first.patient_id)
        super().prepare()

    def compose(self) -> ComposeResult:
        """The first session, the plan table, the move box, errors and buttons."""
        with Vertical(classes="dialog", id="series-dialog"):
            yield Label("Series plan", classes="dialog-title")
            yield Static("", id="series-first", markup=False)
            yield Checkbox("Include Sundays (by appointment)", id="series-sundays", compact=True)
            yield DataTable(id="series-table", cursor_type="row", zebra_stripes=False)
            yield Static("", id="series-note", markup=False)
            with Horizontal(classes="field"):
                yield Label("Move to", classes="field-label")
                yield text_box("date and time, e.g. 12/15 2:30 PM", id="series-when")
            yield error_line("when")
            yield error_line("general")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Book", id="series-ok", variant="primary", compact=True)
                yield Button("Not now", id="series-close", compact=True)
            yield Static(
                "k keep · m move (type, Enter) · x drop · ctrl+s books · Esc skips",
                classes="dialog-hint",
                markup=False,
            )

    def on_mount(self) -> None:
        """Add the plan table's columns, then show the first request."""
        table = self.query_one(DataTable)
        for label, width in (("Session", 7), ("Window", 13), ("Proposed", 32), ("Decision", 16)):
            table.add_column(label, width=width)
        super().on_mount()

    def reset(self) -> None:
        """Describe the first session and plan the later ones."""
        super().reset()
        first = self.first
        if first is None:
            return
        start = first.start_at(self.desk.tz)
        line = Text()
        line.append(self.name_text.plain, "bold")
        line.append(f" · session 1 on {fmt.short_day(start.date())} {fmt.time_label(start)}")
        self.query_one("#series-first", Static).update(line)
        self.query_one("#series-when", Input).value = ""
        box = self.query_one("#series-sundays", Checkbox)
        with box.prevent(Checkbox.Changed):
            box.value = False
        self._key = None
        self._plan(False)
        self.set_focus(self.query_one(DataTable))

    # -- planning -----------------------------------------------------------------

    @on(Checkbox.Changed, "#series-sundays")
    def _sundays_changed(self, event: Checkbox.Changed) -> None:
        event.stop()
        self._plan(event.value)

    def _plan(self, sundays: bool) -> None:
        if self.first is None:
            return
        self._key = (self.first.id, sundays)
        self.choices = []
        self.query_one(DataTable).clear()
        self.query_one("#series-note", Static).update(Text("Planning the later sessions…", "dim"))
        self._load_plan(self._key, self.first)

    @work(thread=True, exclusive=True, group="series-plan")
    def _load_plan(self, key: tuple[str, bool], first: Appointment) -> None:
        try:
            _, sessions = series.plan_series_for(
                self.desk,
                first.patient_id,
                first.start_at(self.desk.tz),
                first.type,
                include_sundays=key[1],
            )
        except USER_ERRORS as err:
            self.post_message(self.Planned(key, [], str(err)))
            return
        if not get_current_worker().is_cancelled:
            self.post_message(self.Planned(key, sessions))

    def on_series_plan_dialog_planned(self, message: Planned) -> None:
        """Show the plan just made, each session kept if it found a time."""
        if message.key != self._key:
            return
        if message.error:
            self.show_error("general", message.error)
        self.choices = [Choice(s, KEEP if s.slot else DROP) for s in message.sessions]
        self._show(0)

    def _show(self, row: int) -> None:
        table = self.query_one(DataTable)
        table.clear()
        for choice in self.choices:
            table.add_row(*self._cells(choice))
        if self.choices:
            table.move_cursor(row=min(row, len(self.choices) - 1))
        self._note()

    def _cells(self, choice: Choice) -> list[Text | fmt.Fit]:
        session = choice.session
        proposed: Text | fmt.Fit
        if choice.moved_to is not None:
            moved = choice.moved_to
            proposed = Text(f"{fmt.short_day(moved.date())} {fmt.time_label(moved)}", "bold")
        elif session.slot is not None:
            slot = session.slot
            when = f"{fmt.short_day(slot.start.date())} {fmt.time_label(slot.start)}  "
            proposed = fmt.with_fit(slot.provider, slot.room, when)
        else:
            proposed = Text("no free slot", f"bold {fmt.YELLOW}")
        decision = {
            KEEP: Text("book", f"bold {fmt.GREEN}"),
            MOVED: Text("moved", f"bold {fmt.GREEN}"),
            DROP: Text("drop", "dim"),
            BOOKED: Text("booked ✓", f"bold {fmt.GREEN}"),
        }[choice.state]
        if choice.moved_to is not None and not session.in_window(choice.moved_to):
            decision.append(" ⚑ outside", fmt.FLAG_STYLE)
        return [
            Text(f"{session.number} of {session.of}"),
            Text(window_text(session)),
            proposed,
            decision,
        ]

    def _note(self) -> None:
        note = self.query_one("#series-note", Static)
        flagged = [
            f"{c.session.number} ({window_text(c.session)})"
            for c in self.choices
            if c.moved_to is not None and not c.session.in_window(c.moved_to)
        ]
        text = Text(no_wrap=False)
        if flagged:
            which = ", ".join(flagged)
            text.append(
                f"⚑ Session {which} moved outside its window: check with the provider.",
                fmt.FLAG_STYLE,
            )
        if out_of_order(self.choices):
            text.append(("\n" if text else "") + "⚑ The sessions are out of order.", fmt.FLAG_STYLE)
        if text:
            note.update(text)
        elif any(c.session.slot is None for c in self.choices):
            note.update(
                Text("No free slot in a window: m moves it to a time you type.", fmt.YELLOW)
            )
        else:
            note.update("")

    # -- decisions ----------------------------------------------------------------

    def _current(self) -> tuple[int, Choice] | None:
        table = self.query_one(DataTable)
        row = table.cursor_row
        if not self.choices or row is None or not 0 <= row < len(self.choices):
            return None
        return row, self.choices[row]

    def action_keep(self) -> None:
        """Book the highlighted session at its proposed slot."""
        self.clear_errors()
        found = self._current()
        if found is None:
            return
        row, choice = found
        if choice.state == BOOKED:
            return
        if choice.session.slot is None and choice.moved_to is None:
            self.show_error("general", "No free slot in this window: m moves it to another time.")
            return
        choice.state = MOVED if choice.moved_to is not None else KEEP
        self._show(row)

    def action_drop(self) -> None:
        """Leave the highlighted session unbooked."""
        self.clear_errors()
        found = self._current()
        if found is not None and found[1].state != BOOKED:
            found[1].state = DROP
            self._show(found[0])

    def action_move(self) -> None:
        """Type another date and time for the highlighted session."""
        found = self._current()
        if found is None or found[1].state == BOOKED:
            return
        box = self.query_one("#series-when", Input)
        session = found[1].session
        when = found[1].moved_to or (session.slot.start if session.slot else None)
        box.value = when.format("YYYY-MM-DD HH:mm") if when else f"{session.window_start} "
        box.cursor_position = len(box.value)
        self.set_focus(box)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Move the highlighted session to the typed date and time."""
        event.stop()
        self.clear_errors()
        found = self._current()
        if found is None:
            return
        row, choice = found
        try:
            when = self._parse_when(event.value)
        except InvalidInput as err:
            self.show_error("when", str(err))
            return
        choice.moved_to, choice.state = when, MOVED
        self._show(row)
        self.set_focus(self.query_one(DataTable))

    def _parse_when(self, typed: str) -> arrow.Arrow:
        parts = typed.strip().split(maxsplit=1)
        if len(parts) != 2:
            raise InvalidInput(
                "Type the date and time, e.g. 2026-12-15 10:00 or 12/15 2:30 PM.", "when"
            )
        day = parse_day(parts[0], self.desk.today(), field="when")
        return parse_local(f"{day.isoformat()} {fmt.parse_clock(parts[1])}", self.desk.tz)

    # -- booking ------------------------------------------------------------------

    def action_confirm(self) -> None:
        """Book every kept or moved session; answer the visits booked."""
        self.clear_errors()
        first = self.first
        if first is None:
            return
        wanted = [c for c in self.choices if c.state in (KEEP, MOVED)]
        total = len(self.choices) + 1
        booked = self.booked
        try:
            if wanted and not (first.extra.get("series") or {}).get("id"):
                self.first = first = series.tag_first_session(self.desk, first.id, total)
            for choice in wanted:
                tag = {"id": first.id, "number": choice.session.number, "of": total}
                if choice.state == MOVED and choice.moved_to is not None:
                    appt = self.desk.book(first.patient_id, choice.moved_to, first.type, series=tag)
                else:
                    slot = choice.session.slot
                    assert slot is not None
                    appt = self.desk.book(
                        first.patient_id,
                        slot.start,
                        first.type,
                        provider=slot.provider,
                        room=slot.room,
                        series=tag,
                    )
                choice.state = BOOKED
                booked.append(appt)
        except USER_ERRORS as err:
            failed = next((c for c in wanted if c.state != BOOKED), None)
            number = f"Session {failed.session.number}: " if failed else ""
            self.show_error("general", f"{number}{err}")
            self._show(self.query_one(DataTable).cursor_row or 0)
            return
        self.dismiss(booked)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Book, or close without booking."""
        event.stop()
        if event.button.id == "series-ok":
            self.action_confirm()
        else:
            self.action_close()


async def offer_series_plan(app: App[Any], desk: Desk, appt: Appointment) -> str:
    """After booking ``appt``: open the series plan when it starts a series.

    Answers a sentence for the status line ("" when no plan was offered).
    """
    try:
        if not wants_plan(desk, appt):
            return ""
    except USER_ERRORS:
        return ""
    booked = await SeriesPlanDialog.ask(app, appt)
    if not booked:
        return "Series: later sessions not booked."
    numbers = " and ".join(str((a.extra.get("series") or {}).get("number", "?")) for a in booked)
    days = ", ".join(fmt.short_day(a.day(desk.tz)) for a in booked)
    return f"Series: session{'s' if len(booked) > 1 else ''} {numbers} booked ({days})."


# -- the next session, after a session is completed ------------------------------------


@dataclass(frozen=True)
class NextSession:
    """What the next-session offer shows: whose series, which session, its window, a slot."""

    patient_id: str
    name: str
    type_key: str
    progress: SeriesProgress
    slot: Slot | None
    series_id: str | None = None  # the series tag of the earlier sessions, if any


class NextSessionDialog(Dialog[str | None]):
    """Offers the next session of a series in its window: Enter books, o another time, Esc skips.

    Answers ``book`` or ``other`` (or None: skipped).
    """

    NAME = "next-session"
    BINDINGS = [
        Binding("enter", "answer('book')", "Book", id="next_session.book", priority=True),
        Binding("o", "answer('other')", "Other time", id="next_session.other"),
    ]

    def __init__(self) -> None:
        super().__init__(classes="dialog-screen")
        self.offer: NextSession | None = None

    def prepare(self, offer: NextSession, *args: Any, **kwargs: Any) -> None:
        """Take the session to offer."""
        self.offer = offer
        super().prepare()

    def compose(self) -> ComposeResult:
        """The offer, and Book / Other time / Skip."""
        with Vertical(classes="dialog", id="next-session-dialog"):
            yield Label("Book the next session?", classes="dialog-title")
            yield Static("", id="next-session-offer", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Book", id="next-session-book", variant="primary", compact=True)
                yield Button("Other time", id="next-session-other", compact=True)
                yield Button("Skip", id="next-session-skip", compact=True)
            yield Static(
                "Enter books · o another time · Esc skips", classes="dialog-hint", markup=False
            )

    def reset(self) -> None:
        """Describe the session, its window and the time proposed."""
        super().reset()
        offer = self.offer
        if offer is None:
            return
        self.query_one("#next-session-offer", Static).update(offer_text(offer))
        self.set_focus(self.query_one("#next-session-book", Button))

    def action_answer(self, answer: str) -> None:
        """Book the proposed time, or pick another one."""
        self.dismiss(answer)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Book, other time, or skip."""
        event.stop()
        match event.button.id:
            case "next-session-book":
                self.dismiss("book")
            case "next-session-other":
                self.dismiss("other")
            case _:
                self.action_close()


def span_words(first: dt.date, last: dt.date) -> str:
    """``12 Jan – 9 Feb``."""
    return f"{first.day} {first:%b} – {last.day} {last:%b}"


def offer_text(offer: NextSession) -> Text:
    """``Ana O'Brien · Sculptra session 2 of 3, window 22 Dec – 5 Jan`` and the proposed time."""
    state = offer.progress
    text = Text()
    text.append(offer.name, "bold")
    text.append(f" · {state.label} session {state.number} of {state.of}")
    if state.next_window:
        first, last = state.next_window
        text.append(f", window {span_words(first, last)}")
    text.append("\n")
    if offer.slot is not None:
        slot = offer.slot
        text.append("First free time in the window: ")
        text.append(
            f"{fmt.short_day(slot.start.date())} {fmt.time_label(slot.start)}", f"bold {fmt.GREEN}"
        )
        text.append(f" with {slot.provider} · {slot.room}")
    else:
        text.append("No free time left in the window: ", f"bold {fmt.YELLOW}")
        text.append("Enter picks another time.")
    return text


def next_session_for(
    desk: Desk,
    patient_id: str,
    type_key: str,
    preferred: dt.time | None = None,
    series_id: str | None = None,
) -> NextSession | None:
    """The next session to offer for the patient's series of ``type_key`` (None: nothing due)."""
    state = series.progress(desk, patient_id, type_key)
    if state is None or not state.needs_booking or state.next_window is None:
        return None
    first, last = state.next_window
    when = preferred or _last_session_time(desk, patient_id, type_key)
    slot = series.first_free_in_window(desk, patient_id, type_key, first, last, when)
    name = fmt.who(desk.patient(patient_id))
    return NextSession(patient_id, name, type_key, state, slot, series_id)


async def offer_session(app: App[Any], desk: Desk, offer: NextSession) -> str:
    """Offer ``offer``; book it (or another time) and answer the sentence to show."""
    state = offer.progress
    answer = await NextSessionDialog.ask(app, offer)
    if answer is None:
        return f"Series: session {state.number} of {state.of} not booked yet."
    booked: Appointment | None = None
    if answer == "book" and offer.slot is not None:
        slot = offer.slot
        tag = (
            {"id": offer.series_id, "number": state.number, "of": state.of}
            if offer.series_id
            else None
        )
        try:
            booked = desk.book(
                offer.patient_id,
                slot.start,
                offer.type_key,
                provider=slot.provider,
                room=slot.room,
                series=tag,
            )
        except USER_ERRORS as err:
            return f"Series: not booked: {err}"
    else:
        day = offer.slot.start.date() if offer.slot else _first_day(desk, state)
        time = offer.slot.start.format("HH:mm") if offer.slot else ""
        request = BookingRequest("new", offer.patient_id, day, time, type_key=offer.type_key)
        booked = await BookingDialog.ask(app, request)
        if booked is None:
            return f"Series: session {state.number} of {state.of} not booked yet."
    start = booked.start_at(desk.tz)
    said = (
        f"Series: session {state.number} of {state.of} booked "
        f"{fmt.short_day(start.date())} {fmt.time_label(start)}."
    )
    warning = series.window_warning(desk, offer.patient_id, offer.type_key, start, booked.id)
    return f"{said} ⚑ {warning}" if warning else said


def _last_session_time(desk: Desk, patient_id: str, type_key: str) -> dt.time:
    """The time of the patient's last completed session (the next is offered near it)."""
    done = [a for a in desk.history(patient_id) if a.type == type_key and a.status == "completed"]
    if not done:
        return dt.time(10, 0)
    return max(done, key=lambda a: a.start).start_at(desk.tz).time()


def _first_day(desk: Desk, state: SeriesProgress) -> dt.date:
    today = desk.today()
    if state.next_window is None:
        return today
    return max(state.next_window[0], today)


async def offer_next_session(app: App[Any], desk: Desk, appt: Appointment) -> str | None:
    """After ``appt`` (a session of a series) is completed: offer to book the next one.

    Pre-filled with the first free time inside the next session's window: Enter books
    it, o picks another time, Esc skips. Answers the sentence to show, or None when
    there is nothing to offer (not a series, complete, or the next one already booked).
    """
    try:
        if appt.type not in series.series_types(desk):
            return None
        tag = (appt.extra.get("series") or {}).get("id")
        preferred = appt.start_at(desk.tz).time()
        offer = next_session_for(desk, appt.patient_id, appt.type, preferred, tag)
    except USER_ERRORS:
        return None
    if offer is None:
        return None
    return await offer_session(app, desk, offer)
