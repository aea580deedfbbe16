"""Finding a patient from a name, part of a phone number or a date of birth.

Typo-tolerant name matching is RapidFuzz's; this module decides what kind of query
was typed and ranks the hits.
"""

from __future__ import annotations

import datetime as dt
import re
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from console.clinic.phone import phone_digits
from console.clinic.text import fold

_DATE_FORMATS = ("%Y-%m-%d", "%m/%d/%Y", "%m-%d-%Y", "%m/%d/%y")
_NON_DIGIT = re.compile(r"\D")


@dataclass(frozen=True)
class SearchRows:
    """Precomputed search keys for a group of patients (a store partition, or all).

    Names are kept only as their distinct words, each with the rows that have it, and
    birth dates as day numbers: a few bytes a patient beyond the id and phone.
    """

    ids: tuple[str, ...]
    phones: tuple[str, ...]  # national digits
    dobs: Sequence[int]  # date ordinals, 0 when unknown
    words: tuple[str, ...] = ()  # distinct folded name words
    # The rows that have each word: word i's are ``flat[starts[i]:starts[i + 1]]``. Two
    # arrays for all words, not one object per word (names are thousands of words).
    starts: Sequence[int] = ()
    flat: Sequence[int] = ()

    def rows_of(self, word: int) -> Sequence[int]:
        """The rows whose name has the word with index ``word``."""
        return self.flat[self.starts[word] : self.starts[word + 1]]

    def dob(self, row: int) -> str:
        """The row's birth date as ISO text ("" when unknown)."""
        day = self.dobs[row]
        return dt.date.fromordinal(day).isoformat() if day else ""


@dataclass(frozen=True)
class Hit:
    """One patient that matches, with a score (100 is exact) and what matched."""

    patient_id: str
    score: float
    matched: str  # "name" | "phone" | "dob"


def build_rows(patients: Iterable[tuple[str, str, str, str, str | None]]) -> SearchRows:
    """Build rows from ``(id, first, last, phone, dob)`` tuples."""
    ids, phones, dobs = [], [], array("i")
    vocabulary: dict[str, list[int]] = {}
    for row, (pid, first, last, phone, dob) in enumerate(patients):
        ids.append(pid)
        phones.append(phone_digits(phone))
        dobs.append(_ordinal(dob))
        for word in set(fold(f"{first} {last}").replace("-", " ").split()):
            vocabulary.setdefault(word, []).append(row)
    return _with_vocabulary(SearchRows(tuple(ids), tuple(phones), dobs), vocabulary)


def merge_rows(groups: Sequence[SearchRows]) -> SearchRows:
    """One group holding every row of ``groups``, in order, with one vocabulary.

    A typed word is then matched once against the distinct name words of every year,
    not once per year (most names recur from year to year).
    """
    vocabulary: dict[str, list[int]] = {}
    offset = 0
    for rows in groups:
        for index, word in enumerate(rows.words):
            vocabulary.setdefault(word, []).extend(row + offset for row in rows.rows_of(index))
        offset += len(rows.ids)
    merged = SearchRows(
        tuple(pid for rows in groups for pid in rows.ids),
        tuple(phone for rows in groups for phone in rows.phones),
        array("i", (day for rows in groups for day in rows.dobs)),
    )
    return _with_vocabulary(merged, vocabulary)


def _with_vocabulary(rows: SearchRows, vocabulary: dict[str, list[int]]) -> SearchRows:
    words = tuple(vocabulary)
    starts = array("I", [0])
    flat = array("I")
    for word in words:
        flat.extend(vocabulary[word])
        starts.append(len(flat))
    return replace(rows, words=words, starts=starts, flat=flat)


def _ordinal(dob: str | None) -> int:
    try:
        return dt.date.fromisoformat(dob).toordinal() if dob else 0
    except ValueError:
        return 0  # not a date: never matches a typed birth date


def parse_query_date(query: str) -> dt.date | None:
    """A date of birth typed as YYYY-MM-DD or MM/DD/YYYY, else None."""
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(query.strip(), fmt).date()
        except ValueError:
            continue
    return None


def search(groups: Sequence[SearchRows], query: str, limit: int = 10) -> list[Hit]:
    """Rank patients in ``groups`` for ``query``; best first, at most ``limit``."""
    query = query.strip()
    if not query:
        return []
    day = parse_query_date(query)
    if day is not None:
        wanted = day.toordinal()
        found: list[Hit] = []
        for rows in groups:
            found.extend(
                Hit(rows.ids[i], 100.0, "dob") for i, v in enumerate(rows.dobs) if v == wanted
            )
            if len(found) >= limit:
                break
        return found[:limit]
    digits = _NON_DIGIT.sub("", query)
    if len(digits) >= 3 and len(digits) >= len(query.replace(" ", "")) - 3:
        # A few digits match thousands of phones: only the shown ones become hits.
        exact: list[str] = []
        partial: list[str] = []
        for rows in groups:
            for i, value in enumerate(rows.phones):
                if digits in value:
                    (exact if value == digits else partial).append(rows.ids[i])
        return [Hit(pid, 100.0, "phone") for pid in exact[:limit]] + [
            Hit(pid, 90.0, "phone") for pid in partial[: max(0, limit - len(exact))]
        ]
    return _by_name(groups, fold(query), limit)


def _by_name(groups: Sequence[SearchRows], needle: str, limit: int) -> list[Hit]:
    # Match each typed word against the distinct name words (a few thousand, not one
    # per patient): prefix 100, inside a word 95, a typo by RapidFuzz's ratio. A
    # patient matches when every typed word matches one of their name words.
    tokens = needle.replace("-", " ").split()
    scored: dict[str, float] = {}
    for rows in groups:
        totals: dict[int, float] | None = None
        for token in tokens:
            per_row: dict[int, float] = {}
            for word, score in _word_scores(rows.words, token):
                for row in rows.rows_of(word):
                    if score > per_row.get(row, 0.0):
                        per_row[row] = score
            if totals is None:
                totals = per_row
            else:
                totals = {r: totals[r] + s for r, s in per_row.items() if r in totals}
            if not totals:
                break
        for row, total in (totals or {}).items():
            scored[rows.ids[row]] = total / len(tokens)
    ranked = sorted(scored.items(), key=lambda item: -item[1])[:limit]
    return [Hit(pid, score, "name") for pid, score in ranked]


def _word_scores(words: tuple[str, ...], token: str) -> Iterable[tuple[int, float]]:
    """(word index, score) for the name words that ``token`` could mean."""
    seen: set[int] = set()
    for index, word in enumerate(words):
        if word.startswith(token):
            seen.add(index)
            yield index, 100.0
        elif len(token) >= 3 and token in word:
            seen.add(index)
            yield index, 95.0
    if len(token) < 3:
        return
    from rapidfuzz import fuzz, process  # here: only a search loads it, not every command

    for _word, score, index in process.extract(
        # Short words need a looser cut-off: one wrong letter in "luc" is a third of it.
        token,
        words,
        scorer=fuzz.ratio,
        limit=50,
        score_cutoff=65 if len(token) <= 4 else 75,
    ):
        if index not in seen:
            yield index, min(float(score), 94.0)
