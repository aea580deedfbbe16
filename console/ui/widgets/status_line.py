"""One line under a pane that says what just happened, or why it could not."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static


class StatusLine(Static):
    """Shows the result of the last action (up to two lines); errors in the error colour."""

    DEFAULT_CSS = """
    StatusLine {
        height: auto;
        max-height: 2;
        padding: 0 1;
        color: $text-muted;
        &.-error { color: $text-error; text-style: bold; }
        &.-done { color: $text-success; }
    }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__("", markup=False, **kwargs)

    @property
    def message(self) -> str:
        """The plain text shown now."""
        return str(self.render())

    def say(self, message: str | Text, *, error: bool = False, done: bool = False) -> None:
        """Show ``message`` (plain text: never read as markup)."""
        text = message if isinstance(message, Text) else Text(message)
        # A refusal is one sentence, sometimes longer than 80 columns: a second line
        # (the table above gives it up, keeping its cursor row in view).
        text.no_wrap, text.overflow = False, "ellipsis"
        self.set_class(error, "-error")
        self.set_class(done and not error, "-done")
        self.update(text)

    def clear(self) -> None:
        """Show nothing."""
        self.say("")
