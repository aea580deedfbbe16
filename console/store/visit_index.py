"""A compact summary of every month of appointments, so lookups never hold history.

The console shows a day, a week or a patient; a lookup shows each match's visit count
and next visit. None of that needs years of appointment documents in memory, so the
appointment repository keeps only a few parsed months (the ones on screen) and, for
every month of the store, a :class:`MonthSummary`: which ids it holds (as hashes, for
"is this id taken?" and "which month holds it?") and which patients it has visits for.

A month before the current one keeps just each patient's count of completed visits,
since all its visits are in the past whatever the time of day. The current month and
later ones keep each visit's start, id and status, so "next visit" is exact. A summary
is keyed on its file's signature (``stat`` plus change counter): it is rebuilt only
when that file changes, by this desk or another.
"""

from __future__ import annotations

import datetime as dt
import sys
from array import array
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from console.clinic import status as st

#: One patient's visits in a month: the completed count (a past month), or each visit
#: as ``(start, id, status)`` (the current month and later).
Entry = int | tuple[tuple[str, str, str], ...]


@dataclass(frozen=True)
class MonthSummary:
    """What a lookup needs from one month file, without its documents."""

    signature: tuple[int, ...] | None
    detailed: bool  # visits listed one by one (current or future month when built)
    ids: array  # sorted hashes of every id in the file, valid or not
    patients: dict[str, Entry]

    def holds(self, aid: str) -> bool:
        """True when some document of the month has (probably) the id ``aid``."""
        key = hash(aid)
        at = bisect_left(self.ids, key)
        return at < len(self.ids) and self.ids[at] == key


def summarise(
    docs: Iterable[Any], signature: tuple[int, ...] | None, detailed: bool
) -> MonthSummary:
    """The summary of one month's raw documents (untrusted: odd ones are skipped)."""
    ids: list[int] = []
    visits: dict[str, list[tuple[str, str, str]]] = {}
    for doc in docs:
        if not isinstance(doc, dict):
            continue
        aid, pid = doc.get("id"), doc.get("patient_id")
        start, status = doc.get("start"), doc.get("status")
        if isinstance(aid, str):
            ids.append(hash(aid))
        if not (
            isinstance(aid, str)
            and isinstance(pid, str)
            and isinstance(start, str)
            and isinstance(status, str)
        ):
            continue
        # One string object per patient however many months name them, and not the
        # parse's own: a kept string would hold the parse's memory (see ``owned``).
        visits.setdefault(sys.intern(owned(pid)), []).append((start, aid, status))
    patients: dict[str, Entry] = {}
    for pid, found in visits.items():
        if detailed:
            patients[pid] = tuple(sorted(found))
        else:
            patients[pid] = sum(1 for _, _, status in found if status == st.COMPLETED)
    return MonthSummary(signature, detailed, array("q", sorted(ids)), patients)


def owned(text: str) -> str:
    """A copy of ``text`` that is not part of a parsed file's objects.

    Python gives memory back to the system a whole arena (1 MiB) at a time. A string
    kept from a parsed file pins the arena it was parsed into, so a summary that kept
    ids straight from each month would hold most of every month's parse.
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
            entry = summary.patients.get(pid)
            if entry is None:
                continue
            if isinstance(entry, int):
                tallied.past += entry
                continue
            for start, aid, status in entry:
                at = _timestamp(start)
                if at is None:
                    continue
                if at >= moment and status not in st.RELEASED:
                    if at < tallied.next_at:
                        tallied.next_at, tallied.next_id, tallied.next_month = at, aid, name
                elif status == st.COMPLETED and at < moment:
                    tallied.past += 1
    return result


def _timestamp(start: str) -> float | None:
    try:
        moment = dt.datetime.fromisoformat(start)
    except ValueError:
        return None
    return moment.timestamp() if moment.tzinfo is not None else None
