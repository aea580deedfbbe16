"""``frontdesk-ssh --person NAME``: what sshd runs for a member of the staff's key.

Each person's key line in the service account's ``authorized_keys`` runs it as a forced
command (``restrict,pty,command="… frontdesk-ssh --person maria"``, written by
``frontdesk staff add``), so the person comes from the line the key matched, never
from the client. It opens the console as that person and nothing else, in an
environment built from scratch (see :func:`console_env`): whatever the client or the
login shell set is dropped except the names in :data:`KEEP`. The command the client
asked for (``ssh host CMD``, seen as ``SSH_ORIGINAL_COMMAND``) is ignored; without a
terminal, or without a well-formed ``--person``, it refuses in one sentence.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence

from console.clinic.errors import InvalidInput
from console.clinic.staff import parse_name

#: Passed through unchanged when set. Who is at the keyboard (``USER``, ``LOGNAME``,
#: ``SSH_CLIENT``/``SSH_CONNECTION`` for the audit trail's who/from), the terminal
#: (``TERM``, ``COLORTERM``, ``SSH_TTY``), ``HOME`` (the login's folder), the store
#: (``FRONTDESK_DATA_DIR``, set with ``SetEnv`` in sshd_config) and ``FRONTDESK_NOW``
#: (a pinned clock for demos and the system tests only; a client cannot send it unless
#: an administrator adds it to ``AcceptEnv``). ``TZ`` is not kept: the clinic's zone is
#: in its configuration, whatever the server's or the client's zone.
KEEP = (
    "HOME",
    "USER",
    "LOGNAME",
    "TERM",
    "COLORTERM",
    "SSH_CLIENT",
    "SSH_CONNECTION",
    "SSH_TTY",
    "FRONTDESK_DATA_DIR",
    "FRONTDESK_NOW",
)

#: Always set, whatever the client sent.
FIXED = {
    # Box drawing and names with accents need UTF-8; C.UTF-8 exists on every glibc.
    "LANG": "C.UTF-8",
    "LC_ALL": "C.UTF-8",
    # No user-controlled folder in the search path.
    "PATH": "/usr/local/bin:/usr/bin:/bin",
    # Over a network an Esc and the rest of a key's sequence can arrive apart: wait
    # 400 ms (Textual's default is 100) before reading a lone Esc.
    "ESCDELAY": "400",
    # 20 frames a second (Textual's default is 60) is plenty for a desk and sends a
    # third of the screen updates over a slow link.
    "TEXTUAL_FPS": "20",
}

#: The store is the service account's alone: nothing the console creates is readable
#: by any other account.
UMASK = 0o077
DATA_DIR = "FRONTDESK_DATA_DIR"

NO_TERMINAL = "frontdesk-ssh needs a terminal: connect with `ssh -t` (the console is interactive)."
NO_PERSON = (
    "frontdesk-ssh needs --person NAME: it runs from a key line in authorized_keys "
    "(see `frontdesk staff add`)."
)
NO_STORE = (
    "frontdesk-ssh has no store: the administrator sets FRONTDESK_DATA_DIR with SetEnv "
    "in sshd_config (see the README, Deployment over SSH)."
)


def console_env(environ: Mapping[str, str]) -> dict[str, str]:
    """The console's whole environment, built from ``environ`` (pure)."""
    env = {name: environ[name] for name in KEEP if environ.get(name)}
    env.update(FIXED)
    return env


def person_from(argv: Sequence[str]) -> str:
    """The staff name in ``--person NAME`` (this program's only arguments), checked.

    Raises :class:`InvalidInput` with one sentence for anything else.
    """
    if len(argv) == 2 and argv[0] == "--person":
        return parse_name(argv[1])
    if len(argv) == 1 and argv[0].startswith("--person="):
        return parse_name(argv[0].removeprefix("--person="))
    raise InvalidInput(NO_PERSON, "person")


def console_argv(python: str, env: Mapping[str, str], person: str) -> list[str]:
    """The console's command line. ``-I``: no current folder or ``PYTHON*`` variables."""
    return [python, "-I", "-m", "console", "--data-dir", env[DATA_DIR], "--person", person]


def main(argv: Sequence[str] | None = None) -> int:
    """Check the person and the terminal, then replace this process with the console."""
    try:
        person = person_from(sys.argv[1:] if argv is None else argv)
    except InvalidInput as err:
        print(f"frontdesk-ssh: {err}", file=sys.stderr)
        return 2
    if not (os.isatty(0) and os.isatty(1)):
        print(NO_TERMINAL, file=sys.stderr)
        return 2
    env = console_env(os.environ)
    if DATA_DIR not in env:
        print(NO_STORE, file=sys.stderr)
        return 2
    os.umask(UMASK)
    command = console_argv(sys.executable, env, person)
    os.execve(command[0], command, env)
    return 0  # not reached: execve replaces this process


if __name__ == "__main__":
    raise SystemExit(main())
