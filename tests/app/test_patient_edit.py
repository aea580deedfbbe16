"""The patient's details, allergies, conditions and alert from the patient screen."""

from __future__ import annotations

from textual.widgets import Input

from console.app import FrontDeskApp
from console.clinic.models import Patient
from console.desk import Desk
from console.ui.dialogs import ConfirmDialog, OneBoxDialog, PatientFormDialog, PickDialog
from console.ui.messages import OpenPatient
from tests.app.drive import press, screen_text, settle, type_text

SIZE = (100, 30)


async def open_patient(pilot, app: FrontDeskApp, patient: Patient) -> None:
    await settle(pilot)
    app.post_message(OpenPatient(patient.id))
    await settle(pilot)
    assert app.screen is app.patient_screen


def lena(desk: Desk) -> Patient:
    return desk.add_patient("Lena", "Ortiz", "714-555-0177", allergies=["Penicillin"])


async def test_typing_in_the_edit_form_never_replaces_a_detail(
    app: FrontDeskApp, desk: Desk, fresh: Desk
) -> None:
    patient = lena(desk)
    async with app.run_test(size=SIZE) as pilot:
        await open_patient(pilot, app, patient)
        await press(pilot, "e")
        form = app.screen
        assert isinstance(form, PatientFormDialog)
        assert not form.query_one("#form-row-allergies").display  # entries are not text here
        box = form.focused
        assert isinstance(box, Input) and box.id == "form-first_name"
        assert box.selected_text == "" and box.cursor_position == len("Lena")
        await type_text(pilot, " Marie")
        await press(pilot, "enter")
        assert app.screen is app.patient_screen
        assert "Details saved." in screen_text(app)
    saved = fresh.patient(patient.id)
    assert (saved.first, saved.last, saved.allergies) == ("Lena Marie", "Ortiz", ("Penicillin",))


async def test_a_bad_phone_in_the_edit_is_explained_and_nothing_changes(app, desk, fresh):
    patient = desk.add_patient("Lena", "Ortiz", "714-555-0177")
    async with app.run_test(size=SIZE) as pilot:
        await open_patient(pilot, app, patient)
        await press(pilot, "e")
        app.screen.query_one("#form-phone").value = "12"
        await press(pilot, "ctrl+s")
        shown = str(app.screen.query_one("#error-phone").render())
    assert "not" in shown and "phone" in shown
    assert fresh.patient(patient.id).phone == patient.phone


async def test_adding_an_allergy_keeps_the_others(app: FrontDeskApp, desk: Desk, fresh: Desk):
    patient = lena(desk)
    async with app.run_test(size=SIZE) as pilot:
        await open_patient(pilot, app, patient)
        await press(pilot, "l")
        assert isinstance(app.screen, OneBoxDialog)
        await type_text(pilot, "Latex")
        await press(pilot, "enter")
        assert app.screen is app.patient_screen
        text = screen_text(app)
        assert "Added the allergy “Latex”." in text
        assert "• Penicillin  • Latex" in text
        await press(pilot, "c")
        await type_text(pilot, "Pregnant")
        await press(pilot, "enter")
        await press(pilot, "l")
        await type_text(pilot, "latex")  # already there: said under the box, nothing added
        await press(pilot, "enter")
        assert isinstance(app.screen, OneBoxDialog)
        assert "already has 'latex' among allergies" in screen_text(app)
        assert app.screen.box.value == "latex"  # kept, to be corrected
    saved = fresh.patient(patient.id)
    assert saved.allergies == ("Penicillin", "Latex")
    assert saved.conditions == ("Pregnant",)


async def test_removing_an_entry_is_picked_and_confirmed(
    app: FrontDeskApp, desk: Desk, fresh: Desk
) -> None:
    patient = lena(desk)
    desk.add_health_entry(patient.id, "allergies", "Latex")
    desk.add_health_entry(patient.id, "conditions", "Asthma")
    async with app.run_test(size=SIZE) as pilot:
        await open_patient(pilot, app, patient)
        await press(pilot, "delete")
        assert isinstance(app.screen, PickDialog)
        assert "Allergy: Latex" in screen_text(app) and "Condition: Asthma" in screen_text(app)
        await press(pilot, "down", "enter")  # Latex
        assert isinstance(app.screen, ConfirmDialog)
        assert "Remove the allergy “Latex” from Lena Ortiz's record?" in screen_text(app)
        await press(pilot, "escape")  # no: kept
        assert fresh.patient(patient.id).allergies == ("Penicillin", "Latex")
        await press(pilot, "delete", "down", "enter", "enter")
        assert "Removed the allergy “Latex”." in screen_text(app)
    saved = fresh.patient(patient.id)
    assert saved.allergies == ("Penicillin",)
    assert saved.conditions == ("Asthma",)


async def test_alert_is_set_shown_and_cleared_with_a_confirmation(
    app: FrontDeskApp, desk: Desk, fresh: Desk
) -> None:
    patient = lena(desk)
    async with app.run_test(size=SIZE) as pilot:
        await open_patient(pilot, app, patient)
        await press(pilot, "exclamation_mark")
        await type_text(pilot, "Needs a Spanish speaker")
        await press(pilot, "enter")
        assert fresh.patient(patient.id).alert == "Needs a Spanish speaker"
        assert "⚠ Needs a Spanish speaker" in screen_text(app).splitlines()[1]  # by the name
        # The palette's clear asks first; Esc keeps it.
        await app.run_action("patient('clear_alert')")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await press(pilot, "escape")
        assert fresh.patient(patient.id).alert == "Needs a Spanish speaker"
        # An emptied box clears it too, after the same question.
        await press(pilot, "exclamation_mark", "ctrl+u", "enter")
        assert isinstance(app.screen, ConfirmDialog)
        await press(pilot, "enter")
        assert "Alert cleared." in screen_text(app)
    assert fresh.patient(patient.id).alert == ""


async def test_patient_commands_are_offered_on_the_patient_screen_only(
    app: FrontDeskApp, desk: Desk
) -> None:
    patient = lena(desk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert not app.offers("patient('set_alert')")
        await open_patient(pilot, app, patient)
        assert app.offers("patient('set_alert')")
        await app.run_action("patient('add_allergy')")
        await settle(pilot)
        assert isinstance(app.screen, OneBoxDialog)


async def test_history_title_carries_the_alert(app: FrontDeskApp, desk: Desk) -> None:
    patient = lena(desk)
    desk.set_alert(patient.id, "Allergic to lidocaine")
    async with app.run_test(size=SIZE) as pilot:
        await open_patient(pilot, app, patient)
        await press(pilot, "h")
        assert "History of Lena Ortiz and their visits  ⚠ Allergic to lidocaine" in screen_text(app)


async def test_a_name_typed_on_the_patient_screen_searches_and_changes_nothing(
    app: FrontDeskApp, desk: Desk, fresh: Desk
) -> None:
    visit = next(v for v in desk.schedule(desk.today()).visits if v.appointment.holds_slot)
    patient = visit.patient
    async with app.run_test(size=SIZE) as pilot:
        await open_patient(pilot, app, patient)
        await type_text(pilot, "alex")  # a (check in) asks; l, e, x behind it are a name
        assert getattr(app.screen, "NAME", "") == "lookup", screen_text(app)
        assert app.screen.query_one(Input).value == "alex"
        await press(pilot, "escape")
        await settle(pilot)
        assert app.screen is app.patient_screen
        await type_text(pilot, "Tom")  # no key at all: a search too
        assert app.screen.query_one(Input).value == "Tom"
    saved = fresh.appointment(visit.appointment.id)
    assert saved.status == visit.appointment.status
    kept = fresh.patient(patient.id)
    assert (kept.allergies, kept.conditions, kept.alert) == (
        patient.allergies,
        patient.conditions,
        patient.alert,
    )
