"""Crash-safe file replacement: temp file, fsync, atomic rename, directory fsync."""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

from console.store.modes import PRIVATE

FILE_MODE = PRIVATE.file
DIR_MODE = PRIVATE.dir


def ensure_dir(path: Path, mode: int = DIR_MODE) -> None:
    """Create ``path`` (and parents) with ``mode``; set that mode if it already exists.

    ``mode`` may carry the setgid bit (shared stores). The umask can only narrow a new
    folder, so its mode is set explicitly. A folder another account of the group made
    cannot be chmod-ed by us: that is fine as long as it is not open to others.
    """
    path.mkdir(parents=True, exist_ok=True, mode=mode & 0o777)
    current = stat.S_IMODE(path.stat().st_mode)
    if current != mode:
        try:
            path.chmod(mode)
        except PermissionError:
            if current & ~mode & 0o777:
                raise


def fsync_dir(path: Path) -> None:
    """Make a rename inside ``path`` durable."""
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def replace_file(path: Path, payload: bytes, mode: int = FILE_MODE) -> None:
    """Write ``payload`` to ``path`` so that a crash leaves the old or the new file, whole.

    The temp file is created with ``mode`` from the start (never world-readable, not
    even for a moment), synced, renamed over the target, and the directory synced.
    """
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    try:
        os.fchmod(fd, mode)
        view = memoryview(payload)
        while view:
            written = os.write(fd, view)
            view = view[written:]
        os.fsync(fd)
    except BaseException:
        os.close(fd)
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    os.close(fd)
    try:
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    fsync_dir(path.parent)
