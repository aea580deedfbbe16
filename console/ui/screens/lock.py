"""The privacy lock: an opaque screen with the clinic's name and time, nothing else."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Static

from console.ui.styles import SCREENS_CSS

HINT = "Press any key to return"
TICK_SECONDS = 1.0


class LockScreen(Screen[None]):
    """Covers every screen and dialog under it; any key or a click takes it away.

    A full :class:`Screen`, not a ``ModalScreen``: nothing under it shows through.
    The screens under it are left as they are (pane, selection, a half-typed dialog),
    so taking it away puts the user back exactly where they were.
    """

    CSS_PATH = SCREENS_CSS

    AUTO_FOCUS = None  # nothing to focus: keys come to the screen itself

    def __init__(self, clinic: str, now: Callable[[], str]) -> None:
        super().__init__(id="lock")
        self.clinic = clinic
        self.now = now
        self._leaving = False

    def compose(self) -> ComposeResult:
        """The clinic's name, the time and the hint; nothing else."""
        with Vertical(id="lock-box"):
            yield Static(Text(self.clinic, "bold"), id="lock-clinic")
            yield Static(Text(self.now()), id="lock-time")
            yield Static(Text(HINT, "dim"), id="lock-hint")

    def on_mount(self) -> None:
        """Remove toasts and tooltips from this screen; keep the time current."""
        # Toasts and tooltips show on the top screen and may name a patient: this
        # screen has none (notifications stay queued for the screen under it).
        for widget in self.query("#textual-toastrack, #textual-tooltip"):
            widget.remove()
        self.set_interval(TICK_SECONDS, self.tick)

    def tick(self) -> None:
        """Show the clinic time again (it follows the clinic's clock)."""
        self.query_one("#lock-time", Static).update(Text(self.now()))

    def on_key(self, event: events.Key) -> None:
        """Any key unlocks (and does nothing else)."""
        # Any key, with no binding of the screens under it running on the way out.
        event.stop()
        event.prevent_default()
        self.unlock()

    def on_click(self, event: events.Click) -> None:
        """A click unlocks."""
        event.stop()
        self.unlock()

    def unlock(self) -> None:
        """Take the lock away (once: a second quick key finds it already leaving)."""
        if self.is_current and not self._leaving:
            self._leaving = True
            self.dismiss()
