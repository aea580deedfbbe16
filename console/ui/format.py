"""Turning desk data into display text.

User text (names, phone numbers, notes) always becomes a plain :class:`rich.text.Text`
here, so square brackets in a name are shown as typed and never read as markup.
Colours are ANSI names so they stay readable in a 16-colour terminal.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

import arrow
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.text import Text

from console.clinic import status as st
from console.clinic.errors import InvalidInput
from console.clinic.hours import BY_APPOINTMENT, DayInfo, clock_label
from console.clinic.models import Appointment, Patient
from console.clinic.text import shown
from console.desk import USER_ERRORS
from console.ui.redact import initials_only, phone, private, who

if TYPE_CHECKING:
    from console.desk import Desk, Visit

# Explicit colours that stay themselves in a 16-colour terminal (ANSI names would be
# re-mapped through the theme's palette, where yellow turns out orange, then red).
CYAN, YELLOW, MAGENTA, GREEN, RED = "#5fd7ff", "#ffd75f", "#d787ff", "#5fd75f", "#ff5f5f"

#: How each status looks in tables (the label always says it too, never colour alone).
STATUS_STYLES = {
    st.BOOKED: "",
    st.CONFIRMED: CYAN,
    st.ARRIVED: f"bold {YELLOW}",
    st.IN_TREATMENT: f"bold {MAGENTA}",
    st.COMPLETED: GREEN,
    st.CANCELLED: "dim",
    st.NO_SHOW: RED,
}
LATE_STYLE = f"bold {RED}"
WAIT_STYLE = YELLOW
OUTSIDE_STYLE = f"bold #000000 on {YELLOW}"
ALLERGY_STYLE = f"bold {RED}"


def plain(text: str, style: str = "") -> Text:
    """One line of user text that is never markup and ends in an ellipsis when cut.

    Cleaned again for the terminal (no control, bidi or invisible character), and cut
    by Rich in cells, so a wide character is never split.
    """
    return Text(shown(text), style=style, no_wrap=True, overflow="ellipsis", end="")


class Fit:
    """A one-line cell that shows the first of its versions that fits the width it gets.

    ``Fit(plain("Provider B · Room 2"), plain("B · Room 2"))``: the long form in a wide
    terminal, the short one at 80 columns; the last version is cut with an ellipsis.
    """

    def __init__(self, *versions: Text) -> None:
        self.versions = versions

    def pick(self, width: int) -> Text:
        """The first version that fits ``width`` cells (else the last one)."""
        for version in self.versions:
            if version.cell_len <= width:
                return version
        return self.versions[-1]

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.pick(options.max_width)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        lengths = [v.cell_len for v in self.versions]
        return Measurement(min(lengths), max(lengths))


def words_fit(text: str, style: str = "") -> Fit:
    """``Skin care service`` that drops trailing words to fit: ``Skin care``, ``Skin``."""
    words = text.split()
    return Fit(*(plain(" ".join(words[:n]), style) for n in range(len(words), 0, -1)))


def with_fit(provider: str, room: str, prefix: str = "") -> Fit:
    """``Provider B · Room 2``, else ``B · Room 2``, else ``B · 2`` (last words)."""
    short_provider = provider.split()[-1] if provider.strip() else ""
    short_room = room.split()[-1] if room.strip() else ""
    return Fit(
        plain(prefix + with_label(provider, room)),
        plain(prefix + with_label(short_provider, room)),
        plain(prefix + with_label(short_provider, short_room)),
    )


def day_label(day: dt.date) -> str:
    """``Tue 24 Nov 2026``."""
    return f"{day:%a} {day.day} {day:%b %Y}"


def short_day(day: dt.date) -> str:
    """``Tue 24 Nov``."""
    return f"{day:%a} {day.day} {day:%b}"


def time_label(moment: arrow.Arrow) -> str:
    """``9:05 AM``."""
    return clock_label(moment.time())


def with_label(provider: str, room: str) -> str:
    """``Provider A · Room 1`` (either part may be missing)."""
    return " · ".join(shown(part) for part in (provider, room) if part)


def status_text(status: str) -> Text:
    """The status label in its colour."""
    return plain(st.LABELS.get(status, status), STATUS_STYLES.get(status, ""))


def is_late(visit: Visit, late_after: int) -> bool:
    """True when the patient is later than the clinic's late threshold."""
    return visit.late_minutes is not None and visit.late_minutes > late_after


def wait_text(visit: Visit, late_after: int) -> Text:
    """``waited 12 min`` while waiting, ``LATE 25 min`` past the threshold, else empty."""
    if visit.waited_minutes is not None:
        return plain(f"waited {visit.waited_minutes} min", WAIT_STYLE)
    if is_late(visit, late_after):
        return plain(f"LATE {visit.late_minutes} min", LATE_STYLE)
    if visit.late_minutes:
        return plain(f"due {visit.late_minutes} min ago", "dim")
    return plain("")


def describe_day(info: DayInfo) -> str:
    """``Open 9:00 AM–6:00 PM``, ``Sunday · by appointment only``, ``Closed: Thanksgiving Day``."""
    if info.kind == BY_APPOINTMENT:
        window = ""
        if info.opens and info.closes:
            window = f" (bookable {clock_label(info.opens)}–{clock_label(info.closes)})"
        return f"{info.date:%A} · by appointment only{window}"
    return info.describe()


def open_now(desk: Desk) -> str:
    """Whether the clinic is open at this moment, and until or from when."""
    now = desk.now()
    today = now.date()
    info = desk.day_info(today)
    if info.kind == BY_APPOINTMENT:
        return f"{today:%A} · by appointment only"
    if info.is_open and info.opens and info.closes:
        if info.opens <= now.time() < info.closes:
            return f"Open · closes {clock_label(info.closes)}"
        if now.time() < info.opens:
            return f"Closed · opens {clock_label(info.opens)}"
    following = desk.next_open_day(today)
    if following is None:
        return "Closed"
    return f"Closed · opens {following.date:%a} {clock_label(following.opens)}"


def visit_summary(visit: Visit) -> Text:
    """One line about a visit: who, phone, when, with whom, flags, then what and notes."""
    appt = visit.appointment
    text = Text(no_wrap=True, overflow="ellipsis", end="")
    text.append(who(visit.patient), "bold")
    if visit.patient.phone:
        text.append(f"  {phone(visit.patient)}")
    text.append(f"  {time_label(visit.start)}–{time_label(visit.end)}")
    text.append(f"  {with_label(appt.provider, appt.room)}")
    if visit.outside_hours:
        text.append("  outside office hours", OUTSIDE_STYLE)
    if appt.walk_in:
        text.append("  walk-in", "italic")
    text.append(f"  {visit.type_label}")
    if notes := private(appt.notes, hidden=""):
        text.append("  ")
        text.append(notes.replace("\n", " "), "italic")
    return text


def describe_booking(desk: Desk, appt: Appointment) -> str:
    """``Ana Ruiz, Tue 24 Nov 10:45 AM, Consultation with Provider A in Room 1``."""
    try:
        name = who(desk.patient(appt.patient_id))
    except USER_ERRORS:
        name = appt.patient_id
    start = appt.start_at(desk.tz)
    kind = desk.config.appointment_types.get(appt.type)
    label = kind.label if kind else appt.type
    return (
        f"{name}, {short_day(start.date())} {time_label(start)}, {label} "
        f"with {appt.provider} in {appt.room}"
    )


def parse_clock(text: str) -> str:
    """``9:30``, ``09:30``, ``9:30 am``, ``2:15PM``, ``14:15`` -> ``HH:MM``; else InvalidInput."""
    raw = text.strip().lower().replace(".", "")
    match = _CLOCK.fullmatch(raw)
    if match:
        hour, minute = int(match["hour"]), int(match["minute"] or 0)
        half = (match["half"] or "")[:1]  # "a" or "p"
        if half and not 1 <= hour <= 12:
            hour = 99
        elif half == "p" and hour != 12:
            hour += 12
        elif half == "a" and hour == 12:
            hour = 0
        if hour < 24 and minute < 60:
            return f"{hour:02d}:{minute:02d}"
    raise InvalidInput(f"{text.strip()!r} is not a time; use HH:MM or 2:30 PM.", "time")


_CLOCK = re.compile(r"(?P<hour>\d{1,2})(?::?(?P<minute>\d{2}))?\s*(?P<half>am|pm|a|p)?")


def clock(time: dt.time) -> str:
    """``9:05 AM`` for a wall-clock time."""
    return clock_label(time)


FLAG_STYLE = f"bold {RED}"
OVERDUE_STYLE = f"bold reverse {RED}"


def health_text(patient: Patient, *, empty: str = "no conditions or allergies recorded") -> Text:
    """``Conditions … · Allergies …`` (user text, never markup); highlighted when recorded."""
    text = Text(no_wrap=True, overflow="ellipsis", end="")
    if initials_only():
        text.append("health details hidden", "dim")
        return text
    if not (patient.conditions or patient.allergies):
        text.append(empty, "dim")
        return text
    if patient.conditions:
        text.append("Conditions ", "dim")
        text.append(shown("; ".join(patient.conditions)), f"bold {YELLOW}")
    if patient.allergies:
        if patient.conditions:
            text.append("  ")
        text.append("Allergies ", "dim")
        text.append(shown("; ".join(patient.allergies)), ALLERGY_STYLE)
    return text


def care_line(patient: Patient, series: str = "", flags: Sequence[str] = ()) -> Text:
    """The second detail line: flags for the provider, series progress, health details."""
    text = Text(no_wrap=True, overflow="ellipsis", end="")
    if flags:
        text.append(f"⚑ tell the provider: {private(', '.join(flags))}", FLAG_STYLE)
        text.append("  ")
    if series:
        text.append(series, CYAN)
        text.append("  ")
    text.append_text(health_text(patient, empty="no conditions or allergies recorded"))
    return text


ALERT_STYLE = f"bold reverse {YELLOW}"


def alert_text(patient: Patient) -> Text:
    """``⚠ Allergic to lidocaine`` (the patient's alert, user text), or empty Text."""
    text = Text(no_wrap=True, overflow="ellipsis", end="")
    if patient.alert:
        text.append(f"⚠ {shown(patient.alert)}", ALERT_STYLE)
    return text


def duration_words(minutes: int) -> str:
    """``45 min``, ``1 h``, ``1 h 45 min``, ``2 d 3 h`` for a wait or a lateness."""
    minutes = max(0, int(minutes))
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days:
        return f"{days} d {hours} h" if hours else f"{days} d"
    if hours:
        return f"{hours} h {mins} min" if mins else f"{hours} h"
    return f"{mins} min"


def overdue_minutes(visit: Visit, grace: int) -> int | None:
    """Minutes late when past start plus the no-show grace with no arrival, else None."""
    late = visit.late_minutes
    return late if late is not None and late > grace else None
