"""Screens: the desk (three panes), the patient, calls, day close, waitlist, setup."""

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
