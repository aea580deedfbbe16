"""Where the staff live in the store: ``<data dir>/staff/staff.json``, one document each.

A small TinyDB file on the store's own storage (atomic, durable, never followed
through a symlink where the storage refuses one). The folder is made only when the
first person is added, so a store with no staff is exactly what it was before.

Staff are kept out of backups on purpose: restoring last week's data must not bring
back someone who was removed, nor an old PIN, and their keys in ``authorized_keys``
are not in a backup either, so the two stay in step.

Every document is validated when read (:meth:`StaffMember.from_doc`); a damaged one is
one sentence naming the file, never a traceback, and never written over.
"""

from __future__ import annotations

import os
import stat
from typing import TYPE_CHECKING

from console.store.errors import StoreError
from console.store.store import Store

if TYPE_CHECKING:
    from console.clinic.staff import StaffMember

KIND = "staff"
PARTITION = "staff"
FILE = f"{KIND}/{PARTITION}.json"
DIR_MODE = 0o700


class StaffRepo:
    """Reads and writes the staff; the caller holds ``store.locked()`` for writes."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.folder = store.root / KIND

    def _present(self) -> bool:
        try:
            info = os.lstat(self.folder)
        except FileNotFoundError:
            return False
        if not stat.S_ISDIR(info.st_mode):
            raise StoreError(
                f"{self.folder} is not a folder (a link or a file was put there); "
                "move it away and run `frontdesk check`."
            )
        return True

    def _docs(self) -> list[tuple[int, StaffMember]]:
        from console.clinic.staff import StaffMember

        if not self._present():
            return []
        found: list[tuple[int, StaffMember]] = []
        names: set[str] = set()
        for doc in self.store.table(KIND, PARTITION).all():
            try:
                member = StaffMember.from_doc(dict(doc))
            except (ValueError, TypeError):
                member = None
            if member is None or member.name in names:
                raise StoreError(
                    f"{self.store.root / FILE} holds a damaged staff record (document "
                    f"{doc.doc_id}); it has been left untouched: fix it or remove that "
                    "person and add them again."
                )
            names.add(member.name)
            found.append((doc.doc_id, member))
        return found

    def all(self) -> list[StaffMember]:
        """Every staff member, by name."""
        return sorted((m for _, m in self._docs()), key=lambda m: m.name)

    def get(self, name: str) -> StaffMember | None:
        """The member called ``name`` (already a parsed name), or None."""
        return next((m for _, m in self._docs() if m.name == name), None)

    def any(self) -> bool:
        """True when at least one person is on the staff."""
        return bool(self._docs())

    def save(self, member: StaffMember) -> None:
        """Add ``member``, or replace the member of the same name."""
        self._make_folder()
        table = self.store.table(KIND, PARTITION)
        for doc_id, current in self._docs():
            if current.name == member.name:
                table.update(member.to_doc(), doc_ids=[doc_id])
                return
        table.insert(member.to_doc())

    def remove(self, name: str) -> bool:
        """Remove the member called ``name``; False when there was none."""
        for doc_id, current in self._docs():
            if current.name == name:
                self.store.table(KIND, PARTITION).remove(doc_ids=[doc_id])
                return True
        return False

    def _make_folder(self) -> None:
        if self._present():
            return
        try:
            # Made here, so ours to chmod: the store is private (0700 folders).
            os.mkdir(self.folder, DIR_MODE)
            fd = os.open(self.folder, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
            try:
                os.fchmod(fd, DIR_MODE)
            finally:
                os.close(fd)
        except FileExistsError:
            self._present()  # another desk made it meanwhile: still check what it is
        except OSError as err:
            raise StoreError(f"Cannot create {self.folder}: {err.strerror}.") from None
