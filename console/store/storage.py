"""``PartitionStorage``: a TinyDB storage that keeps the store contract.

Compared with TinyDB's stock ``JSONStorage``:

* writes never rewrite the file in place (a kill cannot tear it): see ``atomic.py``;
* a write is on disk when ``write`` returns (no deferred ``CachingMiddleware``);
* an unchanged file is not re-parsed: the parse is reused while the file's ``stat``
  and its shared change counter are unchanged (see ``generations.py``);
* a damaged file, or one written by a newer schema, raises :class:`StoreError` and is
  never written over;
* the file is opened without following a link: a symbolic link, a FIFO or a device in
  its place is refused with one sentence, never read or written through;
* the ``_meta`` bookkeeping table stays inside the storage: TinyDB's ``tables()`` and
  ``drop_tables()`` see only the data tables, as on stock TinyDB.
"""

from __future__ import annotations

import os
import stat
import zlib
from pathlib import Path
from typing import Any

import orjson
from tinydb.storages import Storage

from console.store.atomic import (
    FILE_MODE,
    MAX_FILE,
    not_regular_refusal,
    read_file,
    replace_file,
    symlink_refusal,
)
from console.store.errors import StoreError
from console.store.generations import Generations

SCHEMA_VERSION = 1
META_TABLE = "_meta"


def _well_formed(data: object) -> bool:
    """TinyDB's layout: tables of documents, every document an object."""
    if not isinstance(data, dict):
        return False
    for table in data.values():
        if not isinstance(table, dict):
            return False
        for doc in table.values():
            if not isinstance(doc, dict):
                return False
    return True


class PartitionStorage(Storage):
    """One JSON file of the store, in TinyDB's table layout plus a ``_meta`` table."""

    def __init__(
        self, path: Path, generations: Generations, kind: str, mode: int = FILE_MODE
    ) -> None:
        self.path = Path(path)
        self.kind = kind
        self.mode = mode  # the store's file mode (0600)
        self._generations = generations
        self._slot = generations.slot(f"{kind}/{self.path.name}")
        #: The whole file as parsed, ``_meta`` included (what :meth:`write` writes back).
        self._data: dict[str, Any] | None = None
        self._key: tuple[int, ...] | None = None
        #: Increases whenever the parsed content changes; repositories key indexes on it.
        self.revision = 0
        #: CRC-32 of the bytes last parsed or written (see :meth:`fingerprint`).
        self.content_crc: int | None = None

    def _stat_key(self, generation: int) -> tuple[int, ...] | None:
        try:
            st = os.lstat(self.path)
        except FileNotFoundError:
            return None
        if stat.S_ISLNK(st.st_mode):
            raise symlink_refusal(self.path)
        if not stat.S_ISREG(st.st_mode):
            raise not_regular_refusal(self.path)
        return (generation, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)

    def signature(self) -> tuple[int, ...] | None:
        """What identifies the file's current content without reading it (None: no file).

        Equal signatures mean the same content, so a repository can keep a compact
        summary of a file it no longer holds parsed (see :meth:`release`).
        """
        return self._stat_key(self._generations.read(self._slot))

    def fingerprint(self) -> int | None:
        """CRC-32 of the file's bytes as they are now, read but not parsed (None: no file).

        Cheaper than a parse by far: a summary whose signature moved only because a
        change counter it shares with another file was bumped can be kept.
        """
        try:
            return zlib.crc32(read_file(self.path))
        except FileNotFoundError:
            return None
        except OSError as err:
            raise StoreError(f"Cannot read {self.path}: {err.strerror}.") from None

    def peek(self) -> bytes | None:
        """The file's bytes, neither parsed nor kept (None: no file); refused as by :meth:`read`."""
        try:
            return read_file(self.path)
        except FileNotFoundError:
            return None
        except OSError as err:
            raise StoreError(f"Cannot read {self.path}: {err.strerror}.") from None

    def holds_parse(self) -> bool:
        """True while the parsed file is held in memory."""
        return self._data is not None

    def release(self) -> None:
        """Drop the parsed file (the next :meth:`read` parses it again): memory stays flat."""
        if self._data is not None:
            self._data, self._key = None, None
            self.revision += 1

    def _visible(self, data: dict[str, Any]) -> dict[str, Any]:
        """The data tables only (a new dict: TinyDB changes what it is given in place)."""
        return {name: table for name, table in data.items() if name != META_TABLE}

    def read(self) -> dict[str, Any] | None:
        """The file's tables, parsed only if it changed since the last read."""
        key = self._stat_key(self._generations.read(self._slot))
        if key is None:
            if self._data is not None:
                self._data, self._key = None, None
                self.revision += 1
            return None
        if key == self._key and self._data is not None:
            return self._visible(self._data)
        try:
            raw = read_file(self.path)
        except FileNotFoundError:
            return self.read()  # removed since the stat: read as missing
        except OSError as err:
            raise StoreError(f"Cannot read {self.path}: {err.strerror}.") from None
        self._data = self._parse(raw)
        self.content_crc = zlib.crc32(raw)
        self._key = key
        self.revision += 1
        return self._visible(self._data)

    def _parse(self, raw: bytes) -> dict[str, Any]:
        try:
            data = orjson.loads(raw)
        except orjson.JSONDecodeError:
            data = None
        if not _well_formed(data):
            raise StoreError(
                f"{self.path} is damaged (not a complete store file); it has been left "
                "untouched: run `frontdesk check` and restore it from a backup."
            )
        schema = data.get(META_TABLE, {}).get("1", {}).get("schema", SCHEMA_VERSION)
        if not isinstance(schema, int) or schema > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path} was written by a newer version of frontdesk (schema {schema}); "
                "it has been left untouched: upgrade frontdesk to open it."
            )
        return data

    def write(self, data: dict[str, Any]) -> None:
        """Replace the file atomically and durably; the caller holds the store lock."""
        if META_TABLE in data:
            raise StoreError(f"The table name {META_TABLE!r} is kept for the store's own use.")
        meta = (self._data or {}).get(META_TABLE) or {
            "1": {"schema": SCHEMA_VERSION, "kind": self.kind}
        }
        data = {**data, META_TABLE: meta}
        try:
            payload = orjson.dumps(data)
            if len(payload) > MAX_FILE:
                # Never written: no desk (and no backup) would read it back.
                raise StoreError(
                    f"Could not save {self.path.name}: it would be larger than a store "
                    f"file may be ({MAX_FILE // (1024 * 1024)} MB). Nothing was changed."
                )
            self._generations.bump(self._slot)
            replace_file(self.path, payload, self.mode)
            generation = self._generations.bump(self._slot)
        except BaseException as err:
            # TinyDB changed our cached documents in place before calling write: drop
            # them so the next read sees what is really on disk.
            self._data, self._key = None, None
            self.revision += 1
            if not isinstance(err, OSError | TypeError):
                raise
            reason = getattr(err, "strerror", None) or str(err)
            raise StoreError(
                f"Could not save {self.path.name}: {reason}. Nothing was changed."
            ) from None
        self._data = data
        self.content_crc = zlib.crc32(payload)
        self._key = self._stat_key(generation)
        self.revision += 1

    def close(self) -> None:
        """Nothing to release: every write is already on disk."""
