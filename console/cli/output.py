"""What a command prints: text lines, or the same result as JSON with ``--json``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import orjson

from console.clinic.text import json_safe, shown


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


def deliver(args: argparse.Namespace, text: str, store_root: Path) -> None:
    """Write ``text`` to ``--output`` and print its name, or to stdout without it.

    See :func:`console.services.files.write_output`: a new file (0600), replaced only
    with ``--force``; never a symlink or a path inside the store; a FIFO or character
    device (``/dev/stdout``) is written in place.
    """
    from console.services.files import write_output

    output = getattr(args, "output", None)
    if output:
        force = getattr(args, "force", False)
        if not write_output(Path(output), text, force=force, store_root=store_root):
            # A new file: say its name (a device or FIFO got the text itself), cleaned
            # like everything printed: a typed name may hold escape sequences too.
            print(shown(output))
    else:
        sys.stdout.write(text)
