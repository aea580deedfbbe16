"""The clinic header: name, the date being looked at, the time and whether it is open."""

from __future__ import annotations

import datetime as dt

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Static

from console.ui.format import day_label, short_day

#: Below this width, in initials-only mode, the date loses its year and the marker
#: shortens to "Initials", so the clinic, the date and the time all fit at 80 columns.
FULL_DATE_WIDTH = 100


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
        #header-privacy { width: auto; text-style: bold reverse; }
    }
    """

    def __init__(self, clinic: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self._clinic = clinic
        self._day: dt.date | None = None

    def compose(self) -> ComposeResult:
        """Clinic and day on the left, the initials-only marker (hidden), now on the right."""
        yield Static(Text(self._clinic), id="header-left")
        yield Static("", id="header-privacy", markup=False)  # empty: zero wide
        yield Static("", id="header-right", markup=False)

    def on_mount(self) -> None:
        """Show the marker while names show as initials (the app's initials-only mode)."""
        if hasattr(self.app, "initials_only"):
            self.watch(self.app, "initials_only", self._show_initials_only)

    def _show_initials_only(self, on: bool) -> None:
        # The marker is emptied rather than hidden: Textual 8.2 keeps a container's
        # arrangement when only a child's display changes, so a marker shown that way
        # appeared only at the next resize; a new text re-arranges the header.
        self._show_left()

    def on_resize(self) -> None:
        """Fit the left part (full or short date) to the new width."""
        self._show_left()

    def _show_left(self) -> None:
        if self._day is None:
            return
        marked = bool(getattr(self.app, "initials_only", False))
        short = marked and self.size.width < FULL_DATE_WIDTH
        left = Text(no_wrap=True, overflow="ellipsis")
        left.append(self._clinic)
        left.append(f" · {short_day(self._day) if short else day_label(self._day)}")
        self.query_one("#header-left", Static).update(left)
        marker = ("Initials" if short else " Initials only ") if marked else ""
        self.query_one("#header-privacy", Static).update(marker)

    def show(self, day: dt.date, clock: str, open_now: str) -> None:
        """Show the selected ``day`` and the clinic's state at ``clock``."""
        self._day = day
        self._show_left()
        # "Now": the right side is about this moment, even while another day is shown.
        self.query_one("#header-right", Static).update(Text(f"Now {clock} · {open_now}"))
