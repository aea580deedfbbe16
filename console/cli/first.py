"""``frontdesk first``: the next free times for a type across days, each ready to book.

Usage::

    frontdesk first --type T [--provider P] [--weekday tue] [--after HH:MM] [--before HH:MM]
                    [--patient ID] [--limit N] [--json]

Each time comes with the exact ``frontdesk book ...`` line that books it (``--patient``
fills in the patient; without it the line says ``PATIENT_ID``). Every time honours the
clinic's setup: office hours, each provider's hours, breaks and time off, buffers, rooms
out of service and the Sunday window (see :mod:`console.clinic.first`).
"""

from __future__ import annotations

import argparse
import shlex
from typing import Any

from console.cli.command import Command, on_desk
from console.cli.output import emit
from console.cli.usage import whole_number
from console.clinic.booking import Slot
from console.clinic.models import Appointment
from console.desk import Desk

#: What a book line says when no patient was given.
NO_PATIENT = "PATIENT_ID"


def _options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--type", required=True, help="appointment type (consultation, ...)")
    parser.add_argument("--provider")
    parser.add_argument("--weekday", help='only these days: "tue", "tue,thu", "mon-fri"')
    parser.add_argument("--after", metavar="HH:MM", help="starting at or after this time")
    parser.add_argument("--before", metavar="HH:MM", help="ending by this time")
    parser.add_argument("--patient", metavar="ID", help="the patient (fills in the book line)")
    parser.add_argument("--limit", type=whole_number(1, 50), default=5, help="how many (5)")


def book_line(desk: Desk, slot: Slot, type_key: str, patient: str | None) -> str:
    """The ``frontdesk book ...`` command that books ``slot``, quoted for a shell."""
    words = [
        "frontdesk",
        "book",
        "--patient",
        patient or NO_PATIENT,
        "--start",
        f"{slot.start.to(desk.tz):YYYY-MM-DD HH:mm}",
        "--type",
        type_key,
        "--provider",
        slot.provider,
        "--room",
        slot.room,
    ]
    return shlex.join(words)


def move_line(desk: Desk, appt: Appointment, slot: Slot) -> str:
    """The ``frontdesk reschedule ...`` command that moves ``appt`` to ``slot``."""
    words = [
        "frontdesk",
        "reschedule",
        appt.id,
        "--start",
        f"{slot.start.to(desk.tz):YYYY-MM-DD HH:mm}",
        "--provider",
        slot.provider,
        "--room",
        slot.room,
    ]
    return shlex.join(words)


def slot_json(desk: Desk, slot: Slot, command: str) -> dict[str, Any]:
    """One free time as JSON with its command."""
    return {
        "start": slot.start.to(desk.tz).isoformat(),
        "provider": slot.provider,
        "room": slot.room,
        "command": command,
    }


def first(desk: Desk, args: argparse.Namespace) -> None:
    """``frontdesk first --type T ...``."""
    patient = desk.patient(args.patient).id if args.patient else None
    slots = desk.first_available(
        args.type,
        provider=args.provider,
        weekdays=args.weekday,
        after=args.after,
        before=args.before,
        patient_id=patient or "",
        limit=args.limit,
    )
    key = desk.config.appointment_type(args.type.strip().lower()).key
    commands = [book_line(desk, slot, key, patient) for slot in slots]
    lines: list[str] = []
    for slot, command in zip(slots, commands, strict=True):
        lines.append(f"{slot.start:ddd D MMM YYYY h:mm A}  {slot.provider} · {slot.room}")
        lines.append(f"    {command}")
    emit(
        args,
        [slot_json(desk, s, c) for s, c in zip(slots, commands, strict=True)],
        lines or ["No free time in the next 180 days matches; try fewer conditions."],
    )


def suggested_moves(desk: Desk, visits: list[Appointment]) -> dict[str, Slot]:
    """For each stranded visit, the first free time for its type (distinct, not re-checked).

    A hint for the person moving them: ``reschedule`` checks every rule again.
    """
    found: dict[str, Slot] = {}
    taken: list[tuple[str, float, float]] = []
    for appt in visits:
        if appt.type not in desk.config.appointment_types:
            continue
        slots = desk.first_available(
            appt.type, patient_id=appt.patient_id, limit=len(visits) + 1, per_day=len(visits) + 1
        )
        for slot in slots:
            start = slot.start.timestamp()
            end = start + appt.minutes * 60
            if any(p == slot.provider and s < end and start < e for p, s, e in taken):
                continue
            found[appt.id] = slot
            taken.append((slot.provider, start, end))
            break
    return found


COMMANDS = (
    Command(
        "first",
        "the next free times for a type across days, each with the line that books it",
        _options,
        on_desk(first),
    ),
)
