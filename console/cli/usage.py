"""Usage mistakes: the parser that reports them in one sentence, and :func:`fail`.

Every module of the command line may import this one; it imports none of them, so
the parser and the command groups never import each other.
"""

from __future__ import annotations

import argparse
import sys
from typing import NoReturn


class UsageError(Exception):
    """The command line itself is wrong (unknown option, missing value)."""


class Parser(argparse.ArgumentParser):
    """An ``ArgumentParser`` that raises instead of printing usage and exiting."""

    def error(self, message: str) -> NoReturn:
        """Turn argparse's complaint into one sentence."""
        text = message[0].upper() + message[1:]
        raise UsageError(f"{text.rstrip('.')} (see `{self.prog} --help`).")


def common_options() -> Parser:
    """``--data-dir``, ``--json``, ``--person``: before or after any command (a parent parser)."""
    common = Parser(add_help=False)
    common.add_argument(
        "--data-dir",
        metavar="PATH",
        default=argparse.SUPPRESS,
        help="store folder (default: $FRONTDESK_DATA_DIR or the per-user data folder)",
    )
    common.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help="print JSON")
    common.add_argument(
        "--person",
        metavar="NAME",
        default=argparse.SUPPRESS,
        help="act as this member of the staff (their role applies); frontdesk-ssh sets it",
    )
    return common


def fail(message: str) -> NoReturn:
    """Print one sentence to stderr and exit 2 (used outside argparse too)."""
    print(f"frontdesk: {message}", file=sys.stderr)
    raise SystemExit(2)
