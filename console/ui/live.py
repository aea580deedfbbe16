"""Live refresh: notice changes made by any desk and tell the screens on show.

Every writer bumps the store's change counters (console/store/generations.py), so
one small read tells whether anything changed since the last look. Polling that
file twice a second costs microseconds and needs no daemon, socket or inotify,
which keeps it working over SSH and on network file systems alike.
"""

from __future__ import annotations

from textual.app import App

from console.desk import Desk
from console.ui.messages import StoreChanged

POLL_SECONDS = 0.4  # a change shows on every other desk well within one second


class LiveRefresh:
    """Watches one desk's store and posts :class:`StoreChanged` when it moves."""

    def __init__(self, app: App, desk: Desk) -> None:
        self.app = app
        self.desk = desk
        self._seen = self._token()

    def _token(self) -> bytes:
        try:
            return self.desk.change_token()
        except OSError:
            return b""  # an unreadable counter file: the next look will tell

    def start(self) -> None:
        """Begin polling (call from the app's ``on_mount``)."""
        self.app.set_interval(POLL_SECONDS, self.poll, name="live-refresh")

    def poll(self) -> bool:
        """Look once; notify every screen on the stack when the store changed."""
        token = self._token()
        if token == self._seen:
            return False
        self._seen = token
        for screen in self.app.screen_stack:
            screen.post_message(StoreChanged())
        return True
