"""Consultation details recorded on the patient after registration (patient screen, e)."""

from console.ui.messages import OpenPatient
from tests.app.drive import press, settle, type_text


async def test_editing_records_allergies_in_the_store(app, desk, fresh):
    patient = desk.add_patient("Lena", "Ortiz", "714-555-0177")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.post_message(OpenPatient(patient.id))
        await settle(pilot)
        await press(pilot, "e")
        await settle(pilot)
        await type_text(pilot, "Latex")  # focus starts in Allergies
        await press(pilot, "ctrl+s")
        await settle(pilot)
    assert fresh.patient(patient.id).allergies == ("Latex",)
    assert fresh.patient(patient.id).phone == patient.phone  # the rest is unchanged


async def test_a_bad_phone_in_the_edit_is_explained_and_nothing_changes(app, desk, fresh):
    patient = desk.add_patient("Lena", "Ortiz", "714-555-0177")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.post_message(OpenPatient(patient.id))
        await settle(pilot)
        await press(pilot, "e")
        await settle(pilot)
        app.screen.query_one("#form-phone").value = "12"
        await press(pilot, "ctrl+s")
        await settle(pilot)
        shown = str(app.screen.query_one("#error-phone").render())
    assert "not" in shown and "phone" in shown
    assert fresh.patient(patient.id).phone == patient.phone
