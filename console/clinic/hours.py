"""What kind of day a date is. Every rule (booking, walk-ins, slots) asks :func:`day_info`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

import holidays as holiday_calendars

from console.clinic.config import ClinicConfig

OPEN = "open"
BY_APPOINTMENT = "by_appointment"
CLOSED = "closed"


@dataclass(frozen=True)
class DayInfo:
    """One date's kind, its hours (or bookable window) and the reason when closed."""

    date: dt.date
    kind: str
    opens: dt.time | None
    closes: dt.time | None
    reason: str

    @property
    def is_open(self) -> bool:
        """True on an ordinary open day."""
        return self.kind == OPEN

    @property
    def bookable(self) -> bool:
        """True when appointments may be made (open day, or Sunday's window)."""
        return self.kind in (OPEN, BY_APPOINTMENT)

    def describe(self) -> str:
        """A short phrase: "Open 9:00 AM-6:00 PM", "By appointment only", "Closed: ..."."""
        if self.kind == OPEN:
            return f"Open {clock_label(self.opens)}–{clock_label(self.closes)}"
        if self.kind == BY_APPOINTMENT:
            window = f" (bookable {clock_label(self.opens)}–{clock_label(self.closes)})"
            return "By appointment only" + (window if self.opens else "")
        return f"Closed: {self.reason}"


def clock_label(time: dt.time | None) -> str:
    """``9:00 AM`` style, without a leading zero."""
    if time is None:
        return ""
    return time.strftime("%I:%M %p").lstrip("0")


@lru_cache(maxsize=64)
def _holidays(country: str, subdiv: str | None, year: int) -> dict[dt.date, str]:
    calendar = holiday_calendars.country_holidays(country, subdiv=subdiv, years=[year])
    return dict(calendar.items())


def holiday_reason(config: ClinicConfig, day: dt.date) -> str | None:
    """The name of an observed public holiday on ``day``, if the clinic closes for it."""
    if not config.holiday_country or not config.holiday_names:
        return None
    name = _holidays(config.holiday_country, config.holiday_subdiv, day.year).get(day)
    if not name:
        return None
    for part in name.split(";"):
        if part.strip() in config.holiday_names:
            return part.strip()
    return None


def day_info(config: ClinicConfig, day: dt.date) -> DayInfo:
    """Say what ``day`` is: ``open`` with hours, ``by_appointment`` or ``closed`` (with why)."""
    if day in config.closures:
        return DayInfo(day, CLOSED, None, None, config.closures[day])
    holiday = holiday_reason(config, day)
    if holiday:
        return DayInfo(day, CLOSED, None, None, holiday)
    rule = config.weekdays[day.weekday()]
    if rule.kind == CLOSED:
        return DayInfo(day, CLOSED, None, None, f"closed every {day:%A}")
    if rule.kind == BY_APPOINTMENT:
        return DayInfo(day, BY_APPOINTMENT, rule.opens, rule.closes, "by appointment only")
    return DayInfo(day, OPEN, rule.opens, rule.closes, "")


def next_open_day(config: ClinicConfig, after: dt.date, limit: int = 60) -> DayInfo | None:
    """The first ordinary open day strictly after ``after`` (None if none within ``limit``)."""
    for offset in range(1, limit + 1):
        info = day_info(config, after + dt.timedelta(days=offset))
        if info.is_open:
            return info
    return None
