"""A patient import, all or nothing: journalled like a move across months.

An import is two writes: the patients (one partition file, replaced atomically) and
its one audit entry. ``.import.json`` names the import (its audit entry's id, the
partition and the patient ids) before either is made and is removed once both are
done. Whoever takes the store lock next after a kill finds the journal and:

* when the trail holds the import's entry, the import was complete: the journal goes;
* otherwise the import never finished: its patients (if written) are removed, then
  the journal goes. Nothing half-imported ever stays.

A desk reading without the lock in the moment between the two writes may see the
patients before their entry is written; a kill then removes them at the next change.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import orjson
from tinydb import Query

from console.store.atomic import fsync_dir, read_file, replace_file
from console.store.store import Store

JOURNAL = ".import.json"
KIND = "patients"


def journal_path(root: Path) -> Path:
    """Where a pending import's journal lives (at the top of the store)."""
    return Path(root) / JOURNAL


def begin(store: Store, batch: str, partition: str, ids: list[str]) -> None:
    """Name the import before anything is written (lock held)."""
    payload = orjson.dumps({"batch": batch, "partition": partition, "ids": ids})
    replace_file(journal_path(store.root), payload, store.modes.file)
    fsync_dir(store.root)


def finish(store: Store) -> None:
    """The import is complete (its entry is in the trail) or rolled back: drop the journal."""
    with contextlib.suppress(FileNotFoundError):
        os.unlink(journal_path(store.root))
        fsync_dir(store.root)


def roll_back(store: Store, partition: str, ids: list[str]) -> None:
    """Remove the import's patients from ``partition`` (those written), then the journal."""
    if partition in store.partitions(KIND):
        wanted = set(ids)
        table = store.table(KIND, partition)
        if any(doc.get("id") in wanted for doc in table.all()):
            table.remove(Query().id.one_of(wanted))
    finish(store)


def recover(store: Store) -> None:
    """Finish or undo an import a kill interrupted (called with the lock held)."""
    try:
        journal = orjson.loads(read_file(journal_path(store.root)))
    except FileNotFoundError:
        return
    except orjson.JSONDecodeError:
        journal = None
    if not _well_formed(journal):
        finish(store)  # never ours (ours are written whole): nothing it names to undo
        return
    assert isinstance(journal, dict)
    from console.store import audit as audit_trail  # here: only after a killed import

    if audit_trail.history_of(store.root, {journal["batch"]}):
        finish(store)
    else:
        roll_back(store, journal["partition"], journal["ids"])


def _well_formed(journal: object) -> bool:
    if not isinstance(journal, dict):
        return False
    batch, partition, ids = journal.get("batch"), journal.get("partition"), journal.get("ids")
    return (
        isinstance(batch, str)
        and isinstance(partition, str)
        and partition.isdigit()
        and len(partition) == 4
        and isinstance(ids, list)
        and all(isinstance(i, str) for i in ids)
    )
