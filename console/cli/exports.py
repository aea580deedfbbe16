"""Files for people: ``export`` (a schedule as CSV or iCalendar) and ``aftercare``."""

from __future__ import annotations

import argparse

from console.cli.command import Command, on_desk
from console.cli.output import deliver
from console.cli.usage import UsageError
from console.clinic.dates import DAY_FORMS, parse_day
from console.desk import Desk

_OUTPUT_HELP = "write to a new FILE (0600) instead of stdout; never a symlink or inside the store"
_FORCE_HELP = "replace FILE if it exists (a regular file only)"


def _export_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "what",
        nargs="?",
        choices=("schedule", "patients"),
        default="schedule",
        help="the schedule (the default; needs --date) or the patient list (manager only)",
    )
    parser.add_argument("--date", help=DAY_FORMS)
    parser.add_argument("--to", help="last day (default: the same day)")
    parser.add_argument("--format", choices=("csv", "ics"), default="csv")
    parser.add_argument("--output", metavar="FILE", help=_OUTPUT_HELP)
    parser.add_argument("--force", action="store_true", help=_FORCE_HELP)


def export(desk: Desk, args: argparse.Namespace) -> None:
    """``frontdesk export --date D [--to D2] --format csv|ics`` or ``export patients``."""
    if args.what == "patients":
        _export_patients(desk, args)
        return
    if not args.date:
        raise UsageError(
            "export needs --date (the first day), or `export patients` for the patient list "
            "(see `frontdesk export --help`)."
        )
    first = parse_day(args.date, desk.today())
    last = parse_day(args.to, desk.today(), field="to") if args.to else first
    from console.services.exports import export_schedule

    deliver(args, export_schedule(desk, first, last, args.format), desk.store.root)


def _export_patients(desk: Desk, args: argparse.Namespace) -> None:
    """``frontdesk export patients [--output FILE]``: CSV that ``import patients`` reads."""
    if args.date or args.to:
        raise UsageError("export patients takes no --date or --to: it is the whole list.")
    if args.format != "csv":
        raise UsageError("The patient list is exported as CSV only (leave out --format).")
    from console.services.exports import patients_csv, record_patient_export

    text, count = patients_csv(desk)
    # Deliver first, then record: nothing is audited as exported if the file was refused.
    deliver(args, text, desk.store.root)
    record_patient_export(desk, count)


def _aftercare_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("id")
    parser.add_argument("--format", choices=("text", "html"), default="text")
    parser.add_argument("--output", metavar="FILE", help=_OUTPUT_HELP)
    parser.add_argument("--force", action="store_true", help=_FORCE_HELP)
    parser.add_argument(
        "--given", choices=("read", "printed", "exported"), help="record that it was given"
    )


def aftercare(desk: Desk, args: argparse.Namespace) -> None:
    """``frontdesk aftercare ID [--format text|html] [--output FILE] [--given HOW]``."""
    from console.services import visit_care

    sheet = visit_care.aftercare_sheet(desk, args.id, args.format)
    # Deliver first, then record: nothing is marked given if the file cannot be written.
    deliver(args, sheet, desk.store.root)
    if args.given:
        visit_care.record_aftercare(desk, args.id, args.given)


COMMANDS = (
    Command(
        "export",
        "export a day or a range of days as CSV or iCalendar, or the patient list as CSV",
        _export_options,
        on_desk(export),
    ),
    Command(
        "aftercare",
        "a visit's aftercare sheet (text or HTML)",
        _aftercare_options,
        on_desk(aftercare),
    ),
)
