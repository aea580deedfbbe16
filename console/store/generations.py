"""Change counters shared by every process that opens the store.

Each data file hashes to one 8-byte slot of ``.generations``. A writer bumps the
slot (under the store lock) before and after it replaces the file. A reader keeps
the parsed file together with the slot value and the file's ``stat``; when both are
unchanged it reuses the parse. The counter catches what ``stat`` alone can miss
(coarse mtimes and reused inode numbers when two writes land in the same tick);
the ``stat`` catches a writer killed between its rename and its second bump.
"""

from __future__ import annotations

import os
import stat
import struct
import zlib
from pathlib import Path

SLOTS = 512
_SLOT = struct.Struct("<Q")


class Generations:
    """Reads and bumps the per-file change counters in one small shared file."""

    def __init__(self, path: Path, mode: int = 0o600) -> None:
        self.path = path
        fd = os.open(path, os.O_RDWR | os.O_CREAT, mode)
        try:
            info = os.fstat(fd)
            # The umask may have narrowed a new file (a shared store needs 0660); only
            # the owner may change it, and another account's copy already has the mode.
            if stat.S_IMODE(info.st_mode) != mode and info.st_uid == os.geteuid():
                os.fchmod(fd, mode)
            if os.fstat(fd).st_size < SLOTS * _SLOT.size:
                os.ftruncate(fd, SLOTS * _SLOT.size)
        except OSError:
            os.close(fd)
            raise
        self._fd = fd

    @staticmethod
    def slot(name: str) -> int:
        """The slot a file name maps to (collisions only cost a spurious re-read)."""
        return zlib.crc32(name.encode()) % SLOTS

    def read(self, slot: int) -> int:
        """The current counter of ``slot``."""
        raw = os.pread(self._fd, _SLOT.size, slot * _SLOT.size)
        return _SLOT.unpack(raw)[0] if len(raw) == _SLOT.size else 0

    def snapshot(self) -> bytes:
        """Every counter at once: when this changes, some file of the store changed."""
        return os.pread(self._fd, SLOTS * _SLOT.size, 0)

    def bump(self, slot: int) -> int:
        """Increment ``slot``; the caller must hold the store lock."""
        value = self.read(slot) + 1
        os.pwrite(self._fd, _SLOT.pack(value), slot * _SLOT.size)
        return value

    def close(self) -> None:
        """Release the file descriptor."""
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1
