"""The console with the clinic's own content: a file that could not be used is named on
the status line at start; the console opens all the same."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from console.app import FrontDeskApp
from console.clinic.clock import FixedClock
from console.desk import Desk
from console.locations import shipped_dir
from console.shipped import link_appointment_types, load_content
from console.store import Store
from tests.app.clinic import CONFIG, NOW, TZ
from tests.app.drive import settle
from tests.clinic_setup import GLOW, write_glow


def desk_with_setup(store: Path, setup: Path) -> Desk:
    """A desk as ``open_desk`` builds it, with the clinic's setup folder ``setup``."""
    content = load_content(shipped_dir(), setup, config=CONFIG)
    config = link_appointment_types(CONFIG, content)
    return Desk(Store(store), config, content.treatments, FixedClock(NOW, TZ), content=content)


@pytest.fixture
def broken(store_dir: Path, tmp_path: Path) -> Iterator[Desk]:
    write_glow(tmp_path / "setup", GLOW.replace("  why:", "  wy:"))
    desk = desk_with_setup(store_dir, tmp_path / "setup")
    yield desk
    desk.close()


async def test_a_clinic_file_that_could_not_be_used_is_named_at_start(broken: Desk) -> None:
    app = FrontDeskApp(desk=broken)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        message = app.desk_screen.query_one("#schedule-status").message
        assert message.startswith("The clinic's treatment file could not be used: ")
        assert "glow.md line 19: unknown key 'wy'" in message
        assert message.endswith("run frontdesk check.")
        assert list(app.desk.treatments) == ["sculptra"]


async def test_no_warning_when_the_clinic_content_is_fine(store_dir: Path, tmp_path: Path) -> None:
    write_glow(tmp_path / "setup")
    desk = desk_with_setup(store_dir, tmp_path / "setup")
    try:
        app = FrontDeskApp(desk=desk)
        async with app.run_test(size=(160, 45)) as pilot:
            await settle(pilot)
            assert app.desk_screen.query_one("#schedule-status").message == ""
            assert list(app.desk.treatments) == ["sculptra", "glow"]
    finally:
        desk.close()
