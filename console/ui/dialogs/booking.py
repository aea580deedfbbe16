"""Book, move or cancel a visit. Free times for the day and type are offered beside it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal

import arrow
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from console.clinic.booking import Slot
from console.clinic.dates import parse_day
from console.clinic.errors import BookingRefused, InvalidInput
from console.clinic.models import Appointment
from console.desk import USER_ERRORS, Desk
from console.services import series
from console.ui import format as fmt
from console.ui.dialogs.base import Dialog, TextBox, error_line, text_box
from console.ui.dialogs.first_available import FirstAvailableDialog, FirstRequest
from console.ui.dialogs.goto_date import DATE_FORMS
from console.ui.messages import StoreChanged

Mode = Literal["new", "move", "cancel"]
TITLES = {"new": "Book a visit", "move": "Move a visit", "cancel": "Cancel this visit?"}
OK_LABELS = {"new": "Book", "move": "Move", "cancel": "Cancel visit"}


@dataclass(frozen=True)
class BookingRequest:
    """What the dialog is asked to do, and what it starts with."""

    mode: Mode
    patient_id: str
    day: dt.date
    time: str = ""  # HH:MM, may be empty
    appointment_id: str | None = None
    type_key: str | None = None
    provider: str = ""
    room: str = ""
    minutes: int | None = None

    @classmethod
    def for_visit(cls, mode: Mode, appt: Appointment, start: arrow.Arrow) -> BookingRequest:
        """A request to move or cancel ``appt`` (which starts at ``start``)."""
        return cls(
            mode,
            appt.patient_id,
            start.date(),
            start.format("HH:mm"),
            appt.id,
            appt.type,
            appt.provider,
            appt.room,
            appt.minutes,
        )


class BookingDialog(Dialog[Appointment | None]):
    """Answers the appointment as saved (booked, moved or cancelled), or None."""

    NAME = "booking"
    FIELD_ALIASES = {"start": "time", "minutes": "time", "status": "general"}
    BINDINGS = [
        Binding("ctrl+s", "confirm", "Save", id="booking.confirm"),
        Binding("down", "free_times", "Free times", show=False, id="booking.free_times"),
        Binding("ctrl+n", "first_available", "First available", id="booking.first_available"),
    ]

    @dataclass
    class SlotsLoaded(Message, bubble=False):
        """Free times for ``key`` (date, type, provider) were read in a worker."""

        key: tuple[dt.date, str, str]
        slots: list[Slot]
        error: str = ""

    def __init__(self, desk: Desk) -> None:
        super().__init__(classes="dialog-screen")
        self.desk = desk
        self.request = BookingRequest("new", "", desk.today())
        self._slots: list[Slot] = []
        # Every time offered since the dialog opened: a clash on one of them means another
        # desk took it meanwhile (even after live refresh has dropped it from the list).
        self._offered: set[Slot] = set()
        self._slots_key: tuple[dt.date, str, str] | None = None

    def prepare(self, request: BookingRequest, *args: Any, **kwargs: Any) -> None:
        """Take the booking, move or cancel request to show next."""
        self.request = request
        super().prepare()

    def compose(self) -> ComposeResult:
        """The form (patient, date, type, time, provider, room) beside the free times."""
        config = self.desk.config
        types = [(Text(t.label), key) for key, t in config.appointment_types.items()]
        with Vertical(classes="dialog", id="booking-dialog"):
            yield Label("", id="booking-title", classes="dialog-title")
            with Horizontal(id="booking-body"):
                with Vertical(id="booking-form"):
                    with Horizontal(classes="field", id="booking-patient-row"):
                        yield Label("Patient", classes="field-label")
                        yield Static("", id="booking-patient", markup=False)
                    yield Static("", id="booking-alert", markup=False)
                    yield Static("", id="booking-health", markup=False)
                    yield error_line("patient")
                    with Horizontal(classes="field"):
                        yield Label("Date", classes="field-label")
                        yield text_box(DATE_FORMS, id="booking-date")
                    yield error_line("date")
                    with Horizontal(classes="field"):
                        yield Label("Type", classes="field-label")
                        yield Select(types, id="booking-type", allow_blank=False, compact=True)
                    yield error_line("type")
                    with Horizontal(classes="field"):
                        yield Label("Time", classes="field-label")
                        yield text_box("HH:MM or 2:30 PM", id="booking-time")
                    yield error_line("time")
                    with Horizontal(classes="field"):
                        yield Label("Provider", classes="field-label")
                        yield Select(
                            [(Text(p), p) for p in config.providers],
                            prompt="Any provider",
                            id="booking-provider",
                            compact=True,
                        )
                    yield error_line("provider")
                    with Horizontal(classes="field"):
                        yield Label("Room", classes="field-label")
                        yield Select(
                            [(Text(r), r) for r in config.rooms],
                            prompt="Any room",
                            id="booking-room",
                            compact=True,
                        )
                    yield error_line("room")
                    yield error_line("general")
                    with Horizontal(classes="dialog-buttons"):
                        yield Button("Book", id="booking-ok", variant="primary", compact=True)
                        yield Button("Close", id="booking-close", compact=True)
                with Vertical(id="booking-slots-box"):
                    # Beside the form, so the dialog still fits 24 lines with a warning.
                    yield Static("", id="booking-series", markup=False)
                    yield Static("", id="booking-slots-title", markup=False)
                    yield OptionList(id="booking-slots")
                    yield Button("First available ^N", id="booking-first", compact=True)
            yield Static("", id="booking-hint", classes="dialog-hint", markup=False)

    # -- filling in ---------------------------------------------------------------

    def reset(self) -> None:
        """Fill the form from the request; a cancel shows it read-only."""
        super().reset()
        req = self.request
        cancelling = req.mode == "cancel"
        self.query_one("#booking-title", Label).update(TITLES[req.mode])
        health, alert = Text(""), Text("")
        try:
            patient = self.desk.patient(req.patient_id)
            name = Text(fmt.who(patient))
            alert = fmt.alert_text(patient)
            health = fmt.health_text(patient)
        except USER_ERRORS as err:
            name = Text(req.patient_id)
            self.show_error("patient", str(err))
        self.query_one("#booking-patient", Static).update(name)
        alert_line = self.query_one("#booking-alert", Static)
        alert_line.update(alert)
        alert_line.display = bool(alert.plain)
        health_line = self.query_one("#booking-health", Static)
        health_line.update(health)
        has_health = bool(health.plain) and "no conditions" not in health.plain
        health_line.set_class(has_health, "-recorded")
        self.query_one("#booking-date", TextBox).put(req.day.isoformat())
        kind = self.query_one("#booking-type", Select)
        kind.value = req.type_key or next(iter(self.desk.config.appointment_types))
        time = fmt.parse_clock(req.time) if req.time else ""
        self.query_one("#booking-time", TextBox).put(_display_time(time))
        self._set_choice("#booking-provider", req.provider)
        self._set_choice("#booking-room", req.room)
        for widget in self.query("#booking-form Input, #booking-form Select"):
            widget.disabled = cancelling
        kind.disabled = req.mode != "new"
        ok = self.query_one("#booking-ok", Button)
        ok.label = OK_LABELS[req.mode]
        ok.variant = "error" if cancelling else "primary"
        self.query_one("#booking-close", Button).label = "Keep it" if cancelling else "Close"
        self.query_one("#booking-slots-box").display = not cancelling
        self.query_one("#booking-first", Button).display = not cancelling
        hint = "Enter or ctrl+s saves · Esc closes"
        if not cancelling:
            hint = "↓ free times, Enter takes one · ctrl+n first available · ctrl+s saves"
        self.query_one("#booking-hint", Static).update(hint)
        self._slots_key = None
        self._offered = set()
        self._show_series_warning()
        if cancelling:
            self.set_focus(ok)
        else:
            self.set_focus(self.query_one("#booking-time"))
            self._refresh_slots()

    def _set_choice(self, selector: str, value: str) -> None:
        select = self.query_one(selector, Select)
        if value:
            select.value = value
        else:
            select.clear()

    def _choice(self, selector: str) -> str | None:
        value = self.query_one(selector, Select).value
        return value if isinstance(value, str) else None

    # -- free slots ---------------------------------------------------------------

    @on(Input.Changed, "#booking-date")
    @on(Select.Changed, "#booking-type")
    @on(Select.Changed, "#booking-provider")
    def _inputs_changed(self, event: Message) -> None:
        event.stop()
        self._refresh_slots()
        self._show_series_warning()

    @on(Input.Changed, "#booking-time")
    def _time_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._show_series_warning()

    def _day(self) -> dt.date:
        """The date typed (any of the accepted forms)."""
        return parse_day(self.query_one("#booking-date", Input).value, self.desk.today())

    def _show_series_warning(self) -> None:
        """Warn (never refuse) when a session of a series falls outside its window."""
        line = self.query_one("#booking-series", Static)
        warning = None
        req = self.request
        typed = self.query_one("#booking-time", Input).value
        if req.mode != "cancel" and typed.strip():
            try:
                hhmm = fmt.parse_clock(typed)
                start = arrow.get(
                    f"{self._day().isoformat()} {hhmm}", "YYYY-MM-DD HH:mm", tzinfo=self.desk.tz
                )
                type_key = self._choice("#booking-type") or ""
                ignore = req.appointment_id if req.mode == "move" else None
                warning = series.window_warning(
                    self.desk, req.patient_id, type_key, start, ignore_id=ignore
                )
            except USER_ERRORS:
                warning = None  # the date or time is refused on saving, with the reason
        line.update(Text(f"⚠ {warning}", f"bold {fmt.YELLOW}") if warning else Text(""))
        line.display = bool(warning)

    def on_store_changed(self, message: StoreChanged) -> None:
        """Another desk booked or moved something: offer only times still free."""
        if self.is_mounted:
            self._refresh_slots(force=True)

    def _refresh_slots(self, *, force: bool = False) -> None:
        if self.request.mode == "cancel":
            return
        title = self.query_one("#booking-slots-title", Static)
        try:
            day = self._day()
        except InvalidInput:
            title.update(Text(f"Free times: type the date ({DATE_FORMS}).", "dim"))
            self._show_slots([])
            return
        type_key = self._choice("#booking-type") or ""
        key = (day, type_key, self._choice("#booking-provider") or "")
        if key == self._slots_key and not force:
            return
        if key != self._slots_key:
            title.update(Text(f"Free on {fmt.short_day(day)}: loading…", "dim"))
        self._slots_key = key
        self._load_slots(key, self.request.patient_id, self.request.minutes)

    @work(thread=True, exclusive=True, group="booking-slots")
    def _load_slots(
        self, key: tuple[dt.date, str, str], patient_id: str, minutes: int | None
    ) -> None:
        day, type_key, provider = key
        try:
            slots = self.desk.free_slots(
                day,
                type_key,
                minutes=minutes,
                provider=provider or None,
                patient_id=patient_id,
                ignore_id=self.request.appointment_id if self.request.mode == "move" else None,
            )
        except USER_ERRORS as err:
            self.post_message(self.SlotsLoaded(key, [], str(err)))
            return
        if not get_current_worker().is_cancelled:
            self.post_message(self.SlotsLoaded(key, slots))

    def on_booking_dialog_slots_loaded(self, message: SlotsLoaded) -> None:
        """Show the free times just read, unless the date or type changed since."""
        if message.key != self._slots_key:  # the date or type changed since
            return
        day = message.key[0]
        info = self.desk.day_info(day)
        title = self.query_one("#booking-slots-title", Static)
        if message.error:
            title.update(Text(message.error, fmt.RED))
        elif not info.bookable:
            title.update(Text(f"{fmt.short_day(day)}: {fmt.describe_day(info)}", f"bold {fmt.RED}"))
        elif not message.slots:
            title.update(Text(f"No free time on {fmt.short_day(day)} for this visit.", fmt.YELLOW))
        else:
            title.update(Text(f"Free on {fmt.short_day(day)} ({len(message.slots)}):", "bold"))
        self._show_slots(message.slots)

    def _show_slots(self, slots: list[Slot]) -> None:
        listing = self.query_one("#booking-slots", OptionList)
        # Keep the highlight on the same time when the list is refreshed under it.
        was = self._slots[listing.highlighted] if listing.highlighted is not None else None
        if was is not None and was not in slots:
            was = None
        self._slots = slots
        self._offered.update(slots)
        listing.clear_options()
        width = max(listing.size.width - 2, 20)
        listing.add_options(
            Option(fmt.with_fit(s.provider, s.room, f"{fmt.time_label(s.start):>8}  ").pick(width))
            for s in slots
        )
        if was is not None:
            listing.highlighted = slots.index(was)
        elif listing.has_focus and slots:
            listing.highlighted = 0

    def action_free_times(self) -> None:
        """Move to the list of free times (from the date or time box)."""
        listing = self.query_one("#booking-slots", OptionList)
        if listing.option_count and listing.display:
            listing.focus()
            if listing.highlighted is None:
                listing.highlighted = 0

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Take the chosen free time (time, room, provider) into the form."""
        event.stop()
        slot = self._slots[event.option_index]
        self.query_one("#booking-time", TextBox).put(fmt.time_label(slot.start))
        self._set_choice("#booking-room", slot.room)
        self._set_choice("#booking-provider", slot.provider)
        self.set_focus(self.query_one("#booking-ok", Button))

    # -- first available ----------------------------------------------------------

    def action_first_available(self) -> None:
        """The first free times across days for this type; Enter there books in one step."""
        req = self.request
        if req.mode == "cancel":
            return
        first = FirstRequest(
            req.patient_id,
            self._choice("#booking-type") or req.type_key or "",
            self._choice("#booking-provider") or "",
            req.appointment_id if req.mode == "move" else None,
        )
        dialog = self.app.get_screen(FirstAvailableDialog.NAME, FirstAvailableDialog)
        dialog.prepare(first)

        def booked(appt: Appointment | None) -> None:
            if appt is not None and self.is_current:
                self.dismiss(appt)  # booked there: this dialog answers it as its own

        self.app.push_screen(dialog, booked)

    # -- saving -------------------------------------------------------------------

    def action_confirm(self) -> None:
        """Book, move or cancel as asked; answer the saved visit or show why not."""
        self.clear_errors()
        req = self.request
        try:
            if req.mode == "cancel":
                appt = self.desk.cancel(req.appointment_id or "")
            else:
                day = self._day()
                typed = self.query_one("#booking-time", Input).value
                if not typed.strip():
                    raise InvalidInput("Type a time (HH:MM) or pick a free time.", "time")
                start = f"{day.isoformat()} {fmt.parse_clock(typed)}"
                provider, room = self._choice("#booking-provider"), self._choice("#booking-room")
                if req.mode == "new":
                    type_key = self._choice("#booking-type") or ""
                    appt = self.desk.book(
                        req.patient_id, start, type_key, provider=provider, room=room
                    )
                else:
                    appt = self.desk.reschedule(
                        req.appointment_id or "", start, provider=provider, room=room
                    )
        except USER_ERRORS as err:
            if self._taken_meanwhile(err):
                # Two desks went for the same time and the other one won.
                self.show_error(
                    "general",
                    f"Another desk has just taken that time ({str(err).rstrip('.')}); "
                    "pick one of the free times, now updated.",
                )
            else:
                self.show_error(getattr(err, "field", None), str(err))
            self._refresh_slots(force=True)
            return
        self.dismiss(appt)

    def _taken_meanwhile(self, err: Exception) -> bool:
        """True when a clash refused a time this dialog had offered as free."""
        if not isinstance(err, BookingRefused) or err.field not in ("provider", "room", "start"):
            return False
        try:
            typed = fmt.parse_clock(self.query_one("#booking-time", Input).value)
            day = self._day()
        except InvalidInput:
            return False
        provider, room = self._choice("#booking-provider"), self._choice("#booking-room")
        return any(
            s.start.date() == day
            and s.start.format("HH:mm") == typed
            and provider in (None, s.provider)
            and room in (None, s.room)
            for s in self._offered
        )

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in a box saves."""
        event.stop()
        self.action_confirm()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Save, or close without saving."""
        event.stop()
        if event.button.id == "booking-ok":
            self.action_confirm()
        elif event.button.id == "booking-first":
            self.action_first_available()
        else:
            self.action_close()


def _display_time(hhmm: str) -> str:
    if not hhmm:
        return ""
    hour, minute = (int(part) for part in hhmm.split(":"))
    return fmt.clock(dt.time(hour, minute))
