"""Go to a date typed as YYYY-MM-DD, M/D/YYYY, M/D, today, tomorrow or a weekday name."""

from __future__ import annotations

import datetime as dt
from typing import Any

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label, Static

from console.clinic.dates import parse_day
from console.clinic.errors import InvalidInput
from console.desk import Desk
from console.ui import format as fmt
from console.ui.dialogs.base import Dialog, TextBox, error_line

#: How a date may be typed, shown in every date box of the console.
DATE_FORMS = "YYYY-MM-DD, 12/15, tomorrow, fri…"


class GoToDateDialog(Dialog[dt.date | None]):
    """Asks for a date; answers the date, or None when closed.

    The box starts empty (the day on show is in the placeholder): a typed date never
    has to replace one nobody selected. Enter on the empty box stays on that day.
    """

    NAME = "goto-date"
    ASKS_BEFORE_DISCARD = False  # one date is not work to lose

    def __init__(self, desk: Desk) -> None:
        super().__init__(classes="dialog-screen")
        self.desk = desk
        self._day = desk.today()

    def prepare(self, day: dt.date, *args: Any, **kwargs: Any) -> None:
        """Start from ``day`` (the one on show)."""
        self._day = day
        super().prepare()

    def compose(self) -> ComposeResult:
        """The date box, its errors and the hint."""
        with Vertical(classes="dialog", id="goto-dialog"):
            yield Label("Go to date", classes="dialog-title")
            yield TextBox(placeholder=DATE_FORMS, id="goto-input", max_length=24)
            yield error_line("date")
            yield error_line("general")
            yield Static("Enter goes there · Esc closes", classes="dialog-hint", markup=False)

    def reset(self) -> None:
        """An empty box; the day on show as its placeholder."""
        super().reset()
        box = self.query_one(TextBox)
        box.placeholder = f"{fmt.short_day(self._day)} · {DATE_FORMS}"
        box.put("")
        self.set_focus(box)

    def on_input_changed(self, event: Input.Changed) -> None:
        """Typing clears the last error."""
        self.clear_errors()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Answer the typed date, or say how to type it."""
        event.stop()
        if not event.value.strip():
            self.dismiss(self._day)
            return
        try:
            day = parse_day(event.value, self.desk.today())
        except InvalidInput as err:
            self.show_error("date", str(err))
            return
        self.dismiss(day)
