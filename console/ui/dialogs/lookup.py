"""Quick lookup: results as you type (typos allowed), Enter picks the patient."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from console.desk import USER_ERRORS, Desk, PatientMatch
from console.services import series
from console.ui import format as fmt
from console.ui.dialogs.base import Dialog, TextBox, error_line
from console.ui.messages import StoreChanged

NEW_PATIENT = "new:"


def match_prompt(desk: Desk, match: PatientMatch, progress: str = "") -> Text:
    """Two lines: name, phone and birth date; then the next visit, history and series."""
    patient = match.patient
    text = Text(no_wrap=True, overflow="ellipsis", end="")
    text.append(fmt.who(patient), "bold")
    if patient.alert:
        text.append("  ").append_text(fmt.alert_text(patient))
    if patient.phone:
        text.append(f"  {fmt.phone(patient)}")
    if born := fmt.private(patient.dob.isoformat() if patient.dob else "", hidden=""):
        text.append(f"  born {born}", "dim")
    text.append("\n")
    if match.next_visit is not None:
        start = match.next_visit.start_at(desk.tz)
        text.append(f"  next {fmt.short_day(start.date())} {fmt.time_label(start)}", fmt.CYAN)
    else:
        text.append("  no visit booked", "dim")
    visits = match.past_visits
    text.append(f" · {visits} past visit{'s' if visits != 1 else ''}", "dim")
    if progress:
        text.append(f" · {progress}", fmt.CYAN)
    return text


def series_of(desk: Desk, match: PatientMatch) -> str:
    """The progress of the series of the patient's next or last series visit ("" if none)."""
    visit = match.next_visit
    if visit is not None and (state := series.progress_of_visit(desk, visit, glance=True)):
        return state.describe()
    if match.past_visits:
        for key in series.series_types(desk):
            state = series.progress(desk, match.patient.id, key, glance=True)
            if state is not None and not state.complete:
                return state.describe()
    return ""


class LookupDialog(Dialog[str | None]):
    """Find a patient by name, phone or date of birth.

    Answers the patient id; in "choose" mode also ``new:<what was typed>`` when the
    person asks for a new patient.
    """

    NAME = "lookup"
    ASKS_BEFORE_DISCARD = False  # a search is not work to lose
    BINDINGS = [
        Binding("down", "move(1)", "Next", show=False, id="lookup.down"),
        Binding("up", "move(-1)", "Previous", show=False, id="lookup.up"),
        Binding("ctrl+n", "new_patient", "New patient", id="lookup.new"),
    ]

    @dataclass
    class Results(Message, bubble=False):
        """Matches for ``query`` were found in a worker."""

        query: str
        matches: list[PatientMatch]
        error: str = ""
        series: dict[str, str] = field(default_factory=dict)  # patient id -> progress

    def __init__(self, desk: Desk) -> None:
        super().__init__(classes="dialog-screen")
        self.desk = desk
        self._mode = "open"
        self._title = "Find patient"
        self._typed = ""

    def prepare(
        self, mode: str = "open", title: str = "Find patient", typed: str = "", **kwargs: Any
    ) -> None:
        """Take the mode (``open`` or ``choose``), the title and what is already typed."""
        self._mode, self._title, self._typed = mode, title, typed
        super().prepare()

    def compose(self) -> ComposeResult:
        """The search box, the results, errors and the hint."""
        with Vertical(classes="dialog", id="lookup-dialog"):
            yield Label("", id="lookup-title", classes="dialog-title")
            yield TextBox(placeholder="Name, phone or date of birth", id="lookup-input")
            yield OptionList(id="lookup-results")
            yield error_line("general")
            yield Static("", id="lookup-hint", classes="dialog-hint", markup=False)

    def reset(self) -> None:
        """Title and hint for the mode; the search box with what was typed (cursor after it)."""
        super().reset()
        self.query_one("#lookup-title", Label).update(Text(self._title))
        hint = "↑/↓ choose · Enter opens · Esc closes"
        if self._mode == "choose":
            hint = "↑/↓ choose · Enter picks · ctrl+n new patient · Esc closes"
        self.query_one("#lookup-hint", Static).update(hint)
        box = self.query_one(TextBox)
        self._fill([], "")
        box.put(self._typed)
        if self._typed.strip():
            self._search(self._typed)
        self.set_focus(box)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """New patient is offered only when choosing who a visit is for."""
        if action == "new_patient":
            return self._mode == "choose"
        return True

    # -- searching ----------------------------------------------------------------

    def on_store_changed(self, message: StoreChanged) -> None:
        """Some desk changed the store: search again for what is typed."""
        # Next visits may have moved: search again for what is typed, keeping the pick.
        if self.is_mounted and self.query_one(Input).value.strip():
            self._search(self.query_one(Input).value)

    def on_input_changed(self, event: Input.Changed) -> None:
        """Search as the person types."""
        event.stop()
        self._search(event.value)

    @work(thread=True, exclusive=True, group="lookup")
    def _search(self, query: str) -> None:
        if not query.strip():
            self.post_message(self.Results(query, []))
            return
        try:
            matches = self.desk.find(query, limit=8)
        except USER_ERRORS as err:
            self.post_message(self.Results(query, [], str(err)))
            return
        progress: dict[str, str] = {}
        for match in matches:
            if get_current_worker().is_cancelled:
                return
            try:
                if line := series_of(self.desk, match):
                    progress[match.patient.id] = line
            except USER_ERRORS:
                pass  # progress is a help; the match stands without it
        if not get_current_worker().is_cancelled:
            self.post_message(self.Results(query, matches, series=progress))

    def on_lookup_dialog_results(self, message: Results) -> None:
        """Show the matches, unless more was typed since."""
        if message.query != self.query_one(Input).value:  # typed on since: stale
            return
        self.clear_errors()
        if message.error:
            self.show_error("general", message.error)
        self._fill(message.matches, message.query, message.series)

    def _fill(
        self, matches: list[PatientMatch], query: str, progress: dict[str, str] | None = None
    ) -> None:
        results = self.query_one(OptionList)
        was = results.highlighted_option.id if results.highlighted_option else None
        results.clear_options()
        progress = progress or {}
        options = [
            Option(match_prompt(self.desk, m, progress.get(m.patient.id, "")), id=m.patient.id)
            for m in matches
        ]
        if query.strip() and not matches:
            options.append(
                Option(Text(f"No patient matches “{query.strip()}”.", "dim"), disabled=True)
            )
        if self._mode == "choose" and query.strip():
            label = Text("+ New patient", f"bold {fmt.GREEN}")
            options.append(Option(label, id=NEW_PATIENT))
        results.add_options(options)
        results.highlighted = 0 if matches or (self._mode == "choose" and query.strip()) else None
        if was is not None and any(option.id == was for option in options):
            results.highlighted = results.get_option_index(was)

    # -- choosing -----------------------------------------------------------------

    def action_move(self, step: int) -> None:
        """Move the highlight in the results (from the search box)."""
        results = self.query_one(OptionList)
        if step > 0:
            results.action_cursor_down()
        else:
            results.action_cursor_up()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter picks the highlighted result."""
        event.stop()
        results = self.query_one(OptionList)
        if results.highlighted is None:
            return
        self._pick(results.get_option_at_index(results.highlighted).id)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Pick the chosen result."""
        event.stop()
        self._pick(event.option.id)

    def _pick(self, option_id: str | None) -> None:
        if option_id == NEW_PATIENT:
            self.action_new_patient()
        elif option_id:
            self.dismiss(option_id)

    def action_new_patient(self) -> None:
        """Answer a new patient, named by what was typed (choose mode only)."""
        if self._mode == "choose":
            self.dismiss(NEW_PATIENT + self.query_one(Input).value.strip())
