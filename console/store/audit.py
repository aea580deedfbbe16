"""The audit trail: who changed what, when, as a hash-chained, append-only log.

Layout::

    <data dir>/audit/         0700
      2026-11.jsonl           0600, one JSON entry per line, by clinic-local month

Each entry records ``seq`` (1, 2, 3, ... across months), the instant (``at_local`` in
clinic time and ``at_utc``), ``who`` (the person, or the login when no staff are set
up), ``role`` (their role; absent from entries written before roles existed) and
``from`` (SSH client address or ""), the ``action`` (``appointment.book``, ...), the
record's ``kind`` and ``id``, its documents ``before`` and ``after``, ``prev`` (the
previous entry's hash; 64 zeros for the first) and ``hash``: the SHA-256 of the
canonical JSON (sorted keys) of the entry without ``hash``. Editing, removing or
reordering an entry breaks the chain, which :func:`verify` reports.

A change is only made once :meth:`AuditLog.ready` said the trail can take its entry
(the tail parses, the newest file can be opened for appending), so a damaged trail
refuses the change up front instead of saving it and then reporting a failure.

Every file is opened with ``O_NOFOLLOW``: a month file or an audit folder that is a
symbolic link is refused with one sentence, never written through.

Bulk loads (seeding, a patient import) record one ``store.seed`` (``patient.import``)
entry whose ``id`` is
``batch:<digest>``, the :func:`batch_digest` of every record id it created, so that
:func:`unaudited` can tell a seeded record from one that appeared without an entry.

Appending costs one short ``O_APPEND`` write and an fsync, whatever the history's
size: the previous entry is found by reading the tail of the newest month's file,
never the whole log. The caller holds the store lock, so two desks never fork the
chain. An entry is never appended to a month older than the newest file (a clock set
back cannot reorder files).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import hashlib
import os
import re
import stat
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from console.store.atomic import MAX_FILE, ensure_dir, fsync_dir, write_all
from console.store.errors import StoreError
from console.store.modes import Modes, modes_for

AUDIT_DIR = "audit"
GENESIS = "0" * 64
FIELDS = (
    "seq",
    "at_local",
    "at_utc",
    "who",
    "from",
    "action",
    "kind",
    "id",
    "before",
    "after",
    "prev",
    "hash",
)
_MONTH_FILE = re.compile(r"^\d{4}-\d{2}\.jsonl$")
_TAIL_CHUNK = 16 * 1024
#: The most one month file may hold (a busy month's trail is a few MB): a bigger one is
#: refused before it is read whole (``backup.MAX_TRAIL_FILE`` is the same cap).
MAX_MONTH_FILE = 256 * 1024 * 1024
#: The longest line read as an entry; anything longer is read past in chunks, unparsed.
MAX_ENTRY = MAX_FILE
#: Entries that bring a record into the store (the entry's ``id`` is the record's).
CREATING = ("patient.add", "appointment.book", "appointment.walkin")
BATCH_PREFIX = "batch:"
#: Entries that bring many records in at once (a seed, an import), ``id`` ``batch:<digest>``.
BATCH_ACTIONS = ("store.seed", "patient.import")
_NOFOLLOW = os.O_NOFOLLOW | os.O_CLOEXEC


def _refuse_link(name: str) -> StoreError:
    """The sentence for a month file ``name`` (the folder when empty) that is a link."""
    what = f"{AUDIT_DIR}/{name} is a symbolic link, not an audit file"
    if not name:
        what = f"The {AUDIT_DIR} folder is a symbolic link or not a folder"
    return StoreError(f"{what}, so nothing was changed: remove it and run `frontdesk check`.")


def open_month(root: Path, name: str, flags: int = os.O_RDONLY) -> int:
    """A descriptor on the month file ``name`` (never through a symbolic link).

    Raises :class:`StoreError` (one sentence) when it, or the audit folder, is a link or
    not a regular file; :class:`FileNotFoundError` when it does not exist.
    """
    folder = audit_dir(root)
    if os.path.islink(folder):
        raise _refuse_link("")
    try:
        fd = os.open(folder / name, flags | _NOFOLLOW | os.O_NONBLOCK)
    except OSError as err:
        if err.errno == errno.ELOOP:
            raise _refuse_link(name) from None
        raise
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise StoreError(
            f"{AUDIT_DIR}/{name} is not a regular file, so nothing was changed: "
            "remove it and run `frontdesk check`."
        )
    return fd


def read_month(root: Path, name: str) -> bytes:
    """The whole month file ``name`` (``b""`` if it is gone); never through a link."""
    try:
        fd = open_month(root, name)
    except FileNotFoundError:
        return b""
    with os.fdopen(fd, "rb") as handle:
        if os.fstat(handle.fileno()).st_size > MAX_MONTH_FILE:
            raise _too_big(name)
        raw = handle.read(MAX_MONTH_FILE + 1)
    if len(raw) > MAX_MONTH_FILE:
        raise _too_big(name)
    return raw


def _too_big(name: str) -> StoreError:
    return StoreError(
        f"{AUDIT_DIR}/{name} is larger than an audit month file may be "
        f"({MAX_MONTH_FILE // (1024 * 1024)} MB), so it was not read: run `frontdesk check`."
    )


def audit_dir(root: Path) -> Path:
    """The folder holding a store's audit trail."""
    return Path(root) / AUDIT_DIR


def month_files(root: Path) -> list[str]:
    """Names of the audit trail's month files, oldest first."""
    try:
        names = os.listdir(audit_dir(root))
    except FileNotFoundError:
        return []
    return sorted(n for n in names if _MONTH_FILE.match(n))


def entry_hash(entry: dict[str, Any]) -> str:
    """SHA-256 (hex) of the canonical JSON of ``entry`` without its ``hash`` key."""
    body = {k: v for k, v in entry.items() if k != "hash"}
    return hashlib.sha256(orjson.dumps(body, option=orjson.OPT_SORT_KEYS)).hexdigest()


@dataclass(frozen=True)
class _Tail:
    """Where the chain ends: the newest file's identity and its last entry."""

    name: str
    ino: int
    size: int
    mtime_ns: int
    seq: int
    hash: str


class AuditLog:
    """Appends entries to the audit trail of the store at ``root``.

    Call :meth:`append` only while holding the store lock.
    """

    def __init__(self, root: Path, modes: Modes | None = None) -> None:
        self.root = Path(root)
        self.folder = audit_dir(self.root)
        # The store passes the modes it decided on; standalone use decides the same way.
        self.modes = modes or modes_for(self.root)
        self._tail: _Tail | None = None  # last seen end of the chain (checked by stat)

    def ready(self) -> None:
        """Make sure the trail can take the next entry; call it under the lock, before a change.

        Raises :class:`StoreError` (one sentence: nothing was changed, run ``frontdesk
        check``) when the newest entry is damaged or the newest file cannot be opened for
        appending, so that a change is never saved and then reported as failed.
        """
        try:
            names = month_files(self.root)
            self._chain_end(names)
            if names:
                os.close(open_month(self.root, names[-1], os.O_WRONLY | os.O_APPEND))
            elif os.path.lexists(self.folder) and not os.path.isdir(self.folder):
                raise _refuse_link("")
        except StoreError as err:
            raise StoreError(_nothing_changed(str(err))) from None
        except OSError as err:
            raise StoreError(
                f"The audit trail in {self.folder} cannot take an entry "
                f"({err.strerror or err}), so nothing was changed: run `frontdesk check`."
            ) from None

    def append(
        self,
        at: dt.datetime,
        who: str,
        address: str,
        action: str,
        kind: str,
        record_id: str,
        before: Any,
        after: Any,
        role: str = "",
    ) -> dict[str, Any]:
        """Write one entry durably (fsync) and return it; ``at`` is clinic-local and aware.

        ``role`` is the person's role (``manager``, ``receptionist``; "" when nobody is
        signed in); entries written before roles existed have no ``role`` field.
        """
        about = {
            "who": who,
            "role": role,
            "from": address,
            "action": action,
            "kind": kind,
            "id": record_id,
        }
        try:
            return self._append(at, {**about, "before": before, "after": after})
        except OSError as err:
            reason = err.strerror or str(err)
        except StoreError as err:
            reason = str(err).rstrip(".")
        raise StoreError(
            f"The change was saved, but the audit trail in {self.folder} could not record it "
            f"({reason}); run `frontdesk check`."
        )

    def _append(self, at: dt.datetime, fields: dict[str, Any]) -> dict[str, Any]:
        if os.path.islink(self.folder):
            raise _refuse_link("")  # never create or chmod through a planted link
        ensure_dir(self.folder, self.modes.dir)
        names = month_files(self.root)
        seq, prev = self._chain_end(names)
        month = at.strftime("%Y-%m")
        if names and names[-1][:7] > month:
            month = names[-1][:7]  # never write behind the newest file
        entry: dict[str, Any] = {
            "seq": seq + 1,
            "at_local": at.isoformat(timespec="seconds"),
            "at_utc": at.astimezone(dt.UTC).isoformat(timespec="seconds"),
            **fields,  # who, role, from, action, kind, id, before, after
            "prev": prev,
        }
        # Round-trip once so the hash covers exactly what a reader will parse back.
        entry = orjson.loads(orjson.dumps(entry))
        entry["hash"] = entry_hash(entry)
        line = orjson.dumps(entry) + b"\n"
        name = f"{month}.jsonl"
        created = False
        try:
            fd = open_month(self.root, name, os.O_WRONLY | os.O_APPEND)
        except FileNotFoundError:
            # Created exclusively: a name planted meanwhile is refused, never followed.
            flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_EXCL | _NOFOLLOW
            fd = os.open(self.folder / name, flags, self.modes.file)
            created = True
        try:
            if created:
                os.fchmod(fd, self.modes.file)  # ours: the umask may have narrowed it
            size = os.fstat(fd).st_size
            try:
                write_all(fd, line)
                os.fsync(fd)
            except OSError:
                # A full disk wrote part of the line: cut it off, so the trail still
                # ends on a whole entry and verifies.
                with contextlib.suppress(OSError):
                    os.ftruncate(fd, size)
                    os.fsync(fd)
                raise
            info = os.fstat(fd)
        finally:
            os.close(fd)
        if created:
            fsync_dir(self.folder)
        self._tail = _Tail(
            name, info.st_ino, info.st_size, info.st_mtime_ns, entry["seq"], entry["hash"]
        )
        return entry

    def _chain_end(self, names: list[str]) -> tuple[int, str]:
        """``(seq, hash)`` of the last entry (``(0, GENESIS)`` for an empty trail)."""
        for name in reversed(names):
            path = self.folder / name
            try:
                info = path.lstat()
            except FileNotFoundError:
                continue
            if stat.S_ISLNK(info.st_mode):
                raise _refuse_link(name)
            tail = self._tail
            if tail is not None and (tail.name, tail.ino, tail.size, tail.mtime_ns) == (
                name,
                info.st_ino,
                info.st_size,
                info.st_mtime_ns,
            ):
                return tail.seq, tail.hash
            line = _last_line(self.root, name)
            if line is None:
                continue  # empty file: the chain ends in an earlier month
            try:
                entry = orjson.loads(line)
                return int(entry["seq"]), str(entry["hash"])
            except (orjson.JSONDecodeError, KeyError, TypeError, ValueError):
                raise StoreError(
                    f"The last entry of {AUDIT_DIR}/{name} (line {_count_lines(path)}) is "
                    "damaged, so nothing was changed: run `frontdesk check` and restore "
                    "the audit folder from a backup."
                ) from None
        return 0, GENESIS


def _nothing_changed(sentence: str) -> str:
    return (
        sentence
        if "nothing was changed" in sentence
        else (f"{sentence.rstrip('.')}; nothing was changed.")
    )


def _last_line(root: Path, name: str) -> bytes | None:
    """The last complete line of month file ``name`` (None if empty); trims an unfinished one.

    A line without its newline is a write a crash interrupted (never acknowledged): it is
    cut off so the next entry starts on a line of its own.
    """
    try:
        fd = open_month(root, name, os.O_RDWR)
    except FileNotFoundError:
        return None
    with os.fdopen(fd, "r+b") as handle:
        size = handle.seek(0, os.SEEK_END)
        if size == 0:
            return None
        chunk = _TAIL_CHUNK
        while True:
            start = max(0, size - chunk)
            handle.seek(start)
            data = handle.read(size - start)
            if not data.endswith(b"\n"):
                cut = data.rfind(b"\n")
                if cut < 0 and start > 0:
                    chunk *= 2
                    continue
                keep = start + cut + 1  # 0 when the whole file is one unfinished line
                handle.truncate(keep)
                handle.flush()
                os.fsync(handle.fileno())
                size = keep
                if size == 0:
                    return None
                chunk = _TAIL_CHUNK
                continue
            body = data[:-1]
            cut = body.rfind(b"\n")
            if cut < 0 and start > 0:
                chunk *= 2
                continue
            return body[cut + 1 :]


def _count_lines(path: Path) -> int:
    # Only used to name a damaged line in an error message.
    return read_month(path.parent.parent, path.name).count(b"\n")


# -- reading -------------------------------------------------------------------------


def _lines(root: Path, refused: list[str] | None = None) -> Iterator[tuple[str, int, bytes, bool]]:
    """``(file, line number, raw line, finished)`` for every line of the trail, in order.

    A month file that is a link, not a regular file or over :data:`MAX_MONTH_FILE`
    raises, or, with ``refused`` given, is skipped with its sentence appended there.
    """
    for name in month_files(root):
        try:
            fd = open_month(root, name)
        except FileNotFoundError:
            continue
        except StoreError as err:
            if refused is None:
                raise
            refused.append(str(err))
            continue
        # Streamed, each line capped: a month file (a planted one without a newline)
        # costs at most one entry's worth of memory, and a giant one is not read at all.
        with os.fdopen(fd, "rb") as handle:
            if os.fstat(handle.fileno()).st_size > MAX_MONTH_FILE:
                if refused is None:
                    raise _too_big(name)
                refused.append(str(_too_big(name)))
                continue
            number = 0
            while line := handle.readline(MAX_ENTRY + 1):
                number += 1
                finished = line.endswith(b"\n")
                if finished:
                    line = line[:-1]
                elif len(line) > MAX_ENTRY:
                    # Too long to be an entry: read past the rest of it (what is kept
                    # fails to parse, so it is reported as unreadable).
                    line = line[:MAX_ENTRY]
                    while rest := handle.readline(MAX_ENTRY):
                        if rest.endswith(b"\n"):
                            finished = True
                            break
                yield f"{AUDIT_DIR}/{name}", number, line, finished


def batch_digest(record_ids: Iterable[str]) -> int:
    """An order-free digest of a set of record ids: the sum of their SHA-256, mod 2**256.

    A sum, so that the records of several bulk loads can be checked together.
    """
    total = 0
    for rid in record_ids:
        total += int.from_bytes(hashlib.sha256(rid.encode()).digest(), "big")
    return total % (1 << 256)


def batch_id(record_ids: Iterable[str]) -> str:
    """The ``id`` of a bulk load's entry: ``batch:`` and the digest of the ids it created."""
    return f"{BATCH_PREFIX}{batch_digest(record_ids):064x}"


@dataclass
class Survey:
    """What one pass over the whole trail found (see :func:`survey`)."""

    problems: list[str]
    entries: int  # the seq of the last readable entry (0 for an empty trail)
    created: set[str]  # ids of records an entry brought in
    batches: int  # the sum of the digests of every bulk load's entry
    hashes: dict[int, str]  # the hash of each asked-for seq found in the trail
    last_restore: str = ""  # ``at_local`` of the newest ``store.restore`` entry


def survey(root: Path, seqs: Collection[int] = ()) -> Survey:
    """One pass: every chain problem, the records entries created, and the hashes at ``seqs``."""
    problems: list[str] = []
    found = Survey(problems, 0, set(), 0, {})
    wanted = set(seqs)
    expect_seq: int | None = 1
    expect_prev: str | None = GENESIS
    for file, number, line, finished in _lines(root, problems):
        where = f"Line {number} of {file}"
        if not finished:
            problems.append(f"{where} is an unfinished entry (a write was interrupted).")
            expect_seq = expect_prev = None
            continue
        try:
            entry = orjson.loads(line)
            if not isinstance(entry, dict) or set(entry) - {"role"} != set(FIELDS):
                raise ValueError
            seq, prev, stored = int(entry["seq"]), entry["prev"], entry["hash"]
        except (orjson.JSONDecodeError, ValueError, TypeError):
            problems.append(f"{where} is not a readable audit entry.")
            expect_seq = expect_prev = None
            continue
        if entry_hash(entry) != stored:
            problems.append(f"{where} was altered after it was written (its hash does not match).")
        elif expect_seq is not None and seq != expect_seq:
            if seq > expect_seq:
                missing = f"{expect_seq}" if seq == expect_seq + 1 else f"{expect_seq}–{seq - 1}"
                problems.append(f"{where} has seq {seq}: entry {missing} is missing.")
            else:
                problems.append(f"{where} has seq {seq} where {expect_seq} was expected.")
        elif expect_prev is not None and prev != expect_prev:
            problems.append(
                f"{where} does not chain to the entry before it "
                "(an earlier entry was changed, removed or reordered)."
            )
        _note(found, entry, seq, wanted)
        expect_seq, expect_prev = seq + 1, stored
    return found


def _note(found: Survey, entry: dict[str, Any], seq: int, wanted: set[int]) -> None:
    found.entries = seq
    if seq in wanted:
        found.hashes[seq] = str(entry["hash"])
    rid = entry["id"]
    if entry["action"] == "store.restore" and isinstance(entry["at_local"], str):
        found.last_restore = entry["at_local"]
    if not isinstance(rid, str):
        return
    if entry["action"] in CREATING:
        found.created.add(rid)
    elif entry["action"] in BATCH_ACTIONS and rid.startswith(BATCH_PREFIX):
        with contextlib.suppress(ValueError):
            digest = int(rid[len(BATCH_PREFIX) :], 16)
            found.batches = (found.batches + digest) % (1 << 256)


def verify(root: Path) -> list[str]:
    """Every problem in the trail's chain, one sentence each naming file and line."""
    return survey(root).problems


def unaudited(store_ids: Collection[str], found: Survey) -> list[str]:
    """Ids of stored records that no entry created (none when a bulk load accounts for them).

    Records a bulk load made have no entry each; together their digest must equal the
    sum of the bulk loads' digests. When it does not, every record without an entry
    of its own is returned.
    """
    missing = sorted(set(store_ids) - found.created)
    if not missing or batch_digest(missing) == found.batches:
        return []
    return missing


def history(root: Path, kind: str | None, record_id: str) -> list[dict[str, Any]]:
    """Every readable entry about one record (any kind when ``kind`` is None), oldest first."""
    return [
        entry
        for entry in history_of(root, {record_id})
        if kind is None or entry.get("kind") == kind
    ]


def history_of(root: Path, record_ids: Collection[str]) -> list[dict[str, Any]]:
    """Every readable entry about any of ``record_ids``, oldest first (one pass)."""
    wanted = set(record_ids)
    needles = [orjson.dumps(rid) for rid in wanted]
    found: list[dict[str, Any]] = []
    for _file, _number, line, finished in _lines(root):
        if not finished or not any(needle in line for needle in needles):
            continue  # cheap filter: most lines never get parsed
        with contextlib.suppress(orjson.JSONDecodeError):
            entry = orjson.loads(line)
            if isinstance(entry, dict) and entry.get("id") in wanted:
                found.append(entry)
    return found


def recent(root: Path, limit: int = 20) -> list[dict[str, Any]]:
    """The newest ``limit`` readable entries, oldest first."""
    found: list[dict[str, Any]] = []
    for name in reversed(month_files(root)):
        raw = read_month(root, name)
        for line in reversed(raw.splitlines()):
            if len(found) >= limit:
                break
            with contextlib.suppress(orjson.JSONDecodeError):
                entry = orjson.loads(line)
                if isinstance(entry, dict):
                    found.append(entry)
        if len(found) >= limit:
            break
    found.reverse()
    return found
