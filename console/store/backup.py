"""Backups: consistent snapshots of every data file, and restoring one.

A backup is ``<store>/backups/YYYY-MM-DDTHHMMSS.tar.gz`` (0600, in a 0700 folder)
holding ``patients/*.json``, ``appointments/*.json`` and ``audit/*`` as they were at
one moment: the files are read under the store lock, so no write lands half-way.
Every file must parse before it goes in, so a backup is always restorable; a damaged
file makes the backup refuse with a sentence naming it.

Restoring verifies the whole archive first, then, under the store lock, moves the
current data files aside into ``backups/before-restore-<stamp>/`` (nothing is lost)
and puts the archived ones in place, bumping their change counters so every other
running desk re-reads them.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import os
import re
import shutil
import tarfile
from pathlib import Path

import orjson

from console.store.atomic import ensure_dir, fsync_dir, replace_file
from console.store.errors import StoreError
from console.store.store import Store

BACKUP_DIR = "backups"
DATA_KINDS = ("patients", "appointments", "audit")
SUFFIX = ".tar.gz"
STAMP_FORMAT = "%Y-%m-%dT%H%M%S"
ASIDE_PREFIX = "before-restore-"  # folders holding the files a restore replaced
_NAME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{6}(-\d+)?$")
_MEMBER = re.compile(r"^(patients|appointments|audit)/[A-Za-z0-9][A-Za-z0-9_.-]*$")


def backup_dir(root: Path) -> Path:
    """The folder holding a store's backups."""
    return Path(root) / BACKUP_DIR


def _parses(name: str, raw: bytes) -> bool:
    """Whether a data file is complete JSON (JSON lines for ``*.jsonl``)."""
    try:
        if name.endswith(".jsonl"):
            for line in raw.splitlines():
                if line.strip():
                    orjson.loads(line)
        else:
            orjson.loads(raw)
    except orjson.JSONDecodeError:
        return False
    return True


def _data_files(root: Path) -> list[str]:
    """Relative paths of every data file, sorted (temp and hidden files left out)."""
    found: list[str] = []
    for kind in DATA_KINDS:
        try:
            names = os.listdir(root / kind)
        except FileNotFoundError:
            continue
        for name in names:
            if not name.startswith(".") and (root / kind / name).is_file():
                found.append(f"{kind}/{name}")
    return sorted(found)


def list_backups(root: Path) -> list[str]:
    """Names of the store's backups (without ``.tar.gz``), oldest first."""
    try:
        names = os.listdir(backup_dir(root))
    except FileNotFoundError:
        return []
    stems = (n[: -len(SUFFIX)] for n in names if n.endswith(SUFFIX))
    return sorted(s for s in stems if _NAME.match(s))


def daily_backup_due(root: Path, today: dt.date) -> bool:
    """True when no backup was taken on ``today`` (clinic-local date)."""
    prefix = today.isoformat() + "T"
    return not any(name.startswith(prefix) for name in list_backups(root))


def _free_name(folder: Path, stamp: str, suffix: str) -> str:
    name, n = stamp, 1
    while (folder / f"{name}{suffix}").exists():
        n += 1
        name = f"{stamp}-{n}"
    return name


def take_backup(store: Store, now: dt.datetime) -> str:
    """Snapshot every data file into a new archive; return its name (no suffix)."""
    root, modes = store.root, store.modes
    contents: dict[str, bytes] = {}
    with store.locked():
        for rel in _data_files(root):
            try:
                raw = (root / rel).read_bytes()
            except OSError as err:
                raise StoreError(
                    f"Cannot read {root / rel} for the backup: {err.strerror}; no backup taken."
                ) from None
            if not _parses(rel, raw):
                raise StoreError(
                    f"{root / rel} is damaged, so no backup was taken: run `frontdesk check` "
                    "and restore it from an earlier backup (`frontdesk backup --list`)."
                )
            contents[rel] = raw
    stamp = int(now.timestamp())
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for rel, raw in contents.items():
            info = tarfile.TarInfo(rel)
            info.size = len(raw)
            info.mode = modes.file
            info.mtime = stamp
            archive.addfile(info, io.BytesIO(raw))
    folder = backup_dir(root)
    try:
        ensure_dir(folder, modes.dir)
        name = _free_name(folder, now.strftime(STAMP_FORMAT), SUFFIX)
        replace_file(folder / f"{name}{SUFFIX}", buffer.getvalue(), modes.file)
    except OSError as err:
        raise StoreError(f"Could not write the backup in {folder}: {err.strerror}.") from None
    return name


def set_aside_folders(root: Path) -> list[str]:
    """The ``before-restore-*`` folders a restore left behind, oldest first."""
    try:
        names = os.listdir(backup_dir(root))
    except FileNotFoundError:
        return []
    folder = backup_dir(root)
    return sorted(n for n in names if n.startswith(ASIDE_PREFIX) and (folder / n).is_dir())


def prune(root: Path, keep: int) -> list[str]:
    """Delete all but the newest ``keep`` backups and set-aside folders; return their names.

    The set-aside folders hold the data files a restore replaced; they follow the same
    retention so that patient data does not pile up there for ever.
    """
    keep = max(keep, 0)
    names = list_backups(root)
    doomed = names[: max(len(names) - keep, 0)]
    asides = set_aside_folders(root)
    old_asides = asides[: max(len(asides) - keep, 0)]
    folder = backup_dir(root)
    try:
        for name in doomed:
            with contextlib.suppress(FileNotFoundError):
                (folder / f"{name}{SUFFIX}").unlink()
        for name in old_asides:
            shutil.rmtree(folder / name)
        if doomed or old_asides:
            fsync_dir(folder)
    except OSError as err:
        raise StoreError(
            f"Could not delete old backups in {folder}: {err.strerror}; the new one was kept."
        ) from None
    return doomed + old_asides


def read_backup(root: Path, name: str) -> dict[str, bytes]:
    """The verified contents of backup ``name``: relative path -> bytes.

    Refuses (one sentence) an unknown name, an unreadable archive, a member with an
    absolute path, ``..`` or anything that is not a plain data file, and a member
    that does not parse.
    """
    stem = name[: -len(SUFFIX)] if name.endswith(SUFFIX) else name
    path = backup_dir(root) / f"{stem}{SUFFIX}"
    if not _NAME.match(stem) or not path.is_file():
        raise StoreError(
            f"There is no backup called {name!r}; `frontdesk backup --list` shows them."
        )
    contents: dict[str, bytes] = {}
    try:
        with tarfile.open(path, mode="r:gz") as archive:
            for member in archive.getmembers():
                rel = member.name
                if not member.isfile() or not _MEMBER.match(rel) or ".." in rel:
                    raise StoreError(
                        f"Backup {stem} holds an unexpected entry {rel!r}, so it was not "
                        "restored: choose another backup (`frontdesk backup --list`)."
                    )
                handle = archive.extractfile(member)
                raw = handle.read() if handle else b""
                if not _parses(rel, raw):
                    raise StoreError(
                        f"Backup {stem} is damaged ({rel} does not parse), so it was not "
                        "restored: choose another backup (`frontdesk backup --list`)."
                    )
                contents[rel] = raw
    except (tarfile.TarError, OSError, EOFError) as err:
        raise StoreError(
            f"Backup {stem} cannot be read ({err}), so it was not restored: "
            "choose another backup (`frontdesk backup --list`)."
        ) from None
    return contents


def restore(store: Store, name: str, now: dt.datetime) -> str:
    """Put backup ``name`` back in place of the data files; return the set-aside folder.

    The current data files are moved (not deleted) into
    ``backups/before-restore-<stamp>/``, so a restore can itself be undone.
    """
    contents = read_backup(store.root, name)
    root, modes = store.root, store.modes
    generations = store.generations
    with store.locked():
        current = _data_files(root)
        touched = sorted(set(current) | set(contents))
        slots = {generations.slot(rel) for rel in touched}
        aside = backup_dir(root) / _free_name(
            backup_dir(root), ASIDE_PREFIX + now.strftime(STAMP_FORMAT), ""
        )
        temps: list[tuple[Path, Path]] = []
        try:
            ensure_dir(backup_dir(root), modes.dir)
            # 1. Every restored file, whole and synced, under a hidden temp name.
            for rel, raw in contents.items():
                target = root / rel
                ensure_dir(target.parent, modes.dir)
                temp = target.with_name(f".{target.name}.restore")
                replace_file(temp, raw, modes.file)
                temps.append((temp, target))
            for slot in slots:
                generations.bump(slot)
            # 2. The current files aside (same file system: renames).
            ensure_dir(aside, modes.dir)
            for rel in current:
                ensure_dir((aside / rel).parent, modes.dir)
                os.replace(root / rel, aside / rel)
            # 3. The restored files into place.
            for temp, target in temps:
                os.replace(temp, target)
            for folder in {root / rel.split("/")[0] for rel in touched}:
                fsync_dir(folder)
            for folder in {(aside / rel).parent for rel in current}:
                fsync_dir(folder)
            fsync_dir(aside)
            fsync_dir(backup_dir(root))
        except OSError as err:
            for temp, _target in temps:
                with contextlib.suppress(OSError):
                    temp.unlink()
            raise StoreError(
                f"Restoring backup {name} failed ({err.strerror}); any files it replaced are "
                f"in {aside}: run `frontdesk check`."
            ) from None
        finally:
            for slot in slots:
                generations.bump(slot)
    return aside.name
