"""The console over a real OpenSSH server on loopback, as a receptionist at home uses it.

sshd runs from a private config in ``tmp_path`` (its own host key, authorized key,
pid file; ``ForceCommand`` runs ``frontdesk-ssh``), under ``TZ=Europe/London``; the
``ssh -tt`` client runs in tmux under ``TZ=Asia/Tokyo``. Both must show clinic (Los
Angeles) times. The clinic day is pinned with ``FRONTDESK_NOW`` (set by sshd's
``SetEnv``, which the wrapper keeps for demos and tests) so the test does not depend
on the real day being an open one.
"""

from __future__ import annotations

import contextlib
import getpass
import json
import os
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest

from tests.system.desk import (
    BIN,
    FRONTDESK,
    NOW,
    cli,
    console_env,
    free_port,
    one_visit_store,
    terminal_env,
)
from tests.system.tmux import Terminal

pytestmark = pytest.mark.system

FRONTDESK_SSH = str(BIN / "frontdesk-ssh")
CLINIC_DAY = "2026-11-24"


def require_openssh() -> tuple[str, str, str]:
    """Paths of sshd, ssh and ssh-keygen; fails (not skips) with the way out."""
    sshd = shutil.which("sshd") or ("/usr/sbin/sshd" if os.path.exists("/usr/sbin/sshd") else "")
    ssh, keygen = shutil.which("ssh"), shutil.which("ssh-keygen")
    assert sshd and ssh and keygen, (
        "OpenSSH is not installed (sshd, ssh and ssh-keygen are needed): run .ci/run or "
        "`apt-get install openssh-server openssh-client`"
    )
    return sshd, ssh, keygen


def audit(store: Path) -> list[dict]:
    return json.loads(cli(store, "audit", "--limit", "1000", "--json"))


def wait_until(predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"{what} did not happen within {timeout:.0f} s")


@pytest.fixture
def store(tmp_path: Path) -> Path:
    return one_visit_store(tmp_path / "store", "Ana", "O'Brien", "714-555-0142")


class SSHServer:
    """A throwaway sshd on 127.0.0.1 whose only command is ``frontdesk-ssh``."""

    def __init__(self, folder: Path, store: Path) -> None:
        sshd, self.ssh, keygen = require_openssh()
        folder.mkdir()
        self.folder = folder
        self.login = getpass.getuser()
        self.port = free_port()
        for name in ("host_key", "client_key"):
            subprocess.run(
                [keygen, "-q", "-t", "ed25519", "-N", "", "-f", str(folder / name)], check=True
            )
        (folder / "authorized_keys").write_bytes((folder / "client_key.pub").read_bytes())
        if os.geteuid() == 0:
            # Privilege separation needs this (empty) folder; a fresh container lacks it.
            Path("/run/sshd").mkdir(mode=0o755, exist_ok=True)
        config = folder / "sshd_config"
        config.write_text(
            f"""\
Port {self.port}
ListenAddress 127.0.0.1
HostKey {folder / "host_key"}
PidFile {folder / "sshd.pid"}
AuthorizedKeysFile {folder / "authorized_keys"}
UsePAM no
StrictModes no
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin {"prohibit-password" if os.geteuid() == 0 else "no"}
PermitUserEnvironment no
PermitUserRC no
LogLevel VERBOSE

# As in the README's Deployment over SSH (Match Group frontdesk there).
Match User {self.login}
    ForceCommand {FRONTDESK_SSH} --person {self.login}
    SetEnv FRONTDESK_DATA_DIR={store} FRONTDESK_NOW="{NOW}"
    PermitTTY yes
    DisableForwarding yes
    X11Forwarding no
    AllowTcpForwarding no
    AllowAgentForwarding no
    PermitTunnel no
"""
        )
        self.log = open(folder / "sshd.log", "wb")  # noqa: SIM115  # closed in stop()
        # The server's zone differs from the client's; neither may reach the console.
        env = {"PATH": "/usr/sbin:/usr/bin:/bin", "TZ": "Europe/London"}
        self.process = subprocess.Popen(
            [sshd, "-D", "-e", "-f", str(config)], stdout=self.log, stderr=self.log, env=env
        )
        wait_until(self._listening, 15, f"sshd listening on port {self.port} (see {self.log.name})")

    def _listening(self) -> bool:
        if self.process.poll() is not None:
            log = (self.folder / "sshd.log").read_text(errors="replace")
            raise AssertionError(f"sshd exited with status {self.process.returncode}:\n{log}")
        with socket.socket() as sock:
            return sock.connect_ex(("127.0.0.1", self.port)) == 0

    def client_command(self) -> list[str]:
        """``ssh -tt`` to this server, ignoring every user and system ssh setting."""
        return [
            self.ssh,
            "-tt",
            "-F",
            "/dev/null",
            "-p",
            str(self.port),
            "-i",
            str(self.folder / "client_key"),
            "-o",
            "IdentitiesOnly=yes",
            "-o",
            "BatchMode=yes",
            "-o",
            "StrictHostKeyChecking=no",
            "-o",
            f"UserKnownHostsFile={self.folder / 'known_hosts'}",
            "-o",
            "LogLevel=ERROR",
            f"{self.login}@127.0.0.1",
        ]

    def stop(self) -> None:
        """End sshd and everything it started (sessions, consoles)."""
        try:
            family = psutil.Process(self.process.pid).children(recursive=True)
        except psutil.NoSuchProcess:
            family = []
        for proc in family:
            with contextlib.suppress(psutil.NoSuchProcess):
                proc.send_signal(signal.SIGTERM)
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
        _gone, alive = psutil.wait_procs(family, timeout=10)
        for proc in alive:
            proc.kill()
        self.log.close()


@pytest.fixture
def sshd(tmp_path: Path, store: Path) -> Iterator[SSHServer]:
    server = SSHServer(tmp_path / "ssh", store)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def local_console(store: Path) -> Iterator[Terminal]:
    """A console at the desk itself, on the same store."""
    env = console_env(store)
    term = Terminal([FRONTDESK], env, size=(100, 30))
    try:
        yield term
    finally:
        term.close()


def session_of(entries: list[dict], action: str, address: str) -> dict | None:
    found = [e for e in entries if e["action"] == action and e["from"] == address]
    return found[-1] if found else None


def test_a_receptionist_checks_in_over_ssh_and_hangs_up(store, sshd, local_console):
    started = time.monotonic()
    local_console.wait_for("Iconic Skin Clinic")
    local_console.wait_for("O'Brien")

    remote = Terminal(sshd.client_command(), terminal_env(), size=(100, 30))
    try:
        # The header's right side (clock and hours) is drawn once the console runs.
        screen = remote.wait_for("closes 6:00 PM", timeout=60)
        # Clinic (Los Angeles) time, not London's (sshd) or Tokyo's (client).
        assert "Iconic Skin Clinic" in screen and "Now 10:5" in screen, screen
        screen = remote.wait_for("O'Brien")
        assert "11:00 AM" in screen, screen

        start = wait_until(
            lambda: session_of(audit(store), "session.start", "127.0.0.1"),
            15,
            "session.start over ssh",
        )
        assert start["who"] == sshd.login
        console_pid = int(start["id"])
        console = psutil.Process(console_pid)
        # The wrapper's environment, seen from the running console.
        environ = console.environ()
        assert environ["ESCDELAY"] == "400" and environ["TEXTUAL_FPS"] == "20", environ
        assert "TZ" not in environ and "SSH_ORIGINAL_COMMAND" not in environ, environ
        assert environ["LC_ALL"] == "C.UTF-8", environ

        # Check the patient in, as at the desk (a Sculptra visit asks its questions).
        remote.keys("F2")
        remote.wait_for("Walk-in")
        remote.keys("a")
        remote.wait_for("Before the treatment")
        remote.keys("n", "n", "n", "C-s")

        def arrived() -> dict | None:
            rows = json.loads(cli(store, "day", CLINIC_DAY, "--json"))["appointments"]
            return rows[0] if rows[0]["status"] == "arrived" else None

        row = wait_until(arrived, 15, "the check-in reaching the store")
        history = json.loads(cli(store, "audit", "--id", row["id"], "--json"))
        checkin = [e for e in history if e["action"] == "appointment.status"][-1]
        assert checkin["who"] == sshd.login and checkin["from"] == "127.0.0.1", checkin
        assert checkin["after"]["status"] == "arrived"

        # The line drops: the ssh client dies without a goodbye, then its terminal goes.
        for proc in psutil.process_iter(["cmdline"]):
            if str(sshd.folder / "client_key") in (proc.info["cmdline"] or []):
                proc.kill()
        remote.close()

        wait_until(
            lambda: not console.is_running() or console.status() == psutil.STATUS_ZOMBIE,
            20,
            f"the remote console (pid {console_pid}) ending after the hang-up",
        )
        end = wait_until(
            lambda: [
                e
                for e in audit(store)
                if e["action"] == "session.end" and e["id"] == str(console_pid)
            ],
            10,
            "session.end in the audit trail",
        )[-1]
        assert end["after"] == {"reason": "hangup"}, end
        assert end["who"] == sshd.login and end["from"] == "127.0.0.1"
        check = subprocess.run(
            [FRONTDESK, "check"],
            env={**os.environ, "FRONTDESK_DATA_DIR": str(store)},
            capture_output=True,
            text=True,
        )
        assert check.returncode == 0, check.stdout + check.stderr
        assert "audit chain intact" in check.stdout
    finally:
        remote.close()

    # Last, because it needs another engineer's live refresh: the console at the desk,
    # open since before the check-in, shows it without a restart.
    local_console.wait_for("arrived", timeout=10)
    print(f"ssh console test took {time.monotonic() - started:.1f} s")


def test_a_hangup_with_a_shell_in_between_still_ends_the_session(store):
    """Only a terminal's session leader gets SIGHUP: the console notices the dead tty."""
    command = ["sh", "-c", f"trap '' HUP; {FRONTDESK}; sleep 30"]
    env = console_env(store)
    term = Terminal(command, env, size=(100, 30))
    try:
        term.wait_for("O'Brien")
        start = wait_until(
            lambda: session_of(audit(store), "session.start", ""), 15, "session.start"
        )
        console = psutil.Process(int(start["id"]))
    finally:
        term.close()
    wait_until(
        lambda: not console.is_running() or console.status() == psutil.STATUS_ZOMBIE,
        15,
        "the console ending after its terminal hung up",
    )
    ends = [e for e in audit(store) if e["action"] == "session.end" and e["id"] == start["id"]]
    assert [e["after"] for e in ends] == [{"reason": "hangup"}]
    assert "audit chain intact" in cli(store, "check")


def test_quitting_records_the_sessions_end(store):
    env = console_env(store)
    term = Terminal([FRONTDESK], env, size=(100, 30))
    try:
        term.wait_for("O'Brien")
        term.keys("C-q")
        wait_until(lambda: not term.alive(), 10, "the console quitting")
    finally:
        term.close()
    sessions = [(e["action"], e["after"]) for e in audit(store) if e["kind"] == "session"]
    assert sessions == [("session.start", {}), ("session.end", {"reason": "quit"})]
