"""Screens: the desk (three panes) and the patient screen."""

from console.ui.screens.desk import DeskScreen
from console.ui.screens.patient import PatientScreen

__all__ = ["DeskScreen", "PatientScreen"]
