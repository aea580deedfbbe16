"""Backups against a hostile store and hostile archives: links, FIFOs and devices are
skipped; future-named archives cannot push real ones out; archives are size-capped and
every document is validated before anything is swapped; the trail's head is recorded."""

import datetime as dt
import os
import stat
import tarfile

import orjson
import pytest

from console.desk import Administration
from console.store import StoreError, audit
from console.store import backup as store_backup
from tests.store.archives import fill, name_of, plant_archive

LA = dt.timezone(dt.timedelta(hours=-8))


def archive_members(root, name):
    with tarfile.open(root / "backups" / f"{name}.tar.gz") as archive:
        return archive.getnames()


def data_files(root):
    """Every data file's bytes, by relative path (what a restore must bring back exactly)."""
    found = {}
    for kind in ("patients", "appointments"):
        for path in sorted((root / kind).glob("*.json")):
            found[f"{kind}/{path.name}"] = path.read_bytes()
    return found


# -- what goes into a backup -------------------------------------------------------------


def test_a_backup_skips_links_fifos_and_devices_planted_in_the_store(make_desk, tmp_path):
    desk = make_desk()
    fill(desk)
    root = tmp_path / "store"
    secret = tmp_path / "secret.json"
    secret.write_bytes(b'{"patients": {}}')
    (root / "patients" / "2025.json").symlink_to(secret)
    os.mkfifo(root / "patients" / "2024.json")  # reading it would block for ever
    os.mknod(root / "appointments" / "2027-01.json", 0o600 | stat.S_IFCHR, os.makedev(1, 5))
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "2020-01.jsonl").write_bytes(b"{}\n")
    (root / "audit" / "2020-01.jsonl").symlink_to(outside / "2020-01.jsonl")

    name = name_of(Administration(desk).backup())

    members = archive_members(root, name)
    assert "patients/2026.json" in members and "appointments/2026-11.json" in members
    for planted in (
        "patients/2025.json",
        "patients/2024.json",
        "appointments/2027-01.json",
        "audit/2020-01.jsonl",
    ):
        assert planted not in members


def test_a_linked_kind_folder_is_not_followed(make_desk, tmp_path):
    desk = make_desk()
    fill(desk)
    root = tmp_path / "store"
    elsewhere = tmp_path / "elsewhere"
    (root / "audit").rename(elsewhere)
    (root / "audit").symlink_to(elsewhere)
    name = store_backup.take_backup(desk.store, dt.datetime(2026, 11, 24, 11, 0, tzinfo=LA))
    assert not any(m.startswith("audit/") for m in archive_members(root, name))


# -- retention -----------------------------------------------------------------------------


def test_fourteen_future_named_archives_do_not_delete_the_real_ones(make_desk, tmp_path):
    desk = make_desk()
    fill(desk)
    root = tmp_path / "store"
    real = [
        store_backup.take_backup(desk.store, dt.datetime(2026, 11, day, 8, 0, tzinfo=LA))
        for day in (20, 21, 22)
    ]
    folder = root / "backups"
    planted = [f"2099-01-{day:02d}T000000" for day in range(1, 15)]
    for name in planted:
        (folder / f"{name}.tar.gz").write_bytes(b"\x1f\x8b planted")

    taken = name_of(Administration(desk).backup())

    kept = Administration(desk).backups()
    assert set(real) | {taken} <= set(kept)
    assert set(planted) <= set(kept), "names dated after now are neither counted nor deleted"


def test_retention_never_deletes_the_newest_real_backup_nor_the_new_one(make_desk, tmp_path):
    desk = make_desk()
    fill(desk)
    root = tmp_path / "store"
    older = store_backup.take_backup(desk.store, dt.datetime(2026, 11, 20, 8, 0, tzinfo=LA))
    newer = store_backup.take_backup(desk.store, dt.datetime(2026, 11, 23, 8, 0, tzinfo=LA))
    # A clock set back: the backup just taken is older than the newest one.
    now = dt.datetime(2026, 11, 21, 8, 0, tzinfo=LA)
    taken = store_backup.take_backup(desk.store, now)
    later = dt.datetime(2026, 11, 24, 8, 0, tzinfo=LA)
    deleted = store_backup.prune(root, 1, later, taken=taken)
    assert deleted == [older]
    assert store_backup.list_backups(root) == [taken, newer]


# -- hostile archives ----------------------------------------------------------------------


def test_a_member_declaring_a_huge_size_is_refused_before_it_is_read(make_desk, tmp_path):
    desk = make_desk()
    patient, _ = fill(desk)
    root = tmp_path / "store"
    folder = root / "backups"
    folder.mkdir(mode=0o700)
    info = tarfile.TarInfo("patients/2026.json")
    info.size = 50 * 1024**3  # declared; the data is never there to read
    with tarfile.open(folder / "2026-11-24T000000.tar.gz", mode="w:gz") as archive:
        archive.addfile(info)  # header only
    with pytest.raises(StoreError, match="larger than a backup may hold") as err:
        Administration(desk).restore("2026-11-24T000000")
    assert "\n" not in str(err.value)
    assert desk.patient(patient.id).first == "Ann"
    [(name, problem)] = Administration(desk).check_backups()
    assert name == "2026-11-24T000000" and "larger than a backup may hold" in problem


def test_an_archive_with_too_many_members_is_refused(make_desk, tmp_path):
    desk = make_desk()
    fill(desk)
    root = tmp_path / "store"
    many = {f"patients/{n}.json": b"{}" for n in range(store_backup.MAX_MEMBERS + 1)}
    plant_archive(root, "2026-11-24T000000", many)
    with pytest.raises(StoreError, match=f"more than {store_backup.MAX_MEMBERS} entries"):
        Administration(desk).restore("2026-11-24T000000")
    assert Administration(desk).check_backups()[0][0] == "2026-11-24T000000"
    assert sorted(os.listdir(root / "patients")) == ["2026.json"]


@pytest.mark.parametrize(
    ("member", "doc"),
    [
        ("patients/2026.json", {"patients": {"1": {"id": "P-AAAAAA", "last": "Lee"}}}),
        (
            "patients/2026.json",
            {
                "patients": {
                    "1": {"id": "P-AAAAAA", "first": 7, "last": "L", "phone": "+17142255137"}
                }
            },
        ),
        ("patients/2026.json", {"patients": ["not", "a", "table"]}),
        (
            "appointments/2026-11.json",
            {
                "appointments": {
                    "1": {
                        "id": "A-1",
                        "patient_id": "P",
                        "start": "yesterday",
                        "minutes": 30,
                        "type": "consultation",
                    }
                }
            },
        ),
        ("appointments/2026-11.json", {"patients": {}}),
    ],
)
def test_restore_validates_every_document_before_swapping(make_desk, tmp_path, member, doc):
    desk = make_desk()
    patient, appt = fill(desk)
    root = tmp_path / "store"
    before = data_files(root)
    plant_archive(root, "2026-11-24T000000", {member: orjson.dumps(doc)})
    with pytest.raises(StoreError, match="is damaged") as err:
        Administration(desk).restore("2026-11-24T000000")
    assert "\n" not in str(err.value)
    assert data_files(root) == before
    assert desk.appointment(appt.id).patient_id == patient.id
    assert store_backup.set_aside_folders(root) == []
    assert not store_backup.restore_pending(root)
    assert Administration(desk).check_backups()[0][0] == "2026-11-24T000000"


# -- the trail's head ------------------------------------------------------------------------


def test_each_backup_records_the_trails_head_in_its_manifest(make_desk, tmp_path):
    desk = make_desk()
    fill(desk)
    root = tmp_path / "store"
    name = name_of(Administration(desk).backup())
    with tarfile.open(root / "backups" / f"{name}.tar.gz") as archive:
        handle = archive.extractfile("manifest.json")
        manifest = orjson.loads(handle.read())
    last = orjson.loads((root / "audit" / "2026-11.jsonl").read_bytes().splitlines()[-1])
    assert manifest == {"format": 1, "audit": {"seq": 2, "hash": last["hash"]}}
    assert store_backup.read_head(root, name) == (2, last["hash"])


def test_deleting_the_whole_trail_does_not_verify(make_desk, tmp_path):
    desk = make_desk()
    fill(desk)
    root = tmp_path / "store"
    name = name_of(Administration(desk).backup())
    for path in (root / "audit").iterdir():
        path.unlink()
    problems = Administration(desk).audit_problems()
    assert problems == [
        f"Backup {name} holds audit entries up to 2, but the trail now ends at entry 0: "
        "entries were cut off or deleted since.",
        problems[1],
    ]
    assert problems[1].startswith("2 stored records have no audit entry that created them (")


def test_a_cut_tail_is_caught_by_the_backups_head(make_desk, tmp_path):
    desk = make_desk()
    patient, _ = fill(desk)
    for n in range(4):
        desk.update_patient(patient.id, notes=f"call {n}")
    root = tmp_path / "store"
    name = name_of(Administration(desk).backup())
    trail = root / "audit" / "2026-11.jsonl"
    lines = trail.read_bytes().splitlines(keepends=True)
    trail.write_bytes(b"".join(lines[:3]))  # the chain itself is still whole
    assert Administration(desk).verify_audit() == []
    assert Administration(desk).audit_problems() == [
        f"Backup {name} holds audit entries up to 6, but the trail now ends at entry 3: "
        "entries were cut off or deleted since."
    ]


def test_a_replaced_trail_is_caught_by_the_backups_head(make_desk, tmp_path):
    desk = make_desk()
    fill(desk)
    root = tmp_path / "store"
    name = name_of(Administration(desk).backup())
    trail = root / "audit" / "2026-11.jsonl"
    saved = trail.read_bytes()
    other = make_desk(root=tmp_path / "other")
    fill(other)
    # The other store's trail, with the same creations: a whole, valid, different chain.
    lines = []
    for raw, mine in zip(
        (tmp_path / "other" / "audit" / "2026-11.jsonl").read_bytes().splitlines(),
        saved.splitlines(),
        strict=True,
    ):
        entry, own = orjson.loads(raw), orjson.loads(mine)
        entry["id"], entry["after"] = own["id"], own["after"]
        lines.append(entry)
    prev = "0" * 64
    for entry in lines:
        entry["prev"] = prev
        entry["at_local"] = "2026-11-24T10:31:00-08:00"
        entry["hash"] = prev = audit.entry_hash(entry)
    trail.write_bytes(b"".join(orjson.dumps(e) + b"\n" for e in lines))
    assert Administration(desk).verify_audit() == []
    assert Administration(desk).audit_problems() == [
        f"Backup {name} holds audit entry 2, but the trail's entry 2 is a different one: "
        "the trail was replaced since."
    ]


def test_a_record_no_entry_created_is_reported(make_desk, tmp_path):
    desk = make_desk()
    fill(desk)
    desk.store.table("patients", "2026").insert(
        {"id": "P-PLANTD", "first": "Eve", "last": "Planted", "phone": "+17145550100"}
    )
    assert Administration(desk).audit_problems() == [
        "1 stored records have no audit entry that created them (P-PLANTD)."
    ]


def test_a_restore_since_explains_newer_backups_heads(make_desk, tmp_path):
    desk = make_desk()
    patient, _ = fill(desk)
    old = name_of(Administration(desk).backup())
    desk.update_patient(patient.id, notes="later")
    Administration(desk).backup()
    later = make_desk("2026-11-24 12:00")
    Administration(later).restore(old)
    assert Administration(later).audit_problems() == []
    assert Administration(later).check() == []


def test_seeding_then_checking_is_clean(make_desk):
    from console.tools.seeding import seed_store

    desk = make_desk()
    seed_store(desk, years=0.1, seed=7, progress=False)
    desk.add_patient("Ann", "Lee", "714-225-5137")
    assert Administration(desk).audit_problems() == []
    desk.store.table("appointments", "2026-11").insert(
        {
            "id": "A-PLANTED",
            "patient_id": "P-X",
            "start": "2026-11-24T10:00:00-08:00",
            "day": "2026-11-24",
            "minutes": 30,
            "type": "consultation",
        }
    )
    [problem] = Administration(desk).audit_problems()
    assert "have no audit entry that created them" in problem


def test_a_backup_whose_trail_cannot_be_continued_is_refused(make_desk, tmp_path):
    desk = make_desk()
    patient, _ = fill(desk)
    root = tmp_path / "store"
    before = data_files(root)
    plant_archive(root, "2026-11-24T000000", {"audit/2026-11.jsonl": b'{"no": "seq"}\n'})
    with pytest.raises(StoreError, match="holds an audit trail that cannot be continued") as err:
        Administration(desk).restore("2026-11-24T000000")
    assert "\n" not in str(err.value) and "was saved" not in str(err.value)
    assert data_files(root) == before
    assert not store_backup.restore_pending(root)
    assert desk.patient(patient.id).first == "Ann"


def test_an_archive_named_later_today_does_not_stop_the_daily_backup(make_desk, tmp_path):
    desk = make_desk()
    fill(desk)
    folder = tmp_path / "store" / "backups"
    folder.mkdir(mode=0o700)
    (folder / "2026-11-24T235959.tar.gz").write_bytes(b"\x1f\x8b planted")
    taken = Administration(desk).auto_backup()
    assert taken is not None and name_of(taken).startswith("2026-11-24T1030")
    assert Administration(desk).auto_backup() is None
