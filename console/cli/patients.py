"""Patient commands: ``patient add|update|show`` and ``find``."""

from __future__ import annotations

import argparse

from console.cli import render
from console.cli.command import Command, on_desk
from console.cli.output import emit
from console.cli.usage import Parser, UsageError, common_options, whole_number
from console.desk import Desk

#: The details ``patient update`` may change, each an option of the same name.
FIELDS = ("first", "last", "phone", "dob", "email", "conditions", "allergies", "notes")


def _patient_options(parser: argparse.ArgumentParser) -> None:
    common = common_options()
    actions = parser.add_subparsers(dest="patient_command", metavar="ACTION", parser_class=Parser)
    add = actions.add_parser(
        "add", help="register a new patient (prints the new id)", parents=[common]
    )
    add.add_argument("--first", required=True, help="first name")
    add.add_argument("--last", required=True, help="last name")
    add.add_argument("--phone", required=True, help="phone number")
    add.add_argument("--dob", help="date of birth (YYYY-MM-DD or MM/DD/YYYY)")
    add.add_argument("--email")
    add.add_argument("--conditions", help="medical conditions (consultation)")
    add.add_argument("--allergies", help="allergies (consultation)")
    add.add_argument("--notes")
    update = actions.add_parser(
        "update", help="change a patient's details (e.g. after a consultation)", parents=[common]
    )
    update.add_argument("id")
    for name in FIELDS:
        update.add_argument(f"--{name}")
    show = actions.add_parser("show", help="a patient's details and visits", parents=[common])
    show.add_argument("id")


def patient(desk: Desk, args: argparse.Namespace) -> None:
    """``frontdesk patient add|update|show``."""
    if args.patient_command == "add":
        added = desk.add_patient(
            args.first,
            args.last,
            args.phone,
            dob=args.dob,
            email=args.email,
            conditions=args.conditions,
            allergies=args.allergies,
            notes=args.notes,
        )
        emit(args, render.patient_json(added), added.id)
    elif args.patient_command == "update":
        changed = desk.update_patient(args.id, **{f: getattr(args, f) for f in FIELDS})
        emit(args, render.patient_json(changed), f"{changed.id}  {changed.name}  updated")
    elif args.patient_command == "show":
        shown = desk.patient(args.id)
        visits = desk.history(shown.id)
        data = {
            **render.patient_json(shown),
            "appointments": [render.appointment_json(desk, a) for a in visits],
        }
        lines = [
            f"{shown.id}  {shown.name}  {shown.phone_display}",
            f"  born {shown.dob or '—'}  email {shown.email or '—'}",
            f"  conditions: {shown.conditions or '—'}",
            f"  allergies: {shown.allergies or '—'}",
        ] + ["  " + render.appointment_text(desk, a) for a in visits]
        emit(args, data, lines)
    else:
        raise UsageError("Say `patient add` or `patient show ID` (see `frontdesk patient --help`).")


def _find_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("query", nargs="+")
    parser.add_argument("--limit", type=whole_number(1, 1000), default=10)


def find(desk: Desk, args: argparse.Namespace) -> None:
    """``frontdesk find QUERY``."""
    matches = desk.find(" ".join(args.query), args.limit)
    lines = [render.match_line(desk, m) for m in matches] or ["no patient matches"]
    emit(args, [render.match_json(desk, m) for m in matches], lines)


COMMANDS = (
    Command("patient", "register or show a patient", _patient_options, on_desk(patient)),
    Command(
        "find",
        "find patients by name, part of a phone number or date of birth",
        _find_options,
        on_desk(find),
    ),
)
