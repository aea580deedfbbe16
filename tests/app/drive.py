"""Helpers to drive the app with Pilot without depending on timings.

:func:`settle` waits on conditions, never on a length of time or on the process
looking idle: every message queue of the app and of each screen on the stack is
empty, the loading workers have finished, and the screen has laid out and painted
what changed. Keys go to the app as Pilot sends them (a ``Key`` event posted to the
app), one at a time with a settle after each, so each key meets the screen the one
before it left. Textual internals used here (Pilot's own ``_wait_for_screen``, the
key names of ``textual.keys``, the screen's refresh hook and its after-refresh
callbacks, the compositor in :func:`screen_text`) are the ones Pilot itself uses.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
import unicodedata
from collections.abc import Iterator

from rich.console import Console
from textual import events
from textual.app import App
from textual.keys import REPLACED_KEYS, _character_to_key, _get_unicode_name_from_key
from textual.message_pump import MessagePump
from textual.pilot import Pilot
from textual.widgets import Input
from textual.worker import WorkerCancelled, WorkerFailed, WorkerState

#: Longer than any app work a test waits for; reaching it is a failure, not a wait.
SETTLE_LIMIT_SECONDS = 60.0


def _pumps(app: App) -> Iterator[MessagePump]:
    yield app
    for screen in app.screen_stack:
        yield from screen.walk_children(with_self=True)


def _quiet(app: App) -> bool:
    """No message waiting anywhere on the stack, no after-refresh callback due, and no
    widget of the screen on show with a layout or repaint asked for and not yet handed
    to its screen (it does that when it next idles, which may come after its queue
    looks empty; a screen under another waits with its own until it shows again)."""
    return (
        all(pump.message_queue_size == 0 for pump in _pumps(app))
        and not app.screen._callbacks
        and not any(
            getattr(pump, "_layout_required", False) or getattr(pump, "_repaint_required", False)
            for pump in app.screen.walk_children(with_self=True)
        )
    )


async def settle(pilot: Pilot) -> None:
    """Let messages, loading workers and refreshes finish (flows waiting on a dialog stay)."""
    app = pilot.app
    deadline = time.monotonic() + SETTLE_LIMIT_SECONDS
    while time.monotonic() < deadline:
        if not app.is_running:
            return  # it exited or crashed: ``run_test`` reports that
        await pilot._wait_for_screen()
        busy = [w for w in app.workers if w.group != "dialog" and not w.is_finished]
        started = [w for w in busy if w.state is not WorkerState.PENDING]
        for worker in started:
            # Superseded by a newer one, or a failure the app reports itself.
            with contextlib.suppress(WorkerCancelled, WorkerFailed):
                await worker.wait()
        if busy:
            if not started:
                await asyncio.sleep(0.001)  # let pending workers start
            continue
        await app.animator.wait_until_complete()
        if not _quiet(app):
            continue
        app.screen._on_timer_update()  # lay out and paint now, as Pilot's pause does
        await asyncio.sleep(0)
        if _quiet(app):
            return
    raise AssertionError(f"the app was still busy after {SETTLE_LIMIT_SECONDS:.0f} s")


def _key_event(key: str) -> events.Key:
    """The event Pilot sends for ``key`` (a key name such as ``ctrl+f``, or a character)."""
    if len(key) == 1 and not key.isalnum():
        key = _character_to_key(key)
    original = REPLACED_KEYS.get(key, key)
    try:
        char: str | None = unicodedata.lookup(_get_unicode_name_from_key(original))
    except KeyError:
        char = key if len(key) == 1 else None
    return events.Key(key, char)


async def press(pilot: Pilot, *keys: str) -> None:
    """Press keys one at a time, settling after each."""
    app = pilot.app
    for key in keys:
        event = _key_event(key)
        event.set_sender(app)
        app.post_message(event)
        await settle(pilot)


async def type_text(pilot: Pilot, text: str) -> None:
    """Type ``text`` into the focused widget as a quick typist would, then settle."""
    app = pilot.app
    for key in text:
        event = _key_event(key)
        event.set_sender(app)
        app.post_message(event)
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
