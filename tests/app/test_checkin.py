"""The check-in pane: one key per status, illegal changes explained, walk-ins."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from textual.widgets import Input, OptionList

from console.app import FrontDeskApp
from console.clinic import status as st
from console.desk import Desk
from console.ui import format as fmt
from console.ui.dialogs import ConfirmDialog, LookupDialog, WalkInDialog
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
        assert "Check in Diego Ramírez for the 10:30 AM" in screen_text(app)
        assert fresh.appointment(aid).status == st.CONFIRMED  # nothing before Enter
        await press(pilot, "enter")
        assert fresh.appointment(aid).status == st.ARRIVED
        await press(pilot, "i", "enter")
        assert fresh.appointment(aid).status == st.IN_TREATMENT
        await press(pilot, "d", "enter")
        assert fresh.appointment(aid).status == st.COMPLETED
        assert "Diego Ramírez: completed at 10:30 AM." in screen_text(app)


async def test_no_show_key(app: FrontDeskApp, fresh: Desk) -> None:
    async with app.run_test(size=SIZE) as pilot:
        aid = await open_checkin(pilot, app, EVIL.name)
        await press(pilot, "n")
        assert "a no-show for the 10:15 AM" in screen_text(app)
        await press(pilot, "enter")
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
        assert "Cancel Aisha Rahman's 12:00 PM" in screen_text(app)
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
        assert app.focused is app.screen.query_one("#form-phone")  # the first empty one
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


# -- issue 11: no slip loses anything -------------------------------------------------


def today_statuses(desk: Desk) -> dict[str, str]:
    return {v.appointment.id: v.appointment.status for v in desk.schedule(TODAY).visits}


def search_box(app: FrontDeskApp) -> Input:
    assert isinstance(app.screen, LookupDialog)
    box = app.screen.focused
    assert isinstance(box, Input)
    return box


async def test_a_name_typed_into_the_pane_is_a_search_and_changes_nothing(
    app: FrontDeskApp, fresh: Desk
) -> None:
    before = today_statuses(fresh)
    async with app.run_test(size=SIZE) as pilot:
        await open_checkin(pilot, app, "Diego Ramírez")
        # a asks (check in?), n says no: the search opens with "an", then "na" follows.
        await type_text(pilot, "anna")
        assert search_box(app).value == "anna"
        await press(pilot, "escape")
        await open_checkin(pilot, app, "Diego Ramírez")
        await type_text(pilot, "Rosa Ng")  # not a key at all; the space is kept too
        assert search_box(app).value == "Rosa Ng"
        await press(pilot, "escape")
        # d on a visit that cannot be done: refused in one sentence, and still a search.
        await type_text(pilot, "dana")
        assert search_box(app).value == "dana"
    assert today_statuses(fresh) == before


async def test_status_keys_ask_naming_patient_and_visit_esc_keeps_it(
    app: FrontDeskApp, fresh: Desk
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        aid = await open_checkin(pilot, app, "Aisha Rahman")
        await press(pilot, "x")
        assert isinstance(app.screen, ConfirmDialog)
        assert "Cancel Aisha Rahman's 12:00 PM Skin care service?" in shown(
            app, "#confirm-question"
        )
        await press(pilot, "escape")
        assert app.screen is app.desk_screen
        assert pane(app).status.message == "Nothing changed."
    assert fresh.appointment(aid).status == st.CONFIRMED


async def test_no_show_too_early_is_refused_without_asking(app: FrontDeskApp, fresh: Desk) -> None:
    async with app.run_test(size=SIZE) as pilot:
        aid = await open_checkin(pilot, app, "Jordan Park")  # 11:00, it is 10:30
        await press(pilot, "n")
        assert app.screen is app.desk_screen
        assert pane(app).status.message == (
            "Too early for a no-show: Jordan Park's 11:00 AM visit can be marked from "
            "11:15 AM (15 minutes after the start)."
        )
    assert fresh.appointment(aid).status == st.CONFIRMED


async def test_u_undoes_the_last_change(app: FrontDeskApp, fresh: Desk) -> None:
    async with app.run_test(size=SIZE) as pilot:
        aid = await open_checkin(pilot, app, EVIL.name)
        await press(pilot, "n", "enter")
        assert fresh.appointment(aid).status == st.NO_SHOW
        assert pane(app).status.message.endswith(" · u undoes")
        await press(pilot, "u")
        assert pane(app).status.message.startswith("Undone: marking ")
        assert fresh.appointment(aid).status == st.CONFIRMED
        await press(pilot, "u")
        assert pane(app).status.message.startswith("Nothing to undo")
    assert fresh.appointment(aid).status == st.CONFIRMED
    actions = [e["action"] for e in fresh.audit_trail_of([aid])]
    assert actions[-1] == "appointment.status.undo"


async def test_walkin_shows_its_time_and_others_before_registering(
    app: FrontDeskApp, fresh: Desk
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_checkin(pilot, app)
        await press(pilot, "w")
        await type_text(pilot, "rosalind nguyen")
        await press(pilot, "enter")
        dialog = app.screen
        assert isinstance(dialog, WalkInDialog)
        options = dialog.options
        assert len(options) >= 2
        listing = dialog.query_one("#walkin-times", OptionList)
        first = fmt.time_label(options[0].start)
        assert first in str(listing.get_option_at_index(0).prompt)
        assert not [a for a in fresh.history(ROSA.id) if a.walk_in]  # nothing saved yet
        await press(pilot, "down", "enter")  # the second time offered
        assert app.screen is app.desk_screen
    (walkin,) = [a for a in fresh.history(ROSA.id) if a.walk_in]
    assert walkin.status == st.ARRIVED
    assert walkin.start_at(fresh.tz) == options[1].start
    assert walkin.provider == options[1].provider


async def test_alert_shows_in_the_row_and_the_detail(app: FrontDeskApp) -> None:
    app.desk.set_alert(ROSA.id, "Needs a Spanish speaker")
    async with app.run_test(size=SIZE) as pilot:
        await open_checkin(pilot, app, ROSA.name)
        assert "⚠ Rosalind Nguyễn" in screen_text(app)
        assert "⚠ Needs a Spanish speaker" in shown(app, "#checkin-detail")


async def test_long_waits_read_in_hours(app: FrontDeskApp) -> None:
    app.desk.clock.advance(minutes=95)  # 12:05: Rosalind arrived 10:18, Evil due 10:15
    async with app.run_test(size=SIZE) as pilot:
        await open_checkin(pilot, app)
        text = screen_text(app)
        assert "waited 1 h 47 min" in text
        assert "overdue 1 h 50 min" in text


async def test_keys_work_again_after_the_window_was_too_small(
    app: FrontDeskApp, fresh: Desk
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        aid = await open_checkin(pilot, app, EVIL.name)
        await pilot.resize_terminal(60, 20)
        await settle(pilot)
        assert "The window is too small." in screen_text(app)
        await pilot.resize_terminal(*SIZE)
        await settle(pilot)
        await press(pilot, "n")  # the pane's key, with no F1 in between
        assert isinstance(app.screen, ConfirmDialog)
        await press(pilot, "enter")
    assert fresh.appointment(aid).status == st.NO_SHOW


async def test_the_selected_row_stays_in_view_at_80x24(app: FrontDeskApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for key in ("f1", "f2"):
            await press(pilot, key, "home")
            shown_pane = app.desk_screen.visits_on_show()
            assert shown_pane is not None
            table = shown_pane.table
            rows = table.scrollable_content_region.height - 1  # less the header
            for step in range(table.row_count + 2):
                await press(pilot, "down" if step % 5 else "pageup")
                shown_pane.reload()  # the 30-second refresh keeps the place too
                await settle(pilot)
                assert table.cursor_row - round(table.scroll_y) in range(rows)


async def test_the_selected_row_stays_in_view_when_the_table_gets_shorter(
    app: FrontDeskApp,
) -> None:
    async with app.run_test(size=(80, 45)) as pilot:
        await open_checkin(pilot, app)
        await press(pilot, "end")
        table = pane(app).table
        assert table.cursor_row == table.row_count - 1
        await pilot.resize_terminal(80, 24)  # same width: the columns stay as they are
        await settle(pilot)
        rows = table.scrollable_content_region.height - 1  # less the header
        assert table.cursor_row - round(table.scroll_y) in range(rows)
        assert "Robert [Bob] Castellanos" in screen_text(app)  # the last visit, selected
