"""Years of history stay on disk: only a few months are held parsed, answers stay exact.

A store with three years of visits is read the way the console reads it (days, weeks,
lookups, histories); afterwards the desk holds at most ``MONTHS_KEPT`` months parsed,
and every lookup answer (past visits, next visit) and every history equals what a full
scan of the files says. Another desk's change to an old month shows at once.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

import console.store.appointments as repo
from console.clinic import status as st
from console.clinic.models import Appointment, Patient
from console.store.appointments import MONTHS_KEPT
from console.store.visit_index import summarise

FIRST_DAY = dt.date(2023, 12, 1)
MONTHS = 39  # 2023-12 .. 2027-02: the past, this month and some of the future
NAMES = [("Ana", "Reyes"), ("Bo", "Tran"), ("Cy", "Nguyen"), ("Di", "Kim"), ("Ed", "Lopez")]
STATUSES = (st.COMPLETED, st.COMPLETED, st.CANCELLED, st.NO_SHOW, st.COMPLETED, st.BOOKED)


def _patients() -> list[Patient]:
    return [
        Patient(f"P-{n:06d}", first, f"{last}{n}", f"+1714555{n:04d}", dt.date(1980, 1 + n % 12, 1))
        for n, (first, last) in enumerate(NAMES * 8)
    ]


def _visits(patients: list[Patient], tz: dt.tzinfo) -> list[Appointment]:
    visits = []
    for month in range(MONTHS):
        year, index = divmod(FIRST_DAY.month - 1 + month, 12)
        for n, patient in enumerate(patients[month % 7 :: 3]):
            day = dt.date(FIRST_DAY.year + year, index + 1, 2 + n % 25)
            start = dt.datetime.combine(day, dt.time(9 + n % 8), tz)
            future = day >= dt.date(2026, 11, 24)
            status = st.BOOKED if future else STATUSES[(month + n) % len(STATUSES)]
            visits.append(
                Appointment(
                    f"A-{month:03d}{n:04d}",
                    patient.id,
                    start.isoformat(),
                    60,
                    "consult",
                    "Provider A",
                    "Room 1",
                    status=status,
                )
            )
    return visits


@pytest.fixture
def history_desk(make_desk, tmp_path):
    """A desk (pinned at 2026-11-24 10:30) on a store with 39 months of visits."""
    desk = make_desk()
    patients = _patients()
    with desk.store.locked():
        desk.patients.add_many(patients, 2023)
        desk.appointments.add_many(_visits(patients, desk.tz), desk.tz)
    return make_desk()  # a fresh desk: nothing read yet


def _scan(root, tz) -> list[dict]:
    """Every appointment document, read straight from the files."""
    docs = []
    for path in sorted((root / "appointments").glob("*.json")):
        docs.extend(json.loads(path.read_text())["appointments"].values())
    return docs


def _expected(docs: list[dict], pid: str, now: dt.datetime) -> tuple[int, str | None]:
    """Past completed visits and the next visit holding a slot, from the raw documents."""
    mine = sorted((d for d in docs if d["patient_id"] == pid), key=lambda d: d["start"])
    past = sum(
        1
        for d in mine
        if d["status"] == st.COMPLETED and dt.datetime.fromisoformat(d["start"]) < now
    )
    upcoming = [
        d["id"]
        for d in mine
        if dt.datetime.fromisoformat(d["start"]) >= now and d["status"] not in st.RELEASED
    ]
    return past, upcoming[0] if upcoming else None


def _read_like_the_console(desk) -> None:
    day = FIRST_DAY
    while day < dt.date(2027, 2, 28):
        desk.schedule(day)
        desk.appointments_between(day, day + dt.timedelta(days=6))  # a week view
        day += dt.timedelta(days=11)
    for first, last in NAMES:
        for match in desk.find(f"{first} {last}"):
            desk.history(match.patient.id)


def test_only_a_few_months_are_held_parsed(history_desk):
    _read_like_the_console(history_desk)
    held = history_desk.appointments.parsed_months()
    assert 0 < len(held) <= MONTHS_KEPT
    parsed = [f for f in history_desk.store.parsed_files() if f.startswith("appointments/")]
    assert len(parsed) <= MONTHS_KEPT
    assert not [f for f in history_desk.store.parsed_files() if f.startswith("patients/")]


def test_lookup_answers_match_a_full_scan(history_desk):
    docs = _scan(history_desk.store.root, history_desk.tz)
    now = history_desk.now().datetime
    seen = 0
    for first, _last in NAMES:
        for match in history_desk.find(first, limit=50):
            past, upcoming = _expected(docs, match.patient.id, now)
            assert match.past_visits == past
            assert (match.next_visit.id if match.next_visit else None) == upcoming
            seen += 1
    assert seen == 40
    assert any(m.past_visits for m in history_desk.find("Reyes"))


def test_histories_and_ids_match_a_full_scan(history_desk):
    docs = _scan(history_desk.store.root, history_desk.tz)
    for patient in _patients():
        expected = sorted(d["id"] for d in docs if d["patient_id"] == patient.id)
        assert sorted(a.id for a in history_desk.history(patient.id)) == expected
    oldest = min(docs, key=lambda d: d["start"])
    assert history_desk.appointments.id_taken(oldest["id"])
    assert not history_desk.appointments.id_taken("A-ZZZZZZZ")
    assert history_desk.appointment(oldest["id"]).start == oldest["start"]


def test_another_desks_change_to_an_old_month_shows_at_once(history_desk, make_desk):
    pid = "P-000000"
    before = history_desk.find("Ana Reyes0")[0]
    old = next(a for a in history_desk.history(pid) if a.status == st.COMPLETED)
    other = make_desk()
    with other.store.locked():
        changed = Appointment(**{**old.__dict__, "status": st.CANCELLED})
        other.appointments.save(changed, other.tz)
    after = history_desk.find("Ana Reyes0")[0]
    assert after.past_visits == before.past_visits - 1
    assert next(a for a in history_desk.history(pid) if a.id == old.id).status == st.CANCELLED


def _same_summaries(ours, fresh) -> None:
    assert set(ours) == set(fresh)
    pids = [p.id for p in _patients()]
    for name, summary in ours.items():
        other = fresh[name]
        assert sorted(summary.ids) == sorted(other.ids), name
        assert {pid: summary.marks(pid) for pid in pids} == {
            pid: other.marks(pid) for pid in pids
        }, name
        assert summary.upcoming == other.upcoming, name


def test_summaries_follow_this_desks_writes(history_desk, make_desk, monkeypatch):
    desk = history_desk
    desk.warm_up()  # every month summarised: from here on, writes change them in place
    future = [a for a in desk.history("P-000001") if a.status == st.BOOKED]
    booked = desk.book("P-000002", "2027-01-12 10:00", "consultation")
    desk.cancel(future[0].id)
    desk.reschedule(future[1].id, "2027-02-16 11:00")  # into another month
    desk.reschedule(booked.id, "2027-01-12 14:00")  # within its month
    desk.undo()
    # Kept current by the writes themselves: no month is read and summarised again.
    made = []
    monkeypatch.setattr(repo, "summarise", lambda *a: made.append(a) or summarise(*a))
    ours = desk.appointments.summaries()
    assert made == []
    fresh = make_desk()
    _same_summaries(ours, fresh.appointments.summaries())
    assert desk.find("Bo Tran1")[0].next_visit.id == fresh.find("Bo Tran1")[0].next_visit.id
    assert booked.id in [a.id for a in desk.history("P-000002")]


def test_a_shared_counter_bump_keeps_the_summary_a_real_change_does_not(
    history_desk, make_desk, monkeypatch
):
    desk = history_desk
    desk.warm_up()
    made = []
    monkeypatch.setattr(repo, "summarise", lambda *a: made.append(a) or summarise(*a))
    generations = desk.store.generations
    with desk.store.locked():  # as a write to another file sharing the slot does
        generations.bump(generations.slot("appointments/2024-03.json"))
    desk.appointments.summaries()
    assert made == []  # the bytes are as they were: the summary stands
    other = make_desk()
    old = next(a for a in other.history("P-000003") if a.start.startswith("2024-03"))
    with other.store.locked():
        other.appointments.save(Appointment(**{**old.__dict__, "notes": "moved"}), other.tz)
    made.clear()
    desk.appointments.summaries()
    assert len(made) == 1  # another desk rewrote the month: it is summarised again


def test_a_new_month_from_another_desk_keeps_the_lookup_ready(history_desk, make_desk):
    desk = history_desk
    assert not desk.lookup_ready()
    desk.warm_up()
    assert desk.lookup_ready()
    other = make_desk()
    booked = other.book("P-000004", "2027-05-11 10:00", "consultation")  # a month with no file
    assert desk.lookup_ready()  # the series lines keep showing; the new month follows
    assert desk.find("Di Kim3")[0].next_visit.id == other.find("Di Kim3")[0].next_visit.id
    assert booked.id in [a.id for a in desk.history("P-000004")]
