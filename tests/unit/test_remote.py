"""``frontdesk-ssh``: the console's environment is built from scratch, whatever the client sent."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from console.cli import ssh as remote
from console.clinic.errors import InvalidInput

SSHD_ENV = {
    "HOME": "/home/maria",
    "USER": "maria",
    "LOGNAME": "maria",
    "TERM": "xterm-256color",
    "SSH_CLIENT": "192.0.2.7 50022 22",
    "SSH_CONNECTION": "192.0.2.7 50022 192.0.2.1 22",
    "SSH_TTY": "/dev/pts/3",
    "FRONTDESK_DATA_DIR": "/srv/frontdesk",
    "MAIL": "/var/mail/maria",
    "SHELL": "/bin/bash",
    "PATH": "/home/maria/bin:/usr/bin",
    "TZ": "Europe/London",
    "LANG": "fr_FR.ISO-8859-1",
    "LC_CTYPE": "fr_FR",
    "SSH_ORIGINAL_COMMAND": "rm -rf /srv/frontdesk",
    "PYTHONPATH": "/tmp/evil",
    "PYTHONSTARTUP": "/tmp/evil.py",
    "LD_PRELOAD": "/tmp/evil.so",
    "TEXTUAL_FPS": "120",
    "ESCDELAY": "1",
}


def test_only_the_whitelist_and_the_fixed_values_remain():
    env = remote.console_env(SSHD_ENV)
    assert env == {
        "HOME": "/home/maria",
        "USER": "maria",
        "LOGNAME": "maria",
        "TERM": "xterm-256color",
        "SSH_CLIENT": "192.0.2.7 50022 22",
        "SSH_CONNECTION": "192.0.2.7 50022 192.0.2.1 22",
        "SSH_TTY": "/dev/pts/3",
        "FRONTDESK_DATA_DIR": "/srv/frontdesk",
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "ESCDELAY": "400",
        "TEXTUAL_FPS": "20",
    }


def test_the_client_cannot_choose_the_command_zone_or_python_path():
    env = remote.console_env(SSHD_ENV)
    for name in ("SSH_ORIGINAL_COMMAND", "TZ", "PYTHONPATH", "PYTHONSTARTUP", "LD_PRELOAD"):
        assert name not in env
    argv = remote.console_argv("/opt/frontdesk/.venv/bin/python", env, "maria")
    assert argv == [
        "/opt/frontdesk/.venv/bin/python",
        "-I",
        "-m",
        "console",
        "--data-dir",
        "/srv/frontdesk",
        "--person",
        "maria",
    ]


def test_the_person_comes_from_the_key_line_never_from_the_client():
    # What the client sends (a command, variables) cannot name another person.
    client = {
        **SSHD_ENV,
        "SSH_ORIGINAL_COMMAND": "frontdesk --person boss restore 2026-11-01",
        "FRONTDESK_PERSON": "boss",
        "LC_PERSON": "--person boss",
    }
    env = remote.console_env(client)
    assert not any("boss" in value for value in env.values())
    argv = remote.console_argv("/usr/bin/python3", env, remote.person_from(["--person", "maria"]))
    assert argv[-2:] == ["--person", "maria"] and argv.count("--person") == 1
    assert "boss" not in " ".join(argv)


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["--person"],
        ["--person", ""],
        ["--person", "-x"],
        ["--person", "a b"],
        ["--person", "maria", "--data-dir", "/tmp/other"],
        ["--person", "maria", "--person", "boss"],
        ["maria"],
        ["--person", "$(id)"],
    ],
)
def test_anything_but_one_well_formed_person_is_refused(argv):
    with pytest.raises(InvalidInput):
        remote.person_from(argv)


def test_person_forms():
    assert remote.person_from(["--person", "Maria"]) == "maria"
    assert remote.person_from(["--person=jose"]) == "jose"


def test_what_the_console_creates_is_private_to_the_service_account():
    assert remote.UMASK == 0o077


def test_empty_and_missing_names_are_left_out():
    env = remote.console_env(
        {"USER": "maria", "COLORTERM": "", "FRONTDESK_NOW": "2026-11-24 10:50"}
    )
    assert env["USER"] == "maria" and "COLORTERM" not in env and "HOME" not in env
    assert env["FRONTDESK_NOW"] == "2026-11-24 10:50"  # demos and system tests only


def test_the_input_is_not_changed():
    before = dict(SSHD_ENV)
    remote.console_env(SSHD_ENV)
    assert before == SSHD_ENV


def run_wrapper(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    # stdin and stdout are pipes here: no terminal.
    code = "from console.cli.ssh import main; raise SystemExit(main(['--person', 'maria']))"
    return subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=30
    )


def test_without_a_terminal_it_refuses_in_one_sentence():
    done = run_wrapper({**os.environ, "FRONTDESK_DATA_DIR": "/nowhere"})
    assert done.returncode == 2
    assert done.stderr == remote.NO_TERMINAL + "\n"
    assert done.stdout == ""


def run_in_a_terminal(argv: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    """Run ``frontdesk-ssh ARGV`` with a pty as its terminal; stderr captured."""
    primary, secondary = os.openpty()
    try:
        code = f"from console.cli.ssh import main; raise SystemExit(main({argv}))"
        return subprocess.run(
            [sys.executable, "-c", code],
            env=env,
            stdin=secondary,
            stdout=secondary,
            stderr=subprocess.PIPE,
            text=True,
            timeout=30,
        )
    finally:
        os.close(primary)
        os.close(secondary)


def test_without_a_store_it_refuses_in_one_sentence():
    # A terminal, but no FRONTDESK_DATA_DIR.
    env = {k: v for k, v in os.environ.items() if k != "FRONTDESK_DATA_DIR"}
    done = run_in_a_terminal("['--person', 'maria']", env)
    assert done.returncode == 2
    assert done.stderr == remote.NO_STORE + "\n"


def test_without_a_person_it_refuses_in_one_sentence_even_with_a_terminal():
    done = run_in_a_terminal("", {**os.environ, "FRONTDESK_DATA_DIR": "/nowhere"})
    assert done.returncode == 2
    assert done.stderr == f"frontdesk-ssh: {remote.NO_PERSON}\n"
