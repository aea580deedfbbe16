"""Dialogs: each is installed once and reused; ``Dialog.ask`` awaits its answer."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual.app import App
from textual.screen import Screen

from console.desk import Desk
from console.ui.lazy import lazy_getattr

if TYPE_CHECKING:
    from console.ui.dialogs.base import Dialog
    from console.ui.dialogs.booking import BookingDialog, BookingRequest
    from console.ui.dialogs.confirm import ConfirmDialog, Confirmed
    from console.ui.dialogs.export import ExportDialog
    from console.ui.dialogs.first_available import FirstAvailableDialog
    from console.ui.dialogs.goto_date import GoToDateDialog
    from console.ui.dialogs.history import HistoryDialog
    from console.ui.dialogs.lookup import LookupDialog
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

#: Where each name of this package lives. A dialog's module is imported when the name
#: is first asked for (PEP 562): start-up imports only what the first frame shows.
_HOMES = {
    "AftercareDialog": "visit_care",
    "BookingDialog": "booking",
    "BookingRequest": "booking",
    "ConfirmDialog": "confirm",
    "Confirmed": "confirm",
    "Dialog": "base",
    "ExportDialog": "export",
    "FirstAvailableDialog": "first_available",
    "GoToDateDialog": "goto_date",
    "HistoryDialog": "history",
    "LookupDialog": "lookup",
    "NextSessionDialog": "series_plan",
    "OneBoxDialog": "one_box",
    "PatientFormDialog": "patient_form",
    "PickDialog": "pick",
    "QuestionsDialog": "visit_care",
    "RestoreDialog": "restore",
    "SeriesPlanDialog": "series_plan",
    "WaitlistAddDialog": "waitlist_add",
    "WaitlistOffersDialog": "waitlist_offers",
    "WalkInDialog": "walkin",
    "give_aftercare": "visit_care",
    "needs_aftercare": "visit_care",
    "needs_questions": "visit_care",
    "offer_next_session": "series_plan",
    "offer_series_plan": "series_plan",
}

#: Each installed dialog: its name, its class's name, and whether it takes the desk.
_INSTALLED = (
    ("lookup", "LookupDialog", True),
    ("new-patient", "PatientFormDialog", True),
    ("booking", "BookingDialog", True),
    ("first-available", "FirstAvailableDialog", True),
    ("walkin", "WalkInDialog", True),
    ("goto-date", "GoToDateDialog", True),
    ("history", "HistoryDialog", True),
    ("series-plan", "SeriesPlanDialog", True),
    ("questions", "QuestionsDialog", True),
    ("aftercare", "AftercareDialog", True),
    ("export", "ExportDialog", True),
    ("restore", "RestoreDialog", True),
    ("confirm", "ConfirmDialog", False),
    ("next-session", "NextSessionDialog", False),
    ("one-box", "OneBoxDialog", False),
    ("pick", "PickDialog", False),
    ("waitlist-offers", "WaitlistOffersDialog", True),
    ("waitlist-add", "WaitlistAddDialog", True),
)


__getattr__ = lazy_getattr(__name__, _HOMES)


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
    "dialog_factories",
    "give_aftercare",
    "needs_aftercare",
    "needs_questions",
    "offer_next_session",
    "offer_series_plan",
]


def dialog_factories(desk: Desk) -> dict[str, Callable[[], Screen[Any]]]:
    """How to make each dialog, by the name it is installed under (made on first use)."""

    def factory(class_name: str, takes_desk: bool) -> Callable[[], Screen[Any]]:
        def make() -> Screen[Any]:
            made = __getattr__(class_name)
            return made(desk) if takes_desk else made()

        return make

    return {name: factory(class_name, takes) for name, class_name, takes in _INSTALLED}


async def choose_patient(app: App[Any], title: str) -> str | None:
    """Ask who it is (lookup, or a new patient); the patient id or None."""
    from console.ui.dialogs.lookup import NEW_PATIENT, LookupDialog
    from console.ui.dialogs.patient_form import PatientFormDialog

    answer = await LookupDialog.ask(app, mode="choose", title=title)
    if answer is None or not answer.startswith(NEW_PATIENT):
        return answer
    patient = await PatientFormDialog.ask(app, typed=answer[len(NEW_PATIENT) :])
    return patient.id if patient is not None else None
