"""Confirmation calls: who to call for the next open day, what to tell them, outcomes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from console.clinic import status as st
from console.clinic.errors import InvalidInput
from console.clinic.hours import DayInfo
from console.clinic.localtime import to_iso
from console.clinic.models import Appointment
from console.clinic.text import clean
from console.desk import Desk, Visit

OUTCOMES = {
    "confirmed": "confirmed",
    "left_message": "left a message",
    "no_answer": "no answer",
    "cancelled": "cancelled by the patient",
}


@dataclass(frozen=True)
class CallItem:
    """One patient to call: the visit, what to tell them, and the last outcome so far."""

    visit: Visit
    script: tuple[str, ...]
    last_outcome: str | None


def parse_outcome(text: str) -> str:
    """Accept ``left message``, ``no-answer``... and return the outcome key."""
    key = text.strip().lower().replace("-", "_").replace(" ", "_")
    if key not in OUTCOMES:
        raise InvalidInput(
            f"{text!r} is not a call outcome; use one of: {', '.join(OUTCOMES)}.", "outcome"
        )
    return key


def last_outcome(appt: Appointment) -> str | None:
    """The most recent recorded call outcome on a visit."""
    calls = appt.extra.get("calls") or []
    return calls[-1]["outcome"] if calls else None


def script_for(desk: Desk, appt: Appointment) -> tuple[str, ...]:
    """What to tell the patient: the visit, then the treatment's pre-visit instructions."""
    kind = desk.config.appointment_types.get(appt.type)
    lines: list[str] = []
    if kind and kind.treatment and kind.treatment in desk.treatments:
        lines.extend(desk.treatments[kind.treatment].confirmation_call)
    return tuple(lines)


#: The longest a call's note may be (a few words: "call after 5", "spoke to her husband").
MAX_CALL_NOTE = 200

#: Outcomes after which the patient still has to be reached.
CALL_AGAIN = frozenset({"left_message", "no_answer"})


def call_days(desk: Desk, day: dt.date | None = None) -> tuple[DayInfo, list[DayInfo]]:
    """The day whose visits to confirm, and every day whose visits the list holds.

    By default the next open day after today, preceded by any by-appointment day (a
    Sunday) before it: on Saturday the calls are for Sunday's visits and Monday's.
    A chosen ``day`` is that day alone.
    """
    if day is not None:
        info = desk.day_info(day)
        return info, [info]
    today = desk.today()
    main = desk.next_open_day(today)
    if main is None:
        raise InvalidInput("No open day in the next two months.", "date")
    days = []
    between = today + dt.timedelta(days=1)
    while between < main.date:
        info = desk.day_info(between)
        if info.bookable:
            days.append(info)
        between += dt.timedelta(days=1)
    return main, [*days, main]


def call_list(desk: Desk, day: dt.date | None = None) -> tuple[DayInfo, list[CallItem]]:
    """Visits to confirm on ``day`` (default: the next open day after today, with the
    by-appointment days before it); the day's info and the calls in time order."""
    main, days = call_days(desk, day)
    items = [
        CallItem(v, script_for(desk, v.appointment), last_outcome(v.appointment))
        for info in days
        for v in desk.schedule(info.date).visits
        if v.appointment.status in (st.BOOKED, st.CONFIRMED)
    ]
    return main, items


def calls_left(items: list[CallItem]) -> list[CallItem]:
    """The calls not made yet (no outcome recorded)."""
    return [i for i in items if i.last_outcome is None]


def call_again(items: list[CallItem]) -> list[CallItem]:
    """The calls that reached nobody (left a message, no answer): to be tried again."""
    return [i for i in items if i.last_outcome in CALL_AGAIN]


def record_call(desk: Desk, aid: str, outcome: str, note: str = "") -> Appointment:
    """Record a call's outcome; "confirmed" confirms the visit and "cancelled" cancels it."""
    key = parse_outcome(outcome)
    # A note is one line for the calls list; typed control characters never reach the store.
    note = clean(note)
    if len(note) > MAX_CALL_NOTE:
        raise InvalidInput(
            f"A call note is one line of at most {MAX_CALL_NOTE} characters "
            f"(this one has {len(note)}).",
            "note",
        )
    now = desk.now()

    def change(appt: Appointment) -> Appointment:
        if appt.status not in (st.BOOKED, st.CONFIRMED):
            raise InvalidInput(
                f"The visit is {st.LABELS[appt.status]}; there is no call to record.", "outcome"
            )
        calls = [*appt.extra.get("calls", []), {"at": to_iso(now), "outcome": key, "note": note}]
        updated = replace(appt, extra={**appt.extra, "calls": calls})
        if key == "confirmed" and appt.status == st.BOOKED:
            updated = updated.with_status(st.CONFIRMED, now)
        elif key == "cancelled":
            updated = updated.with_status(st.CANCELLED, now)
        return updated

    return desk.amend(aid, change)
