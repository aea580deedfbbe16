"""Day close (loose ends of a day) and overdue arrivals."""

import datetime as dt
from dataclasses import replace

import pytest

from console.services.day_close import day_close, overdue
from console.services.visit_care import record_aftercare, record_answers
from tests.legacy import force

D = dt.date
ALL_NO = {"nsaids": "no", "new_conditions": "no", "new_allergies": "no"}


def advance(desk, aid, *statuses, answers=None):
    for status in statuses:
        # A Sculptra visit is screened on arrival (the desk refuses it otherwise).
        screen = status == "arrived" and desk.needs_screening(desk.appointment(aid))
        desk.set_status(aid, status, answers=(answers or ALL_NO) if screen else None)


def ids(visits):
    return [v.appointment.id for v in visits]


@pytest.fixture
def morning(make_desk):
    return make_desk(now="2026-11-24 08:00")


@pytest.fixture
def day(morning):
    """Tue 24 Nov 2026 with one visit for each kind of loose end (and tidy ones)."""
    d = morning
    p = {
        name: d.add_patient(name, "Test", f"714-225-51{n:02d}")
        for n, name in enumerate(["Ann", "Ben", "Cara", "Dan", "Eve", "Finn"])
    }
    v = {
        # Completed Sculptra, aftercare not given, nothing booked next.
        "ann": d.book(p["Ann"].id, "2026-11-24 09:00", "sculptra"),
        # Booked consultation that never happened: no outcome.
        "ben": d.book(p["Ben"].id, "2026-11-24 11:00", "consultation"),
        # Arrived for Sculptra, said yes to NSAIDs: flagged, and no outcome yet.
        "cara": d.book(p["Cara"].id, "2026-11-24 13:00", "sculptra"),
        # Cancelled: nothing to resolve.
        "dan": d.book(p["Dan"].id, "2026-11-24 15:00", "follow_up"),
        # Completed Sculptra with aftercare given and the next session booked: tidy.
        "eve": d.book(p["Eve"].id, "2026-11-24 16:00", "sculptra"),
        # Completed consultation: has no aftercare to give.
        "finn": d.book(p["Finn"].id, "2026-11-24 17:00", "consultation"),
    }
    advance(d, v["ann"].id, "arrived", "in_treatment", "completed", answers=ALL_NO)
    advance(d, v["cara"].id, "arrived", answers={**ALL_NO, "nsaids": "yes"})
    d.cancel(v["dan"].id)
    advance(d, v["eve"].id, "arrived", "in_treatment", answers=ALL_NO)
    record_aftercare(d, v["eve"].id, "printed")
    advance(d, v["eve"].id, "completed")
    d.book(p["Eve"].id, "2026-12-22 10:00", "sculptra")
    advance(d, v["finn"].id, "arrived", "in_treatment", "completed")
    return p, v


def test_day_close_lists_each_loose_end(make_desk, day):
    people, visits = day

    report = day_close(make_desk(now="2026-11-24 18:30"))

    assert report.day == D(2026, 11, 24)
    assert not report.clear
    assert ids(report.no_outcome) == [visits["ben"].id, visits["cara"].id]
    assert [(v.appointment.id, [q.id for q in qs]) for v, qs in report.flagged] == [
        (visits["cara"].id, ["nsaids"])
    ]
    assert ids(report.aftercare_missing) == [visits["ann"].id]
    assert [(d.patient_id, d.name) for d in report.series_due] == [(people["Ann"].id, "Ann Test")]
    assert report.series_due[0].progress.describe() == "Sculptra 2 of 3 · next window 22 Dec–5 Jan"
    assert report.series_due[0].type_key == "sculptra"
    assert not report.series_due[0].missed
    assert report.unanswered == ()


def test_resolving_the_loose_ends_clears_the_day(make_desk, day):
    people, visits = day
    d = make_desk(now="2026-11-24 18:30")
    d.set_status(visits["ben"].id, "no_show")
    advance(d, visits["cara"].id, "in_treatment")
    record_answers(d, visits["cara"].id, ALL_NO)
    record_aftercare(d, visits["cara"].id, "read")
    advance(d, visits["cara"].id, "completed")
    d.book(people["Cara"].id, "2026-12-22 11:00", "sculptra")
    record_aftercare(d, visits["ann"].id, "read")
    d.book(people["Ann"].id, "2026-12-22 10:00", "sculptra")

    report = day_close(make_desk(now="2026-11-24 18:45"))

    assert report.clear, report


def test_day_close_of_another_day(make_desk, day):
    report = day_close(make_desk(now="2026-11-24 18:30"), D(2026, 11, 25))
    assert report.day == D(2026, 11, 25)
    assert (report.no_outcome, report.flagged, report.aftercare_missing) == ((), (), ())
    # Series due are the clinic's, whatever the day.
    assert len(report.series_due) == 1


def test_visits_checked_in_without_answers_are_listed(make_desk, day):
    people, visits = day
    d = make_desk(now="2026-11-24 16:00")
    late = d.book(people["Dan"].id, "2026-11-24 16:30", "sculptra")
    # As an old store (or a path that skipped the questions) left it: arrived, no answers.
    force(d, late.id, lambda a: replace(a, status="arrived"))

    report = day_close(make_desk(now="2026-11-24 18:30"))

    assert ids(report.unanswered) == [late.id]
    assert not report.clear
    # A consultation asks nothing, and answered visits are not listed.
    assert visits["finn"].id not in ids(report.unanswered)
    assert visits["cara"].id not in ids(report.unanswered)


def test_series_sorted_by_window_end_and_missed_marked(make_desk):
    d = make_desk(now="2026-10-01 08:00")
    old = d.add_patient("Olga", "Early", "714-225-5190")
    new = d.add_patient("Nina", "Late", "714-225-5191")
    first = d.book(new.id, "2026-10-20 10:00", "sculptra")
    early = d.book(old.id, "2026-10-02 10:00", "sculptra")
    for aid in (early.id, first.id):
        force(d, aid, lambda a: replace(a, status="completed"))

    report = day_close(make_desk(now="2026-11-24 18:30"))

    assert [s.name for s in report.series_due] == ["Olga Early", "Nina Late"]
    # Olga's window (30 Oct – 13 Nov) closed before today: missed; Nina's is open.
    assert [s.missed for s in report.series_due] == [True, False]


def test_empty_store_is_clear(desk):
    assert day_close(desk).clear


@pytest.fixture
def waiting_room(morning):
    d = morning
    p = [d.add_patient(f"P{n}", "Test", f"714-225-52{n:02d}") for n in range(5)]
    # Five-minute follow-ups, so two providers can see them all.
    v = {
        key: d.book(p[n].id, f"2026-11-24 {at}", "follow_up", minutes=5)
        for n, (key, at) in enumerate(
            [
                ("late30", "09:30"),
                ("late25", "09:35"),
                ("late20", "09:40"),
                ("arrived", "09:00"),
                ("future", "10:30"),
            ]
        )
    }
    d.set_status(v["late25"].id, "confirmed")
    d.set_status(v["arrived"].id, "arrived")
    return v


def test_overdue_lists_visits_past_the_grace_period(make_desk, config, waiting_room):
    assert config.no_show_grace_minutes == 15
    ten = make_desk(now="2026-11-24 10:00")

    late = overdue(ten)

    assert ids(late) == [
        waiting_room["late30"].id,
        waiting_room["late25"].id,
        waiting_room["late20"].id,
    ]
    assert [v.late_minutes for v in late] == [30, 25, 20]


def test_overdue_never_changes_the_status(make_desk, waiting_room):
    overdue(make_desk(now="2026-11-24 12:00"))

    fresh = make_desk(now="2026-11-24 12:00")
    statuses = {k: fresh.appointment(v.id).status for k, v in waiting_room.items()}
    assert statuses == {
        "late30": "booked",
        "late25": "confirmed",
        "late20": "booked",
        "arrived": "arrived",
        "future": "booked",
    }


def test_overdue_on_a_later_day_is_empty(make_desk, waiting_room):
    assert overdue(make_desk(now="2026-11-24 10:00"), D(2026, 11, 25)) == []
