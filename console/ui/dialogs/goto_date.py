"""Go to a date typed as YYYY-MM-DD; a bad date is explained under the box."""

from __future__ import annotations

import datetime as dt
from typing import Any

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label, Static

from console.clinic.errors import InvalidInput
from console.clinic.localtime import parse_date
from console.ui.dialogs.base import Dialog, error_line


class GoToDateDialog(Dialog[dt.date | None]):
    """Asks for a date; answers the date, or None when closed."""

    NAME = "goto-date"

    def __init__(self) -> None:
        super().__init__(classes="dialog-screen")
        self._day = dt.date.today()

    def prepare(self, day: dt.date, *args: Any, **kwargs: Any) -> None:
        """Start from ``day`` (the one on show)."""
        self._day = day
        super().prepare()

    def compose(self) -> ComposeResult:
        """The date box, its errors and the hint."""
        with Vertical(classes="dialog", id="goto-dialog"):
            yield Label("Go to date", classes="dialog-title")
            yield Input(placeholder="YYYY-MM-DD", id="goto-input", max_length=10)
            yield error_line("date")
            yield error_line("general")
            yield Static("Enter goes there · Esc closes", classes="dialog-hint", markup=False)

    def reset(self) -> None:
        """Put the current day in the box, selected."""
        super().reset()
        box = self.query_one(Input)
        box.value = self._day.isoformat()
        box.select_all()
        self.set_focus(box)

    def on_input_changed(self, event: Input.Changed) -> None:
        """Typing clears the last error."""
        self.clear_errors()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Answer the typed date, or say how to type it."""
        event.stop()
        try:
            day = parse_date(event.value)
        except InvalidInput as err:
            self.show_error("date", str(err))
            return
        self.dismiss(day)
