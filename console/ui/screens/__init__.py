"""Screens: the desk (three panes), the patient, calls, day close, waitlist, setup.

Each screen's module is imported when its name is first asked for (PEP 562), so
start-up imports only the desk screen the first frame shows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from console.ui.lazy import lazy_getattr

if TYPE_CHECKING:
    from console.ui.screens.calls import CallsScreen
    from console.ui.screens.day_close import DayCloseScreen
    from console.ui.screens.desk import DeskScreen
    from console.ui.screens.patient import PatientScreen
    from console.ui.screens.setup import SetupScreen
    from console.ui.screens.waitlist import WaitlistScreen

__all__ = [
    "CallsScreen",
    "DayCloseScreen",
    "DeskScreen",
    "PatientScreen",
    "SetupScreen",
    "WaitlistScreen",
]

_HOMES = {
    "CallsScreen": "calls",
    "DayCloseScreen": "day_close",
    "DeskScreen": "desk",
    "PatientScreen": "patient",
    "SetupScreen": "setup",
    "WaitlistScreen": "waitlist",
}


__getattr__ = lazy_getattr(__name__, _HOMES)
