"""Start-up to first frame: the console against a minimal Textual app, measured alike.

Both run headless through Textual's ``run_test`` and count from the start of the
process (its creation time, so the interpreter and every import are in the figure)
to the refresh that paints the first frame with its content: for the minimal app
the first refresh once it is ready, for the console the first one after the day on
show was read (or the sign-in screen, where the desk asks who is there). Pilot's
``pause()`` is not used: it waits for the process to look idle, up to a second,
which blurs a half-second start-up. Run it in a fresh process for a whole-process
figure (the benchmark does, once per sample)::

    python -m console.tools.startup_probe --minimal
    python -m console.tools.startup_probe --data-dir /path/to/store

Each prints ``{"seconds": x}``. Textual and the console are imported inside the
measured function, never at this module's top, so their imports are counted.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import time
from pathlib import Path
from typing import Any

#: When this module was imported: the start of the count where /proc is not there.
_IMPORTED = time.perf_counter()

#: The terminal size of both runs (the console shows its columns view from 120).
SIZE = (120, 40)
#: How often the console is asked whether its first frame's content is in place.
POLL_SECONDS = 0.002


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


async def _first_frame(folder: Path | None) -> float:
    """Start ``folder``'s console (None: the minimal app) and return the process's age
    at its first frame: taken there, so the app's shut-down (a worker finishing) is not
    in the figure."""
    app = _minimal_app() if folder is None else _console_app(folder)
    async with app.run_test(size=SIZE):
        # The console reads the day in a worker: its first frame is the one showing it.
        while folder is not None and not app.first_frame_ready:
            await asyncio.sleep(POLL_SECONDS)
        painted = asyncio.Event()
        app.call_after_refresh(painted.set)  # the next refresh paints what is in place
        await painted.wait()
        return _age()


def process_age() -> float | None:
    """Seconds since this process started, from the kernel's clock since boot.

    Both ``/proc/uptime`` and the process's start in ``/proc/self/stat`` count from
    boot (in hundredths of a second): their difference is good to about 20 ms. The
    wall-clock creation time (psutil's) is not: it rests on a boot time rounded to
    the second. None where there is no /proc.
    """
    try:
        uptime = float(Path("/proc/uptime").read_text().split()[0])
        fields = Path("/proc/self/stat").read_text().rpartition(")")[2].split()
        started = int(fields[19]) / os.sysconf("SC_CLK_TCK")  # field 22: starttime
    except (OSError, ValueError, IndexError):
        return None
    return uptime - started


def _age() -> float:
    """The process's age (from this module's import where there is no /proc)."""
    age = process_age()
    return age if age is not None else time.perf_counter() - _IMPORTED


def first_frame_seconds(folder: Path | None) -> float:
    """Seconds from this process's start to the first frame of the console on ``folder``
    (None: of the minimal app). Meaningful once per fresh process.

    Without /proc it counts from this module's import instead (less than the whole).
    """
    return asyncio.run(_first_frame(folder))


def main(argv: list[str] | None = None) -> None:
    """``--minimal`` or ``--data-dir D``: print ``{"seconds": x}``."""
    parser = argparse.ArgumentParser(prog="python -m console.tools.startup_probe")
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--minimal", action="store_true", help="the minimal Textual app")
    which.add_argument("--data-dir", type=Path, help="the console on this store")
    args = parser.parse_args(argv)
    if args.minimal:
        # The yardstick runs as any Textual app does: importing this module (it is in the
        # console's package) paused the collector for the console's start-up only.
        gc.enable()
    print(json.dumps({"seconds": round(first_frame_seconds(args.data_dir), 3)}))


if __name__ == "__main__":
    main()
