"""Argument parsing. A usage mistake is one sentence on stderr and exit status 2."""

from __future__ import annotations

import argparse
import sys
from typing import NoReturn

from console.cli.audit_cmds import add_parsers as add_audit_parsers
from console.cli.backup_cmds import add_parsers as add_backup_parsers


class UsageError(Exception):
    """The command line itself is wrong (unknown option, missing value)."""


class Parser(argparse.ArgumentParser):
    """An ``ArgumentParser`` that raises instead of printing usage and exiting."""

    def error(self, message: str) -> NoReturn:
        """Turn argparse's complaint into one sentence."""
        text = message[0].upper() + message[1:]
        raise UsageError(f"{text.rstrip('.')} (see `{self.prog} --help`).")


def _common() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--data-dir",
        metavar="PATH",
        default=argparse.SUPPRESS,
        help="store folder (default: $FRONTDESK_DATA_DIR or the per-user data folder)",
    )
    common.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help="print JSON")
    return common


def build_parser() -> Parser:
    """The full ``frontdesk`` parser with every sub-command."""
    common = _common()
    parser = Parser(
        prog="frontdesk",
        description=(
            "Front desk console for Iconic Skin Clinic. With no command, opens the console."
        ),
        parents=[common],
    )
    parser.add_argument("--date", help="open the console on this day (YYYY-MM-DD)")
    parser.add_argument(
        "--demo", action="store_true", help="use a separate demo store filled with synthetic data"
    )
    parser.add_argument(
        "--initials",
        action="store_true",
        help="show patients by initials only, with phones and health details hidden",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)

    def add(name: str, help_text: str) -> argparse.ArgumentParser:
        return sub.add_parser(name, help=help_text, description=help_text, parents=[common])

    p = add("hours", "what kind of day a date is and its office hours")
    p.add_argument("date", nargs="?", help="YYYY-MM-DD (default: today)")

    p = add("day", "a day's hours and appointments")
    p.add_argument("date", nargs="?", help="YYYY-MM-DD (default: today)")

    p = add("patient", "register or show a patient")
    psub = p.add_subparsers(dest="patient_command", metavar="ACTION", parser_class=Parser)
    pa = psub.add_parser("add", help="register a new patient (prints the new id)", parents=[common])
    pa.add_argument("--first", required=True, help="first name")
    pa.add_argument("--last", required=True, help="last name")
    pa.add_argument("--phone", required=True, help="phone number")
    pa.add_argument("--dob", help="date of birth (YYYY-MM-DD or MM/DD/YYYY)")
    pa.add_argument("--email")
    pa.add_argument("--conditions", help="medical conditions (consultation)")
    pa.add_argument("--allergies", help="allergies (consultation)")
    pa.add_argument("--notes")
    pu = psub.add_parser(
        "update", help="change a patient's details (e.g. after a consultation)", parents=[common]
    )
    pu.add_argument("id")
    for name in ("first", "last", "phone", "dob", "email", "conditions", "allergies", "notes"):
        pu.add_argument(f"--{name}")
    ps = psub.add_parser("show", help="a patient's details and visits", parents=[common])
    ps.add_argument("id")

    p = add("find", "find patients by name, part of a phone number or date of birth")
    p.add_argument("query", nargs="+")
    p.add_argument("--limit", type=int, default=10)

    p = add("book", "book an appointment")
    p.add_argument("--patient", required=True, metavar="ID")
    p.add_argument("--start", required=True, metavar='"YYYY-MM-DD HH:MM"')
    p.add_argument("--type", required=True, help="appointment type (consultation, sculptra, ...)")
    p.add_argument("--minutes", type=int)
    p.add_argument("--provider")
    p.add_argument("--room")
    p.add_argument("--notes")
    p.add_argument(
        "--outside-hours", action="store_true", help="book outside office hours on purpose"
    )

    p = add("reschedule", "move an appointment")
    p.add_argument("id")
    p.add_argument("--start", required=True, metavar='"YYYY-MM-DD HH:MM"')
    p.add_argument("--provider")
    p.add_argument("--room")
    p.add_argument("--outside-hours", action="store_true")

    for name, text in (("cancel", "cancel an appointment"), ("checkin", "mark a patient arrived")):
        p = add(name, text)
        p.add_argument("id")

    p = add("status", "change an appointment's status")
    p.add_argument("id")
    p.add_argument("status", help="booked, confirmed, arrived, in_treatment, completed, ...")

    p = add("walkin", "register a walk-in for the next free slot today")
    p.add_argument("--patient", required=True, metavar="ID")
    p.add_argument("--type", required=True)
    p.add_argument("--provider")

    p = add("slots", "free start times on a day for a type of visit")
    p.add_argument("date")
    p.add_argument("--type", required=True)

    p = add("plan", "propose the rest of a treatment series after a first session")
    p.add_argument("--patient", required=True, metavar="ID")
    p.add_argument("--first", required=True, metavar='"YYYY-MM-DD HH:MM"')
    p.add_argument("--type", default="sculptra")
    p.add_argument("--sundays", action="store_true", help="also consider Sundays")
    p.add_argument("--book", action="store_true", help="book the first and the proposed sessions")

    p = add("export", "export a day or a range of days as CSV or iCalendar")
    p.add_argument("--date", required=True)
    p.add_argument("--to", help="last day (default: the same day)")
    p.add_argument("--format", choices=("csv", "ics"), default="csv")
    p.add_argument("--output", metavar="FILE", help="write to FILE (0600) instead of stdout")

    p = add("treatment", "print treatment information")
    p.add_argument("name", nargs="?")
    p.add_argument("--section", help="one section id (regimen, preparation, aftercare, ...)")
    p.add_argument("--search", help="find the section answering a question")

    add("check", "read every store file and report any that is damaged")
    add_backup_parsers(add)
    add_audit_parsers(add)
    # Imported here: serve.py uses this module's UsageError and fail.
    from console.cli.serve import add_parsers as add_serve_parsers

    add_serve_parsers(add)

    p = add("calls", "confirmation calls for a day (default: the next open day)")
    p.add_argument("date", nargs="?")

    p = add("call", "record a confirmation call's outcome")
    p.add_argument("id")
    p.add_argument("outcome", help="confirmed, left_message, no_answer or cancelled")
    p.add_argument("--note", default="")

    p = add("close", "day close: what is unresolved on a day (default: today)")
    p.add_argument("date", nargs="?")

    p = add("aftercare", "a visit's aftercare sheet (text or HTML)")
    p.add_argument("id")
    p.add_argument("--format", choices=("text", "html"), default="text")
    p.add_argument("--output", metavar="FILE", help="write to FILE (0600) instead of stdout")
    p.add_argument(
        "--given", choices=("read", "printed", "exported"), help="record that it was given"
    )

    p = add("seed", "fill a store with realistic synthetic history")
    p.add_argument("--years", type=float, default=1.0)
    p.add_argument("--seed", type=int, default=2026, help="random seed (same seed, same data)")

    p = add("bench", "measure the store against stock TinyDB")
    p.add_argument("--years", type=float, default=5.0)
    p.add_argument("--rounds", type=int, default=200)
    p.add_argument(
        "--no-memory",
        dest="memory",
        action="store_false",
        help="skip the console memory run (1,000 pane switches and dialogs, a few minutes)",
    )
    return parser


def fail(message: str) -> NoReturn:
    """Print one sentence to stderr and exit 2 (used outside argparse too)."""
    print(f"frontdesk: {message}", file=sys.stderr)
    raise SystemExit(2)
