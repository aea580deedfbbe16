"""Day commands: ``hours``, ``day``, ``slots``, ``calls`` and ``close``."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import TYPE_CHECKING, Any

from console.cli import render
from console.cli.command import Command, on_desk
from console.cli.output import emit
from console.cli.usage import UsageError, warn
from console.clinic.dates import DAY_FORMS, parse_day
from console.desk import Desk, Visit

if TYPE_CHECKING:  # the workflows are loaded by `calls` and `close`, not by `day`
    from console.services import calls


def _day(desk: Desk, text: str | None) -> dt.date:
    return parse_day(text, desk.today()) if text else desk.today()


def _a_date(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("date", nargs="?", help=f"{DAY_FORMS} (default: today)")


#: ``hours WORD ...`` that changes the setup instead of showing a date (see setup.py).
HOURS_CHANGES = ("set", "sunday-window", "holiday-rule")


def _hours_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "words",
        nargs="*",
        metavar="DATE | set SPEC | sunday-window SPAN|closed | holiday-rule RULE",
        help=f"a date ({DAY_FORMS}; default today), or a manager's change: "
        '`set "mon-fri 09:00-18:00; sat 09:00-14:00"`, `sunday-window 10:00-16:00`, '
        "`holiday-rule sunday_to_monday|federal|actual`",
    )


def hours(desk: Desk, args: argparse.Namespace) -> None:
    """``frontdesk hours [DATE]``, or ``hours set|sunday-window|holiday-rule ...``."""
    from console.cli.setup import change_hours

    words = args.words
    if words and words[0] in HOURS_CHANGES:
        change_hours(desk, args, words)
        return
    if len(words) > 1:
        raise UsageError(
            "Give one date, or `hours set SPEC` to change the office hours "
            "(see `frontdesk hours --help`)."
        )
    info = desk.day_info(_day(desk, words[0] if words else None))
    emit(args, render.day_info_json(info), render.day_info_text(info))


def day(desk: Desk, args: argparse.Namespace) -> None:
    """``frontdesk day [DATE]``: the valid visits; a sentence on stderr per left-out one."""
    date = _day(desk, args.date)
    schedule = desk.schedule(date)
    emit(args, render.schedule_json(desk, schedule), render.schedule_lines(schedule))
    for doc in desk.appointments.invalid_on(date):
        warn(doc.sentence)


def _slots_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("date", help=DAY_FORMS)
    parser.add_argument("--type", required=True)


def slots(desk: Desk, args: argparse.Namespace) -> None:
    """``frontdesk slots DATE --type``."""
    free = desk.free_slots(_day(desk, args.date), args.type)
    data = [{"start": s.start.isoformat(), "provider": s.provider, "room": s.room} for s in free]
    lines = [f"{s.start:h:mm A}  {s.provider} · {s.room}" for s in free] or ["no free slots"]
    emit(args, data, lines)


def _maybe_a_date(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("date", nargs="?", help=DAY_FORMS)


def call_list(desk: Desk, args: argparse.Namespace) -> None:
    """``frontdesk calls [DATE]``: the next open day (and a Sunday before it) by default."""
    from console.services import calls

    info, items = calls.call_list(desk, _day(desk, args.date) if args.date else None)
    data = {
        **render.day_info_json(info),
        "calls": [
            {
                "appointment": i.visit.appointment.id,
                "start": i.visit.start.isoformat(),
                "patient": i.visit.patient.name,
                "phone": i.visit.patient.phone_display,
                "type": i.visit.type_label,
                "tell_them": list(i.script),
                "last_outcome": i.last_outcome,
                "alert": i.visit.patient.alert,
            }
            for i in items
        ],
        "left": len(calls.calls_left(items)),
        "call_again": [i.visit.appointment.id for i in calls.call_again(items)],
    }
    lines = []
    # A Sunday's by-appointment visits come before the open day they are called with.
    for date in sorted({i.visit.start.date() for i in items} - {info.date}):
        lines.append(render.day_info_text(desk.day_info(date)))
        lines.extend(_call_lines([i for i in items if i.visit.start.date() == date]))
    lines.append(render.day_info_text(info))
    lines.extend(_call_lines([i for i in items if i.visit.start.date() == info.date]))
    if not items:
        lines.append("  nobody to call")
    else:
        again = len(calls.call_again(items))
        lines.append(f"{len(calls.calls_left(items))} left to call · {again} to call again")
    emit(args, data, lines)


def _call_lines(items: list[calls.CallItem]) -> list[str]:
    from console.services import calls

    lines = []
    for i in items:
        v = i.visit
        outcome = f"  [{calls.OUTCOMES[i.last_outcome]}]" if i.last_outcome else ""
        lines.append(
            f"  {v.start:h:mm A}  {v.appointment.id}  {v.patient.name}  "
            f"{v.patient.phone_display}  {v.type_label}{outcome}"
        )
        if v.patient.alert:
            lines.append(f"      ! {v.patient.alert}")
        lines.extend(f"      - {line}" for line in i.script)
    return lines


def _row(v: Visit) -> dict[str, Any]:
    return {
        "appointment": v.appointment.id,
        "patient": v.patient.name,
        "start": v.start.isoformat(),
        "status": v.appointment.status,
    }


def close(desk: Desk, args: argparse.Namespace) -> None:
    """``frontdesk close [DATE]``."""
    from console.services import day_close

    report = day_close.day_close(desk, _day(desk, args.date) if args.date else None)
    data = {
        "date": report.day.isoformat(),
        "clear": report.clear,
        "no_outcome": [_row(v) for v in report.no_outcome],
        "flagged_answers": [
            {**_row(v), "questions": [q.id for q in qs]} for v, qs in report.flagged
        ],
        "aftercare_not_given": [_row(v) for v in report.aftercare_missing],
        "series_without_next_booking": [
            {
                "patient_id": d.patient_id,
                "patient": d.name,
                "progress": d.progress.describe(),
                "missed": d.missed,
            }
            for d in report.series_due
        ],
        "checked_in_without_answers": [_row(v) for v in report.unanswered],
    }
    lines = [f"Day close {report.day:%a %d %b %Y}: " + ("all clear" if report.clear else "to do")]
    for title, visits in (
        ("no outcome", report.no_outcome),
        ("aftercare not given", report.aftercare_missing),
    ):
        for v in visits:
            lines.append(f"  {title}: {v.start:h:mm A} {v.appointment.id} {v.patient.name}")
    for v, qs in report.flagged:
        names = ", ".join(q.id for q in qs)
        lines.append(f"  flagged answers: {v.appointment.id} {v.patient.name} ({names})")
    for v in report.unanswered:
        lines.append(
            f"  checked in without answers: {v.start:h:mm A} {v.appointment.id} {v.patient.name}"
        )
    for d in report.series_due:
        missed = " · missed" if d.missed else ""
        lines.append(
            f"  series with no next booking: {d.patient_id} {d.name}"
            f" · {d.progress.describe()}{missed}"
        )
    emit(args, data, lines)


COMMANDS = (
    Command(
        "hours",
        "what kind of day a date is and its office hours (a manager sets them: hours set)",
        _hours_options,
        on_desk(hours),
        quick=True,
    ),
    Command("day", "a day's hours and appointments", _a_date, on_desk(day), quick=True),
    Command(
        "slots",
        "free start times on a day for a type of visit",
        _slots_options,
        on_desk(slots),
        quick=True,
    ),
    Command(
        "calls",
        "confirmation calls for a day (default: the next open day)",
        _maybe_a_date,
        on_desk(call_list),
    ),
    Command(
        "close",
        "day close: what is unresolved on a day (default: today)",
        _maybe_a_date,
        on_desk(close),
    ),
)
