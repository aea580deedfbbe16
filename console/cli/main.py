"""Entry point: dispatches sub-commands and turns user errors into one sentence."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

import orjson

from console import locations
from console.cli import audit_cmds, backup_cmds, render
from console.cli.files import write_private
from console.cli.parser import UsageError, build_parser, fail
from console.clinic.errors import NotFound
from console.clinic.localtime import parse_date
from console.desk import USER_ERRORS, Administration, Desk, open_desk
from console.services import calls, day_close, visit_care
from console.services.exports import export_schedule
from console.services.series import book_series, plan_series_for
from console.store.errors import StoreError

Handler = Callable[[Desk, argparse.Namespace], object]


def _emit(args: argparse.Namespace, data: object, lines: list[str] | str) -> None:
    if getattr(args, "json", False):
        sys.stdout.write(orjson.dumps(data, option=orjson.OPT_INDENT_2).decode() + "\n")
    else:
        text = lines if isinstance(lines, str) else "\n".join(lines)
        print(text)


def _day(desk: Desk, text: str | None):
    return parse_date(text) if text else desk.today()


def cmd_hours(desk: Desk, args: argparse.Namespace) -> None:
    """``frontdesk hours [DATE]``."""
    info = desk.day_info(_day(desk, args.date))
    _emit(args, render.day_info_json(info), render.day_info_text(info))


def cmd_day(desk: Desk, args: argparse.Namespace) -> None:
    """``frontdesk day [DATE]``."""
    schedule = desk.schedule(_day(desk, args.date))
    _emit(args, render.schedule_json(desk, schedule), render.schedule_lines(schedule))


def cmd_patient(desk: Desk, args: argparse.Namespace) -> None:
    """``frontdesk patient add|show``."""
    if args.patient_command == "add":
        patient = desk.add_patient(
            args.first,
            args.last,
            args.phone,
            dob=args.dob,
            email=args.email,
            conditions=args.conditions,
            allergies=args.allergies,
            notes=args.notes,
        )
        _emit(args, render.patient_json(patient), patient.id)
    elif args.patient_command == "update":
        fields = ("first", "last", "phone", "dob", "email", "conditions", "allergies", "notes")
        patient = desk.update_patient(args.id, **{f: getattr(args, f) for f in fields})
        _emit(args, render.patient_json(patient), f"{patient.id}  {patient.name}  updated")
    elif args.patient_command == "show":
        patient = desk.patient(args.id)
        visits = desk.history(patient.id)
        data = {
            **render.patient_json(patient),
            "appointments": [render.appointment_json(desk, a) for a in visits],
        }
        lines = [
            f"{patient.id}  {patient.name}  {patient.phone_display}",
            f"  born {patient.dob or '—'}  email {patient.email or '—'}",
            f"  conditions: {patient.conditions or '—'}",
            f"  allergies: {patient.allergies or '—'}",
        ] + ["  " + render.appointment_text(desk, a) for a in visits]
        _emit(args, data, lines)
    else:
        raise UsageError("Say `patient add` or `patient show ID` (see `frontdesk patient --help`).")


def cmd_find(desk: Desk, args: argparse.Namespace) -> None:
    """``frontdesk find QUERY``."""
    matches = desk.find(" ".join(args.query), args.limit)
    lines = [render.match_line(desk, m) for m in matches] or ["no patient matches"]
    _emit(args, [render.match_json(desk, m) for m in matches], lines)


def _appointment_out(desk: Desk, args: argparse.Namespace, appt) -> None:
    _emit(args, render.appointment_json(desk, appt), render.appointment_text(desk, appt))


def cmd_book(desk: Desk, args: argparse.Namespace) -> None:
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
    _appointment_out(desk, args, appt)


def cmd_reschedule(desk: Desk, args: argparse.Namespace) -> None:
    """``frontdesk reschedule ID --start``."""
    appt = desk.reschedule(
        args.id,
        args.start,
        provider=args.provider,
        room=args.room,
        outside_hours=args.outside_hours,
    )
    _appointment_out(desk, args, appt)


def cmd_cancel(desk: Desk, args: argparse.Namespace) -> None:
    """``frontdesk cancel ID``."""
    _appointment_out(desk, args, desk.cancel(args.id))


def cmd_checkin(desk: Desk, args: argparse.Namespace) -> None:
    """``frontdesk checkin ID``."""
    _appointment_out(desk, args, desk.checkin(args.id))


def cmd_status(desk: Desk, args: argparse.Namespace) -> None:
    """``frontdesk status ID STATUS``."""
    _appointment_out(desk, args, desk.set_status(args.id, args.status))


def cmd_walkin(desk: Desk, args: argparse.Namespace) -> None:
    """``frontdesk walkin --patient --type``."""
    _appointment_out(desk, args, desk.walkin(args.patient, args.type, provider=args.provider))


def cmd_slots(desk: Desk, args: argparse.Namespace) -> None:
    """``frontdesk slots DATE --type``."""
    slots = desk.free_slots(parse_date(args.date), args.type)
    data = [{"start": s.start.isoformat(), "provider": s.provider, "room": s.room} for s in slots]
    lines = [f"{s.start:h:mm A}  {s.provider} · {s.room}" for s in slots] or ["no free slots"]
    _emit(args, data, lines)


def cmd_plan(desk: Desk, args: argparse.Namespace) -> None:
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
    _emit(args, data, lines)


def cmd_export(desk: Desk, args: argparse.Namespace) -> None:
    """``frontdesk export --date D [--to D2] --format csv|ics``."""
    first = parse_date(args.date)
    last = parse_date(args.to) if args.to else first
    text = export_schedule(desk, first, last, args.format)
    if args.output:
        write_private(Path(args.output), text)
        print(args.output)
    else:
        sys.stdout.write(text)


def cmd_treatment(desk: Desk, args: argparse.Namespace) -> None:
    """``frontdesk treatment [NAME] [--section S] [--search Q]``."""
    from console.clinic.treatments import search_sections

    treatment = desk.treatment(args.name)
    if args.search:
        hits = search_sections(treatment, args.search)
        if not hits:
            raise NotFound(f"Nothing in the {treatment.name} information answers {args.search!r}.")
        section = hits[0].section
    elif args.section:
        section = treatment.section(args.section)
    else:
        section = None
    if section is None:
        data = {
            "key": treatment.key,
            "name": treatment.name,
            "summary": treatment.summary,
            "sections": [
                {"id": s.id, "title": s.title, "body": s.body} for s in treatment.sections
            ],
        }
        _emit(args, data, treatment.markdown())
    else:
        data = {
            "treatment": treatment.key,
            "id": section.id,
            "title": section.title,
            "body": section.body,
        }
        _emit(args, data, treatment.markdown(section.id))


def cmd_check(desk: Desk, args: argparse.Namespace) -> None:
    """``frontdesk check``: exit 2 with one sentence when a file is damaged."""
    admin = Administration(desk)
    problems = admin.check()
    files = admin.file_count()
    audit_problems = admin.verify_audit()
    backups, bad_backups = admin.backups(), admin.check_backups()
    data = {
        "files": files,
        "problems": [{"file": f, "problem": p} for f, p in problems],
        "audit_problems": audit_problems,
        "backups": len(backups),
        "backup_problems": [{"backup": b, "problem": p} for b, p in bad_backups],
    }
    lines = [f"{f}: {p}" for f, p in problems] or [f"all {files} store files read correctly"]
    lines += [f"audit: {p}" for p in audit_problems] or ["audit chain intact"]
    lines += [f"backup {b}: {p}" for b, p in bad_backups] or [_backups_fine(len(backups))]
    _emit(args, data, lines)
    if problems:
        raise StoreError(
            f"{len(problems)} of {files} store files are damaged; they were left untouched "
            "for you to restore from a backup."
        )
    if audit_problems:
        raise StoreError(audit_cmds.failure_sentence(audit_problems))
    if bad_backups:
        raise StoreError(
            f"{len(bad_backups)} of {len(backups)} backups cannot be restored "
            f"({', '.join(b for b, _ in bad_backups)}); take a fresh one with `frontdesk backup`."
        )


def _backups_fine(count: int) -> str:
    if count == 0:
        return "no backups yet"
    return "the backup can be restored" if count == 1 else f"all {count} backups can be restored"


def cmd_calls(desk: Desk, args: argparse.Namespace) -> None:
    """``frontdesk calls [DATE]``."""
    info, items = calls.call_list(desk, parse_date(args.date) if args.date else None)
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
            }
            for i in items
        ],
    }
    lines = [render.day_info_text(info)]
    for i in items:
        v = i.visit
        outcome = f"  [{calls.OUTCOMES[i.last_outcome]}]" if i.last_outcome else ""
        lines.append(
            f"  {v.start:h:mm A}  {v.appointment.id}  {v.patient.name}  "
            f"{v.patient.phone_display}  {v.type_label}{outcome}"
        )
        lines.extend(f"      - {line}" for line in i.script)
    if not items:
        lines.append("  nobody to call")
    _emit(args, data, lines)


def cmd_call(desk: Desk, args: argparse.Namespace) -> None:
    """``frontdesk call ID OUTCOME``."""
    _appointment_out(desk, args, calls.record_call(desk, args.id, args.outcome, args.note))


def cmd_close(desk: Desk, args: argparse.Namespace) -> None:
    """``frontdesk close [DATE]``."""
    report = day_close.day_close(desk, parse_date(args.date) if args.date else None)

    def row(v) -> dict:
        return {
            "appointment": v.appointment.id,
            "patient": v.patient.name,
            "start": v.start.isoformat(),
            "status": v.appointment.status,
        }

    data = {
        "date": report.day.isoformat(),
        "clear": report.clear,
        "no_outcome": [row(v) for v in report.no_outcome],
        "flagged_answers": [
            {**row(v), "questions": [q.id for q in qs]} for v, qs in report.flagged
        ],
        "aftercare_not_given": [row(v) for v in report.aftercare_missing],
        "series_without_next_booking": [
            {"patient_id": pid, "patient": name, "progress": p.describe()}
            for pid, name, p in report.series_due
        ],
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
    for pid, name, p in report.series_due:
        lines.append(f"  series with no next booking: {pid} {name} · {p.describe()}")
    _emit(args, data, lines)


def cmd_aftercare(desk: Desk, args: argparse.Namespace) -> None:
    """``frontdesk aftercare ID [--format text|html] [--output FILE] [--given HOW]``."""
    sheet = visit_care.aftercare_sheet(desk, args.id, args.format)
    # Deliver first, then record: nothing is marked given if the file cannot be written.
    if args.output:
        write_private(Path(args.output), sheet)
        print(args.output)
    else:
        sys.stdout.write(sheet)
    if args.given:
        visit_care.record_aftercare(desk, args.id, args.given)


def cmd_seed(desk: Desk, args: argparse.Namespace) -> None:
    """``frontdesk seed --years N``."""
    from console.tools.seeding import seed_store

    counts = seed_store(desk, years=args.years, seed=args.seed, progress=not args.json)
    _emit(
        args,
        counts,
        f"seeded {counts['patients']} patients and {counts['appointments']} appointments",
    )


def cmd_bench(desk: Desk, args: argparse.Namespace) -> None:
    """``frontdesk bench``."""
    from console.tools.bench import run_bench

    report = run_bench(years=args.years, rounds=args.rounds, memory=args.memory, json=args.json)
    _emit(args, report.as_json(), report.lines())


COMMANDS: dict[str, Handler] = {
    "hours": cmd_hours,
    "day": cmd_day,
    "patient": cmd_patient,
    "find": cmd_find,
    "book": cmd_book,
    "reschedule": cmd_reschedule,
    "cancel": cmd_cancel,
    "checkin": cmd_checkin,
    "status": cmd_status,
    "walkin": cmd_walkin,
    "slots": cmd_slots,
    "plan": cmd_plan,
    "export": cmd_export,
    "treatment": cmd_treatment,
    "check": cmd_check,
    "calls": cmd_calls,
    "call": cmd_call,
    "close": cmd_close,
    "aftercare": cmd_aftercare,
    "seed": cmd_seed,
    "bench": cmd_bench,
}
COMMANDS.update(backup_cmds.COMMANDS)
COMMANDS.update(audit_cmds.COMMANDS)


def _daily_backup(folder: Path) -> None:
    """The day's automatic backup at console start; a failure warns but never blocks."""
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

    start_day = parse_date(args.date) if args.date else None
    if args.demo:
        folder = locations.demo_data_dir(getattr(args, "data_dir", None))
        prepare_demo(folder)
    else:
        folder = locations.data_dir(getattr(args, "data_dir", None))
        _daily_backup(folder)
    initials = getattr(args, "initials", False)
    from console.ui.session import run_session

    # One audited session (start, end and why); a hang-up ends it cleanly.
    desk = open_desk(folder)
    try:
        app = FrontDeskApp(desk=desk, start_day=start_day, initials_only=initials)
        return run_session(app, desk)
    finally:
        desk.close()


def main(argv: list[str] | None = None) -> int:
    """Run ``frontdesk``; user mistakes print one sentence on stderr and return 2."""
    try:
        args = build_parser().parse_args(argv)
        # --json and --data-dir may come before or after the command (SUPPRESS defaults).
        args.json = getattr(args, "json", False)
        args.data_dir = getattr(args, "data_dir", None)
        if args.command is None:
            return open_console(args)
        if args.command == "serve":
            from console.cli import serve

            return serve.run(args)
        if args.command == "bench":
            cmd_bench(None, args)  # type: ignore[arg-type]  # bench opens its own stores
            return 0
        desk = open_desk(getattr(args, "data_dir", None))
        try:
            COMMANDS[args.command](desk, args)
        finally:
            desk.close()
    except UsageError as err:
        fail(str(err))
    except USER_ERRORS as err:
        fail(str(err))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    return 0
