"""What every dialog shares: one reused instance, ``ask`` to await an answer, inline errors.

Also the one text box of the dialogs (:class:`TextBox`: focus never selects what is in
it) and the rule that leaving a dialog, or quitting, with typed text asks first.
"""

from __future__ import annotations

from typing import Any, ClassVar, TypeVar

from rich.text import Text
from textual.app import App
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from console.ui.styles import SCREENS_CSS

ResultT = TypeVar("ResultT")

#: Asked before a dialog with typed, unsaved text is closed (or the console quits).
DISCARD_QUESTION = "Discard what you typed?"
CONFIRM_NAME = "confirm"  # the installed ConfirmDialog (confirm.py imports this module)


class TextBox(Input):
    """An ``Input`` that never selects its text on focus.

    Textual's ``Input`` selects everything when it gets focus, so the first key typed
    replaces a pre-filled value nobody chose to replace (an allergy, a name).
    """

    def __init__(self, *args: Any, select_on_focus: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, select_on_focus=select_on_focus, **kwargs)

    def put(self, value: str) -> None:
        """Show ``value`` with the cursor after it and nothing selected."""
        self.value = value
        self.cursor_position = len(value)


def text_box(placeholder: str = "", *, id: str | None = None, **kwargs: Any) -> TextBox:
    """A compact :class:`TextBox` (the dialogs' usual box)."""
    kwargs.setdefault("compact", True)
    return TextBox(placeholder=placeholder, id=id, **kwargs)


class Dialog(ModalScreen[ResultT]):
    """A modal dialog installed once under :attr:`NAME` and reused for every request.

    ``prepare`` receives the request; ``reset`` puts it into the widgets (on first mount
    and on every later use). Errors carry the field they belong to and are shown in the
    ``#error-<field>`` line under it (``#error-general`` otherwise).

    What the text boxes hold right after ``reset`` is remembered: when the person has
    typed something else since, Esc / Close (and quitting the console) ask
    :data:`DISCARD_QUESTION` first.
    """

    CSS_PATH = SCREENS_CSS

    NAME: ClassVar[str] = ""
    FIELD_ALIASES: ClassVar[dict[str, str]] = {}
    #: False where typed text is not work to lose (a search box).
    ASKS_BEFORE_DISCARD: ClassVar[bool] = True
    BINDINGS = [Binding("escape", "close", "Close", id="dialog.close")]

    _pristine: dict[int, str]

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
            self._show_request()

    def on_mount(self) -> None:
        """Show the first request."""
        self._show_request()

    def _show_request(self) -> None:
        self.reset()
        self.remember_typed()

    def reset(self) -> None:
        """Show the current request in the widgets."""
        self.clear_errors()
        # A button pressed as the dialog closed keeps Textual's brief "-active" look
        # while the screen is away (its timer waits with it), and an active button
        # ignores Enter: the reused dialog's next Save would do nothing.
        for button in self.query(Button).results(Button):
            button.remove_class("-active")

    # -- typed text ---------------------------------------------------------------

    def remember_typed(self) -> None:
        """Take what the boxes hold now as nothing typed (after filling them in)."""
        self._pristine = {id(box): box.value for box in self.query(Input).results(Input)}

    def has_typed_text(self) -> bool:
        """True when a box holds text the person typed and has not saved."""
        if not self.ASKS_BEFORE_DISCARD or not self.is_mounted:
            return False
        pristine = getattr(self, "_pristine", {})
        return any(
            box.value.strip() and box.value != pristine.get(id(box), "")
            for box in self.query(Input).results(Input)
            if not box.disabled
        )

    def action_close(self) -> None:
        """Close without an answer (None); with typed text, ask first."""
        if not self.has_typed_text():
            self.dismiss(None)
            return
        confirm = self.app.get_screen(CONFIRM_NAME)
        if confirm in self.app.screen_stack:  # already asking something
            return
        assert isinstance(confirm, Dialog)
        confirm.prepare(DISCARD_QUESTION, yes="Discard", no="Keep typing")

        def answered(answer: Any) -> None:
            if getattr(answer, "yes", False) and self.is_current:
                self.dismiss(None)

        self.app.push_screen(confirm, answered)

    # -- errors -------------------------------------------------------------------

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


def typed_dialogs(app: App[Any]) -> list[Dialog[Any]]:
    """The open dialogs holding typed, unsaved text (asked about before quitting)."""
    return [s for s in app.screen_stack if isinstance(s, Dialog) and s.has_typed_text()]


def error_line(field: str) -> Static:
    """The (hidden until needed) inline error line for ``field``."""
    return Static("", id=f"error-{field}", classes="field-error", markup=False)
