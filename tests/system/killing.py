"""The test side of the kill -9 fork servers (see ``_fork_loop.py``)."""

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def fork_server(helper: Path, store: Path) -> Iterator[subprocess.Popen]:
    """Start ``helper STORE`` and wait for its "ready"; stop it afterwards."""
    proc = subprocess.Popen(
        [sys.executable, str(helper), str(store)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout.readline().strip() == "ready"
    try:
        yield proc
    finally:
        proc.stdin.close()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def kill_one(server: subprocess.Popen, args: str, delay: float) -> tuple[list[list[str]], int]:
    """Fork a job on ``args``, SIGKILL it after ``delay`` s; (lines it acknowledged, signal)."""
    server.stdin.write(f"run {args}\n")
    server.stdin.flush()
    first = server.stdout.readline().split()
    assert first[0] == "start", first
    time.sleep(delay)
    os.kill(int(first[1]), signal.SIGKILL)
    acked = []
    for line in server.stdout:
        words = line.split()
        if words[0] == "reaped":
            return acked, int(words[2])
        acked.append(words)
    raise AssertionError("the fork server died")
