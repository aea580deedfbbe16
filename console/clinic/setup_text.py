"""Working hours and breaks as a person types them, and back: shared by the CLI and setup screen.

``"mon-fri 09:00-18:00; sat 9am-2pm"``, ``"mon,wed 9:00-17:00"``, ``"tue off"``. Each
refusal is :class:`~console.clinic.errors.InvalidInput` with one sentence and the field.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re

from console.clinic.dates import parse_clock
from console.clinic.errors import InvalidInput
from console.clinic.roster import DAY_NAMES, WEEKDAYS, Span

#: An example for refusal sentences.
HOURS_EXAMPLE = '"mon-fri 09:00-18:00; sat 09:00-14:00"'
_DASH = re.compile(r"\s*[-–—]\s*")
_OFF = ("off", "closed", "none")


def _shown(text: str) -> str:
    return repr(text if len(text) <= 40 else text[:40] + "…")


def parse_span(text: str, *, field: str = "hours") -> Span:
    """``"09:00-18:00"`` or ``"9am-6pm"`` → (start, end), start before end; else one sentence."""
    raw = _DASH.sub("-", (text or "").strip())
    parts = raw.split("-")
    if len(parts) != 2 or not all(parts):
        raise InvalidInput(f"{_shown(text)} is not a span of time; use HH:MM-HH:MM.", field)
    start, end = (parse_clock(part, field=field) for part in parts)
    if start >= end:
        raise InvalidInput(f"{_shown(text)} ends before it starts.", field)
    return start, end


def _day(word: str, field: str) -> int:
    word = word.strip().lower().rstrip(".")
    for number, name in enumerate(DAY_NAMES):
        if len(word) >= 3 and name.lower().startswith(word):
            return number
    raise InvalidInput(f"{_shown(word)} is not a weekday; use mon, tue, … sun.", field)


def _days(text: str, field: str) -> list[int]:
    """``"mon-fri"`` → [0..4]; ``"fri-mon"`` wraps round the weekend; ``"sat"`` → [5]."""
    if "-" in text:
        first, _, last = text.partition("-")
        start, end = _day(first, field), _day(last, field)
        return [(start + step) % 7 for step in range((end - start) % 7 + 1)]
    return [_day(text, field)]


def _groups(
    text: str, field: str, example: str, *, several: bool = False
) -> list[tuple[list[int], str]]:
    """Split ``"mon,wed 9:00-17:00, sat 9:00-14:00; sun off"`` into (days, span text) groups.

    A group is some days then one span (or "off"); a comma between days belongs to the
    group, a comma after a span starts the next one. With ``several``, a bare span after a
    group is one more span for the same days ("mon-fri 12:00-12:30, 15:00-15:15").
    """
    groups: list[tuple[list[int], str]] = []
    pending: list[int] = []
    normal = _DASH.sub("-", text.strip().lower())
    for piece in re.split(r"[;,\n]", normal):
        piece = piece.strip()
        if not piece:
            continue
        days_text, _, span_text = piece.partition(" ")
        span_text = span_text.strip()
        if several and piece[:1].isdigit() and groups and not pending:
            groups.append((groups[-1][0], piece))
            continue
        if days_text[:1].isdigit():
            raise InvalidInput(
                f"Name the days before {_shown(piece)}; for example {example}.", field
            )
        pending += [d for part in days_text.split("/") for d in _days(part, field)]
        if span_text:
            groups.append((pending, span_text))
            pending = []
    if pending:
        raise InvalidInput(f"Give the hours for every day you name; for example {example}.", field)
    return groups


def parse_week_hours(text: str, *, field: str = "hours") -> dict[int, Span | None]:
    """Weekly hours from text: weekday (0 = Monday) → (start, end), days not named are off."""
    if not (text or "").strip():
        raise InvalidInput(f"Give the working hours, for example {HOURS_EXAMPLE}.", field)
    hours: dict[int, Span | None] = dict.fromkeys(range(7))
    named: set[int] = set()
    for days, span_text in _groups(text, field, HOURS_EXAMPLE):
        span = None if span_text in _OFF else parse_span(span_text, field=field)
        for day in days:
            if day in named:
                raise InvalidInput(f"{DAY_NAMES[day]} is named twice in the hours.", field)
            named.add(day)
            hours[day] = span
    return hours


def parse_breaks(
    text: str | None, hours: dict[int, Span | None], *, field: str = "breaks"
) -> dict[int, tuple[Span, ...]]:
    """Breaks from text: ``"12:30-13:00"`` every working day, or ``"mon-fri 12:30-13:00"``.

    Several are separated by commas (``"12:00-12:30, 15:00-15:15"``). Empty or "none"
    means no breaks. A break outside its day's hours, or overlapping another, is refused.
    """
    raw = (text or "").strip().lower()
    if raw in ("", *_OFF):
        return {}
    breaks: dict[int, list[Span]] = {}
    if raw[:1].isdigit():
        spans = [parse_span(part, field=field) for part in re.split(r"[;,]", raw) if part.strip()]
        for day, day_hours in hours.items():
            if day_hours is not None:
                breaks[day] = list(spans)
    else:
        example = '"mon-fri 12:30-13:00"'
        for days, span_text in _groups(raw, field, example, several=True):
            span = parse_span(span_text, field=field)
            for day in days:
                breaks.setdefault(day, []).append(span)
    result: dict[int, tuple[Span, ...]] = {}
    for day, spans in sorted(breaks.items()):
        ordered = tuple(sorted(spans))
        day_hours = hours.get(day)
        for start, end in ordered:
            if day_hours is None:
                raise InvalidInput(f"A break on {DAY_NAMES[day]} is on a day off.", field)
            if start < day_hours[0] or end > day_hours[1]:
                raise InvalidInput(
                    f"The break {format_span((start, end))} is outside {DAY_NAMES[day]}'s hours "
                    f"({format_span(day_hours)}).",
                    field,
                )
        for (_, first_end), (second_start, _) in itertools.pairwise(ordered):
            if second_start < first_end:
                raise InvalidInput(f"Two breaks on {DAY_NAMES[day]} overlap.", field)
        result[day] = ordered
    return result


def _clock(time: dt.time) -> str:
    return time.strftime("%I:%M %p").lstrip("0")


def format_span(span: Span) -> str:
    """``9:00 AM–6:00 PM``."""
    return f"{_clock(span[0])}–{_clock(span[1])}"


def _runs(per_day: dict[int, str]) -> list[tuple[int, int, str]]:
    """Consecutive weekdays with the same text: (first, last, text)."""
    runs: list[tuple[int, int, str]] = []
    for day in range(7):
        if day not in per_day:
            continue
        if runs and runs[-1][1] == day - 1 and runs[-1][2] == per_day[day]:
            runs[-1] = (runs[-1][0], day, per_day[day])
        else:
            runs.append((day, day, per_day[day]))
    return runs


def _run_days(first: int, last: int, sep: str, names: tuple[str, ...]) -> str:
    return names[first] if first == last else f"{names[first]}{sep}{names[last]}"


def format_week_hours(hours: dict[int, Span | None]) -> str:
    """``"Mon–Fri 9:00 AM–6:00 PM, Sat 9:00 AM–2:00 PM"``; ``"No working hours"`` if none."""
    per_day = {day: format_span(span) for day, span in hours.items() if span is not None}
    short = tuple(name[:3] for name in DAY_NAMES)
    parts = [f"{_run_days(a, b, '–', short)} {text}" for a, b, text in _runs(per_day)]
    return ", ".join(parts) or "No working hours"


def format_breaks(breaks: dict[int, tuple[Span, ...]]) -> str:
    """``"Mon–Fri 12:30 PM–1:00 PM"``; ``"No breaks"`` if none."""
    per_day = {day: " & ".join(map(format_span, spans)) for day, spans in breaks.items() if spans}
    short = tuple(name[:3] for name in DAY_NAMES)
    parts = [f"{_run_days(a, b, '–', short)} {text}" for a, b, text in _runs(per_day)]
    return ", ".join(parts) or "No breaks"


def _span_spec(span: Span) -> str:
    return f"{span[0]:%H:%M}-{span[1]:%H:%M}"


def week_hours_text(hours: dict[int, Span | None]) -> str:
    """The typed form :func:`parse_week_hours` reads back: ``"mon-fri 09:00-18:00; sat ..."``."""
    per_day = {day: _span_spec(span) for day, span in hours.items() if span is not None}
    parts = [f"{_run_days(a, b, '-', WEEKDAYS)} {text}" for a, b, text in _runs(per_day)]
    return "; ".join(parts)


def breaks_text(breaks: dict[int, tuple[Span, ...]]) -> str:
    """The typed form :func:`parse_breaks` reads back: ``"mon-fri 12:30-13:00"`` ("" if none)."""
    parts: list[str] = []
    per_day = {day: spans for day, spans in breaks.items() if spans}
    keyed = {day: "|".join(map(_span_spec, spans)) for day, spans in per_day.items()}
    for first, last, _ in _runs(keyed):
        days = _run_days(first, last, "-", WEEKDAYS)
        parts += [f"{days} {_span_spec(span)}" for span in per_day[first]]
    return "; ".join(parts)
