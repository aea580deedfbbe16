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
