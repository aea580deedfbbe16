"""Day close: today's loose ends as a to-do list; Enter on a row acts on it in place."""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

from rich.text import Text
from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, Vertical
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from console.clinic import status as st
from console.clinic.errors import ClinicError
from console.clinic.models import Appointment
from console.clinic.treatments import Question
from console.desk import USER_ERRORS, Desk, Visit
from console.services import visit_care
from console.services.day_close import DayClose, SeriesDue, day_close
from console.ui import format as fmt
from console.ui.dialogs import (
    ConfirmDialog,
    OneBoxDialog,
    QuestionsDialog,
    give_aftercare,
    needs_questions,
)
from console.ui.dialogs.confirm import confirm_key
from console.ui.dialogs.series_plan import next_session_for, offer_session
from console.ui.dialogs.visit_care import flag_words, tell_provider
from console.ui.keyguard import guard_of, guard_typing, start_search
from console.ui.messages import StoreChanged
from console.ui.styles import SCREENS_CSS
from console.ui.visit_actions import after_completed, undo_last_change
from console.ui.widgets.footer import DeskFooter
from console.ui.widgets.header import ClinicHeader
from console.ui.widgets.status_line import StatusLine
from console.ui.widgets.too_small import TooSmall

NO_OUTCOME, UNANSWERED, FLAGGED, AFTERCARE, SERIES = (
    "no_outcome",
    "unanswered",
    "flagged",
    "aftercare",
    "series",
)
TITLES = {
    NO_OUTCOME: "Visits with no outcome",
    UNANSWERED: "Checked in without answers",
    FLAGGED: "Answers flagged for the provider",
    AFTERCARE: "Aftercare not given",
    SERIES: "Series without a next booking",
}

#: Every action a row may offer: its key on the screen and its words in the row's menu.
ACTIONS = {
    "arrived": ("a", "Arrived (check in)"),
    "in_treatment": ("i", "In treatment"),
    "completed": ("d", "Completed (done)"),
    "no_show": ("n", "No-show…"),
    "cancelled": ("x", "Cancel the visit…"),
    "answers": ("q", "Record the pre-treatment answers"),
    "aftercare": ("g", "Give the aftercare"),
    "book_next": ("b", "Book the next session"),
}
#: The row keys that change a visit's status: each asks first (one key, Enter), so a
#: name typed where no text box is ("dina") never completes or checks in anybody.
ASKING = ("arrived", "in_treatment", "completed", "no_show", "cancelled")

#: What a visit row offers, by its status (through the desk's status rules).
STATUS_ACTIONS = {
    st.BOOKED: ("arrived", "no_show", "cancelled"),
    st.CONFIRMED: ("arrived", "no_show", "cancelled"),
    st.ARRIVED: ("in_treatment", "completed", "cancelled"),
    st.IN_TREATMENT: ("completed",),
}


@dataclass(frozen=True)
class Entry:
    """One row of the to-do list: a visit, or a series due."""

    key: str  # "<section>:<visit or patient id>"
    section: str
    visit: Visit | None = None
    due: SeriesDue | None = None

    @property
    def actions(self) -> tuple[str, ...]:
        """What can be done from this row, in menu order."""
        if self.due is not None:
            return ("book_next",)
        if self.visit is None:
            return ()
        appt = self.visit.appointment
        found = list(STATUS_ACTIONS.get(appt.status, ()))
        if self.section == UNANSWERED:
            found.insert(0, "answers")
        if self.section == AFTERCARE:
            found.insert(0, "aftercare")
        return tuple(found)


def entries(report: DayClose) -> list[Entry]:
    """Every row of the report, section by section."""
    found: list[Entry] = []
    sections: list[tuple[str, tuple[Visit, ...]]] = [
        (NO_OUTCOME, report.no_outcome),
        (UNANSWERED, report.unanswered),
        (FLAGGED, tuple(v for v, _ in report.flagged)),
        (AFTERCARE, report.aftercare_missing),
    ]
    for section, visits in sections:
        found += [Entry(f"{section}:{v.appointment.id}", section, visit=v) for v in visits]
    found += [
        Entry(f"{SERIES}:{d.patient_id}:{d.type_key}", SERIES, due=d) for d in report.series_due
    ]
    return found


def flagged_questions(report: DayClose, visit: Visit) -> tuple[Question, ...]:
    """The flagged questions of ``visit`` in the report."""
    aid = visit.appointment.id
    return next((qs for v, qs in report.flagged if v.appointment.id == aid), ())


def _visit_prompt(visit: Visit, grace: int) -> Text:
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append(f"  {fmt.time_label(visit.start):>8}  ")
    text.append(fmt.who(visit.patient), "bold")
    text.append(f"  {visit.type_label} · {st.LABELS[visit.appointment.status]}")
    late = fmt.overdue_minutes(visit, grace)
    if late is not None:
        text.append(f"  overdue {fmt.duration_words(late)}", fmt.OVERDUE_STYLE)
    return text


def row_prompt(entry: Entry, report: DayClose, grace: int) -> Text:
    """How one row reads."""
    if entry.due is not None:
        due = entry.due
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append("  ")
        text.append(fmt.who(due.name), "bold")
        text.append(f"  {due.progress.describe()}", fmt.CYAN)
        if due.missed:
            text.append("  missed", f"bold {fmt.RED}")
        return text
    assert entry.visit is not None
    text = _visit_prompt(entry.visit, grace)
    if entry.section == FLAGGED:
        questions = flagged_questions(report, entry.visit)
        text.append(f"  ⚑ {', '.join(flag_words(questions))}", fmt.FLAG_STYLE)
    return text


def menu_title(entry: Entry) -> Text:
    """``Ana O'Brien · 10:15 AM Follow-up · booked`` (or the series) for the row's menu."""
    if entry.due is not None:
        return Text(f"{fmt.who(entry.due.name)} · {entry.due.progress.describe()}")
    assert entry.visit is not None
    visit = entry.visit
    return Text(
        f"{fmt.who(visit.patient)} · {fmt.time_label(visit.start)} {visit.type_label}"
        f" · {st.LABELS[visit.appointment.status]}"
    )


def report_text(report: DayClose, grace: int) -> Text:
    """The whole report as text (every section with its count), or "all clear"."""
    if report.clear:
        return Text(
            f"All clear for {fmt.day_label(report.day)}: nothing left to resolve.",
            f"bold {fmt.GREEN}",
        )
    rows = entries(report)
    text = Text()
    for section, title in TITLES.items():
        mine = [e for e in rows if e.section == section]
        if text:
            text.append("\n\n")
        text.append(f"{title} ({len(mine)})", f"bold {fmt.YELLOW}" if mine else "bold")
        if not mine:
            text.append("\n  none", "dim")
        for entry in mine:
            text.append("\n")
            text.append_text(row_prompt(entry, report, grace))
    return text


class Unchanged(str):
    """A sentence saying nothing was changed (so "u undoes" is not offered after it)."""


class RowMenu(ModalScreen[str | None]):
    """A short menu for one row (or one question): Enter picks, Esc closes."""

    CSS_PATH = SCREENS_CSS

    BINDINGS = [Binding("escape", "close", "Close", id="day_close.menu.close")]

    def __init__(self, title: Text, choices: list[tuple[str, str]], note: str = "") -> None:
        super().__init__(classes="dialog-screen")
        self._title = title
        self._choices = choices
        self._note = note

    def compose(self) -> ComposeResult:
        """The row, its actions, and the hint."""
        with Vertical(classes="dialog", id="day-close-menu"):
            yield Label(self._title, classes="dialog-title", markup=False)
            if self._note:
                yield Static(Text(self._note, "dim italic"), markup=False)
            yield OptionList(
                *(Option(Text(words), id=key) for key, words in self._choices),
                id="day-close-menu-list",
            )
            yield Static("↑/↓ choose · Enter does it · Esc closes", classes="dialog-hint")

    def on_mount(self) -> None:
        """The keyboard in the menu."""
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Answer the action chosen."""
        event.stop()
        self.dismiss(event.option.id)

    def action_close(self) -> None:
        """Close without doing anything."""
        self.dismiss(None)


class DayCloseScreen(Screen[None]):
    """Today's loose ends at closing time; Enter opens a row's actions, r reads again."""

    CSS_PATH = SCREENS_CSS

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="day_close.back"),
        Binding("enter", "open_row", "Actions", id="day_close.open"),
        Binding("a", "act('arrived')", "Arrived", show=False, id="day_close.arrived"),
        Binding("i", "act('in_treatment')", "In treatment", show=False, id="day_close.treatment"),
        Binding("d", "act('completed')", "Done", show=False, id="day_close.completed"),
        Binding("n", "act('no_show')", "No-show", show=False, id="day_close.no_show"),
        Binding("x", "act('cancelled')", "Cancel", show=False, id="day_close.cancel"),
        Binding("q", "act('answers')", "Answers", show=False, id="day_close.answers"),
        Binding("g", "act('aftercare')", "Aftercare", show=False, id="day_close.aftercare"),
        Binding("b", "act('book_next')", "Book next", show=False, id="day_close.book_next"),
        Binding("u", "undo", "Undo", id="day_close.undo"),
        Binding("r", "refresh_report", "Refresh", id="day_close.refresh"),
    ]

    @dataclass
    class Loaded(Message, bubble=False):
        """The day-close report was read in a worker (``error`` says why not)."""

        report: DayClose | None
        error: str = ""

    def __init__(self, desk: Desk) -> None:
        super().__init__(id="day-close")
        self.desk = desk
        self.report: DayClose | None = None
        self.rows: list[Entry] = []

    def compose(self) -> ComposeResult:
        """Header, title, the to-do list, the status line and keys."""
        yield ClinicHeader(self.desk.config.name)
        with Container(classes="body"):
            yield Static("", id="day-close-title", classes="day-line", markup=False)
            yield OptionList(id="day-close-list")
            yield StatusLine(id="day-close-status")
        yield TooSmall()
        yield DeskFooter()

    @property
    def listing(self) -> OptionList:
        """The to-do list."""
        return self.query_one("#day-close-list", OptionList)

    @property
    def status(self) -> StatusLine:
        """The screen's one-line status (results and refusals)."""
        return self.query_one("#day-close-status", StatusLine)

    def on_screen_resume(self) -> None:
        """Each time it shows: header, title, and a fresh report."""
        today = self.desk.today()
        self.query_one(ClinicHeader).show(
            today, fmt.time_label(self.desk.now()), fmt.open_now(self.desk)
        )
        self.query_one("#day-close-title", Static).update(
            Text(f"Day close · {fmt.day_label(today)}", "bold")
        )
        self.listing.focus()
        self.action_refresh_report()

    def on_store_changed(self, message: StoreChanged) -> None:
        """Some desk changed the store: read the report again, quietly."""
        if self.is_mounted:
            self._load()

    def action_refresh_report(self) -> None:
        """Read the day's loose ends again."""
        self.status.say("Reading the day…")
        self._load()

    def action_undo(self) -> None:
        """Undo this desk's last change (an outcome recorded on the wrong row)."""
        if undo_last_change(self.desk, self.status):
            self.reload()

    def reload(self) -> None:
        """Read the report again (after an action)."""
        self._load()

    @work(thread=True, exclusive=True, group="day-close-load")
    def _load(self) -> None:
        try:
            report = day_close(self.desk, self.desk.today())
        except USER_ERRORS as err:
            self.post_message(self.Loaded(None, str(err)))
            return
        if not get_current_worker().is_cancelled:
            self.post_message(self.Loaded(report))

    def on_day_close_screen_loaded(self, message: Loaded) -> None:
        """Show the report just read, with its counts in the title."""
        if message.report is None:
            self.status.say(message.error, error=True)
            return
        self.report = report = message.report
        counts = [
            (len(report.no_outcome), "no outcome"),
            (len(report.unanswered), "no answers"),
            (len(report.flagged), "flagged"),
            (len(report.aftercare_missing), "aftercare"),
            (len(report.series_due), "series"),
        ]
        # Only what is left to do: at 80 columns every zero would push the rest off.
        said = "".join(f" · {n} {words}" for n, words in counts if n)
        title = Text(f"Day close · {fmt.day_label(report.day)}", "bold")
        title.append("  all clear" if report.clear else said)
        title.no_wrap, title.overflow = True, "ellipsis"
        self.query_one("#day-close-title", Static).update(title)
        self._fill(report)
        if not self.status.has_class("-done") and not self.status.has_class("-error"):
            self.status.say(
                f"As of {fmt.time_label(self.desk.now())} · Enter acts on a row · r reads again"
            )

    def _fill(self, report: DayClose) -> None:
        """Refill the list; the cursor stays on its row, or moves to the next one."""
        listing = self.listing
        was = listing.highlighted
        kept = self.picked
        self.rows = entries(report)
        grace = self.desk.config.no_show_grace_minutes
        options: list[Option] = []
        if report.clear:
            text = f"All clear for {fmt.day_label(report.day)}: nothing left to resolve."
            options.append(Option(Text(text, f"bold {fmt.GREEN}"), disabled=True))
        else:
            for section, title in TITLES.items():
                mine = [e for e in self.rows if e.section == section]
                style = f"bold {fmt.YELLOW}" if mine else "bold"
                options.append(Option(Text(f"{title} ({len(mine)})", style), disabled=True))
                if not mine:
                    options.append(Option(Text("  none", "dim"), disabled=True))
                options += [Option(row_prompt(e, report, grace), id=e.key) for e in mine]
        listing.clear_options()
        listing.add_options(options)
        index = None
        if kept is not None:
            index = next((i for i, o in enumerate(options) if o.id == kept.key), None)
        if index is None:
            # The row acted on is gone: the next row with something to do, else the last.
            start = was or 0
            later = [i for i, o in enumerate(options) if o.id and i >= start]
            earlier = [i for i, o in enumerate(options) if o.id and i < start]
            index = (later or earlier[-1:] or [-1])[0]
        if index is not None and index >= 0:
            listing.highlighted = index

    @property
    def picked(self) -> Entry | None:
        """The row under the cursor (None on a heading or an empty list)."""
        listing = self.listing
        index = listing.highlighted
        if index is None or not 0 <= index < listing.option_count:
            return None
        key = listing.get_option_at_index(index).id
        return next((e for e in self.rows if e.key == key), None)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter on a row opens its actions."""
        event.stop()
        self.action_open_row()

    def action_open_row(self) -> None:
        """Open the menu of what can be done from the row under the cursor."""
        entry = self.picked
        if entry is None:
            self.status.say("Put the cursor on a row first (↑/↓).", error=True)
            return
        self.run_worker(self._open_row(entry), group="dialog", exclusive=True)

    async def _open_row(self, entry: Entry) -> None:
        assert self.report is not None
        if not entry.actions:
            question = Text("Nothing to record here: ")
            if entry.visit is not None and entry.section == FLAGGED:
                flagged = flagged_questions(self.report, entry.visit)
                question.append(tell_provider(flagged))
            self.status.say(question)
            return
        choices = [(a, f"{ACTIONS[a][0]}  {ACTIONS[a][1]}") for a in entry.actions]
        title = menu_title(entry)
        chosen = await self.app.push_screen_wait(RowMenu(title, choices))
        if chosen:
            await self._do(entry, chosen)

    def on_key(self, event: events.Key) -> None:
        """A name typed here (no text box) opens the patient search, never a change."""
        guard_typing(self, event, {ACTIONS[a][0] for a in ASKING})

    def action_act(self, action: str) -> None:
        """Do ``action`` on the row under the cursor (when the row offers it).

        A status key asks first: it may be the first letter of a name typed here.
        """
        entry = self.picked
        refusal = ""
        if entry is None:
            refusal = "Put the cursor on a row first (↑/↓)."
        elif action not in entry.actions:
            refusal = (
                f"Not from this row: Enter shows what can be done ({ACTIONS[action][1]} is not)."
            )
        elif action in ASKING and entry.visit is not None:
            refusal = self._too_soon(entry.visit, action)
        if refusal or entry is None:
            held = guard_of(self.app).disarm()
            self.status.say(refusal, error=True)
            if held:
                start_search(self.app, ACTIONS[action][0] + held)
            return
        if action in ASKING:
            self.run_worker(self._ask_then_do(entry, action), group="dialog", exclusive=True)
        else:
            self.run_worker(self._do(entry, action), group="dialog", exclusive=True)

    def _too_soon(self, visit: Visit, status: str) -> str:
        """Why ``status`` cannot be given yet (the desk's sentence), found before the
        question so nobody confirms a change that is then refused; "" when it can."""
        appt = visit.appointment
        if status == st.COMPLETED and appt.status == st.ARRIVED:
            status = st.IN_TREATMENT  # "done" from here passes through in treatment
        try:
            self.desk.check_status_change(appt, status, who=fmt.who(visit.patient))
        except ClinicError as err:
            return str(err)
        return ""

    async def _ask_then_do(self, entry: Entry, action: str) -> None:
        assert entry.visit is not None
        visit = entry.visit
        question = Text(f"{ACTIONS[action][1].rstrip('…')}: ")
        question.append(fmt.who(visit.patient), "bold")
        question.append(f"'s {visit.type_label} at {fmt.time_label(visit.start)}?")
        yes = {"cancelled": "Cancel visit", "no_show": "No-show", "arrived": "Check in"}.get(
            action, ACTIONS[action][1]
        )

        if await confirm_key(self.app, ACTIONS[action][0], question, yes=yes, no="Keep"):
            await self._do(entry, action, asked=True)
        elif not guard_of(self.app).armed and self.app.screen is self:
            self.status.say("Nothing changed.")

    # -- the actions -------------------------------------------------------------------

    async def _do(self, entry: Entry, action: str, *, asked: bool = False) -> None:
        said: str | Text | None
        try:
            if entry.due is not None:
                said = await self._book_next(entry.due)
            else:
                assert entry.visit is not None
                said = await self._on_visit(entry.visit, action, asked=asked)
        except USER_ERRORS as err:
            self.status.say(str(err), error=True)
            self.reload()
            return
        if said:
            text = said if isinstance(said, Text) else Text(said)
            if not isinstance(said, Unchanged):
                text.append(" · u undoes", "dim")
            self.status.say(text, done=True)
        self.reload()

    async def _on_visit(
        self, visit: Visit, action: str, *, asked: bool = False
    ) -> str | Text | None:
        appt = self.desk.appointment(visit.appointment.id)  # as stored now
        who = fmt.who(visit.patient)
        now = fmt.time_label(self.desk.now())
        if action == "arrived":
            return await self._arrived(appt, who)
        if action == "in_treatment":
            self.desk.set_status(appt.id, st.IN_TREATMENT)
            return f"{who}: in treatment at {now}."
        if action == "completed":
            if appt.status == st.ARRIVED:
                appt = self.desk.set_status(appt.id, st.IN_TREATMENT)
            done = self.desk.set_status(appt.id, st.COMPLETED)
            return await self._after_completed(done, who, now)
        if action in ("no_show", "cancelled"):
            return await self._destructive(appt, visit, action, asked=asked)
        if action == "answers":
            return await self._answers(appt, who)
        if action == "aftercare":
            return f"{who}: {await give_aftercare(self.app, appt.id)}"
        return None

    async def _arrived(self, appt: Appointment, who: str) -> str | Text | None:
        if needs_questions(self.desk, appt):
            done = await QuestionsDialog.ask(self.app, appt, who)
            if done is None:
                return Unchanged("Not checked in: the questions were not finished.")
            said = Text(f"Checked in {who}.")
            if done.flagged:
                said.append(f"  {tell_provider(done.flagged)}", fmt.FLAG_STYLE)
            return said
        self.desk.checkin(appt.id)
        return f"Checked in {who}."

    async def _after_completed(self, done: Appointment, who: str, now: str) -> str:
        said = await after_completed(self.app, self.desk, done)
        return " ".join([f"{who}: completed at {now}.", *said])

    async def _destructive(
        self, appt: Appointment, visit: Visit, action: str, *, asked: bool = False
    ) -> str | None:
        question = Text("Cancel " if action == "cancelled" else "Mark ")
        question.append(fmt.who(visit.patient), "bold")
        question.append(
            f"'s {visit.type_label} at {fmt.time_label(visit.start)}"
            + ("?" if action == "cancelled" else " as a no-show?")
        )
        yes = "Cancel visit" if action == "cancelled" else "No-show"
        if not asked:  # from the row's menu; a key asked already
            answer = await ConfirmDialog.confirm(self.app, question, yes=yes, no="Keep")
            if not answer.yes:
                return Unchanged("Nothing changed.")
        self.desk.set_status(appt.id, action)
        words = "cancelled" if action == "cancelled" else "marked no-show"
        return f"{fmt.who(visit.patient)}: {words}."

    async def _answers(self, appt: Appointment, who: str) -> str | Text | None:
        """Ask each pre-treatment question the visit skipped (y/n in a menu)."""
        answers: dict[str, str] = {}
        details: dict[str, str] = {}
        questions = visit_care.questions_for(self.desk, appt)
        for number, q in enumerate(questions, 1):
            title = Text(f"{who} · question {number} of {len(questions)}\n", "bold")
            title.append(q.question, "")
            chosen = await self.app.push_screen_wait(
                RowMenu(title, [("yes", "Yes"), ("no", "No")], note=q.why)
            )
            if chosen is None:
                return Unchanged("Answers not recorded: the questions were not finished.")
            answers[q.id] = chosen
            field = getattr(q, "adds", None)
            if chosen == "yes" and field:
                # A new allergy or condition: ask what, and add it as its own entry.
                what = await self._new_entry(appt.patient_id, field, who)
                if what is None:
                    return Unchanged("Answers not recorded: the questions were not finished.")
                details[q.id] = what
        saved = visit_care.record_answers(self.desk, appt.id, answers, details)
        flagged = visit_care.flagged(self.desk, saved)
        said = Text(f"{who}: answers recorded.")
        for what in details.values():
            said.append(f"  Added “{what}”.")
        if flagged:
            said.append(f"  {tell_provider(flagged)}", fmt.FLAG_STYLE)
        return said

    async def _new_entry(self, patient_id: str, field: str, who: str) -> str | None:
        """Ask what the new allergy or condition is and add it (None: not said)."""
        kind = "allergy" if field == "allergies" else "condition"
        return cast(
            "str | None",
            await OneBoxDialog.ask(
                self.app,
                Text(f"What is {who}'s new {kind}?"),
                kind.capitalize(),
                placeholder="one entry",
                save=lambda text: self.desk.add_health_entry(patient_id, field, text),
            ),
        )

    async def _book_next(self, due: SeriesDue) -> str | None:
        offer = next_session_for(self.desk, due.patient_id, due.type_key)
        if offer is None:
            return Unchanged(f"{fmt.who(due.name)}: the next session is booked already.")
        return await offer_session(self.app, self.desk, offer)
