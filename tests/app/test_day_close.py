"""Day close: a to-do list whose rows are acted on in place (checked in the store)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from textual.widgets import Input, OptionList

from console.app import FrontDeskApp
from console.clinic import status as st
from console.desk import Desk
from console.services.day_close import DayClose
from console.ui.dialogs import ConfirmDialog, NextSessionDialog, OneBoxDialog
from console.ui.screens import DayCloseScreen
from console.ui.screens.day_close import RowMenu, report_text
from tests.app.clinic import EVIL, PEOPLE
from tests.app.drive import press, screen_text, settle, type_text

SIZE = (110, 34)
TUE = dt.date(2026, 11, 24)


def aid_of(desk: Desk, name: str, day: dt.date = TUE) -> str:
    return next(v for v in desk.schedule(day).visits if v.patient.name == name).appointment.id


async def open_close(pilot, app: FrontDeskApp) -> DayCloseScreen:
    await settle(pilot)
    await press(pilot, "f5")
    assert isinstance(app.screen, DayCloseScreen)
    await settle(pilot)
    return app.screen


def listed(screen: DayCloseScreen) -> str:
    listing = screen.query_one(OptionList)
    return "\n".join(
        listing.get_option_at_index(i).prompt.plain  # type: ignore[union-attr]
        for i in range(listing.option_count)
    )


def put_cursor(screen: DayCloseScreen, key: str) -> None:
    listing = screen.query_one(OptionList)
    listing.highlighted = listing.get_option_index(key)


async def test_shows_overdue_as_words_and_every_section(app: FrontDeskApp) -> None:
    app.desk.clock.advance(minutes=100)  # 12:10 PM: Evil O'Brien's 10:15 visit is 1 h 55 min late
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_close(pilot, app)
        text = listed(screen)
        assert "Visits with no outcome (" in text
        line = next(line for line in text.splitlines() if EVIL.name in line)
        assert "overdue 1 h 55 min" in line
        for title in (
            "Checked in without answers (",
            "Answers flagged for the provider (",
            "Aftercare not given (",
            "Series without a next booking (",
        ):
            assert title in text
        await press(pilot, "escape")
        assert app.screen is app.desk_screen


async def test_no_show_from_a_row_asks_then_changes_the_store(
    app: FrontDeskApp, fresh: Desk
) -> None:
    app.desk.clock.advance(minutes=30)  # 11:00: Evil O'Brien (10:15) is past the grace
    evil = aid_of(app.desk, EVIL.name)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_close(pilot, app)
        put_cursor(screen, f"no_outcome:{evil}")
        await press(pilot, "enter")
        assert isinstance(app.screen, RowMenu)
        menu = app.screen.query_one(OptionList)
        menu.highlighted = menu.get_option_index("no_show")
        await press(pilot, "enter")
        assert isinstance(app.screen, ConfirmDialog)
        await press(pilot, "escape")  # the first time: keep it
        assert fresh.appointment(evil).status == st.CONFIRMED
        assert "Nothing changed." in str(screen.status.render())
        put_cursor(screen, f"no_outcome:{evil}")
        await press(pilot, "n")
        assert isinstance(app.screen, ConfirmDialog)
        await press(pilot, "enter")
        await settle(pilot)
        assert app.screen is screen
    assert fresh.appointment(evil).status == st.NO_SHOW


async def test_cursor_moves_to_the_next_row_after_an_outcome(app: FrontDeskApp) -> None:
    app.desk.clock.advance(minutes=30)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_close(pilot, app)
        rows = [e for e in screen.rows if e.section == "no_outcome"]
        first = next(i for i, e in enumerate(rows) if "cancelled" in e.actions)
        put_cursor(screen, rows[first].key)
        await press(pilot, "x", "enter")  # cancel, confirmed
        await settle(pilot)
        picked = screen.picked
        assert picked is not None and picked.key == rows[first + 1].key
        assert rows[first].key not in {e.key for e in screen.rows}


async def test_completed_from_a_row_offers_aftercare_and_the_next_session(
    app: FrontDeskApp, fresh: Desk
) -> None:
    app.desk.clock.advance(minutes=60)  # 11:30
    thanh = aid_of(app.desk, "Thanh Lê")  # Sculptra, in treatment since 9:24
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_close(pilot, app)
        put_cursor(screen, f"no_outcome:{thanh}")
        await press(pilot, "d")
        assert isinstance(app.screen, ConfirmDialog)  # d asks first (Enter does it)
        await press(pilot, "enter")
        assert "Aftercare" in screen_text(app)
        await press(pilot, "r")  # read out
        assert isinstance(app.screen, NextSessionDialog)
        assert "Sculptra session 2 of 3, window 22 Dec – 5 Jan" in screen_text(app)
        await press(pilot, "enter")
        await settle(pilot)
        assert "Series: session 2 of 3 booked" in str(screen.status.render())
    saved = fresh.appointment(thanh)
    assert saved.status == st.COMPLETED
    assert saved.extra["aftercare"]["how"] == "read"
    later = [
        a
        for a in fresh.history(PEOPLE["Thanh Lê"].id)
        if a.type == "sculptra" and a.holds_slot and a.day(fresh.tz) > TUE
    ]
    assert len(later) == 1
    assert dt.date(2026, 12, 22) <= later[0].day(fresh.tz) <= dt.date(2027, 1, 5)


async def test_give_aftercare_left_for_later(app: FrontDeskApp, fresh: Desk) -> None:
    maria = aid_of(app.desk, "Maria García-López")
    app.desk.amend(maria, lambda a: replace(a, type="sculptra"))  # completed, aftercare due
    app.desk.amend(
        maria,
        lambda a: replace(a, extra={**a.extra, "pre_treatment": {"answers": {"nsaids": "no"}}}),
    )
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_close(pilot, app)
        put_cursor(screen, f"aftercare:{maria}")
        await press(pilot, "enter")
        assert isinstance(app.screen, RowMenu)
        await press(pilot, "enter")  # the first action: give the aftercare
        assert "Aftercare" in screen_text(app)
        await press(pilot, "r")
        await settle(pilot)
        assert f"aftercare:{maria}" not in {e.key for e in screen.rows}
    assert fresh.appointment(maria).extra["aftercare"]["how"] == "read"


async def test_checked_in_without_answers_can_be_answered(app: FrontDeskApp, fresh: Desk) -> None:
    thanh = aid_of(app.desk, "Thanh Lê")  # in treatment; the store has no answers for it
    assert "pre_treatment" not in app.desk.appointment(thanh).extra
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_close(pilot, app)
        assert f"unanswered:{thanh}" in {e.key for e in screen.rows}
        put_cursor(screen, f"unanswered:{thanh}")
        await press(pilot, "q")
        for answer in ("no", "yes", "no"):
            assert isinstance(app.screen, RowMenu)
            menu = app.screen.query_one(OptionList)
            menu.highlighted = menu.get_option_index(answer)
            await press(pilot, "enter")
            if answer == "yes":  # a new condition: what is it?
                assert isinstance(app.screen, OneBoxDialog), screen_text(app)
                await type_text(pilot, "Asthma")
                await press(pilot, "enter")
        await settle(pilot)
        assert f"unanswered:{thanh}" not in {e.key for e in screen.rows}
        assert "Tell the provider" in str(screen.status.render())
    saved = fresh.appointment(thanh).extra["pre_treatment"]
    assert sorted(saved["answers"].values()) == ["no", "no", "yes"]
    assert list(saved["details"].values()) == ["Asthma"]
    patient = fresh.patient(fresh.appointment(thanh).patient_id)
    assert "Asthma" in patient.conditions


async def test_u_undoes_the_last_outcome(app: FrontDeskApp, fresh: Desk) -> None:
    app.desk.clock.advance(minutes=30)
    evil = aid_of(app.desk, EVIL.name)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_close(pilot, app)
        put_cursor(screen, f"no_outcome:{evil}")
        await press(pilot, "x", "enter")
        await settle(pilot)
        assert "u undoes" in str(screen.status.render())
        assert fresh.appointment(evil).status == st.CANCELLED
        await press(pilot, "u")
        await settle(pilot)
        assert str(screen.status.render()).startswith("Undone")
        assert f"no_outcome:{evil}" in {e.key for e in screen.rows}
    assert fresh.appointment(evil).status == st.CONFIRMED


async def test_a_name_typed_on_a_row_searches_and_changes_nothing(
    app: FrontDeskApp, fresh: Desk
) -> None:
    app.desk.clock.advance(minutes=60)  # 11:30
    thanh = aid_of(app.desk, "Thanh Lê")  # in treatment: d would complete it
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_close(pilot, app)
        put_cursor(screen, f"no_outcome:{thanh}")
        await type_text(pilot, "dina")  # d asks; the letters behind it are a name
        assert getattr(app.screen, "NAME", "") == "lookup", screen_text(app)
        assert app.screen.query_one(Input).value == "dina"
        await press(pilot, "escape")
        await settle(pilot)
        assert app.screen is screen
        put_cursor(screen, f"no_outcome:{thanh}")
        await press(pilot, "d")
        assert isinstance(app.screen, ConfirmDialog)
        await type_text(pilot, "ave")  # the a says no: a search for "dave"
        assert app.screen.query_one(Input).value == "dave"
    assert fresh.appointment(thanh).status == st.IN_TREATMENT


def test_all_clear() -> None:
    text = report_text(DayClose(dt.date(2026, 11, 24), (), (), (), ()), 20).plain
    assert text.startswith("All clear for Tue 24 Nov 2026")


async def test_a_too_early_no_show_is_refused_before_any_question(
    app: FrontDeskApp, fresh: Desk
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_close(pilot, app)
        now = app.desk.now()
        later = next(
            e for e in screen.rows if e.visit and e.visit.start > now and "no_show" in e.actions
        )
        put_cursor(screen, later.key)
        await press(pilot, "n")
        await settle(pilot)
        assert app.screen is screen  # no question to confirm a change that would be refused
        assert "Too early for a no-show" in str(screen.status.render())
    assert later.visit is not None
    kept = fresh.appointment(later.visit.appointment.id)
    assert kept.status == later.visit.appointment.status
