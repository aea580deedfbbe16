"""Visit commands: ``book``, ``reschedule``, ``cancel``, ``checkin``, ``status``,
``walkin``, ``plan`` and ``call``."""

from __future__ import annotations

import argparse

from console.cli import render
from console.cli.command import Command, on_desk
from console.cli.output import emit
from console.cli.usage import warn, whole_number
from console.clinic.models import Appointment
from console.desk import Desk
from console.services import calls
from console.services.series import book_series, plan_series_for, window_warning

_START = '"YYYY-MM-DD HH:MM"'


def _show(desk: Desk, args: argparse.Namespace, appt: Appointment) -> None:
    emit(args, render.appointment_json(desk, appt), render.appointment_text(desk, appt))


def _book_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--patient", required=True, metavar="ID")
    parser.add_argument("--start", required=True, metavar=_START)
    parser.add_argument(
        "--type", required=True, help="appointment type (consultation, sculptra, ...)"
    )
    parser.add_argument(
        "--minutes", type=whole_number(1, 8 * 60), help="length of the visit (1 to 480)"
    )
    parser.add_argument("--provider")
    parser.add_argument("--room")
    parser.add_argument("--notes")
    parser.add_argument(
        "--outside-hours", action="store_true", help="book outside office hours on purpose"
    )


def book(desk: Desk, args: argparse.Namespace) -> None:
    """``frontdesk book``."""
    appt = desk.book(
        args.patient,
        args.start,
        args.type,
        minutes=args.minutes,
        provider=args.provider,
        room=args.room,
        notes=args.notes,
        outside_hours=args.outside_hours,
    )
    _show(desk, args, appt)
    _warn_outside_window(desk, appt)


def _warn_outside_window(desk: Desk, appt: Appointment) -> None:
    # A series session outside its window is the provider's call: warned, never refused.
    start = appt.start_at(desk.tz)
    if said := window_warning(desk, appt.patient_id, appt.type, start, appt.id):
        warn(said)


def _reschedule_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("id")
    parser.add_argument("--start", required=True, metavar=_START)
    parser.add_argument("--provider")
    parser.add_argument("--room")
    parser.add_argument("--outside-hours", action="store_true")


def reschedule(desk: Desk, args: argparse.Namespace) -> None:
    """``frontdesk reschedule ID --start``."""
    appt = desk.reschedule(
        args.id,
        args.start,
        provider=args.provider,
        room=args.room,
        outside_hours=args.outside_hours,
    )
    _show(desk, args, appt)
    _warn_outside_window(desk, appt)


def _an_id(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("id")


def cancel(desk: Desk, args: argparse.Namespace) -> None:
    """``frontdesk cancel ID``."""
    _show(desk, args, desk.cancel(args.id))


def checkin(desk: Desk, args: argparse.Namespace) -> None:
    """``frontdesk checkin ID``."""
    _show(desk, args, desk.checkin(args.id))


def _status_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("id")
    parser.add_argument("status", help="booked, confirmed, arrived, in_treatment, completed, ...")


def status(desk: Desk, args: argparse.Namespace) -> None:
    """``frontdesk status ID STATUS``."""
    _show(desk, args, desk.set_status(args.id, args.status))


def _walkin_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--patient", required=True, metavar="ID")
    parser.add_argument("--type", required=True)
    parser.add_argument("--provider")


def walkin(desk: Desk, args: argparse.Namespace) -> None:
    """``frontdesk walkin --patient --type``."""
    _show(desk, args, desk.walkin(args.patient, args.type, provider=args.provider))


def _plan_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--patient", required=True, metavar="ID")
    parser.add_argument("--first", required=True, metavar=_START)
    parser.add_argument("--type", default="sculptra")
    parser.add_argument("--sundays", action="store_true", help="also consider Sundays")
    parser.add_argument(
        "--book", action="store_true", help="book the first and the proposed sessions"
    )


def plan(desk: Desk, args: argparse.Namespace) -> None:
    """``frontdesk plan --patient ID --first "..." [--book]``."""
    first, sessions = plan_series_for(
        desk, args.patient, args.first, args.type, include_sundays=args.sundays
    )
    booked: list[str] = []
    if args.book:
        booked = book_series(desk, args.patient, first, args.type, sessions)
    data = {
        "patient": desk.patient(args.patient).id,
        "first": first.isoformat(),
        "sessions": [
            {
                "number": s.number,
                "of": s.of,
                "window_start": s.window_start.isoformat(),
                "window_end": s.window_end.isoformat(),
                "proposed_start": s.slot.start.isoformat() if s.slot else None,
                "provider": s.slot.provider if s.slot else None,
                "room": s.slot.room if s.slot else None,
            }
            for s in sessions
        ],
        "booked": booked,
    }
    lines = [f"session 1 of {len(sessions) + 1}: {first:ddd D MMM YYYY h:mm A}"]
    for s in sessions:
        proposed = f"{s.slot.start:ddd D MMM YYYY h:mm A}" if s.slot else "no free slot"
        lines.append(
            f"session {s.number} of {s.of}: window {s.window_start:%a} {s.window_start.day} "
            f"{s.window_start:%b}–{s.window_end:%a} {s.window_end.day} {s.window_end:%b %Y}, "
            f"proposed {proposed}"
        )
    if booked:
        lines.append("booked: " + " ".join(booked))
    emit(args, data, lines)


def _call_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("id")
    parser.add_argument("outcome", help="confirmed, left_message, no_answer or cancelled")
    parser.add_argument("--note", default="")


def call(desk: Desk, args: argparse.Namespace) -> None:
    """``frontdesk call ID OUTCOME``."""
    _show(desk, args, calls.record_call(desk, args.id, args.outcome, args.note))


COMMANDS = (
    Command("book", "book an appointment", _book_options, on_desk(book)),
    Command("reschedule", "move an appointment", _reschedule_options, on_desk(reschedule)),
    Command("cancel", "cancel an appointment", _an_id, on_desk(cancel)),
    Command("checkin", "mark a patient arrived", _an_id, on_desk(checkin)),
    Command("status", "change an appointment's status", _status_options, on_desk(status)),
    Command(
        "walkin",
        "register a walk-in for the next free slot today",
        _walkin_options,
        on_desk(walkin),
    ),
    Command(
        "plan",
        "propose the rest of a treatment series after a first session",
        _plan_options,
        on_desk(plan),
    ),
    Command("call", "record a confirmation call's outcome", _call_options, on_desk(call)),
)
