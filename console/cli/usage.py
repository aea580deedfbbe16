"""Usage mistakes: the parser that reports them in one sentence, and :func:`fail`.

Every module of the command line may import this one; it imports none of them, so
the parser and the command groups never import each other.
"""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Callable
from typing import NoReturn

from console.clinic.text import shown


class UsageError(Exception):
    """The command line itself is wrong (unknown option, missing value)."""


class Parser(argparse.ArgumentParser):
    """An ``ArgumentParser`` that raises instead of printing usage and exiting."""

    def error(self, message: str) -> NoReturn:
        """Turn argparse's complaint into one sentence."""
        text = message[0].upper() + message[1:]
        raise UsageError(f"{text.rstrip('.')} (see `{self.prog} --help`).")


def whole_number(low: int, high: int) -> Callable[[str], int]:
    """An argparse ``type``: a whole number from ``low`` to ``high``, else one sentence.

    Bounds keep absurd values (``0``, twenty digits) from reaching date arithmetic,
    where they would overflow instead of being refused.
    """

    def parse(text: str) -> int:
        try:
            value = int(text.strip(), 10)
        except ValueError:
            value = None
        if value is None or not low <= value <= high:
            raise argparse.ArgumentTypeError(
                f"{_short(text)} is not a whole number from {low:,} to {high:,}"
            )
        return value

    return parse


def amount(low: float, high: float) -> Callable[[str], float]:
    """An argparse ``type``: a finite number above ``low`` and at most ``high``.

    ``nan``, ``inf`` and negative numbers are refused here: they would slip through a
    comparison (``nan <= 0`` is False) and fail later with a traceback.
    """

    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            value = math.nan
        if not math.isfinite(value) or not low < value <= high:
            raise argparse.ArgumentTypeError(
                f"{_short(text)} is not a number above {low:g} and at most {high:g}"
            )
        return value

    return parse


def _short(text: str) -> str:
    """A typed value quoted for a message, cut so a pasted novel stays one line."""
    return repr(text if len(text) <= 24 else text[:23] + "…")


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


def warn(message: str) -> None:
    """Print one sentence to stderr and carry on (a problem that does not stop the command)."""
    print(f"frontdesk: {shown(message)}", file=sys.stderr)


def fail(message: str) -> NoReturn:
    """Print one sentence to stderr and exit 2 (used outside argparse too).

    The sentence may quote stored text (a name), so it is cleaned for the terminal too.
    """
    print(f"frontdesk: {shown(message)}", file=sys.stderr)
    raise SystemExit(2)
