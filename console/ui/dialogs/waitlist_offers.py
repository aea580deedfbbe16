"""A time just freed up: the waitlisted patients it suits, best first; one key books one.

Shown after a cancel, a move or a no-show (see ``console/ui/visit_actions.py``) when
anyone on the waitlist would take the freed time. Enter books the highlighted patient
(1–9 the one with that number) through the desk's ordinary booking, which also takes
them off the waitlist, in one step; Esc leaves the time free. A refusal (another desk
took the time meanwhile) is one sentence in the dialog, and the list is asked again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import arrow
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from console.clinic.models import Appointment
from console.desk import USER_ERRORS, Desk
from console.desk.waitlist import Offer
from console.ui import format as fmt
from console.ui.dialogs.base import Dialog, error_line

#: How many offers the dialog lists (the best ones; 1–9 pick by number).
SHOWN = 9


def offer_label(number: int, offer: Offer, today: dt.date) -> Text:
    """Two lines: ``1  Bea Lee  Consultation 11:15 AM · Room 2`` (the day too when it is
    not today), then what they wait for."""
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append(f"{number}  ", "bold")
    text.append(fmt.who(offer.patient), "bold")
    when = fmt.time_label(offer.start)
    if offer.start.date() != today:
        when = f"{fmt.short_day(offer.start.date())} {when}"
    text.append(f"  {offer.type_label} {when} · {offer.room}")
    entry = offer.entry
    text.append("\n   ")
    if since := entry.created[:10]:
        text.append(f"waiting since {since} · ", "dim")
    text.append(entry.wants(), "dim")
    return text


class WaitlistOffersDialog(Dialog[Appointment | None]):
    """Lists the offers for one freed time; answers the visit booked, or None."""

    NAME = "waitlist-offers"
    BINDINGS = [
        Binding(str(n), f"book({n - 1})", show=False, id=f"waitlist_offers.{n}")
        for n in range(1, SHOWN + 1)
    ]

    def __init__(self, desk: Desk) -> None:
        super().__init__(classes="dialog-screen")
        self.desk = desk
        self.title_text = ""
        self.offers: list[Offer] = []
        self._again: Callable[[], list[Offer]] = list

    def prepare(
        self,
        title: str,
        offers: list[Offer],
        again: Callable[[], list[Offer]],
        *args: Any,
        **kwargs: Any,
    ) -> None:
        """Take the title (what freed up), the offers (best first) and how to ask again."""
        self.title_text, self.offers, self._again = title, offers[:SHOWN], again
        super().prepare()

    def compose(self) -> ComposeResult:
        """The freed time, the offers, an error line and the hint."""
        with Vertical(classes="dialog", id="waitlist-offers-dialog"):
            yield Label("", id="waitlist-offers-title", classes="dialog-title")
            yield OptionList(id="waitlist-offers-list")
            yield error_line("general")
            yield Static(
                "↑/↓ choose · Enter (or 1–9) books into the freed time · Esc leaves it free",
                classes="dialog-hint",
                markup=False,
            )

    def reset(self) -> None:
        """Show the freed time and the offers, the best highlighted."""
        super().reset()
        self.query_one("#waitlist-offers-title", Label).update(Text(self.title_text))
        self._show_offers()

    def _show_offers(self) -> None:
        listing = self.query_one("#waitlist-offers-list", OptionList)
        listing.clear_options()
        listing.add_options(
            Option(offer_label(n, offer, self.desk.today()), id=offer.entry.id)
            for n, offer in enumerate(self.offers, 1)
        )
        listing.highlighted = 0 if self.offers else None
        self.set_focus(listing)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter books the highlighted patient."""
        event.stop()
        self.action_book(event.option_index)

    def action_book(self, index: int) -> None:
        """Book offer number ``index`` (from 0) into the freed time, or say why not."""
        if not 0 <= index < len(self.offers):
            return
        offer = self.offers[index]
        self.clear_errors()
        try:
            appt = self.desk.book_offer(offer.entry.id, offer.start, offer.provider, offer.room)
        except USER_ERRORS as err:
            self.show_error("general", str(err))
            self._ask_again()
            return
        self.dismiss(appt)

    def _ask_again(self) -> None:
        """The offers as they are now (another desk may have booked or removed some)."""
        try:
            self.offers = self._again()[:SHOWN]
        except USER_ERRORS:
            self.offers = []
        self._show_offers()


async def offer_freed_time(app: App[Any], desk: Desk, freed: Appointment) -> str | None:
    """Offer ``freed``'s time (a visit cancelled, moved or missed) to the waitlist.

    The sentence saying who was booked, or None; nothing is shown when nobody on the
    waitlist would take the time.
    """

    def title(offers: list[Offer]) -> str:
        start = offers[0].start  # a no-show's: what is left of its time
        return (
            f"Waitlist: {fmt.short_day(start.date())} {fmt.time_label(start)} with "
            f"{freed.provider} is free"
        )

    return await _offer(app, desk, title, lambda: desk.offers_after(freed))


async def offer_freed_span(
    app: App[Any], desk: Desk, provider: str, start: arrow.Arrow, end: arrow.Arrow
) -> str | None:
    """Offer a provider's span of time freed at once (time off removed) to the waitlist.

    Each waitlisted patient it suits is offered the first time in it that suits them.
    """

    def title(offers: list[Offer]) -> str:
        return f"Waitlist: {provider}'s time from {fmt.short_day(start.date())} is free again"

    return await _offer(app, desk, title, lambda: desk.offers_in_span(provider, start, end))


async def _offer(
    app: App[Any],
    desk: Desk,
    title: Callable[[list[Offer]], str],
    offers_now: Callable[[], list[Offer]],
) -> str | None:
    try:
        offers = offers_now()
    except USER_ERRORS:
        return None  # a damaged waitlist file is `check`'s to report, not this change's
    if not offers:
        return None
    booked = await WaitlistOffersDialog.ask(app, title(offers), offers, offers_now)
    if booked is None:
        return None
    return f"Booked from the waitlist: {fmt.describe_booking(desk, booked)}."
