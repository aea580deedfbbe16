"""A clinic store for app and snapshot tests, pinned to Tue 24 Nov 2026 10:30.

Volume comes from the project's seeder, run with the clock at 1 Sep 2026 so its
synthetic visits all end before November. Everything the tests look at (Sunday
29 Nov, Thanksgiving, the busy Tuesday 24 Nov) is written here by hand with fixed
ids, so the tests and snapshots do not move when the seeder changes.

The store is built once per session (``build_store``) and copied for each test.
"""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass
from pathlib import Path

import arrow

from console.clinic import status as st
from console.clinic.clock import FixedClock
from console.clinic.localtime import to_iso
from console.clinic.models import Appointment, Patient, StatusChange
from console.desk import Administration, Desk, Visit
from console.locations import shipped_dir
from console.shipped import load_clinic_config, load_content, load_treatments
from console.store import Store
from console.tools.seeding import seed_store

CONFIG = load_clinic_config(shipped_dir())
TREATMENTS = load_treatments(shipped_dir())
#: All the shipped content: the clinic's facts and the not-covered topics too.
CONTENT = load_content(shipped_dir())
TZ = CONFIG.tz
NOW = arrow.Arrow(2026, 11, 24, 10, 30, tzinfo=TZ)
CREATED = "2026-10-01T09:00:00-07:00"

EVIL = Patient(
    id="P-EV1100",
    first="[red]Evil[/red]",
    last="O'Brien",
    phone="+17145550101",
    allergies=("Lidocaine [severe]",),
    conditions=("[b]none[/b]",),
    created=CREATED,
)
BOB = Patient(
    id="P-B0B000",
    first="Robert [Bob]",
    last="Castellanos-Whitmore de la Fontaine",
    phone="+15625550188",
    created=CREATED,
)
ROSA = Patient(
    id="P-R05A00",
    first="Rosalind",
    last="Nguyễn",
    phone="+17145550142",
    email="rosalind@example.com",
    conditions=("High blood pressure",),
    created=CREATED,
)
NAMES = (
    ("Maria", "García-López"),
    ("Thanh", "Lê"),
    ("Jordan", "Park"),
    ("Aisha", "Rahman"),
    ("Carmen", "Delgado"),
    ("Patrick", "D'Angelo"),
    ("Mei", "Chen"),
    ("Samuel", "Okafor"),
    ("Linh", "Trần"),
    ("Grace", "Villanueva"),
    ("Diego", "Ramírez"),
    ("Hannah", "Schmidt"),
    ("Olu", "Adeyemi"),
    ("Ruth", "Quartermaine"),
    ("Zoe", "Quartermain"),
)
PEOPLE = {
    f"{first} {last}": Patient(
        id=f"P-H{n:05X}",
        first=first,
        last=last,
        phone=f"+1562555{n + 200:04d}",
        created=CREATED,
    )
    for n, (first, last) in enumerate(NAMES)
}
for _p in (EVIL, BOB, ROSA):
    PEOPLE[_p.name] = _p


@dataclass(frozen=True)
class Plan:
    """One hand-made visit: day of November 2026, start, type, who, provider, status."""

    day: int
    start: str
    type: str
    who: str
    provider: str
    status: str = st.CONFIRMED
    arrived: str = ""  # HH:MM when the patient arrived
    outside_hours: bool = False


A, B = "Provider A", "Provider B"
PLANS = (
    # Monday 23: a quiet past day.
    Plan(23, "09:30", "consultation", "Mei Chen", A, st.COMPLETED),
    Plan(23, "11:00", "sculptra", "Ruth Quartermaine", B, st.COMPLETED),
    # Tuesday 24 (today, 10:30): the busy day.
    Plan(24, "09:00", "consultation", "Maria García-López", A, st.COMPLETED),
    Plan(24, "09:30", "sculptra", "Thanh Lê", A, st.IN_TREATMENT, arrived="09:24"),
    Plan(24, "10:45", "follow_up", "Rosalind Nguyễn", A, st.ARRIVED, arrived="10:18"),
    Plan(24, "11:00", "sculptra", "Jordan Park", A),
    Plan(24, "12:00", "skin_care", "Aisha Rahman", A),
    Plan(24, "13:00", "follow_up", "Carmen Delgado", A, st.BOOKED),
    Plan(24, "14:00", "sculptra", "Patrick D'Angelo", A),
    Plan(24, "15:30", "consultation", "Mei Chen", A, st.BOOKED),
    Plan(24, "16:30", "skin_care", "Samuel Okafor", A),
    Plan(24, "18:00", "follow_up", BOB.name, A, st.BOOKED, outside_hours=True),
    Plan(24, "09:00", "skin_care", "Linh Trần", B, st.NO_SHOW),
    Plan(24, "10:00", "follow_up", "Grace Villanueva", B, st.CANCELLED),
    Plan(24, "10:15", "follow_up", EVIL.name, B),
    Plan(24, "10:30", "consultation", "Diego Ramírez", B),
    Plan(24, "11:15", "skin_care", "Hannah Schmidt", B, st.BOOKED),
    Plan(24, "12:30", "sculptra", "Olu Adeyemi", B),
    Plan(24, "15:00", "consultation", "Ruth Quartermaine", B),
    Plan(24, "17:30", "follow_up", "Zoe Quartermain", B, st.BOOKED),
    # Wednesday 25 and Saturday 28: a few visits.
    Plan(25, "09:00", "follow_up", "Mei Chen", A, st.BOOKED),
    Plan(25, "11:00", "consultation", "Jordan Park", B, st.BOOKED),
    Plan(25, "14:30", "skin_care", "Hannah Schmidt", A),
    Plan(28, "10:00", "follow_up", "Diego Ramírez", A, st.BOOKED),
    # Sunday 29: by appointment only.
    Plan(29, "11:00", "consultation", BOB.name, A, st.BOOKED),
    Plan(29, "13:30", "sculptra", EVIL.name, A, st.BOOKED),
)
ROOMS = {A: "Room 1", B: "Room 2"}


def clock_at(hour: int, minute: int = 0, day: int = 24) -> arrow.Arrow:
    """An instant in November 2026, clinic time."""
    return arrow.Arrow(2026, 11, day, hour, minute, tzinfo=TZ)


def _at(day: int, hhmm: str) -> arrow.Arrow:
    hour, minute = (int(part) for part in hhmm.split(":"))
    return clock_at(hour, minute, day)


def _appointment(n: int, plan: Plan) -> Appointment:
    start = _at(plan.day, plan.start)
    minutes = CONFIG.appointment_types[plan.type].minutes
    steps = [StatusChange(st.BOOKED, CREATED)]
    if plan.status != st.BOOKED and plan.status != st.CANCELLED:
        steps.append(StatusChange(st.CONFIRMED, to_iso(start.shift(days=-1))))
    arrived = _at(plan.day, plan.arrived) if plan.arrived else start.shift(minutes=-5)
    chain = {
        st.ARRIVED: [(st.ARRIVED, arrived)],
        st.IN_TREATMENT: [(st.ARRIVED, arrived), (st.IN_TREATMENT, start)],
        st.COMPLETED: [
            (st.ARRIVED, arrived),
            (st.IN_TREATMENT, start),
            (st.COMPLETED, start.shift(minutes=minutes)),
        ],
        st.NO_SHOW: [(st.NO_SHOW, start.shift(minutes=25))],
        st.CANCELLED: [(st.CANCELLED, start.shift(days=-2))],
    }.get(plan.status, [])
    steps.extend(StatusChange(status, to_iso(when)) for status, when in chain)
    return Appointment(
        id=f"A-N{n:06X}",
        patient_id=PEOPLE[plan.who].id,
        start=to_iso(start),
        minutes=minutes,
        type=plan.type,
        provider=plan.provider,
        room=ROOMS[plan.provider],
        status=plan.status,
        outside_hours=plan.outside_hours,
        created=CREATED,
        history=tuple(steps),
    )


def open_desk(folder: Path, now: arrow.Arrow = NOW) -> Desk:
    """A desk on ``folder`` with a clock standing at ``now``."""
    return Desk(Store(folder), CONFIG, TREATMENTS, FixedClock(now, TZ), content=CONTENT)


def build_store(folder: Path) -> None:
    """Seed ``folder``: synthetic July-September history, then the hand-made November."""
    desk = open_desk(folder, arrow.Arrow(2026, 9, 1, 12, 0, tzinfo=TZ))
    try:
        seed_store(desk, years=0.2, seed=7)
        appointments = [_appointment(n, plan) for n, plan in enumerate(PLANS)]
        Administration(desk).bulk_load(list(PEOPLE.values()), appointments)
    finally:
        desk.close()


def copy_store(template: Path, folder: Path) -> Path:
    """A private copy of the seeded store for one test."""
    shutil.copytree(template, folder)
    return folder


#: The seeded store's pinned day (a Tuesday).
TODAY = dt.date(2026, 11, 24)


def visit_of(desk: Desk, name: str, day: dt.date = TODAY) -> Visit:
    """The visit of the patient called ``name`` on ``day``."""
    return next(v for v in desk.schedule(day).visits if v.patient.name == name)
