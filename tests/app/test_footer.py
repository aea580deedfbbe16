"""The key footer: one widget drawing the keys that work here, clickable, leak-free."""

from __future__ import annotations

from console.app import FrontDeskApp
from console.ui.widgets.footer import DeskFooter
from tests.app.drive import press, screen_text, settle

SIZE = (120, 30)


def footer_line(app: FrontDeskApp) -> str:
    return app.screen.query_one(DeskFooter).render().plain


def offset_of(app: FrontDeskApp, text: str) -> int:
    line = footer_line(app)
    assert text in line, line
    return line.index(text)


async def test_the_footer_follows_the_pane_and_the_focus(app: FrontDeskApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        line = footer_line(app)
        assert " Day t Today" in line and "b Book" in line and "Arrived" not in line
        await press(pilot, "f2")
        line = footer_line(app)
        assert "a Arrived" in line and "w Walk-in" in line and "b Book" not in line
        await press(pilot, "f3")
        assert "Arrived" not in footer_line(app)


async def test_a_click_on_a_key_presses_it(app: FrontDeskApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "f2")
        x = offset_of(app, "w Walk-in")
        await pilot.click(DeskFooter, offset=(x + 3, 0))
        await settle(pilot)
        # A walk-in starts by finding the patient (as pressing w does).
        assert type(app.screen).__name__ == "LookupDialog"
        assert "walk-in" in screen_text(app).lower()


async def test_the_footer_mounts_nothing_however_often_the_keys_change(
    app: FrontDeskApp,
) -> None:
    # Textual's footer mounted a widget per key on every change and kept each one
    # alive through a watcher: this one only draws.
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        footer = app.screen.query_one(DeskFooter)
        for _ in range(5):
            await press(pilot, "f2")
            await press(pilot, "f1")
            await press(pilot, "ctrl+f")
            await press(pilot, "escape")
        assert not footer.children
        assert not getattr(footer, "__watchers", {})
        assert "b Book" in footer_line(app)
