"""``frontdesk-ssh --person maria`` as sshd runs it: the client cannot choose the person.

The real entry point in a real terminal (a pty), with what a client could send through
sshd (``ssh host CMD`` as ``SSH_ORIGINAL_COMMAND``, variables an administrator allowed
with ``AcceptEnv``): the console opens as maria, receptionist, from the client's
address, and nothing the client sent is used. (The two-person test over a real sshd is
in ``test_ssh_console.py``.)
"""

from __future__ import annotations

import fcntl
import json
import os
import signal
import struct
import subprocess
import termios
import threading
import time
from pathlib import Path

import pytest

from tests.forking import shared_server
from tests.system.desk import BIN, FRONTDESK, NOW, store_env

pytestmark = pytest.mark.system


def frontdesk(store: Path, home: Path, *args: str) -> str:
    done = shared_server().run([FRONTDESK, *args], {**store_env(store), "HOME": str(home)})
    assert done.returncode == 0, done.stderr
    return done.stdout


def trail(store: Path, home: Path) -> list[dict]:
    return json.loads(frontdesk(store, home, "audit", "--limit", "1000", "--json"))


def drain(fd: int) -> None:
    # The console's screen goes nowhere; reading keeps it from blocking on a full pty.
    while True:
        try:
            if not os.read(fd, 65536):
                return
        except OSError:
            return


def test_the_client_cannot_choose_the_person(tmp_path):
    store, home = tmp_path / "store", tmp_path / "home"
    home.mkdir()
    frontdesk(store, home, "staff", "add", "maria")
    frontdesk(store, home, "staff", "add", "boss", "--role", "manager")
    marker = tmp_path / "startup-ran"
    startup = tmp_path / "startup.py"
    startup.write_text(f"open({str(marker)!r}, 'w').close()\n")
    env = {
        "HOME": str(home),
        "USER": "frontdesk",
        "LOGNAME": "frontdesk",
        "TERM": "xterm-256color",
        "PATH": "/usr/bin:/bin",
        "SSH_CLIENT": "192.0.2.7 51234 22",
        "SSH_CONNECTION": "192.0.2.7 51234 192.0.2.1 22",
        "FRONTDESK_DATA_DIR": str(store),
        "FRONTDESK_NOW": NOW,
        # What the client tries: another person, another command, its own Python.
        "SSH_ORIGINAL_COMMAND": "frontdesk --person boss staff add eve",
        "FRONTDESK_PERSON": "boss",
        "PYTHONSTARTUP": str(startup),
        "PYTHONPATH": str(tmp_path),
        "LC_ALL": "--person boss",
    }
    primary, secondary = os.openpty()
    fcntl.ioctl(secondary, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    console = subprocess.Popen(
        [str(BIN / "frontdesk-ssh"), "--person", "maria"],
        env=env,
        stdin=secondary,
        stdout=secondary,
        stderr=secondary,
        start_new_session=True,
    )
    os.close(secondary)
    reader = threading.Thread(target=drain, args=(primary,), daemon=True)
    reader.start()
    try:
        deadline = time.monotonic() + 60
        started = []
        while not started and time.monotonic() < deadline and console.poll() is None:
            started = [e for e in trail(store, home) if e["action"] == "session.start"]
            time.sleep(0.2)
        assert started, f"no console session started (status {console.poll()})"
    finally:
        if console.poll() is None:
            os.killpg(console.pid, signal.SIGHUP)  # the connection drops
        console.wait(timeout=60)
        os.close(primary)
    entries = trail(store, home)
    sessions = [e for e in entries if e["kind"] == "session"]
    assert [e["action"] for e in sessions] == ["session.start", "session.end"]
    for entry in sessions:
        assert (entry["who"], entry["role"], entry["from"]) == (
            "maria",
            "receptionist",
            "192.0.2.7",
        )
    assert not any(e["who"] == "boss" for e in entries)
    staff = json.loads(frontdesk(store, home, "staff", "list", "--json"))
    assert [s["name"] for s in staff] == ["boss", "maria"]  # no eve
    assert not marker.exists()  # the client's PYTHONSTARTUP never ran
