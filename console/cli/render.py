"""Turning desk results into text lines or JSON-ready dicts."""

from __future__ import annotations

from typing import Any

import orjson
from rich.cells import cell_len, set_cell_size

from console.clinic import status as st
from console.clinic.hours import DayInfo, clock_label
from console.clinic.models import Appointment, Patient
from console.clinic.text import shown
from console.desk import DaySchedule, Desk, PatientMatch

#: Longest value shown in an audit text line; the JSON output always has the whole entry.
VALUE_WIDTH = 60


def column(text: str, width: int) -> str:
    """``text`` on one line in exactly ``width`` terminal cells: cut with "…", or padded.

    Counted in cells, not code points (rich's tables): a CJK character or an emoji takes
    two, so a name in Chinese is cut where it would overflow, never half a character in.
    """
    text = shown(text)
    if cell_len(text) > width:
        text = set_cell_size(text, width - 1) + "…"
    return set_cell_size(text, width)


def day_info_json(info: DayInfo) -> dict[str, Any]:
    """A day's kind and hours as JSON."""
    return {
        "date": info.date.isoformat(),
        "kind": info.kind,
        "opens": info.opens.strftime("%H:%M") if info.opens else None,
        "closes": info.closes.strftime("%H:%M") if info.closes else None,
        "reason": info.reason,
        "summary": info.describe(),
    }


def day_info_text(info: DayInfo) -> str:
    """``Tue 24 Nov 2026: Open 9:00 AM–6:00 PM``."""
    return f"{info.date:%a %d %b %Y}: {info.describe()}"


def patient_json(patient: Patient) -> dict[str, Any]:
    """A patient as JSON (phone both stored and formatted)."""
    doc = patient.to_doc()
    doc["phone_display"] = patient.phone_display
    doc["name"] = patient.name
    return doc


def appointment_json(desk: Desk, appt: Appointment) -> dict[str, Any]:
    """An appointment as JSON, with its end time and clinic-local date."""
    doc = appt.to_doc(desk.tz)
    doc["end"] = appt.end_at(desk.tz).isoformat()
    return doc


def appointment_text(desk: Desk, appt: Appointment) -> str:
    """One line: id, when, type, who, status."""
    start = appt.start_at(desk.tz)
    kind = desk.config.appointment_types.get(appt.type)
    label = kind.label if kind else appt.type
    flag = "  [outside hours]" if appt.outside_hours else ""
    return (
        f"{appt.id}  {start:ddd D MMM YYYY h:mm A} ({appt.minutes} min)  {label}  "
        f"{appt.provider} · {appt.room}  {st.LABELS[appt.status]}{flag}"
    )


def schedule_json(desk: Desk, schedule: DaySchedule) -> dict[str, Any]:
    """A day's schedule as JSON."""
    return {
        **day_info_json(schedule.info),
        "appointments": [
            {
                **appointment_json(desk, v.appointment),
                "patient_name": v.patient.name,
                "patient_phone": v.patient.phone_display,
                "type_label": v.type_label,
                "late_minutes": v.late_minutes,
                "waited_minutes": v.waited_minutes,
            }
            for v in schedule.visits
        ],
    }


def schedule_lines(schedule: DaySchedule) -> list[str]:
    """A day's schedule as aligned text lines."""
    lines = [day_info_text(schedule.info)]
    if not schedule.visits:
        lines.append("  no appointments")
    for v in schedule.visits:
        span = f"{clock_label(v.start.time()):>8}–{clock_label(v.end.time()):<8}"
        flags = []
        if v.outside_hours:
            flags.append("outside hours")
        if v.late_minutes:
            flags.append(f"late {v.late_minutes} min")
        extra = f"  ({', '.join(flags)})" if flags else ""
        lines.append(
            f"  {span} {v.appointment.id}  {column(v.patient.name, 28)} "
            f"{column(v.patient.phone_display, 15)} {column(v.type_label, 18)} "
            f"{st.LABELS[v.appointment.status]}{extra}"
        )
    return lines


def match_json(desk: Desk, match: PatientMatch) -> dict[str, Any]:
    """A search result as JSON."""
    return {
        **patient_json(match.patient),
        "score": round(match.score, 1),
        "matched": match.matched,
        "next_visit": appointment_json(desk, match.next_visit) if match.next_visit else None,
        "past_visits": match.past_visits,
    }


def match_line(desk: Desk, match: PatientMatch) -> str:
    """A search result as one line."""
    p = match.patient
    dob = p.dob.isoformat() if p.dob else "—"
    nxt = (
        f"next {match.next_visit.start_at(desk.tz):ddd D MMM h:mm A}"
        if match.next_visit
        else "no upcoming visit"
    )
    visits = match.past_visits
    name, phone = column(p.name, 30), column(p.phone_display, 15)
    return f"{p.id}  {name} {phone} born {dob}  {nxt}  visits {visits}"


def audit_entry_lines(entry: dict[str, Any]) -> list[str]:
    """A header line (seq, when, who, what) and one line per changed field."""
    who = str(entry.get("who", ""))
    if entry.get("role"):
        who += f" ({entry['role']})"
    if entry.get("from"):
        who += f" from {entry['from']}"
    utc = str(entry.get("at_utc", ""))[11:19]
    head = (
        f"#{entry.get('seq')}  {entry.get('at_local', '')} ({utc} UTC)  {who}  "
        f"{entry.get('action', '')} {entry.get('id', '')}".rstrip()
    )
    changes = change_lines(entry.get("before"), entry.get("after"))
    return [head] + [f"    {line}" for line in changes]


def change_lines(before: Any, after: Any) -> list[str]:
    """``field: old → new`` for each field that differs (``field: value`` when created)."""
    if not isinstance(after, dict):
        return [] if after is None else [_short(after)]
    if not isinstance(before, dict):
        return [f"{key}: {_short(val)}" for key, val in after.items() if val not in ("", None)]
    lines: list[str] = []
    for key in dict.fromkeys([*before, *after]):
        old, new = before.get(key), after.get(key)
        if old == new:
            continue
        if isinstance(old, list) and isinstance(new, list) and new[: len(old)] == old:
            lines.extend(f"{key}: + {_short(item)}" for item in new[len(old) :])
        else:
            lines.append(f"{key}: {_short(old)} → {_short(new)}")
    return lines


def _short(value: Any) -> str:
    """A value on one line, cut at :data:`VALUE_WIDTH` terminal cells."""
    text = shown(value if isinstance(value, str) else orjson.dumps(value).decode())
    return text if cell_len(text) <= VALUE_WIDTH else column(text, VALUE_WIDTH)
