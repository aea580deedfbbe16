"""How a command group hands its commands to the parser.

Each group module (``day``, ``patients``, ``visits``, ``treatments``, ``exports``,
``admin``, ``serve``, ``tools``) lists its sub-commands in ``COMMANDS``: a name, the
help line, a function adding its options, and the handler that runs it and returns
the exit status. Handlers that work on the store are wrapped by :func:`on_desk` or
:func:`on_admin`, which open the store at ``--data-dir`` and always close it.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the desk is imported when a command runs, not to build the parser
    from console.desk import Administration, Desk

#: Runs a parsed command line; returns the exit status.
Handler = Callable[[argparse.Namespace], int]
#: Adds a command's own options to its parser.
Options = Callable[[argparse.ArgumentParser], None]


@dataclass(frozen=True)
class Command:
    """One ``frontdesk`` sub-command: its name, help line, options and handler."""

    name: str
    help: str
    options: Options
    run: Handler
    #: A bounded read that prints and exits (``day``): it runs with the garbage collector
    #: still paused as the process started (see ``console.started``); any other command
    #: resumes it first.
    quick: bool = False


def no_options(parser: argparse.ArgumentParser) -> None:
    """For a command with no options beyond ``--data-dir`` and ``--json``."""


def on_desk(work: Callable[[Desk, argparse.Namespace], None]) -> Handler:
    """A handler running ``work`` on a desk opened at ``--data-dir`` (closed afterwards).

    With ``--person NAME`` the desk acts as that member of the staff (their role
    applies); without it, as the account running the command, the administrator.
    """

    def run(args: argparse.Namespace) -> int:
        from console.desk import open_desk

        desk = open_desk(args.data_dir)
        try:
            person = getattr(args, "person", None)
            if person is not None:
                desk.act_as(person)
            work(desk, args)
        finally:
            desk.close()
        return 0

    return run


def on_admin(work: Callable[[Administration, argparse.Namespace], None]) -> Handler:
    """A handler running ``work`` on the administration of the store at ``--data-dir``."""

    def administer(desk: Desk, args: argparse.Namespace) -> None:
        from console.desk.admin import Administration

        work(Administration(desk), args)

    return on_desk(administer)
