"""A tiny driver for a real terminal: the console runs inside a detached tmux session."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
import uuid

#: :meth:`Terminal.wait_for` returns a screen unchanged for STILL seconds, or SETTLE
#: seconds after its text first showed.
STILL = 0.25
SETTLE = 1.5


def require_tmux() -> str:
    """Path of tmux; the test fails (not skips) with the way out when it is missing."""
    path = shutil.which("tmux")
    assert path, "tmux is not installed: run .ci/run or `apt-get install tmux`"
    return path


class Terminal:
    """One tmux session of a given size running one command."""

    def __init__(self, command: list[str], env: dict[str, str], size=(100, 30)) -> None:
        self.tmux = require_tmux()
        self.name = f"fdtest-{uuid.uuid4().hex[:8]}"
        self.socket = f"fdtest-{os.getpid()}"
        width, height = size
        env_args = [item for key, value in env.items() for item in ("-e", f"{key}={value}")]
        self._run(
            "new-session",
            "-d",
            "-s",
            self.name,
            "-x",
            str(width),
            "-y",
            str(height),
            *env_args,
            " ".join(_quote(part) for part in command),
        )

    def _run(self, *args: str) -> str:
        done = subprocess.run(
            [self.tmux, "-L", self.socket, *args], capture_output=True, text=True, timeout=30
        )
        return done.stdout

    def screen(self) -> str:
        """The visible text of the pane."""
        return self._run("capture-pane", "-p", "-t", self.name)

    def keys(self, *keys: str) -> None:
        """Send tmux key names (``Enter``, ``F2``, ``a``)."""
        self._run("send-keys", "-t", self.name, *keys)

    def wait_for(self, text: str, timeout: float = 30.0) -> str:
        """Poll the screen until ``text`` shows and the screen has settled; fail otherwise.

        A capture can land while the console is still drawing (its first frame before
        the header's clock, a refresh half sent over ssh), so the screen is returned once
        it has not changed for :data:`STILL` seconds, or :data:`SETTLE` seconds after
        ``text`` first showed (a screen with a ticking clock may never sit still).
        """
        deadline = time.monotonic() + timeout
        screen, changed_at, seen_at = "", time.monotonic(), None
        while time.monotonic() < deadline:
            previous, screen = screen, self.screen()
            now = time.monotonic()
            if screen != previous:
                changed_at = now
            if text in screen:
                seen_at = seen_at or now
                if now - changed_at >= STILL or now - seen_at >= SETTLE:
                    return screen
            else:
                seen_at = None
            time.sleep(0.05)
        raise AssertionError(f"{text!r} never appeared; the screen was:\n{screen}")

    def alive(self) -> bool:
        """True while the session (the console) still runs."""
        return self.name in self._run("list-sessions", "-F", "#{session_name}")

    def close(self) -> None:
        """Kill the session."""
        self._run("kill-session", "-t", self.name)


def _quote(part: str) -> str:
    return "'" + part.replace("'", "'\\''") + "'"
