"""A compact summary of every month of appointments, so lookups never hold history.

The console shows a day, a week or a patient; a lookup shows each match's visit count,
next visit and series progress. None of that needs years of appointment documents in
memory, so the appointment repository keeps only a few parsed months (the ones on
screen) and, for every month of the store, a :class:`MonthSummary`: which ids it holds
(as hashes, for "is this id taken?" and "which month holds it?") and, for each patient,
one small integer per visit (a :class:`Mark`: start, type, completed, holds its
slot, first of a series). The current month and later ones also keep each visit's id,
so the next visit can be read. A summary is keyed on its file's signature (``stat``
plus change counter): it is rebuilt only when that file changes, by any desk.
"""

from __future__ import annotations

import datetime as dt
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, NamedTuple

from console.clinic import status as st

_COMPLETED, _HOLDS, _FIRST = 1, 2, 4
_TYPE_SHIFT, _TYPE_MASK = 3, 0xFF
_START_SHIFT = 11


class Mark(NamedTuple):
    """One visit as a summary knows it."""

    start: int  # POSIX seconds
    type: str
    completed: bool
    holds_slot: bool
    first_of_series: bool  # tagged session 1 of a series


@dataclass(frozen=True)
class MonthSummary:
    """What a lookup needs from one month file, without its documents.

    Visits are two parallel arrays sorted by patient: the hash of the patient's id and
    the packed mark. Arrays hold plain machine integers, 16 bytes a visit, and no
    Python object per visit or per patient.
    """

    signature: tuple[int, ...] | None
    crc: int | None  # CRC-32 of the file's bytes it was made from
    detailed: bool  # next visits listed with their ids (current or later month when built)
    ids: array  # sorted hashes of every id in the file, valid or not
    types: tuple[str, ...]  # the visit types the marks refer to
    patients: array  # hash of the patient id of each visit, sorted
    packed: array  # the visit's packed mark, same order (by start within a patient)
    upcoming: dict[str, tuple[tuple[int, str], ...]]  # (start, id) holding a slot

    def holds(self, aid: str) -> bool:
        """True when some document of the month has (probably) the id ``aid``."""
        key = hash(aid)
        at = bisect_left(self.ids, key)
        return at < len(self.ids) and self.ids[at] == key

    def has(self, pid: str) -> bool:
        """True when the month has a visit of the patient ``pid`` (a hash: read to be sure)."""
        key = hash(pid)
        at = bisect_left(self.patients, key)
        return at < len(self.patients) and self.patients[at] == key

    def values(self, pid: str) -> array:
        """The patient's packed marks this month, in start order."""
        key = hash(pid)
        return self.packed[bisect_left(self.patients, key) : bisect_right(self.patients, key)]

    def marks(self, pid: str) -> list[Mark]:
        """The patient's visits this month, in start order."""
        return [self._unpack(value) for value in self.values(pid)]

    def _unpack(self, value: int) -> Mark:
        return Mark(
            value >> _START_SHIFT,
            self.types[(value >> _TYPE_SHIFT) & _TYPE_MASK],
            bool(value & _COMPLETED),
            bool(value & _HOLDS),
            bool(value & _FIRST),
        )


class _Entry(NamedTuple):
    """What one document adds to its month's summary."""

    pid: str
    key: tuple[int, int]  # (hash of the patient id, packed mark)
    next: tuple[int, str] | None  # (start, id) when it holds its slot


def _entry(doc: Any, types: dict[str, int]) -> _Entry | None:
    """The summary entry of a raw document (None: not usable), its type added to ``types``."""
    if not isinstance(doc, dict):
        return None
    found = _visit(doc)
    if found is None:
        return None
    pid, start, status, kind, first = found
    if kind not in types and len(types) > _TYPE_MASK:
        return None  # a planted file with hundreds of types: left to `check`
    index = types.setdefault(kind, len(types))
    holds = status not in st.RELEASED
    value = start << _START_SHIFT | index << _TYPE_SHIFT
    value |= (_COMPLETED if status == st.COMPLETED else 0) | (_HOLDS if holds else 0)
    value |= _FIRST if first else 0
    aid = doc.get("id")
    # Copies, not the parse's strings, which would hold the parse's memory.
    upcoming = (start, owned(aid)) if holds and isinstance(aid, str) else None
    return _Entry(pid, (hash(pid), value), upcoming)


def _id_hash(doc: Any) -> int | None:
    aid = doc.get("id") if isinstance(doc, dict) else None
    return hash(aid) if isinstance(aid, str) else None


def summarise(
    docs: Iterable[Any], signature: tuple[int, ...] | None, detailed: bool, crc: int | None = None
) -> MonthSummary:
    """The summary of one month's raw documents (untrusted: odd ones are skipped)."""
    ids: list[int] = []
    types: dict[str, int] = {}
    visits: list[tuple[int, int]] = []
    upcoming: dict[str, list[tuple[int, str]]] = {}
    for doc in docs:
        if (key := _id_hash(doc)) is not None:
            ids.append(key)
        entry = _entry(doc, types)
        if entry is None:
            continue
        visits.append(entry.key)
        if detailed and entry.next is not None:
            upcoming.setdefault(owned(entry.pid), []).append(entry.next)
    return _built(signature, crc, detailed, ids, types, visits, upcoming)


def _built(
    signature: tuple[int, ...] | None,
    crc: int | None,
    detailed: bool,
    ids: list[int],
    types: dict[str, int],
    visits: list[tuple[int, int]],
    upcoming: dict[str, list[tuple[int, str]]],
) -> MonthSummary:
    visits.sort()
    return MonthSummary(
        signature,
        crc,
        detailed,
        array("q", sorted(ids)),
        tuple(types),
        array("q", (pid for pid, _ in visits)),
        array("q", (value for _, value in visits)),
        {pid: tuple(sorted(found)) for pid, found in upcoming.items() if found},
    )


def changed(
    summary: MonthSummary,
    removed: dict[str, Any] | None,
    added: dict[str, Any] | None,
    signature: tuple[int, ...] | None,
    crc: int | None,
) -> MonthSummary:
    """``summary`` after this desk wrote its month: ``removed`` out, ``added`` in.

    What a write costs the summary is the one visit it changed, not the month read and
    summarised again (booking and check-in stay as quick at ten years as at one).
    """
    ids = list(summary.ids)
    types = {kind: index for index, kind in enumerate(summary.types)}
    visits = list(zip(summary.patients, summary.packed, strict=True))
    upcoming = {pid: list(found) for pid, found in summary.upcoming.items()}
    if removed is not None:
        if (key := _id_hash(removed)) is not None and key in ids:
            ids.remove(key)
        entry = _entry(removed, types)
        if entry is not None and entry.key in visits:
            visits.remove(entry.key)
            if entry.next is not None and entry.next in upcoming.get(entry.pid, ()):
                upcoming[entry.pid].remove(entry.next)
    if added is not None:
        if (key := _id_hash(added)) is not None:
            ids.append(key)
        entry = _entry(added, types)
        if entry is not None:
            visits.append(entry.key)
            if summary.detailed and entry.next is not None:
                upcoming.setdefault(owned(entry.pid), []).append(entry.next)
    return _built(signature, crc, summary.detailed, ids, types, visits, upcoming)


def _visit(doc: dict[str, Any]) -> tuple[str, int, str, str, bool] | None:
    """(patient, start seconds, status, type, first of a series) of a usable document."""
    pid, start, status = doc.get("patient_id"), doc.get("start"), doc.get("status")
    kind = doc.get("type")
    if not (
        isinstance(pid, str)
        and isinstance(start, str)
        and isinstance(status, str)
        and isinstance(kind, str)
    ):
        return None
    try:
        moment = dt.datetime.fromisoformat(start)
    except ValueError:
        return None
    if moment.tzinfo is None:
        return None
    extra = doc.get("extra")
    series = extra.get("series") if isinstance(extra, dict) else None
    first = isinstance(series, dict) and series.get("number") == 1
    return pid, int(moment.timestamp()), status, kind, first


def owned(text: str) -> str:
    """A copy of ``text`` that is not part of a parsed file's objects.

    Python gives memory back to the system a whole arena at a time. A string kept from
    a parsed file pins the arena it was parsed into, so keeping ids straight from each
    parse would hold much of every parse.
    """
    return text.encode().decode()


@dataclass
class VisitTally:
    """A patient's completed visits before now and the next visit that holds a slot."""

    past: int = 0
    next_id: str = ""
    next_month: str = ""
    next_at: float = float("inf")  # the next visit's start, as a timestamp


def tally(
    summaries: dict[str, MonthSummary], pids: Iterable[str], now: dt.datetime
) -> dict[str, VisitTally]:
    """Each patient's :class:`VisitTally` from every month's summary."""
    moment = now.timestamp()
    result = {pid: VisitTally() for pid in pids}
    for name, summary in summaries.items():
        for pid, tallied in result.items():
            for value in summary.values(pid):
                # A completed visit still to start counts as the next one, not a past one.
                if value & _COMPLETED and value >> _START_SHIFT < moment:
                    tallied.past += 1
            for start, aid in summary.upcoming.get(pid, ()):
                if moment <= start < tallied.next_at:
                    tallied.next_at, tallied.next_id, tallied.next_month = start, aid, name
    return result


def marks_of(summaries: dict[str, MonthSummary], pid: str) -> list[Mark]:
    """Every visit of the patient, as marks, in start order."""
    found: list[Mark] = []
    for summary in summaries.values():
        found.extend(summary.marks(pid))
    return sorted(found, key=lambda mark: mark.start)
