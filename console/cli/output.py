"""What a command prints: text lines, or the same result as JSON with ``--json``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import orjson

from console.clinic.text import json_safe, shown
from console.services.files import save_text


def emit(args: argparse.Namespace, data: object, lines: list[str] | str) -> None:
    """Print ``data`` as indented JSON under ``--json``, else ``lines`` as text."""
    # Cleaned again here, whatever the caller built: text read from the store may hold
    # what the desk never wrote, and none of it may act on the terminal.
    if getattr(args, "json", False):
        dumped = orjson.dumps(data, option=orjson.OPT_INDENT_2).decode()
        sys.stdout.write(json_safe(dumped) + "\n")
    else:
        text = lines if isinstance(lines, str) else "\n".join(lines)
        print(shown(text, multiline=True))


def deliver(output: str | None, text: str) -> None:
    """Write ``text`` to the file ``output`` and print its name, or to stdout if None.

    The file is written 0600 via a temp file and a rename (never half-written).
    """
    if output:
        save_text(Path(output), text)
        print(output)
    else:
        sys.stdout.write(text)
