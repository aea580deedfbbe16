"""Start-up to first frame: the console against a minimal Textual app, measured alike.

Both run headless through Textual's ``run_test`` and count from the start of the
process (its creation time, so the interpreter and every import are in the figure)
to the return of the first ``pilot.pause()``: the first frame is drawn and the app
has gone idle. Run it in a fresh process for a whole-process figure (the benchmark
does, once per sample)::

    python -m console.tools.startup_probe --minimal
    python -m console.tools.startup_probe --data-dir /path/to/store

Each prints ``{"seconds": x}``. Textual and the console are imported inside the
measured function, never at this module's top, so their imports are counted.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time
from pathlib import Path
from typing import Any

import psutil

#: The terminal size of both runs (the console shows its columns view from 120).
SIZE = (120, 40)


def _minimal_app() -> Any:
    """A Textual app with a header, a filled data table and a footer."""
    from textual.app import App, ComposeResult
    from textual.widgets import DataTable, Footer, Header

    class Minimal(App[None]):
        """The yardstick: what any Textual app draws first."""

        def compose(self) -> ComposeResult:
            yield Header()
            yield DataTable()
            yield Footer()

        def on_mount(self) -> None:
            table = self.query_one(DataTable)
            table.add_columns("Time", "Patient", "Visit")
            for hour in range(9, 18):
                table.add_row(f"{hour}:00", "A patient", "A visit")

    return Minimal()


def _console_app(folder: Path) -> Any:
    from console.app import FrontDeskApp

    return FrontDeskApp(data_dir=folder)


async def _first_frame(folder: Path | None) -> None:
    app = _minimal_app() if folder is None else _console_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()


def first_frame_seconds(folder: Path | None) -> float:
    """Seconds from this process's start to the first idle frame of the console on
    ``folder`` (None: of the minimal app). Meaningful once per fresh process."""
    asyncio.run(_first_frame(folder))
    return time.time() - psutil.Process().create_time()


def main(argv: list[str] | None = None) -> None:
    """``--minimal`` or ``--data-dir D``: print ``{"seconds": x}``."""
    parser = argparse.ArgumentParser(prog="python -m console.tools.startup_probe")
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--minimal", action="store_true", help="the minimal Textual app")
    which.add_argument("--data-dir", type=Path, help="the console on this store")
    args = parser.parse_args(argv)
    print(json.dumps({"seconds": round(first_frame_seconds(args.data_dir), 3)}))


if __name__ == "__main__":
    main()
