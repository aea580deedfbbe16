"""The ``frontdesk`` command line: parse, call the desk, print text or ``--json``."""

from console.cli.main import main

__all__ = ["main"]
