"""Appointments in the store: one file per clinic-local month of the visit.

A reschedule into another month moves the document between two files. That is two
writes, so it is journalled: ``.move.json`` names the move before it starts and is
removed when it is done; whoever takes the lock next finishes an interrupted move.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from dataclasses import dataclass, field

import orjson

from console.clinic.models import Appointment
from console.store.atomic import fsync_dir, read_file, replace_file
from console.store.documents import InvalidDocument, refuse_writes, sort_documents
from console.store.errors import StoreError
from console.store.store import Store

KIND = "appointments"


def month_of(day: str | dt.date) -> str:
    """Partition name for a clinic-local date: ``2026-11``."""
    text = day.isoformat() if isinstance(day, dt.date) else day
    return text[:7]


@dataclass
class _Month:
    revision: int
    doc_ids: dict[str, int]
    docs: dict[str, dict]
    by_day: dict[str, list[str]]
    bad: dict[str, InvalidDocument] = field(default_factory=dict)
    bad_keys: bool = False
    models: dict[str, Appointment] = field(default_factory=dict)


class AppointmentRepo:
    """Reads and writes appointments; the caller holds ``store.locked()`` for writes."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._months: dict[str, _Month] = {}
        # Global indexes, maintained month by month as partitions change.
        self._ids_of_month: dict[str, set[str]] = {}
        self._month_of_id: dict[str, str] = {}
        self._by_patient: dict[str, set[str]] = {}
        store.on_lock.append(self.recover)

    # -- reading -------------------------------------------------------------------

    def _month(self, name: str) -> _Month:
        revision = self.store.revision(KIND, name)
        month = self._months.get(name)
        if month is None or month.revision != revision:
            # Each document is validated once per parse, by rebuilding its model.
            found = sort_documents(
                self.store.table(KIND, name).storage.read(),
                KIND,
                f"{KIND}/{name}.json",
                "appointment",
                lambda doc: _problem(doc, name),
            )
            docs = found.docs.values()
            by_day: dict[str, list[str]] = {}
            for doc in sorted(docs, key=lambda d: (d["start"], d.get("created", ""), d["id"])):
                by_day.setdefault(doc["day"], []).append(doc["id"])
            month = _Month(revision, found.doc_ids, found.docs, by_day, found.bad, found.bad_keys)
            self._months[name] = month
            self._reindex(name, month)
        return month

    def invalid_documents(self) -> list[InvalidDocument]:
        """Every stored appointment document that is not a valid appointment."""
        found: list[InvalidDocument] = []
        for name in self.store.partitions(KIND):
            try:
                found.extend(self._month(name).bad.values())
            except StoreError:
                continue  # a damaged file: the store's own check reports it
        return found

    def invalid_on(self, day: dt.date) -> list[InvalidDocument]:
        """The invalid documents in the file that holds ``day`` (shown with its schedule)."""
        name = month_of(day)
        if name not in self._months and name not in self.store.partitions(KIND):
            return []
        return list(self._month(name).bad.values())

    def _reindex(self, name: str, month: _Month) -> None:
        for aid in self._ids_of_month.get(name, ()):
            if self._month_of_id.get(aid) == name:
                del self._month_of_id[aid]
        for doc in month.docs.values():
            self._month_of_id[doc["id"]] = name
            self._by_patient.setdefault(doc["patient_id"], set()).add(doc["id"])
        # Ids of documents left out as invalid stay taken: a new visit never reuses one.
        for aid in month.bad:
            self._month_of_id.setdefault(aid, name)
        self._ids_of_month[name] = set(month.docs) | set(month.bad)

    def _model(self, month: _Month, aid: str) -> Appointment:
        model = month.models.get(aid)
        if model is None:
            model = month.models[aid] = Appointment.from_doc(month.docs[aid])
        return model

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
        return [self._model(month, aid) for aid in ids]

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

    def _load_all(self) -> None:
        for name in self.store.partitions(KIND):
            self._month(name)

    def get(self, aid: str, hint: dt.date | None = None) -> Appointment | None:
        """The appointment ``aid``; looks in the hinted month first, then everywhere.

        :class:`StoreError` when the only document with that id is invalid.
        """
        names = self.store.partitions(KIND)
        order = []
        moving = self._pending_move()
        if moving and moving["id"] == aid:
            order.append(moving["to"])
        if hint is not None:
            order.append(month_of(hint))
        order.extend(reversed(names))
        bad: InvalidDocument | None = None
        for name in order:
            if name not in names:
                continue
            month = self._month(name)
            if aid in month.docs:
                return self._model(month, aid)
            bad = bad or month.bad.get(aid)
        if bad is not None:
            raise bad.error()
        return None

    def for_patient(self, pid: str) -> list[Appointment]:
        """Every appointment of a patient, in start order."""
        return self.for_patients([pid])[pid]

    def for_patients(self, pids: list[str]) -> dict[str, list[Appointment]]:
        """Every appointment of each patient in ``pids``, in start order (one file check)."""
        self._load_all()
        result: dict[str, list[Appointment]] = {}
        for pid in pids:
            found = []
            for aid in self._by_patient.get(pid, ()):
                name = self._month_of_id.get(aid)
                if name is None:
                    continue
                month = self._months[name]
                if aid in month.docs and month.docs[aid]["patient_id"] == pid:
                    found.append(self._model(month, aid))
            result[pid] = sorted(found, key=lambda a: (a.start, a.id))
        return result

    def id_taken(self, aid: str) -> bool:
        """True if any month holds ``aid``."""
        self._load_all()
        return aid in self._month_of_id

    # -- writing (lock held) ---------------------------------------------------------

    def add(self, appt: Appointment, tz: dt.tzinfo) -> None:
        """Insert a new appointment into its month."""
        self._writable(month_of(appt.day(tz)))
        table = self.store.table(KIND, month_of(appt.day(tz)))
        table._next_id = None  # another process may have inserted since we last looked
        table.insert(appt.to_doc(tz))

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
        self.store.table(KIND, name).remove(doc_ids=[month.doc_ids[aid]])

    def _writable(self, name: str) -> None:
        if name in self.store.partitions(KIND):
            refuse_writes(f"{KIND}/{name}.json", self._month(name).bad_keys)

    def _journal_path(self):
        return self.store.root / ".move.json"

    def _finish_move(self, aid: str, source: str, target: str) -> None:
        if aid in self._month(target).docs:
            month = self._month(source)
            if aid in month.doc_ids:
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


def _problem(doc: dict, name: str) -> str | None:
    """Why ``doc`` is not a valid appointment of file ``name`` (its day's month), or None.

    Rebuilding the model raises :class:`BadDocument` for a missing or mistyped field.
    """
    Appointment.from_doc(doc)
    if month_of(doc["day"]) != name:
        return f'its "day" {doc["day"]} is not in {name}'
    return None
