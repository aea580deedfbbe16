"""``frontdesk waitlist add|list|remove|book``: patients waiting for a time to free up.

Usage::

    frontdesk waitlist add --patient ID --type T [--provider P] [--weekdays mon,wed]
                           [--from HH:MM] [--to HH:MM] [--until DATE] [--note TEXT]
    frontdesk waitlist list [--all] [--json]
    frontdesk waitlist remove ID
    frontdesk waitlist book ID --start "YYYY-MM-DD HH:MM" --provider P [--room R]

``cancel``, ``reschedule`` and ``status ID no_show`` print the waitlisted patients the
freed time suits, best first, each with the ``waitlist book`` line that books them into
it (and takes them off the list) in one step.
"""

from __future__ import annotations

import argparse
import shlex
from typing import Any

from console.cli import render
from console.cli.command import Command, on_desk
from console.cli.output import emit
from console.cli.usage import Parser, UsageError, common_options
from console.clinic.dates import parse_start
from console.clinic.models import Appointment
from console.clinic.waitlist import WaitlistEntry
from console.desk import Desk
from console.desk.waitlist import Offer, Waiting

#: The heading over the offers a freed time gets.
OFFERS_HEADING = "Waitlisted patients this time suits, best first:"


def _options(parser: argparse.ArgumentParser) -> None:
    common = common_options()
    actions = parser.add_subparsers(dest="waitlist_command", metavar="ACTION", parser_class=Parser)
    add = actions.add_parser("add", help="put a patient on the waitlist", parents=[common])
    add.add_argument("--patient", required=True, metavar="ID")
    add.add_argument("--type", required=True, help="appointment type (consultation, ...)")
    add.add_argument("--provider", help="only this provider (default: any)")
    add.add_argument("--weekdays", help="only these days, e.g. mon,wed or mon-fri (default: any)")
    add.add_argument("--from", dest="start", metavar="HH:MM", help="not before this time of day")
    add.add_argument("--to", dest="end", metavar="HH:MM", help="ending by this time of day")
    add.add_argument("--until", metavar="DATE", help="waiting until this date (default: removed)")
    add.add_argument("--note", default="")
    listing = actions.add_parser("list", help="who is waiting, oldest first", parents=[common])
    listing.add_argument("--all", action="store_true", help="also entries past their --until")
    remove = actions.add_parser("remove", help="take an entry off the waitlist", parents=[common])
    remove.add_argument("id")
    book = actions.add_parser(
        "book", help="book a waitlisted patient into a time (and take them off)", parents=[common]
    )
    book.add_argument("id")
    book.add_argument("--start", required=True, metavar='"YYYY-MM-DD HH:MM"')
    book.add_argument("--provider", required=True)
    book.add_argument("--room")


def waitlist(desk: Desk, args: argparse.Namespace) -> None:
    """``frontdesk waitlist add|list|remove|book``."""
    action = args.waitlist_command
    if action == "add":
        entry = desk.waitlist_add(
            args.patient,
            args.type,
            provider=args.provider,
            weekdays=args.weekdays,
            start=args.start,
            end=args.end,
            until=args.until,
            note=args.note,
        )
        emit(args, entry_json(desk, Waiting(entry, desk.patient(entry.patient_id))), entry.id)
    elif action == "list":
        rows = desk.waitlist_list(all=args.all)
        lines = [entry_line(desk, row) for row in rows] or ["nobody is waiting"]
        emit(args, [entry_json(desk, row) for row in rows], lines)
    elif action == "remove":
        entry = desk.waitlist_remove(args.id)
        emit(args, {"removed": entry.id}, f"{entry.id} removed from the waitlist")
    elif action == "book":
        start = parse_start(args.start, desk.today(), desk.tz)
        appt = desk.book_offer(args.id, start, args.provider, args.room)
        emit(args, render.appointment_json(desk, appt), render.appointment_text(desk, appt))
    else:
        raise UsageError(
            "Say `waitlist add`, `waitlist list`, `waitlist remove ID` or `waitlist book ID` "
            "(see `frontdesk waitlist --help`)."
        )


def entry_json(desk: Desk, row: Waiting) -> dict[str, Any]:
    """An entry as ``--json`` prints it, with the patient's name."""
    return {
        **row.entry.to_doc(),
        "patient_name": row.patient.name if row.patient else None,
        "expired": row.entry.expired(desk.today()),
    }


def entry_line(desk: Desk, row: Waiting) -> str:
    """``W-7K2Q9X  Bea Lee (P-...)  Consultation  Provider A · Mon, Wed · since Tue 24 Nov``."""
    entry = row.entry
    who = f"{row.patient.name} ({entry.patient_id})" if row.patient else entry.patient_id
    kind = desk.config.appointment_types.get(entry.type)
    since = _since(entry)
    flag = "  [expired]" if entry.expired(desk.today()) else ""
    note = f"  note: {entry.note}" if entry.note else ""
    label = kind.label if kind else entry.type
    return f"{entry.id}  {who}  {label}  {entry.wants()}{since}{flag}{note}"


def _since(entry: WaitlistEntry) -> str:
    day = entry.created[:10]
    return f" · since {day}" if day else ""


def book_command(offer: Offer) -> str:
    """The exact command that books ``offer``."""
    words = ["frontdesk", "waitlist", "book", offer.entry.id]
    words += ["--start", f"{offer.start:YYYY-MM-DD HH:mm}", "--provider", offer.provider]
    if offer.room:
        words += ["--room", offer.room]
    return shlex.join(words)


def offer_lines(offers: list[Offer]) -> list[str]:
    """The offers as text: a heading, then one line and its command each (none: nothing)."""
    if not offers:
        return []
    lines = [OFFERS_HEADING]
    for number, offer in enumerate(offers, 1):
        lines.append(
            f"  {number}. {offer.patient.name} ({offer.patient.id}) {offer.type_label} "
            f"{offer.start:ddd D MMM h:mm A} with {offer.provider}: {book_command(offer)}"
        )
    return lines


def offer_json(offer: Offer) -> dict[str, Any]:
    """An offer as ``--json`` prints it."""
    return {
        "entry": offer.entry.id,
        "patient_id": offer.patient.id,
        "patient_name": offer.patient.name,
        "type": offer.entry.type,
        "start": offer.start.isoformat(),
        "minutes": offer.minutes,
        "provider": offer.provider,
        "room": offer.room,
        "command": book_command(offer),
    }


def offers_json(offers: list[Offer]) -> list[dict[str, Any]]:
    """The offers as ``--json`` prints them (best first)."""
    return [offer_json(o) for o in offers]


def show_with_offers(
    desk: Desk, args: argparse.Namespace, appt: Appointment, freed: Appointment
) -> None:
    """Print ``appt`` (just cancelled, moved or missed) and the offers for ``freed``'s time."""
    offers = desk.offers_after(freed)
    data = {
        **render.appointment_json(desk, appt),
        "waitlist_offers": [offer_json(o) for o in offers],
    }
    emit(args, data, [render.appointment_text(desk, appt), *offer_lines(offers)])


COMMANDS = (
    Command(
        "waitlist",
        "patients waiting for a time to free up: add, list, remove, book",
        _options,
        on_desk(waitlist),
    ),
)
