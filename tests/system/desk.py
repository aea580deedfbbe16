"""What the system tests share: the installed commands, a pinned clinic day, the CLI."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

BIN = Path(sys.executable).parent
FRONTDESK = str(BIN / "frontdesk")
NOW = "2026-11-24 10:50"  # a Tuesday, 10:50 in La Mirada: the clinic is open


def store_env(store: Path) -> dict[str, str]:
    """This process's environment pointed at ``store``, on the pinned clinic day."""
    env = {**os.environ, "FRONTDESK_DATA_DIR": str(store), "FRONTDESK_NOW": NOW}
    env.pop("FRONTDESK_SHIPPED_DIR", None)
    return env


def cli(store: Path, *args: str) -> str:
    """Run ``frontdesk ARGS`` on ``store``; its standard output (fails on a non-zero exit)."""
    done = subprocess.run(
        [FRONTDESK, *args], capture_output=True, text=True, env=store_env(store), check=True
    )
    return done.stdout


def terminal_env() -> dict[str, str]:
    """A receptionist's own terminal, in a zone far from the clinic's (it must not matter)."""
    return {
        "TERM": "xterm-256color",
        "TZ": "Asia/Tokyo",
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/root"),
        "LANG": "C.UTF-8",
    }


def console_env(store: Path) -> dict[str, str]:
    """The environment of a console opened at the desk on ``store``."""
    return {**terminal_env(), "FRONTDESK_DATA_DIR": str(store), "FRONTDESK_NOW": NOW}


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
