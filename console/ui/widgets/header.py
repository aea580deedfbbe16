"""The clinic header: name, the date being looked at, the time and whether it is open."""

from __future__ import annotations

import datetime as dt

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Static

from console.ui.format import day_label


class ClinicHeader(Horizontal):
    """Clinic and selected day left; right, now: ``Now 10:30 AM · Open · closes 6:00 PM``."""

    DEFAULT_CSS = """
    ClinicHeader {
        dock: top;
        height: 1;
        background: $primary-background;
        color: $text;
        #header-left { width: 1fr; padding: 0 1; text-style: bold; }
        #header-right { width: auto; padding: 0 1; }
        #header-privacy { width: auto; display: none; text-style: bold reverse; }
    }
    """

    def __init__(self, clinic: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self._clinic = clinic

    def compose(self) -> ComposeResult:
        yield Static(Text(self._clinic), id="header-left")
        yield Static(" Initials only ", id="header-privacy", markup=False)
        yield Static("", id="header-right", markup=False)

    def on_mount(self) -> None:
        # Say so while names show as initials (the app's initials-only mode).
        if hasattr(self.app, "initials_only"):
            self.watch(self.app, "initials_only", self._show_initials_only)

    def _show_initials_only(self, on: bool) -> None:
        self.query_one("#header-privacy").display = on

    def show(self, day: dt.date, clock: str, open_now: str) -> None:
        """Show the selected ``day`` and the clinic's state at ``clock``."""
        left = Text(no_wrap=True, overflow="ellipsis")
        left.append(self._clinic)
        left.append(f" · {day_label(day)}")
        self.query_one("#header-left", Static).update(left)
        # "Now": the right side is about this moment, even while another day is shown.
        self.query_one("#header-right", Static).update(Text(f"Now {clock} · {open_now}"))
