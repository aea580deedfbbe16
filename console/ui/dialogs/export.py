"""Export one day of the schedule as CSV or iCalendar to a file the user names."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from rich.text import Text
from textual.app import App, ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label, Static

from console.desk import USER_ERRORS, Desk
from console.services.exports import export_schedule
from console.services.files import save_text
from console.ui import format as fmt
from console.ui.dialogs.base import Dialog, error_line

FORMAT_NAMES = {"csv": "CSV", "ics": "iCalendar"}


class ExportDialog(Dialog[Path | None]):
    """Asks where to write the day's schedule; answers the file written, or None."""

    NAME = "export"
    FIELD_ALIASES = {"to": "general", "format": "general"}

    def __init__(self, desk: Desk) -> None:
        super().__init__(classes="dialog-screen")
        self.desk = desk
        self.day = desk.today()
        self.fmt = "csv"

    def prepare(self, day: dt.date, fmt_key: str, *args: Any, **kwargs: Any) -> None:
        """Take the day and the format (``csv`` or ``ics``) to export."""
        self.day, self.fmt = day, fmt_key
        super().prepare()

    def default_path(self) -> str:
        """``~/schedule-YYYY-MM-DD.csv`` (or ``.ics``)."""
        return f"~/schedule-{self.day.isoformat()}.{self.fmt}"

    def compose(self) -> ComposeResult:
        """The title, the file box, its errors and the hint."""
        with Vertical(classes="dialog", id="export-dialog"):
            yield Label("", id="export-title", classes="dialog-title")
            with Horizontal(classes="field"):
                yield Label("Save to", classes="field-label")
                yield Input(id="export-path", compact=True)
            yield error_line("output")
            yield error_line("general")
            yield Static(
                "Enter writes the file (private to you) · Esc closes",
                classes="dialog-hint",
                markup=False,
            )

    def reset(self) -> None:
        """Title for the day and format; the default file name, selected."""
        super().reset()
        self.query_one("#export-title", Label).update(
            Text(f"Export {fmt.day_label(self.day)} as {FORMAT_NAMES[self.fmt]}")
        )
        box = self.query_one(Input)
        box.value = self.default_path()
        box.select_all()
        self.set_focus(box)

    def on_input_changed(self, event: Input.Changed) -> None:
        """Typing clears the last error."""
        self.clear_errors()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Write the file (privately) and answer its path, or show why not."""
        event.stop()
        typed = event.value.strip()
        if not typed:
            self.show_error("output", "Type the file to write.")
            return
        path = Path(typed).expanduser()
        try:
            save_text(path, export_schedule(self.desk, self.day, self.day, self.fmt))
        except USER_ERRORS as err:
            self.show_error(getattr(err, "field", None), str(err))
            return
        self.dismiss(path)


async def export_day(app: App[Any], day: dt.date, fmt_key: str) -> None:
    """Ask where to save ``day`` as CSV or iCalendar, then say where it went (a toast)."""
    path = await ExportDialog.ask(app, day, fmt_key)
    if path is not None:
        app.notify(f"Schedule saved as {FORMAT_NAMES[fmt_key]}: {path}", markup=False)
