"""Who is at a shared desk: asking at start, and switching person as a shop till does.

A console started for a person (an SSH key line's ``frontdesk-ssh --person NAME``,
``frontdesk serve --person NAME``) knows who it is for and never asks. A console at a
front desk PC, where several people share the service account's login, asks for a
name and PIN when the store has staff with PINs (``Desk.staff_enabled``), and F9 hands
the desk to someone else. A store with no staff set up opens straight away, as before.
"""

from __future__ import annotations

from typing import Any

from textual.app import App

from console.clinic.actor import Actor
from console.desk import USER_ERRORS, Desk


class DeskPeople:
    """The sign-in flow of one console (``app.people``)."""

    def __init__(self, app: App[Any], desk: Desk) -> None:
        self.app = app
        self.desk = desk
        #: Decided once, at start: a fixed person stays fixed for the whole session.
        self.asks_who = not desk.actor.person and desk.staff_enabled()

    @property
    def signed_out(self) -> bool:
        """True while the sign-in screen is on the stack (nobody is at the desk)."""
        if not self.asks_who:
            return False  # nobody signs in here (and its module need not be loaded)
        from console.ui.screens.sign_in import SignInScreen

        return any(isinstance(s, SignInScreen) for s in self.app.screen_stack)

    def ask_who(self, note: str = "") -> None:
        """Show the sign-in screen; until a name and PIN are accepted nobody is signed in.

        ``note`` is a sentence to show on it (a sign-out that could not be recorded).
        """
        last = self.desk.actor.person
        self.desk.await_sign_in()
        self.app.clear_notifications()  # a toast may name a patient
        from console.ui.screens.sign_in import SignInScreen

        self.app.push_screen(SignInScreen(self.desk, last, note), self._signed_in)

    def switch(self) -> None:
        """The person at the desk leaves (audited); ask who comes next."""
        note = ""
        try:
            self.desk.sign_out()
        except USER_ERRORS as err:
            # Not recorded: say so on the sign-in screen; nobody stays signed in anyway.
            note = str(err)
        self.ask_who(note)

    def idle(self) -> bool:
        """Nobody touched the desk for a while: sign the person out, over what is open.

        What was open (a dialog, half-typed) stays under the sign-in screen, as under
        the lock, for whoever signs in next. False when nobody was signed in.
        """
        if self.signed_out:
            return False
        self.switch()
        return True

    def _signed_in(self, actor: Actor | None) -> None:
        if actor is not None:
            self.app.notify(f"Signed in: {actor.describe()}.", markup=False)
