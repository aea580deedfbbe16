"""``frontdesk bench``: timings of the desk's everyday operations against stock TinyDB.

Everything runs through the same :class:`~console.desk.Desk` the console uses, on a
freshly seeded store in a private temporary folder that is removed afterwards.
"""

from __future__ import annotations

import datetime as dt
import json as json_module
import os
import random
import shutil
import statistics
import subprocess
import sys
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
from console.clinic.models import Appointment, Patient
from console.clinic.search import build_rows, search
from console.desk import USER_ERRORS, Administration, Desk, open_desk
from console.store.stock import StockStore
from console.tools.import_bench import measure_import
from console.tools.seeding import generate

T = TypeVar("T")

#: Rounds of ours per operation; stock TinyDB re-reads its whole file (7 MB at 5 years,
#: about a second a round on this machine) so it gets far fewer: still real medians.
ROUNDS = 100
STOCK_ROUNDS = 10
COLD_OPENS = 20
#: Fresh processes per side for start-up and cold ``day`` (alternating).
PROCESS_ROUNDS = 3
#: The check-in scaling pair and the large store the RSS is measured on.
SCALE_YEARS = (1.0, 10.0)
PROBE_TIMEOUT_S = 120
BARE_IMPORTS = "import arrow, tinydb, orjson, filelock"
#: Issue 14's targets, shown next to each ratio.
RSS_TARGET = 1.25
RSS_GROWTH_TARGET = 1.1
STARTUP_TARGET = 1.5
COLD_DAY_TARGET = 1.5

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
#: A console's first lookup after start-up (the issue's "including the first one").
FIRST_SEARCH = "first search after start-up"
#: The operations timed on ours and on stock TinyDB, in the report's order.
STOCKED = ("cold open", FIRST_SEARCH, "day schedule", "patient search", "booking", "check-in")
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
    processes: dict[str, Any] = field(default_factory=dict)
    patient_import: dict[str, float] = field(default_factory=dict)
    wall_s: float = 0.0

    def as_json(self) -> dict[str, Any]:
        """Machine-readable report."""
        ops = {}
        for name, timing in self.ours.items():
            base = self.stock.get(name)
            ops[name] = {
                "median_ms": round(timing.median, 3),
                "p95_ms": round(timing.p95, 3),
                "rounds": len(timing.samples),
                "stock_median_ms": round(base.median, 3) if base else None,
                "stock_p95_ms": round(base.p95, 3) if base else None,
                "stock_rounds": len(base.samples) if base else None,
                "speedup": round(base.median / timing.median, 1) if base else None,
            }
        return {
            "years": self.years,
            "patients": self.patients,
            "appointments": self.appointments,
            "operations": ops,
            "checkin_scaling": self.scaling,
            "processes": self.processes,
            "patient_import": self.patient_import,
            "wall_s": round(self.wall_s, 1),
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
        stock_rounds = set()
        for name, row in operations.items():
            stock_med = row["stock_median_ms"]
            if row["stock_rounds"]:
                stock_rounds.add(row["stock_rounds"])
            out.append(
                f"{name:<{width}}{row['median_ms']:>10.3f}{row['p95_ms']:>10.3f}"
                + (
                    f"{stock_med:>11.2f}{row['stock_p95_ms']:>11.2f}{row['speedup']:>8.1f}x"
                    if stock_med is not None
                    else ""
                )
            )
        if stock_rounds:
            ours_rounds = max(row["rounds"] for row in operations.values() if row["stock_rounds"])
            out.append(
                f"(up to {ours_rounds} rounds of ours per operation; stock TinyDB re-reads its "
                f"whole file each time, so only {max(stock_rounds)} rounds of stock: medians)"
            )
        if self.scaling:
            s = self.scaling
            out.append(
                f"check-in median at {_years(s['small_years'])} {s['checkin_1y_ms']:.3f} ms, at "
                f"{_years(s['large_years'])} {s['checkin_10y_ms']:.3f} ms "
                f"(ratio {s['ratio']:.2f}, target <= 1.5)"
            )
        out.extend(_process_lines(self.processes))
        if self.patient_import:
            i = self.patient_import
            out.append(
                f"patient import: {i['rows']:,} rows previewed in {i['preview_s']:.2f} s, "
                f"imported (all or nothing, duplicate-checked) in {i['import_s']:.2f} s"
            )
        out.append(f"bench wall time {self.wall_s:.0f} s")
        return out


def _years(years: float) -> str:
    """``1 year``, ``5 years``, ``0.04 years``: how the report names a store's size."""
    return f"{years:g} year" + ("" if years == 1 else "s")


def _process_lines(processes: dict[str, Any]) -> list[str]:
    """The whole-process ratios, each with its target."""
    out = []
    if rss := processes.get("rss"):
        mb = rss["mb"]
        sizes = ", ".join(f"{name} {value:.0f} MB" for name, value in mb.items())
        out.append(f"console RSS after a lookup, a day forward and check-in: {sizes}")
        for ratio in rss["ratios"]:
            out.append(
                f"  {ratio['of']} / {ratio['to']}: {ratio['ratio']:.2f}x (target <= "
                f"{ratio['target']:g}x)"
            )
    for key, label in (("startup", "start-up to first frame"), ("cold_day", "cold `day`")):
        if pair := processes.get(key):
            out.append(
                f"{label}: {pair['ours_s']:.2f} s vs {pair['baseline']} {pair['baseline_s']:.2f} s"
                f" = {pair['ratio']:.2f}x (target <= {pair['target']:g}x, medians of "
                f"{len(pair['ours_samples'])})"
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


def run_bench(
    years: float = 5.0,
    rounds: int = ROUNDS,
    memory: bool = True,
    json: bool = False,
    *,
    stock_rounds: int = STOCK_ROUNDS,
    process_rounds: int = PROCESS_ROUNDS,
    scale: tuple[float, float] = SCALE_YEARS,
) -> Report:
    """Seed each store once, time every operation on ours and on stock TinyDB, return a report.

    With ``memory`` the console itself is measured too, each figure in fresh processes:
    RSS on an empty store, on ``years`` and on the larger ``scale`` size; start-up against
    a minimal Textual app; cold ``day`` against bare imports.
    """
    began = time.perf_counter()
    progress = not json
    rng = random.Random(7)
    workdir = Path(tempfile.mkdtemp(prefix="frontdesk-bench-"))
    try:
        clock = _pinned_clock()
        stores = _seed_all(workdir, (years, *scale), clock, progress)
        main_store, (patients, appts) = stores[years]
        processes: dict[str, Any] = {}
        if memory:
            # Before the timed operations add bookings and imported patients to the store.
            processes = _process_figures(
                workdir, years, scale[1], stores, clock, process_rounds, progress
            )
        report = _run(
            workdir, main_store, patients, appts, clock, rounds, stock_rounds, rng, progress
        )
        report.years = years
        report.processes = processes
        report.scaling = _scaling(stores, scale, rounds, progress)
        report.wall_s = time.perf_counter() - began
        return report
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _pinned_clock() -> FixedClock:
    config = shipped.load_clinic_config(locations.shipped_dir())
    return FixedClock(local(dt.date(*NOW[:3]), dt.time(*NOW[3:]), config.tz), config.tz)


def _say(progress: bool, text: str) -> None:
    if progress:
        print(f"… {text}", flush=True)


Seeded = tuple[Path, tuple[list[Patient], list[Appointment]]]


def _seed_all(
    workdir: Path, sizes: tuple[float, ...], clock: FixedClock, progress: bool
) -> dict[float, Seeded]:
    """One store per size, each seeded once (and reused by every measurement)."""
    stores: dict[float, Seeded] = {}
    for years in sizes:
        if years in stores:
            continue
        _say(progress, f"seeding {_years(years)}")
        folder = workdir / f"store-{years:g}y"
        stores[years] = (folder, _seeded(folder, years, FixedClock(clock.now(), clock.tz)))
    return stores


def _run(
    workdir: Path,
    folder: Path,
    patients: list[Patient],
    appts: list[Appointment],
    clock: FixedClock,
    rounds: int,
    stock_rounds: int,
    rng: random.Random,
    progress: bool,
) -> Report:
    """Every operation: ``rounds`` times on ours, the first ``stock_rounds`` also on stock."""
    tz = clock.tz
    stock_rounds = min(stock_rounds, rounds)
    _say(progress, "writing the same records to a stock TinyDB file")
    stock = StockStore(workdir / "stock.json")
    stock.load([p.to_doc() for p in patients], [a.to_doc(tz) for a in appts])

    ours = {n: Timing(n) for n in STOCKED}
    base = {n: Timing(n) for n in ours}
    today = clock.now().date()
    days = [today + dt.timedelta(days=d) for d in range(-10, 11)]

    _say(progress, "timing cold opens")
    for i in range(min(rounds, COLD_OPENS)):

        def cold() -> None:
            desk = open_desk(folder, clock=clock)
            desk.schedule(today)
            desk.close()

        _timed(ours["cold open"], cold)
        # A console's first lookup: after its first frame and the index its worker
        # builds then (``Desk.warm_up``), as when a caller is on the phone at opening.
        started = open_desk(folder, clock=clock)
        started.schedule(today)
        started.warm_up()
        _timed(ours[FIRST_SEARCH], partial(started.find, QUERIES[i % len(QUERIES)]))
        started.close()
        if i < stock_rounds:
            _timed(base[FIRST_SEARCH], partial(_stock_search, stock, QUERIES[i % len(QUERIES)]))

            def stock_cold() -> None:
                s = StockStore(workdir / "stock.json")
                s.day(today.isoformat())
                s.close()

            _timed(base["cold open"], stock_cold)

    desk = open_desk(folder, clock=clock)
    desk.schedule(today)
    desk.warm_up()  # what the console does in a worker after its first frame
    _say(progress, "timing day schedules and searches")
    for i in range(rounds):
        day = days[i % len(days)]
        query = QUERIES[i % len(QUERIES)]
        _timed(ours["day schedule"], partial(desk.schedule, day))
        _timed(ours["patient search"], partial(desk.find, query))
        if i < stock_rounds:

            def stock_day(d: dt.date = day) -> None:
                stock.day(d.isoformat())

            _timed(base["day schedule"], stock_day)
            _timed(base["patient search"], partial(_stock_search, stock, query))

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
        if booked <= stock_rounds:

            def stock_book(a: Appointment = appt) -> None:
                stock.book(a.to_doc(tz))

            _timed(base["booking"], stock_book)

    _say(progress, "timing treatment answers, one keystroke at a time")
    ours[ANSWER] = _bench_answers(desk)

    _say(progress, "timing durable check-ins")
    candidates = _checkin_candidates(desk, appts)
    rng.shuffle(candidates)
    _bench_checkins(desk, clock, candidates, rounds, ours["check-in"])
    for appt in candidates[:stock_rounds]:
        _timed(base["check-in"], partial(stock.set_status, appt.id, st.ARRIVED))
    _say(progress, f"timing an import of {IMPORT_ROWS:,} patients")
    imported = measure_import(desk, IMPORT_ROWS)
    desk.close()
    stock.close()

    report = Report(0, len(patients), len(appts), ours, base)
    report.patient_import = imported
    return report


def _stock_search(stock: StockStore, query: str) -> None:
    """A patient search on stock TinyDB: every patient read, then the same ranking."""
    docs = stock.all_patients()
    search(
        [build_rows((d["id"], d["first"], d["last"], d["phone"], d["dob"]) for d in docs)], query
    )


def _bench_answers(desk: Desk) -> Timing:
    """Each caller question typed into the answer box: one ``ask`` per prefix, as the pane does."""
    answers = desk.answers
    answers.ask("warm up")
    timing = Timing(ANSWER)
    for question in CALLER_QUESTIONS:
        for typed in range(1, len(question) + 1):
            _timed(timing, partial(answers.ask, question[:typed]))
    return timing


def _scaling(
    stores: dict[float, Seeded], scale: tuple[float, float], rounds: int, progress: bool
) -> dict[str, float]:
    """Check-in medians on the small and the large store (seeded once, reused here)."""
    _say(progress, f"timing check-in at {_years(scale[0])} and {_years(scale[1])}")
    medians = {}
    for years in scale:
        clock = _pinned_clock()
        folder, (_patients, appts) = stores[years]
        desk = open_desk(folder, clock=clock)
        desk.schedule(clock.now().date())
        candidates = _checkin_candidates(desk, appts)
        random.Random(3).shuffle(candidates)
        timing = Timing("check-in")
        _bench_checkins(desk, clock, candidates, rounds, timing)
        medians[years] = timing.median
        desk.close()
    return {
        "small_years": scale[0],
        "large_years": scale[1],
        "checkin_1y_ms": round(medians[scale[0]], 3),
        "checkin_10y_ms": round(medians[scale[1]], 3),
        "ratio": round(medians[scale[1]] / medians[scale[0]], 2),
    }


def _process_figures(
    workdir: Path,
    years: float,
    large: float,
    stores: dict[float, Seeded],
    clock: FixedClock,
    process_rounds: int,
    progress: bool,
) -> dict[str, Any]:
    """Whole-process figures, each pair measured in this run, alternating, medians."""
    env = {**os.environ, "FRONTDESK_NOW": clock.now().isoformat()}
    _compile_package()
    folder = stores[years][0]
    _say(
        progress,
        f"measuring the console's RSS: empty, {_years(years)} and {_years(large)}",
    )
    folders = {"empty": workdir / "empty"}
    folders.update({_years(size): stores[size][0] for size in (years, large)})
    # One fresh console process per store, so each RSS is that console and nothing else.
    # Each looks up a patient its store holds (the empty store: a name it does not).
    names = {_years(size): _plain_surname(stores[size][1][0]) for size in (years, large)}
    sessions = {
        name: _probe_json(
            [
                "console.tools.memory_run",
                "--data-dir",
                str(path),
                "--find",
                names.get(name, "garcia"),
            ],
            env,
        )
        for name, path in folders.items()
    }
    mb = {name: session["rss_mb"] for name, session in sessions.items()}
    small, big = _years(years), _years(large)
    rss = {
        "mb": mb,
        "sessions": sessions,
        "ratios": [
            {
                "of": small,
                "to": "empty",
                "ratio": round(mb[small] / mb["empty"], 2),
                "target": RSS_TARGET,
            },
            {
                "of": big,
                "to": small,
                "ratio": round(mb[big] / mb[small], 2),
                "target": RSS_GROWTH_TARGET,
            },
        ],
    }
    _say(progress, f"timing start-up to first frame, {process_rounds} rounds each")
    startup = _pair(
        ["console.tools.startup_probe", "--data-dir", str(folder)],
        ["console.tools.startup_probe", "--minimal"],
        env,
        process_rounds,
        probe=True,
    )
    startup.update(baseline="a minimal Textual app", target=STARTUP_TARGET)
    _say(progress, f"timing cold `day`, {process_rounds} rounds each")
    cold = _pair(
        ["console", "--data-dir", str(folder), "day"],
        ["-c", BARE_IMPORTS],
        env,
        process_rounds,
        probe=False,
    )
    cold.update(baseline="bare imports", target=COLD_DAY_TARGET)
    return {"rss": rss, "startup": startup, "cold_day": cold}


def _compile_package() -> None:
    """Compile the console's modules to bytecode first, as an installed package has them.

    Python writes them itself on a first import, unless ``PYTHONDONTWRITEBYTECODE`` is
    set or the code just changed: then every timed process would compile each module
    again, and the figures would measure the compiler rather than the start-up.
    """
    import compileall

    compileall.compile_dir(Path(__file__).resolve().parents[1], quiet=1)


def _plain_surname(patients: list[Patient]) -> str:
    """A surname typed as plain keys (the probe presses one key per character)."""
    return next((p.last for p in patients if p.last.isascii() and p.last.isalpha()), "garcia")


def _python(args: list[str]) -> list[str]:
    """``python -m module args`` (or ``python -c``) with this interpreter."""
    return [sys.executable, *(args if args[0] == "-c" else ["-m", *args])]


def _probe_json(args: list[str], env: dict[str, str]) -> dict[str, Any]:
    """Run a probe in a fresh process and read the JSON it prints last."""
    done = subprocess.run(
        _python(args), env=env, capture_output=True, text=True, timeout=PROBE_TIMEOUT_S, check=True
    )
    return json_module.loads(done.stdout.strip().splitlines()[-1])


def _wall(args: list[str], env: dict[str, str]) -> float:
    """Seconds a fresh process takes from start to exit."""
    start = time.perf_counter()
    subprocess.run(_python(args), env=env, capture_output=True, timeout=PROBE_TIMEOUT_S, check=True)
    return time.perf_counter() - start


def _pair(
    ours: list[str], baseline: list[str], env: dict[str, str], rounds: int, *, probe: bool
) -> dict[str, Any]:
    """Ours and the baseline, alternating so both see the same load; medians and their ratio."""
    ours_s: list[float] = []
    base_s: list[float] = []
    for _ in range(rounds):
        for args, samples in ((ours, ours_s), (baseline, base_s)):
            samples.append(_probe_json(args, env)["seconds"] if probe else _wall(args, env))
    ours_med, base_med = statistics.median(ours_s), statistics.median(base_s)
    return {
        "ours_s": round(ours_med, 3),
        "baseline_s": round(base_med, 3),
        "ratio": round(ours_med / base_med, 2),
        "ours_samples": [round(x, 3) for x in ours_s],
        "baseline_samples": [round(x, 3) for x in base_s],
    }
