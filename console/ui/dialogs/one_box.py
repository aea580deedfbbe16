"""A dialog with one text box (an alert, one allergy, one condition); Enter answers it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Static

from console.desk import USER_ERRORS
from console.ui.dialogs.base import Dialog, TextBox, error_line, text_box

Save = Callable[[str], object]


class OneBoxDialog(Dialog[str | None]):
    """Asks for one line of text; answers it (stripped, possibly empty), or None.

    With ``save``, the text is saved before the dialog closes: a refusal is shown under
    the box and what was typed stays there to be corrected.
    """

    NAME = "one-box"
    BINDINGS = [Binding("ctrl+s", "save", "Save", id="one_box.save")]

    def __init__(self) -> None:
        super().__init__(classes="dialog-screen")
        self._title: str | Text = ""
        self._label = ""
        self._value = ""
        self._placeholder = ""
        self._hint = ""
        self._allow_empty = False
        self._save: Save | None = None

    def prepare(
        self,
        title: str | Text,
        label: str,
        *args: Any,
        value: str = "",
        placeholder: str = "",
        hint: str = "",
        allow_empty: bool = False,
        save: Save | None = None,
        **kwargs: Any,
    ) -> None:
        """Take the title, the box's label, what it starts with, whether empty will do.

        ``save`` (called with the text, not when it is empty) saves it.
        """
        self._title, self._label, self._value = title, label, value
        self._placeholder, self._hint, self._allow_empty = placeholder, hint, allow_empty
        self._save = save
        super().prepare()

    def compose(self) -> ComposeResult:
        """The title, the box, its error and the buttons."""
        with Vertical(classes="dialog", id="one-box-dialog"):
            yield Label("", id="one-box-title", classes="dialog-title")
            with Horizontal(classes="field"):
                yield Label("", id="one-box-label", classes="field-label")
                yield text_box(id="one-box-input", max_length=200)
            yield error_line("text")
            yield error_line("general")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save", id="one-box-save", variant="primary", compact=True)
                yield Button("Close", id="one-box-close", compact=True)
            yield Static("", id="one-box-hint", classes="dialog-hint", markup=False)

    @property
    def box(self) -> TextBox:
        """The one text box."""
        return self.query_one("#one-box-input", TextBox)

    def reset(self) -> None:
        """Show the request; the cursor after what the box starts with (nothing selected)."""
        super().reset()
        title = self._title
        self.query_one("#one-box-title", Label).update(
            title if isinstance(title, Text) else Text(title)
        )
        self.query_one("#one-box-label", Label).update(Text(self._label))
        self.box.placeholder = self._placeholder
        self.box.put(self._value)
        hint = self._hint or "Enter saves · Esc closes"
        self.query_one("#one-box-hint", Static).update(Text(hint))
        self.set_focus(self.box)

    def action_save(self) -> None:
        """Answer what was typed (an empty box only where that means something)."""
        text = self.box.value.strip()
        self.clear_errors()
        if not text and not self._allow_empty:
            self.show_error("text", f"Type the {self._label.lower()} first.")
            return
        if text and self._save is not None:
            try:
                self._save(text)
            except USER_ERRORS as err:
                self.show_error("text", str(err))
                return
        self.dismiss(text)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter saves."""
        event.stop()
        self.action_save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Save, or close without saving."""
        event.stop()
        if event.button.id == "one-box-save":
            self.action_save()
        else:
            self.action_close()
