"""Visit commands: ``book``, ``reschedule``, ``cancel``, ``checkin``, ``status``,
``walkin``, ``plan`` and ``call``."""

from __future__ import annotations

import argparse
from collections.abc import Callable

import arrow

from console.cli import render
from console.cli.command import Command, on_desk
from console.cli.output import emit
from console.cli.usage import UsageError, warn, whole_number
from console.cli.waitlist import show_with_offers
from console.clinic import status as st
from console.clinic.dates import parse_clock, parse_start
from console.clinic.errors import ScreeningNeeded
from console.clinic.localtime import local
from console.clinic.models import Appointment
from console.clinic.screening import answers_form
from console.desk import Desk

#: Any date form (12/15, friday...) then a time (14:30, 2:30pm); see clinic/dates.py.
_START = '"YYYY-MM-DD HH:MM"'
#: The statuses that free a visit's time for someone on the waitlist.
FREES_TIME = frozenset({st.CANCELLED, st.NO_SHOW})
_ANSWERS_HELP = (
    'pre-treatment answers, e.g. "nsaids=no,new_conditions=no,new_allergies=yes:Latex" '
    "(yes:WHAT says what a new allergy or condition is)"
)


def parse_answers(text: str | None) -> tuple[dict[str, str] | None, dict[str, str] | None]:
    """``"nsaids=no,new_allergies=yes:Latex"`` → answers and details (None when not given)."""
    if text is None:
        return None, None
    answers: dict[str, str] = {}
    details: dict[str, str] = {}
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        qid, sep, value = part.partition("=")
        qid, value = qid.strip().lower(), value.strip()
        answer, _, what = value.partition(":")
        if not sep or not qid or answer.strip().lower() not in ("yes", "no"):
            raise UsageError(
                f"{part[:40]!r} is not an answer; give each as ID=yes or ID=no, separated by "
                'commas (e.g. --answers "nsaids=no,new_allergies=yes:Latex").'
            )
        if qid in answers:
            raise UsageError(f"{qid[:40]!r} is answered twice; give each question once.")
        answers[qid] = answer.strip().lower()
        if what.strip():
            if answers[qid] != "yes":
                raise UsageError(
                    f"{part[:40]!r}: only a yes says what (ID=yes:WHAT); a no takes nothing."
                )
            details[qid] = what.strip()
    return answers, details


def _screening(run: Callable[[], Appointment]) -> Appointment:
    """Run a change into arrived; a missing screening is refused with the --answers form."""
    try:
        return run()
    except ScreeningNeeded as err:
        form = answers_form(err.questions)
        raise UsageError(
            f'{str(err).rstrip(".")}: give them as --answers "{form}" '
            "(yes:WHAT for a new allergy or condition)."
        ) from None


def _start(desk: Desk, text: str) -> arrow.Arrow:
    """A typed day and time (any date form, then HH:MM or H:MM am/pm), clinic-local."""
    return parse_start(text, desk.today(), desk.tz)


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
        _start(desk, args.start),
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
    from console.services.series import window_warning  # series rules: booking commands only

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
    """``frontdesk reschedule ID --start``; prints who on the waitlist the old time suits."""
    before = desk.appointment(args.id)
    appt = desk.reschedule(
        args.id,
        _start(desk, args.start),
        provider=args.provider,
        room=args.room,
        outside_hours=args.outside_hours,
    )
    show_with_offers(desk, args, appt, before)
    _warn_outside_window(desk, appt)


def _an_id(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("id")


def cancel(desk: Desk, args: argparse.Namespace) -> None:
    """``frontdesk cancel ID``; prints who on the waitlist the freed time suits."""
    cancelled = desk.cancel(args.id)
    show_with_offers(desk, args, cancelled, cancelled)


def _checkin_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("id")
    parser.add_argument("--answers", help=_ANSWERS_HELP)


def checkin(desk: Desk, args: argparse.Namespace) -> None:
    """``frontdesk checkin ID [--answers ...]``."""
    answers, details = parse_answers(args.answers)
    _show(
        desk,
        args,
        _screening(lambda: desk.checkin(args.id, answers=answers, details=details)),
    )


def _status_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("id")
    parser.add_argument("status", help="booked, confirmed, arrived, in_treatment, completed, ...")
    parser.add_argument("--answers", help=_ANSWERS_HELP + "; for arrived")


def status(desk: Desk, args: argparse.Namespace) -> None:
    """``frontdesk status ID STATUS [--answers ...]``; a cancel or no-show prints the
    waitlisted patients the freed time suits."""
    answers, details = parse_answers(args.answers)
    changed = _screening(
        lambda: desk.set_status(args.id, args.status, answers=answers, details=details),
    )
    if changed.status in FREES_TIME:
        show_with_offers(desk, args, changed, changed)
    else:
        _show(desk, args, changed)


def _walkin_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("patient", nargs="?", metavar="PATIENT", help="the patient's id")
    parser.add_argument("--patient", dest="patient_option", metavar="ID", help=argparse.SUPPRESS)
    parser.add_argument("--type", required=True)
    parser.add_argument("--provider")
    parser.add_argument(
        "--options",
        action="store_true",
        help="print the time a walk-in would get and the next alternatives; register nothing",
    )
    parser.add_argument("--at", metavar="TIME", help="take this start time today (e.g. 2:30pm)")
    parser.add_argument("--notes")
    parser.add_argument("--answers", help=_ANSWERS_HELP)


def walkin(desk: Desk, args: argparse.Namespace) -> None:
    """``frontdesk walkin PATIENT --type T [--options | --at TIME] [--answers ...]``."""
    if args.patient and args.patient_option and args.patient != args.patient_option:
        raise UsageError("Give the patient once (PATIENT or --patient).")
    pid = args.patient or args.patient_option
    if not pid:
        raise UsageError("Say which patient: `frontdesk walkin PATIENT --type TYPE`.")
    if args.options:
        if args.at or args.answers:
            raise UsageError("--options registers nothing; leave out --at and --answers.")
        options = desk.walkin_options(pid, args.type, provider=args.provider)
        data = [
            {"start": o.start.isoformat(), "provider": o.provider, "room": o.room} for o in options
        ]
        lines = [f"now: {options[0].start:h:mm A}  {options[0].provider} · {options[0].room}"]
        lines += [f"or:  {o.start:h:mm A}  {o.provider} · {o.room}" for o in options[1:]]
        emit(args, data, lines)
        return
    start = None
    if args.at:
        when = parse_clock(args.at, field="at")
        start = local(desk.today(), when, desk.tz)
        now = desk.now().floor("minute")
        if start < now:
            # The desk would quietly move it to now; a time typed here is meant as given.
            raise UsageError(
                f"{start:h:mm A} has passed (it is {now:h:mm A}); leave out --at for now, "
                "or give a later time (see --options)."
            )
    answers, details = parse_answers(args.answers)
    appt = _screening(
        lambda: desk.walkin(
            pid,
            args.type,
            provider=args.provider,
            notes=args.notes,
            start=start,
            answers=answers,
            details=details,
        ),
    )
    _show(desk, args, appt)


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
    from console.services.series import book_series, plan_series_for

    first, sessions = plan_series_for(
        desk, args.patient, _start(desk, args.first), args.type, include_sundays=args.sundays
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
    from console.services import calls

    _show(desk, args, calls.record_call(desk, args.id, args.outcome, args.note))


COMMANDS = (
    Command("book", "book an appointment", _book_options, on_desk(book)),
    Command("reschedule", "move an appointment", _reschedule_options, on_desk(reschedule)),
    Command("cancel", "cancel an appointment", _an_id, on_desk(cancel)),
    Command(
        "checkin",
        "mark a patient arrived (with the pre-treatment answers)",
        _checkin_options,
        on_desk(checkin),
    ),
    Command("status", "change an appointment's status", _status_options, on_desk(status)),
    Command(
        "walkin",
        "register a walk-in (see --options first) for the next free slot today",
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
