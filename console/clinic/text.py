"""Cleaning text typed by people before it is stored or shown."""

from __future__ import annotations

import re
import unicodedata

from console.clinic.errors import InvalidInput

# C0 controls except TAB, DEL, C1 controls, and the bidi embedding/override/isolate
# characters that can make a name render backwards (a "Trojan Source" style trick),
# and the invisible ones that only hide text (zero-width space, word joiner and the
# invisible operators, the byte-order mark). Zero-width (non-)joiners stay: emoji and
# Persian or Indic names need them.
_UNSAFE = re.compile(
    "[\x00-\x08\x0a-\x1f\x7f\x80-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c"
    "\u200b\u2060-\u2064\ufeff\u180e]"
)
# Unicode categories that draw nothing on their own: controls, format characters,
# combining marks, separators, surrogates, private use and unassigned code points.
_INVISIBLE_CATEGORIES = frozenset(
    {"Cc", "Cf", "Cs", "Co", "Cn", "Mn", "Me", "Mc", "Zs", "Zl", "Zp"}
)
# Letters and symbols that are blank all the same (Hangul fillers, the blank braille cell).
_BLANK = frozenset("\u115f\u1160\u3164\uffa0\u2800")
_SPACES = re.compile(r"[ \t]+")
# What stored text may not send to a terminal: every control character (ESC, and so any
# CSI or OSC sequence, BEL, the C1 CSI), the bidi and invisible characters above, and
# the Unicode line and paragraph separators. Newlines and tabs are handled apart.
_NOT_FOR_TERMINAL = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c"
    "\u200b\u2060-\u2064\ufeff\u180e\u2028\u2029]"
)
_LINE_BREAKS = re.compile("[\t\n]")
# What orjson writes unescaped that a terminal might still act on (it escapes C0 itself).
_JSON_UNSAFE = re.compile(
    "[\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\u200b\u2060-\u2064"
    "\ufeff\u180e\u2028\u2029]"
)


def clean(text: str | None, *, multiline: bool = False) -> str:
    """Return ``text`` in Unicode NFC with terminal control characters removed.

    ESC goes with the other C0 characters, so no escape sequence survives. Newlines
    are kept only when ``multiline`` (notes); elsewhere runs of spaces fold into one.
    """
    if not text:
        return ""
    text = str(text)
    # Remove controls first, then normalise: "e", ESC, combining acute must become "é".
    if multiline:
        lines = [_UNSAFE.sub("", line).rstrip() for line in text.splitlines()]
        return unicodedata.normalize("NFC", "\n".join(lines).strip())
    flat = _SPACES.sub(" ", _UNSAFE.sub("", text.replace("\n", " "))).strip()
    return unicodedata.normalize("NFC", flat)


def shown(value: object, *, multiline: bool = False) -> str:
    """Text read from the store made safe to show in a terminal, cleaned again at display.

    The store may hold what the desk never wrote (a tampered file, a crafted backup), so
    every control, bidi and invisible character goes; tabs and newlines become spaces
    unless ``multiline``. Unlike :func:`clean` it keeps spacing, so aligned columns stay
    aligned, and costs one regex search when there is nothing to remove.
    """
    text = value if isinstance(value, str) else str(value)
    if _NOT_FOR_TERMINAL.search(text) is not None:
        text = _NOT_FOR_TERMINAL.sub("", text)
    if not multiline and _LINE_BREAKS.search(text) is not None:
        text = _LINE_BREAKS.sub(" ", text)
    return text


def first_unsafe(text: str) -> str | None:
    """The first character of ``text`` that may not reach a terminal (see :func:`shown`)."""
    found = _NOT_FOR_TERMINAL.search(text)
    return found.group() if found else None


def json_safe(dumped: str) -> str:
    """JSON text with the characters a terminal could act on written as ``\\uXXXX``.

    Those characters only occur inside JSON strings, so the escaped text parses to the
    very same data: a script reading ``--json`` loses nothing, a terminal shows no trick.
    """
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", dumped)


def visible(text: str) -> bool:
    """True when ``text`` has at least one character that shows (not only marks or blanks)."""
    return any(
        ch not in _BLANK and unicodedata.category(ch) not in _INVISIBLE_CATEGORIES for ch in text
    )


def clean_name(text: str | None, field: str = "name") -> str:
    """Clean a person's name and refuse one with nothing visible once cleaned."""
    name = clean(text)
    if not visible(name):
        label = field.replace("_", " ")
        raise InvalidInput(
            f"The {label} is empty once invisible and control characters are removed.", field
        )
    if len(name) > 80:
        raise InvalidInput(f"The {field.replace('_', ' ')} is longer than 80 characters.", field)
    return name


def fold(text: str) -> str:
    """Lower-case ``text`` and drop accents, for matching "Nguyen" to "Nguyễn"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def name_key(first: str, last: str) -> str:
    """A person's name for spotting the same person twice: folded, letters and digits only.

    "Ana O'Brien", "ana  o’brien" and "Ana OBrien" are one key; the phone or birth date
    must match as well before anyone is called a duplicate.
    """
    return "".join(ch for ch in fold(f"{first} {last}") if ch.isalnum())
