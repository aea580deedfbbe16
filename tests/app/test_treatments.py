"""The treatments pane answers a caller's question."""

from __future__ import annotations

import pytest
from textual.widgets import Markdown

from console.app import FrontDeskApp
from console.ui.widgets.treatments import TreatmentsPane
from tests.app.drive import press, screen_text, settle, type_text

SIZE = (100, 30)


@pytest.mark.parametrize(
    ("question", "section"),
    [
        ("ibuprofen", "preparation"),
        ("how many sessions", "regimen"),
        ("lips", "not-recommended"),
        ("aftercare", "aftercare"),
    ],
)
async def test_search_jumps_to_the_answer(app: FrontDeskApp, question: str, section: str) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "f3")
        await type_text(pilot, question)
        pane = app.desk_screen.query_one(TreatmentsPane)
        assert pane.current == f"sculptra#{section}"
        title = app.desk.treatment("sculptra").section(section).title
        assert pane.query_one(Markdown).source.startswith(f"## {title}")
        assert f"→ {title}" in screen_text(app)


async def test_ibuprofen_shows_the_preparation_text(app: FrontDeskApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "f3")
        await type_text(pilot, "ibuprofen")
        text = screen_text(app)
        assert "Preparation" in text
        assert "ibuprofen" in text


async def test_sections_can_be_browsed(app: FrontDeskApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "f3", "escape", "down", "down")
        pane = app.desk_screen.query_one(TreatmentsPane)
        assert pane.current == "sculptra#how-it-works"


async def test_no_answer_is_said(app: FrontDeskApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "f3")
        await type_text(pilot, "zzqx")
        assert "Nothing here answers “zzqx”" in screen_text(app)
