"""Converting an old group-shared store into a private one, run once by its new owner.

The retired layout had every receptionist's account write into one ``2770`` folder,
so its files belong to several accounts and are ``0660``. The service account that is
to own the store runs ``frontdesk convert-store --data-dir DIR`` (after root has given
it the folder with ``chown``). Nothing is chmod-ed that it does not own:

* every file it does not own, or that is open to others, is copied into a new file of
  its own (``0600``, random name, created exclusively), synced and renamed over the old;
* every folder it does not own is rebuilt: a new ``0700`` folder beside it takes its
  entries (renames) and is then renamed over the emptied old one;
* folders it owns, the root included, get ``0700`` (the setgid bit goes).

Before anything changes the whole tree is checked: a symbolic link, a FIFO, a device or
a socket anywhere is refused in one sentence, and so is a store a desk is using. Each
step is atomic, so a conversion that is interrupted is finished by running it again.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import secrets
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from console.store.atomic import (
    DIR_MODE,
    FILE_MODE,
    create_exclusive,
    open_existing,
    open_folder,
    symlink_refusal,
    temp_name,
    write_all,
)
from console.store.errors import StoreError
from console.store.layout import CONVERT_COMMAND, account_name
from console.store.lock import LOCK_NAME

_REBUILD = ".convert-"


@dataclass(frozen=True)
class Converted:
    """What a conversion changed."""

    files: int
    folders: int


def convert(root: Path) -> Converted:
    """Make the store at ``root`` private to the account running this (see the module)."""
    root = Path(root)
    me = os.geteuid()
    try:
        info = os.lstat(root)
    except FileNotFoundError:
        raise StoreError(f"There is no store at {root} to convert.") from None
    if stat.S_ISLNK(info.st_mode):
        raise symlink_refusal(root)
    if not stat.S_ISDIR(info.st_mode):
        raise StoreError(f"{root} is not a folder, so there is no store there to convert.")
    if info.st_uid != me:
        owner, account = account_name(info.st_uid), account_name(me)
        raise StoreError(
            f"The folder {root} belongs to {owner}, so root must first run "
            f"`chown {account} {root}`; then run `{CONVERT_COMMAND} {root}` again as {account}."
        )
    _refuse_what_cannot_convert(root)
    with _no_desk_running(root):
        files, folders = _convert_folder(root, me)
        fd = open_folder(root)
        try:
            if stat.S_IMODE(os.fstat(fd).st_mode) != DIR_MODE:
                os.fchmod(fd, DIR_MODE)  # ours: the one chmod this command is for
                folders += 1
            os.fsync(fd)
        finally:
            os.close(fd)
    return Converted(files, folders)


def _refuse_what_cannot_convert(folder: Path) -> None:
    """One sentence for the first link or special file anywhere under ``folder``."""
    try:
        entries = list(os.scandir(folder))
    except OSError as err:
        raise StoreError(
            f"Cannot read the folder {folder} ({err.strerror}), so nothing was converted."
        ) from None
    for entry in entries:
        info = entry.stat(follow_symlinks=False)
        if stat.S_ISLNK(info.st_mode):
            raise StoreError(
                f"{entry.path} is a symbolic link, which the store never follows, so nothing "
                "was converted: remove it and run the command again."
            )
        if stat.S_ISDIR(info.st_mode):
            _refuse_what_cannot_convert(Path(entry.path))
        elif not stat.S_ISREG(info.st_mode):
            raise StoreError(
                f"{entry.path} is not a regular file (a FIFO, device or socket), so nothing "
                "was converted: remove it and run the command again."
            )


@contextlib.contextmanager
def _no_desk_running(root: Path) -> Iterator[None]:
    """Hold the store lock for the conversion; refuse if a desk holds it now."""
    path = root / LOCK_NAME
    try:
        fd = open_existing(path, os.O_RDONLY)
    except FileNotFoundError:
        yield
        return
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise StoreError(
                f"A desk is using the store at {root}; close every desk, then convert it."
            ) from None
        yield
    finally:
        os.close(fd)


def _convert_folder(folder: Path, me: int) -> tuple[int, int]:
    """Convert everything inside ``folder`` (deepest first); ``(files, folders)`` changed."""
    files = folders = 0
    for entry in sorted(os.scandir(folder), key=lambda e: e.name):
        info = entry.stat(follow_symlinks=False)
        path = Path(entry.path)
        if stat.S_ISDIR(info.st_mode):
            if _REBUILD in entry.name:
                continue  # a rebuild an interrupted run left: picked up with its folder
            inner_files, inner_folders = _convert_folder(path, me)
            files, folders = files + inner_files, folders + inner_folders
            folders += _own_folder(path, info, me)
        elif info.st_uid != me or stat.S_IMODE(info.st_mode) != FILE_MODE:
            _copy_as_mine(path, info)
            files += 1
    return files, folders


def _copy_as_mine(path: Path, info: os.stat_result) -> None:
    """Replace ``path`` by a copy this account owns, ``0600`` (copy, fsync, rename)."""
    folder = open_folder(path.parent)
    try:
        source = open_existing(path)
        try:
            if os.fstat(source).st_ino != info.st_ino:
                raise StoreError(f"{path} changed while it was converted; run the command again.")
            tmp = temp_name(path.name)
            target = create_exclusive(tmp, FILE_MODE, dir_fd=folder)
            try:
                while chunk := os.read(source, 1 << 20):
                    write_all(target, chunk)
                os.fsync(target)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(tmp, dir_fd=folder)
                raise
            finally:
                os.close(target)
        finally:
            os.close(source)
        os.replace(tmp, path.name, src_dir_fd=folder, dst_dir_fd=folder)
        os.fsync(folder)
    except OSError as err:
        raise StoreError(
            f"Could not convert {path}: {err.strerror}; run the command again once fixed."
        ) from None
    finally:
        os.close(folder)


def _own_folder(path: Path, info: os.stat_result, me: int) -> int:
    """Make the folder ``path`` this account's, ``0700``; 1 if it changed, else 0."""
    try:
        if info.st_uid == me:
            fd = open_folder(path)
            try:
                if stat.S_IMODE(os.fstat(fd).st_mode) == DIR_MODE:
                    return 0
                os.fchmod(fd, DIR_MODE)  # ours: the one chmod this command is for
            finally:
                os.close(fd)
            return 1
        parent = path.parent
        rebuilt = _rebuild_folder(parent, path.name)
        for name in os.listdir(path):
            os.rename(path / name, rebuilt / name)
        fsync = open_folder(rebuilt)
        try:
            os.fsync(fsync)
        finally:
            os.close(fsync)
        os.rename(rebuilt, path)  # over the emptied old folder: atomic
        fd = open_folder(parent)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as err:
        raise StoreError(
            f"Could not convert the folder {path}: {err.strerror}; run the command again "
            "once fixed."
        ) from None
    return 1


def _rebuild_folder(parent: Path, name: str) -> Path:
    """The new folder taking ``name``'s entries: an interrupted run's, or a new one."""
    prefix = f".{name}{_REBUILD}"
    for existing in sorted(os.listdir(parent)):
        candidate = parent / existing
        if existing.startswith(prefix):
            info = os.lstat(candidate)
            if stat.S_ISDIR(info.st_mode) and info.st_uid == os.geteuid():
                return candidate
    rebuilt = parent / f"{prefix}{secrets.token_hex(8)}"
    os.mkdir(rebuilt, DIR_MODE)
    fd = open_folder(rebuilt)
    try:
        os.fchmod(fd, DIR_MODE)  # ours, just made
    finally:
        os.close(fd)
    return rebuilt
