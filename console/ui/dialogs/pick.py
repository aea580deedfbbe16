"""Pick one of a few entries (which allergy or condition to remove); Enter picks."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from console.ui.dialogs.base import Dialog


class PickDialog(Dialog[str | None]):
    """Lists entries; answers the id of the one picked, or None."""

    NAME = "pick"

    def __init__(self) -> None:
        super().__init__(classes="dialog-screen")
        self._title: str | Text = ""
        self._choices: list[tuple[str, Text]] = []

    def prepare(
        self, title: str | Text, choices: list[tuple[str, Text]], *args: Any, **kwargs: Any
    ) -> None:
        """Take the title and the choices, as (id, what is shown)."""
        self._title, self._choices = title, choices
        super().prepare()

    def compose(self) -> ComposeResult:
        """The title, the list and the hint."""
        with Vertical(classes="dialog", id="pick-dialog"):
            yield Label("", id="pick-title", classes="dialog-title")
            yield OptionList(id="pick-list")
            yield Static("↑/↓ choose · Enter picks · Esc closes", classes="dialog-hint")

    def reset(self) -> None:
        """Show the choices, the first highlighted."""
        super().reset()
        title = self._title
        self.query_one("#pick-title", Label).update(
            title if isinstance(title, Text) else Text(title)
        )
        listing = self.query_one(OptionList)
        listing.clear_options()
        listing.add_options(Option(shown, id=key) for key, shown in self._choices)
        listing.highlighted = 0 if self._choices else None
        self.set_focus(listing)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Answer the entry picked."""
        event.stop()
        self.dismiss(event.option.id)
