"""What every dialog shares: one reused instance, ``ask`` to await an answer, inline errors."""

from __future__ import annotations

from typing import Any, ClassVar, TypeVar

from rich.text import Text
from textual.app import App
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import Button, Static

ResultT = TypeVar("ResultT")


class Dialog(ModalScreen[ResultT]):
    """A modal dialog installed once under :attr:`NAME` and reused for every request.

    ``prepare`` receives the request; ``reset`` puts it into the widgets (on first mount
    and on every later use). Errors carry the field they belong to and are shown in the
    ``#error-<field>`` line under it (``#error-general`` otherwise).
    """

    NAME: ClassVar[str] = ""
    FIELD_ALIASES: ClassVar[dict[str, str]] = {}
    BINDINGS = [Binding("escape", "close", "Close", id="dialog.close")]

    @classmethod
    async def ask(cls, app: App[Any], *args: Any, **kwargs: Any) -> Any:
        """Show the installed dialog for this request and wait for its answer."""
        dialog = app.get_screen(cls.NAME)
        assert isinstance(dialog, cls)
        dialog.prepare(*args, **kwargs)
        return await app.push_screen_wait(dialog)

    def prepare(self, *args: Any, **kwargs: Any) -> None:
        """Take a new request (subclasses keep what they need, then call this)."""
        if self.is_mounted:
            self.reset()

    def on_mount(self) -> None:
        """Show the first request."""
        self.reset()

    def reset(self) -> None:
        """Show the current request in the widgets."""
        self.clear_errors()
        # A button pressed as the dialog closed keeps Textual's brief "-active" look
        # while the screen is away (its timer waits with it), and an active button
        # ignores Enter: the reused dialog's next Save would do nothing.
        for button in self.query(Button).results(Button):
            button.remove_class("-active")

    def action_close(self) -> None:
        """Close without an answer (None)."""
        self.dismiss(None)

    def clear_errors(self) -> None:
        """Hide every inline error."""
        for line in self.query(".field-error").results(Static):
            line.update("")
            line.remove_class("-shown")

    def show_error(self, field: str | None, message: str) -> None:
        """Show ``message`` under ``field`` (or at the bottom when no field fits)."""
        target = self.FIELD_ALIASES.get(field or "", field or "general")
        found = self.query(f"#error-{target}").results(Static)
        line = next(iter(found), None) or self.query_one("#error-general", Static)
        line.update(Text(message))
        line.add_class("-shown")


def error_line(field: str) -> Static:
    """The (hidden until needed) inline error line for ``field``."""
    return Static("", id=f"error-{field}", classes="field-error", markup=False)
