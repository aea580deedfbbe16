"""Export the shown day from the console as CSV or iCalendar."""

from __future__ import annotations

import csv
import datetime as dt
import io
import stat
from pathlib import Path

import pytest

from console.app import FrontDeskApp
from console.ui.commands import COMMANDS
from console.ui.dialogs import ExportDialog
from tests.app.drive import press, settle, shown

SIZE = (110, 34)
TODAY = dt.date(2026, 11, 24)


def test_palette_offers_exports() -> None:
    names = {c.name for c in COMMANDS}
    assert "schedule: export day as CSV…" in names
    assert "schedule: export day as iCalendar…" in names
    assert "calls: confirmation list" in names and "day: close" in names


async def test_export_csv_to_default_path(
    app: FrontDeskApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.run_command("", "export('csv')")
        await settle(pilot)
        assert isinstance(app.screen, ExportDialog)
        assert app.screen.query_one("#export-path").value == "~/schedule-2026-11-24.csv"
        await press(pilot, "enter")
        assert app.screen is app.desk_screen
    path = tmp_path / "schedule-2026-11-24.csv"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    rows = list(csv.DictReader(io.StringIO(path.read_text())))
    visits = app.desk.schedule(TODAY).visits
    assert len(rows) == len(visits)
    assert {r["patient"] for r in rows} == {v.patient.name for v in visits}
    assert {r["date"] for r in rows} == {"2026-11-24"}


async def test_export_ics_and_errors_inline(
    app: FrontDeskApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.run_command("", "export('ics')")
        await settle(pilot)
        box = app.screen.query_one("#export-path")
        box.value = str(tmp_path / "missing" / "day.ics")
        await press(pilot, "enter")
        assert isinstance(app.screen, ExportDialog)
        assert "does not exist" in shown(app, "#error-output")
        box.value = "~/day.ics"
        await press(pilot, "enter")
        assert app.screen is app.desk_screen
    assert "BEGIN:VCALENDAR" in (tmp_path / "day.ics").read_text()
