"""Files that leave the console: exports in a fixed folder, and the admin's ``--output``.

Neither trusts the file system it writes into. An export is created exclusively under
a generated name in a folder that must be a real folder owned by this account; an
``--output`` file is never a symlink, never inside the store, never replaced unless
asked, and a FIFO or character device (``/dev/stdout``) is written in place.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

from console.clinic.errors import InvalidInput
from console.store.atomic import write_all

#: A new file: created here or not at all, never through a symlink, private to us.
_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
_FOLDER = os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC


def create_new(folder_fd: int, name: str, data: bytes) -> None:
    """Create ``name`` in the open folder exclusively (0600), write ``data``, fsync it.

    An existing entry of that name (a file, or a planted symlink) raises
    ``FileExistsError`` and is left alone; a failed write leaves no file behind.
    """
    fd = os.open(name, _NEW_FILE, 0o600, dir_fd=folder_fd)
    try:
        write_all(fd, data)
        os.fsync(fd)
    except BaseException:
        os.close(fd)
        with contextlib.suppress(OSError):
            os.unlink(name, dir_fd=folder_fd)
        raise
    os.close(fd)


def _inside(path: Path, root: Path | None) -> bool:
    if root is None:
        return False
    real, top = os.path.realpath(path), os.path.realpath(root)
    return real == top or real.startswith(top.rstrip(os.sep) + os.sep)


def _own_folder(folder: Path) -> int:
    """Open the exports folder (made 0700 if missing); refuse a symlink or another's folder."""
    try:
        os.mkdir(folder, 0o700)
    except FileExistsError:
        pass  # ours or not: checked below, on what is really there
    except OSError as err:
        raise InvalidInput(
            f"Cannot make the exports folder {folder}: {err.strerror}; nothing was saved.",
            "general",
        ) from None
    try:
        fd = os.open(folder, _FOLDER | os.O_NOFOLLOW)
    except OSError:
        if folder.is_symlink():
            raise InvalidInput(
                f"The exports folder {folder} is a symbolic link; nothing was saved "
                "(ask the administrator to replace it with a real folder).",
                "general",
            ) from None
        raise InvalidInput(
            f"The exports folder {folder} is not a usable folder; nothing was saved.",
            "general",
        ) from None
    if os.fstat(fd).st_uid != os.geteuid():
        os.close(fd)
        raise InvalidInput(
            f"The exports folder {folder} belongs to another account; nothing was saved.",
            "general",
        )
    return fd


def save_export(
    folder: Path, stem: str, suffix: str, text: str, store_root: Path | None = None
) -> Path:
    """Save ``text`` as ``<stem>-<random>.<suffix>`` in ``folder``; answer the file made.

    The name is generated (never typed, never a dot-file) and created exclusively, so
    nothing already there, a planted symlink included, is followed or overwritten.
    A folder inside the store is refused: exports must not be mixed with its files.
    """
    if _inside(folder, store_root):
        raise InvalidInput(
            f"The exports folder {folder} is inside the store; nothing was saved.", "general"
        )
    import secrets  # here: a command that writes no file never loads it

    fd = _own_folder(folder)
    try:
        for _ in range(8):  # a clash of 8 hex digits is for a planted name only
            name = f"{stem}-{secrets.token_hex(4)}.{suffix}"
            try:
                create_new(fd, name, text.encode("utf-8"))
            except FileExistsError:
                continue
            return folder / name
        raise InvalidInput(f"Could not find a free file name in {folder}.", "general")
    except OSError as err:
        raise InvalidInput(f"Cannot save in {folder}: {err.strerror}.", "general") from None
    finally:
        os.close(fd)


def _write_in_place(path: Path, text: str) -> bool:
    """Write to a FIFO or character device (``/dev/stdout``) without replacing it.

    Answers False when ``path`` is not one (then it is handled as a file).
    """
    try:
        before = os.stat(path)
    except OSError:
        return False
    if not (stat.S_ISFIFO(before.st_mode) or stat.S_ISCHR(before.st_mode)):
        return False
    try:
        fd = os.open(path, os.O_WRONLY | os.O_NOCTTY | os.O_CLOEXEC)
    except OSError as err:
        raise InvalidInput(f"Cannot write to {path}: {err.strerror}.", "output") from None
    try:
        now = os.fstat(fd)
        if (now.st_dev, now.st_ino) != (before.st_dev, before.st_ino):
            raise InvalidInput(f"{path} changed while it was opened; nothing was written.")
        write_all(fd, text.encode("utf-8"))
    except OSError as err:
        raise InvalidInput(f"Cannot write to {path}: {err.strerror}.", "output") from None
    finally:
        os.close(fd)
    return True


def write_output(path: Path, text: str, *, force: bool, store_root: Path) -> bool:
    """Write ``--output``: a new file (0600), or with ``force`` a replaced regular file.

    Answers True when ``path`` was a FIFO or character device, written in place.

    Refused with one sentence (field ``output``): a symbolic link, an existing file
    without ``force``, anything that is not a regular file, FIFO or character device,
    and any path inside the store. The file appears whole or not at all.
    """
    folder, name = path.parent, path.name
    if _inside(folder, store_root) or _inside(path, store_root):
        raise InvalidInput(f"{path} is inside the store; write the file somewhere else.", "output")
    if _write_in_place(path, text):
        return True
    if not name or name in (".", ".."):
        raise InvalidInput(f"{path} is not a file name.", "output")
    if not folder.is_dir():
        raise InvalidInput(f"The folder {folder} does not exist.", "output")
    try:
        there = os.lstat(path)
    except FileNotFoundError:
        there = None
    except OSError as err:
        raise InvalidInput(f"Cannot write {path}: {err.strerror}.", "output") from None
    if there is not None:
        if stat.S_ISLNK(there.st_mode):
            raise InvalidInput(
                f"{path} is a symbolic link; name the real file instead "
                "(or leave out --output to write to standard output).",
                "output",
            )
        if not stat.S_ISREG(there.st_mode):
            raise InvalidInput(f"{path} exists and is not a regular file.", "output")
        if not force:
            raise InvalidInput(f"{path} already exists; add --force to replace it.", "output")
    _write_file(folder, name, text, replace=there is not None)
    return False


def _write_file(folder: Path, name: str, text: str, *, replace: bool) -> None:
    """Write a random temp file beside ``name``, then link it in (new) or rename it over."""
    try:
        fd = os.open(folder, _FOLDER)
    except OSError as err:
        raise InvalidInput(f"Cannot write in {folder}: {err.strerror}.", "output") from None
    import secrets

    tmp = f".{name}.{secrets.token_hex(8)}.tmp"
    try:
        create_new(fd, tmp, text.encode("utf-8"))
        try:
            if replace:
                os.replace(tmp, name, src_dir_fd=fd, dst_dir_fd=fd)
            else:
                # A hard link never replaces what appeared there meanwhile (unlike rename).
                os.link(tmp, name, src_dir_fd=fd, dst_dir_fd=fd, follow_symlinks=False)
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp, dir_fd=fd)
        os.fsync(fd)
    except FileExistsError:
        raise InvalidInput(
            f"{folder / name} already exists; add --force to replace it.", "output"
        ) from None
    except OSError as err:
        raise InvalidInput(f"Cannot write {folder / name}: {err.strerror}.", "output") from None
    finally:
        os.close(fd)
