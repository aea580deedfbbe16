"""What each section of the setup screen lists: one row per provider, time off, room…

Rows are ``(id, text)``; the id says what the row is (``provider:Provider A``,
``timeoff:T-1a2b3c``, ``visit:A-…`` for a visit a time off or closure strands), so the
screen's keys know what to act on. Names and reasons are the clinic's text: plain, never
markup.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text

from console.clinic.models import Appointment
from console.clinic.setup_text import format_breaks, format_week_hours
from console.desk import Desk
from console.ui import format as fmt
from console.ui.setup_forms import (
    HOLIDAY_RULES,
    office_hours_text,
    sunday_window_text,
    visit_line,
)

Row = tuple[str, Text]

#: The sections, in menu order: (key, menu label, what the keys do there).
SECTIONS = (
    ("providers", "Providers", "a adds · Enter changes hours, breaks, types · Del removes"),
    ("time_off", "Time off", "a adds · Enter on a stranded visit moves it · Del removes"),
    ("rooms", "Rooms", "a adds · Enter or o: out of / back in service · Del removes"),
    ("types", "Visit types", "Enter changes minutes, buffer after, needed room"),
    ("hours", "Hours", "Enter changes office hours, Sunday window, holiday rule"),
    ("closures", "Closures", "a adds · Enter on a stranded visit moves it · Del removes"),
)
SECTION_KEYS = tuple(key for key, _, _ in SECTIONS)


def _row(rid: str, *parts: tuple[str, str]) -> Row:
    text = Text(no_wrap=True, overflow="ellipsis", end="")
    for part, style in parts:
        text.append_text(fmt.plain(part, style))
    return rid, text


def _visit_rows(desk: Desk, visits: list[Appointment]) -> list[Row]:
    rows: list[Row] = []
    for appt in sorted(visits, key=lambda a: a.start):
        line = Text("   ⚠ move ", f"bold {fmt.YELLOW}", no_wrap=True, overflow="ellipsis", end="")
        line.append_text(visit_line(desk, appt, with_provider=False))
        rows.append((f"visit:{appt.id}", line))
    return rows


def provider_rows(desk: Desk) -> list[Row]:
    """Each provider, their week, breaks and the types they give."""
    rows: list[Row] = []
    for name, provider in desk.config.staff.items():
        gives = ", ".join(provider.types) if provider.types else "every type"
        rid, text = _row(
            f"provider:{name}", (name, "bold"), (f"  {format_week_hours(provider.hours)}", "")
        )
        text.append("\n")
        text.append_text(fmt.plain(f"  {format_breaks(provider.breaks)} · gives {gives}", "dim"))
        rows.append((rid, text))
    return rows


def time_off_rows(desk: Desk) -> list[Row]:
    """Each time off to come, with the visits it still strands under it."""
    rows: list[Row] = []
    for item in desk.time_off_list():
        start, end = item.start, item.end
        when = f"{fmt.short_day(start.date())} {fmt.clock(start.time())}–"
        if end.date() != start.date():
            when += f"{fmt.short_day(end.date())} "
        when += fmt.clock(end.time())
        rows.append(
            _row(
                f"timeoff:{item.id}",
                (item.provider, "bold"),
                (f"  {when}  ", ""),
                (item.reason, "dim"),
            )
        )
        stranded = desk.stranded(item.provider, f"{start:%Y-%m-%d %H:%M}", f"{end:%Y-%m-%d %H:%M}")
        rows += _visit_rows(desk, stranded)
    return rows


def room_rows(desk: Desk) -> list[Row]:
    """Each room, in or out of service (with the note saying why)."""
    rows: list[Row] = []
    for room in desk.config.room_list:
        if room.in_service:
            rows.append(_row(f"room:{room.name}", (room.name, "bold"), ("  in service", "")))
        else:
            rows.append(
                _row(
                    f"room:{room.name}",
                    (room.name, "bold"),
                    ("  out of service", f"bold {fmt.RED}"),
                    (f"  {room.note}" if room.note else "", "dim"),
                )
            )
    return rows


def type_rows(desk: Desk) -> list[Row]:
    """Each appointment type: minutes, buffer after, the room it needs."""
    rows: list[Row] = []
    for key, kind in desk.config.appointment_types.items():
        buffer = f" + {kind.buffer} min buffer" if kind.buffer else ""
        room = f" · needs {kind.room}" if kind.room else " · any room"
        rows.append(
            _row(f"type:{key}", (kind.label, "bold"), (f"  {kind.minutes} min{buffer}{room}", ""))
        )
    return rows


def hours_rows(desk: Desk) -> list[Row]:
    """The office hours, the Sunday window and the holiday rule."""
    config = desk.config
    rule = dict((value, shown) for shown, value in HOLIDAY_RULES).get(
        config.holiday_rule, config.holiday_rule
    )
    return [
        _row("hours:office", ("Open  ", "bold"), (office_hours_text(config), "")),
        _row("hours:sunday", ("Sunday  ", "bold"), (_sunday(sunday_window_text(config)), "")),
        _row("hours:rule", ("Holidays  ", "bold"), (rule, "")),
    ]


def _sunday(window: str) -> str:
    return "closed" if window == "closed" else f"by appointment {window}"


def closure_rows(desk: Desk) -> list[Row]:
    """Each closed day from today on, with the visits still booked that day."""
    rows: list[Row] = []
    today = desk.today()
    for day, reason in sorted(desk.config.closures.items()):
        if day < today:
            continue
        rows.append(
            _row(f"closure:{day.isoformat()}", (fmt.day_label(day), "bold"), (f"  {reason}", ""))
        )
        visits = [a for a in desk.appointments_between(day, day) if a.holds_slot]
        rows += _visit_rows(desk, visits)
    return rows


ROWS: dict[str, Callable[[Desk], list[Row]]] = {
    "providers": provider_rows,
    "time_off": time_off_rows,
    "rooms": room_rows,
    "types": type_rows,
    "hours": hours_rows,
    "closures": closure_rows,
}
