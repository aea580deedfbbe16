"""``frontdesk`` with no command: the console in this terminal.

Its options (``--date``, ``--demo``, ``--initials``) sit on the top-level parser.
Textual, the app and the demo seeding are imported only when the console opens.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from dataclasses import replace
from pathlib import Path

from console import locations, shipped
from console.cli.usage import UsageError
from console.clinic.actor import RECEPTIONIST
from console.clinic.dates import DAY_FORMS, parse_day
from console.desk import open_desk
from console.desk.compose import clock_from_env
from console.store.errors import StoreError


def console_day(text: str | None) -> dt.date | None:
    """The day ``--date`` names (any accepted date form), or None without one."""
    if not text:
        return None
    config = shipped.load_clinic_config(locations.shipped_dir())
    return parse_day(text, clock_from_env(config.tz).now().date())


#: The commands that take the console's options (they start a console themselves).
CONSOLE_COMMANDS = frozenset({"serve"})


def refuse_console_options(args: argparse.Namespace) -> None:
    """Refuse ``--date``, ``--demo`` or ``--initials`` before a command that ignores them.

    ``frontdesk --demo book ...`` would otherwise write to the real store, and
    ``frontdesk --date 12/1 calls`` list another day's calls, without a word.
    """
    if args.command is None or args.command in CONSOLE_COMMANDS:
        return
    given = [
        option
        for option, value in (
            ("--date", getattr(args, "console_date", None)),
            ("--demo", getattr(args, "demo", False)),
            ("--initials", getattr(args, "initials", False)),
        )
        if value
    ]
    if given:
        raise UsageError(
            f"{' and '.join(given)} {'is an option' if len(given) == 1 else 'are options'} of "
            f"the console (frontdesk with no command), not of `{args.command}`; "
            f"see `frontdesk {args.command} --help`."
        )


def add_options(parser: argparse.ArgumentParser) -> None:
    """The console's own options, on the top-level parser."""
    # Its own dest: a command's DATE (calls, day, close...) would otherwise overwrite it.
    parser.add_argument(
        "--date", dest="console_date", help=f"open the console on this day ({DAY_FORMS})"
    )
    parser.add_argument(
        "--demo", action="store_true", help="use a separate demo store filled with synthetic data"
    )
    parser.add_argument(
        "--initials",
        action="store_true",
        help="show patients by initials only, with phones and health details hidden",
    )


def daily_backup(folder: Path) -> None:
    """The day's automatic backup at console start; a failure warns but never blocks."""
    from console.desk.admin import Administration  # backups are the console's, not every command's

    desk = open_desk(folder)
    try:
        Administration(desk).auto_backup()
    except StoreError as err:
        print(f"frontdesk: no automatic backup today: {err}", file=sys.stderr)
    finally:
        desk.close()


def open_console(args: argparse.Namespace) -> int:
    """Start the Textual console (on the demo store with ``--demo``)."""
    from console.app import FrontDeskApp
    from console.tools.seeding import prepare_demo

    start_day = console_day(getattr(args, "console_date", None))
    if args.demo:
        folder = locations.demo_data_dir(getattr(args, "data_dir", None))
        prepare_demo(folder)
    else:
        folder = locations.data_dir(getattr(args, "data_dir", None))
        daily_backup(folder)
    initials = getattr(args, "initials", False)
    from console.ui.session import run_session

    # One audited session (start, end and why); a hang-up ends it cleanly.
    desk = open_desk(folder)
    try:
        person = getattr(args, "person", None)
        if person is not None:
            desk.act_as(person)  # the person an SSH key line or `serve` names
        elif desk.staff_enabled():
            desk.await_sign_in()  # a shared desk: nobody until someone signs in
        elif desk.staff_names():
            # Staff set up, but nobody can sign in here yet (no PINs): whoever sits at
            # this shared login is not known to be a manager, so the console does not
            # act as the administrator (restore, health values) but as a receptionist.
            desk.actor = replace(desk.actor, role=RECEPTIONIST)
        app = FrontDeskApp(desk=desk, start_day=start_day, initials_only=initials)
        return run_session(app, desk)
    finally:
        desk.close()
