"""Change counters shared by every process that opens the store.

Each data file hashes to one 8-byte slot of ``.generations``. A writer bumps the
slot (under the store lock) before and after it replaces the file. A reader keeps
the parsed file together with the slot value and the file's ``stat``; when both are
unchanged it reuses the parse. The counter catches what ``stat`` alone can miss
(coarse mtimes and reused inode numbers when two writes land in the same tick);
the ``stat`` catches a writer killed between its rename and its second bump.

The file is opened without following a link and only created by the first write: a
reader on a store that has none yet sees every counter at zero and creates nothing.
"""

from __future__ import annotations

import os
import struct
import zlib
from pathlib import Path

from console.store.atomic import FILE_MODE, open_existing, open_or_create, refusal

SLOTS = 512
_SLOT = struct.Struct("<Q")
_SIZE = SLOTS * _SLOT.size


class Generations:
    """Reads and bumps the per-file change counters in one small shared file."""

    def __init__(self, path: Path, mode: int = FILE_MODE) -> None:
        self.path = Path(path)
        self.mode = mode
        self._fd = -1

    def _open(self, create: bool) -> int:
        """The descriptor (-1 when the file does not exist and ``create`` is false)."""
        if self._fd >= 0:
            return self._fd
        if create:
            fd = open_or_create(self.path, self.mode)
        else:
            try:
                fd = open_existing(self.path, os.O_RDWR)
            except FileNotFoundError:
                return -1
        self._fd = fd
        return fd

    def ensure(self) -> None:
        """Create the file (full size) if it does not exist yet; the caller holds the lock."""
        fd = self._open(create=True)
        try:
            if os.fstat(fd).st_size < _SIZE:
                os.ftruncate(fd, _SIZE)
        except OSError as err:
            raise refusal(self.path, err, "extend") from None

    @staticmethod
    def slot(name: str) -> int:
        """The slot a file name maps to (collisions only cost a spurious re-read)."""
        return zlib.crc32(name.encode()) % SLOTS

    def read(self, slot: int) -> int:
        """The current counter of ``slot`` (0 while the file does not exist)."""
        fd = self._open(create=False)
        if fd < 0:
            return 0
        raw = os.pread(fd, _SLOT.size, slot * _SLOT.size)
        return _SLOT.unpack(raw)[0] if len(raw) == _SLOT.size else 0

    def snapshot(self) -> bytes:
        """Every counter at once: when this changes, some file of the store changed."""
        fd = self._open(create=False)
        if fd < 0:
            return bytes(_SIZE)
        return os.pread(fd, _SIZE, 0).ljust(_SIZE, b"\0")

    def bump(self, slot: int) -> int:
        """Increment ``slot``; the caller must hold the store lock."""
        self.ensure()
        value = self.read(slot) + 1
        os.pwrite(self._fd, _SLOT.pack(value), slot * _SLOT.size)
        return value

    def close(self) -> None:
        """Release the file descriptor."""
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1
