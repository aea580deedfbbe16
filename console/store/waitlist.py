"""Where the waitlist lives in the store: ``<data dir>/waitlist/waitlist.json``.

One small TinyDB file (table ``waitlist``, one document per entry) on the store's own
storage: atomic, durable, never read through a link. The folder is made by the first
entry, so a store that never used the waitlist is exactly what it was. The file is in
backups (``backup.DATA_KINDS``) and in ``frontdesk check``.

Every document is validated as it is read (:meth:`WaitlistEntry.from_doc`); a damaged
one is one sentence naming the file, never a traceback, and the file is never written
over while it holds one.
"""

from __future__ import annotations

from console.clinic.waitlist import WaitlistEntry
from console.store.atomic import ensure_dir
from console.store.errors import StoreError
from console.store.store import Store

KIND = "waitlist"
PARTITION = "waitlist"
FILE = f"{KIND}/{PARTITION}.json"


class WaitlistRepo:
    """Reads and writes the waitlist; the caller holds ``store.locked()`` for writes."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def _present(self) -> bool:
        return PARTITION in self.store.partitions(KIND)  # refuses a link in the folder's place

    def _docs(self) -> list[tuple[int, WaitlistEntry]]:
        if not self._present():
            return []
        found: list[tuple[int, WaitlistEntry]] = []
        ids: set[str] = set()
        for doc in self.store.table(KIND, PARTITION).all():
            try:
                entry = WaitlistEntry.from_doc(dict(doc))
            except (ValueError, TypeError) as err:
                raise self._damaged(f"document {doc.doc_id}: {err}") from None
            if entry.id in ids:
                raise self._damaged(f"the id {entry.id} is there twice")
            ids.add(entry.id)
            found.append((doc.doc_id, entry))
        return found

    def _damaged(self, why: str) -> StoreError:
        return StoreError(
            f"{self.store.root / FILE} holds a damaged waitlist entry ({why}); it has been "
            "left untouched: run `frontdesk check` and restore it from a backup."
        )

    def problems(self) -> list[tuple[str, str]]:
        """``(file, sentence)`` when the file holds an entry that is not one (for ``check``)."""
        try:
            self._docs()
        except StoreError as err:
            return [(FILE, str(err))]
        return []

    def all(self) -> list[WaitlistEntry]:
        """Every entry, oldest request first."""
        return sorted((e for _, e in self._docs()), key=lambda e: (e.created, e.id))

    def get(self, entry_id: str) -> WaitlistEntry | None:
        """The entry ``entry_id`` (already normalised), or None."""
        return next((e for _, e in self._docs() if e.id == entry_id), None)

    def exists(self, entry_id: str) -> bool:
        """True when an entry has the id ``entry_id``."""
        return self.get(entry_id) is not None

    def add(self, entry: WaitlistEntry) -> None:
        """Add ``entry`` (its id unused), or put it back as it was (undo)."""
        ensure_dir(self.store.root / KIND, self.store.modes.dir)
        if self.exists(entry.id):  # reads (and so checks) the file before writing to it
            raise StoreError(f"The waitlist already holds an entry {entry.id}.")
        table = self.store.table(KIND, PARTITION)
        table._next_id = None  # another process may have inserted since we last looked
        table.insert(entry.to_doc())

    def remove(self, entry_id: str) -> bool:
        """Remove the entry ``entry_id``; False when there was none."""
        for doc_id, current in self._docs():
            if current.id == entry_id:
                self.store.table(KIND, PARTITION).remove(doc_ids=[doc_id])
                return True
        return False
