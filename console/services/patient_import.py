"""Reading a patient file another system exported, which is never trusted.

The file is opened without following a symbolic link and without waiting on a FIFO,
must be a regular file of at most :data:`MAX_IMPORT_BYTES`, and is decoded as UTF-8
(a byte-order mark is dropped; UTF-16 with its mark is read too), or, when it is not
UTF-8, as Windows-1252, the encoding spreadsheets on Windows save CSV in. Every
problem is one sentence (:class:`InvalidInput`, field ``file``).
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from console.clinic.errors import InvalidInput

#: The largest file read: about 80,000 patients' worth, far above a clinic's list.
MAX_IMPORT_BYTES = 16 * 1024 * 1024
_OPEN = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC


@dataclass(frozen=True)
class ImportFile:
    """A patient file's text and how it was decoded."""

    text: str
    encoding: str


def read_import_file(path: Path) -> ImportFile:
    """The text of the CSV at ``path``; one sentence when it cannot be used."""
    try:
        fd = os.open(path, _OPEN)
    except FileNotFoundError:
        raise InvalidInput(f"There is no file {path}.", "file") from None
    except OSError as err:
        if err.errno == errno.ELOOP:
            raise InvalidInput(
                f"{path} is a symbolic link; name the real file instead.", "file"
            ) from None
        raise InvalidInput(f"Cannot read {path}: {err.strerror}.", "file") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise InvalidInput(f"{path} is not a regular file.", "file")
        if info.st_size > MAX_IMPORT_BYTES:
            raise InvalidInput(
                f"{path} is larger than an import may be "
                f"({MAX_IMPORT_BYTES // (1024 * 1024)} MB); split it into smaller files.",
                "file",
            )
        with os.fdopen(fd, "rb", closefd=False) as handle:
            raw = handle.read(MAX_IMPORT_BYTES + 1)
    except OSError as err:
        raise InvalidInput(f"Cannot read {path}: {err.strerror}.", "file") from None
    finally:
        os.close(fd)
    if len(raw) > MAX_IMPORT_BYTES:
        raise InvalidInput(f"{path} grew past the import limit while it was read.", "file")
    return decode(raw, path)


def decode(raw: bytes, path: Path | str) -> ImportFile:
    """Decode a CSV file's bytes: UTF-8 (with or without a mark), UTF-16, else Windows-1252."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return ImportFile(raw.decode("utf-16"), "UTF-16")
        except UnicodeDecodeError:
            raise InvalidInput(f"{path} is not readable UTF-16 text.", "file") from None
    if b"\x00" in raw:
        raise InvalidInput(f"{path} is not a text file (it holds NUL bytes).", "file")
    try:
        return ImportFile(raw.decode("utf-8-sig"), "UTF-8")
    except UnicodeDecodeError:
        # Windows-1252 leaves five bytes undefined: those become U+FFFD, never an error.
        return ImportFile(raw.decode("cp1252", errors="replace"), "Windows-1252")
