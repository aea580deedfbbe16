"""Pre-treatment questions at check-in and aftercare at the end (checked in the store)."""

from __future__ import annotations

import html
import re
import stat
from pathlib import Path

import pytest
from textual.widgets import Input, Select

from console.app import FrontDeskApp
from console.clinic import status as st
from console.desk import Desk
from console.ui.day_read import DayRead, read_day
from console.ui.dialogs import AftercareDialog, NextSessionDialog, QuestionsDialog, WalkInDialog
from console.ui.widgets.checkin import CheckInPane
from console.ui.widgets.schedule import SchedulePane
from tests.app.clinic import EVIL, ROSA, TODAY, visit_of
from tests.app.drive import press, screen_text, settle, shown, type_text

SIZE = (110, 34)


async def open_checkin(pilot, app: FrontDeskApp, name: str) -> str:
    await settle(pilot)
    await press(pilot, "f2")
    aid = visit_of(app.desk, name).appointment.id
    assert app.desk_screen.query_one(CheckInPane).table.select_key(aid)
    await settle(pilot)
    return aid


async def test_questions_then_check_in_flags_nsaids(app: FrontDeskApp, fresh: Desk) -> None:
    async with app.run_test(size=SIZE) as pilot:
        aid = await open_checkin(pilot, app, "Jordan Park")  # Sculptra at 11:00
        await press(pilot, "a", "enter")
        assert isinstance(app.screen, QuestionsDialog)
        assert "NSAIDs" in screen_text(app)
        await press(pilot, "y")
        assert "⚑ Tell the provider: nsaids" in shown(app, "#questions-flags")
        await press(pilot, "n", "n", "ctrl+s")
        assert app.screen is app.desk_screen
        pane = app.desk_screen.query_one(CheckInPane)
        assert "Tell the provider: nsaids" in pane.status.message
        assert "⚑ Jordan Park" in screen_text(app)
    appt = fresh.appointment(aid)
    assert appt.status == st.ARRIVED
    assert appt.extra["pre_treatment"]["flagged"] == ["nsaids"]
    assert appt.extra["pre_treatment"]["answers"] == {
        "nsaids": "yes",
        "new_conditions": "no",
        "new_allergies": "no",
    }


async def test_unanswered_questions_are_explained(app: FrontDeskApp, fresh: Desk) -> None:
    async with app.run_test(size=SIZE) as pilot:
        aid = await open_checkin(pilot, app, "Jordan Park")
        await press(pilot, "a", "enter", "n", "enter")
        assert isinstance(app.screen, QuestionsDialog)
        assert "2 still unanswered" in shown(app, "#error-general")
        await press(pilot, "escape")
        assert "Not checked in" in app.desk_screen.query_one(CheckInPane).status.message
    appt = fresh.appointment(aid)
    assert appt.status == st.CONFIRMED
    assert "pre_treatment" not in appt.extra


async def test_schedule_check_in_asks_too(app: FrontDeskApp, fresh: Desk) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        aid = visit_of(app.desk, "Patrick D'Angelo").appointment.id
        assert app.desk_screen.query_one(SchedulePane).table.select_key(aid)
        await press(pilot, "a", "enter")
        assert isinstance(app.screen, QuestionsDialog)
        await press(pilot, "n", "n", "n", "enter")  # Enter checks in
        assert app.screen is app.desk_screen
    appt = fresh.appointment(aid)
    assert appt.status == st.ARRIVED
    assert appt.extra["pre_treatment"]["flagged"] == []


async def test_consultation_visit_checks_in_without_questions(
    app: FrontDeskApp, fresh: Desk
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        aid = await open_checkin(pilot, app, "Diego Ramírez")
        await press(pilot, "a", "enter")
        assert app.screen is app.desk_screen
    assert fresh.appointment(aid).status == st.ARRIVED


async def test_completed_then_read_out(app: FrontDeskApp, fresh: Desk) -> None:
    async with app.run_test(size=SIZE) as pilot:
        aid = await open_checkin(pilot, app, "Thanh Lê")  # Sculptra, in treatment
        await press(pilot, "d", "enter")
        assert isinstance(app.screen, AftercareDialog)
        text = screen_text(app)
        assert "Sculptra aftercare" in text and "You may notice" in text
        await press(pilot, "r")
        # Session 1 of 3: the next one is offered inside its window; Enter books it.
        assert isinstance(app.screen, NextSessionDialog)
        await press(pilot, "enter")
        assert app.screen is app.desk_screen
        said = app.desk_screen.query_one(CheckInPane).status.message
        assert said.startswith("Thanh Lê: completed. Aftercare read out.")
    appt = fresh.appointment(aid)
    assert appt.status == st.COMPLETED
    assert appt.extra["aftercare"]["how"] == "read"
    later = [
        a
        for a in fresh.history(appt.patient_id)
        if a.type == "sculptra" and a.start_at(fresh.tz) > appt.start_at(fresh.tz)
    ]
    assert [a.status for a in later] == [st.BOOKED]


async def test_later_records_nothing(app: FrontDeskApp, fresh: Desk) -> None:
    async with app.run_test(size=SIZE) as pilot:
        aid = await open_checkin(pilot, app, "Thanh Lê")
        await press(pilot, "d", "enter", "l")
        assert isinstance(app.screen, NextSessionDialog)
        await press(pilot, "escape")  # not now
        assert app.screen is app.desk_screen
        assert "left for later" in app.desk_screen.query_one(CheckInPane).status.message
    appt = fresh.appointment(aid)
    assert appt.status == st.COMPLETED
    assert "aftercare" not in appt.extra


async def test_save_html_writes_a_new_private_escaped_sheet_in_the_exports_folder(
    app: FrontDeskApp, fresh: Desk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    appt = app.desk.book(EVIL.id, "2026-11-24 16:00", "sculptra", provider="Provider B")
    app.desk.checkin(
        appt.id, answers=dict.fromkeys(("nsaids", "new_conditions", "new_allergies"), "no")
    )
    app.desk.set_status(appt.id, st.IN_TREATMENT)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "f2")
        assert app.desk_screen.query_one(CheckInPane).table.select_key(appt.id)
        await settle(pilot)
        await press(pilot, "d", "enter")
        assert isinstance(app.screen, AftercareDialog)
        assert not app.screen.query(Input), "no path is ever typed"
        await press(pilot, "h")
        assert app.screen is app.desk_screen
        said = app.desk_screen.query_one(CheckInPane).status.message
    folder = tmp_path / "frontdesk-exports"
    (path,) = folder.iterdir()
    assert re.fullmatch(rf"aftercare-{re.escape(appt.id)}-[0-9a-f]{{8}}\.html", path.name)
    assert f"Saved {path.name} in {folder}" in said
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    body = path.read_text()
    assert html.escape(EVIL.name) in body and EVIL.name not in body
    assert fresh.appointment(appt.id).extra["aftercare"]["how"] == "exported"


async def test_a_symlinked_exports_folder_is_refused_and_nothing_recorded(
    app: FrontDeskApp, fresh: Desk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / "frontdesk-exports").symlink_to(elsewhere)
    async with app.run_test(size=SIZE) as pilot:
        aid = await open_checkin(pilot, app, "Thanh Lê")
        await press(pilot, "d", "enter")
        await press(pilot, "t")
        assert isinstance(app.screen, AftercareDialog)
        assert "symbolic link" in shown(app, "#error-general")
        await press(pilot, "escape")
    assert list(elsewhere.iterdir()) == []
    assert "aftercare" not in fresh.appointment(aid).extra


async def test_overdue_visits_are_flagged_never_auto_no_show(
    app: FrontDeskApp, fresh: Desk
) -> None:
    app.desk.clock.advance(minutes=10)  # 10:40: Evil O'Brien, due 10:15, is 25 min late
    async with app.run_test(size=SIZE) as pilot:
        aid = await open_checkin(pilot, app, EVIL.name)
        assert "overdue 25 min" in screen_text(app)
        assert fresh.appointment(aid).status == st.CONFIRMED
        await press(pilot, "n", "enter")
    assert fresh.appointment(aid).status == st.NO_SHOW


async def test_detail_line_shows_health_and_series(app: FrontDeskApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_checkin(pilot, app, EVIL.name)
        detail = shown(app, "#checkin-detail")
        assert "Allergies Lidocaine [severe]" in detail
        assert "Conditions [b]none[/b]" in detail
        await open_checkin(pilot, app, "Thanh Lê")
        assert "Sculptra 1 of 3" in shown(app, "#checkin-detail")


# -- issue 11: screening on every path into arrived ----------------------------------

NO_ANSWERS = dict.fromkeys(("nsaids", "new_conditions", "new_allergies"), "no")


async def test_a_new_allergy_yes_asks_what_and_adds_it(app: FrontDeskApp, fresh: Desk) -> None:
    jordan = visit_of(fresh, "Jordan Park")
    async with app.run_test(size=SIZE) as pilot:
        await open_checkin(pilot, app, "Jordan Park")
        await press(pilot, "a", "enter")
        assert isinstance(app.screen, QuestionsDialog)
        await press(pilot, "n", "n", "y")  # nsaids no, new conditions no, new allergies yes
        assert "What is the new allergy?" in screen_text(app)
        await press(pilot, "enter")  # the box is still empty
        assert isinstance(app.screen, QuestionsDialog)
        assert "What is the new allergy?" in shown(app, "#error-general")
        assert fresh.appointment(jordan.appointment.id).status == st.CONFIRMED
        await type_text(pilot, "Latex")
        await press(pilot, "enter")
        assert app.screen is app.desk_screen
    appt = fresh.appointment(jordan.appointment.id)
    assert appt.status == st.ARRIVED
    record = appt.extra["pre_treatment"]
    assert record["answers"] == {**NO_ANSWERS, "new_allergies": "yes"}
    assert record["details"] == {"new_allergies": "Latex"}
    assert "Latex" in fresh.patient(jordan.patient.id).allergies


async def test_a_no_show_who_comes_after_all_is_asked_the_questions(
    app: FrontDeskApp, fresh: Desk
) -> None:
    app.desk.clock.advance(minutes=60)  # 11:30: Jordan Park's 11:00 Sculptra
    jordan = visit_of(fresh, "Jordan Park")
    app.desk.set_status(jordan.appointment.id, st.NO_SHOW)
    async with app.run_test(size=SIZE) as pilot:
        await open_checkin(pilot, app, "Jordan Park")
        await press(pilot, "a", "enter")
        assert isinstance(app.screen, QuestionsDialog)
        await press(pilot, "n", "n", "n", "enter")
        assert app.screen is app.desk_screen
    appt = fresh.appointment(jordan.appointment.id)
    assert appt.status == st.ARRIVED
    assert appt.extra["pre_treatment"]["answers"] == NO_ANSWERS


async def test_a_sculptra_walk_in_answers_the_questions_before_it_is_registered(
    app: FrontDeskApp, fresh: Desk
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_checkin(pilot, app, "Diego Ramírez")
        await press(pilot, "w")
        await type_text(pilot, "rosalind nguyen")
        await press(pilot, "enter")
        dialog = app.screen
        assert isinstance(dialog, WalkInDialog)
        dialog.query_one("#walkin-type", Select).value = "sculptra"
        await settle(pilot)
        chosen = dialog.options[0]
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, QuestionsDialog)
        assert not [a for a in fresh.history(ROSA.id) if a.walk_in]  # not before the answers
        await press(pilot, "y", "n", "n", "enter")
        assert app.screen is app.desk_screen
        assert "Tell the provider: nsaids" in app.desk_screen.query_one(CheckInPane).status.message
    (walkin,) = [a for a in fresh.history(ROSA.id) if a.walk_in]
    assert walkin.type == "sculptra" and walkin.status == st.ARRIVED
    assert walkin.start_at(fresh.tz) == chosen.start
    assert walkin.extra["pre_treatment"]["answers"] == {**NO_ANSWERS, "nsaids": "yes"}


async def test_closing_a_walk_ins_questions_registers_nothing(
    app: FrontDeskApp, fresh: Desk
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_checkin(pilot, app, "Diego Ramírez")
        await press(pilot, "w")
        await type_text(pilot, "rosalind nguyen")
        await press(pilot, "enter")
        app.screen.query_one("#walkin-type", Select).value = "sculptra"
        await settle(pilot)
        await press(pilot, "ctrl+s", "escape")
        assert app.screen is app.desk_screen
    assert not [a for a in fresh.history(ROSA.id) if a.walk_in]


async def test_the_schedule_shows_flagged_answers_once_the_start_up_work_is_done(
    desk: Desk, fresh: Desk
) -> None:
    # The first frame leaves the flags out (they read the treatment content); the
    # schedule reads its day again once the start-up worker is done, with them.
    aid = visit_of(fresh, "Jordan Park").appointment.id
    fresh.checkin(aid, answers={"nsaids": "yes", "new_conditions": "no", "new_allergies": "no"})
    first = read_day(desk, TODAY, first_frame=True)
    later = read_day(desk, TODAY)
    assert isinstance(first, DayRead) and isinstance(later, DayRead)
    assert aid not in first.flagged and later.flagged[aid] == ["nsaids"]
    app = FrontDeskApp(desk=desk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        schedule = app.desk_screen.query_one(SchedulePane)
        assert schedule.table.select_key(aid)
        await settle(pilot)
        assert "⚑ tell the provider: nsaids" in shown(app, "#schedule-detail")
