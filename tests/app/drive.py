"""Helpers to drive the app with Pilot without depending on timings."""

from __future__ import annotations

from rich.console import Console
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Input


async def settle(pilot: Pilot) -> None:
    """Let messages, loading workers and refreshes finish (flows waiting on a dialog stay)."""
    app = pilot.app
    for _ in range(4):
        await pilot.pause()
        busy = [w for w in app.workers if w.group != "dialog" and not w.is_finished]
        if busy:
            await app.workers.wait_for_complete(busy)
    await pilot.pause()


async def press(pilot: Pilot, *keys: str) -> None:
    """Press keys one at a time, settling after each."""
    for key in keys:
        await pilot.press(key)
        await settle(pilot)


async def type_text(pilot: Pilot, text: str) -> None:
    """Type ``text`` into the focused widget, then settle."""
    await pilot.press(*text)
    await settle(pilot)


def screen_text(app: App) -> str:
    """What the terminal shows now, as plain text."""
    width, height = app.size
    console = Console(
        width=width,
        height=height,
        record=True,
        color_system=None,
        file=_Null(),
        legacy_windows=False,
    )
    console.print(
        app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    )
    return console.export_text()


def no_blink(app: App) -> None:
    """Stop every input's cursor blinking (snapshots must not depend on when they are taken)."""
    for screen in app.screen_stack:
        for box in screen.query(Input):
            box.cursor_blink = False


class _Null:
    def write(self, text: str) -> int:
        return len(text)

    def flush(self) -> None:
        pass


def shown(app: App, selector: str) -> str:
    """The plain text a widget of the current screen shows (``#error-time``...)."""
    return str(app.screen.query_one(selector).render())
