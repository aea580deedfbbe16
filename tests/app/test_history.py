"""The history view: "who moved this and when", from the schedule and the patient screen."""

from __future__ import annotations

import datetime as dt

from console.app import FrontDeskApp
from console.clinic.actor import Actor
from console.desk import Desk
from console.ui.dialogs import HistoryDialog
from console.ui.messages import OpenPatient
from console.ui.widgets.schedule import SchedulePane
from tests.app.drive import press, screen_text, settle, type_text
from tests.app.staff import add_desk_staff

SIZE = (100, 30)
TODAY = dt.date(2026, 11, 24)


def aid_of(desk: Desk, name: str) -> str:
    return next(v.appointment.id for v in desk.schedule(TODAY).visits if v.patient.name == name)


async def test_h_on_a_visit_shows_who_moved_it_and_when(app: FrontDeskApp, fresh: Desk) -> None:
    fresh.actor = Actor("lee", "10.0.0.7")
    jordan = aid_of(fresh, "Jordan Park")
    fresh.reschedule(jordan, "2026-11-24 16:00", provider="Provider B", room="Room 2")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        pane = app.desk_screen.query_one(SchedulePane)
        assert pane.table.select_key(jordan)
        await settle(pilot)
        await press(pilot, "h")
        assert isinstance(app.screen, HistoryDialog)
        await settle(pilot)
        shown = screen_text(app)
        assert "History of Jordan Park's visit, Tue 24 Nov" in shown
        assert "Tue 24 Nov 10:30 AM · lee from 10.0.0.7" in shown
        assert "moved Tue 24 Nov 11:00 AM (Provider A · Room 1) →" in shown
        await press(pilot, "escape")
        assert app.screen is app.desk_screen
        assert pane.table.selected_key == jordan


async def aisha_history(app: FrontDeskApp, fresh: Desk) -> str:
    """Change Aisha's allergies and check her in (at another desk), then read her history."""
    aisha_visit = aid_of(fresh, "Aisha Rahman")
    aisha = fresh.appointment(aisha_visit).patient_id
    fresh.update_patient(aisha, phone="714-555-0177")
    fresh.add_health_entry(aisha, "allergies", "latex")
    fresh.checkin(aisha_visit)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        pane = app.desk_screen.query_one(SchedulePane)
        assert pane.table.select_key(aisha_visit)
        await press(pilot, "enter")  # the patient screen
        await press(pilot, "h")
        await settle(pilot)
        shown = screen_text(app)
        assert "History of Aisha Rahman and their visits" in shown
        assert "visit Tue 24 Nov 12:00 PM: status confirmed → arrived" in shown
        return str(app.screen.query_one("#history-lines").render())


async def test_h_on_the_patient_screen_names_changed_fields_to_a_receptionist(
    desk: Desk, fresh: Desk
) -> None:
    add_desk_staff(fresh)
    fresh.actor = Actor("frontdesk", "10.0.0.9", person="lee", role="manager")
    desk.act_as("maria")
    lines = await aisha_history(FrontDeskApp(desk=desk), fresh)
    assert "lee (manager) from 10.0.0.9" in lines
    assert "changed phone" in lines and "added an allergy" in lines
    assert "latex" not in lines, "the history names fields, it does not repeat health details"
    assert "0177" not in lines


async def test_h_on_the_patient_screen_shows_a_manager_the_values_too(
    desk: Desk, fresh: Desk
) -> None:
    add_desk_staff(fresh)
    desk.act_as("lee")
    lines = await aisha_history(FrontDeskApp(desk=desk), fresh)
    assert "allergies (empty) → “latex”" in lines
    assert "phone “+1" in lines and "→ “+17145550177”" in lines


async def test_initials_only_hides_the_values_from_a_manager_too(desk: Desk, fresh: Desk) -> None:
    add_desk_staff(fresh)
    desk.act_as("lee")
    app = FrontDeskApp(desk=desk, initials_only=True)
    aisha_visit = aid_of(fresh, "Aisha Rahman")
    fresh.add_health_entry(fresh.appointment(aisha_visit).patient_id, "allergies", "latex")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        pane = app.desk_screen.query_one(SchedulePane)
        assert pane.table.select_key(aisha_visit)
        await press(pilot, "enter", "h")
        await settle(pilot)
        lines = str(app.screen.query_one("#history-lines").render())
    assert "added an allergy" in lines and "latex" not in lines


async def test_an_allergy_added_on_the_patient_screen_shows_old_and_new_to_a_manager(
    desk: Desk, fresh: Desk
) -> None:
    add_desk_staff(fresh)
    desk.act_as("lee")
    patient = desk.add_patient("Lena", "Ortiz", "714-555-0177", allergies=["Penicillin"])
    app = FrontDeskApp(desk=desk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.post_message(OpenPatient(patient.id))
        await settle(pilot)
        await press(pilot, "l")
        await type_text(pilot, "Latex")
        await press(pilot, "enter", "h")
        assert isinstance(app.screen, HistoryDialog)
        lines = str(app.screen.query_one("#history-lines").render())
        assert "allergies “Penicillin” → “Penicillin; Latex”" in lines
        await press(pilot, "enter")  # Enter closes a history too
        assert app.screen is app.patient_screen
    assert fresh.patient(patient.id).allergies == ("Penicillin", "Latex")
