"""Letters typed where no text box is start a patient search; they never act on a row.

A receptionist who types "Anna" into the check-in pane expects a search. The pane's
keys (``a`` arrived, ``n`` no-show...) only ever ask first (a one-key confirm); the
letter that says no to that question, the letters that were not keys, and whatever
is typed before the search box shows, all end up in the search box.

One :class:`KeyGuard` per app (:func:`guard_of`): while it is *armed* (a question was
just asked, or a search is opening), a pane puts the printable keys it receives in
the guard instead of acting on them; the desk screen hands them to the search box as
soon as it opens (:meth:`KeyGuard.hand_over`, on the app's screen-change signal).
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any
from weakref import WeakKeyDictionary

from textual import events
from textual.app import App
from textual.screen import Screen
from textual.widgets import Input

#: The name the patient search dialog is installed under.
LOOKUP = "lookup"

_GUARDS: WeakKeyDictionary[App[Any], KeyGuard] = WeakKeyDictionary()


class KeyGuard:
    """Holds the keys typed while a question closes or a search opens."""

    def __init__(self) -> None:
        self.buffer: str | None = None  # None: not armed

    @property
    def armed(self) -> bool:
        """True while typed keys are held for the search box."""
        return self.buffer is not None

    def arm(self, typed: str = "") -> None:
        """Hold printable keys from now on (``typed``: already held)."""
        self.buffer = (self.buffer or "") + typed

    def disarm(self) -> str:
        """Stop holding keys; what was held."""
        held, self.buffer = self.buffer or "", None
        return held

    def hold(self, event: events.Key) -> bool:
        """Hold ``event``'s character if armed and it is printable; True when held.

        Any other key (Esc, an arrow) ends the guard: the receptionist moved on.
        """
        if self.buffer is None:
            return False
        if event.is_printable and event.character:  # a space too: "Ana Lee"
            self.buffer += event.character or ""
            event.stop()
            event.prevent_default()
            return True
        self.disarm()
        return False

    def hand_over(self, app: App[Any]) -> None:
        """The search box is up: type the held keys into it (at the end of its text)."""
        held = self.disarm()
        box = app.focused
        if held and isinstance(box, Input):
            box.insert_text_at_cursor(held)


def guard_of(app: App[Any]) -> KeyGuard:
    """The app's guard (made on first use)."""
    guard = _GUARDS.get(app)
    if guard is None:
        guard = _GUARDS[app] = KeyGuard()

        def screen_changed(screen: Screen[Any]) -> None:
            if guard.armed and getattr(screen, "NAME", "") == LOOKUP:
                # After its first refresh: the search box has the keyboard by then.
                screen.call_after_refresh(guard.hand_over, app)

        app.screen_change_signal.subscribe(app, screen_changed)
    return guard


def is_typed(event: events.Key) -> bool:
    """True for a key that types a character (a letter, digit, sign; not space)."""
    return bool(event.is_printable and event.character and event.key != "space")


def start_search(app: App[Any], typed: str) -> None:
    """Open the patient search with ``typed`` in its box (and whatever follows it).

    The keys typed until the search box shows are held by the guard and handed over
    when the desk screen gives way to the search (see ``DeskScreen``).
    """
    guard = guard_of(app)
    start_lookup = getattr(app, "start_lookup", None)
    if callable(start_lookup):
        guard.arm()
        start_lookup(typed)
    else:  # an app without the typed search: the held keys carry the whole text
        guard.arm(typed)
        app.call_later(app.run_action, "lookup")


def guard_typing(screen: Screen[Any], event: events.Key, asking: Collection[str]) -> None:
    """A screen's ``on_key``: letters typed where no text box is never act on a row.

    ``asking`` are the screen's row keys whose action asks first (see
    :func:`confirm_key`): the guard holds the letters right behind one of them. A
    letter that is no key of the screen starts a patient search.
    """
    guard = guard_of(screen.app)
    if guard.hold(event) or not is_typed(event):
        return
    if event.key in asking:
        guard.arm()  # letters right behind it (a name) are held, not acted on
        return
    if event.key in screen.active_bindings:
        return
    event.stop()
    event.prevent_default()
    start_search(screen.app, event.character or "")
