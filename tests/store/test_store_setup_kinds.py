"""The clinic's setup and the waitlist are store kinds: checked, backed up, restored, guarded."""

import os

import orjson
import pytest

from console import locations
from console.desk import Administration
from console.store import Store, StoreError
from console.store.atomic import ensure_dir
from console.store.setup import SetupRepo
from tests.store.archives import fill, name_of, plant_archive


def shipped_doc():
    return orjson.loads((locations.shipped_dir() / "clinic.json").read_bytes())


def write_setup(store, doc):
    with store.locked():
        SetupRepo(store).write(doc)


def write_waitlist(store, doc):
    with store.locked():
        ensure_dir(store.root / "waitlist", store.modes.dir)
        store.table("waitlist", "waitlist").insert(doc)


def test_the_setup_round_trips_and_a_new_store_has_none(tmp_path):
    store = Store(tmp_path / "store")
    repo = SetupRepo(store)
    assert repo.read() is None
    assert repo.revision() == 0
    assert not (tmp_path / "store").exists()  # reading creates nothing
    doc = shipped_doc()
    write_setup(store, doc)
    assert repo.read() == doc
    first = repo.revision()
    write_setup(store, {**doc, "name": "Renamed"})
    assert repo.read()["name"] == "Renamed"
    assert repo.revision() != first
    path = tmp_path / "store" / "clinic" / "setup.json"
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    assert oct(path.parent.stat().st_mode & 0o777) == "0o700"
    store.close()


@pytest.mark.parametrize(
    "payload",
    [b"\x00garbage", b'{"clinic": {"1": {"a": 1}, "2": {"b": 2}}}', b'{"clinic": []}'],
    ids=["garbage", "two setups", "not a table"],
)
def test_a_damaged_setup_is_one_sentence_and_never_overwritten(tmp_path, payload):
    store = Store(tmp_path / "store")
    write_setup(store, shipped_doc())
    path = tmp_path / "store" / "clinic" / "setup.json"
    path.write_bytes(payload)
    fresh = Store(tmp_path / "store")
    with pytest.raises(StoreError) as err:
        SetupRepo(fresh).read()
    assert str(path) in str(err.value) and "\n" not in str(err.value)
    with pytest.raises(StoreError):
        write_setup(fresh, shipped_doc())
    assert path.read_bytes() == payload
    store.close()
    fresh.close()


def test_a_link_in_place_of_the_setup_is_refused_and_named_by_check(tmp_path):
    store = Store(tmp_path / "store")
    write_setup(store, shipped_doc())
    path = tmp_path / "store" / "clinic" / "setup.json"
    outside = tmp_path / "outside.json"
    outside.write_bytes(path.read_bytes())
    path.unlink()
    path.symlink_to(outside)
    fresh = Store(tmp_path / "store")
    with pytest.raises(StoreError, match="symbolic link"):
        SetupRepo(fresh).read()
    problems = dict(fresh.check())
    assert "symbolic link" in problems["clinic/setup.json"]
    fresh.close()
    store.close()


def test_check_accepts_both_kinds_and_names_strays_among_them(make_desk, tmp_path):
    desk = make_desk()
    fill(desk)
    write_setup(desk.store, shipped_doc())
    write_waitlist(desk.store, {"id": "W-123456", "patient_id": "P-1", "type": "consultation"})
    assert Administration(desk).check() == []
    assert desk.store.file_count() == 4
    (tmp_path / "store" / "clinic" / "evil.json").write_text("{}")
    (tmp_path / "store" / "waitlist" / "2026.json").write_text("{}")
    problems = dict(Administration(desk).check())
    assert "is not part of the store" in problems["clinic/evil.json"]
    assert "is not part of the store" in problems["waitlist/2026.json"]


def test_a_store_holding_only_a_setup_is_still_a_store(tmp_path):
    store = Store(tmp_path / "store")
    write_setup(store, shipped_doc())
    store.close()
    for name in (".generations", ".lock-queue", ".lock", "patients", "appointments"):
        path = tmp_path / "store" / name
        if path.is_dir():
            path.rmdir()
        elif path.exists():
            path.unlink()
    Store(tmp_path / "store").close()  # admitted: ``clinic`` marks it


def test_backup_and_restore_carry_the_setup_and_the_waitlist(make_desk, tmp_path):
    desk = make_desk()
    fill(desk)
    doc = shipped_doc()
    write_setup(desk.store, doc)
    write_waitlist(desk.store, {"id": "W-123456", "patient_id": "P-1", "type": "consultation"})
    name = name_of(Administration(desk).backup())
    write_setup(desk.store, {**doc, "name": "Changed since"})
    (tmp_path / "store" / "waitlist" / "waitlist.json").unlink()

    Administration(desk).restore(name)

    assert SetupRepo(desk.store).read() == doc
    assert [d["id"] for d in desk.store.table("waitlist", "waitlist").all()] == ["W-123456"]
    assert Administration(desk).check() == []


def test_a_backup_without_a_setup_restores_to_the_shipped_one(make_desk, tmp_path):
    desk = make_desk()
    fill(desk)
    name = name_of(Administration(desk).backup())
    write_setup(desk.store, shipped_doc())
    Administration(desk).restore(name)
    assert SetupRepo(desk.store).read() is None
    aside = [p for p in (tmp_path / "store" / "backups").iterdir() if p.is_dir()]
    assert (aside[0] / "clinic" / "setup.json").exists()  # set aside, not lost


def test_backup_refuses_a_setup_that_is_not_a_clinic_setup(make_desk, tmp_path):
    desk = make_desk()
    fill(desk)
    write_setup(desk.store, {"name": "no hours, no types"})
    with pytest.raises(StoreError, match=r"setup\.json is damaged"):
        Administration(desk).backup()


@pytest.mark.parametrize(
    ("member", "raw"),
    [
        ("clinic/setup.json", b'{"clinic": {"1": {"name": "half a setup"}}}'),
        ("clinic/setup.json", b'{"patients": {}}'),
        ("waitlist/waitlist.json", b'{"waitlist": {"1": {"no": "id"}}}'),
        ("clinic/../patients/2026.json", b'{"patients": {}}'),
    ],
)
def test_a_planted_archive_with_a_bad_setup_or_waitlist_is_refused(
    make_desk, tmp_path, member, raw
):
    desk = make_desk()
    patient, _ = fill(desk)
    plant_archive(tmp_path / "store", "2026-11-20T100000", {member: raw})
    with pytest.raises(StoreError, match="not restored"):
        Administration(desk).restore("2026-11-20T100000")
    assert desk.patient(patient.id).first == "Ann"
    assert not os.path.exists(tmp_path / "store" / "clinic")
