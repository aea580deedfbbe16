"""``frontdesk staff add|list|remove|pin``: the clinic's staff and their SSH keys.

Usage::

    frontdesk staff add NAME [--key FILE] [--role receptionist|manager] [--pin | --pin-stdin]
    frontdesk staff list [--json]
    frontdesk staff remove NAME
    frontdesk staff pin NAME [--pin-stdin]

Run by the service account that owns the store (or with ``--person`` naming a
manager). ``--key`` puts the person's public key in this account's
``~/.ssh/authorized_keys`` with ``restrict,pty,command="… frontdesk-ssh --person NAME"``.
A PIN is typed twice without echo, which needs a terminal; scripts and tests give it
on standard input with ``--pin-stdin`` (first line).
"""

from __future__ import annotations

import argparse
import getpass
import os
import stat
import sys
from typing import TYPE_CHECKING

from console.cli.command import Command, on_desk
from console.cli.output import emit
from console.cli.usage import Parser, UsageError, common_options
from console.clinic.errors import InvalidInput, NotFound
from console.clinic.staff import ROLES, minutes_text, parse_name, parse_pin
from console.desk import Desk
from console.store.errors import StoreError

if TYPE_CHECKING:  # SSH keys and the staff list are loaded by the commands that use them
    from console.desk.staffing import StaffRow
    from console.store.authorized_keys import PublicKey

_MAX_KEY_FILE = 64 * 1024


def _options(parser: argparse.ArgumentParser) -> None:
    common = common_options()
    actions = parser.add_subparsers(dest="staff_command", metavar="ACTION", parser_class=Parser)
    add = actions.add_parser(
        "add",
        help="add a person, or a key, role or PIN to someone already there",
        parents=[common],
    )
    add.add_argument("name", help="a short name: letters, digits, '.', '_' or '-'")
    add.add_argument("--key", metavar="FILE", help="their SSH public key (the .pub file)")
    add.add_argument("--role", choices=ROLES, help="receptionist (default) or manager")
    _pin_options(add, "--pin", "set a PIN for the shared desk (typed twice, no echo)")
    actions.add_parser("list", help="everyone on the staff, with keys", parents=[common])
    remove = actions.add_parser(
        "remove", help="take a person off the staff and remove their keys", parents=[common]
    )
    remove.add_argument("name")
    pin = actions.add_parser(
        "pin", help="set a person's PIN (typed twice, no echo)", parents=[common]
    )
    pin.add_argument("name")
    pin.add_argument(
        "--pin-stdin", action="store_true", help="read the PIN from standard input's first line"
    )


def _pin_options(parser: argparse.ArgumentParser, flag: str, text: str) -> None:
    group = parser.add_mutually_exclusive_group()
    group.add_argument(flag, action="store_true", help=text)
    group.add_argument(
        "--pin-stdin", action="store_true", help="read the PIN from standard input's first line"
    )


def read_pin(from_stdin: bool) -> str:
    """A PIN from standard input (``--pin-stdin``) or typed twice at the terminal."""
    if from_stdin:
        return parse_pin(sys.stdin.readline(64))
    if not sys.stdin.isatty():
        raise UsageError(
            "A PIN is typed at a terminal (without echo); to give it on standard input "
            "use --pin-stdin."
        )
    first = parse_pin(getpass.getpass("PIN (4 to 8 digits): "))
    if getpass.getpass("The same PIN again: ").strip() != first:
        raise InvalidInput("The two PINs differ; nothing was changed.", "pin")
    return first


def read_key(path: str) -> PublicKey:
    """The public key in the file ``path`` (never through a symlink; small files only)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError as err:
        raise StoreError(
            f"Cannot read the key file {path}: {err.strerror} (a link is not followed)."
        ) from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise StoreError(f"The key file {path} is not a regular file.")
        data = os.read(fd, _MAX_KEY_FILE + 1)
    finally:
        os.close(fd)
    from console.store.authorized_keys import parse_public_key

    return parse_public_key(data, path)


def staff(desk: Desk, args: argparse.Namespace) -> None:
    """``frontdesk staff add|list|remove|pin``."""
    from console.desk.staffing import Staffing

    staffing = Staffing(desk)
    action = args.staff_command
    if action == "add":
        desk.require_manager("manage the staff")  # before asking for a PIN
        key = read_key(args.key) if args.key else None
        pin = read_pin(args.pin_stdin) if args.pin or args.pin_stdin else None
        member = staffing.add(args.name, role=args.role, key=key, pin=pin)
        text = f"{member.name} ({member.role}) is on the staff"
        if key is not None:
            text += f"; key {key.fingerprint} added to {staffing.keys.path}"
        if pin is not None:
            text += "; PIN set"
        emit(args, {"name": member.name, "role": member.role}, text)
    elif action == "list":
        rows = staffing.rows()
        emit(args, [row.to_json() for row in rows], [_row_line(r) for r in rows] or ["no staff"])
    elif action == "remove":
        removed = staffing.remove(args.name)
        emit(
            args,
            {"removed": args.name, "keys_removed": removed},
            f"{args.name} removed ({removed} key line{'s' if removed != 1 else ''})",
        )
    elif action == "pin":
        desk.require_manager("manage the staff")
        if parse_name(args.name) not in desk.staff_names():  # before asking for the PIN
            raise NotFound(f"Nobody called {parse_name(args.name)} is on the staff.", "name")
        member = staffing.set_pin(args.name, read_pin(args.pin_stdin))
        emit(args, {"name": member.name, "pin": True}, f"PIN set for {member.name}")
    else:
        raise UsageError(
            "Say `staff add NAME`, `staff list`, `staff remove NAME` or `staff pin NAME` "
            "(see `frontdesk staff --help`)."
        )


def _row_line(row: StaffRow) -> str:
    if not row.on_staff:
        return f"{row.name:<16} NOT ON THE STAFF: key lines {', '.join(row.keys)}"
    pin = "PIN set" if row.pin else "no PIN"
    if row.paused_s:
        pin += f" (paused {minutes_text(row.paused_s)})"
    keys = ", ".join(row.keys) if row.keys else "no key"
    return f"{row.name:<16} {row.role:<12} {pin:<12} {keys}"


COMMANDS = (
    Command(
        "staff",
        "the clinic's staff: add, list, remove, pin (their SSH keys and PINs)",
        _options,
        on_desk(staff),
    ),
)
