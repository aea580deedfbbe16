"""The history of a visit or a patient: who changed what, and when (from the audit trail)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Label, Static
from textual.worker import get_current_worker

from console.clinic.text import shown
from console.desk import USER_ERRORS, Desk
from console.services.history import Change, patient_history, visit_history
from console.ui.dialogs.base import Dialog
from console.ui.redact import initials_only


def history_text(changes: list[Change]) -> Text:
    """Newest first: ``when · who`` on one line, what changed under it.

    In a patient's history each visit entry starts with the visit it is about.
    """
    text = Text()
    if not changes:
        return Text("No changes are recorded for this yet.", "dim")
    for change in reversed(changes):
        # The trail is read from a file: each part is cleaned again for the terminal.
        text.append(shown(change.when), "bold")
        text.append(f" · {shown(change.who)}\n", "")
        what = f"{change.about}: {change.what}" if change.about else change.what
        text.append(f"  {shown(what)}\n")
    text.rstrip()
    return text


class HistoryDialog(Dialog[None]):
    """Shows the audit trail of one visit (``kind="visit"``) or one patient."""

    NAME = "history"
    BINDINGS = [Binding("enter", "close", "Close", show=False, id="history.enter")]

    @dataclass
    class Loaded(Message, bubble=False):
        """The history was read (in a worker) for ``request``: ``(kind, record id)``."""

        request: tuple[str, str]
        text: Text

    def __init__(self, desk: Desk) -> None:
        super().__init__(classes="dialog-screen")
        self.desk = desk
        self.request = ("visit", "")
        self.title_text: str | Text = "History"

    def prepare(
        self, kind: str, record_id: str, title: str | Text, *args: Any, **kwargs: Any
    ) -> None:
        """Take the record (``visit`` or ``patient`` and its id) and the title."""
        self.request = (kind, record_id)
        self.title_text = title
        super().prepare()

    def compose(self) -> ComposeResult:
        """The title, the scrolling history and the hint."""
        with Vertical(classes="dialog", id="history-dialog"):
            yield Label("", id="history-title", classes="dialog-title")
            with VerticalScroll(id="history-scroll"):
                yield Static("", id="history-lines", markup=False)
            yield Static(
                "Newest first · ↑/↓ scroll · Enter or Esc closes",
                classes="dialog-hint",
                markup=False,
            )

    def reset(self) -> None:
        """Show the title and start reading the audit trail."""
        super().reset()
        title = self.title_text
        self.query_one("#history-title", Label).update(
            title if isinstance(title, Text) else Text(title)
        )
        self.query_one("#history-lines", Static).update(Text("Reading the audit trail…", "dim"))
        scroll = self.query_one("#history-scroll", VerticalScroll)
        scroll.scroll_home(animate=False)
        self.set_focus(scroll)
        self._load(self.request)

    @work(thread=True, exclusive=True, group="history-load")
    def _load(self, request: tuple[str, str]) -> None:
        # The trail can be long (years of changes): read it off the UI thread.
        kind, record_id = request
        try:
            if kind == "patient":
                # A manager sees changed values, but not on a screen a patient can see.
                hide = initials_only()
                text = history_text(patient_history(self.desk, record_id, hide_values=hide))
            else:
                text = history_text(visit_history(self.desk, record_id))
        except USER_ERRORS as err:
            text = Text(str(err))
        if not get_current_worker().is_cancelled:
            self.post_message(self.Loaded(request, text))

    def on_history_dialog_loaded(self, message: Loaded) -> None:
        """Show the history just read, if it is still the one asked for."""
        if message.request == self.request:
            self.query_one("#history-lines", Static).update(message.text)
