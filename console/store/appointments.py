"""Appointments in the store: one file per clinic-local month of the visit.

A reschedule into another month moves the document between two files. That is two
writes, so it is journalled: ``.move.json`` names the move before it starts and is
removed when it is done; whoever takes the lock next finishes an interrupted move.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections import OrderedDict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace

import orjson

from console.clinic.models import Appointment, BadDocument
from console.store.atomic import fsync_dir, read_file, replace_file
from console.store.documents import InvalidDocument, refuse_writes, sort_documents
from console.store.errors import StoreError
from console.store.store import Store
from console.store.visit_index import (
    Mark,
    MonthSummary,
    VisitTally,
    changed,
    marks_of,
    summarise,
    tally,
)

KIND = "appointments"


def month_of(day: str | dt.date) -> str:
    """Partition name for a clinic-local date: ``2026-11``."""
    text = day.isoformat() if isinstance(day, dt.date) else day
    return text[:7]


#: Parsed months kept in memory: a day or a week on screen (two months), the months of
#: the next visits a lookup shows, and a patient's history being read. Every other
#: month is only summarised (see visit_index.py), so memory does not grow with years.
MONTHS_KEPT = 4
#: Patients whose whole history is kept (a lookup's matches, the patient on screen).
HISTORIES_KEPT = 32


@dataclass
class _Month:
    name: str
    signature: tuple[int, ...] | None
    doc_ids: dict[str, int]
    docs: dict[str, dict]
    by_day: dict[str, list[str]]
    bad: dict[str, InvalidDocument] = field(default_factory=dict)
    bad_keys: bool = False
    models: dict[str, Appointment] = field(default_factory=dict)
    checked: bool = False  # every document rebuilt once


class AppointmentRepo:
    """Reads and writes appointments; the caller holds ``store.locked()`` for writes."""

    def __init__(self, store: Store, today: Callable[[], dt.date] | None = None) -> None:
        self.store = store
        #: Clinic-local today: months from today's on list their next visits' ids.
        self.today = today
        self._months: OrderedDict[str, _Month] = OrderedDict()  # least recently used first
        self._summaries: dict[str, MonthSummary] = {}
        self._summarised = False
        self._histories: OrderedDict[str, tuple[tuple, tuple[Appointment, ...]]] = OrderedDict()
        store.on_lock.append(self.recover)

    # -- reading -------------------------------------------------------------------

    def _month(self, name: str) -> _Month:
        signature = self.store.signature(KIND, name)
        month = self._months.get(name)
        if month is not None and month.signature == signature:
            self._months.move_to_end(name)
            return month
        # Only what filing and ordering need is checked here; each document is rebuilt
        # (and so checked) when it is asked for, or all at once by ``invalid_*``: a
        # patient's history reads a few visits of a month, not all its models.
        raw = self.store.table(KIND, name).storage.read()
        found = sort_documents(raw, KIND, _file(name), "appointment", lambda doc: _shape(doc, name))
        docs = found.docs.values()
        by_day: dict[str, list[str]] = {}
        for doc in sorted(docs, key=lambda d: (d["start"], str(d.get("created", "")), d["id"])):
            by_day.setdefault(doc["day"], []).append(doc["id"])
        month = _Month(
            name, signature, found.doc_ids, found.docs, by_day, found.bad, found.bad_keys
        )
        self._months[name] = month
        self._months.move_to_end(name)
        while len(self._months) > MONTHS_KEPT:
            gone, _ = self._months.popitem(last=False)
            self.store.release(KIND, gone)
        return month

    def summarised(self) -> bool:
        """Whether the summaries were built once: from then on they follow each change
        (a new month or one another desk rewrote) at the cost of that month only."""
        return self._summarised

    def parsed_months(self) -> list[str]:
        """The months held parsed now, least recently used first (at most MONTHS_KEPT)."""
        return list(self._months)

    def _detailed(self, name: str, current: str | None = None) -> bool:
        if self.today is None:
            return True
        return name >= (current or month_of(self.today()))

    def summaries(self) -> dict[str, MonthSummary]:
        """A fresh :class:`MonthSummary` of every month, reading only files that changed.

        Every visit is a packed mark; the current month and later ones also list the
        ids of the visits that hold a slot, for "next visit" (see visit_index.py).
        """
        names = self.store.partitions(KIND)
        current = month_of(self.today()) if self.today is not None else None
        for gone in set(self._summaries) - set(names):
            del self._summaries[gone]
        for name in names:
            self._summary(name, self.store.signature(KIND, name), current)
        self._summarised = True
        return self._summaries

    def _summary(
        self, name: str, signature: tuple[int, ...] | None, current: str | None = None
    ) -> MonthSummary:
        """The month's summary, made again if its file changed (or it lacks next visits)."""
        summary = self._summaries.get(name)
        detailed = self._detailed(name, current)
        if summary is not None and (summary.detailed or not detailed):
            if summary.signature == signature:
                return summary
            # A change counter is shared by a few files: the file may be as it was.
            if summary.crc is not None and self.store.fingerprint(KIND, name) == summary.crc:
                summary = self._summaries[name] = replace(summary, signature=signature)
                return summary
        # Read, summarised and let go unless on screen: history never sits in memory.
        raw = self.store.table(KIND, name).storage.read() or {}
        crc = self.store.content_crc(KIND, name)
        summary = summarise((raw.get(KIND) or {}).values(), signature, detailed, crc)
        self._summaries[name] = summary
        if name not in self._months:
            self.store.release(KIND, name)
        return summary

    def invalid_documents(self) -> list[InvalidDocument]:
        """Every stored appointment document that is not a valid appointment."""
        found: list[InvalidDocument] = []
        for name in self.store.partitions(KIND):
            try:
                found.extend(self._checked(name).bad.values())
            except StoreError:
                continue  # a damaged file: the store's own check reports it
        return found

    def invalid_on(self, day: dt.date) -> list[InvalidDocument]:
        """The invalid documents in the file that holds ``day`` (shown with its schedule)."""
        name = month_of(day)
        with self.store.reading():  # called from the pane's loading thread, too
            if name not in self._months and name not in self.store.partitions(KIND):
                return []
            return list(self._checked(name).bad.values())

    def _model(self, month: _Month, aid: str) -> Appointment | None:
        """The appointment ``aid`` of ``month`` rebuilt, or None (then in ``month.bad``)."""
        model = month.models.get(aid)
        if model is None:
            try:
                model = Appointment.from_doc(month.docs[aid])
            except BadDocument as err:
                # Left out of everything from now on, as a bad document found at parse is.
                del month.docs[aid]
                month.bad[aid] = InvalidDocument(_file(month.name), aid, "appointment", str(err))
                return None
            month.models[aid] = model
        return model

    def _checked(self, name: str) -> _Month:
        """The month with every document rebuilt once, so ``bad`` lists them all."""
        month = self._month(name)
        if not month.checked:
            for aid in list(month.docs):
                self._model(month, aid)
            month.checked = True
        return month

    def on_day(self, day: dt.date) -> list[Appointment]:
        """Every appointment on a clinic-local date, in start order (cancelled included)."""
        name = month_of(day)
        if name not in self._months and name not in self.store.partitions(KIND):
            return []
        month = self._month(name)
        ids = month.by_day.get(day.isoformat(), ())
        moving = self._pending_move()
        # A crash interrupted a move out of this month: show only the copy that moved.
        if (
            moving
            and moving["from"] == name
            and moving["id"] in ids
            and moving["id"] in self._month(moving["to"]).docs
        ):
            ids = [aid for aid in ids if aid != moving["id"]]
        return [m for aid in ids if aid in month.docs and (m := self._model(month, aid))]

    def _pending_move(self) -> dict | None:
        try:
            # As every store file: no link followed, a FIFO never waited on, size capped.
            move = orjson.loads(read_file(self._journal_path()))
        except (FileNotFoundError, orjson.JSONDecodeError):
            return None
        return move if isinstance(move, dict) and {"id", "from", "to"} <= move.keys() else None

    def between(self, first: dt.date, last: dt.date) -> list[Appointment]:
        """Appointments from ``first`` to ``last`` inclusive, in start order."""
        found: list[Appointment] = []
        day = first
        while day <= last:
            found.extend(self.on_day(day))
            day += dt.timedelta(days=1)
        return found

    def get(self, aid: str, hint: dt.date | None = None) -> Appointment | None:
        """The appointment ``aid``; looks in the hinted month first, then where it is.

        :class:`StoreError` when the only document with that id is invalid.
        """
        names = self.store.partitions(KIND)
        first = []
        moving = self._pending_move()
        if moving and moving["id"] == aid:
            first.append(moving["to"])
        if hint is not None:
            first.append(month_of(hint))
        bad: InvalidDocument | None = None
        tried: set[str] = set()
        for round_ in (first, None):
            if round_ is None:
                # Not where it was expected: the summaries name the months that may hold
                # it (a hash: confirmed by reading).
                summaries = self.summaries()
                round_ = [n for n in reversed(names) if summaries[n].holds(aid)]
            for name in round_:
                if name in tried or name not in names:
                    continue
                tried.add(name)
                month = self._month(name)
                if aid in month.docs and (found := self._model(month, aid)) is not None:
                    return found
                bad = bad or month.bad.get(aid)
        if bad is not None:
            raise bad.error()
        return None

    def for_patient(self, pid: str) -> list[Appointment]:
        """Every appointment of a patient, in start order (reads only their months)."""
        return self.for_patients([pid])[pid]

    def for_patients(self, pids: list[str]) -> dict[str, list[Appointment]]:
        """Every appointment of each patient in ``pids``, in start order.

        Only the months the summaries name for them are read. A patient's history is
        kept while none of those months changes (the last :data:`HISTORIES_KEPT`), so a
        lookup that shows each match's series as the name is typed reads each once.
        """
        summaries = self.summaries()
        result: dict[str, list[Appointment]] = {}
        for pid in pids:
            months = tuple(
                (name, summary.signature) for name, summary in summaries.items() if summary.has(pid)
            )
            kept = self._histories.get(pid)
            if kept is not None and kept[0] == months:
                self._histories.move_to_end(pid)
                result[pid] = list(kept[1])
                continue
            found = []
            for name, _signature in months:
                month = self._month(name)
                for aid, doc in list(month.docs.items()):
                    if doc["patient_id"] == pid and (model := self._model(month, aid)):
                        found.append(model)
            history = sorted(found, key=lambda a: (a.start, a.id))
            self._histories[pid] = (months, tuple(history))
            if len(self._histories) > HISTORIES_KEPT:
                self._histories.popitem(last=False)
            result[pid] = history
        return result

    def marks(self, pid: str) -> list[Mark]:
        """Every visit of the patient as a compact :class:`Mark`, in start order."""
        return marks_of(self.summaries(), pid)

    def tallies(self, pids: list[str], now: dt.datetime) -> dict[str, VisitTally]:
        """Each patient's completed visits before ``now`` and next visit (from summaries)."""
        return tally(self.summaries(), pids, now)

    def id_taken(self, aid: str) -> bool:
        """True if any month holds ``aid`` (a hash match is confirmed by reading).

        A month held parsed and unchanged is looked at directly rather than summarised
        again: booking writes one month, and the next booking's check should not pay
        for summarising it.
        """
        current = month_of(self.today()) if self.today is not None else None
        for name in self.store.partitions(KIND):
            if name not in self._months:
                summary = self._summary(name, self.store.signature(KIND, name), current)
                if not summary.holds(aid):
                    continue
            month = self._month(name)  # read again if it changed (the month just written)
            if aid in month.docs or aid in month.bad:
                return True
        return False

    # -- writing (lock held) ---------------------------------------------------------

    def add(self, appt: Appointment, tz: dt.tzinfo) -> None:
        """Insert a new appointment into its month."""
        name = month_of(appt.day(tz))
        self._writable(name)
        table = self.store.table(KIND, name)
        table._next_id = None  # another process may have inserted since we last looked
        doc = appt.to_doc(tz)
        with self._summary_follows(name, None, doc):
            table.insert(doc)

    def add_many(self, appts: list[Appointment], tz: dt.tzinfo) -> None:
        """Insert many appointments, one write per month (seeding)."""
        groups: dict[str, list[dict]] = {}
        for appt in appts:
            groups.setdefault(month_of(appt.day(tz)), []).append(appt.to_doc(tz))
        for name, docs in groups.items():
            self._writable(name)
            table = self.store.table(KIND, name)
            table._next_id = None
            table.insert_multiple(docs)

    def save(self, appt: Appointment, tz: dt.tzinfo) -> None:
        """Write a changed appointment, moving it if its month changed."""
        old = self.get(appt.id, appt.day(tz))
        if old is None:
            raise KeyError(appt.id)
        source, target = month_of(old.day(tz)), month_of(appt.day(tz))
        doc = appt.to_doc(tz)
        self._writable(source)
        self._writable(target)
        if source == target:
            month = self._month(source)
            with self._summary_follows(source, month.docs.get(appt.id), doc):
                self.store.table(KIND, source).update(doc, doc_ids=[month.doc_ids[appt.id]])
            return
        journal = self._journal_path()
        move = orjson.dumps({"id": appt.id, "from": source, "to": target})
        replace_file(journal, move, self.store.modes.file)
        self.add(appt, tz)
        self._finish_move(appt.id, source, target)

    def remove(self, aid: str, tz: dt.tzinfo) -> None:
        """Delete an appointment (undoing the booking that created it); lock held."""
        appt = self.get(aid)
        if appt is None:
            raise KeyError(aid)
        name = month_of(appt.day(tz))
        self._writable(name)
        month = self._month(name)
        with self._summary_follows(name, month.docs.get(aid), None):
            self.store.table(KIND, name).remove(doc_ids=[month.doc_ids[aid]])

    @contextlib.contextmanager
    def _summary_follows(
        self, name: str, removed: dict | None, added: dict | None
    ) -> Iterator[None]:
        """Keep the month's summary current across a write of ours (lock held).

        Only a summary that was current before the write is changed; any other is made
        again from the file when next needed, as after another desk's write.
        """
        before = self.store.signature(KIND, name)
        summary = self._summaries.get(name)
        if summary is None and before is None:  # the month's first visit: its file is new
            summary = summarise((), None, self._detailed(name))
        yield
        if summary is not None and summary.signature == before:
            after = self.store.signature(KIND, name)
            crc = self.store.content_crc(KIND, name)
            self._summaries[name] = changed(summary, removed, added, after, crc)

    def _writable(self, name: str) -> None:
        if name in self.store.partitions(KIND):
            refuse_writes(f"{KIND}/{name}.json", self._month(name).bad_keys)

    def _journal_path(self):
        return self.store.root / ".move.json"

    def _finish_move(self, aid: str, source: str, target: str) -> None:
        if aid in self._month(target).docs:
            month = self._month(source)
            if aid in month.doc_ids:
                with self._summary_follows(source, month.docs.get(aid), None):
                    self.store.table(KIND, source).remove(doc_ids=[month.doc_ids[aid]])
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self._journal_path())
            fsync_dir(self.store.root)

    def recover(self) -> None:
        """Finish a move that a crash interrupted (called with the lock held)."""
        journal = self._journal_path()
        try:
            move = orjson.loads(read_file(journal))
        except FileNotFoundError:
            return
        except orjson.JSONDecodeError:
            move = None
        if isinstance(move, dict) and {"id", "from", "to"} <= move.keys():
            self._finish_move(move["id"], move["from"], move["to"])
        else:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(journal)


def _file(name: str) -> str:
    return f"{KIND}/{name}.json"


def _shape(doc: dict, name: str) -> str | None:
    """Why ``doc`` cannot be filed in month ``name`` (the rest is checked when it is read)."""
    for key in ("id", "patient_id", "start", "day"):
        if key not in doc:
            return f'it has no "{key}"'
        if not isinstance(doc[key], str):
            return f'its "{key}" is not text'
    if month_of(doc["day"]) != name:
        return f'its "day" {doc["day"]} is not in {name}'
    return None
