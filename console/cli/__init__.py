"""The ``frontdesk`` command line: parse, call the desk, print text or ``--json``."""

from __future__ import annotations


def main(argv: list[str] | None = None) -> int:
    """Run ``frontdesk`` (imported on call, so ``frontdesk-ssh`` stays light)."""
    from console.cli.main import main as run

    return run(argv)


__all__ = ["main"]
