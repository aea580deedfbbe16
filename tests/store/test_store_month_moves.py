"""A reschedule into another month moves the document between month files, journalled."""

from dataclasses import replace

import orjson
import pytest

from console.clinic.localtime import parse_local, to_iso


def month_ids(root, month):
    path = root / "appointments" / f"{month}.json"
    if not path.exists():
        return {}
    table = orjson.loads(path.read_bytes()).get("appointments", {})
    return {doc["id"]: doc for doc in table.values()}


@pytest.fixture
def root(tmp_path):
    return tmp_path / "store"


@pytest.fixture
def booked(desk):
    patient = desk.add_patient("Ann", "Lee", "714-225-5137")
    return desk.book(patient.id, "2026-11-30 10:00", "consultation")


def test_reschedule_across_months_moves_the_document(desk, root, booked, make_desk):
    moved = desk.reschedule(booked.id, "2026-12-01 11:00")
    assert booked.id not in month_ids(root, "2026-11")
    assert month_ids(root, "2026-12")[booked.id]["start"] == "2026-12-01T11:00:00-08:00"
    assert not (root / ".move.json").exists()
    other = make_desk()
    assert [v.appointment.id for v in other.schedule(moved.day(other.tz)).visits] == [booked.id]
    assert other.schedule(booked.day(other.tz)).visits == ()
    assert other.appointment(booked.id).start == moved.start
    assert [a.id for a in other.history(booked.patient_id)] == [booked.id]


def test_reschedule_within_a_month_stays_in_its_file(desk, root, booked):
    desk.reschedule(booked.id, "2026-11-27 15:00")
    assert month_ids(root, "2026-11")[booked.id]["day"] == "2026-11-27"
    assert month_ids(root, "2026-12") == {}


def interrupt_move(desk, root, appt, new_start):
    """What a crash between the two writes of a move leaves: journal + both copies."""
    moved = replace(appt, start=to_iso(parse_local(new_start, desk.tz)))
    with desk.store.locked():
        (root / ".move.json").write_bytes(
            orjson.dumps({"id": appt.id, "from": "2026-11", "to": "2026-12"})
        )
        desk.appointments.add(moved, desk.tz)
    assert appt.id in month_ids(root, "2026-11") and appt.id in month_ids(root, "2026-12")
    return moved


def assert_move_finished(root, aid, start):
    assert aid not in month_ids(root, "2026-11")
    assert month_ids(root, "2026-12")[aid]["start"] == start
    assert not (root / ".move.json").exists()


def test_recover_finishes_an_interrupted_move(desk, root, booked, make_desk):
    moved = interrupt_move(desk, root, booked, "2026-12-01 11:00")
    other = make_desk()
    with other.store.locked():
        other.appointments.recover()
    assert_move_finished(root, booked.id, moved.start)


def test_recover_drops_a_journal_whose_copy_never_arrived(desk, root, booked):
    (root / ".move.json").write_bytes(
        orjson.dumps({"id": booked.id, "from": "2026-11", "to": "2026-12"})
    )
    with desk.store.locked():
        desk.appointments.recover()
    assert booked.id in month_ids(root, "2026-11")
    assert not (root / ".move.json").exists()


def test_recover_drops_a_torn_journal(desk, root, booked):
    (root / ".move.json").write_bytes(b'{"id": "A-')
    with desk.store.locked():
        desk.appointments.recover()
    assert booked.id in month_ids(root, "2026-11")
    assert not (root / ".move.json").exists()


def test_next_status_change_finishes_the_move_first(desk, root, booked, make_desk):
    moved = interrupt_move(desk, root, booked, "2026-12-01 11:00")
    make_desk().set_status(booked.id, "confirmed")
    assert_move_finished(root, booked.id, moved.start)
    assert month_ids(root, "2026-12")[booked.id]["status"] == "confirmed"


def test_next_booking_finishes_the_move(desk, root, booked, make_desk):
    moved = interrupt_move(desk, root, booked, "2026-12-01 11:00")
    other = make_desk()
    patient = other.add_patient("Bob", "Ray", "714-225-5138")
    other.book(patient.id, "2026-11-25 10:00", "consultation")
    assert_move_finished(root, booked.id, moved.start)
