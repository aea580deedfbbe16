"""Shared and fast: writes are whole files that another Store sees; unchanged files are not
re-parsed; a change is seen even when writes land within one mtime tick."""

import os
from types import SimpleNamespace

import orjson
import pytest

from console.store import Store

KIND = "patients"


@pytest.fixture
def stores(tmp_path):
    writer, reader = Store(tmp_path / "store"), Store(tmp_path / "store")
    yield writer, reader
    writer.close()
    reader.close()


@pytest.fixture
def parses(monkeypatch):
    """Counts the store's JSON parses."""
    calls = []
    real = orjson.loads

    def counting(raw):
        calls.append(len(raw))
        return real(raw)

    monkeypatch.setattr("console.store.storage.orjson.loads", counting)
    return calls


def write(store, doc):
    with store.locked():
        table = store.table(KIND, "2026")
        table._next_id = None
        return table.insert(doc)


def test_no_temp_files_are_left_behind(stores, tmp_path):
    writer, _ = stores
    for n in range(20):
        write(writer, {"id": f"P-{n}"})
    leftovers = [p for p in (tmp_path / "store").rglob("*") if p.name.endswith(".tmp")]
    assert leftovers == []
    on_disk = orjson.loads((tmp_path / "store" / KIND / "2026.json").read_bytes())
    assert len(on_disk[KIND]) == 20


def test_another_store_sees_each_write(stores):
    writer, reader = stores
    for n in range(5):
        write(writer, {"id": f"P-{n}"})
        assert [d["id"] for d in reader.table(KIND, "2026").all()][-1] == f"P-{n}"
    assert reader.partitions(KIND) == ["2026"]


def test_two_stores_writing_in_turn_lose_nothing(stores):
    writer, reader = stores
    for n in range(10):
        write(writer if n % 2 else reader, {"id": f"P-{n}"})
    for store in stores:
        assert sorted(d["id"] for d in store.table(KIND, "2026").all()) == sorted(
            f"P-{n}" for n in range(10)
        )


def test_an_unchanged_file_is_not_parsed_again(stores, parses):
    writer, reader = stores
    write(writer, {"id": "P-1"})
    parses.clear()
    first = reader.revision(KIND, "2026")
    assert len(parses) == 1
    for _ in range(5):
        assert reader.table(KIND, "2026").all()[0]["id"] == "P-1"
        assert reader.revision(KIND, "2026") == first
    assert len(parses) == 1
    write(writer, {"id": "P-2"})
    assert len(reader.table(KIND, "2026").all()) == 2
    assert reader.revision(KIND, "2026") > first
    assert len(parses) == 2


def test_the_writer_does_not_parse_its_own_write(stores, parses):
    writer, _ = stores
    write(writer, {"id": "P-1"})
    parses.clear()
    write(writer, {"id": "P-2"})
    assert writer.table(KIND, "2026").all()[-1]["id"] == "P-2"
    assert parses == []


def test_changes_within_one_mtime_tick_are_seen(stores, tmp_path, monkeypatch):
    writer, reader = stores
    path = tmp_path / "store" / KIND / "2026.json"
    write(writer, {"id": "P-0", "status": "booked"})
    assert reader.table(KIND, "2026").all()[0]["status"] == "booked"
    # A coarse filesystem: same inode, mtime and ctime for every version of the file.
    real_stat, first = os.lstat, os.lstat(path)

    def coarse_stat(target, *args, **kwargs):
        result = real_stat(target, *args, **kwargs)
        if os.fspath(target) != os.fspath(path):
            return result
        return SimpleNamespace(
            st_mode=result.st_mode,
            st_ino=first.st_ino,
            st_size=result.st_size,
            st_mtime_ns=first.st_mtime_ns,
            st_ctime_ns=first.st_ctime_ns,
        )

    monkeypatch.setattr("console.store.storage.os.lstat", coarse_stat)
    for status in ("arrived", "waiting", "treated", "done", "gone!", "clear"):
        with writer.locked():  # same length every time
            writer.table(KIND, "2026").update({"status": status}, doc_ids=[1])
        assert reader.table(KIND, "2026").all()[0]["status"] == status


def test_a_deleted_file_reads_as_empty(stores, tmp_path):
    writer, reader = stores
    write(writer, {"id": "P-1"})
    assert len(reader.table(KIND, "2026").all()) == 1
    (tmp_path / "store" / KIND / "2026.json").unlink()
    assert reader.table(KIND, "2026").all() == []
