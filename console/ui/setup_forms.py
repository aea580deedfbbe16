"""The forms of the setup screen: what each one asks and which desk call saves it.

Each builder answers a :class:`~console.ui.dialogs.setup_form.Form` whose ``save``
calls the desk (the same operations and validation as the ``frontdesk`` setup
commands) and answers one sentence saying what was done.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from rich.text import Text

from console.clinic.config import ClinicConfig
from console.clinic.dates import parse_day
from console.clinic.models import Appointment
from console.clinic.setup_text import breaks_text, week_hours_text
from console.desk import USER_ERRORS, Desk
from console.ui import format as fmt
from console.ui.dialogs.setup_form import Field, Form

#: What the desk's refusals complete: "Only a manager can change the clinic setup; …".
WHAT = "change the clinic setup"
HOLIDAY_RULES = (
    ("Closed on the day; a Sunday one also the Monday after", "sunday_to_monday"),
    ("Federal: Saturday's on Friday, Sunday's on Monday", "federal"),
    ("Closed on the holiday's own date only", "actual"),
)
NO_ROOM = "-"  # the choice meaning "any room in service"
#: At most this many stranded visits are named before saving (the rest are counted).
PREVIEW_VISITS = 4


def office_hours_text(config: ClinicConfig) -> str:
    """The office hours as typed (``mon-fri 09:00-18:00; sat 09:00-14:00``), Sunday aside."""
    spans = {
        day: (rule.opens, rule.closes)
        for day, rule in config.weekdays.items()
        if rule.kind == "open" and rule.opens and rule.closes
    }
    return week_hours_text(dict.fromkeys(range(7)) | spans)


def sunday_window_text(config: ClinicConfig) -> str:
    """``10:00-16:00`` when Sunday is by appointment, else ``closed``."""
    rule = config.weekdays[6]
    if rule.kind == "by_appointment" and rule.opens and rule.closes:
        return f"{rule.opens:%H:%M}-{rule.closes:%H:%M}"
    return "closed"


def type_list(text: str) -> list[str]:
    """``"sculptra, follow_up"`` -> the keys; empty means every type."""
    return [part.strip() for part in text.replace(";", ",").split(",") if part.strip()]


def visits_text(desk: Desk, visits: Sequence[Appointment], lead: str) -> Text | None:
    """``lead`` then one line per visit (when, who, provider), or None when there are none."""
    if not visits:
        return None
    text = Text(lead, f"bold {fmt.YELLOW}")
    for appt in list(visits)[:PREVIEW_VISITS]:
        text.append("\n")
        text.append_text(visit_line(desk, appt))
    if len(visits) > PREVIEW_VISITS:
        text.append(f"\n… and {len(visits) - PREVIEW_VISITS} more", "dim")
    return text


def visit_line(desk: Desk, appt: Appointment, *, with_provider: bool = True) -> Text:
    """``Tue 1 Dec 10:00 AM  Rosa Nguyễn · Sculptra session · Provider B``."""
    start = appt.start_at(desk.tz)
    try:
        name = fmt.who(desk.patient(appt.patient_id))
    except USER_ERRORS:
        name = appt.patient_id
    kind = desk.config.appointment_types.get(appt.type)
    text = Text(f"{fmt.short_day(start.date())} {fmt.time_label(start)}  ")
    what = f"{name} · {kind.label if kind else appt.type}"
    text.append_text(fmt.plain(f"{what} · {appt.provider}" if with_provider else what))
    return text


def _count(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


# -- providers ----------------------------------------------------------------------


def provider_form(desk: Desk, name: str | None = None) -> Form:
    """Add a provider (``name`` None) or change one: hours, breaks, the types they give."""
    config = desk.config
    current = config.staff[name] if name else None
    fields = (
        Field("name", "Name", name or "", "Provider C"),
        Field(
            "hours",
            "Hours",
            week_hours_text(current.hours) if current else "",
            "mon-fri 09:00-18:00; sat 09:00-14:00",
        ),
        Field("breaks", "Breaks", breaks_text(current.breaks) if current else "", "12:30-13:00"),
        Field("types", "Gives", ", ".join(current.types) if current else "", "every type"),
    )

    def save(values: dict[str, str]) -> str:
        new_name = values["name"].strip()
        types = type_list(values["types"])
        if name is None:
            desk.add_provider(new_name, values["hours"], values["breaks"] or None, types)
            return f"Added {new_name}."
        desk.update_provider(
            name,
            hours=values["hours"],
            breaks=values["breaks"],
            types=types,
            rename=new_name if new_name != name else None,
        )
        return f"Saved {new_name or name}'s hours."

    title = f"Change {name}" if name else "Add a provider"
    hint = "Hours: mon-fri 09:00-18:00; sat 09:00-14:00 · Gives: blank = every type"
    return Form(title, fields, save, hint=hint, aliases={"break": "breaks", "rename": "name"})


# -- time off and closures ------------------------------------------------------------


def time_off_form(desk: Desk, provider: str | None = None) -> Form:
    """Time off for a provider; the visits it would strand are listed before saving."""
    config = desk.config
    tomorrow = desk.today() + dt.timedelta(days=1)
    fields = (
        Field(
            "provider",
            "Provider",
            provider or next(iter(config.providers), ""),
            choices=[(p, p) for p in config.providers],
        ),
        Field("from", "From", "", f"{tomorrow:%Y-%m-%d} 09:00"),
        Field("to", "To", "", f"{tomorrow:%Y-%m-%d} 18:00"),
        Field("reason", "Reason", "", "Conference"),
    )

    def preview(values: dict[str, str]) -> Text | None:
        if not (values["from"].strip() and values["to"].strip()):
            return None
        visits = desk.stranded(values["provider"], values["from"], values["to"])
        lead = f"This strands {_count(len(visits), 'visit')}; move them after saving:"
        return visits_text(desk, visits, lead)

    def save(values: dict[str, str]) -> str:
        _, stranded = desk.add_time_off(
            values["provider"], values["from"], values["to"], values["reason"]
        )
        done = f"Time off saved for {values['provider']}."
        if stranded:
            done += f" {_count(len(stranded), 'visit')} to move: listed under it."
        return done

    aliases = {"start": "from", "end": "to", "name": "provider"}
    return Form("Time off", fields, save, preview, hint=TIME_HINT, aliases=aliases)


TIME_HINT = "From/To: YYYY-MM-DD HH:MM · Enter or ctrl+s saves · Esc closes"


def closure_form(desk: Desk) -> Form:
    """A day the clinic is closed; the visits booked that day are listed before saving."""
    fields = (
        Field("date", "Date", "", f"{desk.today() + dt.timedelta(days=1):%Y-%m-%d}"),
        Field("reason", "Reason", "", "Staff training"),
    )

    def preview(values: dict[str, str]) -> Text | None:
        day = parse_day(values["date"], desk.today())  # half a date: refused, nothing shown
        visits = [a for a in desk.appointments_between(day, day) if a.holds_slot]
        lead = f"{_count(len(visits), 'visit')} booked that day; move them after saving:"
        return visits_text(desk, visits, lead)

    def save(values: dict[str, str]) -> str:
        stranded = desk.add_closure(values["date"], values["reason"])
        done = f"Closed on {values['date'].strip()}."
        if stranded:
            done += f" {_count(len(stranded), 'visit')} to move: listed under it."
        return done

    return Form("Close the clinic for a day", fields, save, preview, aliases={"day": "date"})


# -- types, rooms, hours --------------------------------------------------------------


def type_form(desk: Desk, key: str) -> Form:
    """An appointment type's length, buffer after, and the room it needs."""
    config = desk.config
    kind = config.appointment_type(key)
    rooms = [("any room", NO_ROOM)] + [(r, r) for r in config.rooms]
    fields = (
        Field("minutes", "Minutes", str(kind.minutes), "60"),
        Field("buffer", "Buffer", str(kind.buffer), "0"),
        Field("room", "Room", kind.room or NO_ROOM, choices=rooms),
    )

    def save(values: dict[str, str]) -> str:
        room = None if values["room"] in ("", NO_ROOM) else values["room"]
        # The typed numbers go to the desk as typed: its sentences are the command line's.
        desk.update_type(
            key, minutes=values["minutes"].strip(), buffer=values["buffer"].strip(), room=room
        )
        return f"Saved {kind.label}."

    return Form(f"Appointment type: {kind.label}", fields, save)


def room_form(desk: Desk) -> Form:
    """A new room (in service)."""

    def save(values: dict[str, str]) -> str:
        desk.add_room(values["name"])
        return f"Added {values['name'].strip()}."

    return Form(
        "Add a room", (Field("name", "Name", "", "Room 4"),), save, aliases={"room": "name"}
    )


def room_out_form(desk: Desk, name: str) -> Form:
    """Take a room out of service, with a note saying why."""

    def save(values: dict[str, str]) -> str:
        desk.set_room(name, in_service=False, note=values["note"])
        return f"{name} is out of service."

    fields = (Field("note", "Why", "", "Laser being repaired"),)
    return Form(f"Take {name} out of service", fields, save, ok="Out of service")


def hours_form(desk: Desk) -> Form:
    """The office hours, the Sunday window and the holiday rule."""
    config = desk.config
    fields = (
        Field("hours", "Open", office_hours_text(config), "mon-fri 09:00-18:00; sat 09:00-14:00"),
        Field("sunday", "Sunday", sunday_window_text(config), "10:00-16:00 or closed"),
        Field("rule", "Holidays", config.holiday_rule, choices=HOLIDAY_RULES),
    )

    def save(values: dict[str, str]) -> str:
        # Only what changed is saved: an unchanged line is never re-validated or audited.
        now = desk.config
        if values["hours"].strip() != office_hours_text(now):
            desk.set_office_hours(values["hours"])
        if values["sunday"].strip() != sunday_window_text(now):
            desk.set_sunday_window(values["sunday"])
        if values["rule"] != now.holiday_rule:
            desk.set_holiday_rule(values["rule"])
        return "Saved the clinic's hours."

    aliases = {"spec": "hours", "window": "sunday", "holiday_rule": "rule"}
    return Form("Office hours", fields, save, aliases=aliases)
