"""Treatment content (Sculptra first) and the section search the pane still uses.

The content format and its parser live in ``console.clinic.content_format`` (re-exported
here); reading the files is the loader's job (``console.shipped``).
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass

from console.clinic.content import (
    Question,
    Regimen,
    Section,
    Statement,
    Topic,
    Treatment,
)
from console.clinic.content_format import missing_quotes, parse_topics, parse_treatment
from console.clinic.text import fold

__all__ = [
    "Question",
    "Regimen",
    "Section",
    "Statement",
    "Topic",
    "Treatment",
    "missing_quotes",
    "parse_topics",
    "parse_treatment",
]


# --- parsing: see console.clinic.content_format -----------------------------------

# --- search -------------------------------------------------------------------------


@dataclass(frozen=True)
class SectionHit:
    """A section that answers a question, its score, and the best matching line."""

    section: Section
    score: float
    snippet: str


# Words that carry no topic in a caller's question. Question words are here too: they
# only count as part of a whole keyword phrase ("how long does it last").
_STOP_WORDS = (
    "a an and are as at be by can could do does did for from get go had has have how i "
    "if in into is it its me my of on or our should so that the their them then there "
    "these they this to was we what when where which who why will with would you your "
    "s t don doesn isn im ive id much many any some about"
)
_STOP = frozenset(_STOP_WORDS.split())
_WORD = re.compile(r"[a-z0-9]+")
_SUFFIXES = ("ings", "ing", "ed", "es", "s", "e")
_KEYWORD_WEIGHT, _TITLE_WEIGHT, _BODY_WEIGHT = 3.0, 2.0, 1.0
_PHRASE_BONUS = 1.5  # per word of a multi-word keyword found in the question
_KEEP_FRACTION = 0.3  # drop hits scoring under this share of the best one
_SNIPPET_CHARS = 160
_MARKUP = re.compile(r"\[([^\]]*)\]\([^)]*\)|[*_`]+")
_BULLET = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_SENTENCE = re.compile(r"(?<=[.!?])\s+")


def _stem(word: str) -> str:
    # A crude suffix strip, enough for "bruising"/"bruise" and "sessions"/"session";
    # rapidfuzz absorbs what it misses.
    if len(word) >= 5:
        for suffix in _SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= 3:
                return word[: -len(suffix)]
    return word


def _words(text: str) -> list[str]:
    return _WORD.findall(fold(text))


def _terms(text: str) -> list[str]:
    return [_stem(w) for w in _words(text) if w not in _STOP]


def _cutoff(term: str) -> float:
    # Short words must match exactly ("sun" is not "sum"); longer ones forgive a typo
    # or two ("ibuprofin", "aftrecare") without letting "price" reach "practice" or
    # "number" reach "numbing".
    if len(term) <= 3:
        return 100.0
    return 85.0 if len(term) == 4 else 82.0


def _plain(markdown_line: str) -> str:
    text = _BULLET.sub("", markdown_line)
    text = _MARKUP.sub(lambda m: m.group(1) or "", text)
    return " ".join(text.split())


def _units(body: str) -> list[str]:
    """Split a body into bullets and sentences, as plain text."""
    blocks: list[str] = []
    for line in body.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            blocks.append("")
        elif _BULLET.match(line) or not blocks or not blocks[-1]:
            blocks.append(line)
        else:
            blocks[-1] += " " + line.strip()  # a wrapped line continues its block
    units: list[str] = []
    for block in blocks:
        units.extend(s for s in _SENTENCE.split(_plain(block)) if s)
    return units


@dataclass(frozen=True)
class _Index:
    vocabulary: tuple[str, ...]
    postings: dict[str, tuple[tuple[int, float], ...]]  # term -> (section, weight x idf)
    phrases: tuple[tuple[str, int, int], ...]  # (normalised phrase, section, words)
    units: tuple[tuple[tuple[str, frozenset[str]], ...], ...]  # per section


@functools.lru_cache(maxsize=32)
def _index(treatment: Treatment) -> _Index:
    weights: list[dict[str, float]] = []
    phrases: list[tuple[str, int, int]] = []
    units = []
    for n, section in enumerate(treatment.sections):
        w: dict[str, float] = {}
        for term in _terms(section.body):
            w[term] = max(w.get(term, 0.0), _BODY_WEIGHT)
        for term in _terms(section.title):
            w[term] = max(w.get(term, 0.0), _TITLE_WEIGHT)
        for keyword in section.keywords:
            for term in _terms(keyword):
                w[term] = _KEYWORD_WEIGHT
            words = _words(keyword)
            if len(words) > 1:
                phrases.append((" ".join(words), n, len(words)))
        weights.append(w)
        units.append(tuple((u, frozenset(_terms(u))) for u in _units(section.body)))
    # Rarer terms say more: "ibuprofen" (one section) outweighs "sculptra" (many).
    count = max(len(weights), 1)
    df: dict[str, int] = {}
    for w in weights:
        for term in w:
            df[term] = df.get(term, 0) + 1
    postings = {
        term: tuple(
            (n, w[term] * math.log(1 + count / df[term]))
            for n, w in enumerate(weights)
            if term in w
        )
        for term in df
    }
    return _Index(tuple(sorted(df)), postings, tuple(phrases), tuple(units))


def _snippet(units: tuple[tuple[str, frozenset[str]], ...], matches: list[dict[str, float]]) -> str:
    best_text, best_score = (units[0][0] if units else ""), 0.0
    for text, terms in units:
        score = sum(max((s for t, s in m.items() if t in terms), default=0.0) for m in matches)
        if score > best_score:
            best_text, best_score = text, score
    if len(best_text) <= _SNIPPET_CHARS:
        return best_text
    cut = best_text[: _SNIPPET_CHARS - 1].rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:") + "…"


def search_sections(treatment: Treatment, question: str, limit: int = 3) -> list[SectionHit]:
    """The sections that best answer ``question``, best first; [] when nothing fits.

    Matches keywords, titles and body words, forgiving typos ("ibuprofin") and case or
    accents. Keywords weigh most; a whole keyword phrase found in the question
    ("how long does it last") adds a bonus.
    """
    if limit < 1 or not question or not question.strip():
        return []
    from rapidfuzz import fuzz, process  # here: only a question loads it, not every command

    index = _index(treatment)
    scores: dict[int, float] = {}
    matches: list[dict[str, float]] = []  # per question term: vocabulary term -> similarity
    for term in dict.fromkeys(_terms(question)):
        found = process.extract(
            term, index.vocabulary, scorer=fuzz.ratio, score_cutoff=_cutoff(term), limit=None
        )
        # A typo rarely hits the first letter, and allowing it lets "swell" find "well".
        # Long words are distinctive enough to forgive a stray first letter ("sibuprofen").
        similar = {
            c: sim / 100.0
            for c, sim, _ in found
            if c == term or c[0] == term[0] or (len(term) >= 7 and sim >= 90)
        }
        if not similar:
            continue
        matches.append(similar)
        best: dict[int, float] = {}
        for candidate, sim in similar.items():
            for n, weight in index.postings[candidate]:
                best[n] = max(best.get(n, 0.0), sim * weight)
        for n, value in best.items():
            scores[n] = scores.get(n, 0.0) + value

    words = _words(question)
    if len(words) > 1:
        padded = f" {' '.join(words)} "
        normalised = padded.strip()
        for phrase, n, size in index.phrases:
            if f" {phrase} " in padded:
                similarity = 1.0
            else:
                similarity = fuzz.ratio(normalised, phrase, score_cutoff=88.0) / 100.0
            if similarity:
                scores[n] = scores.get(n, 0.0) + _PHRASE_BONUS * size * similarity

    if not scores:
        return []
    top = max(scores.values())
    ranked = sorted(
        ((n, s) for n, s in scores.items() if s >= top * _KEEP_FRACTION),
        key=lambda item: (-item[1], item[0]),  # ties keep document order
    )[:limit]
    return [
        SectionHit(treatment.sections[n], round(s, 3), _snippet(index.units[n], matches))
        for n, s in ranked
    ]
