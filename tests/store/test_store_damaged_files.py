"""Honest on failure: a damaged or newer file raises one sentence and is never written over."""

import datetime as dt
import os

import pytest

from console.store import Store, StoreError

GOOD = b'{"appointments": {"1": {"id": "A-1", "day": "2026-11-25"}}}'
DAMAGED = {
    "truncated": GOOD[:31],
    "garbage": bytes(range(256)) * 3,
    "empty": b"",
    "a list": b"[1, 2, 3]",
    "a table that is a list": b'{"appointments": []}',
    "a meta row that is null": b'{"_meta": {"1": null}}',
    "a document that is a number": b'{"appointments": {"1": 5}}',
}


def snapshot(path):
    st = os.stat(path)
    return path.read_bytes(), st.st_mtime_ns, st.st_ino


@pytest.fixture
def planted(tmp_path):
    """Plant ``payload`` as appointments/2026-11.json; returns its path."""

    def plant(payload):
        store = Store(tmp_path / "store")
        with store.locked():  # the first change makes the store's folders
            pass
        store.close()
        path = tmp_path / "store" / "appointments" / "2026-11.json"
        path.write_bytes(payload)
        os.utime(path, ns=(1_700_000_000_000_000_000, 1_700_000_000_000_000_000))
        return path

    return plant


def one_sentence(err, path):
    message = str(err)
    assert str(path) in message or path.name in message
    assert "\n" not in message
    assert message.endswith(".")
    return message


@pytest.mark.parametrize("payload", DAMAGED.values(), ids=DAMAGED.keys())
def test_reading_a_damaged_file_raises_store_error(tmp_path, planted, payload):
    path = planted(payload)
    before = snapshot(path)
    store = Store(tmp_path / "store")
    with pytest.raises(StoreError) as err:
        store.table("appointments", "2026-11").all()
    assert "damaged" in one_sentence(err.value, path)
    assert snapshot(path) == before


@pytest.mark.parametrize("payload", [DAMAGED["truncated"], DAMAGED["garbage"]])
def test_desk_writes_leave_a_damaged_file_alone(make_desk, planted, payload):
    desk = make_desk()
    patient = desk.add_patient("Ann", "Lee", "714-225-5137")
    path = planted(payload)
    before = snapshot(path)
    with pytest.raises(StoreError):
        desk.book(patient.id, "2026-11-25 10:00", "consultation")
    with pytest.raises(StoreError):
        desk.schedule(desk.today())
    assert snapshot(path) == before


def test_check_in_leaves_a_damaged_file_alone(make_desk, planted):
    desk = make_desk()
    patient = desk.add_patient("Ann", "Lee", "714-225-5137")
    appt = desk.book(patient.id, "2026-11-24 11:00", "consultation")
    path = planted(DAMAGED["truncated"])
    before = snapshot(path)
    with pytest.raises(StoreError):
        desk.checkin(appt.id)
    assert snapshot(path) == before


def test_damaged_patients_file_blocks_registration_and_is_kept(make_desk, tmp_path):
    desk = make_desk()
    desk.add_patient("Ann", "Lee", "714-225-5137")
    path = tmp_path / "store" / "patients" / "2026.json"
    path.write_bytes(path.read_bytes()[:-7])
    before = snapshot(path)
    other = make_desk()
    with pytest.raises(StoreError) as err:
        other.add_patient("Bob", "Ray", "714-225-5138")
    one_sentence(err.value, path)
    assert snapshot(path) == before


def test_a_newer_schema_is_reported_and_kept(make_desk, planted):
    path = planted(b'{"_meta": {"1": {"schema": 99}}, "appointments": {}}')
    before = snapshot(path)
    desk = make_desk()
    with pytest.raises(StoreError) as err:
        desk.schedule(desk.today())
    message = one_sentence(err.value, path)
    assert "newer" in message and "99" in message
    patient = desk.add_patient("Ann", "Lee", "714-225-5137")
    with pytest.raises(StoreError):
        desk.book(patient.id, "2026-11-25 10:00", "consultation")
    assert snapshot(path) == before


def test_a_giant_file_is_refused_unread_and_check_names_it(make_desk, tmp_path):
    """A planted 1 TiB (sparse) month file: one sentence, not a MemoryError, left as it is."""
    from console.desk.admin import Administration

    desk = make_desk()
    patient = desk.add_patient("Ann", "Lee", "714-225-5137")
    desk.book(patient.id, "2026-11-25 10:00", "consultation")
    path = tmp_path / "store" / "appointments" / "2026-11.json"
    os.truncate(path, 1 << 40)
    before = os.stat(path)
    fresh = make_desk()
    with pytest.raises(StoreError) as err:
        fresh.schedule(dt.date(2026, 11, 25))
    assert "larger than a store file may be" in one_sentence(err.value, path)
    problems = dict(Administration(fresh).check())
    assert "larger than a store file may be" in problems["appointments/2026-11.json"]
    after = os.stat(path)
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)


def test_a_write_over_the_cap_is_refused_and_changes_nothing(tmp_path):
    """No desk would read a file over the cap back, so none is ever written."""
    store = Store(tmp_path / "store")
    with store.locked():  # the first change makes the store's folders
        pass
    table = store.table("appointments", "2026-11")
    table.insert({"id": "A-1", "day": "2026-11-25"})
    path = tmp_path / "store" / "appointments" / "2026-11.json"
    before = snapshot(path)
    with pytest.raises(StoreError, match="Nothing was changed"):
        table.insert({"id": "A-2", "day": "2026-11-25", "notes": "x" * (5 * 1024 * 1024)})
    assert snapshot(path) == before
    assert [d["id"] for d in Store(tmp_path / "store").table("appointments", "2026-11").all()] == [
        "A-1"
    ]
