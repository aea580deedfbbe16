"""Finding a patient from a name, part of a phone number or a date of birth.

Typo-tolerant name matching is RapidFuzz's; this module decides what kind of query
was typed and ranks the hits.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from console.clinic.phone import phone_digits
from console.clinic.text import fold

_DATE_FORMATS = ("%Y-%m-%d", "%m/%d/%Y", "%m-%d-%Y", "%m/%d/%y")
_NON_DIGIT = re.compile(r"\D")


@dataclass(frozen=True)
class SearchRows:
    """Precomputed search keys for a group of patients (one store partition)."""

    ids: tuple[str, ...]
    names: tuple[str, ...]  # folded "first last"
    phones: tuple[str, ...]  # national digits
    dobs: tuple[str, ...]  # ISO dates or ""
    words: tuple[str, ...] = ()  # distinct folded name words
    word_rows: tuple[tuple[int, ...], ...] = ()  # for each word, the rows that have it


@dataclass(frozen=True)
class Hit:
    """One patient that matches, with a score (100 is exact) and what matched."""

    patient_id: str
    score: float
    matched: str  # "name" | "phone" | "dob"


def build_rows(patients: Iterable[tuple[str, str, str, str, str | None]]) -> SearchRows:
    """Build rows from ``(id, first, last, phone, dob)`` tuples."""
    ids, names, phones, dobs = [], [], [], []
    for pid, first, last, phone, dob in patients:
        ids.append(pid)
        names.append(fold(f"{first} {last}"))
        phones.append(phone_digits(phone))
        dobs.append(dob or "")
    vocabulary: dict[str, list[int]] = {}
    for row, name in enumerate(names):
        for word in set(name.replace("-", " ").split()):
            vocabulary.setdefault(word, []).append(row)
    words = tuple(vocabulary)
    return SearchRows(
        tuple(ids),
        tuple(names),
        tuple(phones),
        tuple(dobs),
        words,
        tuple(tuple(vocabulary[w]) for w in words),
    )


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
        iso = day.isoformat()
        found: list[Hit] = []
        for rows in groups:
            found.extend(
                Hit(rows.ids[i], 100.0, "dob") for i, v in enumerate(rows.dobs) if v == iso
            )
            if len(found) >= limit:
                break
        return found[:limit]
    digits = _NON_DIGIT.sub("", query)
    if len(digits) >= 3 and len(digits) >= len(query.replace(" ", "")) - 3:
        hits = [
            Hit(rows.ids[i], 100.0 if value == digits else 90.0, "phone")
            for rows in groups
            for i, value in enumerate(rows.phones)
            if digits in value
        ]
        hits.sort(key=lambda h: -h.score)
        return hits[:limit]
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
                for row in rows.word_rows[word]:
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
