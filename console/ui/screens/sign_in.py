"""Who is at the desk: a name and a short PIN, before any patient detail shows.

At a front desk PC several people share one login (the service account's), so the
console asks who is there, as a shop till does: pick a name (a digit, or ↑/↓ and
Enter) or type it, then the PIN. Switching person later is F9, then the same.

Like the privacy lock this is a full, opaque :class:`Screen` (a ``ModalScreen`` would
let the schedule show through), and while it is up the app refuses every key that
would reach patient data (see ``FrontDeskApp.check_action``).
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from console.clinic.actor import Actor
from console.desk import USER_ERRORS, Desk
from console.ui.dialogs.base import error_line
from console.ui.styles import SCREENS_CSS

#: Names 1 to 9 are picked with their digit; more are reached with ↑/↓.
DIGITS = "123456789"
HINT = (
    "1–9 (or ↑/↓ Enter) picks your name; then PIN and Enter.\n"
    "Esc goes back to the names · Ctrl+Q quits"
)


class SignInScreen(Screen[Actor]):
    """Asks for a staff name and PIN; answers the :class:`Actor` now at the desk.

    The PIN is checked by :meth:`Desk.sign_in` (a slow hash, so in a thread); a wrong
    one, or a name paused after repeated wrong PINs, is one sentence under its field.
    """

    CSS_PATH = SCREENS_CSS

    AUTO_FOCUS = "#sign-in-names"
    # Priority: handled by the app in the order the keys came, before the next key is
    # given to a widget. "1" then a fast "2468" must put 2468 in the PIN box, even when
    # the keys arrive in one burst (over SSH they often do); see check_action.
    BINDINGS = [
        *(
            Binding(d, f"pick({i})", f"Name {d}", show=False, priority=True, id=f"sign_in.pick_{d}")
            for i, d in enumerate(DIGITS)
        ),
        Binding("up", "move(-1)", "Previous name", show=False, priority=True, id="sign_in.up"),
        Binding("down", "move(1)", "Next name", show=False, priority=True, id="sign_in.down"),
        Binding("enter", "next", "Next box", show=False, priority=True, id="sign_in.next"),
        Binding(
            "escape", "names", "Back to the names", show=False, priority=True, id="sign_in.names"
        ),
    ]

    @dataclass
    class Checked(Message, bubble=False):
        """The PIN was checked (in a worker): the actor, or the refusal and its field."""

        actor: Actor | None
        field: str = "pin"
        error: str = ""

    def __init__(self, desk: Desk, last: str = "", note: str = "") -> None:
        super().__init__(id="sign-in")
        self.desk = desk
        self.names = desk.staff_names()
        self.last = last  # the name highlighted first (the person who was at the desk)
        self.note = note  # a sentence to show at the bottom from the start
        self.checking = False

    def compose(self) -> ComposeResult:
        """The clinic's name, the staff names, the name and PIN boxes and the hint."""
        with Vertical(id="sign-in-box"):
            yield Static(Text(self.desk.config.name, "bold"), id="sign-in-clinic")
            yield Label("Who is at the desk?", id="sign-in-title")
            yield OptionList(
                *(
                    Option(Text(f"{DIGITS[i]}  {name}" if i < 9 else f"   {name}"), id=name)
                    for i, name in enumerate(self.names)
                ),
                id="sign-in-names",
            )
            with Horizontal(classes="field"):
                yield Label("Name", classes="field-label")
                yield Input(id="sign-in-name", compact=True, max_length=32)
            yield error_line("name")
            with Horizontal(classes="field"):
                yield Label("PIN", classes="field-label")
                yield Input(
                    id="sign-in-pin", compact=True, password=True, max_length=8, restrict=r"\d*"
                )
            yield error_line("pin")
            yield error_line("general")
            yield Static(HINT, classes="dialog-hint", markup=False)

    def on_mount(self) -> None:
        """Remove toasts and tooltips (they may name a patient); highlight the last name."""
        for widget in self.query("#textual-toastrack, #textual-tooltip"):
            widget.remove()
        if self.last in self.names:
            self.query_one(OptionList).highlighted = self.names.index(self.last)
        if self.note:
            self.show_error("general", self.note)

    # -- choosing the name ----------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Digits and ↑/↓ pick names only in the list; Enter in the PIN box is the box's."""
        names = self.query_one("#sign-in-names", OptionList)
        if action in ("pick", "move"):
            return self.focused is names
        if action == "next":
            return self.focused is names or self.focused is self.query_one("#sign-in-name")
        return True

    def action_move(self, step: int) -> None:
        """Highlight the previous or next name."""
        names = self.query_one("#sign-in-names", OptionList)
        if self.names:
            current = names.highlighted if names.highlighted is not None else -step
            names.highlighted = (current + step) % len(self.names)

    def action_next(self) -> None:
        """Enter: in the list, pick the highlighted name; in the name box, on to the PIN.

        The name box's text is read when the PIN is given (keys typed before this Enter
        may still be on their way to it).
        """
        names = self.query_one("#sign-in-names", OptionList)
        if self.focused is names:
            if names.highlighted is not None and self.names:
                self.action_pick(names.highlighted)
            return
        self.set_focus(self.query_one("#sign-in-pin", Input))

    def action_pick(self, index: int) -> None:
        """Pick name number ``index`` (0-based) of the list, then ask for the PIN."""
        if index < len(self.names):
            self.query_one(OptionList).highlighted = index
            self._chosen(self.names[index])

    def action_names(self) -> None:
        """Back to the list of names, the boxes emptied (the wrong name was picked)."""
        for box in self.query(Input).results(Input):
            with box.prevent(Input.Changed):
                box.value = ""
        self.clear_errors()
        self.set_focus(self.query_one(OptionList))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter (or a click) on a name picks it."""
        event.stop()
        self._chosen(str(event.option.id or ""))

    def _chosen(self, name: str) -> None:
        self.query_one("#sign-in-name", Input).value = name
        pin = self.query_one("#sign-in-pin", Input)
        pin.value = ""
        self.clear_errors()
        self.set_focus(pin)

    # -- the boxes ---------------------------------------------------------------------

    def on_input_changed(self, event: Input.Changed) -> None:
        """Typing clears the last error."""
        self.clear_errors()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in the PIN box signs in (after every key typed before it reached the box)."""
        event.stop()
        name = self.query_one("#sign-in-name", Input).value
        if event.input.id != "sign-in-pin":
            return
        if not name.strip():
            self.show_error("name", "Pick your name from the list or type it.")
            self.set_focus(self.query_one("#sign-in-names", OptionList))
            return
        if not self.checking:
            self.checking = True
            self._check(name, event.value)

    @work(thread=True, exclusive=True, group="sign-in")
    def _check(self, name: str, pin: str) -> None:
        # scrypt takes a few tenths of a second on purpose: not on the UI thread.
        try:
            found = self.Checked(self.desk.sign_in(name, pin))
        except USER_ERRORS as err:
            found = self.Checked(None, getattr(err, "field", None) or "pin", str(err))
        if not get_current_worker().is_cancelled:
            self.post_message(found)

    def on_sign_in_screen_checked(self, message: Checked) -> None:
        """Signed in: leave. Refused: the sentence under its field, the PIN box emptied."""
        self.checking = False
        if message.actor is not None:
            self.dismiss(message.actor)
            return
        pin = self.query_one("#sign-in-pin", Input)
        with pin.prevent(Input.Changed):
            pin.value = ""
        self.show_error(message.field, message.error)
        target = self.query_one("#sign-in-name", Input) if message.field == "name" else pin
        self.set_focus(target)

    # -- inline errors (as in the dialogs) --------------------------------------------

    def clear_errors(self) -> None:
        """Hide every inline error."""
        for line in self.query(".field-error").results(Static):
            line.update("")
            line.remove_class("-shown")

    def show_error(self, field: str, message: str) -> None:
        """Show ``message`` under ``field`` (``name``, ``pin``; else at the bottom)."""
        found = self.query(f"#error-{field}").results(Static)
        line = next(iter(found), None) or self.query_one("#error-general", Static)
        line.update(Text(message))
        line.add_class("-shown")
