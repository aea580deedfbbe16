"""Crash-safe, link-safe file work in the store: what every open and write goes through.

* Durable replacement: a temp file, fsync, atomic rename, directory fsync.
* Nothing is followed: every file is opened with ``O_NOFOLLOW`` (and ``O_NONBLOCK``, so a
  planted FIFO cannot hang a desk), every folder is checked with ``lstat`` or opened with
  ``O_DIRECTORY | O_NOFOLLOW``; a symbolic link or anything that is not a regular file
  or folder is refused with one sentence (:class:`StoreError`).
* Temp files get random names and are created exclusively (``O_CREAT | O_EXCL``), so a
  name planted in advance is never written through.
* Modes are set only on what this process creates, at creation (``fchmod`` on the new
  descriptor: the umask may have narrowed it); nothing that already exists is chmod-ed.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
from pathlib import Path

from console.store.errors import StoreError
from console.store.modes import PRIVATE

FILE_MODE = PRIVATE.file
DIR_MODE = PRIVATE.dir

#: Added to every open of a file in the store: never follow, never block, never inherit.
_SAFE = os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
_FOLDER = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC

#: The most a store file may hold: what a backup takes (``backup.MAX_DOCUMENT``), far above
#: a real file (a busy month of visits is about 250 KB). A bigger one is refused before it
#: is read, so a planted giant (or sparse) file cannot fill the memory of every desk.
MAX_FILE = 4 * 1024 * 1024

#: ``.<name>.<random>.tmp``: a temp file of :func:`replace_file` (or an old ``<pid>`` one).
TEMP_NAME = re.compile(r"^\..+\.[0-9a-z]+\.tmp$")


def temp_name(name: str) -> str:
    """A fresh, unguessable temp name next to ``name`` (``.<name>.<16 hex>.tmp``)."""
    import secrets  # here: only a write needs it

    return f".{name}.{secrets.token_hex(8)}.tmp"


def symlink_refusal(path: Path | str) -> StoreError:
    """The one sentence for a symbolic link where the store expects its own file or folder."""
    return StoreError(
        f"{path} is a symbolic link, which the store never follows; remove it "
        "(`frontdesk check` lists every such entry)."
    )


def not_regular_refusal(path: Path | str, what: str = "a regular file") -> StoreError:
    """The one sentence for a FIFO, device, socket or folder where a file was expected."""
    return StoreError(
        f"{path} is not {what}, so the store will not use it; move it away "
        "(`frontdesk check` lists every such entry)."
    )


def refusal(path: Path | str, err: OSError, doing: str = "open") -> StoreError:
    """Turn an ``OSError`` from opening ``path`` into one sentence."""
    if err.errno in (errno.ELOOP, errno.EMLINK) or _is_link(path):
        return symlink_refusal(path)
    if err.errno in (errno.EISDIR, errno.ENXIO):
        return not_regular_refusal(path)
    if err.errno == errno.ENOTDIR:
        return not_regular_refusal(Path(path).parent, "a folder")
    return StoreError(f"Cannot {doing} {path}: {err.strerror or err}.")


def _is_link(path: Path | str) -> bool:
    try:
        return stat.S_ISLNK(os.lstat(path).st_mode)
    except OSError:
        return False


def _check_regular(fd: int, path: Path | str) -> os.stat_result:
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        raise not_regular_refusal(path)
    return info


def open_existing(path: Path | str, flags: int = os.O_RDONLY) -> int:
    """Open an existing regular file of the store without following a link.

    Raises ``FileNotFoundError`` when it is missing and :class:`StoreError` (one sentence)
    for a link, a folder, a FIFO or a device.
    """
    try:
        fd = os.open(path, flags | _SAFE)
    except FileNotFoundError:
        raise
    except OSError as err:
        raise refusal(path, err) from None
    _check_regular(fd, path)
    return fd


def create_exclusive(path: Path | str, mode: int = FILE_MODE, *, dir_fd: int | None = None) -> int:
    """Create a new file (never an existing name, never through a link) with ``mode``."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _SAFE, mode, dir_fd=dir_fd)
    os.fchmod(fd, mode)  # ours, just made: the umask may have narrowed it
    return fd


def open_or_create(path: Path | str, mode: int = FILE_MODE) -> int:
    """Open a shared file of the store read-write, creating it (``mode``) when missing."""
    while True:
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL | _SAFE, mode)
        except FileExistsError:
            pass
        except OSError as err:
            raise refusal(path, err) from None
        else:
            os.fchmod(fd, mode)  # ours, just made
            return fd
        try:
            return open_existing(path, os.O_RDWR)
        except FileNotFoundError:
            continue  # removed in between: create it after all


def too_big_refusal(path: Path | str) -> StoreError:
    """The one sentence for a store file over :data:`MAX_FILE`."""
    return StoreError(
        f"{path} is larger than a store file may be ({MAX_FILE // (1024 * 1024)} MB), so it "
        "was not read and has been left untouched: run `frontdesk check` and restore it "
        "from a backup."
    )


def read_file(path: Path | str) -> bytes:
    """The whole content of a regular file of the store (``FileNotFoundError`` if missing).

    A file over :data:`MAX_FILE` is refused (:class:`StoreError`) without being read.
    """
    fd = open_existing(path)
    with open(fd, "rb") as handle:
        if os.fstat(handle.fileno()).st_size > MAX_FILE:
            raise too_big_refusal(path)
        raw = handle.read(MAX_FILE + 1)  # capped: it may be growing as we read
    if len(raw) > MAX_FILE:
        raise too_big_refusal(path)
    return raw


def ensure_dir(path: Path, mode: int = DIR_MODE) -> None:
    """Make sure ``path`` is a real folder; create it (and missing parents) with ``mode``.

    An existing folder is left as it is (never chmod-ed); a symbolic link or a file in its
    place is refused with one sentence. Only folders made here get their mode set.
    """
    path = Path(path)
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        _make_dir(path, mode)
        return
    check_folder(path, info)


def check_folder(path: Path | str, info: os.stat_result) -> None:
    """Refuse (one sentence) a link or a non-folder found where a folder belongs."""
    if stat.S_ISLNK(info.st_mode):
        raise symlink_refusal(path)
    if not stat.S_ISDIR(info.st_mode):
        raise not_regular_refusal(path, "a folder")


def _make_dir(path: Path, mode: int) -> None:
    if not os.path.lexists(path.parent) and path.parent != path:
        _make_dir(path.parent, mode)
    try:
        os.mkdir(path, mode & 0o777)
    except FileExistsError:
        check_folder(path, os.lstat(path))
        return
    fd = os.open(path, _FOLDER)
    try:
        if os.fstat(fd).st_uid == os.geteuid():
            os.fchmod(fd, mode)  # ours, just made: the umask may have narrowed it
    finally:
        os.close(fd)


def open_folder(path: Path | str) -> int:
    """A descriptor on the folder ``path`` (its last part never a link)."""
    try:
        return os.open(path, _FOLDER)
    except OSError as err:
        if err.errno in (errno.ELOOP, errno.ENOTDIR) or _is_link(path):
            if _is_link(path):
                raise symlink_refusal(path) from None
            raise not_regular_refusal(path, "a folder") from None
        raise


def write_all(fd: int, payload: bytes) -> None:
    """Write every byte of ``payload`` to ``fd`` (``os.write`` may take only part of it)."""
    view = memoryview(payload)
    while view:
        view = view[os.write(fd, view) :]


def fsync_dir(path: Path) -> None:
    """Make a rename inside ``path`` durable."""
    fd = open_folder(path)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def replace_file(path: Path, payload: bytes, mode: int = FILE_MODE) -> None:
    """Write ``payload`` to ``path`` so that a crash leaves the old or the new file, whole.

    Everything happens relative to a descriptor on the folder, opened without following
    a link. The temp file has a random name, is created exclusively with ``mode`` (never
    readable by others, not even for a moment), synced and renamed over the target; the
    folder is then synced. A target that is a link or not a regular file is refused.
    """
    path = Path(path)
    folder = open_folder(path.parent)
    try:
        try:
            info = os.lstat(path.name, dir_fd=folder)
        except FileNotFoundError:
            pass
        else:
            if stat.S_ISLNK(info.st_mode):
                raise symlink_refusal(path)
            if not stat.S_ISREG(info.st_mode):
                raise not_regular_refusal(path)
        tmp = temp_name(path.name)
        fd = create_exclusive(tmp, mode, dir_fd=folder)
        try:
            write_all(fd, payload)
            os.fsync(fd)
        except BaseException:
            os.close(fd)
            with contextlib.suppress(OSError):
                os.unlink(tmp, dir_fd=folder)
            raise
        os.close(fd)
        try:
            os.replace(tmp, path.name, src_dir_fd=folder, dst_dir_fd=folder)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp, dir_fd=folder)
            raise
        os.fsync(folder)
    finally:
        os.close(folder)
