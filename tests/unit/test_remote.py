"""``frontdesk-ssh``: the console's environment is built from scratch, whatever the client sent."""

from __future__ import annotations

import os
import subprocess
import sys

from console.cli import ssh as remote

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
    argv = remote.console_argv("/opt/frontdesk/.venv/bin/python", env)
    assert argv == [
        "/opt/frontdesk/.venv/bin/python",
        "-I",
        "-m",
        "console",
        "--data-dir",
        "/srv/frontdesk",
    ]


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
    code = "from console.cli.ssh import main; raise SystemExit(main())"
    return subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=30
    )


def test_without_a_terminal_it_refuses_in_one_sentence():
    done = run_wrapper({**os.environ, "FRONTDESK_DATA_DIR": "/nowhere"})
    assert done.returncode == 2
    assert done.stderr == remote.NO_TERMINAL + "\n"
    assert done.stdout == ""


def test_without_a_store_it_refuses_in_one_sentence():
    primary, secondary = os.openpty()  # a terminal, but no FRONTDESK_DATA_DIR
    try:
        env = {k: v for k, v in os.environ.items() if k != "FRONTDESK_DATA_DIR"}
        code = "from console.cli.ssh import main; raise SystemExit(main())"
        done = subprocess.run(
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
    assert done.returncode == 2
    assert done.stderr == remote.NO_STORE + "\n"
