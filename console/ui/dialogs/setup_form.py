"""One form of the clinic setup (a provider, time off, a closure, a type, the hours).

The form is data (:class:`Form`): its fields, what saving does, and what to show
before saving (the visits a time off would strand). Saving calls the desk; a refusal
is shown as one sentence under the field it names, and everything typed stays.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Select, Static

from console.desk import USER_ERRORS
from console.ui.dialogs.base import Dialog, error_line, text_box

#: A choice field's entries: (what is shown, the value).
Choices = Sequence[tuple[str, str]]


@dataclass(frozen=True)
class Field:
    """One line of a form: a text box, or a choice when ``choices`` is given."""

    key: str
    label: str
    value: str = ""
    placeholder: str = ""
    choices: Choices | None = None


@dataclass(frozen=True)
class Form:
    """A setup form: its title, fields, and what saving does.

    ``save`` gets the values by field key and answers the sentence saying what was
    done; it raises the desk's errors (their ``field`` names the line to show them
    under; ``aliases`` maps a desk field name to a form field key). ``preview`` (called
    as the values change) answers what to show before saving, or None.
    """

    title: str
    fields: tuple[Field, ...]
    save: Callable[[dict[str, str]], str]
    preview: Callable[[dict[str, str]], Text | None] | None = None
    ok: str = "Save"
    hint: str = ""
    aliases: dict[str, str] = field(default_factory=dict)


class SetupFormDialog(Dialog[str | None]):
    """Shows a :class:`Form`; answers the sentence saying what was saved, or None.

    A new instance per form (the fields differ), pushed over the setup screen.
    """

    BINDINGS = [Binding("ctrl+s", "save", "Save", id="setup_form.save")]

    def __init__(self, form: Form) -> None:
        super().__init__(classes="dialog-screen")
        self.form = form

    def compose(self) -> ComposeResult:
        """A labelled box (or choice) per field with its error line, then the buttons."""
        with Vertical(classes="dialog", id="setup-form"):
            yield Label(Text(self.form.title), classes="dialog-title")
            for item in self.form.fields:
                with Horizontal(classes="field"):
                    yield Label(Text(item.label), classes="field-label")
                    if item.choices is not None:
                        options = [(Text(shown), value) for shown, value in item.choices]
                        yield Select(
                            options, id=f"setup-{item.key}", allow_blank=False, compact=True
                        )
                    else:
                        yield text_box(item.placeholder, id=f"setup-{item.key}", max_length=300)
                yield error_line(item.key)
            yield Static("", id="setup-preview", markup=False)
            yield error_line("general")
            with Horizontal(classes="dialog-buttons"):
                yield Button(self.form.ok, id="setup-ok", variant="primary", compact=True)
                yield Button("Close", id="setup-close", compact=True)
            hint = self.form.hint or "Enter or ctrl+s saves · Esc closes"
            yield Static(Text(hint), classes="dialog-hint", markup=False)

    def reset(self) -> None:
        """Put each field's starting value in; the keyboard in the first field."""
        super().reset()
        for item in self.form.fields:
            widget = self.query_one(f"#setup-{item.key}")
            if isinstance(widget, Select):
                if item.value:
                    widget.value = item.value
            elif isinstance(widget, Input):
                widget.value = item.value
                widget.cursor_position = len(item.value)
        if self.form.fields:
            self.set_focus(self.query_one(f"#setup-{self.form.fields[0].key}"))
        self._preview()

    def values(self) -> dict[str, str]:
        """What each field holds now, by key (a choice's value)."""
        found: dict[str, str] = {}
        for item in self.form.fields:
            widget = self.query_one(f"#setup-{item.key}")
            if isinstance(widget, Select):
                found[item.key] = "" if widget.is_blank() else str(widget.value)
            elif isinstance(widget, Input):
                found[item.key] = widget.value
        return found

    @on(Input.Changed)
    @on(Select.Changed)
    def _changed(self, event: Any) -> None:
        event.stop()
        self._preview()

    def _preview(self) -> None:
        line = self.query_one("#setup-preview", Static)
        shown = None
        if self.form.preview is not None and self.is_mounted:
            try:
                shown = self.form.preview(self.values())
            except USER_ERRORS:
                shown = None  # not a whole entry yet: saving says what is wrong
        line.update(shown or Text(""))
        line.display = shown is not None and bool(shown.plain)

    def action_save(self) -> None:
        """Save through the desk; answer what was done, or show why not by its field."""
        self.clear_errors()
        try:
            done = self.form.save(self.values())
        except USER_ERRORS as err:
            where = getattr(err, "field", None) or ""
            where = self.form.aliases.get(where, where)
            self.show_error(where if where in self._keys() else "general", str(err))
            return
        self.dismiss(done)

    def _keys(self) -> set[str]:
        return {item.key for item in self.form.fields}

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in a box saves."""
        event.stop()
        self.action_save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Save, or close without saving."""
        event.stop()
        if event.button.id == "setup-ok":
            self.action_save()
        else:
            self.action_close()
