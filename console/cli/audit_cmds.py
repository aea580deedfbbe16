"""``frontdesk audit``: read and verify the audit trail (see console/store/audit.py)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import Any

import orjson

from console.desk import Administration, Desk
from console.store.errors import StoreError

#: Longest value shown in a text line; the JSON output always has the whole document.
_VALUE_WIDTH = 60


def add_parsers(add: Callable[[str, str], argparse.ArgumentParser]) -> None:
    """Register the audit sub-command with the parser's ``add(name, help)``."""
    p = add("audit", "who changed what and when; --verify checks the hash chain")
    p.add_argument("--id", metavar="ID", help="the history of one patient or appointment")
    p.add_argument("--limit", type=int, default=20, help="how many recent entries (default 20)")
    p.add_argument(
        "--verify", action="store_true", help="check that no entry was changed or removed"
    )


def cmd_audit(desk: Desk, args: argparse.Namespace) -> None:
    """``frontdesk audit [--verify] [--id ID] [--limit N] [--json]``."""
    if args.verify:
        verify(desk, args)
        return
    if args.id:
        entries = Administration(desk).audit_history(None, args.id)
        empty = f"no audit entries for {args.id}"
    else:
        entries = Administration(desk).audit_recent(max(args.limit, 0))
        empty = "the audit trail is empty"
    lines: list[str] = []
    for entry in entries:
        lines.extend(entry_lines(entry))
    _emit(args, entries, lines or [empty])


def verify(desk: Desk, args: argparse.Namespace) -> None:
    """Print "audit chain intact: N entries", or fail with the first problem (exit 2)."""
    problems = Administration(desk).verify_audit()
    newest = Administration(desk).audit_recent(1)
    count = int(newest[-1]["seq"]) if newest and not problems else None
    data = {"intact": not problems, "entries": count, "problems": problems}
    if problems:
        if args.json:
            _emit(args, data, [])
        raise StoreError(failure_sentence(problems))
    _emit(args, data, [f"audit chain intact: {count or 0} entries"])


def failure_sentence(problems: list[str]) -> str:
    """One sentence naming the first problem (and how many more there are)."""
    first = problems[0].rstrip(".")
    more = f" ({len(problems) - 1} more problems)" if len(problems) > 1 else ""
    return f"The audit trail fails verification: {first[0].lower()}{first[1:]}{more}."


def entry_lines(entry: dict[str, Any]) -> list[str]:
    """A header line (seq, when, who, what) and one line per changed field."""
    who = str(entry.get("who", ""))
    if entry.get("from"):
        who += f" from {entry['from']}"
    utc = str(entry.get("at_utc", ""))[11:19]
    head = (
        f"#{entry.get('seq')}  {entry.get('at_local', '')} ({utc} UTC)  {who}  "
        f"{entry.get('action', '')} {entry.get('id', '')}".rstrip()
    )
    changes = change_lines(entry.get("before"), entry.get("after"))
    return [head] + [f"    {line}" for line in changes]


def change_lines(before: Any, after: Any) -> list[str]:
    """``field: old → new`` for each field that differs (``field: value`` when created)."""
    if not isinstance(after, dict):
        return [] if after is None else [_short(after)]
    if not isinstance(before, dict):
        return [f"{key}: {_short(val)}" for key, val in after.items() if val not in ("", None)]
    lines = []
    for key in dict.fromkeys([*before, *after]):
        old, new = before.get(key), after.get(key)
        if old == new:
            continue
        if isinstance(old, list) and isinstance(new, list) and new[: len(old)] == old:
            lines.extend(f"{key}: + {_short(item)}" for item in new[len(old) :])
        else:
            lines.append(f"{key}: {_short(old)} → {_short(new)}")
    return lines


def _short(value: Any) -> str:
    text = value if isinstance(value, str) else orjson.dumps(value).decode()
    text = text.replace("\n", " ")
    return text if len(text) <= _VALUE_WIDTH else text[: _VALUE_WIDTH - 1] + "…"


def _emit(args: argparse.Namespace, data: object, lines: list[str]) -> None:
    if getattr(args, "json", False):
        sys.stdout.write(orjson.dumps(data, option=orjson.OPT_INDENT_2).decode() + "\n")
    else:
        print("\n".join(lines))


COMMANDS = {"audit": cmd_audit}
