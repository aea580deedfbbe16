"""First available: the next free times across days for a visit type; Enter books one.

Opened from the booking dialog (ctrl+n or its button) with the type and provider the
form holds. Narrowed by weekday and time of day like ``frontdesk first``; the search is
the desk's (:meth:`Desk.first_available`), so it honours every provider's hours, breaks
and time off, buffers, rooms out of service and closures.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from console.clinic.booking import Slot
from console.clinic.models import Appointment
from console.desk import USER_ERRORS, Desk
from console.ui import format as fmt
from console.ui.dialogs.base import Dialog, error_line, text_box

#: How many times are offered at once.
LIMIT = 8
HINT = "Enter in a box searches · ↓ to the times · Enter {} there · Esc back"


@dataclass(frozen=True)
class FirstRequest:
    """Whom and what the times are for: a new visit, or a visit to move."""

    patient_id: str
    type_key: str
    provider: str = ""
    appointment_id: str | None = None  # set when moving that visit


class FirstAvailableDialog(Dialog[Appointment | None]):
    """Lists the first free times; answers the visit booked (or moved) there, or None."""

    NAME = "first-available"
    ASKS_BEFORE_DISCARD = False  # the boxes are search filters, not work to lose
    FIELD_ALIASES = {"weekdays": "weekday", "start": "general", "time": "general"}
    BINDINGS = [Binding("down", "to_times", "Times", show=False, id="first.times")]

    @dataclass
    class Found(Message, bubble=False):
        """The search for ``key`` ended in a worker (``error`` says why it could not)."""

        key: tuple[str, ...]
        slots: list[Slot]
        error: str = ""
        field: str = ""

    def __init__(self, desk: Desk) -> None:
        super().__init__(classes="dialog-screen")
        self.desk = desk
        self.request = FirstRequest("", "")
        self.slots: list[Slot] = []
        self._key: tuple[str, ...] = ()

    def prepare(self, request: FirstRequest, *args: Any, **kwargs: Any) -> None:
        """Take the patient, type and provider to search for."""
        self.request = request
        super().prepare()

    def compose(self) -> ComposeResult:
        """Filters (provider, weekday, after, before), the times found, the hint."""
        providers = [(Text(p), p) for p in self.desk.config.providers]
        with Vertical(classes="dialog", id="first-dialog"):
            yield Label("", id="first-title", classes="dialog-title")
            with Horizontal(classes="field"):
                yield Label("Provider", classes="field-label")
                yield Select(providers, prompt="Any provider", id="first-provider", compact=True)
            yield error_line("provider")
            with Horizontal(classes="field"):
                yield Label("Weekday", classes="field-label")
                yield text_box("any day, or tue, or mon,wed", id="first-weekday")
            yield error_line("weekday")
            with Horizontal(classes="field"):
                yield Label("After", classes="field-label")
                yield text_box("HH:MM (any time)", id="first-after")
            yield error_line("after")
            with Horizontal(classes="field"):
                yield Label("Before", classes="field-label")
                yield text_box("HH:MM (any time)", id="first-before")
            yield error_line("before")
            yield Static("", id="first-found", markup=False)
            yield OptionList(id="first-times")
            yield error_line("general")
            yield Static("", id="first-hint", classes="dialog-hint", markup=False)

    def reset(self) -> None:
        """Start from the form's provider, no other filter; search at once."""
        super().reset()
        req = self.request
        kind = self.desk.config.appointment_types.get(req.type_key)
        verb = "Move to" if req.appointment_id else "Book"
        label = kind.label if kind else req.type_key
        self.query_one("#first-title", Label).update(Text(f"{verb} the first available: {label}"))
        hint = HINT.format("moves it" if req.appointment_id else "books")
        self.query_one("#first-hint", Static).update(hint)
        provider = self.query_one("#first-provider", Select)
        if req.provider:
            provider.value = req.provider
        else:
            provider.clear()
        for box in ("#first-weekday", "#first-after", "#first-before"):
            self.query_one(box, Input).value = ""
        self._key = ()
        self.set_focus(self.query_one("#first-weekday"))
        self.search()

    def _filters(self) -> dict[str, str]:
        provider = self.query_one("#first-provider", Select)
        return {
            "provider": "" if provider.is_blank() else str(provider.value),
            "weekdays": self.query_one("#first-weekday", Input).value.strip(),
            "after": self.query_one("#first-after", Input).value.strip(),
            "before": self.query_one("#first-before", Input).value.strip(),
        }

    @on(Select.Changed, "#first-provider")
    def _provider_changed(self, event: Select.Changed) -> None:
        event.stop()
        self.search()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in a filter box searches again."""
        event.stop()
        self.search()

    def search(self) -> None:
        """Look for the first free times matching the filters (in a worker)."""
        filters = self._filters()
        key = (self.request.type_key, *filters.values())
        self._key = key
        self.clear_errors()
        self.query_one("#first-found", Static).update(Text("Looking…", "dim"))
        self._search(key, self.request.type_key, filters)

    @work(thread=True, exclusive=True, group="first-available")
    def _search(self, key: tuple[str, ...], type_key: str, filters: dict[str, str]) -> None:
        try:
            slots = self.desk.first_available(
                type_key,
                provider=filters["provider"] or None,
                weekdays=filters["weekdays"] or None,
                after=filters["after"] or None,
                before=filters["before"] or None,
                patient_id=self.request.patient_id,  # never a time they are booked already
                limit=LIMIT,
            )
        except USER_ERRORS as err:
            found = self.Found(key, [], str(err), getattr(err, "field", "") or "")
        else:
            found = self.Found(key, slots)
        if not get_current_worker().is_cancelled:
            self.post_message(found)

    def on_first_available_dialog_found(self, message: Found) -> None:
        """Show the times found (unless the filters changed since)."""
        if message.key != self._key:
            return
        found = self.query_one("#first-found", Static)
        if message.error:
            found.update("")
            self.show_error(message.field, message.error)
        elif not message.slots:
            found.update(Text("No free time matches; loosen a filter.", fmt.YELLOW))
        else:
            found.update(Text(f"The first {len(message.slots)} free times:", "bold"))
        self.slots = message.slots
        listing = self.query_one("#first-times", OptionList)
        listing.clear_options()
        listing.add_options(Option(slot_text(slot)) for slot in self.slots)
        if self.slots:
            listing.highlighted = 0

    def action_to_times(self) -> None:
        """From a filter box to the times found."""
        listing = self.query_one("#first-times", OptionList)
        if listing.option_count:
            listing.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Book (or move to) the time picked, in one step."""
        event.stop()
        slot = self.slots[event.option_index]
        start = slot.start.format("YYYY-MM-DD HH:mm")
        req = self.request
        try:
            if req.appointment_id:
                appt = self.desk.reschedule(
                    req.appointment_id, start, provider=slot.provider, room=slot.room
                )
            else:
                appt = self.desk.book(
                    req.patient_id, start, req.type_key, provider=slot.provider, room=slot.room
                )
        except USER_ERRORS as err:
            self.search()  # another desk may have taken it: offer what is free now
            self.show_error("general", str(err))
            return
        self.dismiss(appt)


def slot_text(slot: Slot) -> Text:
    """``Tue 1 Dec   10:00 AM  Provider A · Room 1``."""
    text = Text(f"{fmt.short_day(slot.start.date()):<10} {fmt.time_label(slot.start):>8}  ")
    text.append_text(fmt.plain(fmt.with_label(slot.provider, slot.room), "dim"))
    return text
