"""Answering a caller's question: the sentences of the content that answer it, in their
section, or an honest "the clinic's information does not cover this".

Every section and every not-covered topic is a small bag of weighted terms: the words
callers use for it weigh most, then its title, then the words of its own statements,
each weighed by how rare it is across the content. Words that carry no topic ("how",
"long", "take", "need") are dropped before matching, so "how long does the bruising
last" is about bruising, not about what lasts. A question that reaches no section well
enough, or reaches a not-covered topic first, gets the not-covered answer rather than a
confident wrong section.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import snowballstemmer
from rapidfuzz import fuzz, process

from console.clinic.content import Section, Statement, Topic, Treatment
from console.clinic.text import fold

#: What is said when nothing in the content answers and no topic names why.
NOTHING = (
    "Nothing in the clinic's information answers this; it is a question for the clinic's provider."
)

# Words that say nothing about the topic of a caller's question: question words, helper
# verbs, pronouns, fillers of phone speech and verbs as vague as "take", "get", "last".
_STOP_WORDS = """
    a about again all also am an and any anything are as ask at be been else
    being but by can cant could d did do does doing don done dont each even ever for from
    get gets getting go goes going got gonna had has have having he her here hey hi him
    his how i id if ill im in into is isnt it its ive just keep kind know let like little lot bit
    ll m may maybe me might more most much must my need needs no not now of off
    ok okay on one or other our out over please pretty put r re really s say says see
    she should so some something soon still such sure t tell than thank
    thanks that thats the their them then there these they thing things think this those
    to too u um uh up ur us use used using ve very want wanna wants was way we well were
    what whats when where which while who why will with wondering would yeah yes you your
    youre yours actually
    caller callers asking asks wants wanted wondering friend friends mom mother sister
    daughter question questions
"""
_STOP = frozenset(_STOP_WORDS.split())
# Words that ask about a topic only when nothing else in the question does: "how long
# does it last" is about results, "how long does the bruising last" about bruising.
_WEAK_WORDS = (
    "long last lasts lasting take takes taking need needs time times duration recommend "
    "after afterwards before"
)
_WEAK_FACTOR = 0.35
_WORD = re.compile(r"[a-z0-9]+")
_APOSTROPHES = str.maketrans({"’": "", "'": "", "‘": ""})

_CALLER_WEIGHT = 3.0  # a word callers use for this section or statement
_TITLE_WEIGHT = 2.0
_TEXT_WEIGHT = 0.6  # a word of the statement's own text
_PHRASE_BONUS = 2.0  # per word of a multi-word caller phrase found whole
_MIN_SCORE = 3.0  # under this, nothing answers
_TOPIC_SHARE = 0.85  # a not-covered topic scoring this share of the best section wins
_NEAR_SHARE = 0.3  # another section is offered when it scores this share of the best
_NEAR_TOPIC_SHARE = 0.5  # the same, beside a not-covered answer
_OTHER_TREATMENT = 0.5  # a section of a treatment the caller did not name, when one was
_SECOND_SENTENCE = 0.75  # a second sentence is shown when it scores this share of the first
_FUZZY_MIN_LEN = 5
_LOOSE_SHARE = 0.75  # a phrase said with a word slipped in earns this share of its bonus


_stemmer = snowballstemmer.stemmer("english")


@functools.lru_cache(maxsize=8192)
def _stem(word: str) -> str:
    return str(_stemmer.stemWord(word))


# What a receptionist types in a hurry, or a caller's texting shorthand, in full.
_SHORTHAND = {
    "appt": "appointment",
    "appts": "appointments",
    "apt": "appointment",
    "wk": "week",
    "wks": "weeks",
    "hr": "hour",
    "hrs": "hours",
    "mo": "month",
    "mos": "months",
    "yr": "year",
    "yrs": "years",
    "tx": "treatment",
    "txs": "treatments",
    "pt": "patient",
    "b4": "before",
    "abt": "about",
    "bc": "because",
    "meds": "medicines",
    "tmrw": "tomorrow",
    "info": "information",
    "dr": "doctor",
    "drs": "doctors",
    "mon": "monday",
    "tue": "tuesday",
    "tues": "tuesday",
    "thu": "thursday",
    "thur": "thursday",
    "thurs": "thursday",
    "fri": "friday",
    "sat": "saturday",
}


def _words(text: str) -> list[str]:
    # Apostrophes go first, so "don't" is one word ("dont") rather than "don" and "t".
    words = _WORD.findall(fold(text).translate(_APOSTROPHES))
    return [_SHORTHAND.get(w, w) for w in words]


def _terms(text: str) -> list[str]:
    return [_stem(w) for w in _said(text)]


def _said(text: str) -> list[str]:
    """The words of ``text`` that may carry its topic ("seeing" goes with "see")."""
    return [w for w in _words(text) if w not in _STOP and _stem(w) not in _STOP]


_WEAK = frozenset(_stem(w) for w in _WEAK_WORDS.split())


def _spoken(text: str) -> str:
    """Every word stemmed, stop words kept, padded: " how much is " finds a phrase whole."""
    return " " + " ".join(_stem(w) for w in _words(text)) + " "


def _squeeze(word: str) -> str:
    """``word`` with every run of one letter made single: "lipps" and "lips" meet."""
    return re.sub(r"(.)\1+", r"\1", word)


def _loosely(phrase: str, spoken: str) -> bool:
    """Whether ``phrase``'s words come in order in ``spoken``, one other word at most between."""
    wanted, said = phrase.split(), spoken.split()
    for start, word in enumerate(said):
        if word != wanted[0]:
            continue
        at = start
        for next_word in wanted[1:]:
            if said[at + 1 : at + 2] == [next_word]:
                at += 1
            elif said[at + 2 : at + 3] == [next_word]:
                at += 2
            else:
                break
        else:
            return True
    return False


#: Per question term: the vocabulary terms it stands for (with a similarity), and its weight.
_Matches = list[tuple[tuple[tuple[str, float], ...], float]]


@dataclass(frozen=True)
class Hit:
    """A section that answers, how well, and which of its statements say it."""

    treatment: Treatment
    section: Section
    score: float
    #: Indexes into ``section.statements`` of the answering ones, best first.
    statements: tuple[int, ...]

    @property
    def sentences(self) -> tuple[Statement, ...]:
        """The answering statements, best first."""
        return tuple(self.section.statements[i] for i in self.statements)

    @property
    def where(self) -> str:
        """``Sculptra › Preparation``."""
        return f"{self.treatment.name} › {self.section.title}"


@dataclass(frozen=True)
class Reply:
    """The answer to one question: the best section, or the topic it is not covered by."""

    question: str
    #: Best first. When ``topic`` is set these are only the nearest sections.
    hits: tuple[Hit, ...]
    topic: Topic | None
    #: How sure the first hit is, 0 to 1.
    confidence: float

    @property
    def answered(self) -> bool:
        """True when a section answers (rather than "not covered")."""
        return bool(self.hits) and self.topic is None

    @property
    def best(self) -> Hit | None:
        """The answering section, None when not covered."""
        return self.hits[0] if self.answered else None

    @property
    def alternatives(self) -> tuple[Hit, ...]:
        """The other sections worth offering."""
        return self.hits[1:] if self.answered else self.hits

    @property
    def message(self) -> str:
        """The not-covered sentence ("" when answered)."""
        if self.answered:
            return ""
        return self.topic.message if self.topic else NOTHING

    def confidence_of(self, hit: Hit) -> float:
        """``hit``'s confidence on the answer's 0..1 scale: never above the answer's own."""
        first = self.hits[0].score if self.hits else 0.0
        return self.confidence * min(hit.score / first, 1.0) if first > 0 else 0.0


#: Reply.confidence at or above which a match is called good, or possible.
GOOD_MATCH, POSSIBLE_MATCH = 0.6, 0.3


def match_word(confidence: float) -> str:
    """How sure an answer is, in words a receptionist reads at a glance."""
    if confidence >= GOOD_MATCH:
        return "good match"
    if confidence >= POSSIBLE_MATCH:
        return "possible match"
    return "weak match"


@dataclass
class _Bag:
    """The weighted terms and whole phrases of one section, statement or topic."""

    weights: dict[str, float]
    #: Multi-word caller phrases: their terms, and all their words stemmed, in order.
    phrases: list[tuple[frozenset[str], str]]

    def add(self, text: str, weight: float) -> None:
        for term in _terms(text):
            if weight > self.weights.get(term, 0.0):
                self.weights[term] = weight

    def add_caller(self, phrases: Iterable[str]) -> None:
        for phrase in phrases:
            terms = _terms(phrase)
            single = len(_words(phrase)) == 1
            for term in terms:
                # A word of a longer phrase counts for less on its own: "side" of "side
                # effects", "look" of "what would I be looking at".
                weight = _CALLER_WEIGHT if single else _CALLER_WEIGHT / 2
                if weight > self.weights.get(term, 0.0):
                    self.weights[term] = weight
            spoken = _spoken(phrase)
            if len(set(terms)) > 1 or spoken.count(" ") > 2:
                self.phrases.append((frozenset(terms), spoken))


def _bag() -> _Bag:
    return _Bag({}, [])


@dataclass(frozen=True)
class _Unit:
    """A section (or a topic) the engine can land on."""

    document: int  # index into the documents, -1 for a topic
    index: int  # section index in its document, or topic index
    bag: _Bag
    statements: tuple[_Bag, ...]


def _texts(documents: Sequence[Treatment], topics: Sequence[Topic]) -> Iterable[str]:
    """Every text the engine indexes, for the spellings that typos are compared with."""
    for document in documents:
        for section in document.sections:
            yield section.title
            yield from section.words
            for statement in section.statements:
                yield statement.text
                yield from statement.words
    for topic in topics:
        yield from topic.words


class Answers:
    """The answer engine over some documents (the clinic's facts, treatments) and topics."""

    def __init__(self, documents: Sequence[Treatment], topics: Sequence[Topic]) -> None:
        self.documents = tuple(documents)
        self.topics = tuple(topics)
        units: list[_Unit] = []
        for d, document in enumerate(self.documents):
            for s, section in enumerate(document.sections):
                bag = _bag()
                statements = []
                for statement in section.statements:
                    own = _bag()
                    own.add(statement.text, _TEXT_WEIGHT)
                    own.add_caller(statement.words)
                    statements.append(own)
                    bag.add(statement.text, _TEXT_WEIGHT)
                    bag.add_caller(statement.words)
                bag.add(section.title, _TITLE_WEIGHT)
                bag.add_caller(section.words)
                units.append(_Unit(d, s, bag, tuple(statements)))
        for t, topic in enumerate(self.topics):
            bag = _bag()
            bag.add_caller(topic.words)
            units.append(_Unit(-1, t, bag, ()))
        self._units = tuple(units)
        df: dict[str, int] = {}
        for unit in units:
            for term in unit.bag.weights:
                df[term] = df.get(term, 0) + 1
        count = max(len(units), 1)
        # Rarer terms say more: "ibuprofen" (one section) outweighs "sculptra" (many).
        self._idf = {term: math.log(1 + count / n) for term, n in df.items()}
        self._vocabulary = tuple(sorted(df))
        spellings: dict[str, str] = {}
        for text in _texts(self.documents, self.topics):
            for word in _words(text):
                if word not in _STOP and _stem(word) in df:
                    spellings.setdefault(word, _stem(word))
        self._spellings = tuple(sorted(spellings))
        self._spelling_terms = spellings
        # "lipps", "bruisse": a doubled or undoubled letter is the commonest slip of all.
        self._squeezed = {_squeeze(w): t for w, t in spellings.items()}
        self._section_terms = frozenset(
            term for unit in units if unit.document >= 0 for term in unit.bag.weights
        )
        # A treatment's name says which treatment, not what about it: "is sculptra safe"
        # is about safety, whichever section happens to say "Sculptra" most.
        # Its caller words count as names one word at a time: "sculptra injections" makes
        # "sculptra" a name, never "injections".
        self._names = [
            frozenset(
                t
                for w in (document.name, document.key, *document.words)
                if len(_words(w)) == 1 or w in (document.name, document.key)
                for t in _terms(w)
            )
            if document.key != "clinic"
            else frozenset()
            for document in self.documents
        ]

    # -- matching ---------------------------------------------------------------------

    @functools.lru_cache(maxsize=2048)  # noqa: B019  (one engine per desk)
    def _named(self, word: str) -> frozenset[int]:
        """The documents ``word`` names, misspelt or not ("skulptra")."""
        term = _stem(word)
        return frozenset(
            d
            for d, names in enumerate(self._names)
            if term in names
            or (len(word) >= _FUZZY_MIN_LEN and any(fuzz.ratio(word, n) >= 80 for n in names))
        )

    @functools.lru_cache(maxsize=4096)  # noqa: B019  (one engine per desk)
    def _similar(self, word: str, last: bool) -> tuple[tuple[str, float], ...]:
        """Vocabulary terms the caller's ``word`` stands for, with a similarity (1.0 = same)."""
        term = _stem(word)
        if term in self._idf:
            return ((term, 1.0),)
        found: list[tuple[str, float]] = []
        squeezed = self._squeezed.get(_squeeze(word))
        if squeezed is not None:
            found.append((squeezed, 0.95))
        if last and len(term) >= 4:
            # Still being typed: "advi" is on its way to "advil".
            found.extend((v, 0.9) for v in self._vocabulary if v.startswith(term))
        if len(word) >= _FUZZY_MIN_LEN:
            # Spelling mistakes are compared whole, before stemming cuts them differently
            # ("tylenal" stems to "tylen", "tylenol" stays).
            # One slip in five letters is another word ("stick" is not "sick").
            cutoff = 84.0 if len(word) > _FUZZY_MIN_LEN else 90.0
            for candidate, sim, _ in process.extract(
                word, self._spellings, scorer=fuzz.ratio, score_cutoff=cutoff, limit=5
            ):
                # A typo rarely hits the first letter; allowing it lets "swell" find "well".
                if candidate[0] == word[0]:
                    found.append((self._spelling_terms[candidate], sim / 100.0 * 0.95))
        best: dict[str, float] = {}
        for candidate, sim in found:
            best[candidate] = max(best.get(candidate, 0.0), sim)
        return tuple(best.items())

    def _score(self, bag: _Bag, matches: _Matches, spoken: str) -> float:
        score = 0.0
        present: dict[str, float] = {}  # matched term -> the weight of the word it matched
        for similar, factor in matches:
            best = 0.0
            for term, sim in similar:
                weight = bag.weights.get(term)
                if weight:
                    best = max(best, sim * weight * self._idf[term])
                    present[term] = max(present.get(term, 0.0), factor)
            score += best * factor
        for terms, phrase in bag.phrases:
            if phrase in spoken:
                # Said word for word ("how much is", "made of"): the strongest sign.
                score += _PHRASE_BONUS * phrase.count(" ") - _PHRASE_BONUS
            elif phrase.split(" ", 2)[1] in spoken and _loosely(phrase, spoken):
                # Said with a word slipped in: "who actually does the injecting".
                score += (_PHRASE_BONUS * phrase.count(" ") - _PHRASE_BONUS) * _LOOSE_SHARE
            elif len(terms) > 1 and terms <= present.keys():
                # A phrase of weak words ("how long ... last") is as weak as its words.
                score += _PHRASE_BONUS * sum(present[t] for t in terms)
        return score

    # -- asking -----------------------------------------------------------------------

    def ask(self, question: str, *, only: str | None = None, limit: int = 3) -> Reply:
        """Answer ``question``; ``only`` (a treatment key) keeps to it and the clinic's facts."""
        said = list(dict.fromkeys(_said(question)))
        named: set[int] = set()
        for word in said:
            named |= self._named(word)
        said = [w for w in said if not self._named(w)]
        ends_open = bool(question) and not question[-1].isspace()
        matches = [
            (similar, _WEAK_FACTOR if _stem(word) in _WEAK else 1.0)
            for n, word in enumerate(said)
            if (similar := self._similar(word, ends_open and n == len(said) - 1))
        ]
        spoken = _spoken(question)
        scored: list[tuple[float, _Unit]] = []
        for unit in self._units:
            if unit.document >= 0:
                document = self.documents[unit.document]
                if only is not None and document.key not in (only, "clinic"):
                    continue
            score = self._score(unit.bag, matches, spoken)
            if (
                score
                and named
                and unit.document >= 0
                and unit.document not in named
                and self.documents[unit.document].key != "clinic"
            ):
                score *= _OTHER_TREATMENT
            if score:
                scored.append((score, unit))
        scored.sort(key=lambda item: -item[0])
        if not scored or scored[0][0] < _MIN_SCORE:
            return self._about(question, named, only)
        top = scored[0][0]
        topics = [(s, u) for s, u in scored if u.document < 0]
        sections = [(s, u) for s, u in scored if u.document >= 0]
        topic = None
        if topics and (
            not sections
            or topics[0][0] >= top * _TOPIC_SHARE
            or self._unexplained(topics[0][1], sections[0][1], matches) >= _MIN_SCORE
        ):
            # Close to a topic the content does not cover, or naming one ("Thanksgiving",
            # "Tylenol") that the best section says nothing about: an honest "not covered"
            # beats a section that only shares the rest of the question's words.
            topic = self.topics[topics[0][1].index]
        near = top * (_NEAR_TOPIC_SHARE if topic else _NEAR_SHARE)
        hits = tuple(
            self._hit(s, u, matches, spoken)
            for n, (s, u) in enumerate(sections[:limit])
            if (n == 0 and not topic) or s >= max(near, _MIN_SCORE)
        )
        lead = topics[0][0] if topic else sections[0][0]
        rest = [s for s, _ in scored if s != lead] or [0.0]
        confidence = (1 - math.exp(-lead / 6)) * (0.5 + 0.5 * max(lead - max(rest), 0.0) / lead)
        return Reply(question, hits, topic, round(confidence, 3))

    def _unexplained(self, topic: _Unit, section: _Unit, matches: _Matches) -> float:
        """How much of ``topic``'s score comes from its own words that no section has.

        Only a topic's single-word caller words count ("tylenol", "thanksgiving"), not the
        parts of its phrases ("lot" of "parking lot") nor words some section also uses.
        """
        score = 0.0
        for similar, factor in matches:
            if factor < 1.0 or any(t in section.bag.weights for t, _ in similar):
                continue
            score += max(
                (
                    sim * self._idf[t] * _CALLER_WEIGHT
                    for t, sim in similar
                    if t not in self._section_terms and topic.bag.weights.get(t) == _CALLER_WEIGHT
                ),
                default=0.0,
            )
        return score

    def _about(self, question: str, named: set[int], only: str | None) -> Reply:
        """A question that only names a treatment ("what is sculptra?") gets its first section."""
        for d in sorted(named):
            document = self.documents[d]
            if document.sections and only in (None, document.key):
                hit = Hit(document, document.sections[0], _MIN_SCORE, (0,))
                return Reply(question, (hit,), None, 0.5)
        return Reply(question, (), None, 0.0)

    def _hit(self, score: float, unit: _Unit, matches: _Matches, spoken: str) -> Hit:
        document = self.documents[unit.document]
        section = document.sections[unit.index]
        ranked = sorted(
            ((self._score(bag, matches, spoken), n) for n, bag in enumerate(unit.statements)),
            key=lambda item: (-item[0], item[1]),
        )
        chosen: tuple[int, ...] = (0,) if section.statements else ()
        if ranked and ranked[0][0] > 0:
            chosen = (ranked[0][1],)
            if len(ranked) > 1 and ranked[1][0] >= ranked[0][0] * _SECOND_SENTENCE:
                chosen += (ranked[1][1],)
        return Hit(document, section, round(score, 3), chosen)


@functools.lru_cache(maxsize=8)
def engine(documents: tuple[Treatment, ...], topics: tuple[Topic, ...]) -> Answers:
    """The engine over ``documents`` and ``topics``, built once per content.

    Every desk on the same content (each console, each test) shares one: building it
    reads every statement, which is worth doing once per process.
    """
    return Answers(documents, topics)
