"""Treatment content (Sculptra first) and the search that answers a caller's question.

The content is Markdown split into ``## Title {#id}`` sections plus a little structured
data (regimen, pre-treatment questions). This module only parses and searches what it
is given; reading the files is the loader's job (``console.shipped``).
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz, process

from console.clinic.content import (
    Question,
    Regimen,
    Section,
    Statement,
    Topic,
    Treatment,
)
from console.clinic.errors import InvalidInput
from console.clinic.text import fold

__all__ = ["Question", "Regimen", "Section", "Statement", "Topic", "Treatment"]


# --- parsing ------------------------------------------------------------------------

_TITLE = re.compile(r"^#[ \t]+(?P<title>.+?)[ \t]*#*[ \t]*$")
_SECTION = re.compile(r"^##[ \t]+(?P<title>.+?)(?:[ \t]+\{#(?P<id>[^}\s]+)\})?[ \t]*$")
_SLUG = re.compile(r"[^a-z0-9]+")
_FENCE = re.compile(r"^(```|~~~)")


def _slug(title: str) -> str:
    return _SLUG.sub("-", fold(title)).strip("-")


def _strings(meta: Mapping[str, Any], name: str, label: str | None = None) -> tuple[str, ...]:
    value = meta.get(name) or []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InvalidInput(f"The treatment field {label or name!r} must be a list of text.", name)
    return tuple(value)


def _regimen(value: Any) -> Regimen | None:
    if value is None:
        return None
    try:
        regimen = Regimen(
            sessions=int(value["sessions"]),
            interval_days_min=int(value["interval_days_min"]),
            interval_days_max=int(value["interval_days_max"]),
            span=str(value.get("span", "")),
            note=str(value.get("note", "")),
        )
    except (KeyError, TypeError, ValueError, AttributeError) as err:
        raise InvalidInput(f"The treatment regimen is incomplete or not numeric ({err}).") from err
    if not 0 < regimen.interval_days_min <= regimen.interval_days_max or regimen.sessions < 1:
        raise InvalidInput("The treatment regimen has an impossible session count or interval.")
    return regimen


def _questions(value: Any) -> tuple[Question, ...]:
    try:
        return tuple(
            Question(
                id=str(q["id"]),
                question=str(q["question"]),
                flag_answer=str(q.get("flag_answer", "yes")),
                why=str(q.get("why", "")),
                adds=_adds(q.get("adds")),
            )
            for q in value or []
        )
    except (KeyError, TypeError, AttributeError) as err:
        raise InvalidInput(f"A pre-treatment question is missing its id or text ({err}).") from err


def _adds(value: Any) -> str | None:
    if value is None:
        return None
    if value not in ("allergies", "conditions"):
        raise InvalidInput(
            f'A pre-treatment question\'s "adds" is {value!r}; use allergies or conditions.'
        )
    return str(value)


def parse_treatment(meta: Mapping[str, Any], markdown: str) -> Treatment:
    """Build a Treatment from its JSON data and its Markdown content.

    The Markdown starts with ``# Name``; the text up to the first ``##`` heading is the
    summary. Each ``## Title {#id}`` heading opens a section (a heading without an id
    gets one made from its title). Raises InvalidInput when the data does not fit.
    """
    if not isinstance(meta, Mapping) or not isinstance(meta.get("key"), str) or not meta["key"]:
        raise InvalidInput("The treatment data has no text 'key'.", "key")
    title = ""
    summary: list[str] = []
    found: list[tuple[str, str, list[str]]] = []  # (id, title, body lines)
    in_fence = False
    for line in markdown.splitlines():
        # A '#' inside a fenced code block is not a heading.
        if _FENCE.match(line.lstrip()):
            in_fence = not in_fence
        heading = None if in_fence else _SECTION.match(line)
        if heading:
            sid = heading["id"] or _slug(heading["title"])
            found.append((sid, heading["title"], []))
        elif found:
            found[-1][2].append(line)
        elif not title and not in_fence and (top := _TITLE.match(line)):
            title = top["title"]
        else:
            summary.append(line)

    ids = [sid for sid, _, _ in found]
    duplicates = sorted({sid for sid in ids if ids.count(sid) > 1})
    if duplicates:
        raise InvalidInput(f"The treatment content repeats section ids: {', '.join(duplicates)}.")
    keywords = meta.get("keywords") or {}
    if not isinstance(keywords, Mapping):
        raise InvalidInput("The treatment keywords must map section ids to lists.", "keywords")
    unknown = sorted(set(keywords) - set(ids))
    if unknown:
        # Most likely a typo in the JSON: those words would silently never match.
        raise InvalidInput(f"Keywords name sections that do not exist: {', '.join(unknown)}.")
    sections = []
    for sid, heading_title, body in found:
        words = _strings(keywords, sid, f"keywords.{sid}")
        units = _units("\n".join(body).strip())
        sections.append(Section(sid, heading_title, tuple(Statement(u) for u in units), words))

    appointment_type = meta.get("appointment_type")
    return Treatment(
        key=meta["key"],
        name=str(meta.get("name") or title or meta["key"]),
        intro=tuple(Statement(u) for u in _units("\n".join(summary).strip())),
        sections=tuple(sections),
        regimen=_regimen(meta.get("regimen")),
        questions=_questions(meta.get("pre_treatment_questions")),
        aftercare_sheet=tuple(Statement(t) for t in _strings(meta, "aftercare")),
        side_effects=_strings(meta, "expected_side_effects"),
        call_script=tuple(Statement(t) for t in _strings(meta, "confirmation_call")),
        appointment_type=str(appointment_type) if appointment_type else None,
    )


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
