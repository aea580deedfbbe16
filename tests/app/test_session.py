"""``run_session``: session.start and session.end (with why) around one console run.

A stand-in app keeps these fast; the real console, a real hang-up and a real quit are
in tests/system/test_ssh_console.py. SIGHUP is not sent here: it points the process's
standard streams at /dev/null, which would blind pytest.
"""

from __future__ import annotations

import asyncio
import os
import signal

import pytest

from console.desk import Administration
from console.ui import session as console_session


class StandInApp:
    """Just what ``run_session`` uses of a Textual app."""

    def __init__(self, on_start=None, return_code: int = 0) -> None:
        self.on_start = on_start
        self.return_code = return_code
        self.started = False
        self._exit = asyncio.Event()

    def exit(self, result=None, return_code: int = 0, message=None) -> None:
        self.return_code = return_code
        self._exit.set()

    async def run_async(self) -> None:
        self._exit = asyncio.Event()
        self.started = True
        if self.on_start:
            self.on_start(self)
        else:
            self._exit.set()
        await asyncio.wait_for(self._exit.wait(), timeout=10)


def sessions(desk) -> list[tuple[str, object]]:
    return [
        (e["action"], e["after"])
        for e in Administration(desk).audit_recent(50)
        if e["kind"] == "session"
    ]


def test_a_quit_is_recorded(desk):
    app = StandInApp()
    assert console_session.run_session(app, desk) == 0
    assert sessions(desk) == [("session.start", {}), ("session.end", {"reason": "quit"})]


def test_a_failed_app_is_recorded_as_an_error(desk):
    app = StandInApp(return_code=1)
    assert console_session.run_session(app, desk) == 1
    assert sessions(desk)[-1] == ("session.end", {"reason": "error"})


def test_sigterm_while_running_ends_the_app_and_is_recorded(desk):
    before = signal.getsignal(signal.SIGTERM)
    app = StandInApp(on_start=lambda _app: os.kill(os.getpid(), signal.SIGTERM))
    assert console_session.run_session(app, desk) == 128 + signal.SIGTERM
    assert app.return_code == 128 + signal.SIGTERM  # the app was asked to exit
    assert sessions(desk)[-1] == ("session.end", {"reason": "terminated"})
    assert signal.getsignal(signal.SIGTERM) is before  # handlers put back


def test_a_failing_start_record_opens_no_console(desk, monkeypatch):
    def refuse(*_args):
        raise OSError("disk full")

    monkeypatch.setattr(desk, "record_session", refuse)
    app = StandInApp()
    with pytest.raises(OSError, match="disk full"):
        console_session.run_session(app, desk)
    assert not app.started
    assert sessions(desk) == []  # no end without a start
