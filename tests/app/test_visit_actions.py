"""The visit actions written once (console/ui/visit_actions.py), reached from each screen.

The flows themselves are driven through the schedule and check-in panes elsewhere
(test_booking, test_checkin, test_visit_care); these cover the patient screen's way
in, where the questions dialog and the "no visit" refusal come from the same code.
"""

from __future__ import annotations

from console.app import FrontDeskApp
from console.clinic import status as st
from console.desk import Desk, Visit
from console.ui.dialogs import QuestionsDialog
from console.ui.messages import OpenPatient
from console.ui.screens import PatientScreen
from console.ui.visit_actions import NO_VISIT, NOT_CHECKED_IN, VisitActions
from console.ui.widgets.checkin import CheckInPane
from console.ui.widgets.schedule import SchedulePane
from tests.app.clinic import visit_of
from tests.app.drive import press, settle

SIZE = (110, 34)


async def open_patient_on(pilot, app: FrontDeskApp, visit: Visit) -> PatientScreen:
    await settle(pilot)
    app.post_message(OpenPatient(visit.patient.id))
    await settle(pilot)
    screen = app.patient_screen
    assert app.screen is screen
    assert screen.table.select_key(visit.appointment.id)
    await settle(pilot)
    return screen


async def test_every_screen_offering_visit_actions_shares_one_implementation(
    app: FrontDeskApp,
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "f2", "f1")  # the check-in pane is made when first shown
        hosts = [
            app.desk_screen.query_one(SchedulePane),
            app.desk_screen.query_one(CheckInPane),
            app.patient_screen,
        ]
        for host in hosts:
            assert isinstance(host.visit_actions, VisitActions)
            assert host.visit_actions.host is host
        # The patient screen is about one patient: its sentences do not name them.
        assert [h.visit_actions.names_patient for h in hosts] == [True, True, False]


async def test_patient_screen_check_in_asks_the_questions_first(
    app: FrontDeskApp, fresh: Desk
) -> None:
    jordan = visit_of(fresh, "Jordan Park")  # Sculptra at 11:00 today
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_patient_on(pilot, app, jordan)
        await press(pilot, "a", "enter")
        assert isinstance(app.screen, QuestionsDialog)
        await press(pilot, "y", "n", "n", "ctrl+s")
        assert app.screen is screen
        said = screen.status.message
        assert said.startswith("Checked in.")
        assert "⚑ Tell the provider: nsaids" in said
        assert screen.table.selected_key == jordan.appointment.id
    appt = fresh.appointment(jordan.appointment.id)
    assert appt.status == st.ARRIVED
    assert appt.extra["pre_treatment"]["flagged"] == ["nsaids"]


async def test_patient_screen_questions_closed_check_nobody_in(
    app: FrontDeskApp, fresh: Desk
) -> None:
    jordan = visit_of(fresh, "Jordan Park")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_patient_on(pilot, app, jordan)
        await press(pilot, "a", "enter", "escape")
        assert app.screen is screen
        assert screen.status.message == NOT_CHECKED_IN
    appt = fresh.appointment(jordan.appointment.id)
    assert appt.status == st.CONFIRMED
    assert "pre_treatment" not in appt.extra


async def test_each_visit_key_without_a_visit_says_the_same_sentence(app: FrontDeskApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        schedule = app.desk_screen.query_one(SchedulePane)
        # A free half hour: no visit under the cursor.
        slot = next(k.value for k in schedule.table.rows if str(k.value).startswith("slot:"))
        assert schedule.table.select_key(slot)
        for key in ("a", "r", "x"):
            schedule.status.clear()
            await press(pilot, key)
            assert app.screen is app.desk_screen
            assert schedule.status.message == NO_VISIT
