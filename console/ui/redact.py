"""Initials-only display: the one place that decides how a patient's details are shown.

In initials-only mode (screens a patient can see) names become initials ("A. O.") and
phone numbers, birth dates, emails, conditions, allergies and notes are hidden. Every
screen shows patient details through :func:`who`, :func:`phone` and :func:`private`
(``console.ui.format`` re-exports them), so the mode cannot be missed on one of them.
"""

from __future__ import annotations

import re
from typing import Any

from textual._context import active_app  # the app running this task (no public API)
from textual.worker import NoActiveWorker, get_current_worker

from console.clinic.models import Patient

HIDDEN = "hidden"
_BRACKETED = re.compile(r"\[[^\]]*\]|\([^)]*\)")  # nicknames: "Robert [Bob]"


def initials_only() -> bool:
    """True while the console in charge shows initials only (False outside the console)."""
    try:
        app: Any = active_app.get()
    except LookupError:
        try:  # thread workers run without the app's context; the worker's node knows it
            app = get_current_worker().node.app
        except NoActiveWorker:
            return False
    return bool(getattr(app, "initials_only", False))


def initials(first: str, last: str = "") -> str:
    """``A. O.`` for ``Ana`` ``O'Brien``; with no ``last``, from the first and last words.

    Bracketed nicknames are left out; a name without a letter or digit shows as ``?``.
    """
    if last:
        picked = _words(first)[:1] + _words(last)[:1]
    else:
        words = _words(first)
        picked = [words[0], words[-1]] if len(words) > 1 else words
    letters = [next((c.upper() for c in word if c.isalnum()), "") for word in picked]
    return " ".join(f"{letter}." for letter in letters if letter) or "?"


def _words(text: str) -> list[str]:
    return _BRACKETED.sub(" ", text).split() or text.split()


def who(person: Patient | str) -> str:
    """The patient's name as the console may show it now (a full name string works too)."""
    if not initials_only():
        return person.name if isinstance(person, Patient) else person
    if isinstance(person, Patient):
        return initials(person.first, person.last)
    return initials(person)


def phone(patient: Patient, missing: str = "—") -> str:
    """The phone number to show (``missing`` when none; ``hidden`` in initials-only mode)."""
    if initials_only():
        return HIDDEN
    return patient.phone_display or missing


def private(text: str, missing: str = "", hidden: str = HIDDEN) -> str:
    """A private detail (birth date, email, conditions, allergies, notes) as it may show.

    ``missing`` when there is none; ``hidden`` in initials-only mode whether or not there
    is one, so the mode gives nothing away (tables pass ``hidden=""`` to drop it).
    """
    if initials_only():
        return hidden
    return text or missing
