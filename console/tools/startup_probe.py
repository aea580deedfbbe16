"""Seconds from process start to the first frame: the console's, or a minimal Textual app's.

``python -m console.tools.startup_probe --minimal`` (Header, DataTable, Footer) or
``--data-dir D`` (FrontDeskApp on that store) prints ``{"seconds": x}``. Headless, so it
runs without a terminal; ``frontdesk bench`` runs it in fresh processes and compares.
"""

from __future__ import annotations

import argparse
import inspect
import json
import time
from pathlib import Path

import psutil


def _since_start() -> float:
    """Seconds since this process was created (imports included, as a user waits for them)."""
    return time.time() - psutil.Process().create_time()


def _minimal() -> float:
    from textual.app import App, ComposeResult
    from textual.widgets import DataTable, Footer, Header

    class Minimal(App[float]):
        def compose(self) -> ComposeResult:
            yield Header()
            yield DataTable()
            yield Footer()

        def on_ready(self) -> None:
            self.exit(_since_start())

    return Minimal().run(headless=True, size=(120, 40)) or float("nan")


def _console(data_dir: str) -> float:
    from console.app import FrontDeskApp
    from console.desk import open_desk

    class Probe(FrontDeskApp):
        # Textual reads a relative CSS_PATH next to the subclass's module: point at the app's.
        CSS_PATH = str(Path(inspect.getfile(FrontDeskApp)).with_name(str(FrontDeskApp.CSS_PATH)))

        seconds = float("nan")

        def on_ready(self) -> None:
            # Textual sends Ready once the first frame has been displayed.
            self.seconds = _since_start()
            self.exit()

    desk = open_desk(data_dir)
    try:
        app = Probe(desk=desk)
        app.run(headless=True, size=(120, 40))
    finally:
        desk.close()
    return app.seconds


def main(argv: list[str] | None = None) -> None:
    """Print ``{"seconds": x}`` for the minimal app or the console on a store."""
    parser = argparse.ArgumentParser(prog="python -m console.tools.startup_probe")
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--minimal", action="store_true")
    which.add_argument("--data-dir")
    args = parser.parse_args(argv)
    seconds = _minimal() if args.minimal else _console(args.data_dir)
    print(json.dumps({"seconds": round(seconds, 4)}))


if __name__ == "__main__":
    main()
