"""One console session: audited start and end, and a clean end when the line drops.

``run_session`` records ``session.start``, runs the app, and records ``session.end``
with the reason it ended: ``quit`` (the receptionist quit), ``hangup`` (SIGHUP: the SSH
connection or the terminal went away), ``terminated`` (SIGTERM, e.g. a shutdown) or
``error`` (the app failed). Every change is already on disk when the desk returns, so
ending early loses nothing that was acknowledged.

On a hang-up the terminal is gone and every write to it fails (EIO), so standard
input, output and error are first pointed at ``/dev/null``: Textual then shuts down
normally, without a traceback, and the session's end is still recorded.
"""

from __future__ import annotations

import asyncio
import os
import select
import signal
import threading
from types import FrameType
from typing import Any

from textual.app import App

from console.desk import Desk

REASONS: dict[int, str] = {signal.SIGHUP: "hangup", signal.SIGTERM: "terminated"}
#: After a hang-up the app has this long to shut down before the process is ended
#: (the session's end is recorded first): a stuck write must not leave it running.
SHUTDOWN_GRACE_S = 10.0
#: How often the terminal is checked for a hang-up that sent no SIGHUP.
TERMINAL_CHECK_S = 1.0


def silence_terminal() -> None:
    """Point fds 0, 1 and 2 at ``/dev/null``: the terminal has hung up."""
    null = os.open(os.devnull, os.O_RDWR)
    try:
        for fd in (0, 1, 2):
            os.dup2(null, fd)
    finally:
        os.close(null)


class _Session:
    """The state shared by the signal handler and :func:`run_session`."""

    def __init__(self, app: App[Any], desk: Desk) -> None:
        self.app = app
        self.desk = desk
        self.signum: int | None = None  # the signal that ended the session, if any
        self.loop: asyncio.AbstractEventLoop | None = None  # set while the app runs
        self.finished = False  # the app has ended: a later signal changes no reason
        self._ended = threading.Lock()  # session.end is recorded exactly once
        self._recorded = threading.Event()  # ...and is on disk (or failed) when set

    def on_signal(self, signum: int, _frame: FrameType | None) -> None:
        """SIGHUP or SIGTERM, at any moment of the session.

        A plain ``signal.signal`` handler (not the loop's ``add_signal_handler``, which
        asyncio resets to the default, process-killing action when the loop closes), so
        the whole session is covered. It runs in the main thread, which is the loop's:
        ``call_soon_threadsafe`` wakes the loop, and the app is only touched from there.
        """
        if signum == signal.SIGHUP:
            silence_terminal()
        if self.finished or self.signum is not None:
            return
        self.signum = signum
        if signum == signal.SIGHUP:
            threading.Thread(target=self._watchdog, name="hangup", daemon=True).start()
        if self.loop is not None:
            self.loop.call_soon_threadsafe(self.app.exit, None, 128 + signum)

    def watch_terminal(self) -> None:
        """Turn a hang-up that sent us no SIGHUP into one (a thread).

        Only a terminal's session leader is sent SIGHUP when it hangs up; if a shell
        stayed in between, the console would otherwise spin on a dead terminal forever.
        """
        poller = select.poll()
        poller.register(0, select.POLLIN)
        while not self.finished and self.signum is None:
            if any(event & select.POLLHUP for _fd, event in poller.poll(0)):
                os.kill(os.getpid(), signal.SIGHUP)
                return
            threading.Event().wait(TERMINAL_CHECK_S)

    async def run(self) -> None:
        """Run the app (not at all if a signal came first)."""
        self.loop = asyncio.get_running_loop()
        try:
            if self.signum is None:
                await self.app.run_async()
        finally:
            self.finished = True
            self.loop = None

    def end(self, reason: str) -> bool:
        """Record ``session.end`` unless it already was; True if this call recorded it."""
        if not self._ended.acquire(blocking=False):
            # The other thread is writing it: wait, so the desk is not closed under it.
            self._recorded.wait(SHUTDOWN_GRACE_S)
            return False
        try:
            self.desk.record_session("session.end", {"reason": reason})
        finally:
            self._recorded.set()
        return True

    def _watchdog(self) -> None:
        # Textual normally exits within a second; if a write to the dead terminal got
        # stuck, end the process ourselves once the session's end is on disk.
        threading.Event().wait(SHUTDOWN_GRACE_S)
        if self.end(REASONS[self.signum or signal.SIGHUP]):
            os._exit(128 + signal.SIGHUP)


def run_session(app: App[Any], desk: Desk) -> int:
    """Run ``app`` as one audited console session on ``desk``; return the exit status."""
    session = _Session(app, desk)
    previous = {signum: signal.signal(signum, session.on_signal) for signum in REASONS}
    try:
        desk.record_session("session.start", {})  # if this fails, no console opens
        if os.isatty(0):
            threading.Thread(target=session.watch_terminal, name="tty", daemon=True).start()
        reason = "error"
        try:
            asyncio.run(session.run())
            reason = "error" if app.return_code else "quit"
        except OSError:
            # The terminal vanished under Textual before the SIGHUP was handled.
            if session.signum is None:
                raise
        finally:
            if session.signum is not None:
                reason = REASONS[session.signum]
            session.end(reason)
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    if session.signum is not None:
        return 128 + session.signum
    return app.return_code or 0
