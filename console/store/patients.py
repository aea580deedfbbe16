"""Patients in the store: one file per registration year, kept compact in memory.

A lookup needs every patient's name, phone and birth date (the search rows) and the
whole record of a few. So once a year's file is parsed and checked, each record is
kept as its compact JSON bytes and the parse is let go: memory grows by a few hundred
bytes a patient, not by the parsed documents of every year.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

import orjson

from console.clinic.models import BadDocument, Patient
from console.clinic.phone import phone_digits
from console.clinic.text import name_key
from console.store import imports
from console.store.documents import InvalidDocument, refuse_writes, sort_documents
from console.store.errors import StoreError
from console.store.store import Store
from console.store.visit_index import owned

if TYPE_CHECKING:  # the search rows are built by a lookup, never by a day's read
    from console.clinic.search import SearchRows

KIND = "patients"


#: An id JSON can only spell as these bytes or with a ``\\u`` escape (no ``\\/`` etc.).
_PLAIN_ID = re.compile(r"[A-Za-z0-9_-]+")

#: Patient records kept rebuilt (those on screen and the last lookups' matches).
MODELS_KEPT = 256


class _Records:
    """A year's patient records as compact JSON in one block, found by id.

    One bytes object and a few arrays for the whole year: no Python object per record
    but its id, so thousands of patients cost a few hundred bytes each.
    """

    def __init__(self, docs: dict[str, dict], doc_ids: dict[str, int]) -> None:
        # Copies of the ids, so nothing kept points into the parse (see ``owned``).
        self.ids = tuple(owned(pid) for pid in docs)
        blob = bytearray()
        self._ends = array("I")
        for doc in docs.values():
            # Appended one at a time: each of orjson's results holds a 4 KB buffer.
            blob += orjson.dumps(doc)
            self._ends.append(len(blob))
        self._blob = bytes(blob)
        self._doc_ids = array("I", (doc_ids[pid] for pid in docs))
        order = sorted(range(len(self.ids)), key=lambda i: hash(self.ids[i]))
        self._hashes = array("q", (hash(self.ids[i]) for i in order))
        self._order = array("I", order)
        self._gone: set[int] = set()  # records found bad since

    def _index(self, pid: str) -> int | None:
        key = hash(pid)
        at = bisect_left(self._hashes, key)
        while at < len(self._hashes) and self._hashes[at] == key:
            index = self._order[at]
            if self.ids[index] == pid and index not in self._gone:
                return index
            at += 1
        return None

    def __contains__(self, pid: object) -> bool:
        return isinstance(pid, str) and self._index(pid) is not None

    def __len__(self) -> int:
        return len(self.ids) - len(self._gone)

    def __iter__(self) -> Iterator[str]:
        return (pid for i, pid in enumerate(self.ids) if i not in self._gone)

    def raw(self, pid: str) -> bytes | None:
        """The record's compact JSON, or None."""
        index = self._index(pid)
        if index is None:
            return None
        start = self._ends[index - 1] if index else 0
        return self._blob[start : self._ends[index]]

    def doc_id(self, pid: str) -> int:
        """TinyDB's key of the record (for an update)."""
        index = self._index(pid)
        if index is None:
            raise KeyError(pid)
        return self._doc_ids[index]

    def drop(self, pid: str) -> None:
        """Leave the record out from now on (it did not rebuild into a patient)."""
        index = self._index(pid)
        if index is not None:
            self._gone.add(index)


@dataclass
class _Partition:
    signature: tuple[int, ...] | None
    records: _Records
    bad: dict[str, InvalidDocument]
    bad_keys: bool
    rows: SearchRows | None = None  # built by the first lookup
    checked: bool = False  # every record rebuilt once (``invalid_documents``)

    def doc(self, pid: str) -> dict | None:
        """The document of ``pid`` (a fresh dict), or None."""
        raw = self.records.raw(pid)
        return None if raw is None else orjson.loads(raw)

    def docs(self) -> Iterator[tuple[str, dict]]:
        """Every valid document, one at a time (nothing kept)."""
        for pid in self.records:
            raw = self.records.raw(pid)
            if raw is not None:
                yield pid, orjson.loads(raw)


class PatientRepo:
    """Reads and writes patients; the caller holds ``store.locked()`` for writes."""

    def __init__(self, store: Store) -> None:

        self.store = store
        self._parts: dict[str, _Partition] = {}
        self._models: OrderedDict[tuple[str, bytes], Patient] = OrderedDict()
        self._merged: tuple[list[SearchRows], SearchRows] | None = None
        self._scanned: set[str] = set()  # years read once for a few patients, not kept
        # An import a kill interrupted is finished or undone before anything else.
        store.on_lock.append(lambda: imports.recover(store))

    def _partition(self, name: str) -> _Partition:
        signature = self.store.signature(KIND, name)
        part = self._parts.get(name)
        if part is None or part.signature != signature:
            # Only the fields a lookup reads are checked here; the whole record is
            # rebuilt (and checked) when it is asked for: a day's schedule needs twenty
            # patients, not the validation of every year's.
            found = sort_documents(
                self.store.table(KIND, name).storage.read(),
                KIND,
                self._file(name),
                "patient",
                _shape,
                copy=False,  # serialised below, then the parse is let go
            )
            records = _Records(found.docs, found.doc_ids)
            part = _Partition(signature, records, found.bad, found.bad_keys)
            self._parts[name] = part
            self.store.release(KIND, name)
        return part

    @staticmethod
    def _file(name: str) -> str:
        return f"{KIND}/{name}.json"

    def _check_all(self, name: str, part: _Partition) -> None:
        """Rebuild every record of ``part`` once, moving the bad ones to ``part.bad``."""
        if part.checked:
            return
        for pid in list(part.records):
            self._model(pid, part, name)
        part.checked = True

    def invalid_documents(self) -> list[InvalidDocument]:
        """Every stored patient document that is not a valid patient (files that read)."""
        found: list[InvalidDocument] = []
        for name in self.store.partitions(KIND):
            try:
                part = self._partition(name)
                self._check_all(name, part)
                found.extend(part.bad.values())
            except StoreError:
                continue  # a damaged file: the store's own check reports it
        return found

    def _all(self) -> list[tuple[str, _Partition]]:
        return [(name, self._partition(name)) for name in self.store.partitions(KIND)]

    def get(self, pid: str) -> Patient | None:
        """The patient with id ``pid``, or None; :class:`StoreError` if its document is bad."""
        found = self.get_many([pid]).get(pid)
        if found is None:
            for name, part in self._all():
                if pid in part.records:
                    self._model(pid, part, name)  # a bad record moves to ``part.bad``
                if pid in part.bad:
                    raise part.bad[pid].error()
        return found

    def get_many(self, pids: list[str]) -> dict[str, Patient]:
        """The valid patients among ``pids`` that exist, by id (newest year first).

        The first time a year is needed, its file is read for just these patients and
        not kept (a cold ``frontdesk day`` reads twenty records, not every year's); the
        second time, it is kept as compact records, as a lookup keeps it.
        """
        missing = {pid for pid in pids if isinstance(pid, str)}
        found: dict[str, Patient] = {}
        for name in reversed(self.store.partitions(KIND)):
            if not missing:
                break
            if name not in self._parts and name not in self._scanned:
                if not self._may_hold(name, missing):
                    continue
                self._scanned.add(name)  # read again, it is kept (compact) from then on
                for pid, model in self._scan(name, missing).items():
                    missing.discard(pid)  # a bad record is not looked for in older years
                    if model is not None:
                        found[pid] = model
                continue
            part = self._partition(name)
            for pid in [pid for pid in missing if pid in part.records]:
                missing.discard(pid)  # a bad record is not looked for in older years
                model = self._model(pid, part, name)
                if model is not None:
                    found[pid] = model
        return {pid: found[pid] for pid in pids if pid in found}

    def _may_hold(self, name: str, wanted: set[str]) -> bool:
        """False only when file ``name`` surely holds none of ``wanted``: bytes searched.

        A year's file is about 2 ms to parse and a day's patients sit in two or three
        years, so the others are skipped unparsed. JSON can write an id like ``P-00012A``
        only as those bytes or with ``\\u`` escapes: a file holding an escape (or an id
        with other characters) is parsed as before, never judged by its bytes.
        """
        if not wanted:
            return False
        if self.store.holds_parse(KIND, name):
            return True
        if not all(_PLAIN_ID.fullmatch(pid) for pid in wanted):
            return True
        raw = self.store.peek(KIND, name)
        if raw is None:
            return False
        # One pass for all of them (the ids share their first letters, which re scans for).
        if re.search(b"|".join(re.escape(pid.encode()) for pid in sorted(wanted)), raw):
            return True
        return b"\\u" in raw  # an escape might spell one of them: parse to be sure

    def _scan(self, name: str, wanted: set[str]) -> dict[str, Patient | None]:
        """The patients among ``wanted`` in file ``name`` (None: a bad record), not kept."""
        data = self.store.table(KIND, name).storage.read() or {}
        docs: dict[str, dict] = {}
        for key, doc in (data.get(KIND) or {}).items():
            ident = doc.get("id") if isinstance(doc, dict) else None
            if isinstance(ident, str) and ident in wanted:
                # The checks of a full read: a bad record is left out (``get`` names it).
                docs[ident] = doc if str(key).isdigit() and _shape(doc) is None else {}
        self.store.release(KIND, name)
        found: dict[str, Patient | None] = {}
        for pid, doc in docs.items():
            try:
                found[pid] = Patient.from_doc(doc)
            except BadDocument:
                found[pid] = None
        return found

    def _model(self, pid: str, part: _Partition, name: str) -> Patient | None:
        """The record ``pid`` rebuilt, or None (then listed in ``part.bad``) if it is bad."""
        raw = part.records.raw(pid)
        if raw is None:
            return None
        key = (pid, raw)
        model = self._models.get(key)
        if model is not None:
            self._models.move_to_end(key)
            return model
        try:
            model = Patient.from_doc(orjson.loads(raw))
        except BadDocument as err:
            # Left out of everything from now on, as a bad document found at parse is.
            part.records.drop(pid)
            part.rows = None
            part.bad[pid] = InvalidDocument(self._file(name), pid, "patient", str(err))
            return None
        self._models[key] = model
        if len(self._models) > MODELS_KEPT:
            self._models.popitem(last=False)  # bounded: memory stays flat over a day
        return model

    def exists(self, pid: str) -> bool:
        """True when some partition holds ``pid`` (even in a document left out as invalid)."""
        return any(pid in part.records or pid in part.bad for _, part in self._all())

    def search_rows(self) -> list[SearchRows]:
        """Search keys for every partition, rebuilt only for partitions that changed."""
        from console.clinic.search import build_rows, merge_rows

        groups = []
        for _name, part in self._all():
            if part.rows is None:
                part.rows = build_rows(_row(pid, doc) for pid, doc in part.docs())
            groups.append(part.rows)
        # Merged once per change: a lookup scores each name word once, not once a year.
        merged = self._merged
        if (
            merged is None
            or len(merged[0]) != len(groups)
            or any(a is not b for a, b in zip(merged[0], groups, strict=True))
        ):
            merged = self._merged = (groups, merge_rows(groups))
        return [merged[1]]

    def same_person(self, key: str, phone: str, dob: str) -> list[Patient]:
        """Patients with the same phone (E.164) or birth date whose name key is ``key``.

        Phone and birth date are compared first (plain strings), so only a few names are
        folded: registering a patient stays as cheap as it was on a large store.
        """
        digits = phone_digits(phone) if phone else ""
        found = []
        self.search_rows()
        for _name, part in self._all():
            rows = part.rows
            if rows is None:
                continue
            for row, pid in enumerate(rows.ids):
                # The search rows hold both, so only the few candidates are read back.
                if not ((digits and rows.phones[row] == digits) or (dob and rows.dob(row) == dob)):
                    continue
                doc = part.doc(pid) or {}
                if phone and doc.get("phone") != phone and not (dob and doc.get("dob") == dob):
                    continue
                if name_key(str(doc.get("first", "")), str(doc.get("last", ""))) == key:
                    model = self._model(pid, part, _name)
                    if model is not None:
                        found.append(model)
        return found

    def identities(self) -> dict[tuple[str, str], str]:
        """Every patient's identity keys (name with phone, name with birth date) -> id.

        Built once for a whole import, so checking thousands of rows for likely
        duplicates costs one pass over the store, not one per row.
        """
        from console.clinic.patient_csv import identity_keys  # the import's only

        found: dict[tuple[str, str], str] = {}
        for _, part in self._all():
            for pid, doc in part.docs():
                first, last = str(doc.get("first", "")), str(doc.get("last", ""))
                dob = doc.get("dob")
                for key in identity_keys(first, last, str(doc.get("phone") or ""), dob):
                    found.setdefault(key, pid)
        return found

    def all(self) -> list[Patient]:
        """Every valid patient, oldest registration year first."""
        found = []
        for name, part in self._all():
            for pid in list(part.records):
                model = self._model(pid, part, name)
                if model is not None:
                    found.append(model)
        return found

    def count(self) -> int:
        """How many patients the store holds."""
        return sum(len(part.records) for _, part in self._all())

    def add(self, patient: Patient, year: int) -> None:
        """Insert a new patient into the partition for ``year`` (lock held)."""
        self._writable(str(year))
        table = self.store.table(KIND, str(year))
        table._next_id = None  # another process may have inserted since we last looked
        table.insert(patient.to_doc())

    def add_many(self, patients: list[Patient], year: int) -> None:
        """Insert many patients in one write (seeding)."""
        self._writable(str(year))
        table = self.store.table(KIND, str(year))
        table._next_id = None
        table.insert_multiple(p.to_doc() for p in patients)

    def update(self, patient: Patient) -> None:
        """Replace a stored patient's document (lock held)."""
        for name, part in self._all():
            if patient.id in part.records:
                refuse_writes(f"{KIND}/{name}.json", part.bad_keys)
                table = self.store.table(KIND, name)
                table.update(patient.to_doc(), doc_ids=[part.records.doc_id(patient.id)])
                return
        raise KeyError(patient.id)

    def _writable(self, name: str) -> None:
        if name in self.store.partitions(KIND):
            refuse_writes(f"{KIND}/{name}.json", self._partition(name).bad_keys)


def _shape(doc: dict) -> str | None:
    """Why ``doc`` cannot even be searched (a name or phone that is not text), or None."""
    for name in ("id", "first", "last", "phone"):
        if name not in doc:
            return f'it has no "{name}"'
        if not isinstance(doc[name], str):
            return f'its "{name}" is not text'
    if not isinstance(doc.get("dob") or "", str):
        return 'its "dob" is not text'
    return None


def _row(pid: str, doc: dict) -> tuple[str, str, str, str, str | None]:
    """The search row of a shape-checked document (``pid``: the id kept in its records)."""
    return (pid, doc["first"], doc["last"], doc["phone"], doc.get("dob"))
