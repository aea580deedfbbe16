"""Hostile files: nothing in the store is followed or written through.

Each test plants what another account (or a mistake) could leave in a store, makes a
real change through the desk, and checks that the file outside the store is untouched,
the refusal is one sentence naming the entry, and ``Store.check`` (``frontdesk check``)
names it too.
"""

from __future__ import annotations

import os
from pathlib import Path

import orjson
import pytest

from console.clinic.errors import NotFound
from console.store import Store, StoreError

SECRET = b"root-only content\n"


@pytest.fixture
def outside(tmp_path) -> Path:
    """A file outside the store that a planted link points at."""
    target = tmp_path / "outside" / "target"
    target.parent.mkdir()
    target.write_bytes(SECRET)
    os.chmod(target, 0o644)
    return target


@pytest.fixture
def store_root(make_desk, tmp_path) -> Path:
    """A store with one patient and one visit in November and December."""
    desk = make_desk()
    patient = desk.add_patient("Ann", "Lee", "714-225-5137")
    desk.book(patient.id, "2026-11-30 10:00", "consultation")
    desk.book(patient.id, "2026-12-01 10:00", "consultation")
    desk.close()
    return tmp_path / "store"


def untouched(target: Path) -> None:
    assert target.read_bytes() == SECRET
    assert oct(target.stat().st_mode & 0o777) == oct(0o644), "never chmod-ed"


def one_sentence(err: StoreError, entry: Path) -> str:
    message = str(err)
    assert str(entry) in message, message
    assert "symbolic link" in message or "not a regular file" in message, message
    assert "\n" not in message and message.endswith(".")
    return message


def named_by_check(root: Path, rel: str) -> None:
    store = Store(root)
    try:
        problems = dict(store.check())
    finally:
        store.close()
    assert rel in problems, problems


def replace_with_link(path: Path, target: Path) -> None:
    if path.is_dir():
        path.rename(path.with_name(path.name + ".real"))
    elif path.exists():
        path.unlink()
    path.symlink_to(target)


def test_a_linked_generations_file_is_refused(make_desk, store_root, outside):
    link = store_root / ".generations"
    replace_with_link(link, outside)
    desk = make_desk()
    with pytest.raises(StoreError) as refused:
        desk.add_patient("Bo", "Kim", "714-225-5138")
    one_sentence(refused.value, link)
    untouched(outside)
    named_by_check(store_root, ".generations")


def test_a_linked_data_folder_is_refused(make_desk, store_root, outside):
    elsewhere = outside.parent
    link = store_root / "patients"
    replace_with_link(link, elsewhere)
    desk = make_desk()
    with pytest.raises(StoreError) as refused:
        desk.add_patient("Bo", "Kim", "714-225-5138")
    one_sentence(refused.value, link)
    assert sorted(p.name for p in elsewhere.iterdir()) == ["target"]
    untouched(outside)
    named_by_check(store_root, "patients")


def test_a_linked_month_file_is_refused_for_reads_and_writes(make_desk, store_root, outside):
    link = store_root / "appointments" / "2026-11.json"
    replace_with_link(link, outside)
    desk = make_desk()
    patient = desk.find("Lee", with_visits=False)[0].patient
    with pytest.raises(StoreError) as refused:
        desk.book(patient.id, "2026-11-30 11:00", "consultation")
    one_sentence(refused.value, link)
    with pytest.raises(StoreError):
        desk.schedule(desk.today().replace(day=30))
    assert link.is_symlink(), "the link itself was not replaced either"
    untouched(outside)
    named_by_check(store_root, "appointments/2026-11.json")


def test_a_fifo_as_a_month_file_is_refused_without_hanging(make_desk, store_root):
    fifo = store_root / "appointments" / "2026-11.json"
    fifo.unlink()
    os.mkfifo(fifo)
    desk = make_desk()
    with pytest.raises(StoreError) as refused:
        desk.schedule(desk.today().replace(day=30))
    one_sentence(refused.value, fifo)
    named_by_check(store_root, "appointments/2026-11.json")


def test_an_old_predictable_temp_name_is_never_written_through(make_desk, store_root, outside):
    # The old code wrote `.<file>.<pid>.tmp` with O_CREAT|O_TRUNC, following a link there.
    planted = store_root / "patients" / f".2026.json.{os.getpid()}.tmp"
    planted.symlink_to(outside)
    desk = make_desk()
    desk.add_patient("Bo", "Kim", "714-225-5138")
    assert desk.patient_count() == 2
    untouched(outside)
    assert planted.is_symlink()
    named_by_check(store_root, f"patients/.2026.json.{os.getpid()}.tmp")


def test_temp_names_are_random_and_a_leftover_one_is_reported(make_desk, store_root):
    leftover = store_root / "patients" / ".2026.json.0123456789abcdef.tmp"
    leftover.write_bytes(b"{}")
    store = Store(store_root)
    try:
        assert dict(store.check())["patients/.2026.json.0123456789abcdef.tmp"].startswith(
            "is a temp file left by an interrupted write"
        )
    finally:
        store.close()


@pytest.mark.parametrize("kind", ["link", "folder"])
def test_a_lock_file_that_cannot_be_opened_is_one_sentence(make_desk, store_root, outside, kind):
    lock = store_root / ".lock"
    lock.unlink()
    if kind == "link":
        lock.symlink_to(outside)
    else:
        lock.mkdir()
    desk = make_desk()
    with pytest.raises(StoreError) as refused:
        desk.add_patient("Bo", "Kim", "714-225-5138")
    one_sentence(refused.value, lock)
    untouched(outside)


def test_a_linked_store_root_is_refused(tmp_path, store_root):
    link = tmp_path / "via-link"
    link.symlink_to(store_root)
    with pytest.raises(StoreError) as refused:
        Store(link)
    assert str(refused.value) == (
        f"The store folder {link} is a symbolic link, which the store never follows; "
        f"give --data-dir its real path ({store_root})."
    )


def test_a_root_reached_through_a_linked_parent_is_fine(make_desk, tmp_path, store_root):
    parent = tmp_path / "parent-link"
    parent.symlink_to(tmp_path)
    desk = make_desk(root=parent / "store")
    assert desk.patient_count() == 1
    desk.add_patient("Bo", "Kim", "714-225-5138")
    assert desk.patient_count() == 2


def test_a_linked_move_journal_is_refused_not_read(make_desk, store_root, outside):
    """``.move.json`` is read on every schedule: a link there is not followed."""
    outside.write_bytes(b'{"id": "A-1", "from": "2026-11", "to": "2026-12"}')
    link = store_root / ".move.json"
    link.symlink_to(outside)
    desk = make_desk()
    with pytest.raises(StoreError) as refused:
        desk.schedule(desk.today().replace(day=30))
    one_sentence(refused.value, link)
    named_by_check(store_root, ".move.json")


def test_a_fifo_as_the_move_journal_is_refused_without_hanging(make_desk, store_root):
    fifo = store_root / ".move.json"
    os.mkfifo(fifo)
    desk = make_desk()
    with pytest.raises(StoreError) as refused:
        desk.schedule(desk.today().replace(day=30))
    one_sentence(refused.value, fifo)
    named_by_check(store_root, ".move.json")


def test_a_giant_restore_journal_is_not_read_whole(make_desk, store_root):
    """A 1 TiB (sparse) ``.restore.json`` is no journal this code wrote: named, not loaded."""
    from console.desk import Administration

    journal = store_root / ".restore.json"
    journal.touch()
    os.truncate(journal, 1 << 40)
    desk = make_desk()
    assert len(desk.schedule(desk.today().replace(day=30)).visits) == 1
    assert ".restore.json" in dict(Administration(desk).leftovers())


def test_stray_entries_are_never_read_and_check_names_each(make_desk, store_root):
    """A planted ``patients/evil.json`` was read as real patients; strays passed check."""
    planted = {"patients": {"1": {"id": "P-EVIL01", "first": "Eve", "last": "Planted"}}}
    (store_root / "patients" / "evil.json").write_bytes(orjson.dumps(planted))
    (store_root / "patients" / "notes.txt").write_text("x")
    (store_root / "appointments" / "sub").mkdir()
    (store_root / "foo").write_text("x")

    desk = make_desk()
    try:
        with pytest.raises(NotFound):
            desk.patient("P-EVIL01")
        assert desk.find("Planted") == []
    finally:
        desk.close()
    store = Store(store_root)
    try:
        problems = dict(store.check())
    finally:
        store.close()
    for rel in ("patients/evil.json", "patients/notes.txt", "appointments/sub", "foo"):
        assert problems.get(rel) == "is not part of the store and is never read: remove it", (
            rel,
            problems,
        )
