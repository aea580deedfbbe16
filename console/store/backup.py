"""Backups: consistent snapshots of every data file, and restoring one.

A backup is ``<store>/backups/YYYY-MM-DDTHHMMSS.tar.gz`` (0600, in a 0700 folder)
holding ``manifest.json``, ``patients/*.json``, ``appointments/*.json``, the clinic's
setup (``clinic/setup.json``), the waitlist (``waitlist/waitlist.json``) and
``audit/*.jsonl`` as they were at one moment: the files are read under the store lock,
so no write lands half-way. Only regular files go in (a link, FIFO or device planted
in the store is skipped, never followed), and every file must parse before it goes in,
so a backup is always restorable; a damaged file makes the backup refuse with a
sentence naming it. ``manifest.json`` records the audit trail's head when the backup
was taken (``{"format": 1, "audit": {"seq": N, "hash": H}}``): the live trail must
extend it (see :func:`audit_head`), so a trail cut back or deleted since is caught.

An archive is hostile input. It is read as a stream with every member's size, the
number of members and the total expanded size capped (:data:`MAX_DOCUMENT`,
:data:`MAX_TRAIL_FILE`, :data:`MAX_MEMBERS`, :data:`MAX_TOTAL`), and the tar headers
themselves get a small budget, so a tar or gzip bomb is refused after reading at most
the cap, never expanded in memory. Every document is validated (JSON, TinyDB's
layout, a round trip through the clinic's models) before anything is swapped.

Restoring is journalled like a move across months (``appointments.py``): under the
store lock the archive is first expanded and validated into a staging folder
``backups/.restore-<stamp>``; then ``.restore.json`` names the files to set aside and
the files to put in place, and only then are they renamed. Whoever takes the lock
next after a kill finishes a journalled restore (:func:`recover`) or, when the kill
came before the journal, deletes the staging folder: the store is either as before or
as the backup. The replaced files go to ``backups/before-restore-<stamp>/``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import gzip
import os
import re
import secrets
import shutil
import stat
import tarfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import orjson

from console.clinic.config import ClinicConfig
from console.clinic.errors import InvalidInput
from console.clinic.models import Appointment, Patient
from console.clinic.waitlist import WaitlistEntry
from console.store.atomic import MAX_FILE, fsync_dir, write_all
from console.store.audit import MAX_MONTH_FILE
from console.store.backup_layout import (
    BACKUP_DIR,
    JOURNAL,
    STAGE_PREFIX,
    backup_dir,
    restore_pending,
    stages,
)
from console.store.errors import StoreError
from console.store.store import Store

DATA_KINDS = ("patients", "appointments", "clinic", "waitlist", "audit")
SUFFIX = ".tar.gz"
STAMP_FORMAT = "%Y-%m-%dT%H%M%S"
ASIDE_PREFIX = "before-restore-"  # folders holding the files a restore replaced
MANIFEST = "manifest.json"
FORMAT = 1

#: Caps on what an archive may hold; a real store stays far below them (a seeded year of
#: a busy clinic: 120 KB of visits a month, 350 KB of patients). A JSON document is
#: parsed whole, so its cap, with the density of objects and arrays in it
#: (:data:`_BYTES_PER_CONTAINER`), bounds the memory a check or restore needs (about
#: 60 MB at worst); audit files are streamed line by line.
MAX_DOCUMENT = MAX_FILE  # what the live store reads and writes at most
MAX_TRAIL_FILE = MAX_MONTH_FILE
MAX_LINE = MAX_DOCUMENT
MAX_MEMBERS = 5000
MAX_TOTAL = 2 * 1024 * 1024 * 1024
#: A stored document is about 300-600 bytes holding 1-6 objects and arrays; a file
#: packed with empty ones (``[[],[],...]``) would take ~28 bytes of memory per byte.
_BYTES_PER_CONTAINER = 16
_HEADER_BUDGET = 256 * 1024  # what tar may read between two members (headers, padding)
_CHUNK = 1024 * 1024

_NAME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{6}(-\d+)?$")
_MEMBER = re.compile(r"^(patients|appointments|clinic|waitlist|audit)/[A-Za-z0-9][A-Za-z0-9_.-]*$")
_STAGE = re.compile(r"^\.restore-[0-9a-f]{16}$")
_ASIDE = re.compile(r"^before-restore-\d{4}-\d{2}-\d{2}T\d{6}(-\d+)?$")
_NOFOLLOW = os.O_NOFOLLOW | os.O_CLOEXEC


# -- validation ------------------------------------------------------------------------

_PATIENT_TEXT = (
    "id",
    "first",
    "last",
    "phone",
    "email",
    "notes",
    "alert",
)
_PATIENT_ENTRIES = ("conditions", "allergies")
_VISIT_TEXT = ("id", "patient_id", "start", "type", "provider", "room", "status", "notes")


def _valid_document(kind: str, doc: Any) -> bool:
    """Whether ``doc`` round-trips through the clinic's model of ``kind``."""
    if not isinstance(doc, dict):
        return False
    try:
        if kind == "clinic":
            ClinicConfig.from_dict(doc)  # the setup, validated as the desk reads it
            return True
        if kind == "waitlist":
            return _valid_waiting(doc)
        if kind == "patients":
            patient = Patient.from_doc(doc)
            patient.to_doc()
            return all(isinstance(getattr(patient, f), str) for f in _PATIENT_TEXT) and all(
                isinstance(e, str) for f in _PATIENT_ENTRIES for e in getattr(patient, f)
            )
        visit = Appointment.from_doc(doc)
        visit.to_doc(dt.UTC)  # parses ``start``
        return all(isinstance(getattr(visit, f), str) for f in _VISIT_TEXT) and all(
            isinstance(c.status, str) and isinstance(c.at, str) for c in visit.history
        )
    except (KeyError, TypeError, ValueError, AttributeError, OverflowError, InvalidInput):
        return False  # arrow's ParserError is a ValueError


def _valid_waiting(doc: dict[str, Any]) -> bool:
    """A waitlist entry, validated as the desk reads it (ValueError when it is not one)."""
    WaitlistEntry.from_doc(doc).to_doc()
    return True


def _valid_store_file(kind: str, raw: bytes) -> bool:
    """Whether ``raw`` is a complete store file of ``kind``: JSON, TinyDB's layout, models."""
    containers = raw.count(b"{") + raw.count(b"[")
    if containers > len(raw) // _BYTES_PER_CONTAINER + 64:
        return False  # not what the store writes, and costly to parse
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError:
        return False
    if not isinstance(data, dict):
        return False
    for table, docs in data.items():
        if not isinstance(docs, dict):
            return False
        if table == "_meta":
            continue
        if table != kind or not all(_valid_document(kind, d) for d in docs.values()):
            return False
    return True


def _valid_entry(line: bytes) -> dict[str, Any] | None:
    try:
        entry = orjson.loads(line)
    except orjson.JSONDecodeError:
        return None
    return entry if isinstance(entry, dict) else None


@dataclass
class _Trail:
    """The audit lines seen so far in an archive (streamed; only the last is kept)."""

    seq: int = 0
    hash: str = ""
    pending: bytearray = field(default_factory=bytearray)

    def feed(self, chunk: bytes) -> bool:
        """Take more bytes of an audit file; False when a finished line does not parse."""
        self.pending += chunk
        *lines, rest = bytes(self.pending).split(b"\n")
        self.pending = bytearray(rest)
        for line in lines:
            if not line.strip():
                continue
            entry = _valid_entry(line)
            if entry is None:
                return False
            with contextlib.suppress(KeyError, TypeError, ValueError):
                self.seq, self.hash = int(entry["seq"]), str(entry["hash"])
        return len(self.pending) <= MAX_LINE

    def end(self) -> bool:
        """The file ended: its last line must be whole too."""
        rest, self.pending = bytes(self.pending), bytearray()
        return not rest.strip() or self.feed(rest + b"\n")


# -- taking a backup ---------------------------------------------------------------------


def _is_dir(path: Path) -> bool:
    try:
        return stat.S_ISDIR(path.lstat().st_mode)
    except FileNotFoundError:
        return False


def _data_files(root: Path) -> list[str]:
    """Relative paths of every data file, sorted (temp, hidden and non-regular files left out)."""
    found: list[str] = []
    for kind in DATA_KINDS:
        folder = root / kind
        if not _is_dir(folder):
            continue  # missing, or a link planted in its place: never followed
        for name in os.listdir(folder):
            if name.startswith(".") or not _MEMBER.match(f"{kind}/{name}"):
                continue
            with contextlib.suppress(FileNotFoundError):
                if stat.S_ISREG((folder / name).lstat().st_mode):
                    found.append(f"{kind}/{name}")
    return sorted(found)


def _open_regular(path: Path) -> IO[bytes] | None:
    """``path`` opened for reading if it is a regular file (None for a link, FIFO, device)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | _NOFOLLOW)
    except FileNotFoundError:
        return None
    except OSError as err:
        if err.errno == errno.ELOOP:  # a link: skipped like any other non-regular file
            return None
        raise
    handle = os.fdopen(fd, "rb")
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        handle.close()
        return None
    return handle


def _read_regular(path: Path) -> bytes | None:
    """The bytes of ``path`` if it is a regular file (None for a link, FIFO, device, or a
    file over :data:`MAX_FILE`)."""
    handle = _open_regular(path)
    if handle is None:
        return None
    with handle:
        raw = handle.read(MAX_FILE + 1)
    return None if len(raw) > MAX_FILE else raw  # not one this code wrote: never read whole


def list_backups(root: Path) -> list[str]:
    """Names of the store's backups (without ``.tar.gz``), oldest first."""
    try:
        names = os.listdir(backup_dir(root))
    except (FileNotFoundError, NotADirectoryError):
        return []
    stems = (n[: -len(SUFFIX)] for n in names if n.endswith(SUFFIX))
    return sorted(s for s in stems if _NAME.match(s))


def daily_backup_due(root: Path, today: dt.date, now: dt.datetime | None = None) -> bool:
    """True when no backup was taken on ``today`` (clinic-local date).

    With ``now`` (clinic-local), a name dated after it (planted, or made while the
    clock was wrong) does not count as today's backup.
    """
    prefix = today.isoformat() + "T"
    latest = now.replace(tzinfo=None) if now is not None else None
    for name in list_backups(root):
        stamp = _stamp_of(name)
        if name.startswith(prefix) and (latest is None or (stamp and stamp <= latest)):
            return False
    return True


def _free_name(folder: Path, stamp: str, suffix: str) -> str:
    name, n = stamp, 1
    while os.path.lexists(folder / f"{name}{suffix}"):
        n += 1
        name = f"{stamp}-{n}"
    return name


def _make_dir(path: Path, mode: int = 0o700) -> None:
    """Create ``path`` with ``mode`` if missing; an existing one must be a real folder.

    Only a folder made here is chmod-ed (the umask may have narrowed it); an existing
    one is left as it is, and a link in its place is refused.
    """
    try:
        os.mkdir(path, mode & 0o777)
        fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY | _NOFOLLOW)
        try:
            os.fchmod(fd, mode)
        finally:
            os.close(fd)
    except FileExistsError:
        if not _is_dir(path):
            raise StoreError(
                f"{path} is not a folder (a link or a file is in its way); nothing was "
                "changed: remove it and run `frontdesk check`."
            ) from None


def _damaged(path: Path) -> StoreError:
    return StoreError(
        f"{path} is damaged, so no backup was taken: run `frontdesk check` "
        "and restore it from an earlier backup (`frontdesk backup --list`)."
    )


def _too_big(path: Path) -> StoreError:
    return StoreError(
        f"{path} is larger than a backup may hold, so no backup was taken: run `frontdesk check`."
    )


def _trail_of(root: Path, files: list[str]) -> _Trail:
    """Check every audit file (streamed) and find the trail's head."""
    trail = _Trail()
    for rel in files:
        if not rel.startswith("audit/"):
            continue
        handle = _open_regular(root / rel)
        if handle is None:
            continue
        with handle:
            if os.fstat(handle.fileno()).st_size > MAX_TRAIL_FILE:
                raise _too_big(root / rel)
            while chunk := handle.read(_CHUNK):
                if not trail.feed(chunk):
                    raise _damaged(root / rel)
            if not trail.end():
                raise _damaged(root / rel)
    return trail


def take_backup(store: Store, now: dt.datetime) -> str:
    """Snapshot every data file into a new archive; return its name (no suffix).

    One file at a time (memory stays at one document's size), under the store lock.
    """
    root, modes = store.root, store.modes
    folder = backup_dir(root)
    with store.locked():
        try:
            files = _data_files(root)
            trail = _trail_of(root, files)
            manifest = orjson.dumps(
                {"format": FORMAT, "audit": {"seq": trail.seq, "hash": trail.hash}}
            )
            _make_dir(folder, modes.dir)
            name = _free_name(folder, now.strftime(STAMP_FORMAT), SUFFIX)
            path = folder / f"{name}{SUFFIX}"
            _write_archive(root, path, manifest, files, modes.file, int(now.timestamp()))
        except OSError as err:
            raise StoreError(f"Could not write the backup in {folder}: {err.strerror}.") from None
    return name


def _write_archive(
    root: Path, path: Path, manifest: bytes, files: list[str], mode: int, mtime: int
) -> None:
    """Write the archive under a random temp name, created exclusively, then rename it."""
    temp = path.with_name(f".{path.name}.{secrets.token_hex(8)}.tmp")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, mode)

    def add(archive: tarfile.TarFile, rel: str, size: int, source: object) -> None:
        info = tarfile.TarInfo(rel)
        info.size = size
        info.mode = 0o600
        info.mtime = mtime
        archive.addfile(info, source)  # type: ignore[arg-type]

    try:
        os.fchmod(fd, mode)  # ours, created just now: the umask may have narrowed it
        with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as archive:
            add(archive, MANIFEST, len(manifest), _BytesReader(manifest))
            for rel in files:
                with _member(root, rel) as found:
                    if found is not None:
                        add(archive, rel, *found)
            archive.close()
            raw.flush()
            os.fsync(raw.fileno())
        os.rename(temp, path)  # the name was free under the store lock
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    fsync_dir(path.parent)


@contextlib.contextmanager
def _member(root: Path, rel: str) -> Iterator[tuple[int, Any] | None]:
    """``(size, source)`` of one data file (None if it is not a regular file).

    A store file is read and validated whole (capped); an audit file, checked by
    :func:`_trail_of`, is streamed from its open handle.
    """
    kind = rel.split("/")[0]
    handle = _open_regular(root / rel)
    if handle is None:
        yield None
        return
    with handle:
        size = os.fstat(handle.fileno()).st_size
        if kind == "audit":
            yield size, handle
            return
        raw = handle.read(MAX_DOCUMENT + 1)
    if len(raw) > MAX_DOCUMENT:
        raise _too_big(root / rel)
    if not _valid_store_file(kind, raw):
        raise _damaged(root / rel)
    yield len(raw), _BytesReader(raw)


class _BytesReader:
    """A minimal file object over bytes (what ``TarFile.addfile`` reads from)."""

    def __init__(self, data: bytes) -> None:
        self._view = memoryview(data)

    def read(self, size: int = -1) -> bytes:
        """Up to ``size`` bytes (all that is left when negative)."""
        size = len(self._view) if size < 0 else size
        chunk, self._view = self._view[:size], self._view[size:]
        return bytes(chunk)


# -- retention ---------------------------------------------------------------------------


def _stamp_of(name: str) -> dt.datetime | None:
    try:
        return dt.datetime.strptime(name[:17], STAMP_FORMAT)
    except ValueError:
        return None


def set_aside_folders(root: Path) -> list[str]:
    """The ``before-restore-*`` folders a restore left behind, oldest first."""
    try:
        names = os.listdir(backup_dir(root))
    except (FileNotFoundError, NotADirectoryError):
        return []
    folder = backup_dir(root)
    return sorted(n for n in names if _ASIDE.match(n) and _is_dir(folder / n))


def _to_delete(names: list[str], keep: int, now: dt.datetime, spare: set[str]) -> list[str]:
    """The oldest of ``names`` beyond ``keep``, counting only names not dated after ``now``.

    A name dated in the future (a planted file, or one made while the clock was wrong)
    is neither counted nor deleted: it cannot push real backups out. The newest real
    one and those in ``spare`` are never deleted.
    """
    local_now = now.replace(tzinfo=None)
    real = [n for n in names if (s := _stamp_of(n)) is not None and s <= local_now]
    doomed = real[: max(len(real) - keep, 0)]
    return [n for n in doomed if n not in spare and n != real[-1]]


def prune(root: Path, keep: int, now: dt.datetime, taken: str | None = None) -> list[str]:
    """Delete all but the newest ``keep`` backups and set-aside folders; return their names.

    ``now`` is clinic-local: backups named after it are ignored (never counted, never
    deleted); the newest backup and ``taken`` (the one just made) are always kept. The
    set-aside folders hold the data files a restore replaced; they follow the same
    retention so that patient data does not pile up there for ever.
    """
    keep = max(keep, 1)
    prefix = len(ASIDE_PREFIX)
    doomed = _to_delete(list_backups(root), keep, now, {taken} if taken else set())
    asides = {n[prefix:]: n for n in set_aside_folders(root)}
    old_asides = [asides[s] for s in _to_delete(sorted(asides), keep, now, set())]
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


# -- reading an archive ----------------------------------------------------------------


class _TooBig(Exception):
    """An archive tried to expand past its budget."""


class _Budget:
    """The decompressed archive, read through a budget that the reader sets as it goes.

    Whatever the archive holds, tar can only read what the budget allows: the header
    of the next member, then that member's declared (and capped) size.
    """

    def __init__(self, stream: gzip.GzipFile) -> None:
        self._stream = stream
        self.consumed = 0
        self.limit = 0

    def allow(self, size: int) -> None:
        """Let ``size`` more bytes (plus tar's padding and read-ahead) be read."""
        self.limit = self.consumed + size + _HEADER_BUDGET

    def read(self, size: int = -1) -> bytes:
        """At most ``size`` bytes, never past the budget."""
        room = self.limit - self.consumed
        if size < 0 or size > room:
            if room <= 0:
                raise _TooBig
            size = room
        data = self._stream.read(size)
        self.consumed += len(data)
        return data


@dataclass
class Archive:
    """What a verified backup holds: its members (relative paths) and audit head."""

    name: str
    members: list[str]
    seq: int  # the audit trail's last entry when the backup was taken (0: none)
    hash: str
    manifest: bool  # False for a backup taken before manifests existed


def _refuse(stem: str, why: str) -> StoreError:
    return StoreError(
        f"Backup {stem} {why}, so it was not restored: choose another backup "
        "(`frontdesk backup --list`)."
    )


def _archive_path(root: Path, name: str) -> tuple[str, Path]:
    stem = name[: -len(SUFFIX)] if name.endswith(SUFFIX) else name
    path = backup_dir(root) / f"{stem}{SUFFIX}"
    if not _NAME.match(stem):
        raise StoreError(
            f"There is no backup called {name!r}; `frontdesk backup --list` shows them."
        )
    return stem, path


def _open_archive(stem: str, path: Path) -> IO[bytes]:
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | _NOFOLLOW)
    except FileNotFoundError:
        raise StoreError(
            f"There is no backup called {stem!r}; `frontdesk backup --list` shows them."
        ) from None
    except OSError as err:
        raise _refuse(stem, f"cannot be read ({err.strerror})") from None
    handle = os.fdopen(fd, "rb")
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        handle.close()
        raise _refuse(stem, "is not a regular file")
    return handle


def read_backup(root: Path, name: str, sink: Callable[[str], IO[bytes]] | None = None) -> Archive:
    """Verify backup ``name`` as a stream, handing each member to ``sink`` if given.

    ``sink(rel)`` returns a file to write member ``rel`` into (a restore's staging
    file). Refuses (one sentence) an unknown name, an unreadable archive, a member
    with an absolute path, ``..`` or anything that is not a plain data file, a member
    that does not parse or validate, and an archive past the caps.
    """
    stem, path = _archive_path(root, name)
    with _open_archive(stem, path) as raw:
        try:
            return _read_members(stem, raw, sink)
        except _TooBig:
            raise _refuse(stem, "expands past what a backup may hold") from None
        except (tarfile.TarError, OSError, EOFError, zlib.error) as err:
            reason = getattr(err, "strerror", None) or str(err) or type(err).__name__
            raise _refuse(stem, f"cannot be read ({reason})") from None


def _read_members(stem: str, raw: IO[bytes], sink: Callable[[str], IO[bytes]] | None) -> Archive:
    budget = _Budget(gzip.GzipFile(fileobj=raw, mode="rb"))
    found = Archive(stem, [], 0, "", False)
    trail = _Trail()
    claimed: tuple[int, str] | None = None
    total = 0
    budget.allow(0)
    with tarfile.open(fileobj=budget, mode="r|") as archive:  # type: ignore[call-overload]
        for member in _members(archive):
            rel = member.name
            if len(found.members) >= MAX_MEMBERS:
                raise _refuse(stem, f"holds more than {MAX_MEMBERS} entries")
            known = rel == MANIFEST or (_MEMBER.match(rel) and ".." not in rel)
            if not member.isreg() or not known or rel in found.members:
                raise _refuse(stem, f"holds an unexpected entry {rel!r}")
            kind = rel.split("/")[0]
            cap = MAX_TRAIL_FILE if kind == "audit" else MAX_DOCUMENT
            total += member.size
            if member.size > cap or total > MAX_TOTAL:
                raise _refuse(stem, f"holds {rel}, larger than a backup may hold")
            found.members.append(rel)
            budget.allow(member.size)
            handle = archive.extractfile(member)
            if handle is None:
                raise _refuse(stem, f"holds an unexpected entry {rel!r}")
            out = sink(rel) if sink is not None and rel != MANIFEST else None
            if kind == "audit":
                good = _copy_trail(handle, trail, out)
            else:
                data = handle.read(cap + 1)
                if len(data) > cap:
                    raise _TooBig
                if out is not None:
                    out.write(data)
                if rel == MANIFEST:
                    claimed = _manifest_head(data)
                    good = claimed is not None
                else:
                    good = _valid_store_file(kind, data)
            if not good:
                raise _refuse(stem, f"is damaged ({rel} does not parse)")
            budget.allow(0)
    found.seq, found.hash = trail.seq, trail.hash
    if claimed is not None:
        found.manifest = True
        if claimed != (trail.seq, trail.hash):
            raise _refuse(stem, "is damaged (its audit files do not end where its manifest says)")
    return found


def read_head(root: Path, name: str) -> tuple[int, str]:
    """The audit head backup ``name`` recorded: its manifest, read alone (cheap).

    A backup taken before manifests existed is read whole for the last entry of its
    audit files.
    """
    stem, path = _archive_path(root, name)
    with _open_archive(stem, path) as raw:
        try:
            budget = _Budget(gzip.GzipFile(fileobj=raw, mode="rb"))
            budget.allow(0)
            with tarfile.open(fileobj=budget, mode="r|") as archive:  # type: ignore[call-overload]
                first = archive.next()
                if first is not None and first.name == MANIFEST and first.isreg():
                    if first.size > _HEADER_BUDGET:
                        raise _TooBig
                    handle = archive.extractfile(first)
                    head = _manifest_head(handle.read() if handle else b"")
                    if head is not None:
                        return head
        except _TooBig:
            raise _refuse(stem, "expands past what a backup may hold") from None
        except (tarfile.TarError, OSError, EOFError, zlib.error) as err:
            raise _refuse(stem, f"cannot be read ({err})") from None
    found = read_backup(root, name)
    return found.seq, found.hash


def _members(archive: tarfile.TarFile) -> Iterator[tarfile.TarInfo]:
    while True:
        member = archive.next()
        if member is None:
            return
        yield member


def _copy_trail(handle: IO[bytes], trail: _Trail, out: IO[bytes] | None) -> bool:
    while chunk := handle.read(_CHUNK):
        if not trail.feed(chunk):
            return False
        if out is not None:
            out.write(chunk)
    return trail.end()


def _manifest_head(data: bytes) -> tuple[int, str] | None:
    try:
        manifest = orjson.loads(data)
        head = manifest["audit"]
        seq, digest = head["seq"], head["hash"]
    except (orjson.JSONDecodeError, KeyError, TypeError):
        return None
    if manifest.get("format") != FORMAT or not isinstance(seq, int) or not isinstance(digest, str):
        return None
    return seq, digest


# -- restoring ---------------------------------------------------------------------------


def restore(
    store: Store,
    name: str,
    now: dt.datetime,
    record: Callable[[Path, str], None] | None = None,
) -> str:
    """Put backup ``name`` back in place of the data files; return the set-aside folder.

    The current data files are moved (not deleted) into
    ``backups/before-restore-<stamp>/``, so a restore can itself be undone.
    ``record(stage, aside)`` is called once the archive is expanded and validated into
    the staging folder ``stage`` (laid out as a store), before anything is swapped: it
    appends the restore's own audit entry to the restored trail, so the entry goes in
    with the files or not at all.
    """
    root = store.root
    stem, _path = _archive_path(root, name)
    folder = backup_dir(root)
    with store.locked():
        _make_dir(folder, store.modes.dir)
        stage = folder / f"{STAGE_PREFIX}{secrets.token_hex(8)}"
        os.mkdir(stage, 0o700)
        try:
            archive = _stage(root, name, stage, store.modes.file, store.modes.dir)
        except BaseException:
            shutil.rmtree(stage, ignore_errors=True)
            raise
        aside = _free_name(folder, ASIDE_PREFIX + now.strftime(STAMP_FORMAT), "")
        try:
            if record is not None:
                try:
                    record(stage, aside)
                except StoreError:
                    raise _refuse(stem, "holds an audit trail that cannot be continued") from None
            staged = _data_files(stage)  # the archive's files, and a new audit month
            for kind in DATA_KINDS:
                if _is_dir(stage / kind):
                    fsync_dir(stage / kind)
        except BaseException:
            shutil.rmtree(stage, ignore_errors=True)
            raise
        if not set(m for m in archive.members if m != MANIFEST) <= set(staged):
            shutil.rmtree(stage, ignore_errors=True)
            raise _refuse(stem, "could not be unpacked whole")
        journal = {
            "stage": stage.name,
            "aside": aside,
            "current": _data_files(root),
            "restored": staged,
        }
        try:
            _publish_journal(root, stage, orjson.dumps(journal), store.modes.file)
            _apply(store, journal)
            _clear_leftovers(root)
        except OSError as err:
            raise StoreError(
                f"Restoring backup {stem} failed ({err.strerror}); it will be finished by the "
                f"next command, and the files it replaced are in {folder / aside}: run "
                "`frontdesk check`."
            ) from None
    return aside


def _publish_journal(root: Path, stage: Path, payload: bytes, mode: int) -> None:
    """Write the journal inside the staging folder, then rename it into the store's root.

    A kill before the rename leaves only the staging folder (dropped by :func:`recover`);
    after it, the restore is decided and will be finished.
    """
    draft = stage / JOURNAL
    fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, mode)
    try:
        os.fchmod(fd, mode)
        write_all(fd, payload)
        os.fsync(fd)
    finally:
        os.close(fd)
    os.rename(draft, root / JOURNAL)
    fsync_dir(root)


def _stage(root: Path, name: str, stage: Path, file_mode: int, dir_mode: int) -> Archive:
    """Expand and validate the archive into ``stage`` (every file synced)."""
    opened: list[IO[bytes]] = []

    def sink(rel: str) -> IO[bytes]:
        kind, base = rel.split("/")
        if not _is_dir(stage / kind):
            _make_dir(stage / kind, dir_mode)
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW
        fd = os.open(stage / kind / base, flags, file_mode)
        os.fchmod(fd, file_mode)  # the file the store will hold: the store's mode
        handle = os.fdopen(fd, "wb")
        opened.append(handle)
        return handle

    try:
        archive = read_backup(root, name, sink)
        for handle in opened:
            handle.flush()
            os.fsync(handle.fileno())
    finally:
        for handle in opened:
            handle.close()
    for kind in DATA_KINDS:
        if (stage / kind).is_dir():
            fsync_dir(stage / kind)
    fsync_dir(stage)
    return archive


def _apply(store: Store, journal: dict[str, Any]) -> None:
    """Carry out a journalled restore; safe to run again after a kill at any point."""
    root = store.root
    folder = backup_dir(root)
    stage, aside = folder / journal["stage"], folder / journal["aside"]
    touched = sorted(set(journal["current"]) | set(journal["restored"]))
    slots = {store.generations.slot(rel) for rel in touched}
    for slot in slots:
        store.generations.bump(slot)
    try:
        # 1. Every current file aside (renames on one file system). A file already
        # there was moved by the interrupted run.
        modes = store.modes
        _make_dir(aside, modes.dir)
        for rel in journal["current"]:
            kind = rel.split("/")[0]
            if os.path.lexists(aside / rel) or not os.path.lexists(root / rel):
                continue
            _make_dir(aside / kind, modes.dir)
            os.rename(root / rel, aside / rel)
        # 2. Every staged file into place; one already gone was moved in before.
        for rel in journal["restored"]:
            if os.path.lexists(stage / rel):
                _make_dir(root / rel.split("/")[0], modes.dir)
                os.rename(stage / rel, root / rel)
        for path in {root / rel.split("/")[0] for rel in touched}:
            if _is_dir(path):
                fsync_dir(path)
        for kind in DATA_KINDS:
            if _is_dir(aside / kind):
                fsync_dir(aside / kind)
        fsync_dir(aside)
        # 3. Done: the journal goes first, then the empty staging folder.
        with contextlib.suppress(FileNotFoundError):
            os.unlink(root / JOURNAL)
        fsync_dir(root)
        shutil.rmtree(stage, ignore_errors=True)
        fsync_dir(folder)
    finally:
        for slot in slots:
            store.generations.bump(slot)


def _read_journal(root: Path) -> dict[str, Any] | None:
    """The pending restore's journal if it is one this code wrote (None otherwise)."""
    raw = _read_regular(root / JOURNAL)
    if raw is None:
        return None
    try:
        journal = orjson.loads(raw)
    except orjson.JSONDecodeError:
        return None
    if not isinstance(journal, dict):
        return None
    stage, aside = journal.get("stage"), journal.get("aside")
    lists = [journal.get("current"), journal.get("restored")]
    if not (isinstance(stage, str) and _STAGE.match(stage)):
        return None
    if not (isinstance(aside, str) and _ASIDE.match(aside)):
        return None
    for rels in lists:
        if not isinstance(rels, list) or not all(
            isinstance(r, str) and _MEMBER.match(r) and ".." not in r for r in rels
        ):
            return None
    return journal


def recover(store: Store) -> None:
    """Finish a restore a kill interrupted, or drop one that had not started swapping.

    Called with the store lock held (``Store.on_lock``): no restore is running then.
    """
    root = store.root
    if not restore_pending(root):
        return
    journal = _read_journal(root)
    if journal is not None:
        with contextlib.suppress(OSError, StoreError):
            _apply(store, journal)
    if os.path.lexists(root / JOURNAL):
        return  # unreadable or could not finish: left for `check` to report
    folder = backup_dir(root)
    for name in stages(root):
        if _STAGE.match(name) and _is_dir(folder / name):
            shutil.rmtree(folder / name, ignore_errors=True)


def _clear_leftovers(root: Path) -> None:
    """Remove what earlier interrupted restores left (the store now is the backup's)."""
    folder = backup_dir(root)
    for name in stages(root):
        if _is_dir(folder / name):
            shutil.rmtree(folder / name, ignore_errors=True)
    for kind in DATA_KINDS:
        if _is_dir(root / kind):
            for name in os.listdir(root / kind):
                if name.startswith(".") and name.endswith(".restore"):
                    with contextlib.suppress(FileNotFoundError, IsADirectoryError):
                        os.unlink(root / kind / name)


def leftovers(root: Path) -> list[tuple[str, str]]:
    """``(file, problem)`` for what an interrupted restore or write left in the store."""
    root = Path(root)
    found: list[tuple[str, str]] = []
    if os.path.lexists(root / JOURNAL):
        found.append(
            (
                JOURNAL,
                "An interrupted restore could not be finished; the files it replaced are "
                "in backups/before-restore-*.",
            )
        )
    for name in stages(root):
        found.append(
            (f"{BACKUP_DIR}/{name}", "An interrupted restore left its unpacked files here.")
        )
    for kind in DATA_KINDS:
        folder = root / kind
        if not _is_dir(folder):
            continue
        for name in sorted(os.listdir(folder)):
            if name.startswith(".") and name.endswith(".restore"):
                found.append((f"{kind}/{name}", "An interrupted restore left this file."))
    return found


def audit_head(archive: Archive) -> tuple[int, str]:
    """``(seq, hash)`` of the trail's last entry when ``archive`` was taken."""
    return archive.seq, archive.hash
