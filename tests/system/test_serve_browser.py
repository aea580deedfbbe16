"""`frontdesk serve` in a real headless Chromium: the day's schedule shows in the browser."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.system.browser import Browser
from tests.system.desk import FRONTDESK, cli, free_port, store_env

pytestmark = pytest.mark.system


@pytest.fixture
def store(tmp_path: Path) -> Path:
    folder = tmp_path / "store"
    pid = cli(
        folder,
        "patient",
        "add",
        "--first",
        "Marisol",
        "--last",
        "Quintanilla",
        "--phone",
        "714-555-0177",
    ).strip()
    cli(folder, "book", "--patient", pid, "--start", "2026-11-24 11:00", "--type", "sculptra")
    return folder


class Served:
    """A running ``frontdesk serve`` in its own process group (so the console goes too)."""

    def __init__(self, store: Path, folder: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.log = folder / "serve.log"
        with self.log.open("wb") as log:
            # FRONTDESK_DATA_DIR and FRONTDESK_NOW reach the served console only through
            # this process's environment: no --data-dir is given on purpose.
            self.process = subprocess.Popen(
                [FRONTDESK, "serve", "--port", str(self.port)],
                stdout=log,
                stderr=subprocess.STDOUT,
                env=store_env(store),
                start_new_session=True,
            )
        self._wait_listening()

    def _wait_listening(self, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.1)
        self.close()
        raise AssertionError(f"frontdesk serve did not listen; its output:\n{self.output()}")

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def interrupt(self, timeout: float = 20.0) -> int:
        """Ctrl+C as a terminal sends it: SIGINT to the whole process group."""
        os.killpg(self.process.pid, signal.SIGINT)
        return self.process.wait(timeout=timeout)

    def close(self) -> None:
        """Make sure nothing of the server or its consoles is left running."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)


@pytest.fixture
def served(store: Path, tmp_path: Path) -> Iterator[Served]:
    server = Served(store, tmp_path)
    yield server
    server.close()


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[Browser]:
    chromium = Browser(tmp_path / "browser")
    yield chromium
    chromium.close()


def test_served_console_shows_todays_schedule_in_chromium(served, browser, tmp_path):
    screen = browser.read_terminal(
        served.url,
        ["Iconic Skin Clinic", "Tue 24 Nov 2026", "Marisol Quintanilla"],
        timeout=90,
        screenshot=tmp_path / "browser.png",
    )
    # The clinic's day from FRONTDESK_NOW (10:50 in La Mirada), not the host's date.
    assert "closes 6:00 PM" in screen
    assert "Sculptra" in screen

    # Ctrl+C with a browser still connected stops the server and its console cleanly.
    status = served.interrupt()
    output = served.output()
    assert status in (0, 130), output
    assert "Traceback" not in output, output
    assert "serving the console on http://127.0.0.1:" in output
