"""The store's administration: ``check``, ``backup``, ``restore``, ``audit`` and
``convert-store``."""

from __future__ import annotations

import argparse
import os
from typing import TYPE_CHECKING

from console import locations
from console.cli import render
from console.cli.command import Command, no_options, on_admin
from console.cli.output import emit
from console.cli.usage import UsageError, whole_number
from console.clinic.errors import InvalidInput
from console.store.errors import StoreError
from console.store.layout import account_name

if TYPE_CHECKING:  # the administration is the handler's (on_admin), loaded when one runs
    from console.desk.admin import Administration


def check(admin: Administration, args: argparse.Namespace) -> None:
    """``frontdesk check``: exit 2 with one sentence when a file is damaged."""
    problems = admin.check()
    leftovers = admin.leftovers()
    files = admin.file_count()
    audit_problems = admin.audit_problems()
    backups, bad_backups = admin.backups(), admin.check_backups()
    content_problems = admin.content_problems()
    data = {
        "files": files,
        "problems": [{"file": f, "problem": p} for f, p in problems],
        "leftovers": [{"file": f, "problem": p} for f, p in leftovers],
        "audit_problems": audit_problems,
        "backups": len(backups),
        "backup_problems": [{"backup": b, "problem": p} for b, p in bad_backups],
        "content_problems": content_problems,
    }
    fine = f"all {files} store files read correctly" if files else "no store files yet"
    lines = [f"{f}: {p}" for f, p in problems] or [fine]
    lines += [f"{f}: {p}" for f, p in leftovers]
    lines += [f"audit: {p}" for p in audit_problems] or ["audit chain intact"]
    lines += [f"backup {b}: {p}" for b, p in bad_backups] or [_backups_fine(len(backups))]
    # The summary too: what the desk does answer from, next to what it could not use.
    lines += [*content_problems, admin.content_summary()]
    emit(args, data, lines)
    if problems:
        damaged = [f for f, p in problems if "damaged" in p or "newer version" in p]
        if len(damaged) == len(problems):
            raise StoreError(
                f"{len(problems)} of {files} store files are damaged; they were left untouched "
                "for you to restore from a backup."
            )
        entries = (
            "1 entry that does not"
            if len(problems) == 1
            else f"{len(problems)} entries that do not"
        )
        raise StoreError(
            f"The store holds {entries} belong or cannot be read (listed above); they were "
            "left untouched: remove links and leftovers, and restore damaged files from a backup."
        )
    if content_problems:
        count = len(content_problems)
        which = "1 clinic content file" if count == 1 else f"{count} clinic content files"
        raise InvalidInput(
            f"{which} could not be used (listed above); fix the lines named, "
            "and the console reads them at its next start."
        )
    if leftovers:
        raise StoreError(
            f"An interrupted restore left {', '.join(f for f, _ in leftovers)} behind; "
            "run `frontdesk restore` again with the backup you meant."
        )
    if audit_problems:
        raise StoreError(failure_sentence(audit_problems))
    if bad_backups:
        raise StoreError(
            f"{len(bad_backups)} of {len(backups)} backups cannot be restored "
            f"({', '.join(b for b, _ in bad_backups)}); take a fresh one with `frontdesk backup`."
        )


def _backups_fine(count: int) -> str:
    if count == 0:
        return "no backups yet"
    return "the backup can be restored" if count == 1 else f"all {count} backups can be restored"


def _backup_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--list", action="store_true", help="list the backups instead, oldest first"
    )


def backup(admin: Administration, args: argparse.Namespace) -> None:
    """``frontdesk backup [--list]``."""
    if args.list:
        names = admin.backups()
        emit(args, names, names or ["no backups yet"])
    else:
        path = admin.backup()
        emit(args, {"backup": path}, [path])


def _restore_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("name", help="a backup name from `frontdesk backup --list`")


def restore(admin: Administration, args: argparse.Namespace) -> None:
    """``frontdesk restore NAME``: a bad name or a damaged archive is one sentence, exit 2."""
    aside = admin.restore(args.name)
    emit(
        args,
        {"restored": args.name, "set_aside": aside},
        [f"restored {args.name}; the files it replaced are in {aside}"],
    )


def _audit_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--id", metavar="ID", help="the history of one patient or appointment")
    parser.add_argument(
        "--limit",
        type=whole_number(1, 100_000),
        default=20,
        help="how many recent entries (default 20)",
    )
    parser.add_argument(
        "--verify", action="store_true", help="check that no entry was changed or removed"
    )


def audit(admin: Administration, args: argparse.Namespace) -> None:
    """``frontdesk audit [--verify] [--id ID] [--limit N] [--json]``."""
    if args.verify:
        verify(admin, args)
        return
    # The entries hold every value changed, health details included: a manager's, as the
    # values in the console's history are (``--verify`` shows none and stays open).
    admin.desk.require_manager("read the audit trail")
    if args.id is not None and not args.id.strip():
        # An empty id (a shell variable left unset) would list everything instead.
        raise UsageError("Give the id of a patient or appointment after --id.")
    if args.id:
        entries = admin.audit_history(None, args.id)
        empty = f"no audit entries for {args.id}"
    else:
        entries = admin.audit_recent(max(args.limit, 0))
        empty = "the audit trail is empty"
    lines: list[str] = []
    for entry in entries:
        lines.extend(render.audit_entry_lines(entry))
    emit(args, entries, lines or [empty])


def verify(admin: Administration, args: argparse.Namespace) -> None:
    """Print "audit chain intact: N entries", or fail with the first problem (exit 2)."""
    problems = admin.audit_problems()
    newest = admin.audit_recent(1)
    count = int(newest[-1]["seq"]) if newest and not problems else None
    data = {"intact": not problems, "entries": count, "problems": problems}
    if problems:
        if args.json:
            emit(args, data, [])
        raise StoreError(failure_sentence(problems))
    emit(args, data, [f"audit chain intact: {count or 0} entries"])


def failure_sentence(problems: list[str]) -> str:
    """One sentence naming the first problem (and how many more there are)."""
    first = problems[0].rstrip(".")
    more = f" ({len(problems) - 1} more problems)" if len(problems) > 1 else ""
    return f"The audit trail fails verification: {first[0].lower()}{first[1:]}{more}."


def convert_store(args: argparse.Namespace) -> int:
    """``frontdesk convert-store --data-dir DIR``: make an old group-shared store private.

    Run once by the account that is to own the store (see ``console/store/convert.py``);
    it never opens the store as a desk, since opening refuses a shared one.
    """
    root = locations.data_dir(args.data_dir)
    from console.store import convert

    done = convert.convert(root)
    owner = account_name(os.geteuid())
    emit(
        args,
        {"store": str(root), "owner": owner, "files": done.files, "folders": done.folders},
        [
            f"converted {done.files} files and {done.folders} folders: the store at {root} "
            f"is now private to {owner} (files 0600, folders 0700)"
        ],
    )
    return 0


COMMANDS = (
    Command(
        "check",
        "read every store file and report any that is damaged",
        no_options,
        on_admin(check),
    ),
    Command(
        "backup",
        "take a backup of every store file now (prints its path)",
        _backup_options,
        on_admin(backup),
    ),
    Command(
        "restore",
        "put a backup back in place (the current files are set aside)",
        _restore_options,
        on_admin(restore),
    ),
    Command(
        "audit",
        "who changed what and when; --verify checks the hash chain",
        _audit_options,
        on_admin(audit),
    ),
    Command(
        "convert-store",
        "make an old group-shared store private to the account running this (its new owner)",
        no_options,
        convert_store,
    ),
)
