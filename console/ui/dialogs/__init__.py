"""Dialogs: each is installed once and reused; ``Dialog.ask`` awaits its answer."""

from __future__ import annotations

from typing import Any

from textual.app import App
from textual.screen import Screen

from console.desk import Desk
from console.ui.dialogs.base import Dialog
from console.ui.dialogs.booking import BookingDialog, BookingRequest
from console.ui.dialogs.confirm import ConfirmDialog, Confirmed
from console.ui.dialogs.export import ExportDialog
from console.ui.dialogs.first_available import FirstAvailableDialog
from console.ui.dialogs.goto_date import GoToDateDialog
from console.ui.dialogs.history import HistoryDialog
from console.ui.dialogs.lookup import NEW_PATIENT, LookupDialog
from console.ui.dialogs.one_box import OneBoxDialog
from console.ui.dialogs.patient_form import PatientFormDialog
from console.ui.dialogs.pick import PickDialog
from console.ui.dialogs.restore import RestoreDialog
from console.ui.dialogs.series_plan import (
    NextSessionDialog,
    SeriesPlanDialog,
    offer_next_session,
    offer_series_plan,
)
from console.ui.dialogs.visit_care import (
    AftercareDialog,
    QuestionsDialog,
    give_aftercare,
    needs_aftercare,
    needs_questions,
)
from console.ui.dialogs.waitlist_add import WaitlistAddDialog
from console.ui.dialogs.waitlist_offers import WaitlistOffersDialog
from console.ui.dialogs.walkin import WalkInDialog

__all__ = [
    "AftercareDialog",
    "BookingDialog",
    "BookingRequest",
    "ConfirmDialog",
    "Confirmed",
    "Dialog",
    "ExportDialog",
    "FirstAvailableDialog",
    "GoToDateDialog",
    "HistoryDialog",
    "LookupDialog",
    "NextSessionDialog",
    "OneBoxDialog",
    "PatientFormDialog",
    "PickDialog",
    "QuestionsDialog",
    "RestoreDialog",
    "SeriesPlanDialog",
    "WaitlistAddDialog",
    "WaitlistOffersDialog",
    "WalkInDialog",
    "choose_patient",
    "dialogs",
    "give_aftercare",
    "needs_aftercare",
    "needs_questions",
    "offer_next_session",
    "offer_series_plan",
]


def dialogs(desk: Desk) -> dict[str, Screen[Any]]:
    """One instance of every dialog, by the name it is installed under."""
    made: list[Dialog[Any]] = [
        LookupDialog(desk),
        PatientFormDialog(desk),
        BookingDialog(desk),
        FirstAvailableDialog(desk),
        WalkInDialog(desk),
        GoToDateDialog(desk),
        HistoryDialog(desk),
        SeriesPlanDialog(desk),
        QuestionsDialog(desk),
        AftercareDialog(desk),
        ExportDialog(desk),
        RestoreDialog(desk),
        ConfirmDialog(),
        NextSessionDialog(),
        OneBoxDialog(),
        PickDialog(),
        WaitlistOffersDialog(desk),
        WaitlistAddDialog(desk),
    ]
    return {dialog.NAME: dialog for dialog in made}


async def choose_patient(app: App[Any], title: str) -> str | None:
    """Ask who it is (lookup, or a new patient); the patient id or None."""
    answer = await LookupDialog.ask(app, mode="choose", title=title)
    if answer is None or not answer.startswith(NEW_PATIENT):
        return answer
    patient = await PatientFormDialog.ask(app, typed=answer[len(NEW_PATIENT) :])
    return patient.id if patient is not None else None
