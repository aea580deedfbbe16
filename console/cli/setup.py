"""The clinic's setup from the command line: ``setup``, ``provider``, ``timeoff``, ``closure``,
``type``, ``room``, ``shift`` (and ``hours set|sunday-window|holiday-rule``, in ``day.py``).

Usage::

    frontdesk setup show [--json]
    frontdesk provider add NAME --hours "mon-fri 09:00-18:00" [--break "12:30-13:00"] [--types a,b]
    frontdesk provider update NAME [--hours ...] [--break ...] [--types ...] [--rename NEW]
    frontdesk provider remove NAME
    frontdesk timeoff add NAME --from "YYYY-MM-DD HH:MM" --to "..." [--reason ...]
    frontdesk timeoff list [--all]
    frontdesk timeoff remove ID
    frontdesk closure add DATE --reason ...      frontdesk closure remove DATE
    frontdesk type update KEY [--minutes N] [--buffer N] [--room R|none]
    frontdesk room add|remove|in NAME           frontdesk room out NAME [--note ...]
    frontdesk shift add NAME --date D --hours HH:MM-HH:MM    frontdesk shift remove NAME --date D

Every change is the desk's (:mod:`console.desk.setup`): a manager's, validated with one
sentence per mistake, audited. Time off and closures print the visits they strand with
the command that moves each.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from types import EllipsisType
from typing import Any

from console.cli.command import Command, on_desk
from console.cli.first import move_line, suggested_moves
from console.cli.output import emit
from console.cli.render import appointment_json, column
from console.cli.usage import Parser, UsageError, common_options, whole_number
from console.clinic.config import ClinicConfig, TimeOff
from console.clinic.dates import parse_day
from console.clinic.hours import clock_label
from console.clinic.models import Appointment
from console.clinic.roster import DAY_NAMES, provider_to_dict
from console.clinic.setup_text import format_breaks, format_span, format_week_hours
from console.desk import Desk
from console.desk.setup import KEEP

Adder = Callable[[argparse.ArgumentParser], None]


def _actions(
    parser: argparse.ArgumentParser, dest: str, specs: dict[str, tuple[str, Adder]]
) -> None:
    """Sub-actions (``add``, ``remove``...) each with its help line and options."""
    common = common_options()
    actions = parser.add_subparsers(dest=dest, metavar="ACTION", parser_class=Parser)
    for name, (text, add) in specs.items():
        add(actions.add_parser(name, help=text, description=text, parents=[common]))


def _name(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("name")


def _nothing(parser: argparse.ArgumentParser) -> None:
    """An action with no options of its own."""


def _need(action: str | None, say: str) -> str:
    if action is None:
        raise UsageError(f"Say {say}.")
    return action


# -- setup show --------------------------------------------------------------------------


def _setup_options(parser: argparse.ArgumentParser) -> None:
    _actions(parser, "setup_command", {"show": ("the whole setup", _nothing)})


def setup(desk: Desk, args: argparse.Namespace) -> None:
    """``frontdesk setup show [--json]``."""
    _need(args.setup_command, "`setup show` (see `frontdesk setup --help`)")
    emit(args, desk.setup_document(), setup_lines(desk))


def setup_lines(desk: Desk) -> list[str]:
    """The setup as text: hours, providers, rooms, types, closures, time off, shifts."""
    config = desk.config
    lines = [f"{config.name} ({config.timezone})", f"Office hours: {office_hours(config)}"]
    lines.append(f"Holidays: {', '.join(config.holiday_names) or 'none'} ({config.holiday_rule})")
    lines.append("Providers:")
    for person in config.staff.values():
        gives = ", ".join(person.types) if person.types else "every type"
        lines.append(f"  {column(person.name, 18)} {format_week_hours(person.hours)}")
        lines.append(f"  {'':18} breaks: {format_breaks(person.breaks)}; gives: {gives}")
    lines.append("Rooms:")
    for room in config.room_list:
        state = "in service" if room.in_service else "OUT OF SERVICE"
        note = f": {room.note}" if room.note else ""
        lines.append(f"  {column(room.name, 18)} {state}{note}")
    lines.append("Appointment types:")
    for kind in config.appointment_types.values():
        lines.append(
            f"  {column(kind.key, 14)} {column(kind.label, 20)} {kind.minutes} min, "
            f"buffer {kind.buffer} min, {kind.room or 'any room'}"
        )
    today = desk.today()
    coming = [(day, why) for day, why in sorted(config.closures.items()) if day >= today]
    lines.append("Closures:" if coming else "Closures: none to come")
    lines += [f"  {day:%a %d %b %Y}  {why}" for day, why in coming]
    off = desk.time_off_list()
    lines.append("Time off:" if off else "Time off: none to come")
    lines += [f"  {time_off_line(desk, item)}" for item in off]
    shifts = [s for s in config.shifts if s.date >= today]
    lines.append("Shifts:" if shifts else "Shifts: none to come")
    lines += [
        f"  {column(s.provider, 18)} {s.date:%a %d %b %Y} {format_span((s.start, s.end))}"
        for s in shifts
    ]
    return lines


def office_hours(config: ClinicConfig) -> str:
    """``Mon–Fri 9:00 AM–6:00 PM, Sat ...; Sunday by appointment 10:00 AM–4:00 PM``."""
    week = {
        day: (rule.opens, rule.closes)
        if rule.kind == "open" and rule.opens and rule.closes
        else None
        for day, rule in config.weekdays.items()
    }
    text = format_week_hours(week)
    sunday = config.weekdays[6]
    if sunday.kind == "by_appointment":
        text += f"; {DAY_NAMES[6]} by appointment {clock_label(sunday.opens)}–"
        text += clock_label(sunday.closes)
    return text


def time_off_line(desk: Desk, item: TimeOff) -> str:
    """``T-4K2Q9X  Provider B  Thu 10 Dec 9:00 AM – Fri 11 Dec 6:00 PM  Conference``."""
    start, end = item.start.astimezone(desk.tz), item.end.astimezone(desk.tz)
    when = (
        f"{start:%a %d %b} {clock_label(start.time())} – {end:%a %d %b} {clock_label(end.time())}"
    )
    return f"{item.id}  {column(item.provider, 16)} {when}  {item.reason}".rstrip()


def time_off_json(desk: Desk, item: TimeOff) -> dict[str, Any]:
    """One time off as JSON (clinic-local wall times and ISO instants)."""
    return {
        "id": item.id,
        "provider": item.provider,
        "from": item.start.astimezone(desk.tz).isoformat(),
        "to": item.end.astimezone(desk.tz).isoformat(),
        "reason": item.reason,
    }


def stranded_lines(desk: Desk, visits: list[Appointment], where: str) -> list[str]:
    """The visits a change strands (booked ``where``), each with a command that moves it."""
    if not visits:
        return [f"No visit is booked {where}."]
    count = f"{len(visits)} visit{'s are' if len(visits) != 1 else ' is'}"
    lines = [f"{count} booked {where}; move each one (the first free time is suggested):"]
    moves = suggested_moves(desk, visits)
    for appt in visits:
        visit = desk.visit(appt.id)
        lines.append(
            f"  {appt.id}  {visit.start:ddd D MMM h:mm A}  {column(visit.patient.name, 24)} "
            f"{visit.type_label} with {appt.provider}"
        )
        slot = moves.get(appt.id)
        if slot is None:
            lines.append(f"    frontdesk first --type {appt.type}   (no free time found yet)")
        else:
            lines.append(f"    {move_line(desk, appt, slot)}")
    return lines


def stranded_json(desk: Desk, visits: list[Appointment]) -> list[dict[str, Any]]:
    """The stranded visits as JSON, each with the suggested move command (or None)."""
    moves = suggested_moves(desk, visits)
    return [
        {
            **appointment_json(desk, appt),
            "move": move_line(desk, appt, moves[appt.id]) if appt.id in moves else None,
        }
        for appt in visits
    ]


# -- providers ---------------------------------------------------------------------------


def _provider_options(parser: argparse.ArgumentParser) -> None:
    def hours(required: bool) -> Adder:
        def add(p: argparse.ArgumentParser) -> None:
            p.add_argument("name")
            p.add_argument(
                "--hours", required=required, help='weekly hours: "mon-fri 09:00-18:00; sat 9-2pm"'
            )
            p.add_argument("--break", dest="breaks", help='"12:30-13:00" or "mon-fri 12:30-13:00"')
            p.add_argument("--types", help="the types they give, a,b (default: every type)")
            if not required:
                p.add_argument("--rename", metavar="NEW", help="a new name")

        return add

    _actions(
        parser,
        "provider_command",
        {
            "add": ("add a provider with their weekly hours", hours(True)),
            "update": ("change a provider's hours, breaks, types or name", hours(False)),
            "remove": ("remove a provider (none of their visits may be to come)", _name),
        },
    )


def provider(desk: Desk, args: argparse.Namespace) -> None:
    """``frontdesk provider add|update|remove NAME``."""
    action = _need(args.provider_command, "`provider add|update|remove NAME`")
    if action == "remove":
        gone = desk.remove_provider(args.name)
        emit(args, {"removed": gone.name}, f"{gone.name} is no longer a provider")
        return
    if action == "add":
        person = desk.add_provider(args.name, args.hours, args.breaks, args.types)
        verb = "added"
    else:
        person = desk.update_provider(
            args.name, hours=args.hours, breaks=args.breaks, types=args.types, rename=args.rename
        )
        verb = "updated"
    data = provider_to_dict(person)
    gives = ", ".join(person.types) if person.types else "every type"
    emit(
        args,
        data,
        [
            f"{person.name} {verb}: {format_week_hours(person.hours)}",
            f"breaks: {format_breaks(person.breaks)}; gives: {gives}",
        ],
    )


# -- time off ----------------------------------------------------------------------------


def _timeoff_options(parser: argparse.ArgumentParser) -> None:
    def add(p: argparse.ArgumentParser) -> None:
        p.add_argument("name", help="the provider")
        p.add_argument("--from", dest="start", required=True, metavar="'YYYY-MM-DD HH:MM'")
        p.add_argument("--to", dest="end", required=True, metavar="'YYYY-MM-DD HH:MM'")
        p.add_argument("--reason", default="")

    def listing(p: argparse.ArgumentParser) -> None:
        p.add_argument("--all", action="store_true", help="past time off too")

    def remove(p: argparse.ArgumentParser) -> None:
        p.add_argument("id", help="its id (T-…), from `timeoff list`")

    _actions(
        parser,
        "timeoff_command",
        {
            "add": ("enter time off for a provider (lists the visits it strands)", add),
            "list": ("time off still to come", listing),
            "remove": ("remove one time off", remove),
        },
    )


def timeoff(desk: Desk, args: argparse.Namespace) -> None:
    """``frontdesk timeoff add|list|remove``."""
    action = _need(
        args.timeoff_command, "`timeoff add NAME`, `timeoff list` or `timeoff remove ID`"
    )
    if action == "add":
        item, stranded = desk.add_time_off(args.name, args.start, args.end, args.reason)
        data = {
            "time_off": time_off_json(desk, item),
            "stranded": stranded_json(desk, stranded),
        }
        lines = [f"Time off {time_off_line(desk, item)}"]
        emit(args, data, lines + stranded_lines(desk, stranded, f"with {item.provider} then"))
    elif action == "list":
        items = desk.time_off_list(past=args.all)
        emit(
            args,
            [time_off_json(desk, i) for i in items],
            [time_off_line(desk, i) for i in items] or ["no time off to come"],
        )
    else:
        item = desk.remove_time_off(args.id)
        emit(args, {"removed": time_off_json(desk, item)}, f"Removed: {time_off_line(desk, item)}")


# -- closures, types, rooms, shifts --------------------------------------------------------


def _closure_options(parser: argparse.ArgumentParser) -> None:
    def add(p: argparse.ArgumentParser) -> None:
        p.add_argument("date")
        p.add_argument("--reason", required=True)

    def remove(p: argparse.ArgumentParser) -> None:
        p.add_argument("date")

    _actions(
        parser,
        "closure_command",
        {
            "add": ("close the clinic on a date (lists the visits booked then)", add),
            "remove": ("open again on a date closed by a closure", remove),
        },
    )


def closure(desk: Desk, args: argparse.Namespace) -> None:
    """``frontdesk closure add DATE --reason`` / ``closure remove DATE``."""
    action = _need(args.closure_command, "`closure add DATE --reason ...` or `closure remove DATE`")
    date = parse_day(args.date, desk.today())
    if action == "add":
        stranded = desk.add_closure(args.date, args.reason)
        reason = desk.config.closures[date]
        data = {
            "date": date.isoformat(),
            "reason": reason,
            "stranded": stranded_json(desk, stranded),
        }
        lines = [f"Closed on {date:%a %d %b %Y}: {reason}"]
        emit(args, data, lines + stranded_lines(desk, stranded, "that day"))
    else:
        desk.remove_closure(args.date)
        info = desk.day_info(date)
        text = f"{date:%a %d %b %Y}: {info.describe()}"
        emit(args, {"date": date.isoformat(), "kind": info.kind}, text)


def _type_options(parser: argparse.ArgumentParser) -> None:
    def update(p: argparse.ArgumentParser) -> None:
        p.add_argument("key", help="the type's key (consultation, sculptra, ...)")
        p.add_argument("--minutes", type=whole_number(1, 8 * 60), help="how long a visit lasts")
        p.add_argument("--buffer", type=whole_number(0, 4 * 60), help="minutes kept free after")
        p.add_argument("--room", help="the room it needs, or none for any room")

    _actions(parser, "type_command", {"update": ("change an appointment type", update)})


def appointment_type(desk: Desk, args: argparse.Namespace) -> None:
    """``frontdesk type update KEY [--minutes N] [--buffer N] [--room R|none]``."""
    _need(args.type_command, "`type update KEY --minutes N --buffer N`")
    room: str | EllipsisType | None = KEEP
    if args.room is not None:
        room = None if args.room.strip().lower() in ("none", "any", "") else args.room
    desk.update_type(args.key, minutes=args.minutes, buffer=args.buffer, room=room)
    key = args.key.strip().lower()
    kind = desk.config.appointment_type(key)
    data = desk.setup_document()["appointment_types"][key]
    emit(
        args,
        {"key": key, **data},
        f"{kind.label}: {kind.minutes} min, buffer {kind.buffer} min, {kind.room or 'any room'}",
    )


def _room_options(parser: argparse.ArgumentParser) -> None:
    def out(p: argparse.ArgumentParser) -> None:
        p.add_argument("name")
        p.add_argument("--note", default="", help="why it is out of service")

    _actions(
        parser,
        "room_command",
        {
            "add": ("add a room", _name),
            "remove": ("remove a room", _name),
            "out": ("take a room out of service", out),
            "in": ("put a room back in service", _name),
        },
    )


def room(desk: Desk, args: argparse.Namespace) -> None:
    """``frontdesk room add|remove|out|in NAME``."""
    action = _need(args.room_command, "`room add|remove|out|in NAME`")
    stranded: list[Appointment] = []
    if action == "add":
        desk.add_room(args.name)
    elif action == "remove":
        desk.remove_room(args.name)
    else:
        stranded = desk.set_room(
            args.name, in_service=action == "in", note=getattr(args, "note", "")
        )
    rooms = desk.config.room_list
    lines = [f"{r.name}: {'in service' if r.in_service else 'out of service'}" for r in rooms]
    if action == "out":
        lines += stranded_lines(desk, stranded, f"in {desk.room_named(desk.config, args.name)}")
    data = {
        "rooms": desk.setup_document()["rooms"],
        "stranded": stranded_json(desk, stranded),
    }
    emit(args, data, lines)


def _shift_options(parser: argparse.ArgumentParser) -> None:
    def add(p: argparse.ArgumentParser) -> None:
        p.add_argument("name", help="the provider")
        p.add_argument("--date", required=True)
        p.add_argument("--hours", required=True, metavar="HH:MM-HH:MM")

    def remove(p: argparse.ArgumentParser) -> None:
        p.add_argument("name", help="the provider")
        p.add_argument("--date", required=True)

    _actions(
        parser,
        "shift_command",
        {
            "add": ("extra hours for a provider on one date (a Sunday)", add),
            "remove": ("remove a provider's shift on a date", remove),
        },
    )


def shift(desk: Desk, args: argparse.Namespace) -> None:
    """``frontdesk shift add NAME --date D --hours SPAN`` / ``shift remove NAME --date D``."""
    action = _need(args.shift_command, "`shift add NAME --date D --hours HH:MM-HH:MM`")
    if action == "add":
        desk.add_shift(args.name, args.date, args.hours)
    else:
        desk.remove_shift(args.name, args.date)
    today = desk.today()
    shifts = [s for s in desk.config.shifts if s.date >= today]
    data = desk.setup_document()["shifts"]
    lines = [
        f"{s.provider}  {s.date:%a %d %b %Y} {format_span((s.start, s.end))}" for s in shifts
    ] or ["no shifts to come"]
    emit(args, data, lines)


# -- hours set|sunday-window|holiday-rule (the ``hours`` command itself is in day.py) ----


def change_hours(desk: Desk, args: argparse.Namespace, words: list[str]) -> None:
    """``hours set SPEC``, ``hours sunday-window SPAN|closed``, ``hours holiday-rule RULE``."""
    action, spec = words[0], " ".join(words[1:])
    if not spec.strip():
        raise UsageError(f"Say what to set: `frontdesk hours {action} ...` (see --help).")
    if action == "set":
        desk.set_office_hours(spec)
    elif action == "sunday-window":
        desk.set_sunday_window(spec)
    else:
        desk.set_holiday_rule(spec)
    config = desk.config
    doc = desk.setup_document()
    emit(
        args,
        {"hours": doc["hours"], "holiday_rule": config.holiday_rule},
        [f"Office hours: {office_hours(config)}", f"Holiday rule: {config.holiday_rule}"],
    )


COMMANDS = (
    Command(
        "setup",
        "the clinic's setup: show (providers, hours, rooms, types...)",
        _setup_options,
        on_desk(setup),
    ),
    Command(
        "provider",
        "providers: add, update, remove (weekly hours, breaks, types)",
        _provider_options,
        on_desk(provider),
    ),
    Command(
        "timeoff", "providers' time off: add, list, remove", _timeoff_options, on_desk(timeoff)
    ),
    Command(
        "closure", "days the clinic is closed: add, remove", _closure_options, on_desk(closure)
    ),
    Command(
        "type",
        "appointment types: update (minutes, buffer, room)",
        _type_options,
        on_desk(appointment_type),
    ),
    Command("room", "rooms: add, remove, out (of service), in", _room_options, on_desk(room)),
    Command(
        "shift", "a provider's extra hours on one date: add, remove", _shift_options, on_desk(shift)
    ),
)
