"""The treatment content file format: parsing it into the model, and checking its quotes.

One UTF-8 file per treatment (``<key>.md``), the clinic's facts (``clinic.md``) and the
not-covered topics (``not-covered.md``); the README's "Treatment content" section shows
the format. Every problem is one sentence naming the file and the line, raised as
:class:`InvalidInput`. Reading the files is the loader's job (``console.shipped``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from console.clinic.content import Question, Regimen, Section, Statement, Topic, Treatment
from console.clinic.errors import InvalidInput
from console.clinic.text import first_unsafe

#: Section ids with a meaning of their own: not viewer sections.
QUESTIONS, AFTERCARE_SHEET, CALL_SCRIPT = "questions", "aftercare-sheet", "call-script"
SPECIAL_SECTIONS = (QUESTIONS, AFTERCARE_SHEET, CALL_SCRIPT)
#: Section ids nobody may use: the special ones, and the viewer's own "overview".
RESERVED_SECTION_IDS = (*SPECIAL_SECTIONS, "overview")
#: The key of the clinic's own facts; no treatment may take it.
CLINIC_KEY = "clinic"
RESERVED_KEYS = (CLINIC_KEY, "not-covered")

HEADER_KEYS = (
    "key",
    "appointment type",
    "source",
    "callers say",
    "sessions",
    "days between sessions",
    "course",
    "regimen note",
    "regimen source",
    "side effects",
    "side effects source",
)
#: The sub-keys a statement, question or topic bullet may carry.
STATEMENT_KEYS = ("source", "callers say")
QUESTION_KEYS = ("flag", "why", "adds", "source")
TOPIC_KEYS = ("callers say",)
#: Every line that holds a quote of the source, whatever it belongs to.
QUOTE_KEYS = ("source", "regimen source", "side effects source")

_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")
_TITLE = re.compile(r"^#[ \t]+(?P<title>\S.*?)[ \t]*$")
# The id stops at the next brace: with ``[^}]*`` a line of many `` {#`` took quadratic time
# (a planted 500 KB line held the console's start for minutes).
_SECTION = re.compile(r"^##[ \t]+(?P<title>.+?)(?:[ \t]+\{#(?P<id>[^{}]*)\})?[ \t]*$")
# A key line: one to three lowercase words, a colon, then the value ("callers say: ...").
_KEY_LINE = re.compile(r"^(?P<key>[a-z]+(?: [a-z]+){0,2}):(?:[ \t]+(?P<value>.*))?$")
_BULLET = re.compile(r"^-[ \t]+(?P<text>.*)$")
_ITEM = re.compile(r"^(?P<id>[^\s:]+):[ \t]+(?P<text>.+)$")
_DAYS = re.compile(r"^(?P<lo>\d{1,3})[ \t]*-[ \t]*(?P<hi>\d{1,3})$")
_MAX_LINES = 5000

# What the quote check forgives: typographic quotes, apostrophes and dashes, and spacing.
_FOLD = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2033": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\u00a0": " ",
    }
)
_SPACES = re.compile(r"\s+")


def fold_quote(text: str) -> str:
    """``text`` with curly quotes, apostrophes and dashes made plain and spacing collapsed."""
    return _SPACES.sub(" ", text.translate(_FOLD)).strip()


# --- reading lines ------------------------------------------------------------------


def _lines(text: str, path: str) -> list[str]:
    text = text.removeprefix("\ufeff")
    lines = text.split("\n")
    if len(lines) > _MAX_LINES:
        raise InvalidInput(
            f"{path} line {_MAX_LINES + 1}: the file is longer than any content file should be."
        )
    clean = []
    for n, line in enumerate(lines, 1):
        line = line.removesuffix("\r")  # a file saved on Windows
        # None belongs in content shown to a receptionist, and some could act on a terminal.
        bad = first_unsafe(line)
        if bad:
            raise InvalidInput(
                f"{path} line {n}: it holds a control character (U+{ord(bad):04X}), "
                "which content may not contain."
            )
        clean.append(line.rstrip())
    return clean


def _fail(path: str, line: int, sentence: str) -> InvalidInput:
    return InvalidInput(f"{path} line {line}: {sentence}")


def _words(value: str) -> tuple[str, ...]:
    return tuple(w.strip() for w in value.split(",") if w.strip())


def _key_line(line: str) -> tuple[str, str] | None:
    match = _KEY_LINE.match(line)
    if not match:
        return None
    return match["key"], (match["value"] or "").strip()


# --- items: bullets with their sub-keys ---------------------------------------------


@dataclass
class _Item:
    """A bullet (or an intro paragraph) being read: its text and its sub-keys."""

    line: int
    text: str
    ident: str = ""
    keys: dict[str, list[str]] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)  # key -> the line it was given on
    last: str = "text"  # where a wrapped line continues

    def add(self, key: str, value: str, line: int = 0) -> None:
        self.keys.setdefault(key, []).append(value)
        self.lines[key] = line
        self.last = key

    def at(self, key: str) -> int:
        """The line of ``key`` (the bullet's line when it was not given)."""
        return self.lines.get(key) or self.line

    def wrap(self, value: str) -> None:
        if self.last == "text":
            self.text = f"{self.text} {value}"
        else:
            self.keys[self.last][-1] = f"{self.keys[self.last][-1]} {value}"

    def one(self, key: str) -> str:
        return self.keys.get(key, [""])[-1]

    def many(self, key: str) -> tuple[str, ...]:
        return tuple(v for v in self.keys.get(key, ()) if v)

    def words(self) -> tuple[str, ...]:
        return tuple(w for value in self.keys.get("callers say", ()) for w in _words(value))


def _items(
    lines: list[tuple[int, str]], path: str, allowed: tuple[str, ...], *, ids: bool
) -> tuple[tuple[str, ...], list[_Item]]:
    """The bullets of a block, and the block's own ``callers say`` words (before any bullet).

    ``ids``: each bullet starts ``id: text`` (questions, topics).
    """
    words: list[str] = []
    items: list[_Item] = []
    for n, raw in lines:
        if not raw.strip():
            continue
        bullet = _BULLET.match(raw)
        if bullet:
            text = bullet["text"].strip()
            ident = ""
            if ids:
                item = _ITEM.match(text)
                if not item:
                    raise _fail(
                        path, n, "this bullet needs an id, a colon and its text (`- id: text`)."
                    )
                ident, text = item["id"], item["text"].strip()
                if not _ID.match(ident):
                    raise _fail(
                        path, n, f"the id {ident!r} must be lowercase letters, digits, - or _."
                    )
                if any(i.ident == ident for i in items):
                    raise _fail(path, n, f"the id {ident!r} is used twice in this part.")
            if not text:
                raise _fail(path, n, "this bullet has no text.")
            items.append(_Item(n, text, ident))
            continue
        indented = raw[:1] in (" ", "\t")
        key = _key_line(raw.strip())
        if not items:
            if key and key[0] == "callers say" and not indented:
                words.extend(_words(key[1]))
                continue
            raise _fail(path, n, "text here must be a bullet (`- ...`) or a `callers say:` line.")
        if not indented:
            raise _fail(path, n, "a bullet's continuation and its keys must be indented.")
        if key:
            name, value = key
            if name not in allowed:
                raise _fail(
                    path, n, f"unknown key {name!r} here; the keys are: {', '.join(allowed)}."
                )
            if not value:
                raise _fail(path, n, f"the key {name!r} has no value.")
            items[-1].add(name, value, n)
        else:
            items[-1].wrap(raw.strip())
    return tuple(words), items


def _sourced(item: _Item, path: str) -> tuple[str, ...]:
    sources = item.many("source")
    if not sources:
        raise _fail(path, item.line, "this statement has no `source:` line quoting the source.")
    return sources


def _statement(item: _Item, path: str) -> Statement:
    return Statement(item.text, _sourced(item, path), item.words(), item.line)


def _question(item: _Item, path: str) -> Question:
    flag = item.one("flag") or "yes"
    if flag not in ("yes", "no"):
        raise _fail(path, item.at("flag"), f"the question's flag is {flag!r}; use yes or no.")
    adds = item.one("adds") or None
    if adds not in (None, "allergies", "conditions"):
        raise _fail(
            path, item.at("adds"), f"the question's adds is {adds!r}; use allergies or conditions."
        )
    why = item.one("why")
    if not why:
        raise _fail(path, item.line, "the question needs a `why:` line for the provider.")
    return Question(item.ident, item.text, flag, why, adds, _sourced(item, path), item.line)


# --- treatments ---------------------------------------------------------------------


def _split(
    lines: list[str], path: str
) -> tuple[str, list[tuple[int, str]], list[tuple[int, str, str, list[tuple[int, str]]]]]:
    """The title, the lines before the first section, and each section's lines."""
    numbered = list(enumerate(lines, 1))
    start = next((i for i, (_, line) in enumerate(numbered) if line.strip()), None)
    if start is None:
        raise InvalidInput(f"{path} line 1: the file is empty; it must start with `# <name>`.")
    n, first = numbered[start]
    top = _TITLE.match(first)
    if not top or first.startswith("##"):
        raise _fail(path, n, "the file must start with the title line `# <name>`.")
    head: list[tuple[int, str]] = []
    sections: list[tuple[int, str, str, list[tuple[int, str]]]] = []
    for n, line in numbered[start + 1 :]:
        if line.startswith("#"):
            heading = _SECTION.match(line)
            if not heading or line.startswith("###"):
                raise _fail(
                    path, n, "only one `# <name>` title and `## Title {#id}` sections are allowed."
                )
            sid = heading["id"]
            if sid is None:
                raise _fail(
                    path, n, "the section needs an id after its title, like `{#preparation}`."
                )
            if not _ID.match(sid):
                raise _fail(
                    path, n, f"the section id {sid!r} must be lowercase letters, digits, - or _."
                )
            if any(s[1] == sid for s in sections):
                raise _fail(path, n, f"the section id {sid!r} is used twice.")
            sections.append((n, sid, heading["title"].strip(), []))
        elif sections:
            sections[-1][3].append((n, line))
        else:
            head.append((n, line))
    return top["title"].strip(), head, sections


def _header(
    head: list[tuple[int, str]], path: str
) -> tuple[dict[str, list[tuple[int, str]]], list[tuple[int, str]]]:
    """The ``key: value`` lines right under the title, and the intro lines after them."""
    values: dict[str, list[tuple[int, str]]] = {}
    rest = list(head)
    while rest and not rest[0][1].strip():
        rest.pop(0)
    while rest and rest[0][1].strip():
        n, line = rest[0]
        key = _key_line(line)
        if key is None:
            break
        name, value = key
        if name not in HEADER_KEYS:
            raise _fail(path, n, f"unknown key {name!r}; the keys are: {', '.join(HEADER_KEYS)}.")
        if not value:
            raise _fail(path, n, f"the key {name!r} has no value.")
        if name not in ("callers say", "regimen source", "side effects source") and name in values:
            raise _fail(path, n, f"the key {name!r} is given twice.")
        values.setdefault(name, []).append((n, value))
        rest.pop(0)
    return values, rest


def _intro(lines: list[tuple[int, str]], path: str) -> tuple[Statement, ...]:
    """Intro paragraphs: text lines, then their ``source:`` (and ``callers say:``) lines."""
    items: list[_Item] = []
    current: _Item | None = None
    for n, raw in lines:
        line = raw.strip()
        if not line:
            current = None
            continue
        key = _key_line(line)
        if key and current is not None:
            name, value = key
            if name not in STATEMENT_KEYS:
                raise _fail(
                    path,
                    n,
                    f"unknown key {name!r} here; the keys are: {', '.join(STATEMENT_KEYS)}.",
                )
            if not value:
                raise _fail(path, n, f"the key {name!r} has no value.")
            current.add(name, value, n)
        elif key and current is None and key[0] in HEADER_KEYS + STATEMENT_KEYS:
            raise _fail(
                path,
                n,
                f"the key {key[0]!r} is out of place: header keys go right under the title.",
            )
        elif _BULLET.match(line):
            raise _fail(
                path, n, "bullets belong in a `## Title {#id}` section, not the introduction."
            )
        elif current is None or current.last != "text":
            current = _Item(n, line)
            items.append(current)
        else:
            current.wrap(line)
    return tuple(_statement(item, path) for item in items)


def _int(values: dict[str, list[tuple[int, str]]], name: str, path: str) -> int:
    n, value = values[name][0]
    if not value.isdigit() or not 0 < int(value) < 100:
        raise _fail(path, n, f"{name} must be a whole number from 1 to 99.")
    return int(value)


def _regimen(
    values: dict[str, list[tuple[int, str]]], title_line: int, path: str
) -> Regimen | None:
    names = ("sessions", "days between sessions", "course", "regimen note", "regimen source")
    present = [name for name in names if name in values]
    if not present:
        return None
    for name in ("sessions", "days between sessions", "regimen source"):
        if name not in values:
            n = values[present[0]][0][0]
            raise _fail(
                path,
                n,
                f"a regimen needs `sessions:`, `days between sessions:` and "
                f"`regimen source:`; {name!r} is missing.",
            )
    n, days = values["days between sessions"][0]
    match = _DAYS.match(days)
    if not match or not 0 < int(match["lo"]) <= int(match["hi"]):
        raise _fail(path, n, "days between sessions must read like `28-42` (fewest, most).")
    return Regimen(
        sessions=_int(values, "sessions", path),
        interval_days_min=int(match["lo"]),
        interval_days_max=int(match["hi"]),
        span=values.get("course", [(0, "")])[0][1],
        note=values.get("regimen note", [(0, "")])[0][1],
        sources=tuple(v for _, v in values["regimen source"]),
    )


def parse_treatment(text: str, path: str = "treatment.md", *, origin: str = "shipped") -> Treatment:
    """Build a Treatment (or the clinic's facts, key ``clinic``) from its content file.

    Raises InvalidInput ``"<path> line N: <sentence>"`` on the first problem.
    """
    lines = _lines(text, path)
    name, head, found = _split(lines, path)
    values, intro_lines = _header(head, path)
    title_line = next(n for n, line in enumerate(lines, 1) if line.strip())
    if "key" not in values:
        raise _fail(path, title_line, "the header needs a `key:` line naming the treatment.")
    key_line, key = values["key"][0]
    if not _ID.match(key):
        raise _fail(path, key_line, f"the key {key!r} must be lowercase letters, digits, - or _.")
    if origin == "clinic" and key in RESERVED_KEYS:
        raise _fail(path, key_line, f"the key {key!r} is reserved; choose another.")
    if "source" not in values:
        raise _fail(path, title_line, "the header needs a `source:` line naming the source file.")
    source_line, source = values["source"][0]
    if "/" in source or "\\" in source or source.startswith("."):
        raise _fail(
            path, source_line, "the source must be a file name beside this file, not a path."
        )
    if source.lower().endswith(".md"):
        # A content file (this one included) would quote itself: every quote is in it.
        raise _fail(
            path,
            source_line,
            "the source must be the source document, not a content file (.md).",
        )
    effects: tuple[str, ...] = ()
    effect_sources: tuple[str, ...] = ()
    if "side effects" in values:
        n, value = values["side effects"][0]
        effects = _words(value)
        effect_sources = tuple(v for _, v in values.get("side effects source", ()))
        if not effect_sources:
            raise _fail(
                path, n, "side effects need a `side effects source:` line quoting the source."
            )
    elif "side effects source" in values:
        raise _fail(
            path,
            values["side effects source"][0][0],
            "a side effects source without `side effects:`.",
        )

    sections: list[Section] = []
    questions: tuple[Question, ...] = ()
    aftercare: tuple[Statement, ...] = ()
    script: tuple[Statement, ...] = ()
    for n, sid, title, body in found:
        if sid == "overview" or (key == CLINIC_KEY and sid in SPECIAL_SECTIONS):
            raise _fail(path, n, f"the section id {sid!r} is reserved.")
        if sid == QUESTIONS:
            _, items = _items(body, path, QUESTION_KEYS, ids=True)
            questions = tuple(_question(item, path) for item in items)
            continue
        words, items = _items(body, path, STATEMENT_KEYS, ids=False)
        statements = tuple(_statement(item, path) for item in items)
        if not statements:
            raise _fail(path, n, "this section has no statements (`- ...` bullets).")
        if sid == AFTERCARE_SHEET:
            aftercare = statements
        elif sid == CALL_SCRIPT:
            script = statements
        else:
            sections.append(Section(sid, title, statements, words, n))
    appointment = values.get("appointment type", [(0, "")])[0][1] or None
    return Treatment(
        key=key,
        name=name,
        intro=_intro(intro_lines, path),
        sections=tuple(sections),
        regimen=_regimen(values, title_line, path),
        questions=questions,
        aftercare_sheet=aftercare,
        call_script=script,
        side_effects=effects,
        side_effects_sources=effect_sources,
        appointment_type=appointment,
        words=tuple(w for _, v in values.get("callers say", ()) for w in _words(v)),
        source=source,
        origin=origin,
        path=path,
    )


def parse_topics(text: str, path: str = "not-covered.md") -> tuple[Topic, ...]:
    """The not-covered topics: ``# Not covered``, then ``- id: message`` bullets with words."""
    lines = _lines(text, path)
    _, head, found = _split(lines, path)
    if found:
        raise _fail(path, found[0][0], "a not-covered file holds bullets only, no sections.")
    _, items = _items(head, path, TOPIC_KEYS, ids=True)
    topics = []
    for item in items:
        words = item.words()
        if not words:
            raise _fail(path, item.line, "the topic needs a `callers say:` line.")
        topics.append(Topic(item.ident, item.text, words, item.line))
    return tuple(topics)


# --- quotes -------------------------------------------------------------------------


def missing_quotes(content: Treatment | Iterable[Topic], source_text: str) -> list[str]:
    """Problems (``"<path> line N: ..."``) for statements with no source or a quote not in it.

    Topics make no claim, so they have nothing to check.
    """
    if not isinstance(content, Treatment):
        return []
    haystack = fold_quote(source_text)
    where = content.path or content.key
    problems = []
    for label, statement in content.statements():
        at = f"line {statement.line}" if statement.line else f"the {label} header"
        if not statement.sources:
            problems.append(f"{where} {at}: this statement has no source quote.")
        for quote in statement.sources:
            if fold_quote(quote) not in haystack:
                source = content.source or "its source"
                problems.append(f"{where} {at}: the quote {_short(quote)!r} is not in {source}.")
            elif too_short(quote):
                problems.append(f"{where} {at}: {_TOO_SHORT.format(quote=quote)}")
    return problems


def header_line(text: str, name: str) -> int:
    """The line of the header key ``name`` (``key``, ``source`` ...) in a content file, else 0."""
    started = seen = False
    for n, line in enumerate(text.removeprefix("\ufeff").split("\n"), 1):
        if not started:
            started = line.startswith("#")
            continue
        if not line.strip():
            if seen:  # the blank line that ends the header
                return 0
            continue
        seen = True
        key = _key_line(line.strip())
        if key and key[0] == name:
            return n
    return 0


def quote_lines(text: str) -> Iterator[tuple[int, str]]:
    """Every quote line of a content file (``source:``, ``regimen source:`` ...) with its number."""
    # 0 before the title, 1 blank lines after it, 2 in the header block, 3 after it. The
    # header ends, as in `_header`, at a blank line or at the first line that is no key:
    # an intro right under it has its own `source:` quotes, which must be checked.
    header = 0
    for n, line in enumerate(text.removeprefix("\ufeff").split("\n"), 1):
        if header == 0:
            header = 1 if line.startswith("#") else 0
            continue
        key = _key_line(line.strip())
        if header == 1 and line.strip():
            header = 2
        if header == 2 and (not line.strip() or key is None or line[:1] in (" ", "\t")):
            header = 3
        # The header's own `source:` names the source file; it is not a quote.
        if key and key[0] in QUOTE_KEYS and key[1] and not (header == 2 and key[0] == "source"):
            yield n, key[1].strip()


def missing_quote_lines(text: str, path: str, source_name: str, source_text: str) -> list[str]:
    """Problems naming the exact ``source:`` line whose quote is not in the source text."""
    haystack = fold_quote(source_text)
    problems = []
    for n, quote in quote_lines(text):
        if fold_quote(quote) not in haystack:
            problems.append(
                f"{path} line {n}: the quote {_short(quote)!r} is not in {source_name}."
            )
        elif too_short(quote):
            problems.append(f"{path} line {n}: {_TOO_SHORT.format(quote=quote)}")
    return problems


#: The fewest words a quote may have: "the" is found in any source and shows nothing.
MIN_QUOTE_WORDS = 3
_TOO_SHORT = (
    "the quote {quote!r} is too short to show where the statement comes from; "
    f"quote at least {MIN_QUOTE_WORDS} words."
)


def too_short(quote: str) -> bool:
    """True when ``quote`` has fewer than :data:`MIN_QUOTE_WORDS` words."""
    return len(quote.split()) < MIN_QUOTE_WORDS


def _short(quote: str) -> str:
    return quote if len(quote) <= 60 else quote[:57].rstrip() + "..."
