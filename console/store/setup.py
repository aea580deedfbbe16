"""Where the clinic's setup lives in the store: ``<data dir>/clinic/setup.json``.

One document (table ``clinic``) with the shape of the shipped ``data/clinic.json``:
providers and their hours, rooms, appointment types, office hours, closures, time off.
The shipped file only seeds a store that has no setup yet; once a manager changes
anything the store's copy is written whole and wins (see ``console/desk/setup.py``).

Read like every store file: without following a link, a damaged file refused with one
sentence naming it and never written over. The document itself is validated by the
caller (``ClinicConfig.from_dict``), which words any mistake in it.
"""

from __future__ import annotations

import os
from typing import Any

import orjson

from console.store.atomic import check_folder, ensure_dir
from console.store.errors import StoreError
from console.store.layout import SINGLE_FILE
from console.store.store import Store

KIND = "clinic"
PARTITION = SINGLE_FILE[KIND]
FILE = f"{KIND}/{PARTITION}.json"


class SetupRepo:
    """Reads and writes the setup document; the caller holds ``store.locked()`` for writes."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.folder = store.root / KIND

    @property
    def path(self) -> str:
        """The file's path, as sentences name it."""
        return str(self.store.root / FILE)

    def _present(self) -> bool:
        return PARTITION in self.store.partitions(KIND)  # refuses a link in the folder's place

    def read(self) -> dict[str, Any] | None:
        """The stored setup document (None when the store has none yet).

        A file holding anything but one document under ``clinic`` is refused with one
        sentence and left untouched.
        """
        if not self._present():
            return None
        docs = self.store.table(KIND, PARTITION).all()
        if not docs:
            return None
        if len(docs) != 1:
            raise self.damaged("it holds more than one setup")
        return dict(docs[0])

    def revision(self) -> int:
        """Changes whenever the stored setup changes (0 while there is none).

        Cheap enough to ask on every look at the setup: the folder's ``lstat`` (a link
        in its place is refused), then the file's change counter and ``stat``.
        """
        try:
            info = os.lstat(self.folder)
        except FileNotFoundError:
            return 0
        check_folder(self.folder, info)
        return self.store.revision(KIND, PARTITION)

    def write(self, doc: dict[str, Any]) -> None:
        """Replace the stored setup with ``doc`` (one atomic write of the whole file)."""
        ensure_dir(self.folder, self.store.modes.dir)
        self.read()  # a damaged file is refused, never written over
        table = self.store.table(KIND, PARTITION)
        # A copy as JSON has it (tuples as lists), so the cached parse is not the caller's
        # object; one document under key 1, the whole file replaced in a single write
        # (clearing then inserting would leave a moment with no setup at all).
        table.storage.write({KIND: {"1": orjson.loads(orjson.dumps(doc))}})

    def damaged(self, why: str) -> StoreError:
        """The one sentence for a setup file that cannot be used."""
        return StoreError(
            f"{self.path} cannot be used ({why}); it has been left untouched: run "
            "`frontdesk check` and restore it from a backup."
        )
