"""The check-in pane: one key per status, illegal changes explained, walk-ins."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from console.app import FrontDeskApp
from console.clinic import status as st
from console.desk import Desk
from console.ui.widgets.checkin import CheckInPane
from tests.app.clinic import EVIL, ROSA, TODAY, clock_at, open_desk, visit_of
from tests.app.drive import press, screen_text, settle, shown, type_text

SIZE = (100, 30)


def pane(app: FrontDeskApp) -> CheckInPane:
    return app.desk_screen.query_one(CheckInPane)


async def open_checkin(pilot, app: FrontDeskApp, name: str | None = None) -> str | None:
    await settle(pilot)
    await press(pilot, "f2")
    if name is None:
        return None
    aid = visit_of(app.desk, name).appointment.id
    assert pane(app).table.select_key(aid)
    await settle(pilot)
    return aid


async def test_shows_waits_and_late_flags(app: FrontDeskApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_checkin(pilot, app)
        text = screen_text(app)
        assert "waited 12 min" in text  # Rosalind arrived at 10:18
        assert "LATE 15 min" in text  # Evil O'Brien, due 10:15
        assert "1 waiting" in text and "1 late" in text


async def test_waits_follow_the_clock(app: FrontDeskApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_checkin(pilot, app)
        app.desk.clock.advance(minutes=5)
        app.desk_screen.tick()
        await settle(pilot)
        assert "waited 17 min" in screen_text(app)


async def test_status_keys_walk_a_visit_through_the_day(app: FrontDeskApp, fresh: Desk) -> None:
    async with app.run_test(size=SIZE) as pilot:
        aid = await open_checkin(pilot, app, "Diego Ramírez")
        await press(pilot, "a")
        assert fresh.appointment(aid).status == st.ARRIVED
        await press(pilot, "i")
        assert fresh.appointment(aid).status == st.IN_TREATMENT
        await press(pilot, "d")
        assert fresh.appointment(aid).status == st.COMPLETED
        assert "Diego Ramírez: completed at 10:30 AM." in screen_text(app)


async def test_no_show_key(app: FrontDeskApp, fresh: Desk) -> None:
    async with app.run_test(size=SIZE) as pilot:
        aid = await open_checkin(pilot, app, EVIL.name)
        await press(pilot, "n")
    assert fresh.appointment(aid).status == st.NO_SHOW


async def test_illegal_change_is_explained_and_store_unchanged(
    app: FrontDeskApp, fresh: Desk
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        aid = await open_checkin(pilot, app, "Maria García-López")  # completed
        before = fresh.appointment(aid)
        await press(pilot, "a")
        assert "A completed appointment cannot become arrived." in screen_text(app)
        await press(pilot, "x")
        assert "A completed appointment cannot become cancelled." in screen_text(app)
        assert app.screen is app.desk_screen  # no dialog for an impossible cancel
    assert fresh.appointment(aid) == before


async def test_in_treatment_before_arrival_is_refused(app: FrontDeskApp, fresh: Desk) -> None:
    async with app.run_test(size=SIZE) as pilot:
        aid = await open_checkin(pilot, app, "Jordan Park")
        await press(pilot, "i")
        assert "cannot become in treatment" in screen_text(app)
    assert fresh.appointment(aid).status == st.CONFIRMED


async def test_cancel_asks_then_saves(app: FrontDeskApp, fresh: Desk) -> None:
    async with app.run_test(size=SIZE) as pilot:
        aid = await open_checkin(pilot, app, "Aisha Rahman")
        await press(pilot, "x")
        assert "Cancel this visit?" in screen_text(app)
        await press(pilot, "enter")
        assert app.screen is app.desk_screen
    assert fresh.appointment(aid).status == st.CANCELLED


async def test_walkin_existing_patient(app: FrontDeskApp, fresh: Desk) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_checkin(pilot, app)
        await press(pilot, "w")
        await type_text(pilot, "rosalind nguyen")
        await press(pilot, "enter")
        assert "Walk-in" in screen_text(app)
        await press(pilot, "enter")  # the Register button has the focus
        assert app.screen is app.desk_screen
        assert "Walk-in registered: Rosalind Nguyễn" in screen_text(app)
    walkins = [a for a in fresh.history(ROSA.id) if a.walk_in]
    assert len(walkins) == 1
    assert walkins[0].status == st.ARRIVED
    assert walkins[0].day(fresh.tz) == TODAY


async def test_walkin_new_patient(app: FrontDeskApp, fresh: Desk) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_checkin(pilot, app)
        await press(pilot, "w")
        await type_text(pilot, "Zed Quartermaine")
        await press(pilot, "ctrl+n")
        assert "New patient" in screen_text(app)
        assert app.screen.focused is app.screen.query_one("#form-phone")  # first empty one
        await type_text(pilot, "not a phone")
        await press(pilot, "ctrl+s")
        assert shown(app, "#error-phone") == "'not a phone' is not a phone number."
        await press(pilot, "ctrl+a", "ctrl+k")
        await type_text(pilot, "(714) 555-0199")
        await press(pilot, "ctrl+s")
        assert "Walk-in" in screen_text(app)
        await press(pilot, "ctrl+s")
        assert app.screen is app.desk_screen
    found = fresh.find("Zed Quartermaine", limit=1)
    assert found and found[0].patient.name == "Zed Quartermaine"
    visits = fresh.history(found[0].patient.id)
    assert [(a.walk_in, a.status) for a in visits] == [(True, st.ARRIVED)]


async def test_walkin_refused_on_sunday(store_dir: Path) -> None:
    desk = open_desk(store_dir, clock_at(11, 0, day=29))
    app = FrontDeskApp(desk=desk)
    before = len(desk.schedule(dt.date(2026, 11, 29)).visits)
    async with app.run_test(size=SIZE) as pilot:
        await open_checkin(pilot, app)
        await press(pilot, "w")
        assert app.screen is app.desk_screen
        assert "No walk-ins on Sun 29 Nov: Sundays are by appointment only." in screen_text(app)
    desk.close()
    fresh = open_desk(store_dir)
    assert len(fresh.schedule(dt.date(2026, 11, 29)).visits) == before
    fresh.close()


async def test_walkin_refused_on_a_closed_day(store_dir: Path) -> None:
    desk = open_desk(store_dir, clock_at(11, 0, day=26))
    app = FrontDeskApp(desk=desk)
    async with app.run_test(size=SIZE) as pilot:
        await open_checkin(pilot, app)
        await press(pilot, "w")
        text = screen_text(app)
        assert "No walk-ins on Thu 26 Nov: the clinic is closed (Thanksgiving Day)." in text
    desk.close()
