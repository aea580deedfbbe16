"""The ``frontdesk`` command line: parse, call the desk, print text or ``--json``."""

from __future__ import annotations

import atexit
import contextlib
import importlib
import os
import sys


def main(argv: list[str] | None = None) -> int:
    """Run ``frontdesk`` (imported on call, so ``frontdesk-ssh`` stays light).

    As the program (``argv`` None), a quick read (``frontdesk day``) ends here once its
    output is flushed and the exit handlers have run: it wrote nothing else, and tearing
    down the hundred thousand objects it made would add a twentieth to its time.
    """
    # By its module's name: ``main`` in this package is this function until then.
    command_line = importlib.import_module("console.cli.main")
    code = command_line.main(argv)
    if argv is None and command_line.ran_quick:
        _end(code)
    return code


def _end(code: int) -> None:
    """Flush, run the exit handlers and leave without the interpreter's teardown."""
    for stream in (sys.stdout, sys.stderr):
        # A closed pipe (``frontdesk day | head``): nothing more to say.
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    atexit._run_exitfuncs()
    os._exit(code)


__all__ = ["main"]
