"""Backups: a consistent, private, always-restorable snapshot, and restoring it safely."""

import datetime as dt
import os
import stat
import tarfile

import pytest

from console.desk import Administration
from console.store import StoreError
from console.store import backup as store_backup
from tests.store.archives import fill, name_of, plant_archive

LA = dt.timezone(dt.timedelta(hours=-8))


def test_restore_brings_back_a_deleted_and_a_damaged_file(make_desk, tmp_path):
    desk = make_desk()
    patient, appt = fill(desk)
    name = name_of(Administration(desk).backup())
    root = tmp_path / "store"
    month = root / "appointments" / "2026-11.json"
    month.write_bytes(b'{"appointments": {"1": ')  # torn
    (root / "patients" / "2026.json").unlink()
    with pytest.raises(StoreError):
        desk.appointment(appt.id)

    aside = Administration(desk).restore(name)

    assert desk.appointment(appt.id).status == appt.status
    assert desk.patient(patient.id).name == patient.name
    assert Administration(desk).check() == []
    # Nothing is lost: the damaged file was set aside, not deleted.
    set_aside = root / "backups" / os.path.basename(aside)
    assert os.path.dirname(aside) == str(root / "backups")
    assert (set_aside / "appointments" / "2026-11.json").read_bytes() == b'{"appointments": {"1": '
    assert not (set_aside / "patients").exists()


def test_an_already_open_desk_sees_the_restored_data(make_desk, tmp_path):
    desk = make_desk()
    other = make_desk()  # another process on the same store, opened before the restore
    patient, appt = fill(desk)
    name = name_of(Administration(desk).backup())
    desk.cancel(appt.id)
    desk.update_patient(patient.id, first="Changed")
    assert other.appointment(appt.id).status == "cancelled"  # its parse is now cached
    assert other.patient(patient.id).first == "Changed"

    Administration(desk).restore(name)

    assert other.appointment(appt.id).status == appt.status
    assert other.patient(patient.id).first == "Ann"
    day = dt.date(2026, 11, 25)
    assert [a.id for a in other.appointments_between(day, day)] == [appt.id]


def test_restore_removes_files_that_were_not_in_the_backup(make_desk, tmp_path):
    desk = make_desk()
    patient, _ = fill(desk)
    name = name_of(Administration(desk).backup())
    later = desk.book(patient.id, "2027-01-12 10:00", "consultation")
    assert (tmp_path / "store" / "appointments" / "2027-01.json").exists()
    Administration(desk).restore(name)
    assert not (tmp_path / "store" / "appointments" / "2027-01.json").exists()
    with pytest.raises(Exception, match=later.id):
        desk.appointment(later.id)


def test_backup_refuses_a_damaged_file_and_names_it(make_desk, tmp_path):
    desk = make_desk()
    fill(desk)
    (tmp_path / "store" / "appointments" / "2026-11.json").write_bytes(b"\x00garbage")
    with pytest.raises(StoreError, match=r"2026-11\.json is damaged") as err:
        Administration(desk).backup()
    assert "\n" not in str(err.value)
    assert Administration(desk).backups() == []


def test_backups_are_0600_in_a_0700_folder(make_desk, tmp_path):
    old = os.umask(0)
    try:
        desk = make_desk()
        fill(desk)
        path = Administration(desk).backup()
    finally:
        os.umask(old)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(tmp_path / "store" / "backups").st_mode) == 0o700
    with tarfile.open(path) as archive:
        order = archive.getnames()
    # The manifest (the trail's head) comes first; then the data files.
    assert order[0] == "manifest.json"
    names = set(order[1:])
    assert {"appointments/2026-11.json", "patients/2026.json"} <= names
    assert all(n.split("/")[0] in ("patients", "appointments", "audit") for n in names)


def test_prune_keeps_the_newest(make_desk, tmp_path):
    desk = make_desk()
    fill(desk)
    root = tmp_path / "store"
    taken = [
        store_backup.take_backup(desk.store, dt.datetime(2026, 11, day, 8, 0, tzinfo=LA))
        for day in range(1, 6)
    ]
    assert store_backup.list_backups(root) == taken
    deleted = store_backup.prune(root, 2, dt.datetime(2026, 11, 30, 8, 0, tzinfo=LA))
    assert deleted == taken[:3]
    assert store_backup.list_backups(root) == taken[3:]


def test_prune_also_keeps_only_the_newest_set_aside_folders(make_desk, tmp_path):
    desk = make_desk()
    fill(desk)
    root = tmp_path / "store"
    name = store_backup.take_backup(desk.store, dt.datetime(2026, 11, 1, 8, 0, tzinfo=LA))
    asides = [
        store_backup.restore(desk.store, name, dt.datetime(2026, 11, day, 9, 0, tzinfo=LA))
        for day in range(2, 6)
    ]
    assert store_backup.set_aside_folders(root) == asides

    deleted = store_backup.prune(root, 2, dt.datetime(2026, 11, 30, 8, 0, tzinfo=LA))

    assert deleted == asides[:2]
    assert store_backup.set_aside_folders(root) == asides[2:]
    assert (root / "backups" / asides[3] / "patients").is_dir(), "kept folders keep their files"
    assert store_backup.list_backups(root) == [name]


def test_two_backups_in_the_same_second_both_kept(make_desk):
    desk = make_desk()
    fill(desk)
    first, second = Administration(desk).backup(), Administration(desk).backup()
    assert first != second
    assert len(Administration(desk).backups()) == 2


def test_desk_backup_applies_the_retention_setting(make_desk, tmp_path):
    desk = make_desk()
    fill(desk)
    for day in range(1, 20):
        store_backup.take_backup(desk.store, dt.datetime(2026, 11, day, 8, 0, tzinfo=LA))
    Administration(desk).backup()
    assert len(Administration(desk).backups()) == desk.config.backup_retention == 14
    assert Administration(desk).backups()[-1].startswith("2026-11-24T")


def test_daily_backup_due(make_desk, tmp_path):
    desk = make_desk()
    root = tmp_path / "store"
    assert store_backup.daily_backup_due(root, dt.date(2026, 11, 24))
    store_backup.take_backup(desk.store, dt.datetime(2026, 11, 24, 23, 59, tzinfo=LA))
    assert not store_backup.daily_backup_due(root, dt.date(2026, 11, 24))
    assert store_backup.daily_backup_due(root, dt.date(2026, 11, 25))


@pytest.mark.parametrize(
    "member",
    ["../evil.json", "appointments/../../evil.json", "/tmp/evil.json", "patients/.././x.json"],
)
def test_restore_refuses_an_archive_with_an_escaping_member(make_desk, tmp_path, member):
    desk = make_desk()
    patient, appt = fill(desk)
    root = tmp_path / "store"
    before = sorted(p.relative_to(root) for p in root.rglob("*.json"))
    plant_archive(root, "2026-11-24T000000", {"patients/2026.json": b"{}", member: b"{}"})
    with pytest.raises(StoreError, match="unexpected entry") as err:
        Administration(desk).restore("2026-11-24T000000")
    assert "\n" not in str(err.value)
    assert not (tmp_path / "evil.json").exists()
    assert sorted(p.relative_to(root) for p in root.rglob("*.json")) == before
    assert desk.appointment(appt.id).patient_id == patient.id


def test_restore_refuses_an_archive_whose_member_does_not_parse(make_desk, tmp_path):
    desk = make_desk()
    patient, _ = fill(desk)
    root = tmp_path / "store"
    plant_archive(root, "2026-11-24T000000", {"patients/2026.json": b'{"patients": {'})
    with pytest.raises(StoreError, match="damaged"):
        Administration(desk).restore("2026-11-24T000000")
    assert desk.patient(patient.id).first == "Ann"


def test_restore_refuses_an_unreadable_archive_and_an_unknown_name(make_desk, tmp_path):
    desk = make_desk()
    fill(desk)
    folder = tmp_path / "store" / "backups"
    folder.mkdir(mode=0o700)
    (folder / "2026-11-24T000000.tar.gz").write_bytes(b"not a tar file at all")
    with pytest.raises(StoreError, match="cannot be read"):
        Administration(desk).restore("2026-11-24T000000")
    for bad in ("2026-11-23T000000", "../../etc/passwd", "before-restore-2026-11-24T000000"):
        with pytest.raises(StoreError, match="no backup called"):
            Administration(desk).restore(bad)


def test_audit_files_are_backed_up_and_restored(make_desk, tmp_path):
    desk = make_desk()
    fill(desk)
    audit = tmp_path / "store" / "audit"
    audit.mkdir(mode=0o700, exist_ok=True)
    if not (audit / "2026-11.jsonl").exists():  # the desk's own trail, or a planted one
        (audit / "2026-11.jsonl").write_bytes(b'{"seq": 1}\n{"seq": 2}\n')
        os.chmod(audit / "2026-11.jsonl", 0o600)
    lines = (audit / "2026-11.jsonl").read_bytes()
    name = name_of(Administration(desk).backup())
    (audit / "2026-11.jsonl").unlink()
    Administration(desk).restore(name)
    restored = (audit / "2026-11.jsonl").read_bytes()
    # The backup's trail comes back whole; the restore then adds its own entry after it.
    assert restored.startswith(lines)
    assert b'"store.restore"' in restored[len(lines) :]
    assert stat.S_IMODE(os.stat(audit / "2026-11.jsonl").st_mode) == 0o600


def test_a_restore_is_itself_in_the_audit_trail(make_desk):
    desk = make_desk()
    desk.add_patient("Ana", "Lee", "714-555-0111")
    name = name_of(Administration(desk).backup())
    desk.add_patient("Bo", "Kim", "714-555-0112")
    Administration(desk).restore(name)
    entries = Administration(desk).audit_history(None, name)
    assert [e["action"] for e in entries] == ["store.restore"]
    assert Administration(desk).verify_audit() == []
