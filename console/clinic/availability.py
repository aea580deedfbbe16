"""When a provider can see patients: weekly hours and shifts, within the day's hours, less
breaks and time off.

Every offer of a time (free slots, walk-ins, moves, series, first available) asks these
through :func:`console.clinic.booking.check_booking`; the schedule shades
:func:`unavailable`. Intervals are computed on UTC instants: two wall times in the same
zone compare by wall clock in Python, which is wrong across a fall-back hour.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

import arrow

from console.clinic.config import ClinicConfig, ProviderHours, TimeOff
from console.clinic.errors import InvalidInput
from console.clinic.hours import BY_APPOINTMENT, clock_label, day_info
from console.clinic.localtime import local
from console.clinic.roster import DAY_NAMES, Span

Interval = tuple[dt.datetime, dt.datetime]  # UTC instants, start before end
ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Block:
    """A stretch of the day a provider cannot see patients, for shading the schedule."""

    start: arrow.Arrow
    end: arrow.Arrow
    kind: str  # "break" | "time_off" | "off"
    label: str


@lru_cache(maxsize=4096)
def _at(day: dt.date, time: dt.time, tz: dt.tzinfo) -> dt.datetime:
    """The UTC instant of a wall time; one inside a spring-forward gap moves past it."""
    try:
        return local(day, time, tz).datetime.astimezone(dt.UTC)
    except InvalidInput:
        return dt.datetime.combine(day, time).replace(tzinfo=tz).astimezone(dt.UTC)


def _span(day: dt.date, span: Span, tz: dt.tzinfo) -> Interval:
    return _at(day, span[0], tz), _at(day, span[1], tz)


def _merge(intervals: list[Interval]) -> list[Interval]:
    merged: list[Interval] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _clip(intervals: list[Interval], window: Interval) -> list[Interval]:
    clipped = [(max(s, window[0]), min(e, window[1])) for s, e in intervals]
    return [(s, e) for s, e in clipped if s < e]


def _minus(intervals: list[Interval], cuts: list[Interval]) -> list[Interval]:
    result = list(intervals)
    for cut_start, cut_end in cuts:
        kept: list[Interval] = []
        for start, end in result:
            if cut_end <= start or end <= cut_start:
                kept.append((start, end))
                continue
            if start < cut_start:
                kept.append((start, cut_start))
            if cut_end < end:
                kept.append((cut_end, end))
        result = kept
    return result


def _weekly(config: ClinicConfig, provider: ProviderHours, day: dt.date) -> list[Interval]:
    """The provider's hours that date: the weekday's pattern plus any shift."""
    tz = config.tz
    spans = [span for span in [provider.day_hours(day.weekday())] if span is not None]
    spans += [
        (s.start, s.end) for s in config.shifts if s.provider == provider.name and s.date == day
    ]
    return _merge([_span(day, span, tz) for span in spans])


def _breaks(config: ClinicConfig, provider: ProviderHours, day: dt.date) -> list[Interval]:
    return [_span(day, span, config.tz) for span in provider.day_breaks(day.weekday())]


def _time_off(config: ClinicConfig, name: str, window: Interval) -> list[tuple[Interval, TimeOff]]:
    """The provider's time off that overlaps ``window``."""
    found = []
    for item in config.time_off:
        start, end = item.start.astimezone(dt.UTC), item.end.astimezone(dt.UTC)
        if item.provider == name and start < window[1] and window[0] < end:
            found.append(((start, end), item))
    return found


def _whole_day(day: dt.date, tz: dt.tzinfo) -> Interval:
    return _at(day, dt.time(0), tz), _at(day + ONE_DAY, dt.time(0), tz)


def _day_window(config: ClinicConfig, day: dt.date) -> Interval | None:
    """The day's bookable window (office hours, or Sunday's window); None when closed."""
    info = day_info(config, day)
    if not info.bookable or info.opens is None or info.closes is None:
        return None
    return _at(day, info.opens, config.tz), _at(day, info.closes, config.tz)


def _arrows(intervals: list[Interval], tz: dt.tzinfo) -> list[tuple[arrow.Arrow, arrow.Arrow]]:
    return [
        (arrow.Arrow.fromdatetime(s).to(tz), arrow.Arrow.fromdatetime(e).to(tz))
        for s, e in intervals
    ]


def working_windows(
    config: ClinicConfig, provider: str, day: dt.date
) -> list[tuple[arrow.Arrow, arrow.Arrow]]:
    """When ``provider`` can see patients on ``day``, in the clinic's zone, earliest first.

    Weekly hours plus shifts that date, within the day's bookable window, less breaks
    and time off; empty on a closed day or the provider's day off.
    """
    person = config.provider_hours(provider)
    window = _day_window(config, day)
    if window is None:
        return []
    work = _clip(_weekly(config, person, day), window)
    work = _minus(work, _breaks(config, person, day))
    work = _minus(work, [span for span, _ in _time_off(config, provider, window)])
    return _arrows(work, config.tz)


def scheduled_on(config: ClinicConfig, day: dt.date) -> list[str]:
    """The providers with any working window on ``day``, in the setup's order."""
    return [name for name in config.providers if working_windows(config, name, day)]


def unavailable(config: ClinicConfig, provider: str, day: dt.date) -> list[Block]:
    """The parts of the day's window ``provider`` cannot take: off, breaks, time off.

    Non-overlapping and earliest first (time off covers a break inside it); empty on a
    closed day, where the whole clinic is shut.
    """
    person = config.provider_hours(provider)
    window = _day_window(config, day)
    if window is None:
        return []
    tz = config.tz
    weekly = _clip(_weekly(config, person, day), window)
    away = _time_off(config, provider, window)
    away_spans = [span for span, _ in away]
    if not weekly:
        by_appointment = day_info(config, day).kind == BY_APPOINTMENT
        off_label = "Not scheduled" if by_appointment else "Day off"
    else:
        off_label = "Not working"
    pieces: list[tuple[Interval, str, str]] = []
    pieces += [(span, "off", off_label) for span in _minus(_minus([window], weekly), away_spans)]
    breaks = _minus(_clip(_merge(_breaks(config, person, day)), window), away_spans)
    pieces += [(span, "break", "Break") for span in breaks]
    pieces += [
        (shown, "time_off", item.reason or "Time off")
        for span, item in away
        for shown in _clip([span], window)
    ]
    pieces.sort()
    arrows = _arrows([span for span, _, _ in pieces], tz)
    return [
        Block(a, b, kind, label) for (a, b), (_, kind, label) in zip(arrows, pieces, strict=True)
    ]


def _when(moment: dt.datetime, tz: dt.tzinfo, same_day: dt.date) -> str:
    here = moment.astimezone(tz)
    if here.date() == same_day:
        return clock_label(here.time())
    if here.time() == dt.time(0):
        here -= ONE_DAY  # away "until midnight" reads as until the end of the day before
        return f"the end of {here:%a} {here.day} {here:%b}"
    return f"{here:%a} {here.day} {here:%b} {clock_label(here.time())}"


def _spans_text(intervals: list[Interval], tz: dt.tzinfo) -> str:
    return " and ".join(
        f"{clock_label(s.astimezone(tz).time())}–{clock_label(e.astimezone(tz).time())}"
        for s, e in intervals
    )


def absence(
    config: ClinicConfig,
    provider: str,
    start: arrow.Arrow,
    end: arrow.Arrow,
    *,
    weekly: bool = True,
) -> str | None:
    """One sentence why ``provider`` cannot take ``start..end``, or None when they can.

    Time off always counts; ``weekly=False`` (a visit booked outside the hours on
    purpose) lifts the weekly hours and breaks. The clinic's own hours and closures are
    :func:`console.clinic.booking.check_booking`'s business, not this.
    """
    person = config.provider_hours(provider)
    tz = config.tz
    visit = (start.datetime.astimezone(dt.UTC), end.datetime.astimezone(dt.UTC))
    day = start.to(tz).date()
    for _, item in _time_off(config, provider, visit):
        why = f" ({item.reason})" if item.reason else ""
        return f"{provider} is away{why} until {_when(item.end, tz, day)}."
    if not weekly:
        return None
    work = _weekly(config, person, day)
    label = f"{day:%a} {day.day} {day:%b}"
    if not work:
        if day_info(config, day).kind == BY_APPOINTMENT:
            return f"{provider} is not scheduled on {label}."
        return f"{provider} is off on {DAY_NAMES[day.weekday()]}s."
    if not any(s <= visit[0] and visit[1] <= e for s, e in work):
        return f"{provider} works {_spans_text(work, tz)} on {label}."
    for b_start, b_end in _breaks(config, person, day):
        if b_start < visit[1] and visit[0] < b_end:
            return f"{provider} is on a break {_spans_text([(b_start, b_end)], tz)}."
    return None
