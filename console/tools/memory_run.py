"""Whole-process memory of the real console: RSS after a short working session.

``python -m console.tools.memory_run --data-dir D`` starts :class:`~console.app.FrontDeskApp`
headless (Textual's ``run_test``, 120x40) on the store at ``D``, looks a patient up (the
matches listed, none opened), moves the schedule a day forward, opens the check-in pane and prints
its own RSS as JSON. ``frontdesk bench`` runs it in a fresh process per store (empty,
5 and 10 years), so each figure is a whole console process and nothing else. With
``--cycles N`` it then switches panes and opens and closes the lookup ``N`` times and
reports the growth as well (memory must stay flat over a working day).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import json
from pathlib import Path
from typing import Any

import psutil

#: Function keys and ctrl+f work whatever has focus (the treatments pane's search box
#: would take "1" or "/" as text).
PANE_KEYS = ("f2", "f3", "f1")
DIALOG_KEYS = ("ctrl+f", "escape")
#: Who is looked up unless ``--find`` says (a common surname in the synthetic history).
LOOKUP = "garcia"
SIZE = (120, 40)
#: Longest wait for the loads a key started (a stuck load must not hang the bench).
LOAD_LIMIT_S = 10.0


def rss_mb() -> float:
    """This process's resident set size in MB."""
    return psutil.Process().memory_info().rss / (1024 * 1024)


async def _settle(pilot: Any) -> None:
    """Let the keys' work, loads in threads included, finish before the next step is judged."""
    await pilot.pause()
    # Only thread workers (the loads): a dialog's flow worker waits on its screen for ever.
    # (An empty list would mean every worker to Textual.) A load cancelled by its successor
    # is done too.
    loads = [w for w in pilot.app.workers if w._thread_worker and not w.is_finished]
    if loads:
        waits = asyncio.gather(*(w.wait() for w in loads), return_exceptions=True)
        # Past the limit it is judged as it is: the figures say what the process holds.
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(waits, LOAD_LIMIT_S)
    await pilot.pause()


async def _session(folder: Path, cycles: int, find: str) -> dict[str, Any]:
    from console.app import FrontDeskApp
    from console.desk import open_desk
    from console.ui.widgets.schedule import SchedulePane

    # The clinic's clock (FRONTDESK_NOW when set), as the console itself would have.
    desk = open_desk(folder)
    app = FrontDeskApp(desk=desk)
    result: dict[str, Any] = {}
    try:
        async with app.run_test(size=SIZE) as pilot:
            await _settle(pilot)
            result["rss_first_frame_mb"] = round(rss_mb(), 1)
            await pilot.press("ctrl+f", *find)
            await _settle(pilot)
            # The matches the lookup lists (each with its visits and series line). Not
            # opened: the empty store has none to open, and the figures compare the same
            # work on every store.
            result["lookup_matches"] = _matches(app)
            await pilot.press("escape", "f1")
            await _settle(pilot)
            schedule = app.desk_screen.query_one(SchedulePane)
            before = schedule.day
            await pilot.press("right")
            await _settle(pilot)
            result["day_forward"] = (schedule.day - before).days
            await pilot.press("f2")
            await _settle(pilot)
            result["pane"] = app.desk_screen.current
            gc.collect()
            result["rss_mb"] = round(rss_mb(), 1)
            if cycles:
                result.update(await _cycles(pilot, cycles))
    finally:
        desk.close()
    return result


def _matches(app: Any) -> int:
    """How many patients the lookup on show lists."""
    from textual.widgets import OptionList

    from console.ui.dialogs.lookup import LookupDialog

    if not isinstance(app.screen, LookupDialog):
        return 0
    options = app.screen.query_one(OptionList)
    return sum(
        1
        for i in range(options.option_count)
        if (option := options.get_option_at_index(i)).id and not option.disabled
    )


async def _cycles(pilot: Any, cycles: int) -> dict[str, Any]:
    """RSS before and after ``cycles`` pane switches, each with a lookup opened and closed."""
    # One warm-up round so first-use caches are not counted as growth.
    for key in PANE_KEYS:
        await pilot.press(key, *DIALOG_KEYS)
    await _settle(pilot)
    gc.collect()
    before = rss_mb()
    for i in range(cycles):
        await pilot.press(PANE_KEYS[i % len(PANE_KEYS)], *DIALOG_KEYS)
    await _settle(pilot)
    gc.collect()
    after = rss_mb()
    return {
        "cycles": cycles,
        "rss_before_mb": round(before, 1),
        "rss_after_mb": round(after, 1),
        "growth_mb": round(after - before, 1),
        "screen_stack_after": len(pilot.app.screen_stack),
    }


def measure(folder: Path, cycles: int = 0, find: str = LOOKUP) -> dict[str, Any]:
    """The session's figures for the store at ``folder`` (run in a process of its own)."""
    return asyncio.run(_session(folder, cycles, find))


def main(argv: list[str] | None = None) -> None:
    """Print the session's figures as one JSON object."""
    parser = argparse.ArgumentParser(prog="python -m console.tools.memory_run")
    parser.add_argument("--data-dir", required=True, type=Path)
    parser.add_argument("--cycles", type=int, default=0, help="pane and lookup cycles after")
    parser.add_argument("--find", default=LOOKUP, help="the name typed into the lookup")
    args = parser.parse_args(argv)
    print(json.dumps(measure(args.data_dir, args.cycles, args.find)))


if __name__ == "__main__":
    main()
