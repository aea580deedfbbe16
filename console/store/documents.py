"""Reading a partition's documents without trusting them.

A store file that parses may still hold a document that is not a patient or an
appointment (a field missing, a number where a name goes, a status the state machine
does not know): the file was edited by hand, planted, or came from a crafted backup.
Each document is checked once, when its partition is (re)parsed, by rebuilding its
model (``Patient.from_doc`` / ``Appointment.from_doc``). A bad one is left out of
every index and listed here; the file is never rewritten because of it, so nothing is
lost and `frontdesk check` names it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, NamedTuple

from console.clinic.models import BadDocument
from console.store.errors import StoreError


class InvalidDocument(NamedTuple):
    """A stored document that does not rebuild into its model: where it is and why."""

    file: str  # relative to the store: ``appointments/2026-11.json``
    id: str  # the document's id, or ``#<key>`` when it has no usable id
    kind: str  # "patient" or "appointment"
    problem: str  # a clause: ``it has no "start"``

    @property
    def sentence(self) -> str:
        """One sentence naming the file and the id, and the way out."""
        return (
            f"{self.file} holds {self.kind} {self.id}, which is left out because "
            f"{self.problem}: restore the file from a backup (`frontdesk check` lists "
            "every such document)."
        )

    @property
    def check_line(self) -> str:
        """What ``frontdesk check`` says about it after the file name."""
        return f"{self.kind} {self.id} is left out because {self.problem}"

    def error(self) -> StoreError:
        """The error raised when someone asks for this very document."""
        return StoreError(self.sentence)


class Sorted(NamedTuple):
    """A partition's documents split into usable ones and the rest."""

    doc_ids: dict[str, int]  # model id -> TinyDB doc_id
    docs: dict[str, dict[str, Any]]  # model id -> document (a copy)
    bad: dict[str, InvalidDocument]  # id (or ``#key``) -> why it is left out
    bad_keys: bool  # some key is not a number: TinyDB cannot write this file


def sort_documents(
    tables: dict[str, Any] | None,
    table: str,
    file: str,
    kind: str,
    check: Callable[[dict[str, Any]], str | None],
    *,
    copy: bool = True,
) -> Sorted:
    """Split the raw documents of ``table`` in ``tables``; ``check`` returns a problem or None.

    ``copy=False`` hands out the parsed documents themselves, for a caller that only
    reads them before the parse is let go.

    ``check`` normally rebuilds the model (raising :class:`BadDocument`); it may also
    return a problem of its own (an appointment filed under another month).
    """
    doc_ids: dict[str, int] = {}
    docs: dict[str, dict[str, Any]] = {}
    bad: dict[str, InvalidDocument] = {}
    bad_keys = False
    for key, doc, problem in _checked((tables or {}).get(table) or {}, check):
        ident = doc.get("id") if isinstance(doc, dict) else None
        label = ident if isinstance(ident, str) and ident.strip() else f"#{key}"
        if problem is None and not key.isdigit():
            problem, bad_keys = f"its key {key!r} is not a number", True
        if problem is not None:
            bad[label] = InvalidDocument(file, label, kind, problem)
            continue
        doc_ids[label] = int(key)
        docs[label] = dict(doc) if copy else doc
    return Sorted(doc_ids, docs, bad, bad_keys)


def _checked(
    raw: dict[str, Any], check: Callable[[dict[str, Any]], str | None]
) -> Iterator[tuple[str, Any, str | None]]:
    for key, doc in raw.items():
        try:
            problem = check(doc)
        except BadDocument as err:
            problem = str(err)
        yield str(key), doc, problem


def refuse_writes(file: str, bad_keys: bool) -> None:
    """Raise when TinyDB could not rewrite the file (``bad_keys``: a key is not a number)."""
    if bad_keys:
        raise StoreError(
            f"{file} holds a document under a key that is not a number, so it cannot be "
            "changed safely; it has been left untouched: restore it from a backup "
            "(`frontdesk check` names it)."
        )
