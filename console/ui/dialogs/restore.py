"""Restore a backup from the console: a manager picks one, confirms, and it is put back.

Only a manager may restore (the desk refuses anyone else with one sentence, which
this dialog shows instead of the list). The restore itself is
:meth:`Administration.restore`: journalled, the current data set aside first, audited
under the person at the desk.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from console.desk import USER_ERRORS, Administration, Desk
from console.ui import format as fmt
from console.ui.dialogs.base import Dialog, error_line

WHAT = "restore a backup"
PICK_HINT = "↑/↓ Enter picks a backup · Esc closes"
CONFIRM_HINT = "Enter or y restores it · n goes back to the list · Esc closes"
NONE_YET = "There are no backups yet; the console takes one each clinic day."


def backup_label(name: str) -> Text:
    """``Tue 24 Nov 2026 10:50 AM   2026-11-24T105000`` (the name alone if not a date)."""
    try:
        taken = dt.datetime.strptime(name, "%Y-%m-%dT%H%M%S")
    except ValueError:
        return Text(name)
    label = Text(f"{fmt.day_label(taken.date())} {fmt.clock(taken.time())}")
    label.append(f"   {name}", "dim")
    return label


class RestoreDialog(Dialog[str | None]):
    """Lists the backups (newest first); answers the sentence saying what was restored."""

    NAME = "restore"
    BINDINGS = [
        Binding("y", "restore", "Restore", show=False, id="restore.yes"),
        Binding("n", "back", "Back", show=False, id="restore.no"),
    ]

    @dataclass
    class Done(Message, bubble=False):
        """The restore ended (in a worker): the sentence to show, and whether it worked."""

        sentence: str
        ok: bool

    def __init__(self, desk: Desk) -> None:
        super().__init__(classes="dialog-screen")
        self.desk = desk
        self.chosen = ""  # the backup asked about (confirming), else ""
        self.busy = False

    def compose(self) -> ComposeResult:
        """The title, the list of backups, the question, the errors and the hint."""
        with Vertical(classes="dialog", id="restore-dialog"):
            yield Label("Restore a backup", classes="dialog-title")
            yield OptionList(id="restore-list")
            yield Static("", id="restore-question", markup=False)
            yield error_line("general")
            yield Static("", id="restore-hint", classes="dialog-hint", markup=False)

    def reset(self) -> None:
        """Refuse anyone but a manager; else list the backups, newest first."""
        super().reset()
        self.chosen, self.busy = "", False
        listing = self.query_one(OptionList)
        listing.clear_options()
        self._ask("")
        try:
            self.desk.require_manager(WHAT)
            names = list(reversed(Administration(self.desk).backups()))
        except USER_ERRORS as err:
            listing.display = False
            self._hint("Esc closes")
            self.show_error("general", str(err))
            return
        listing.add_options(Option(backup_label(name), id=name) for name in names)
        listing.display = bool(names)
        if not names:
            self.show_error("general", NONE_YET)
            self._hint("Esc closes")
            return
        listing.highlighted = 0
        self._hint(PICK_HINT)
        self.set_focus(listing)

    def _ask(self, question: str) -> None:
        line = self.query_one("#restore-question", Static)
        line.update(Text(question))
        line.display = bool(question)

    def _hint(self, text: str) -> None:
        self.query_one("#restore-hint", Static).update(text)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """y and n only while a restore is being confirmed."""
        if action in ("restore", "back"):
            return bool(self.chosen) and not self.busy
        return True

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Ask before restoring the backup picked."""
        event.stop()
        if self.chosen and self.chosen == event.option.id and not self.busy:
            self.action_restore()  # Enter again, on the backup asked about: yes
            return
        self.chosen = str(event.option.id or "")
        self.clear_errors()
        self._ask(
            f"Restore the backup {self.chosen}? Every desk then shows the data as it "
            "was then; the data as it is now is set aside first, nothing is deleted."
        )
        self._hint(CONFIRM_HINT)
        self.refresh_bindings()

    def action_back(self) -> None:
        """Back to the list without restoring."""
        self.chosen = ""
        self._ask("")
        self._hint(PICK_HINT)
        self.set_focus(self.query_one(OptionList))
        self.refresh_bindings()

    def action_restore(self) -> None:
        """Restore the backup confirmed (in a thread: it reads and writes every file)."""
        self.busy = True
        self._ask(f"Restoring {self.chosen}…")
        self._restore(self.chosen)

    @work(thread=True, exclusive=True, group="restore")
    def _restore(self, name: str) -> None:
        try:
            aside = Administration(self.desk).restore(name)
            done = self.Done(f"Restored the backup {name}; the data before it is in {aside}.", True)
        except USER_ERRORS as err:
            done = self.Done(str(err), False)
        if not get_current_worker().is_cancelled:
            self.post_message(done)

    def on_restore_dialog_done(self, message: Done) -> None:
        """Close with the sentence, or show why not and go back to the list."""
        self.busy = False
        if message.ok:
            self.dismiss(message.sentence)
            return
        self.action_back()
        self.show_error("general", message.sentence)

    def prepare(self, *args: Any, **kwargs: Any) -> None:
        """Nothing to take: every opening starts from the list."""
        super().prepare()

    def action_close(self) -> None:
        """Close, unless a restore is under way (its answer is awaited)."""
        if not self.busy:
            super().action_close()
