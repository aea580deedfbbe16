"""The store: a folder of partitioned TinyDB files shared by every desk.

Layout (see the README's storage section)::

    <data dir>/               0700, owned by the one account that runs frontdesk
      .lock, .lock-queue      inter-process lock for every read-modify-write (lock.py)
      .generations            change counters (see generations.py)
      patients/2026.json      patients, by the year they were registered
      appointments/2026-11.json   appointments, by the clinic-local month of their start
      clinic/setup.json       the clinic's setup (providers, hours, closures...), one doc
      waitlist/waitlist.json  patients waiting for a time to free up

Partitioning keeps a write's cost flat however many years of history there are:
a check-in rewrites one month's file, never the archive. Every file is opened
without following a link (see atomic.py); who may open which folder is layout.py.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

from tinydb import TinyDB
from tinydb.table import Table

from console.store.atomic import check_folder, ensure_dir
from console.store.errors import StoreError
from console.store.generations import Generations
from console.store.layout import (
    GENERATIONS_NAME,
    KINDS,
    PARTITIONED,
    admit,
    hazards,
    is_partition,
)
from console.store.lock import StoreLock
from console.store.modes import PRIVATE
from console.store.storage import PartitionStorage

__all__ = ["KINDS", "LOCK_TIMEOUT_S", "Store"]

#: How long a change waits for the desks ahead of it before saying the store is busy.
LOCK_TIMEOUT_S = 30


class Store:
    """Opens the data directory and hands out one TinyDB table per partition.

    Opening checks the folder (see ``layout.admit``) and creates nothing: a store that
    does not exist yet is made by its first change, so a command that only reads never
    leaves a folder behind.
    """

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self._existed = admit(self.root)
        #: Every store is private: files 0600 in 0700 folders (see modes.py).
        self.modes = PRIVATE
        self._generations = Generations(self.root / GENERATIONS_NAME, self.modes.file)
        self._lock = StoreLock(self.root, LOCK_TIMEOUT_S)
        self._prepared = False
        # One thread at a time in this process (TinyDB objects are not thread-safe);
        # the file lock then serialises processes.
        self._mutex = threading.RLock()
        self._dbs: dict[tuple[str, str], TinyDB] = {}
        # Called each time the lock is taken (not re-entered): finishes interrupted work.
        self.on_lock: list[Callable[[], None]] = []
        self._depth = 0

    # -- locking -----------------------------------------------------------------

    def _make_root(self) -> None:
        """Create the store folder (and its parents) for its first change."""
        if self._existed:
            return
        try:
            ensure_dir(self.root, self.modes.dir)
        except OSError as err:
            raise StoreError(f"Cannot create the store at {self.root}: {err.strerror}.") from None
        # Made by us, or by someone else in the meantime: the same checks as at opening.
        self._existed = admit(self.root)

    def _prepare(self) -> None:
        """The data folders and change counters, made once the lock is held."""
        if self._prepared:
            return
        try:
            for kind in PARTITIONED:  # single-file kinds: made by their first write
                ensure_dir(self.root / kind, self.modes.dir)
        except OSError as err:
            raise StoreError(f"Cannot open the store at {self.root}: {err.strerror}.") from None
        self._generations.ensure()
        self._prepared = True

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the inter-process lock: every read inside sees the latest writes.

        Waiters are served in turn; after :data:`LOCK_TIMEOUT_S` a
        :class:`~console.store.lock.StoreBusy` (a :class:`StoreError`) says the store is busy.
        """
        with self._mutex:
            if self._depth == 0:
                self._make_root()
                self._lock.acquire()
            self._depth += 1
            try:
                if self._depth == 1:
                    self._prepare()
                    for hook in self.on_lock:
                        hook()
                yield
            finally:
                self._depth -= 1
                if self._depth == 0:
                    self._lock.release()

    @contextlib.contextmanager
    def reading(self) -> Iterator[None]:
        """Keep other threads of this process out while reading (files are atomic)."""
        with self._mutex:
            yield

    # -- partitions --------------------------------------------------------------

    def partitions(self, kind: str) -> list[str]:
        """Names of the existing partitions of ``kind``, oldest first."""
        folder = self.root / kind
        try:
            check_folder(folder, os.lstat(folder))
            names = os.listdir(folder)
        except FileNotFoundError:
            return []
        except OSError as err:
            raise StoreError(f"Cannot list {folder}: {err.strerror}.") from None
        # Only names the store makes: a planted ``evil.json`` is never read as data
        # (``check`` names it, see ``layout.hazards``).
        return sorted(n[:-5] for n in names if is_partition(kind, n))

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

    def signature(self, kind: str, partition: str) -> tuple[int, ...] | None:
        """The partition's content signature from its ``stat`` and counter (no parse)."""
        return self.table(kind, partition).storage.signature()  # type: ignore[attr-defined]

    def fingerprint(self, kind: str, partition: str) -> int | None:
        """CRC-32 of the partition's bytes now (read, not parsed)."""
        return self.table(kind, partition).storage.fingerprint()  # type: ignore[attr-defined]

    def peek(self, kind: str, partition: str) -> bytes | None:
        """The partition's bytes now (read, not parsed, not kept); None when it has no file.

        Its parse when this process holds one is not consulted: see :meth:`holds_parse`.
        """
        return self.table(kind, partition).storage.peek()  # type: ignore[attr-defined]

    def holds_parse(self, kind: str, partition: str) -> bool:
        """True while this process holds the partition's whole parse."""
        return self.table(kind, partition).storage.holds_parse()  # type: ignore[attr-defined]

    def content_crc(self, kind: str, partition: str) -> int | None:
        """CRC-32 of the bytes this process last parsed or wrote for the partition."""
        return self.table(kind, partition).storage.content_crc  # type: ignore[attr-defined]

    def parsed_files(self) -> list[str]:
        """The data files whose whole parse this process holds now (``kind/name``)."""
        with self._mutex:
            return [
                f"{kind}/{name}"
                for (kind, name), db in self._dbs.items()
                if db.storage.holds_parse()  # type: ignore[attr-defined]
            ]

    def release(self, kind: str, partition: str) -> None:
        """Forget the parsed partition; a repository calls it when it evicts one."""
        with self._mutex:
            db = self._dbs.get((kind, partition))
            if db is not None:
                db.storage.release()  # type: ignore[attr-defined]

    def check(self) -> list[tuple[str, str]]:
        """Read every file of the store; return ``(entry, problem)`` for each bad one.

        Besides damaged files: symbolic links, FIFOs, devices and sockets anywhere in the
        store, and temp files a killed write left behind (see ``layout.hazards``).
        """
        with self._mutex:
            problems = hazards(self.root)
            flagged = {entry for entry, _ in problems}
            try:
                self._generations.read(0)
            except StoreError as err:
                if GENERATIONS_NAME not in flagged:
                    problems.append((GENERATIONS_NAME, str(err)))
                return problems  # no file can be read without the counters
            for kind in KINDS:
                try:
                    names = self.partitions(kind)
                except StoreError as err:
                    if kind not in flagged:
                        problems.append((kind, str(err)))
                    continue
                for name in names:
                    rel = f"{kind}/{name}.json"
                    if rel in flagged:
                        continue
                    try:
                        self.table(kind, name).storage.read()
                    except StoreError as err:
                        problems.append((rel, str(err)))
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
        count = 0
        for kind in KINDS:
            with contextlib.suppress(StoreError):  # a kind that is a link: check names it
                count += len(self.partitions(kind))
        return count

    def close(self) -> None:
        """Release file handles."""
        for db in self._dbs.values():
            db.close()
        self._dbs.clear()
        self._generations.close()
