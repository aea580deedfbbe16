"""What TinyDB's MemoryStorage and our PartitionStorage must both do through a TinyDB table.

Parametrised like TinyDB's own tests/conftest.py ``db`` fixture.
"""

import orjson
import pytest
from tinydb import Query, TinyDB
from tinydb.storages import MemoryStorage

from console.store.generations import Generations
from console.store.storage import PartitionStorage

Patient = Query()


@pytest.fixture(params=["memory", "partition"])
def database(request, tmp_path):
    """A whole TinyDB on stock MemoryStorage or on our PartitionStorage."""
    if request.param == "memory":
        database = TinyDB(storage=MemoryStorage)
    else:
        generations = Generations(tmp_path / ".generations")
        request.addfinalizer(generations.close)
        path = tmp_path / "2026.json"
        database = TinyDB(path, storage=lambda p: PartitionStorage(p, generations, "patients"))
    yield database
    database.close()


@pytest.fixture
def db(database):
    return database.table("patients", cache_size=0)


def test_insert_then_all(db):
    first = db.insert({"id": "P-1", "last": "Smith"})
    second = db.insert({"id": "P-2", "last": "Nguyễn"})
    assert (first, second) == (1, 2)
    assert [dict(d) for d in db.all()] == [
        {"id": "P-1", "last": "Smith"},
        {"id": "P-2", "last": "Nguyễn"},
    ]
    assert len(db) == 2


def test_search_and_get(db):
    db.insert_multiple({"id": f"P-{n}", "n": n} for n in range(10))
    assert sorted(d["n"] for d in db.search(Patient.n >= 7)) == [7, 8, 9]
    assert db.get(Patient.id == "P-3")["n"] == 3
    assert db.get(doc_id=5)["id"] == "P-4"
    assert db.contains(Patient.id == "P-9")
    assert not db.contains(Patient.id == "P-10")


def test_update_by_query_and_by_doc_id(db):
    db.insert_multiple({"id": f"P-{n}", "status": "booked"} for n in range(3))
    assert db.update({"status": "arrived"}, Patient.id == "P-1") == [2]
    db.update({"status": "cancelled"}, doc_ids=[3])
    assert [d["status"] for d in db.all()] == ["booked", "arrived", "cancelled"]


def test_remove_keeps_the_others_and_ids_are_not_reused(db):
    db.insert_multiple({"id": f"P-{n}"} for n in range(3))
    assert db.remove(Patient.id == "P-0") == [1]
    assert [d["id"] for d in db.all()] == ["P-1", "P-2"]
    assert db.insert({"id": "P-3"}) == 4


def test_upsert(db):
    db.upsert({"id": "P-1", "v": 1}, Patient.id == "P-1")
    db.upsert({"id": "P-1", "v": 2}, Patient.id == "P-1")
    assert [dict(d) for d in db.all()] == [{"id": "P-1", "v": 2}]


def test_truncate(db):
    db.insert_multiple({"n": n} for n in range(3))
    db.truncate()
    assert db.all() == []
    assert len(db) == 0


def test_documents_are_copies(db):
    db.insert({"id": "P-1", "tags": ["a"]})
    doc = db.all()[0]
    doc["id"] = "changed"
    assert db.all()[0]["id"] == "P-1"


def test_tables_lists_only_the_data_tables(database):
    assert database.tables() == set()
    database.table("patients").insert({"id": "P-1"})
    database.table("notes").insert({"n": 1})
    assert database.tables() == {"patients", "notes"}
    assert len(database.table("patients")) == 1


def test_drop_table_and_drop_tables(database):
    database.table("patients").insert({"id": "P-1"})
    database.table("notes").insert({"n": 1})
    database.drop_table("notes")
    assert database.tables() == {"patients"}
    database.drop_tables()
    assert database.tables() == set()
    database.table("patients").insert({"id": "P-2"})
    assert [d["id"] for d in database.table("patients").all()] == ["P-2"]


def test_the_default_table_iterates_like_stock(database):
    database.insert({"id": "P-1"})
    database.insert({"id": "P-2"})
    assert [d["id"] for d in database] == ["P-1", "P-2"]
    assert len(database) == 2
    assert database.tables() == {"_default"}


def test_the_bookkeeping_survives_tinydb_rewrites(tmp_path):
    generations = Generations(tmp_path / ".generations")
    storage_of = lambda p: PartitionStorage(p, generations, "patients")  # noqa: E731
    database = TinyDB(tmp_path / "2026.json", storage=storage_of)
    database.table("patients").insert({"id": "P-1"})
    database.drop_tables()
    database.table("patients").insert({"id": "P-2"})
    database.close()
    on_disk = orjson.loads((tmp_path / "2026.json").read_bytes())
    assert on_disk["_meta"] == {"1": {"schema": 1, "kind": "patients"}}
    reopened = TinyDB(tmp_path / "2026.json", storage=storage_of)
    assert reopened.tables() == {"patients"}
    reopened.close()
    generations.close()
