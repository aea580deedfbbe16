"""``frontdesk backup [--list]`` and ``frontdesk restore NAME``."""

from __future__ import annotations

import argparse
import sys

import orjson

from console.desk import Administration, Desk


def add_parsers(add) -> None:
    """Register the sub-commands; ``add(name, help)`` is the parser's own helper."""
    p = add("backup", "take a backup of every store file now (prints its path)")
    p.add_argument("--list", action="store_true", help="list the backups instead, oldest first")
    p = add("restore", "put a backup back in place (the current files are set aside)")
    p.add_argument("name", help="a backup name from `frontdesk backup --list`")


def _emit(args: argparse.Namespace, data: object, lines: list[str]) -> None:
    if getattr(args, "json", False):
        sys.stdout.write(orjson.dumps(data, option=orjson.OPT_INDENT_2).decode() + "\n")
    else:
        print("\n".join(lines))


def cmd_backup(desk: Desk, args: argparse.Namespace) -> None:
    """``frontdesk backup [--list]``."""
    if args.list:
        names = Administration(desk).backups()
        _emit(args, names, names or ["no backups yet"])
    else:
        path = Administration(desk).backup()
        _emit(args, {"backup": path}, [path])


def cmd_restore(desk: Desk, args: argparse.Namespace) -> None:
    """``frontdesk restore NAME``: a bad name or a damaged archive is one sentence, exit 2."""
    aside = Administration(desk).restore(args.name)
    _emit(
        args,
        {"restored": args.name, "set_aside": aside},
        [f"restored {args.name}; the files it replaced are in {aside}"],
    )


COMMANDS = {"backup": cmd_backup, "restore": cmd_restore}
