"""Phone numbers, parsed and formatted by Google's libphonenumber."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping
from typing import Protocol

from console.clinic.errors import InvalidInput

#: The clinic is in California: numbers without a country code are read as US numbers.
DEFAULT_REGION = "US"


class DisplayBook(Protocol):
    """Where the library's way of showing each number outlives the process (the store's).

    It keeps what the library returned, keyed by the library's version, so a later
    command that only shows numbers need not import the library. It never raises: a
    number it cannot give back is not in its answer, one it cannot keep is left out.
    """

    def recall(self, numbers: Iterable[str]) -> dict[str, str]:
        """How each of ``numbers`` was shown by the running library (others left out)."""
        ...

    def keep(self, displays: Mapping[str, str]) -> None:
        """Keep how the library showed these numbers, for the next process."""
        ...


#: The book in use (see :func:`keep_displays_in`); None formats in every process.
_book: DisplayBook | None = None
#: This process's displays by stored number; the lock makes one thread format.
_shown: dict[str, str] = {}
_SHOWING = threading.Lock()
_SHOWN_MAX = 4096


def keep_displays_in(book: DisplayBook | None) -> None:
    """Recall and keep the numbers' displays in ``book`` (the store's cache), or nowhere."""
    global _book
    _book = book
    _shown.clear()


def normalise_phone(raw: str | None, region: str = DEFAULT_REGION) -> str:
    """Return ``raw`` as E.164 (``+17142255137``) or raise :class:`InvalidInput`."""
    import phonenumbers  # here, not above: a command that shows no phone never loads it

    text = (raw or "").strip()
    if not text:
        raise InvalidInput("A phone number is needed.", "phone")
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        raise InvalidInput(f"{text!r} is not a phone number.", "phone") from None
    if not phonenumbers.is_valid_number(number):
        raise InvalidInput(f"{text!r} is not a valid phone number.", "phone")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _format(e164: str, region: str) -> str:
    """The library's display of ``e164``: national at home, international otherwise."""
    import phonenumbers

    try:
        number = phonenumbers.parse(e164, region)
    except phonenumbers.NumberParseException:
        return e164
    if phonenumbers.region_code_for_number(number) == region:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def prepare_displays(numbers: Iterable[str], *, keep: bool = True) -> None:
    """Have the displays of ``numbers`` at hand: one read of the book, one write to it.

    The day's schedule asks for all its numbers at once; a number shown on its own
    (``keep=False``: a lookup's rows, one patient) is formatted without a write.
    """
    with _SHOWING:
        missing = {n for n in numbers if n and n not in _shown}
        if not missing:
            return
        if len(_shown) + len(missing) > _SHOWN_MAX:
            _shown.clear()
        if _book is not None:
            _shown.update(_book.recall(missing))
            missing -= _shown.keys()
        if not missing:
            return
        fresh = {number: _format(number, DEFAULT_REGION) for number in missing}
        _shown.update(fresh)
        if keep and _book is not None:
            _book.keep(fresh)


def display_phone(e164: str, region: str = DEFAULT_REGION) -> str:
    """Format a stored number the way the desk reads it aloud: ``(714) 225-5137``."""
    if region != DEFAULT_REGION:
        return _format(e164, region)  # the book holds the clinic's own region's displays
    shown = _shown.get(e164)
    if shown is None:
        prepare_displays([e164], keep=False)
        shown = _shown.get(e164)
    return shown if shown is not None else _format(e164, region)


def phone_digits(e164: str) -> str:
    """The national digits of a stored number, for "search by part of a phone"."""
    digits = "".join(ch for ch in e164 if ch.isdigit())
    return digits[1:] if e164.startswith("+1") else digits
