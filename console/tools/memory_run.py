"""Console memory over a working day: RSS before and after many pane switches and dialogs.

Runs the real :class:`~console.app.FrontDeskApp` headless (Textual's ``run_test``) on
an existing store, so ``frontdesk bench --memory`` can report whether memory stays flat.
"""

from __future__ import annotations

import asyncio
import gc
from pathlib import Path

import psutil

from console.clinic.clock import Clock

# Function keys and ctrl+f work whatever has focus (the treatments pane's search box
# would take "1" or "/" as text).
PANE_KEYS = ("f2", "f3", "f1")
DIALOG_KEYS = ("ctrl+f", "escape")


def _rss_mb() -> float:
    return psutil.Process().memory_info().rss / (1024 * 1024)


async def _cycle(folder: Path, clock: Clock, cycles: int) -> dict[str, float]:
    from console.app import FrontDeskApp
    from console.desk import open_desk

    desk = open_desk(folder, clock=clock)
    app = FrontDeskApp(desk=desk)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        # One warm-up round so first-use caches are not counted as growth.
        for key in PANE_KEYS:
            await pilot.press(key, *DIALOG_KEYS)
        await pilot.pause()
        gc.collect()
        before = _rss_mb()
        for i in range(cycles):
            await pilot.press(PANE_KEYS[i % len(PANE_KEYS)], *DIALOG_KEYS)
        await pilot.pause()
        gc.collect()
        after = _rss_mb()
        screens = len(app.screen_stack)
    desk.close()
    return {
        "cycles": cycles,
        "rss_before_mb": round(before, 1),
        "rss_after_mb": round(after, 1),
        "growth_mb": round(after - before, 1),
        "screen_stack_after": screens,
    }


def measure_console_memory(folder: Path, clock: Clock, cycles: int = 1000) -> dict[str, float]:
    """RSS (MB) before and after ``cycles`` pane switches plus dialog open/close cycles."""
    return asyncio.run(_cycle(folder, clock, cycles))
