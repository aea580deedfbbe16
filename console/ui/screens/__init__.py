"""Screens: the desk (three panes), the patient, confirmation calls, day close, setup."""

from console.ui.screens.calls import CallsScreen
from console.ui.screens.day_close import DayCloseScreen
from console.ui.screens.desk import DeskScreen
from console.ui.screens.patient import PatientScreen
from console.ui.screens.setup import SetupScreen

__all__ = ["CallsScreen", "DayCloseScreen", "DeskScreen", "PatientScreen", "SetupScreen"]
