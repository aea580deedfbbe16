"""Patients in the store: one file per registration year, indexes kept in memory."""

from __future__ import annotations

from dataclasses import dataclass

from console.clinic.models import Patient
from console.clinic.patient_csv import identity_keys
from console.clinic.search import SearchRows, build_rows
from console.clinic.text import name_key
from console.store import imports
from console.store.documents import InvalidDocument, refuse_writes, sort_documents
from console.store.errors import StoreError
from console.store.store import Store

KIND = "patients"


@dataclass
class _Partition:
    revision: int
    doc_ids: dict[str, int]  # patient id -> TinyDB doc_id
    docs: dict[str, dict]
    bad: dict[str, InvalidDocument]
    bad_keys: bool
    rows: SearchRows | None = None


class PatientRepo:
    """Reads and writes patients; the caller holds ``store.locked()`` for writes."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._parts: dict[str, _Partition] = {}
        self._models: dict[tuple[str, int], Patient] = {}
        # An import a kill interrupted is finished or undone before anything else.
        store.on_lock.append(lambda: imports.recover(store))

    def _partition(self, name: str) -> _Partition:
        revision = self.store.revision(KIND, name)
        part = self._parts.get(name)
        if part is None or part.revision != revision:
            # Each document is validated once per parse, by rebuilding its model.
            found = sort_documents(
                self.store.table(KIND, name).storage.read(),
                KIND,
                f"{KIND}/{name}.json",
                "patient",
                _problem,
            )
            part = _Partition(revision, found.doc_ids, found.docs, found.bad, found.bad_keys)
            self._parts[name] = part
        return part

    def invalid_documents(self) -> list[InvalidDocument]:
        """Every stored patient document that is not a valid patient (files that read)."""
        found: list[InvalidDocument] = []
        for name in self.store.partitions(KIND):
            try:
                found.extend(self._partition(name).bad.values())
            except StoreError:
                continue  # a damaged file: the store's own check reports it
        return found

    def _all(self) -> list[tuple[str, _Partition]]:
        return [(name, self._partition(name)) for name in self.store.partitions(KIND)]

    def get(self, pid: str) -> Patient | None:
        """The patient with id ``pid``, or None; :class:`StoreError` if its document is bad."""
        found = self.get_many([pid]).get(pid)
        if found is None:
            for _name, part in self._all():
                if pid in part.bad:
                    raise part.bad[pid].error()
        return found

    def get_many(self, pids: list[str]) -> dict[str, Patient]:
        """The valid patients among ``pids`` that exist, by id (checks the files once)."""
        parts = self._all()
        found: dict[str, Patient] = {}
        for pid in pids:
            for _name, part in reversed(parts):
                doc = part.docs.get(pid)
                if doc is not None:
                    found[pid] = self._model(pid, part, doc)
                    break
        return found

    def _model(self, pid: str, part: _Partition, doc: dict) -> Patient:
        key = (pid, part.revision)
        model = self._models.get(key)
        if model is None:
            model = Patient.from_doc(doc)
            if len(self._models) > 50_000:
                self._models.clear()  # bounded: memory stays flat over a long day
            self._models[key] = model
        return model

    def exists(self, pid: str) -> bool:
        """True when some partition holds ``pid`` (even in a document left out as invalid)."""
        return any(pid in part.docs or pid in part.bad for _, part in self._all())

    def search_rows(self) -> list[SearchRows]:
        """Search keys for every partition, rebuilt only for partitions that changed."""
        groups = []
        for _name, part in self._all():
            if part.rows is None:
                part.rows = build_rows(
                    (d["id"], d["first"], d["last"], d["phone"], d.get("dob"))
                    for d in part.docs.values()
                )
            groups.append(part.rows)
        return groups

    def same_person(self, key: str, phone: str, dob: str) -> list[Patient]:
        """Patients with the same phone (E.164) or birth date whose name key is ``key``.

        Phone and birth date are compared first (plain strings), so only a few names are
        folded: registering a patient stays as cheap as it was on a large store.
        """
        found = []
        for _, part in self._all():
            for pid, doc in part.docs.items():
                if not ((phone and doc.get("phone") == phone) or (dob and doc.get("dob") == dob)):
                    continue
                if name_key(str(doc.get("first", "")), str(doc.get("last", ""))) == key:
                    found.append(self._model(pid, part, doc))
        return found

    def identities(self) -> dict[tuple[str, str], str]:
        """Every patient's identity keys (name with phone, name with birth date) -> id.

        Built once for a whole import, so checking thousands of rows for likely
        duplicates costs one pass over the store, not one per row.
        """
        found: dict[tuple[str, str], str] = {}
        for _, part in self._all():
            for pid, doc in part.docs.items():
                first, last = str(doc.get("first", "")), str(doc.get("last", ""))
                dob = doc.get("dob")
                for key in identity_keys(first, last, str(doc.get("phone") or ""), dob):
                    found.setdefault(key, pid)
        return found

    def all(self) -> list[Patient]:
        """Every valid patient, oldest registration year first."""
        return [
            self._model(pid, part, doc) for _, part in self._all() for pid, doc in part.docs.items()
        ]

    def count(self) -> int:
        """How many patients the store holds."""
        return sum(len(part.docs) for _, part in self._all())

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
            if patient.id in part.docs:
                refuse_writes(f"{KIND}/{name}.json", part.bad_keys)
                table = self.store.table(KIND, name)
                table.update(patient.to_doc(), doc_ids=[part.doc_ids[patient.id]])
                return
        raise KeyError(patient.id)

    def _writable(self, name: str) -> None:
        if name in self.store.partitions(KIND):
            refuse_writes(f"{KIND}/{name}.json", self._partition(name).bad_keys)


def _problem(doc: dict) -> str | None:
    """None when ``doc`` rebuilds into a patient (else :class:`BadDocument` is raised)."""
    Patient.from_doc(doc)
    return None
