"""The console with the clinic's own content: a file that could not be used is named on
the status line at start; the console opens all the same."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.widgets import OptionList

from console.app import FrontDeskApp
from console.clinic.clock import FixedClock
from console.desk import Desk
from console.locations import shipped_dir
from console.shipped import link_appointment_types, load_content
from console.store import Store
from tests.app.clinic import CONFIG, NOW, TZ
from tests.app.drive import press, screen_text, settle, type_text
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
        assert message == (
            "The clinic's treatment file glow.md (line 19) could not be used; run frontdesk check."
        )
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


async def test_brackets_in_a_clinic_title_are_text_in_the_palette(
    store_dir: Path, tmp_path: Path
) -> None:
    # Textual reads a palette entry's text as markup: "[/]" raised, "[@click=...]" acted.
    odd = "Before the visit [/] [@click=app.quit]now[/] [b]x"
    write_glow(
        tmp_path / "setup", GLOW.replace("## Before the visit {#before}", f"## {odd} {{#before}}")
    )
    desk = desk_with_setup(store_dir, tmp_path / "setup")
    try:
        app = FrontDeskApp(desk=desk)
        async with app.run_test(size=(160, 45)) as pilot:
            await settle(pilot)
            await press(pilot, "ctrl+p")
            await type_text(pilot, "glow facial before")
            assert f"treatments: Glow Facial · {odd}" in screen_text(app)
            await press(pilot, "enter")
            assert app.is_running
            sections = app.desk_screen.pane("treatments").query_one("#treatments-sections")
            assert isinstance(sections, OptionList) and sections.highlighted is not None
            assert sections.options[sections.highlighted].id == "glow#before"
    finally:
        desk.close()
