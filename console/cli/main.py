"""``frontdesk``: builds the parser from the command groups and dispatches.

User mistakes (usage, a clinic rule, a store problem) end as one sentence on stderr
and exit status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import sys
from types import ModuleType

import console
from console.cli import terminal
from console.cli.command import Command
from console.cli.usage import Parser, UsageError, common_options, fail
from console.desk import USER_ERRORS

#: The command groups, each a module of ``console.cli`` listing its ``COMMANDS``.
GROUP_NAMES = (
    "day",
    "patients",
    "visits",
    "treatments",
    "exports",
    "admin",
    "serve",
    "tools",
    "staff",
    "setup",
    "first",
    "waitlist",
    "imports",
)

#: Each command's group, in the order ``frontdesk --help`` lists them (the order they
#: were added, across groups). A named command imports its group alone; a command
#: missing here fails every run, so none is forgotten (a test compares the groups).
COMMAND_GROUPS = {
    "hours": "day",
    "day": "day",
    "patient": "patients",
    "find": "patients",
    "book": "visits",
    "reschedule": "visits",
    "cancel": "visits",
    "checkin": "visits",
    "status": "visits",
    "walkin": "visits",
    "slots": "day",
    "plan": "visits",
    "export": "exports",
    "treatment": "treatments",
    "check": "admin",
    "backup": "admin",
    "restore": "admin",
    "audit": "admin",
    "convert-store": "admin",
    "serve": "serve",
    "calls": "day",
    "call": "visits",
    "close": "day",
    "aftercare": "exports",
    "seed": "tools",
    "bench": "tools",
    "staff": "staff",
    "setup": "setup",
    "provider": "setup",
    "timeoff": "setup",
    "closure": "setup",
    "type": "setup",
    "room": "setup",
    "shift": "setup",
    "first": "first",
    "waitlist": "waitlist",
    "import": "imports",
}
HELP_ORDER = tuple(COMMAND_GROUPS)


def group(name: str) -> ModuleType:
    """The group module ``console.cli.<name>``."""
    return importlib.import_module(f"console.cli.{name}")


def groups() -> list[ModuleType]:
    """Every group module (imports them all: the full parser and the tests)."""
    return [group(name) for name in GROUP_NAMES]


def commands() -> list[Command]:
    """Every group's commands, in :data:`HELP_ORDER`."""
    every = [command for module in groups() for command in module.COMMANDS]
    return sorted(every, key=lambda command: HELP_ORDER.index(command.name))


def find_command(name: str) -> Command:
    """The command ``name``, its group alone imported (KeyError for no such command)."""
    for command in group(COMMAND_GROUPS[name]).COMMANDS:
        if command.name == name:
            return command
    raise KeyError(name)


def _top_parser(common: Parser, add_help: bool = True) -> Parser:
    """``frontdesk`` with its own options (the console's and the common ones), no commands."""
    parser = Parser(
        prog="frontdesk",
        description=(
            "Front desk console for Iconic Skin Clinic. With no command, opens the console."
        ),
        parents=[common],
        add_help=add_help,
    )
    terminal.add_options(parser)
    return parser


def build_parser(only: str | None = None) -> Parser:
    """The full ``frontdesk`` parser with every sub-command (or with ``only`` that one)."""
    common = common_options()
    parser = _top_parser(common)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    for command in commands() if only is None else [find_command(only)]:
        p = sub.add_parser(
            command.name, help=command.help, description=command.help, parents=[common]
        )
        command.options(p)
    return parser


def named_command(argv: list[str]) -> str | None:
    """The command ``argv`` names, found as argparse finds it; None when there is none.

    The top-level options are read by a parser of their own (so ``--data-dir day``
    and abbreviations mean what they mean to the full parser); the first word left is
    the command. None too for ``--help`` before a command or anything unexpected: the
    full parser then decides.
    """
    try:
        _, rest = _top_parser(common_options(), add_help=False).parse_known_args(argv)
    except UsageError:
        return None
    return rest[0] if rest and rest[0] in COMMAND_GROUPS else None


def parse(argv: list[str] | None) -> argparse.Namespace:
    """Parse ``argv`` as the full parser does, building only the named command's parser.

    Building all of them costs more than most commands' work (argparse looks for
    translations at every one); a mistake is reported by the full parser, word for word.
    """
    words = sys.argv[1:] if argv is None else argv
    command = named_command(words)
    if command is not None:
        with contextlib.suppress(UsageError):
            return build_parser(only=command).parse_args(words)
    return build_parser().parse_args(words)


NO_COMMAND_JSON = (
    "--json needs a command: with none, frontdesk opens the full-screen console "
    "(see `frontdesk --help`)."
)
NO_TERMINAL = (
    "With no command frontdesk opens the full-screen console, which needs a terminal; "
    "name a command for a script or a pipe (see `frontdesk --help`)."
)


def refuse_without_terminal(json: bool) -> None:
    """Refuse to start the console for ``--json`` or when stdin or stdout is not a terminal.

    A script or a pipe would otherwise get escape sequences and hang on a console it
    cannot drive. ``textual-serve`` (``frontdesk serve``) runs the console over pipes
    with its web driver named in ``TEXTUAL_DRIVER``; that is the one exception.
    """
    if json:
        raise UsageError(NO_COMMAND_JSON)
    if os.environ.get("TEXTUAL_DRIVER"):
        return
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise UsageError(NO_TERMINAL)


#: Whether this process ran a quick read (``Command.quick``): the program may then end
#: without tearing every object down (see ``console.cli.main``'s package entry).
ran_quick = False


def main(argv: list[str] | None = None) -> int:
    """Run ``frontdesk``; user mistakes print one sentence on stderr and return 2."""
    try:
        args = parse(argv)
        # --json, --data-dir and --person may come before or after the command.
        args.json = getattr(args, "json", False)
        args.data_dir = getattr(args, "data_dir", None)
        args.person = getattr(args, "person", None)
        terminal.refuse_console_options(args)
        if args.command is None:
            refuse_without_terminal(args.json)
            return terminal.open_console(args)
        command = find_command(args.command)
        if not command.quick:
            console.started()  # a longer command runs with the collector, as the console
        global ran_quick
        ran_quick = command.quick
        return command.run(args)
    except UsageError as err:
        fail(str(err))
    except USER_ERRORS as err:
        fail(str(err))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
