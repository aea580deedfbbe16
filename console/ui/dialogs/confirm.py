"""One-key confirmation of a destructive action: Enter does it, anything else does not."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual import events
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Label, Static

from console.ui.dialogs.base import Dialog
from console.ui.keyguard import guard_of, start_search


@dataclass(frozen=True)
class Confirmed:
    """The answer: ``yes`` when confirmed; ``typed`` holds a printable key that said no.

    A receptionist who typed a name where no text box was (expecting a search) answers
    no with the first letter; the host may start a search with ``typed``.
    """

    yes: bool
    typed: str = ""


class ConfirmDialog(Dialog[Confirmed]):
    """Asks one question; Enter (or the Yes button) confirms, Esc or any letter declines.

    ``y`` is deliberately not a yes: a name typed where no text box is ("Dylan" after
    ``d``) must never confirm anything.
    """

    NAME = "confirm"
    BINDINGS = [Binding("enter", "answer(True)", "Yes", id="confirm.yes", priority=True)]

    def __init__(self) -> None:
        super().__init__(classes="dialog-screen")
        self._question: str | Text = ""
        self._yes = "Yes"
        self._no = "No"
        #: Answered and closing: keys still arriving must not answer (pop) again.
        self._answered = False

    @classmethod
    async def confirm(
        cls, app: App[Any], question: str | Text, *, yes: str = "Yes", no: str = "No"
    ) -> Confirmed:
        """Ask ``question``; the answer (never None: closing is a no)."""
        answer = await cls.ask(app, question, yes=yes, no=no)
        return answer if isinstance(answer, Confirmed) else Confirmed(False)

    def prepare(
        self, question: str | Text, *args: Any, yes: str = "Yes", no: str = "No", **kwargs: Any
    ) -> None:
        """Take the question and the two button labels."""
        self._question, self._yes, self._no = question, yes, no
        super().prepare()

    def compose(self) -> ComposeResult:
        """The question, Yes / No, and the hint."""
        with Vertical(classes="dialog", id="confirm-dialog"):
            yield Label("Are you sure?", classes="dialog-title")
            yield Static(id="confirm-question", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Yes", id="confirm-yes", variant="error", compact=True)
                yield Button("No", id="confirm-no", compact=True)
            yield Static("Enter: yes · Esc: no", classes="dialog-hint", markup=False)

    def reset(self) -> None:
        """Show the current question; focus on Yes so Enter confirms."""
        super().reset()
        self._answered = False
        question = self._question
        self.query_one("#confirm-question", Static).update(
            question if isinstance(question, Text) else Text(question)
        )
        self.query_one("#confirm-yes", Button).label = self._yes
        self.query_one("#confirm-no", Button).label = self._no
        self.set_focus(self.query_one("#confirm-yes", Button))

    def _answer(self, answer: Confirmed) -> None:
        """Close with ``answer`` (once: a second dismiss would pop the screen below)."""
        if not self._answered:
            self._answered = True
            self.dismiss(answer)

    def action_answer(self, yes: bool) -> None:
        """Answer yes or no."""
        self._answer(Confirmed(yes))

    def action_close(self) -> None:
        """Esc is a no."""
        self._answer(Confirmed(False))

    def on_key(self, event: events.Key) -> None:
        """A printable key is a no, handed back so the host can search with it.

        Letters typed right behind it, before the dialog is gone, go to the app's key
        guard (held for the search when the host armed it), never to a second answer.
        """
        if self._answered:
            event.stop()
            event.prevent_default()
            guard_of(self.app).hold(event)
            return
        if event.is_printable and event.character and event.key != "space":
            event.stop()
            event.prevent_default()
            self._answer(Confirmed(False, event.character))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Yes or No by button."""
        event.stop()
        self._answer(Confirmed(event.button.id == "confirm-yes"))


async def confirm_key(
    app: App[Any], key: str, question: str | Text, *, yes: str = "Yes", no: str = "No"
) -> bool:
    """True when ``question``, asked after row key ``key``, is answered yes (Enter).

    Letters typed after ``key`` before the question showed, or the letter that said no,
    mean a name was being typed: they open the patient search (with ``key`` first).
    """
    guard = guard_of(app)
    if guard.buffer:
        start_search(app, key + guard.disarm())
        return False
    answer = await ConfirmDialog.confirm(app, question, yes=yes, no=no)
    held = guard.disarm()
    if not answer.yes and answer.typed:
        start_search(app, key + answer.typed + held)
    return answer.yes
