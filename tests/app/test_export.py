"""Export the shown day from the console as CSV or iCalendar: no path is ever typed.

In a terminal the file is a new one, under a generated name, in the fixed exports
folder (``~/frontdesk-exports``); nothing already there is followed or overwritten.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import stat
from pathlib import Path

import pytest
from textual.widgets import Input

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


async def _export(app: FrontDeskApp, pilot, fmt_key: str) -> None:
    await settle(pilot)
    await app.run_command("", f"export('{fmt_key}')")
    await settle(pilot)
    assert isinstance(app.screen, ExportDialog)
    assert not app.screen.query(Input), "no path is ever typed"
    await press(pilot, "enter")


async def test_export_csv_makes_a_new_file_in_the_exports_folder(
    app: FrontDeskApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    folder = tmp_path / "frontdesk-exports"
    toasts: list[str] = []
    notify = app.notify

    # Recorded on the way through: the toast is what the person reads.
    def recorded(message: str, **options: object) -> None:
        toasts.append(message)
        notify(message, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(app, "notify", recorded)
    async with app.run_test(size=SIZE) as pilot:
        await _export(app, pilot, "csv")
        assert app.screen is app.desk_screen
        await _export(app, pilot, "csv")  # twice: a second file, the first kept
    first, second = sorted(folder.iterdir(), key=lambda p: p.stat().st_mtime_ns)
    for path in (first, second):
        assert re.fullmatch(r"day-2026-11-24-[0-9a-f]{8}\.csv", path.name)
        assert f"Saved {path.name} in {folder}." in toasts
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    rows = list(csv.DictReader(io.StringIO(first.read_text())))
    visits = app.desk.schedule(TODAY).visits
    assert len(rows) == len(visits)
    assert {r["patient"] for r in rows} == {v.patient.name for v in visits}
    assert {r["date"] for r in rows} == {"2026-11-24"}
    assert first.read_text() == second.read_text()


async def test_export_ics(
    app: FrontDeskApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await _export(app, pilot, "ics")
        assert app.screen is app.desk_screen
    (path,) = (tmp_path / "frontdesk-exports").iterdir()
    assert path.name.startswith("day-2026-11-24-") and path.suffix == ".ics"
    assert "BEGIN:VCALENDAR" in path.read_text()


@pytest.mark.parametrize("planted", ["symlink", "file"])
async def test_a_planted_exports_folder_is_refused_inline(
    app: FrontDeskApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, planted: str
) -> None:
    """A symlink (to ``~`` here: the day's CSV as ``.bashrc``) or a file is never written."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    bashrc = home / ".bashrc"
    bashrc.write_text("# mine\n")
    if planted == "symlink":
        (home / "frontdesk-exports").symlink_to(home)
    else:
        (home / "frontdesk-exports").write_text("not a folder")
    async with app.run_test(size=SIZE) as pilot:
        await _export(app, pilot, "csv")
        assert isinstance(app.screen, ExportDialog)
        error = shown(app, "#error-general")
        assert ("symbolic link" if planted == "symlink" else "not a usable folder") in error
        await press(pilot, "escape")
    assert sorted(p.name for p in home.iterdir()) == [".bashrc", "frontdesk-exports"]
    assert bashrc.read_text() == "# mine\n"


async def test_an_exports_folder_inside_the_store_is_refused(
    app: FrontDeskApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = sorted(p.name for p in app.desk.store.root.iterdir())
    monkeypatch.setenv("HOME", str(app.desk.store.root))
    async with app.run_test(size=SIZE) as pilot:
        await _export(app, pilot, "csv")
        assert "inside the store" in shown(app, "#error-general")
    assert sorted(p.name for p in app.desk.store.root.iterdir()) == before


def test_files_leave_the_console_only_through_ui_delivery() -> None:
    """Textual's terminal delivery follows symlinks and overwrites: nothing else calls it."""
    package = Path(__file__).resolve().parents[2] / "console"
    callers = {
        str(path.relative_to(package))
        for path in package.rglob("*.py")
        for word in ("deliver_text(", "deliver_binary(", "deliver_screenshot(", "save_screenshot(")
        if word in path.read_text()
    }
    assert callers == {"ui/delivery.py"}
