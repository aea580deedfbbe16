"""Patient commands: ``patient add|update|show|alert|allergy|condition`` and ``find``."""

from __future__ import annotations

import argparse

from console.cli import render
from console.cli.command import Command, on_desk
from console.cli.output import emit
from console.cli.usage import Parser, UsageError, common_options, whole_number
from console.clinic.dates import parse_day
from console.clinic.models import entries_text
from console.desk import Desk

#: The details ``patient update`` may change, each an option of the same name.
FIELDS = ("first", "last", "phone", "dob", "email", "notes")
#: Options ``patient update`` no longer takes: entries change one at a time.
ENTRY_OPTIONS = {"allergies": "allergy", "conditions": "condition"}


def _patient_options(parser: argparse.ArgumentParser) -> None:
    common = common_options()
    actions = parser.add_subparsers(dest="patient_command", metavar="ACTION", parser_class=Parser)
    add = actions.add_parser(
        "add", help="register a new patient (prints the new id)", parents=[common]
    )
    add.add_argument("--first", required=True, help="first name")
    add.add_argument("--last", required=True, help="last name")
    add.add_argument("--phone", required=True, help="phone number")
    add.add_argument("--dob", help="date of birth (YYYY-MM-DD or M/D/YYYY)")
    add.add_argument("--email")
    add.add_argument("--conditions", help='medical conditions, separated by ";" ("A; B")')
    add.add_argument("--allergies", help='allergies, separated by ";" ("Penicillin; Latex")')
    add.add_argument("--notes")
    add.add_argument("--alert", help="a short line shown wherever the patient appears")
    add.add_argument(
        "--allow-duplicate",
        action="store_true",
        help="register even if a patient with this name and phone or birth date exists",
    )
    update = actions.add_parser(
        "update", help="change a patient's details (e.g. after a consultation)", parents=[common]
    )
    update.add_argument("id")
    for name in FIELDS:
        update.add_argument(f"--{name}")
    for name in ENTRY_OPTIONS:
        # Still parsed, so the refusal can say which command to use instead.
        update.add_argument(f"--{name}", help=argparse.SUPPRESS)
    show = actions.add_parser("show", help="a patient's details and visits", parents=[common])
    show.add_argument("id")
    alert = actions.add_parser(
        "alert", help="set or clear a patient's one-line alert", parents=[common]
    )
    alert.add_argument("id")
    alert.add_argument("text", nargs="?", help='the alert ("Allergic to lidocaine")')
    alert.add_argument("--clear", action="store_true", help="remove the alert")
    for field, one in ENTRY_OPTIONS.items():
        entry = actions.add_parser(
            one, help=f"add or remove one {one} of a patient", parents=[common]
        )
        entry.add_argument("change", metavar="add|remove")
        entry.add_argument("id")
        entry.add_argument("text", help=f"the {one}")
        entry.set_defaults(entry_field=field)


def patient(desk: Desk, args: argparse.Namespace) -> None:
    """``frontdesk patient add|update|show``."""
    if args.patient_command == "add":
        added = desk.add_patient(
            args.first,
            args.last,
            args.phone,
            dob=_dob(desk, args.dob),
            email=args.email,
            conditions=args.conditions,
            allergies=args.allergies,
            notes=args.notes,
            alert=args.alert,
            allow_duplicate=args.allow_duplicate,
        )
        emit(args, render.patient_json(added), added.id)
    elif args.patient_command == "update":
        for name, one in ENTRY_OPTIONS.items():
            if getattr(args, name) is not None:
                raise UsageError(
                    f"--{name} is no longer an option of `patient update`: change one {one} "
                    f"at a time with `frontdesk patient {one} add|remove ID TEXT`."
                )
        fields = {f: getattr(args, f) for f in FIELDS}
        fields["dob"] = (_dob(desk, args.dob) or "") if args.dob is not None else None
        changed = desk.update_patient(args.id, **fields)
        emit(args, render.patient_json(changed), f"{changed.id}  {changed.name}  updated")
    elif args.patient_command == "alert":
        _alert(desk, args)
    elif args.patient_command in ENTRY_OPTIONS.values():
        _entry(desk, args)
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
            f"  alert: {shown.alert or '—'}",
            f"  conditions: {entries_text(shown.conditions) or '—'}",
            f"  allergies: {entries_text(shown.allergies) or '—'}",
        ] + ["  " + render.appointment_text(desk, a) for a in visits]
        emit(args, data, lines)
    else:
        raise UsageError(
            "Say `patient add`, `patient show ID`, `patient alert ID TEXT` or "
            "`patient allergy|condition add|remove ID TEXT` (see `frontdesk patient --help`)."
        )


def _dob(desk: Desk, text: str | None) -> str | None:
    """A typed birth date in any of the accepted date forms, as ``YYYY-MM-DD``."""
    if not (text or "").strip():
        return None
    return parse_day(text or "", desk.today(), field="dob").isoformat()


def _alert(desk: Desk, args: argparse.Namespace) -> None:
    """``frontdesk patient alert ID TEXT`` or ``--clear``."""
    if args.clear and args.text is not None:
        raise UsageError("Give the alert text or --clear, not both.")
    if not args.clear and not (args.text or "").strip():
        raise UsageError(
            'Give the alert text (`frontdesk patient alert ID "Needs a Spanish speaker"`) '
            "or --clear to remove it."
        )
    changed = desk.set_alert(args.id, "" if args.clear else args.text)
    what = f"alert: {changed.alert}" if changed.alert else "alert cleared"
    emit(args, render.patient_json(changed), f"{changed.id}  {changed.name}  {what}")


def _entry(desk: Desk, args: argparse.Namespace) -> None:
    """``frontdesk patient allergy|condition add|remove ID TEXT``."""
    field, one = args.entry_field, ENTRY_OPTIONS[args.entry_field]
    if args.change == "add":
        changed = desk.add_health_entry(args.id, field, args.text)
    elif args.change == "remove":
        changed = desk.remove_health_entry(args.id, field, args.text)
    else:
        raise UsageError(
            f"Say `patient {one} add ID TEXT` or `patient {one} remove ID TEXT`, "
            f"not {args.change!r}."
        )
    listed = entries_text(getattr(changed, field)) or "none"
    emit(args, render.patient_json(changed), f"{changed.id}  {changed.name}  {field}: {listed}")


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
        quick=True,
    ),
)
