"""What kind of day a date is. Every rule (booking, walk-ins, slots) asks :func:`day_info`."""

from __future__ import annotations

import datetime as dt
import importlib.util
import sys
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from console.clinic.config import ClinicConfig

if TYPE_CHECKING:
    from holidays import HolidayBase

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


#: The console asks from worker threads: one loads a country's module, the others wait.
_LOADING = threading.Lock()


@lru_cache(maxsize=8)
def _country_class(country: str) -> type[HolidayBase] | None:
    """The ``holidays`` library's class for ``country``, its module loaded on its own.

    ``holidays.country_holidays`` imports ``holidays.countries``, whose ``__init__``
    imports all of the library's 250 countries (most of a cold ``frontdesk day``); the
    clinic needs one. The library's registry names the module of each code, and that
    module only imports the library's shared parts, so it is loaded from its file under
    its own name (the importlib recipe for a single source file). None when the code is
    not in the registry or the file is not where it was: the caller then uses the
    registry, which says why a code is unknown.
    """
    import holidays  # imported here: a clinic with no holiday rule never loads it
    from holidays.registry import COUNTRIES

    found = [(module, names[0]) for module, names in COUNTRIES.items() if country in names[1:]]
    if len(found) != 1:
        return None
    module_name, class_name = f"holidays.countries.{found[0][0]}", found[0][1]
    with _LOADING:
        module = sys.modules.get(module_name)
        if module is None:
            path = Path(holidays.__file__).parent / "countries" / f"{found[0][0]}.py"
            spec = importlib.util.spec_from_file_location(module_name, path)
            if spec is None or spec.loader is None or not path.is_file():
                return None
            module = importlib.util.module_from_spec(spec)
            sys.modules[module_name] = module
            try:
                spec.loader.exec_module(module)
            except Exception:
                del sys.modules[module_name]
                raise
    entity = getattr(module, class_name, None)
    return entity if isinstance(entity, type) else None


class HolidayBook(Protocol):
    """Where computed holiday calendars outlive the process (the store supplies one).

    It keeps what the library computed, keyed by the library's version, so a later
    command need not import the library at all. It never raises: a calendar it cannot
    give back is simply not in its answer, and one it cannot keep is left out.
    """

    def recall(
        self, country: str, subdiv: str | None, years: Sequence[int]
    ) -> dict[int, dict[dt.date, str]]:
        """The calendars of ``years`` it holds for the running library (others left out)."""
        ...

    def keep(
        self, country: str, subdiv: str | None, calendars: Mapping[int, dict[dt.date, str]]
    ) -> None:
        """Keep freshly computed calendars, by year, for the next process."""
        ...


#: The book in use (see :func:`keep_holidays_in`); None computes in every process.
_book: HolidayBook | None = None
#: This process's calendars by (country, subdiv, year); the lock makes one thread compute.
_known: dict[tuple[str, str | None, int], dict[dt.date, str]] = {}
_COMPUTING = threading.Lock()
#: Calendars kept in memory at most (a few years of one country in practice).
_KNOWN_MAX = 256


def keep_holidays_in(book: HolidayBook | None) -> None:
    """Recall and keep holiday calendars in ``book`` (the store's cache), or nowhere."""
    global _book
    _book = book


def _compute(country: str, subdiv: str | None, year: int) -> dict[dt.date, str]:
    """The library's real dates of ``year``'s public holidays (never its observed days)."""
    entity = _country_class(country)
    if entity is None:
        import holidays

        calendar = holidays.country_holidays(country, subdiv=subdiv, years=[year], observed=False)
    else:
        calendar = entity(subdiv=subdiv, years=[year], observed=False)
    return dict(calendar.items())


def _calendars(country: str, subdiv: str | None, years: Sequence[int]) -> list[dict[dt.date, str]]:
    """Each of ``years``' public holidays: from memory, else the book, else the library.

    The library is imported only for the years neither holds, and what it computes goes
    into the book in one write.
    """
    with _COMPUTING:
        missing = [year for year in years if (country, subdiv, year) not in _known]
        if len(_known) + len(missing) > _KNOWN_MAX:
            _known.clear()
            missing = list(years)
        if missing and _book is not None:
            for year, days in _book.recall(country, subdiv, missing).items():
                _known[(country, subdiv, year)] = days
            missing = [year for year in missing if (country, subdiv, year) not in _known]
        if missing:
            computed = {year: _compute(country, subdiv, year) for year in missing}
            for year, days in computed.items():
                _known[(country, subdiv, year)] = days
            if _book is not None:
                _book.keep(country, subdiv, computed)
        return [_known[(country, subdiv, year)] for year in years]


def _holidays(country: str, subdiv: str | None, year: int) -> dict[dt.date, str]:
    """The real dates of ``year``'s public holidays (never the library's observed days)."""
    return _calendars(country, subdiv, (year,))[0]


def _closed_days(day: dt.date, name: str, rule: str) -> list[tuple[dt.date, str]]:
    """The days a listed holiday on ``day`` closes the clinic, by the setup's rule.

    ``sunday_to_monday``: its own date (a Saturday too) and, when it falls on a Sunday,
    the Monday after as well. ``federal``: Saturday's moves to the Friday before and
    Sunday's to the Monday after. ``actual``: its own date only.
    """
    observed = f"{name} (observed)"
    if rule == "federal" and day.weekday() == 5:
        return [(day - dt.timedelta(days=1), observed)]
    if rule == "federal" and day.weekday() == 6:
        return [(day + dt.timedelta(days=1), observed)]
    if rule == "sunday_to_monday" and day.weekday() == 6:
        return [(day, name), (day + dt.timedelta(days=1), observed)]
    return [(day, name)]


@lru_cache(maxsize=64)
def _observed(
    country: str, subdiv: str | None, names: tuple[str, ...], rule: str, year: int
) -> dict[dt.date, str]:
    """The clinic's holiday closures in ``year`` (a neighbour year's may move into it)."""
    closed: dict[dt.date, str] = {}
    for calendar in _calendars(country, subdiv, (year - 1, year, year + 1)):
        for day, label in sorted(calendar.items()):
            for part in label.split(";"):
                if part.strip() not in names:
                    continue
                for shut, reason in _closed_days(day, part.strip(), rule):
                    if shut.year == year:
                        closed.setdefault(shut, reason)
    return closed


def holiday_reason(config: ClinicConfig, day: dt.date) -> str | None:
    """The listed holiday that closes the clinic on ``day`` (by the setup's rule), if any."""
    if not config.holiday_country or not config.holiday_names:
        return None
    closed = _observed(
        config.holiday_country,
        config.holiday_subdiv,
        config.holiday_names,
        config.holiday_rule,
        day.year,
    )
    return closed.get(day)


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
