"""``frontdesk bench``: timings of the desk's everyday operations against stock TinyDB.

Everything runs through the same :class:`~console.desk.Desk` the console uses, on a
freshly seeded store in a private temporary folder that is removed afterwards.
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from console import locations, shipped
from console.clinic import status as st
from console.clinic.clock import FixedClock
from console.clinic.localtime import local
from console.clinic.models import Appointment
from console.clinic.search import build_rows, search
from console.desk import USER_ERRORS, Administration, Desk, open_desk
from console.store.stock import StockStore
from console.tools.import_bench import measure_import
from console.tools.seeding import generate

T = TypeVar("T")

NOW = (2026, 11, 24, 10, 30)
#: The size of the import ``bench`` times (the issue's "5,000 rows within a few seconds").
IMPORT_ROWS = 5000
QUERIES = (
    "garcia",
    "nguyen",
    "jonh",
    "maria lop",
    "smith",
    "kim",
    "tran",
    "o'brien",
    "714",
    "2186",
)
ANSWER = "treatment answer per keystroke"
#: Callers' questions, typed into the treatments pane one character at a time.
CALLER_QUESTIONS = (
    "can I take advil before my appointment",
    "how long does the bruising last",
    "does it hurt",
    "how many sessions will I need",
    "do you take insurance",
    "what are your hours on saturday",
    "can I go to the beach after",
    "how often should I massage my face",
    "is it safe to get it on my lips",
    "how long is the appointment",
    "can I take aleve or naproxen",
    "when will I see results",
    "how long do the results last",
    "what is sculptra made of",
    "am I a good candidate",
    "do I need a consultation first",
    "can I wear makeup afterwards",
    "is there any swelling after the injections",
    "where are you located",
    "what is your phone number",
    "can it be used on my buttocks",
    "how is it different from other fillers",
    "is it safe if I am pregnant",
    "how much does it cost",
    "do you offer payment plans",
    "who does the injections",
    "can I exercise after treatment",
    "what should I avoid before the injections",
    "does it numb the skin first",
    "how far apart are the sessions",
)


@dataclass
class Timing:
    """Samples of one operation, in milliseconds."""

    name: str
    samples: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        """Median in ms."""
        return statistics.median(self.samples) if self.samples else float("nan")

    @property
    def p95(self) -> float:
        """95th percentile in ms."""
        if len(self.samples) < 2:
            return self.median
        return statistics.quantiles(self.samples, n=20, method="inclusive")[18]


@dataclass
class Report:
    """What the bench measured."""

    years: float
    patients: int
    appointments: int
    ours: dict[str, Timing]
    stock: dict[str, Timing]
    scaling: dict[str, float] = field(default_factory=dict)
    memory: dict[str, float] = field(default_factory=dict)
    patient_import: dict[str, float] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        """Machine-readable report."""
        ops = {}
        for name, timing in self.ours.items():
            base = self.stock.get(name)
            ops[name] = {
                "median_ms": round(timing.median, 3),
                "p95_ms": round(timing.p95, 3),
                "stock_median_ms": round(base.median, 3) if base else None,
                "stock_p95_ms": round(base.p95, 3) if base else None,
                "speedup": round(base.median / timing.median, 1) if base else None,
            }
        return {
            "years": self.years,
            "patients": self.patients,
            "appointments": self.appointments,
            "operations": ops,
            "checkin_scaling": self.scaling,
            "memory": self.memory,
            "patient_import": self.patient_import,
        }

    def lines(self) -> list[str]:
        """Human-readable table."""
        operations = self.as_json()["operations"]
        # As wide as the longest name ("treatment answer per keystroke").
        width = max([20, *(len(name) + 1 for name in operations)])
        out = [
            f"bench: {self.years:g} years, {self.patients} patients, "
            f"{self.appointments} appointments",
            f"{'operation':<{width}}{'median ms':>10}{'p95 ms':>10}{'stock med':>11}"
            f"{'stock p95':>11}{'speedup':>9}",
        ]
        for name, row in operations.items():
            stock_med = row["stock_median_ms"]
            out.append(
                f"{name:<{width}}{row['median_ms']:>10.3f}{row['p95_ms']:>10.3f}"
                + (
                    f"{stock_med:>11.2f}{row['stock_p95_ms']:>11.2f}{row['speedup']:>8.1f}x"
                    if stock_med is not None
                    else ""
                )
            )
        if self.scaling:
            s = self.scaling
            out.append(
                f"check-in median at 1 year {s['checkin_1y_ms']:.3f} ms, at 10 years "
                f"{s['checkin_10y_ms']:.3f} ms (ratio {s['ratio']:.2f})"
            )
        if self.patient_import:
            i = self.patient_import
            out.append(
                f"patient import: {i['rows']:,} rows previewed in {i['preview_s']:.2f} s, "
                f"imported (all or nothing, duplicate-checked) in {i['import_s']:.2f} s"
            )
        if self.memory:
            m = self.memory
            out.append(
                f"console memory: RSS {m['rss_before_mb']:.1f} MB before, "
                f"{m['rss_after_mb']:.1f} MB after {m['cycles']} pane switches and dialog "
                f"cycles (growth {m['growth_mb']:.1f} MB)"
            )
        return out


def _timed(timing: Timing, fn: Callable[[], T]) -> T:
    start = time.perf_counter()
    result = fn()
    timing.samples.append((time.perf_counter() - start) * 1000)
    return result


def _seeded(folder: Path, years: float, clock: FixedClock, seed: int = 2026):
    desk = open_desk(folder, clock=clock)
    patients, appts = generate(desk, years, seed)
    Administration(desk).bulk_load(patients, appts)
    desk.close()
    return patients, appts


def _checkin_candidates(desk: Desk, appts) -> list:
    today = desk.today()
    return [a for a in appts if a.status in (st.BOOKED, st.CONFIRMED) and a.day(desk.tz) > today]


def _bench_checkins(desk: Desk, clock: FixedClock, candidates, rounds: int, timing: Timing) -> None:
    for appt in candidates[:rounds]:
        # Check-in is only allowed on the visit's day: move the pinned clock there.
        clock.set(appt.start_at(desk.tz).shift(minutes=-10))
        # A treatment visit is checked in with its pre-treatment answers, as at the desk.
        answers = {q.id: "no" for q in desk.screening_questions(appt)} or None
        _timed(timing, partial(desk.checkin, appt.id, answers=answers))


def run_bench(years: float = 5.0, rounds: int = 200, memory: bool = False, json: bool = False):
    """Seed stores, time every operation on ours and on stock TinyDB, return a report."""
    rng = random.Random(7)
    workdir = Path(tempfile.mkdtemp(prefix="frontdesk-bench-"))
    try:
        report = _run(workdir, years, rounds, rng, progress=not json)
        if memory:
            from console.tools.memory_run import measure_console_memory

            report.memory = measure_console_memory(workdir / "ours", _pinned_clock())
        return report
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _pinned_clock() -> FixedClock:
    config = shipped.load_clinic_config(locations.shipped_dir())
    return FixedClock(local(dt.date(*NOW[:3]), dt.time(*NOW[3:]), config.tz), config.tz)


def _say(progress: bool, text: str) -> None:
    if progress:
        print(f"… {text}", flush=True)


def _run(workdir: Path, years: float, rounds: int, rng: random.Random, progress: bool) -> Report:
    clock = _pinned_clock()
    _say(progress, f"seeding {years:g} years")
    patients, appts = _seeded(workdir / "ours", years, clock)
    tz = clock.tz
    _say(progress, "writing the same records to a stock TinyDB file")
    stock = StockStore(workdir / "stock.json")
    stock.load([p.to_doc() for p in patients], [a.to_doc(tz) for a in appts])

    ours = {
        n: Timing(n) for n in ("cold open", "day schedule", "patient search", "booking", "check-in")
    }
    base = {n: Timing(n) for n in ours}
    today = clock.now().date()
    days = [today + dt.timedelta(days=d) for d in range(-10, 11)]

    _say(progress, "timing cold opens")
    for _ in range(min(rounds, 30)):

        def cold() -> None:
            desk = open_desk(workdir / "ours", clock=clock)
            desk.schedule(today)
            desk.close()

        _timed(ours["cold open"], cold)

        def stock_cold() -> None:
            s = StockStore(workdir / "stock.json")
            s.day(today.isoformat())
            s.close()

        _timed(base["cold open"], stock_cold)

    desk = open_desk(workdir / "ours", clock=clock)
    desk.schedule(today)
    desk.find("warm up")
    _say(progress, "timing day schedules and searches")
    for i in range(rounds):
        day = days[i % len(days)]
        _timed(ours["day schedule"], partial(desk.schedule, day))

        def stock_day(d: dt.date = day) -> None:
            stock.day(d.isoformat())

        _timed(base["day schedule"], stock_day)
        query = QUERIES[i % len(QUERIES)]
        _timed(ours["patient search"], partial(desk.find, query))

        def stock_search(q: str = query) -> None:
            docs = stock.all_patients()
            rows = build_rows((d["id"], d["first"], d["last"], d["phone"], d["dob"]) for d in docs)
            search([rows], q)

        _timed(base["patient search"], stock_search)

    _say(progress, "timing bookings")
    future = [today + dt.timedelta(days=d) for d in range(40, 400)]
    booked = 0
    attempts = 0
    while booked < rounds and attempts < rounds * 20:
        attempts += 1
        day = rng.choice(future)
        info = desk.day_info(day)
        if not info.is_open or info.opens is None or info.closes is None:
            continue
        hour = rng.randint(info.opens.hour, info.closes.hour - 1)
        start = local(day, dt.time(hour, rng.choice((0, 15, 30, 45))), tz)
        patient = rng.choice(patients)
        sample = Timing("x")
        try:
            appt = _timed(sample, partial(desk.book, patient.id, start, "follow_up"))
        except USER_ERRORS:
            continue
        ours["booking"].samples.extend(sample.samples)
        booked += 1

        def stock_book(a: Appointment = appt) -> None:
            stock.book(a.to_doc(tz))

        _timed(base["booking"], stock_book)

    _say(progress, "timing treatment answers, one keystroke at a time")
    ours[ANSWER] = _bench_answers(desk)

    _say(progress, "timing durable check-ins")
    candidates = _checkin_candidates(desk, appts)
    rng.shuffle(candidates)
    _bench_checkins(desk, clock, candidates, rounds, ours["check-in"])
    for appt in candidates[:rounds]:
        _timed(base["check-in"], partial(stock.set_status, appt.id, st.ARRIVED))
    _say(progress, f"timing an import of {IMPORT_ROWS:,} patients")
    imported = measure_import(desk, IMPORT_ROWS)
    desk.close()
    stock.close()

    report = Report(years, len(patients), len(appts), ours, base)
    report.patient_import = imported
    _say(progress, "timing check-in at 1 and 10 years")
    report.scaling = _scaling(workdir, rounds)
    return report


def _bench_answers(desk: Desk) -> Timing:
    """Each caller question typed into the answer box: one ``ask`` per prefix, as the pane does."""
    answers = desk.answers
    answers.ask("warm up")
    timing = Timing(ANSWER)
    for question in CALLER_QUESTIONS:
        for typed in range(1, len(question) + 1):
            _timed(timing, partial(answers.ask, question[:typed]))
    return timing


def _scaling(workdir: Path, rounds: int) -> dict[str, float]:
    medians = {}
    for years in (1, 10):
        clock = _pinned_clock()
        folder = workdir / f"scale-{years}"
        _patients, appts = _seeded(folder, years, clock, seed=11)
        desk = open_desk(folder, clock=clock)
        desk.schedule(clock.now().date())
        candidates = _checkin_candidates(desk, appts)
        random.Random(3).shuffle(candidates)
        timing = Timing("check-in")
        _bench_checkins(desk, clock, candidates, rounds, timing)
        medians[years] = timing.median
        desk.close()
    return {
        "checkin_1y_ms": round(medians[1], 3),
        "checkin_10y_ms": round(medians[10], 3),
        "ratio": round(medians[10] / medians[1], 2),
    }
