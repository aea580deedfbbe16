"""Day close: each section with its count, overdue visits, "all clear"."""

from __future__ import annotations

from console.app import FrontDeskApp
from console.services.day_close import DayClose
from console.ui.screens import DayCloseScreen
from console.ui.screens.day_close import report_text
from tests.app.clinic import EVIL
from tests.app.drive import press, settle, shown

SIZE = (110, 34)


async def test_shows_overdue_and_no_outcome_visits(app: FrontDeskApp) -> None:
    app.desk.clock.advance(minutes=10)  # 10:40
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "f5")
        assert isinstance(app.screen, DayCloseScreen)
        report = shown(app, "#day-close-report")
        assert "Visits with no outcome (" in report
        line = next(line for line in report.splitlines() if EVIL.name in line)
        assert "overdue 25 min" in line
        assert "Aftercare not given (" in report
        assert "Series without a next booking (" in report
        await press(pilot, "escape")
        assert app.screen is app.desk_screen


async def test_counts_follow_the_store(app: FrontDeskApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "f5")
        screen = app.screen
        assert isinstance(screen, DayCloseScreen) and screen.report is not None
        count = len(screen.report.no_outcome)
        assert f"Visits with no outcome ({count})" in shown(app, "#day-close-report")
        aid = next(v for v in app.desk.schedule(app.desk.today()).visits if v.patient.id == EVIL.id)
        app.desk.set_status(aid.appointment.id, "no_show")
        await press(pilot, "r")
        assert f"Visits with no outcome ({count - 1})" in shown(app, "#day-close-report")


def test_all_clear() -> None:
    import datetime as dt

    text = report_text(DayClose(dt.date(2026, 11, 24), (), (), (), ()), 20).plain
    assert text.startswith("All clear for Tue 24 Nov 2026")
