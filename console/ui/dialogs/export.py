"""Export one day of the schedule as CSV or iCalendar: no path is asked for.

The file goes out through :func:`console.ui.delivery.deliver`: a download in a browser,
in a terminal a new file with a generated name in the fixed exports folder.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Label, Static

from console.desk import USER_ERRORS, Desk
from console.services.exports import export_schedule
from console.ui import format as fmt
from console.ui.delivery import deliver
from console.ui.dialogs.base import Dialog, error_line

FORMAT_NAMES = {"csv": "CSV", "ics": "iCalendar"}


class ExportDialog(Dialog[str | None]):
    """Confirms the day's export; answers the sentence saying where it went, or None."""

    NAME = "export"
    FIELD_ALIASES = {"to": "general", "format": "general", "output": "general"}
    BINDINGS = [Binding("ctrl+s", "save", "Save", id="export.save")]

    def __init__(self, desk: Desk) -> None:
        super().__init__(classes="dialog-screen")
        self.desk = desk
        self.day = desk.today()
        self.fmt = "csv"

    def prepare(self, day: dt.date, fmt_key: str, *args: Any, **kwargs: Any) -> None:
        """Take the day and the format (``csv`` or ``ics``) to export."""
        self.day, self.fmt = day, fmt_key
        super().prepare()

    def stem(self) -> str:
        """The start of the generated file name: ``day-YYYY-MM-DD``."""
        return f"day-{self.day.isoformat()}"

    def compose(self) -> ComposeResult:
        """The title, where the file will go, its errors and the buttons."""
        with Vertical(classes="dialog", id="export-dialog"):
            yield Label("", id="export-title", classes="dialog-title")
            yield Static("", id="export-where", markup=False)
            yield error_line("general")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save", id="export-save", variant="primary", compact=True)
                yield Button("Close", id="export-close", compact=True)
            yield Static("Enter saves (private to you) · Esc closes", classes="dialog-hint")

    def reset(self) -> None:
        """Title for the day and format; where the file goes; Save focused."""
        super().reset()
        self.query_one("#export-title", Label).update(
            Text(f"Export {fmt.day_label(self.day)} as {FORMAT_NAMES[self.fmt]}")
        )
        where = (
            "The file is downloaded by your browser."
            if self.app.is_web
            else "The file is saved in your exports folder under a new name."
        )
        self.query_one("#export-where", Static).update(Text(where))
        self.set_focus(self.query_one("#export-save", Button))

    def action_save(self) -> None:
        """Hand the file out and answer where it went, or show why not."""
        self.clear_errors()
        try:
            text = export_schedule(self.desk, self.day, self.day, self.fmt)
            said = deliver(self.app, text, self.stem(), self.fmt, self.desk.store.root)
        except USER_ERRORS as err:
            self.show_error(getattr(err, "field", None), str(err))
            return
        self.dismiss(said)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Save, or close without saving."""
        event.stop()
        if event.button.id == "export-save":
            self.action_save()
        else:
            self.action_close()


async def export_day(app: App[Any], day: dt.date, fmt_key: str) -> None:
    """Offer ``day`` as CSV or iCalendar, then say which file it became (a toast)."""
    said = await ExportDialog.ask(app, day, fmt_key)
    if said is not None:
        app.notify(said, markup=False)
