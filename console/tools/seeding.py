"""Realistic synthetic clinic history, for demos and benchmarks. Never real patients.

Names come from Faker in the locales of La Mirada's neighbourhoods, plus the names
that break weaker software: accents, apostrophes, hyphens and bracketed nicknames.
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
from dataclasses import dataclass, replace
from pathlib import Path

import arrow
from faker import Faker
from rich.progress import Progress

from console.clinic import status as st
from console.clinic.availability import working_windows
from console.clinic.errors import InvalidInput
from console.clinic.hours import day_info
from console.clinic.models import Appointment, Patient, StatusChange, entries
from console.clinic.phone import normalise_phone
from console.desk import Administration, Desk, open_desk
from console.tools.demo_setup import write_demo_setup

PATIENTS_PER_YEAR = 1600
AREA_CODES = ("714", "562", "657", "949", "626", "323")
LOCALES = {"en_US": 50, "es_MX": 28, "vi_VN": 10, "fr_FR": 4, "en_PH": 8}
TRICKY_LAST = (
    "O'Brien",
    "D'Angelo",
    "Smith-Jones",
    "García-López",
    "Nguyễn",
    "Lê",
    "Ó Súilleabháin",
)
NICKNAMES = ("[Bob]", "[Annie]", "[Tiny]", "[b]", "[/]", "[red]")
DEMO_MARKER = ".demo"


#: Alerts a few synthetic patients carry (what the desk must not miss about them).
ALERTS = (
    "Needs a Spanish speaker",
    "Hard of hearing: face them and speak clearly",
    "Uses a wheelchair: Room 1",
)


def to_iso(moment: arrow.Arrow) -> str:
    """:func:`console.clinic.localtime.to_iso`, the same text without Arrow's ``span``.

    Arrow's ``floor("second")`` rebuilds the instant with ``fold=0`` and drops the
    microseconds; doing just that is a third of a seed's time saved (tens of thousands
    of calls per year of history).
    """
    return moment.datetime.replace(microsecond=0, fold=0).isoformat()


def _shift(moment: arrow.Arrow, *, days: int = 0, minutes: int = 0) -> arrow.Arrow:
    """``moment.shift(days=..., minutes=...)``: the same wall-clock step, without the
    ``relativedelta`` Arrow builds for each call (the seed's hottest line)."""
    current = moment.datetime + dt.timedelta(days=days, minutes=minutes)
    # A wall time that exists survives the round trip through UTC (dateutil's test);
    # one skipped by a clock change is left to Arrow, which moves it past the gap.
    wall = current.replace(tzinfo=None)
    if current.astimezone(dt.UTC).astimezone(current.tzinfo).replace(tzinfo=None) != wall:
        return moment.shift(days=days, minutes=minutes)
    return arrow.Arrow.fromdatetime(current)


def _alert(patient: Patient, rng: random.Random) -> str:
    """About one patient in ten has an alert, a third of those with a lidocaine allergy."""
    draw = rng.random()
    if "Lidocaine" in patient.allergies and draw < 1 / 3:
        return "Allergic to lidocaine"
    return rng.choice(ALERTS) if draw > 19 / 20 else ""


def _phone(rng: random.Random) -> str:
    while True:
        raw = f"({rng.choice(AREA_CODES)}) {rng.randint(200, 999)}-{rng.randint(0, 9999):04d}"
        try:
            return normalise_phone(raw)
        except InvalidInput:
            continue


def _person(fakers: dict[str, Faker], rng: random.Random) -> tuple[str, str]:
    locale = rng.choices(list(LOCALES), weights=list(LOCALES.values()))[0]
    fake = fakers[locale]
    first, last = fake.first_name(), fake.last_name()
    roll = rng.random()
    if roll < 0.03:
        last = rng.choice(TRICKY_LAST)
    elif roll < 0.045:
        first = f"{first} {rng.choice(NICKNAMES)}"
    return first, last


def _history(status: str, start: dt.datetime, created: dt.datetime) -> tuple[StatusChange, ...]:
    steps = [StatusChange(st.BOOKED, created.isoformat(timespec="seconds"))]
    chain = {
        st.CONFIRMED: [st.CONFIRMED],
        st.ARRIVED: [st.CONFIRMED, st.ARRIVED],
        st.IN_TREATMENT: [st.CONFIRMED, st.ARRIVED, st.IN_TREATMENT],
        st.COMPLETED: [st.CONFIRMED, st.ARRIVED, st.IN_TREATMENT, st.COMPLETED],
        st.CANCELLED: [st.CANCELLED],
        st.NO_SHOW: [st.CONFIRMED, st.NO_SHOW],
    }.get(status, [])
    offsets = {
        st.CONFIRMED: dt.timedelta(days=-1, hours=-2),
        st.ARRIVED: dt.timedelta(minutes=-6),
        st.IN_TREATMENT: dt.timedelta(minutes=4),
        st.COMPLETED: dt.timedelta(minutes=50),
        st.CANCELLED: dt.timedelta(days=-2),
        st.NO_SHOW: dt.timedelta(minutes=25),
    }
    for step in chain:
        steps.append(StatusChange(step, (start + offsets[step]).isoformat(timespec="seconds")))
    return tuple(steps)


def _answers(questions: tuple[str, ...], at: arrow.Arrow) -> dict[str, object]:
    """A check-in's pre-treatment record with every question answered no."""
    return {
        "answers": dict.fromkeys(questions, "no"),
        "flagged": [],
        "details": {},
        "at": to_iso(at),
    }


@dataclass
class _Due:
    """A Sculptra session that a patient's series is waiting for."""

    due: dt.date
    patient: Patient
    series_id: str
    number: int


def _take_due(pending: list[_Due], day: dt.date, busy: set[str]) -> _Due | None:
    """The longest-waiting series whose next session is due by ``day``."""
    for index, item in enumerate(pending):
        if item.due <= day and item.patient.id not in busy:
            return pending.pop(index)
    return None


def _follow_up(pending: list[_Due], series: _Due, status: str, day: dt.date, rng) -> None:
    """Queue the series' next session (most patients finish; a few drop out)."""
    if status in (st.CANCELLED, st.NO_SHOW):
        pending.append(
            _Due(day + dt.timedelta(days=7), series.patient, series.series_id, series.number)
        )
    elif series.number < 3 and rng.random() > 0.05:
        due = day + dt.timedelta(days=rng.randint(28, 42))
        pending.append(_Due(due, series.patient, series.series_id, series.number + 1))
    pending.sort(key=lambda item: item.due)


def generate(
    desk: Desk, years: float, seed: int, progress: bool = False
) -> tuple[list[Patient], list[Appointment]]:
    """Patients and appointments for ``years`` of history up to today plus four weeks ahead."""
    rng = random.Random(seed)
    fakers = {loc: Faker(loc) for loc in LOCALES}
    for i, fake in enumerate(fakers.values()):
        fake.seed_instance(seed + i)
    config = desk.config
    sculptra = desk.treatments.get("sculptra")
    questions = tuple(q.id for q in sculptra.questions) if sculptra else ()
    now = desk.now()
    today = now.date()
    first_day = today - dt.timedelta(days=int(365 * years))
    last_day = today + dt.timedelta(days=28)
    total_days = (last_day - first_day).days + 1
    patients: list[Patient] = []
    appointments: list[Appointment] = []
    target_patients = int(PATIENTS_PER_YEAR * years)
    types = [("consultation", 30), ("sculptra", 25), ("follow_up", 20), ("skin_care", 25)]
    pending: list[_Due] = []
    rooms = [r.name for r in config.room_list if r.in_service] or list(config.rooms)
    progress_bar = Progress(transient=True, disable=not progress)
    with progress_bar:
        task = progress_bar.add_task("Seeding", total=total_days)
        for offset in range(total_days):
            day = first_day + dt.timedelta(days=offset)
            progress_bar.advance(task)
            info = day_info(config, day)
            if not info.bookable:
                continue
            if info.kind == "by_appointment" and rng.random() < 0.6:
                continue
            booked_today: set[str] = set()
            for p_index, provider in enumerate(config.providers):
                gives = config.provider_hours(provider)
                room = rooms[p_index % len(rooms)]
                cap = 2 if info.kind == "by_appointment" else 99
                # Only inside the provider's working windows (hours, breaks, time off),
                # each visit followed by its type's buffer: what the booking rules allow.
                for cursor, closes in working_windows(config, provider, day):
                    while cap > 0:
                        cursor = _shift(cursor, minutes=rng.choice((0, 0, 15, 15, 30, 45, 60)))
                        key = rng.choices([t for t, _ in types], weights=[w for _, w in types])[0]
                        if not gives.gives(key):
                            key = rng.choice([t for t, _ in types if gives.gives(t)])
                        kind = config.appointment_types[key]
                        minutes = kind.minutes
                        if _shift(cursor, minutes=minutes) > closes:
                            break
                        if kind.room not in (None, room):
                            cursor = _shift(cursor, minutes=minutes)
                            continue  # the room this type needs is another provider's
                        cap -= 1
                        # Sculptra comes in series: a patient whose next session is due
                        # takes this slot; otherwise a new series starts.
                        series = (
                            _take_due(pending, day, booked_today) if key == "sculptra" else None
                        )
                        # A growing patient base: new patients early, returning ones later.
                        need_new = len(patients) < target_patients * (offset + 1) / total_days
                        if series is not None:
                            patient = series.patient
                        elif need_new or not patients:
                            created = _shift(cursor, days=-rng.randint(1, 20))
                            first, last = _person(fakers, rng)
                            patient = Patient(
                                id=f"P-{len(patients):06X}",
                                first=first,
                                last=last,
                                phone=_phone(rng),
                                dob=dt.date(
                                    rng.randint(1948, 2004), rng.randint(1, 12), rng.randint(1, 28)
                                ),
                                email=f"{first.split()[0].lower()}.{len(patients)}@example.com",
                                conditions=entries(
                                    rng.choice(
                                        ["", "", "", "", "High blood pressure", "Diabetes (type 2)"]
                                    )
                                ),
                                allergies=entries(
                                    rng.choice(["", "", "", "", "Lidocaine", "Latex", "Penicillin"])
                                ),
                                created=to_iso(created),
                            )
                            patient = replace(patient, alert=_alert(patient, rng))
                            patients.append(patient)
                        else:
                            # A returning patient who is not already booked that day.
                            patient = patients[rng.randrange(len(patients))]
                            while patient.id in booked_today and len(booked_today) < len(patients):
                                patient = patients[rng.randrange(len(patients))]
                        booked_today.add(patient.id)
                        start = cursor
                        if start < now:
                            status = rng.choices(
                                [st.COMPLETED, st.NO_SHOW, st.CANCELLED], weights=[88, 5, 7]
                            )[0]
                            if day == today and _shift(start, minutes=minutes) > now:
                                status = st.IN_TREATMENT
                        else:
                            status = (
                                rng.choice([st.BOOKED, st.CONFIRMED])
                                if day != today
                                else st.CONFIRMED
                            )
                        if (
                            day == today
                            and status in (st.COMPLETED, st.NO_SHOW)
                            and rng.random() < 0.2
                        ):
                            status = (
                                st.CONFIRMED
                            )  # a few of today's visits still waiting on the desk
                        created_at = _shift(start, days=-rng.randint(1, 30))
                        aid = f"A-{len(appointments):07X}"
                        extra = {}
                        if key == "sculptra":
                            series = series or _Due(day, patient, aid, 1)
                            extra["series"] = {
                                "id": series.series_id,
                                "number": series.number,
                                "of": 3,
                            }
                            _follow_up(pending, series, status, day, rng)
                            if status in (st.ARRIVED, st.IN_TREATMENT, st.COMPLETED):
                                # Checked in the way the desk checks in: questions answered.
                                arrived = _shift(start, minutes=-6)
                                extra["pre_treatment"] = _answers(questions, arrived)
                        appointments.append(
                            Appointment(
                                id=aid,
                                patient_id=patient.id,
                                start=to_iso(start),
                                minutes=minutes,
                                type=key,
                                provider=provider,
                                room=room,
                                status=status,
                                created=to_iso(created_at),
                                history=_history(status, start.datetime, created_at.datetime),
                                extra=extra,
                            )
                        )
                        cursor = _shift(cursor, minutes=minutes + kind.buffer)
    return patients, appointments


def seed_store(
    desk: Desk, years: float, seed: int = 2026, progress: bool = False, *, setup: bool = False
) -> dict[str, int]:
    """Fill the desk's store with synthetic history and return the counts.

    With ``setup`` a store without a setup of its own first gets the demo clinic's
    (``demo_setup.py``: providers' hours, days off, breaks, time off, a Sunday shift);
    the visits are then laid out inside each provider's working windows either way.
    """
    if not 0 < years <= 20:  # also refuses nan
        raise InvalidInput("--years must be more than 0 and at most 20.", "years")
    existing = desk.patient_count()
    if existing:
        raise InvalidInput(
            f"The store at {desk.store.root} already holds {existing} patients; "
            "seed only an empty store (use --data-dir).",
            "years",
        )
    if setup and not desk.setup_stored():
        write_demo_setup(desk)
    patients, appointments = generate(desk, years, seed, progress)
    Administration(desk).bulk_load(patients, appointments)
    return {"patients": len(patients), "appointments": len(appointments)}


def prepare_demo(folder: Path, years: float = 1.0) -> None:
    """Make ``folder`` a fresh demo store for today (re-seeded when the day changes).

    Only a folder this function created (it holds the demo marker) is ever cleared.
    """
    marker = folder / DEMO_MARKER
    desk_probe = open_desk(folder) if folder.exists() and marker.exists() else None
    today = None
    if desk_probe is not None:
        today = desk_probe.today().isoformat()
        desk_probe.close()
        if marker.read_text().strip() == today:
            return
        shutil.rmtree(folder)
    elif folder.exists() and any(folder.iterdir()):
        raise InvalidInput(
            f"{folder} holds data that is not a demo store; choose another --data-dir."
        )
    desk = open_desk(folder)
    try:
        seed_store(desk, years, progress=True, setup=True)
        marker.write_text(desk.today().isoformat())
        marker.chmod(0o600)
    finally:
        desk.close()
