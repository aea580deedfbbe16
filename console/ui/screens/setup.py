"""The clinic's setup: providers, time off, rooms, visit types, hours and closures.

A manager changes them here (each change through the desk, audited, seen at once by
every desk); anyone else sees them read-only and is told so in the desk's one sentence.
A time off or a closure lists, under it, the visits it strands: Enter moves one.
"""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from console.desk import USER_ERRORS, Desk
from console.ui import format as fmt
from console.ui.dialogs import BookingDialog, BookingRequest, ConfirmDialog
from console.ui.dialogs.setup_form import Form, SetupFormDialog
from console.ui.messages import StoreChanged
from console.ui.setup_forms import (
    WHAT,
    closure_form,
    hours_form,
    provider_form,
    room_form,
    room_out_form,
    time_off_form,
    type_form,
)
from console.ui.setup_rows import ROWS, SECTION_KEYS, SECTIONS
from console.ui.styles import SCREENS_CSS
from console.ui.widgets.footer import DeskFooter
from console.ui.widgets.header import ClinicHeader
from console.ui.widgets.status_line import StatusLine
from console.ui.widgets.too_small import TooSmall

#: What removing each kind of row asks, and the desk call that does it.
REMOVE_QUESTIONS = {
    "provider": "Remove the provider {}? (refused while they have visits to come)",
    "timeoff": "Remove this time off? The provider is bookable again then.",
    "room": "Remove {}? (refused while visits to come use it)",
    "closure": "Open again on {}?",
}


class SetupScreen(Screen[None]):
    """One section at a time (menu on the left), its rows on the right."""

    CSS_PATH = SCREENS_CSS

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="setup.back"),
        Binding("a", "add", "Add", id="setup.add"),
        Binding("e", "edit", "Change", id="setup.edit"),
        Binding("delete", "remove", "Remove", id="setup.remove"),
        Binding("o", "toggle_room", "Room in/out", show=False, id="setup.toggle_room"),
        # Priority: the lists would scroll sideways with them (they never need to).
        Binding("left", "focus_menu", "Sections", show=False, priority=True, id="setup.menu"),
        Binding("right", "focus_rows", "Rows", show=False, priority=True, id="setup.rows"),
    ]

    def __init__(self, desk: Desk) -> None:
        super().__init__(id="setup")
        self.desk = desk
        self.section = SECTION_KEYS[0]
        self._then = ""  # an action to run once it shows (a palette command's)

    def compose(self) -> ComposeResult:
        """Header, title, the section menu beside the rows, the status line and keys."""
        yield ClinicHeader(self.desk.config.name)
        with Container(classes="body"):
            yield Static("", id="setup-title", classes="day-line", markup=False)
            with Horizontal(id="setup-body"):
                yield OptionList(
                    *(Option(label, id=key) for key, label, _ in SECTIONS), id="setup-menu"
                )
                with Vertical(id="setup-main"):
                    yield Static("", id="setup-keys", classes="detail-line", markup=False)
                    yield OptionList(id="setup-rows")
            yield StatusLine(id="setup-status")
        yield TooSmall()
        yield DeskFooter()

    @property
    def status(self) -> StatusLine:
        """The one-line result of the last change, or why not."""
        return self.query_one(StatusLine)

    @property
    def rows(self) -> OptionList:
        """The section's rows."""
        return self.query_one("#setup-rows", OptionList)

    def on_screen_resume(self) -> None:
        """Each time it shows: header, who may change what, fresh rows."""
        self.query_one(ClinicHeader).show(
            self.desk.today(), fmt.time_label(self.desk.now()), fmt.open_now(self.desk)
        )
        title = Text("Clinic setup", "bold")
        try:
            self.desk.require_manager(WHAT)
        except USER_ERRORS as err:
            title.append(f" · read-only: {err}", fmt.YELLOW)
        self.query_one("#setup-title", Static).update(title)
        self.show(self.section)
        then, self._then = self._then, ""
        if then:
            getattr(self, f"action_{then}")()

    def open_at(self, section: str = "", then: str = "") -> None:
        """Show ``section`` next time it shows, and then run action ``then`` (``"add"``)."""
        if section:
            self.section = section
        self._then = then

    def on_store_changed(self, message: StoreChanged) -> None:
        """Another desk changed something (its setup too): read the rows again."""
        if self.is_mounted:
            self.reload()

    def show(self, section: str, *, focus_rows: bool = True) -> None:
        """Show ``section`` (a key of :data:`SECTIONS`) with the keyboard in its rows."""
        self.section = section
        menu = self.query_one("#setup-menu", OptionList)
        index = SECTION_KEYS.index(section)
        if menu.highlighted != index:
            menu.highlighted = index
        keys = next(about for key, _, about in SECTIONS if key == section)
        self.query_one("#setup-keys", Static).update(Text(keys))
        self.reload()
        if focus_rows:
            self.rows.focus()

    def reload(self) -> None:
        """Read the section's rows again, keeping the cursor on the same row."""
        rows = self.rows
        was = self.selected
        try:
            found = ROWS[self.section](self.desk)
        except USER_ERRORS as err:
            found = []
            self.status.say(str(err), error=True)
        rows.clear_options()
        rows.add_options(Option(text, id=rid) for rid, text in found)
        ids = [rid for rid, _ in found]
        if was in ids:
            rows.highlighted = ids.index(was)
        elif found:
            rows.highlighted = 0

    @property
    def selected(self) -> str:
        """The id of the row under the cursor ("" when none)."""
        rows = self.rows
        if rows.highlighted is None or not rows.option_count:
            return ""
        return str(rows.get_option_at_index(rows.highlighted).id or "")

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        """Moving in the menu shows that section (the keyboard stays in the menu)."""
        menu = event.option_list
        # Only the person's own moves: a highlight set by show() comes back as an event
        # too, possibly after another show() (a palette command) moved it on: stale.
        stale = event.option_index != menu.highlighted
        if menu.id == "setup-menu" and not stale and event.option.id != self.section:
            self.show(str(event.option.id), focus_rows=False)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter in the menu goes to the rows; Enter on a row changes it (or moves a visit)."""
        event.stop()
        if event.option_list.id == "setup-menu":
            self.show(str(event.option.id))
        else:
            self.action_edit()

    def action_focus_menu(self) -> None:
        """To the section menu."""
        self.query_one("#setup-menu").focus()

    def action_focus_rows(self) -> None:
        """To the section's rows."""
        self.rows.focus()

    # -- changes ------------------------------------------------------------------

    def _manager(self) -> bool:
        """True for a manager; anyone else is told why not (nothing is opened)."""
        try:
            self.desk.require_manager(WHAT)
        except USER_ERRORS as err:
            self.status.say(str(err), error=True)
            return False
        return True

    def action_add(self) -> None:
        """Add a provider, time off, room or closure; the hours open their form."""
        if not self._manager():
            return
        kind, _, key = self.selected.partition(":")
        forms = {
            "providers": lambda: provider_form(self.desk),
            "time_off": lambda: time_off_form(self.desk, self._provider_of(kind, key)),
            "rooms": lambda: room_form(self.desk),
            "hours": lambda: hours_form(self.desk),
            "closures": lambda: closure_form(self.desk),
        }
        if self.section == "time_off" and not self.desk.config.providers:
            self.status.say("Add a provider first (Providers, a).", error=True)
            return
        if self.section not in forms:
            self.status.say("Visit types come with the clinic; Enter changes one.", error=True)
            return
        self._run_form(forms[self.section]())

    def _provider_of(self, kind: str, key: str) -> str | None:
        if kind == "timeoff":
            return next((t.provider for t in self.desk.time_off_list() if t.id == key), None)
        return None

    def action_edit(self) -> None:
        """Change the row under the cursor; on a stranded visit, move it."""
        kind, _, key = self.selected.partition(":")
        if kind == "visit":
            self._move(key)
            return
        if not kind:
            self.status.say("Nothing here yet: a adds one.", error=True)
            return
        if not self._manager():
            return
        if kind == "room":
            self.action_toggle_room()
        elif kind == "provider":
            self._run_form(provider_form(self.desk, key))
        elif kind == "type":
            self._run_form(type_form(self.desk, key))
        elif kind == "hours":
            self._run_form(hours_form(self.desk))
        else:
            self.status.say("To change it, remove it (Del) and add it again (a).", error=True)

    def action_toggle_room(self) -> None:
        """Take the room under the cursor out of service (asks why), or back into it."""
        kind, _, name = self.selected.partition(":")
        if kind != "room" or not self._manager():
            return
        if self.desk.config.room(name).in_service:
            self._run_form(room_out_form(self.desk, name))
            return
        try:
            self.desk.set_room(name, in_service=True)
        except USER_ERRORS as err:
            self.status.say(str(err), error=True)
            return
        self._said(f"{name} is back in service.")

    def action_remove(self) -> None:
        """Remove the row under the cursor, once confirmed."""
        kind, _, key = self.selected.partition(":")
        if kind not in REMOVE_QUESTIONS:
            self.status.say("Nothing to remove here.", error=True)
            return
        if self._manager():
            self._remove(kind, key)

    @work(group="dialog", exclusive=True)
    async def _remove(self, kind: str, key: str) -> None:
        question = Text(REMOVE_QUESTIONS[kind].format(key))
        answer = await ConfirmDialog.confirm(self.app, question, yes="Remove", no="Keep")
        if not answer.yes:
            self.status.say("Nothing changed.")
            return
        try:
            if kind == "provider":
                self.desk.remove_provider(key)
                said = f"Removed {key}."
            elif kind == "timeoff":
                gone = self.desk.remove_time_off(key)
                said = f"Removed {gone.provider}'s time off."
            elif kind == "room":
                self.desk.remove_room(key)
                said = f"Removed {key}."
            else:
                self.desk.remove_closure(key)
                said = f"Open again on {key}."
        except USER_ERRORS as err:
            self.status.say(str(err), error=True)
            return
        self._said(said)

    @work(group="dialog", exclusive=True)
    async def _run_form(self, form: Form) -> None:
        done = await self.app.push_screen_wait(SetupFormDialog(form))
        if done:
            self._said(done)

    @work(group="dialog", exclusive=True)
    async def _move(self, appointment_id: str) -> None:
        try:
            appt = self.desk.appointment(appointment_id)
        except USER_ERRORS as err:
            self.status.say(str(err), error=True)
            return
        request = BookingRequest.for_visit("move", appt, appt.start_at(self.desk.tz))
        moved = await BookingDialog.ask(self.app, request)
        if moved is not None:
            self._said(f"Moved: {fmt.describe_booking(self.desk, moved)}.")

    def _said(self, sentence: str) -> None:
        self.status.say(Text(sentence), done=True)
        self.reload()
