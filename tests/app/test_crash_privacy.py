"""A crash prints its traceback, but never the values of local variables (patient data)."""

from __future__ import annotations

import inspect
import io
from pathlib import Path

import pytest
from rich.console import Console
from textual.binding import Binding

from console.app import FrontDeskApp
from console.desk import Desk

FAKE_PATIENT = "Zebulon Crashtestpatient 714-555-0142"


class CrashingApp(FrontDeskApp):
    CSS_PATH = Path(inspect.getfile(FrontDeskApp)).with_name("app.tcss")
    BINDINGS = [Binding("ctrl+b", "crash", "Crash")]

    def action_crash(self) -> None:
        patient = f"{FAKE_PATIENT}"  # a local a receptionist's screen could have held
        raise RuntimeError(f"deliberate crash ({len(patient)} characters)")


async def test_a_crash_traceback_is_printed_without_locals(desk: Desk) -> None:
    app = CrashingApp(desk=desk)
    printed = io.StringIO()
    # What Textual prints at exit goes to this console (stderr: a served console's log).
    app.error_console = Console(file=printed, width=120, color_system=None)
    with pytest.raises(RuntimeError, match="deliberate crash"):
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("ctrl+b")
            await pilot.pause()
    text = printed.getvalue()
    assert "Traceback" in text and "RuntimeError" in text and "action_crash" in text
    assert "deliberate crash" in text
    assert "Crashtestpatient" not in text and "555-0142" not in text
