"""Initials-only display: the one place that decides how a patient's details are shown.

In initials-only mode (screens a patient can see) names become initials ("A. O.") and
phone numbers, birth dates, emails, conditions, allergies and notes are hidden. Every
screen shows patient details through :func:`who`, :func:`phone` and :func:`private`
(``console.ui.format`` re-exports them), so the mode cannot be missed on one of them.

It fails closed. Each console registers itself when it is made
(:func:`register_console`); while one runs in this process, details are hidden
whenever the code asking cannot be tied to a console (a plain thread, an unexpected
Textual internals change), so a lookup that fails never shows what the mode hides.
Outside any running console (the command line, tools, tests of pure functions) full
details show, as they always did.
"""

from __future__ import annotations

import re
import weakref
from typing import Any

from textual.app import App
from textual.worker import NoActiveWorker, get_current_worker

from console.clinic.models import Patient
from console.clinic.text import shown
from console.ui import textual_private

HIDDEN = "hidden"
_BRACKETED = re.compile(r"\[[^\]]*\]|\([^)]*\)")  # nicknames: "Robert [Bob]"

#: Every console app made in this process (weakly: a finished one is forgotten).
_consoles: weakref.WeakSet[App[Any]] = weakref.WeakSet()


def register_console(app: App[Any]) -> None:
    """Note ``app`` as a console: while it runs, unattributable lookups hide details."""
    _consoles.add(app)


def running_consoles() -> list[App[Any]]:
    """The registered consoles that are running now."""
    return [app for app in list(_consoles) if app.is_running]


def app_in_charge() -> App[Any] | None:
    """The app the calling code works for, or None when it cannot be told.

    Tasks and handlers of an app carry it in Textual's context; thread workers do not,
    but their worker knows its widget and so its app. Anything else (a plain thread, a
    lookup that fails in a way nobody expected) counts as "cannot be told".
    """
    try:
        app = textual_private.active_app()
        if app is None:
            app = get_current_worker().node.app
    except NoActiveWorker:
        return None
    except Exception:  # fail closed: a broken lookup must not decide to show details
        return None
    return app if isinstance(app, App) else None


def initials_only() -> bool:
    """True while details must be hidden: the console in charge says so, or it is unclear.

    * code of a registered console: that console's own initials-only setting;
    * no console running in this process: False (command line, tools);
    * a console runs but the calling code's app cannot be told: True (fail closed);
    * another app, while consoles run: True if any of them shows initials only.
    """
    app = app_in_charge()
    if app is not None and app in _consoles:
        return bool(getattr(app, "initials_only", True))
    running = running_consoles()
    if not running:
        return bool(getattr(app, "initials_only", False))
    if app is None:
        return True
    return any(bool(getattr(console, "initials_only", True)) for console in running)


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
    """The patient's name as the console may show it now (a full name string works too).

    Cleaned for the terminal again (text read from the store is not trusted).
    """
    if not initials_only():
        return shown(person.name if isinstance(person, Patient) else person)
    if isinstance(person, Patient):
        return initials(person.first, person.last)
    return initials(person)


def phone(patient: Patient, missing: str = "—") -> str:
    """The phone number to show (``missing`` when none; ``hidden`` in initials-only mode)."""
    if initials_only():
        return HIDDEN
    return shown(patient.phone_display) or missing


def private(text: str, missing: str = "", hidden: str = HIDDEN) -> str:
    """A private detail (birth date, email, conditions, allergies, notes) as it may show.

    ``missing`` when there is none; ``hidden`` in initials-only mode whether or not there
    is one, so the mode gives nothing away (tables pass ``hidden=""`` to drop it).
    """
    if initials_only():
        return hidden
    return shown(text, multiline=True) or missing
