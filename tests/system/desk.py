"""What the system tests share: the installed commands, a pinned clinic day, the CLI."""

from __future__ import annotations

import atexit
import os
import shutil
import socket
import sys
import tempfile
from pathlib import Path

from tests.forking import shared_server

BIN = Path(sys.executable).parent
FRONTDESK = str(BIN / "frontdesk")
NOW = "2026-11-24 10:50"  # a Tuesday, 10:50 in La Mirada: the clinic is open
DAY = NOW.split()[0]


def store_env(store: Path) -> dict[str, str]:
    """This process's environment pointed at ``store``, on the pinned clinic day."""
    env = {**os.environ, "FRONTDESK_DATA_DIR": str(store), "FRONTDESK_NOW": NOW}
    env.pop("FRONTDESK_SHIPPED_DIR", None)
    return env


def cli(store: Path, *args: str) -> str:
    """Run ``frontdesk ARGS`` on ``store``; its standard output (fails on a non-zero exit).

    The command runs in a process of its own, forked from the fork server of
    ``tests/forkserver.py`` (no second of imports for each look at the store).
    """
    done = shared_server().run([FRONTDESK, *args], store_env(store))
    done.check_returncode()
    return done.stdout


def one_visit_store(folder: Path, first: str, last: str, phone: str) -> Path:
    """``folder`` holding one patient with a Sculptra visit today at 11:00.

    Made once per test process with the real command line, then copied for each test.
    """
    key = (first, last, phone)
    if key not in _TEMPLATES:
        template = Path(tempfile.mkdtemp(prefix="frontdesk-template-")) / "store"
        atexit.register(shutil.rmtree, template.parent, True)
        pid = cli(
            template, "patient", "add", "--first", first, "--last", last, "--phone", phone
        ).strip()
        cli(template, "book", "--patient", pid, "--start", f"{DAY} 11:00", "--type", "sculptra")
        _TEMPLATES[key] = template
    shutil.copytree(_TEMPLATES[key], folder)
    return folder


_TEMPLATES: dict[tuple[str, str, str], Path] = {}


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
