"""The store: a folder of partitioned TinyDB files shared by every desk.

Layout (see the README's storage section)::

    <data dir>/               0700
      .lock                   inter-process lock for every read-modify-write
      .generations            change counters (see generations.py)
      patients/2026.json      patients, by the year they were registered
      appointments/2026-11.json   appointments, by the clinic-local month of their start

Partitioning keeps a write's cost flat however many years of history there are:
a check-in rewrites one month's file, never the archive.
"""

from __future__ import annotations

import contextlib
import os
import stat
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import filelock
from tinydb import TinyDB
from tinydb.table import Table

from console.store.atomic import ensure_dir
from console.store.errors import StoreError
from console.store.generations import Generations
from console.store.modes import modes_for
from console.store.storage import PartitionStorage

KINDS = ("patients", "appointments")
LOCK_TIMEOUT_S = 15


class Store:
    """Opens the data directory and hands out one TinyDB table per partition."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        try:
            # Decided once, before anything is created: private, or shared by the group.
            self.modes = modes_for(self.root)
            ensure_dir(self.root, self.modes.dir)
            if self.modes.shared and not self.root.stat().st_mode & stat.S_ISGID:
                # Without setgid, new files would take each account's own group and
                # lock the other receptionists out; we could not set it ourselves.
                raise StoreError(
                    f"The shared store {self.root} is not setgid, so files made here would "
                    f"leave its group; ask the administrator to run `chmod 2770 {self.root}`."
                )
            for kind in KINDS:
                ensure_dir(self.root / kind, self.modes.dir)
            self._generations = Generations(self.root / ".generations", self.modes.file)
        except OSError as err:
            raise StoreError(f"Cannot open the store at {self.root}: {err.strerror}.") from None
        self._filelock = filelock.FileLock(
            str(self.root / ".lock"),
            timeout=LOCK_TIMEOUT_S,
            mode=self.modes.file,
            thread_local=False,
        )
        # One thread at a time in this process (TinyDB objects are not thread-safe);
        # the file lock then serialises processes.
        self._mutex = threading.RLock()
        self._dbs: dict[tuple[str, str], TinyDB] = {}
        # Called each time the lock is taken (not re-entered): finishes interrupted work.
        self.on_lock: list[Callable[[], None]] = []
        self._depth = 0

    # -- locking -----------------------------------------------------------------

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the inter-process lock: every read inside sees the latest writes."""
        with self._mutex:
            try:
                self._filelock.acquire()
            except filelock.Timeout:
                raise StoreError(
                    f"Another desk has held the store lock for {LOCK_TIMEOUT_S} s; try again."
                ) from None
            self._depth += 1
            try:
                if self._depth == 1:
                    for hook in self.on_lock:
                        hook()
                yield
            finally:
                self._depth -= 1
                self._filelock.release()

    @contextlib.contextmanager
    def reading(self) -> Iterator[None]:
        """Keep other threads of this process out while reading (files are atomic)."""
        with self._mutex:
            yield

    # -- partitions --------------------------------------------------------------

    def partitions(self, kind: str) -> list[str]:
        """Names of the existing partitions of ``kind``, oldest first."""
        try:
            names = os.listdir(self.root / kind)
        except FileNotFoundError:
            return []
        return sorted(n[:-5] for n in names if n.endswith(".json") and not n.startswith("."))

    def table(self, kind: str, partition: str) -> Table:
        """The TinyDB table ``kind`` in file ``<kind>/<partition>.json``."""
        key = (kind, partition)
        db = self._dbs.get(key)
        if db is None:
            generations, mode = self._generations, self.modes.file
            path = self.root / kind / f"{partition}.json"
            db = TinyDB(path, storage=lambda p: PartitionStorage(p, generations, kind, mode))
            self._dbs[key] = db
        # cache_size=0: TinyDB's query cache would go stale when another process writes.
        return db.table(kind, cache_size=0)

    def revision(self, kind: str, partition: str) -> int:
        """Changes whenever the partition's parsed content changes (for derived indexes)."""
        table = self.table(kind, partition)
        table.storage.read()
        return table.storage.revision  # type: ignore[attr-defined]

    def check(self) -> list[tuple[str, str]]:
        """Read every file of the store; return ``(file, problem)`` for each bad one."""
        problems: list[tuple[str, str]] = []
        with self._mutex:
            for kind in KINDS:
                for name in self.partitions(kind):
                    try:
                        self.table(kind, name).storage.read()
                    except StoreError as err:
                        problems.append((f"{kind}/{name}.json", str(err)))
        return problems

    @property
    def generations(self) -> Generations:
        """The store's change counters (a restore bumps them so open desks re-read)."""
        return self._generations

    def change_token(self) -> bytes:
        """A value that changes whenever any desk changes any data file (cheap: one read)."""
        return self._generations.snapshot()

    def file_count(self) -> int:
        """How many data files the store holds."""
        return sum(len(self.partitions(kind)) for kind in KINDS)

    def close(self) -> None:
        """Release file handles."""
        for db in self._dbs.values():
            db.close()
        self._dbs.clear()
        self._generations.close()
