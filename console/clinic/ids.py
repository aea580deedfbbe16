"""Stable ids for patients and appointments, independent of the store's row numbers."""

from __future__ import annotations

# Crockford's base32 without I, L, O, U: easy to read out over the phone.
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_id(prefix: str, length: int = 7) -> str:
    """A random id such as ``P-7K2Q9XB``; the store checks it is unused before saving."""
    import secrets  # here: only a new record needs it

    return prefix + "-" + "".join(secrets.choice(_ALPHABET) for _ in range(length))


def normalise_id(text: str) -> str:
    """Accept an id typed in lower case or with look-alike letters."""
    return text.strip().upper().replace("O", "0").replace("I", "1").replace("L", "1")
