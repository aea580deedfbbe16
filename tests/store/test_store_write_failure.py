"""A failed write (disk full) raises StoreError, leaves the file whole and forgets the change."""

import errno
import os

import pytest

from console.store import StoreError


def disk_full(*_args, **_kwargs):
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


@pytest.fixture
def booked(desk):
    patient = desk.add_patient("Ann", "Lee", "714-225-5137")
    return desk.book(patient.id, "2026-11-25 10:00", "consultation")


def month_file(tmp_path):
    return tmp_path / "store" / "appointments" / "2026-11.json"


def test_failed_booking_keeps_the_old_file_and_forgets_the_change(
    desk, booked, tmp_path, monkeypatch, make_desk
):
    before = month_file(tmp_path).read_bytes()
    with monkeypatch.context() as patch:
        patch.setattr("console.store.atomic.os.fsync", disk_full)
        with pytest.raises(StoreError) as err:
            desk.book(booked.patient_id, "2026-11-25 15:00", "consultation")
    assert "No space left on device" in str(err.value)
    assert "\n" not in str(err.value)
    assert month_file(tmp_path).read_bytes() == before
    assert not [p for p in (tmp_path / "store").rglob("*") if p.name.endswith(".tmp")]
    # Neither this desk's cache nor a fresh one sees the booking that failed.
    day = booked.day(desk.tz)
    assert [v.appointment.id for v in desk.schedule(day).visits] == [booked.id]
    assert [v.appointment.id for v in make_desk().schedule(day).visits] == [booked.id]
    assert len(desk.store.table("appointments", "2026-11").all()) == 1
    # And the store still works once the disk has room again.
    again = desk.book(booked.patient_id, "2026-11-25 15:00", "consultation")
    assert {v.appointment.id for v in make_desk().schedule(day).visits} == {booked.id, again.id}


def test_failed_status_change_is_not_kept(desk, booked, tmp_path, monkeypatch):
    before = month_file(tmp_path).read_bytes()
    with monkeypatch.context() as patch:
        patch.setattr("console.store.atomic.os.fsync", disk_full)
        with pytest.raises(StoreError):
            desk.set_status(booked.id, "confirmed")
    assert month_file(tmp_path).read_bytes() == before
    assert desk.appointment(booked.id).status == "booked"
    assert desk.store.table("appointments", "2026-11").all()[0]["status"] == "booked"


def test_failed_registration_is_not_kept(desk, booked, tmp_path, monkeypatch):
    path = tmp_path / "store" / "patients" / "2026.json"
    before = path.read_bytes()
    with monkeypatch.context() as patch:
        patch.setattr("console.store.atomic.os.replace", disk_full)
        with pytest.raises(StoreError):
            desk.add_patient("Bob", "Ray", "714-225-5138")
    assert path.read_bytes() == before
    assert desk.patients.count() == 1
    assert desk.find("bob ray") == []
