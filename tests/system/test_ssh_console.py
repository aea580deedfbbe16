"""The console over a real OpenSSH server on loopback, deployed as the README says.

One service account owns the store (private, 0700): here the account running the
tests, with a home folder of its own in ``tmp_path``. Two people come in through it,
each with their own key: maria (receptionist) and lee (manager), added with the real
``frontdesk staff add NAME --key FILE [--role manager]`` run as that account, which
writes their lines (``restrict,pty,command="… frontdesk-ssh --person NAME"``) into
its ``authorized_keys``. sshd runs from a private config (its own host key and pid
file, loopback only, no ``ForceCommand``: the key line forces the command) under
``TZ=Europe/London``; the ``ssh`` clients run in tmux under ``TZ=Asia/Tokyo``. Both
must show clinic (Los Angeles) times. The clinic day is pinned with
``FRONTDESK_NOW`` (sshd's ``SetEnv``, which the wrapper keeps for demos and tests).
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
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest

from tests.forking import shared_server
from tests.system.desk import (
    BIN,
    DAY,
    FRONTDESK,
    NOW,
    free_port,
    one_visit_store,
    terminal_env,
)
from tests.system.tmux import Terminal

pytestmark = pytest.mark.system

FRONTDESK_SSH = str(BIN / "frontdesk-ssh")
LEE_PIN = "1357"
RESTORE_REFUSED = "Only a manager can restore a backup"


def require_openssh() -> tuple[str, str, str]:
    """Paths of sshd, ssh and ssh-keygen; fails (not skips) with the way out."""
    sshd = shutil.which("sshd") or ("/usr/sbin/sshd" if os.path.exists("/usr/sbin/sshd") else "")
    ssh, keygen = shutil.which("ssh"), shutil.which("ssh-keygen")
    assert sshd and ssh and keygen, (
        "OpenSSH is not installed (sshd, ssh and ssh-keygen are needed): run .ci/run or "
        "`apt-get install openssh-server openssh-client`"
    )
    return sshd, ssh, keygen


def wait_until(predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"{what} did not happen within {timeout:.0f} s")


class ServiceAccount:
    """The account that owns the store, as the administrator works with it.

    The tests' own account plays it (creating a real one would need root and a Python
    it can read); its home is a fresh folder, so ``authorized_keys`` is written there.
    """

    def __init__(self, folder: Path) -> None:
        self.login = getpass.getuser()
        self.home = folder / "home"
        self.home.mkdir(mode=0o700)
        self.store = one_visit_store(self.home / "store", "Ana", "O'Brien", "714-555-0142")
        self.keys = self.home / ".ssh" / "authorized_keys"

    def env(self) -> dict[str, str]:
        """A login of the service account: its home, the store, the pinned clinic day."""
        return {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(self.home),
            "USER": self.login,
            "LOGNAME": self.login,
            "LANG": "C.UTF-8",
            "FRONTDESK_DATA_DIR": str(self.store),
            "FRONTDESK_NOW": NOW,
        }

    def run(self, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        """``frontdesk ARGS`` as the administrator types it (``sudo -u frontdesk …``).

        Forked from the tests' fork server (no second of imports for each look).
        """
        return shared_server().run([FRONTDESK, *args], self.env(), input=stdin)

    def cli(self, *args: str, stdin: str = "") -> str:
        """``frontdesk ARGS``; its standard output (fails on a non-zero exit)."""
        done = self.run(*args, stdin=stdin)
        assert done.returncode == 0, f"frontdesk {' '.join(args)}: {done.stderr}"
        return done.stdout

    def audit(self) -> list[dict]:
        """Every audit entry, oldest first."""
        return json.loads(self.cli("audit", "--limit", "1000", "--json"))


class SSHServer:
    """A throwaway sshd on 127.0.0.1 for the service account, as the README sets it up."""

    def __init__(self, folder: Path, account: ServiceAccount) -> None:
        sshd, self.ssh, keygen = require_openssh()
        folder.mkdir()
        self.folder = folder
        self.account = account
        self.port = free_port()
        subprocess.run(
            [keygen, "-q", "-t", "ed25519", "-N", "", "-f", str(folder / "host_key")], check=True
        )
        if os.geteuid() == 0:
            # Privilege separation needs this (empty) folder; a fresh container lacks it.
            Path("/run/sshd").mkdir(mode=0o755, exist_ok=True)
        config = folder / "sshd_config"
        # As in the README, but for the private host key, port and pid file, and the
        # authorized_keys file in the test's home (sshd would read the real home's).
        # Root may only log in with a key that forces a command: every staff line does.
        root_login = "forced-commands-only" if os.geteuid() == 0 else "no"
        config.write_text(
            f"""\
Port {self.port}
ListenAddress 127.0.0.1
HostKey {folder / "host_key"}
PidFile {folder / "sshd.pid"}
AuthorizedKeysFile {account.keys}
UsePAM no
StrictModes no
AllowUsers {account.login}
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin {root_login}
PermitUserEnvironment no
# What Debian ships: a client may send its locale; the wrapper drops it anyway.
AcceptEnv LANG LC_*
SetEnv FRONTDESK_DATA_DIR={account.store} FRONTDESK_NOW="{NOW}"
LogLevel VERBOSE
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

    def client_key(self, person: str) -> Path:
        """``person``'s own key pair (made on first use); the private key's path."""
        key = self.folder / f"{person}_key"
        if not key.exists():
            subprocess.run(
                ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", person, "-f", str(key)],
                check=True,
            )
        return key

    def public_key(self, person: str) -> str:
        """``person``'s public key line."""
        return Path(f"{self.client_key(person)}.pub").read_text()

    def command(self, person: str, *options: str, tty: bool = True) -> list[str]:
        """``ssh`` to this server with ``person``'s key, ignoring every ssh setting."""
        return [
            self.ssh,
            "-tt" if tty else "-T",
            "-F",
            "/dev/null",
            "-p",
            str(self.port),
            "-i",
            str(self.client_key(person)),
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
            *options,
            f"{self.account.login}@127.0.0.1",
        ]

    def consoles(self) -> list[psutil.Process]:
        """The consoles sshd started (each a ``python -I -m console`` under it)."""
        try:
            family = psutil.Process(self.process.pid).children(recursive=True)
        except psutil.NoSuchProcess:
            return []
        found = []
        for proc in family:
            with contextlib.suppress(psutil.NoSuchProcess):
                if proc.cmdline()[1:4] == ["-I", "-m", "console"]:
                    found.append(proc)
        return found

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
def account(tmp_path: Path) -> ServiceAccount:
    return ServiceAccount(tmp_path)


@pytest.fixture
def sshd(tmp_path: Path, account: ServiceAccount) -> Iterator[SSHServer]:
    server = SSHServer(tmp_path / "ssh", account)
    try:
        # The administrator adds each person with their public key, as the README says.
        account.cli("staff", "add", "maria", "--key", f"{server.client_key('maria')}.pub")
        lee_key = f"{server.client_key('lee')}.pub"
        account.cli("staff", "add", "lee", "--key", lee_key, "--role", "manager")
        yield server
    finally:
        server.stop()


@contextlib.contextmanager
def remote(sshd: SSHServer, person: str, *options: str, size=(100, 30)) -> Iterator[Terminal]:
    """``person``'s ssh session in tmux (closed at the end)."""
    term = Terminal(sshd.command(person, *options), terminal_env(), size=size)
    try:
        yield term
    finally:
        term.close()


def close_dialog(term: Terminal, title: str) -> None:
    """Esc, then wait until the dialog called ``title`` is gone (before the next key:
    an Esc and the next key's sequence sent together read as one Alt key)."""
    term.keys("Escape")
    wait_until(lambda: title not in term.screen(), 15, f"the {title!r} dialog closing")


def session_start(account: ServiceAccount, person: str) -> dict:
    """The newest ``session.start`` entry of ``person`` over ssh (waits for it)."""

    def found() -> dict | None:
        starts = [
            e
            for e in account.audit()
            if e["action"] == "session.start" and e["who"] == person and e["from"] == "127.0.0.1"
        ]
        return starts[-1] if starts else None

    return wait_until(found, 15, f"{person}'s session.start over ssh")


def visit_row(account: ServiceAccount) -> dict:
    return json.loads(account.cli("day", DAY, "--json"))["appointments"][0]


def test_the_key_lines_force_the_console_for_each_person(account, sshd):
    lines = account.keys.read_text().splitlines()
    staff = [line for line in lines if "frontdesk-ssh" in line]
    assert len(staff) == 2, lines
    for person in ("maria", "lee"):
        line = next(line for line in staff if f"--person {person}" in line)
        options, key = line.split(" ssh-ed25519 ")
        assert options.startswith("restrict,pty,command="), line
        assert key.split()[0] in sshd.public_key(person), line
    listed = account.cli("staff", "list")
    assert "maria" in listed and "lee" in listed and "manager" in listed

    # Removing a person removes their way in; the others keep theirs.
    def knock(person: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            sshd.command(person, tty=False),
            capture_output=True,
            text=True,
            timeout=30,
            stdin=subprocess.DEVNULL,
        )

    assert "needs a terminal" in knock("maria").stderr
    account.cli("staff", "remove", "maria")
    assert "maria" not in account.keys.read_text()
    refused = knock("maria")
    assert refused.returncode == 255 and "Permission denied" in refused.stderr, refused
    assert "needs a terminal" in knock("lee").stderr


def test_each_person_comes_in_by_their_key_and_the_audit_names_them(account, sshd):
    started = time.monotonic()
    with remote(sshd, "maria") as maria:
        # The header's right side (clock and hours) is drawn once the console runs.
        screen = maria.wait_for("closes 6:00 PM", timeout=60)
        # Clinic (Los Angeles) time, not London's (sshd) or Tokyo's (client).
        assert "Iconic Skin Clinic" in screen and "Now 10:5" in screen, screen
        screen = maria.wait_for("O'Brien")
        assert "11:00 AM" in screen, screen
        assert "Who is at the desk?" not in screen  # the key line said who

        start = session_start(account, "maria")
        assert start["role"] == "receptionist", start
        console = psutil.Process(int(start["id"]))
        # The person came from the key line, onto the console's command line.
        assert console.cmdline()[-2:] == ["--person", "maria"], console.cmdline()
        # The wrapper's environment, seen from the running console.
        environ = console.environ()
        assert environ["ESCDELAY"] == "400" and environ["TEXTUAL_FPS"] == "20", environ
        assert "TZ" not in environ and "SSH_ORIGINAL_COMMAND" not in environ, environ
        assert environ["LC_ALL"] == "C.UTF-8", environ

        # maria checks the patient in, as at the desk (a Sculptra visit asks its questions).
        maria.keys("F2")
        maria.wait_for("Walk-in")
        maria.keys("a")
        maria.wait_for("Are you sure?")  # a status change asks first: Enter confirms
        maria.keys("Enter")
        maria.wait_for("Before the treatment")
        maria.keys("n", "n", "n", "C-s")
        row = wait_until(
            lambda: (r := visit_row(account))["status"] == "arrived" and r,
            15,
            "maria's check-in reaching the store",
        )

        # A receptionist cannot restore: the palette's command says so in one sentence.
        maria.keys("C-p")
        maria.wait_for("Search for commands")
        maria.keys("restore a backup")
        maria.wait_for("store: restore a backup")
        maria.keys("Enter")
        maria.wait_for(RESTORE_REFUSED)
        close_dialog(maria, "Restore a backup")

        with remote(sshd, "lee") as lee:
            lee.wait_for("O'Brien", timeout=60)
            assert session_start(account, "lee")["role"] == "manager"
            # The manager reaches the restore: the backups list, then the question.
            lee.keys("C-p")
            lee.wait_for("Search for commands")
            lee.keys("restore a backup")
            lee.wait_for("store: restore a backup")
            lee.keys("Enter")
            screen = lee.wait_for("Enter picks a backup")
            assert RESTORE_REFUSED not in screen
            lee.keys("Enter")
            lee.wait_for("y restores it")
            lee.keys("n")
            close_dialog(lee, "Restore a backup")
            # lee moves the patient on to treatment.
            lee.keys("F2")
            lee.wait_for("Walk-in")
            lee.keys("i")
            lee.wait_for("Are you sure?")  # asks first: Enter confirms
            lee.keys("Enter")
            wait_until(
                lambda: visit_row(account)["status"] == "in_treatment",
                15,
                "lee's change reaching the store",
            )

        history = json.loads(account.cli("audit", "--id", row["id"], "--json"))
        changes = [
            (e["after"]["status"], e["who"], e["role"], e["from"])
            for e in history
            if e["action"] == "appointment.status"
        ]
        assert changes[-2:] == [
            ("arrived", "maria", "receptionist", "127.0.0.1"),
            ("in_treatment", "lee", "manager", "127.0.0.1"),
        ], changes
        assert not [e for e in account.audit() if e["action"] == "store.restore"]

        # maria's line drops: the ssh client dies without a goodbye, then its terminal.
        for proc in psutil.process_iter(["cmdline"]):
            if str(sshd.client_key("maria")) in (proc.info["cmdline"] or []):
                proc.kill()
        maria.close()
        wait_until(
            lambda: not console.is_running() or console.status() == psutil.STATUS_ZOMBIE,
            20,
            f"maria's console (pid {console.pid}) ending after the hang-up",
        )
    end = wait_until(
        lambda: [
            e
            for e in account.audit()
            if e["action"] == "session.end" and e["id"] == str(console.pid)
        ],
        10,
        "session.end in the audit trail",
    )[-1]
    assert end["after"] == {"reason": "hangup"}, end
    assert (end["who"], end["from"]) == ("maria", "127.0.0.1"), end
    check = account.run("check")
    assert check.returncode == 0, check.stdout + check.stderr
    assert "audit chain intact" in check.stdout
    print(f"ssh console test took {time.monotonic() - started:.1f} s")


class Listener:
    """A TCP server on loopback that hands every connection a secret (a forward's target)."""

    SECRET = b"only-reachable-on-the-server\n"

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.accepted = 0
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.accepted += 1
            with conn:
                conn.sendall(self.SECRET)

    def close(self) -> None:
        self.sock.close()


def read_through(port: int) -> bytes:
    """What a connection to 127.0.0.1:``port`` reads before it closes."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.settimeout(10)
        data = b""
        with contextlib.suppress(OSError):
            while chunk := sock.recv(4096):
                data += chunk
        return data


def test_no_path_through_the_console_gives_a_shell(account, sshd, tmp_path):
    marker = account.home / "a-shell-ran"
    shell = f"touch {marker}; cat /etc/passwd"
    # A command, without a terminal: the forced command ran instead, and refused.
    for command in ([shell], ["bash", "-c", shell], ["sh", "-i"]):
        done = subprocess.run(
            [*sshd.command("maria", tty=False), *command],
            capture_output=True,
            text=True,
            timeout=30,
            stdin=subprocess.DEVNULL,
        )
        assert done.returncode == 2, done
        assert "frontdesk-ssh needs a terminal" in done.stderr, done.stderr
        assert "root:" not in done.stdout, done.stdout
    # File copy: scp over the sftp subsystem (the default) and the old scp protocol (a
    # `scp -t` command on the server) both meet the forced command instead.
    for protocol in ([], ["-O"]):
        copied = subprocess.run(
            [
                "scp",
                *protocol,
                "-F",
                "/dev/null",
                "-P",
                str(sshd.port),
                "-i",
                str(sshd.client_key("maria")),
                "-o",
                "IdentitiesOnly=yes",
                "-o",
                "BatchMode=yes",
                "-o",
                "StrictHostKeyChecking=no",
                "-o",
                f"UserKnownHostsFile={sshd.folder / 'known_hosts'}",
                f"{account.login}@127.0.0.1:/etc/passwd",
                str(tmp_path / "copied"),
            ],
            capture_output=True,
            text=True,
            timeout=30,
            stdin=subprocess.DEVNULL,
        )
        assert copied.returncode != 0, copied
        assert not (tmp_path / "copied").exists(), protocol

    # Port forwarding: the key line's `restrict` refuses it.
    target = Listener()
    local = free_port()
    forward = subprocess.Popen(
        sshd.command("maria", "-N", "-L", f"{local}:127.0.0.1:{target.port}", tty=False),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
    )
    try:
        wait_until(lambda: _listening(local), 15, "ssh listening for the forward")
        assert read_through(local) == b""
        assert target.accepted == 0
    finally:
        forward.terminate()
        try:
            forward.wait(timeout=10)
        except subprocess.TimeoutExpired:
            # A loaded machine can leave ssh waiting on its refused forward after SIGTERM;
            # what the test proves is above, so the client is only cleaned up here.
            forward.kill()
            forward.wait(timeout=10)
        target.close()

    # A terminal, a shell asked for, and the environment a client may try to send:
    # the console runs regardless, in its own environment, on the real store.
    evil = {
        "FRONTDESK_DATA_DIR": str(tmp_path / "elsewhere"),
        "PYTHONSTARTUP": str(tmp_path / "evil.py"),
        "PYTHONPATH": str(tmp_path),
        "PYTHONINSPECT": "1",
        "LD_PRELOAD": str(tmp_path / "evil.so"),
        "BASH_ENV": str(tmp_path / "evil.sh"),
        "LC_ALL": "xx_XX.EVIL",
        "LC_EVIL": "1",
    }
    (tmp_path / "sitecustomize.py").write_text(f"open({str(marker)!r}, 'w')\n")
    (tmp_path / "evil.py").write_text(f"open({str(marker)!r}, 'w')\n")
    (tmp_path / "evil.sh").write_text(f"touch {marker}\n")
    sent = [arg for key, value in evil.items() for arg in ("-o", f"SetEnv={key}={value}")]
    command = [*sent, "-o", "SendEnv=LC_*"]
    term = Terminal(
        [*sshd.command("maria", *command), "bash", "-i"], {**terminal_env(), "LC_PAPER": "evil"}
    )
    try:
        term.wait_for("O'Brien", timeout=60)
        console = wait_until(sshd.consoles, 15, "the console under sshd")[0]
        environ = console.environ()
        for key, value in evil.items():
            assert environ.get(key) != value, (key, environ)
        assert "LC_PAPER" not in environ and "LC_EVIL" not in environ, environ
        cmdline = console.cmdline()
        assert "--person" in cmdline and "maria" in cmdline, cmdline
        assert session_start(account, "maria")["role"] == "receptionist"
        term.keys("C-q")
        wait_until(lambda: not term.alive(), 15, "the console quitting")
    finally:
        term.close()
    assert not marker.exists(), "a shell or a planted script ran"
    assert not (tmp_path / "elsewhere").exists()


def test_no_field_of_the_console_takes_a_path(account, sshd):
    """A typed path is a way out of a locked-down account: exports go to a fixed folder."""
    with remote(sshd, "maria") as term:
        term.wait_for("O'Brien", timeout=60)
        for command, title in (
            ("export day as CSV", "as CSV"),
            ("export day as iCalendar", "as iCalendar"),
        ):
            term.keys("C-p")
            term.wait_for("Search for commands")
            term.keys(command)
            term.wait_for(f"schedule: {command}")
            term.keys("Enter")
            screen = term.wait_for(f"Export Tue 24 Nov 2026 {title}")
            assert "Save to" not in screen and "~/" not in screen, screen
            close_dialog(term, f"Export Tue 24 Nov 2026 {title}")


def _listening(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


def test_a_hangup_with_a_shell_in_between_still_ends_the_session(account):
    """Only a terminal's session leader gets SIGHUP: the console notices the dead tty."""
    command = ["sh", "-c", f"trap '' HUP; {FRONTDESK}; sleep 30"]
    term = Terminal(command, {**terminal_env(), **account.env()}, size=(100, 30))
    try:
        term.wait_for("O'Brien")
        start = wait_until(
            lambda: [e for e in account.audit() if e["action"] == "session.start"],
            15,
            "session.start",
        )[-1]
        console = psutil.Process(int(start["id"]))
    finally:
        term.close()
    wait_until(
        lambda: not console.is_running() or console.status() == psutil.STATUS_ZOMBIE,
        15,
        "the console ending after its terminal hung up",
    )
    ends = [e for e in account.audit() if e["action"] == "session.end" and e["id"] == start["id"]]
    assert [e["after"] for e in ends] == [{"reason": "hangup"}]
    assert "audit chain intact" in account.cli("check")


def test_the_desk_pc_asks_who_is_there_and_the_audit_names_them(account, sshd):
    """The shared login at the front desk: name and PIN, then that person in the audit."""
    account.cli("staff", "pin", "lee", "--pin-stdin", stdin=f"{LEE_PIN}\n")
    term = Terminal([FRONTDESK], {**terminal_env(), **account.env()}, size=(80, 24))
    try:
        screen = term.wait_for("Who is at the desk?")
        assert "O'Brien" not in screen and "Ana" not in screen, screen
        assert "1  lee" in screen and "2  maria" in screen, screen
        term.keys("1")
        term.keys(*LEE_PIN)
        term.wait_for("••••")
        term.keys("Enter")
        term.wait_for("O'Brien")
        term.keys("F2")
        term.wait_for("Walk-in")
        term.keys("a")
        term.wait_for("Are you sure?")  # a status change asks first: Enter confirms
        term.keys("Enter")
        term.wait_for("Before the treatment")
        term.keys("n", "n", "n", "C-s")
        wait_until(
            lambda: visit_row(account)["status"] == "arrived", 15, "the check-in at the desk"
        )
        # Switching person: F9, and the sign-in screen is back with nothing behind it.
        term.keys("F9")
        screen = term.wait_for("Who is at the desk?")
        assert "O'Brien" not in screen, screen
        # Quitting from there ends the session as a quit.
        term.keys("C-q")
        wait_until(lambda: not term.alive(), 10, "the console quitting")
    finally:
        term.close()
    entries = account.audit()
    arrived = [e for e in entries if e["action"] == "appointment.status"][-1]
    assert (arrived["who"], arrived["role"], arrived["from"]) == ("lee", "manager", "")
    sessions = [(e["action"], e["who"], e["after"]) for e in entries if e["kind"] == "session"]
    login = account.login
    assert sessions == [
        ("session.start", login, {}),
        ("session.sign_in", "lee", {"person": "lee"}),
        ("session.sign_out", "lee", {}),
        ("session.end", login, {"reason": "quit"}),
    ], sessions
