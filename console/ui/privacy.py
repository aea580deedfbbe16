"""Privacy at the desk: the idle lock, and switching initials-only mode.

After ``privacy_idle_seconds`` without a key or mouse event (or on F12) the lock
screen covers everything, dialogs included. Idle time is measured with a monotonic
clock that tests replace (:attr:`IdleLock.clock`), so no test waits for time to pass.
How names and details show in initials-only mode is ``console.ui.redact``.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from textual import events
from textual.app import App

from console.desk import Desk
from console.ui import format as fmt
from console.ui.dialogs.base import Dialog
from console.ui.messages import StoreChanged
from console.ui.screens.lock import LockScreen
from console.ui.widgets.status_line import StatusLine

CHECK_SECONDS = 1.0  # how often the idle time is looked at
#: Events that mean someone is at the desk (a mouse moving over the window too).
ACTIVITY = (events.Key, events.MouseEvent, events.Paste)


#: Said when the mode is switched with a dialog open (it would keep showing details).
CLOSE_DIALOG_FIRST = "Close the open dialog first; then switch initials only."


def set_initials_only(app: App[Any], on: bool) -> str | None:
    """Turn initials-only on or off and redraw what is on show at once.

    Every screen on the stack re-reads and redraws, keeping its place. Status lines
    and toasts may still say a full name ("Checked in Ana O'Brien."): they are cleared.
    An open dialog drew its patient details when it opened and would go on showing
    them, so with one open nothing changes and the sentence to show is returned.
    """
    if bool(getattr(app, "initials_only", False)) == on:
        return None
    if any(isinstance(screen, Dialog) for screen in app.screen_stack):
        return CLOSE_DIALOG_FIRST
    # The console's App declares it; ui/ cannot import console.app (it is the layer above).
    app.initials_only = on  # type: ignore[attr-defined]
    app.clear_notifications()
    for screen in app.screen_stack:
        if on:
            for line in screen.query(StatusLine):
                line.clear()
        screen.post_message(StoreChanged())
    return None


def toggle_initials_only(app: App[Any]) -> None:
    """Switch initials-only mode; a refusal shows in the open dialog, else as a toast."""
    refusal = set_initials_only(app, not getattr(app, "initials_only", False))
    if refusal and isinstance(app.screen, Dialog):
        app.screen.show_error("general", refusal)  # inline, in the dialog it is about
    elif refusal:
        app.notify(refusal, severity="warning", markup=False)


class IdleLock:
    """Locks ``app`` after the clinic's ``privacy_idle_seconds`` with no input (0: never).

    ``clock`` is a monotonic clock in seconds: ``time.monotonic`` unless a test says.
    """

    def __init__(
        self, app: App[Any], desk: Desk, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.app = app
        self.desk = desk
        self.idle_seconds = desk.plain_config.privacy_idle_seconds
        self.clock = clock
        self.last_input = clock()
        #: At a shared desk (name and PIN), idle time signs the person out instead of
        #: locking: a key must not carry on as them. True if it did (see ui/people.py).
        self.hand_over: Callable[[], bool] | None = None

    def clinic_time(self) -> str:
        """``10:30 AM · Tue 24 Nov 2026`` on the clinic's clock (what the lock shows)."""
        now = self.desk.now()
        return f"{fmt.time_label(now)} · {fmt.day_label(now.date())}"

    @property
    def locked(self) -> bool:
        """True while the lock screen is on the stack."""
        return any(isinstance(s, LockScreen) for s in self.app.screen_stack)

    def start(self) -> None:
        """Look at the idle time every second (call from the app's ``on_mount``)."""
        self.last_input = self.clock()
        if self.idle_seconds > 0:
            self.app.set_interval(CHECK_SECONDS, self.check, name="privacy-idle")

    def saw(self, event: events.Event) -> None:
        """Note an event; keys and the mouse restart the idle time."""
        if isinstance(event, ACTIVITY):
            self.last_input = self.clock()

    def check(self) -> bool:
        """Lock (or hand the desk over) when idle long enough; True when this call did."""
        if self.idle_seconds <= 0 or self.clock() - self.last_input < self.idle_seconds:
            return False
        if self.hand_over is not None:
            return self.hand_over()
        return self.lock()

    def lock(self) -> bool:
        """Cover everything with the lock screen (over any dialog); False if already locked."""
        if self.locked:
            return False
        # Toasts follow the top screen and may name a patient: none on the lock screen.
        self.app.clear_notifications()
        self.app.push_screen(
            LockScreen(self.desk.plain_config.name, self.clinic_time), self._unlocked
        )
        return True

    def _unlocked(self, _result: None) -> None:
        self.last_input = self.clock()
