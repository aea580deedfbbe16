"""Before and after a visit: the pre-treatment questions at check-in, aftercare at the end."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from console.clinic import status as st
from console.clinic.models import Appointment
from console.clinic.treatments import Question
from console.desk import USER_ERRORS, Desk
from console.services import visit_care
from console.ui import format as fmt
from console.ui.delivery import deliver
from console.ui.dialogs.base import Dialog, error_line

ANSWER_WORDS = {"yes": "Yes", "no": "No"}


@dataclass(frozen=True)
class CheckedIn:
    """What the questions dialog answers: the visit as saved, and the flagged questions."""

    appointment: Appointment
    flagged: tuple[Question, ...]


def needs_questions(desk: Desk, appt: Appointment) -> bool:
    """True when checking this visit in should ask the pre-treatment questions first.

    Only for a visit that can be checked in now (today, booked, confirmed or a
    no-show who came after all) whose answers are not recorded yet, so a refusal is
    explained by the check-in itself before anything is asked.
    """
    if appt.status not in (st.BOOKED, st.CONFIRMED, st.NO_SHOW):
        return False
    return appt.day(desk.tz) == desk.today() and desk.needs_screening(appt)


def needs_aftercare(desk: Desk, appt: Appointment) -> bool:
    """True when the visit's treatment has aftercare that was not given yet."""
    treatment = visit_care.treatment_of(desk, appt)
    return bool(treatment and treatment.aftercare) and not visit_care.aftercare_given(appt)


def flag_words(questions: tuple[Question, ...] | list[Question]) -> list[str]:
    """Short names of flagged questions (``nsaids``, ``new conditions``)."""
    return [q.id.replace("_", " ") for q in questions]


def tell_provider(questions: tuple[Question, ...] | list[Question]) -> str:
    """``⚑ Tell the provider: nsaids, new allergies`` (the flagged answers at check-in)."""
    return f"⚑ Tell the provider: {', '.join(flag_words(questions))}"


#: What the box under a "yes" asks, by the health field the answer adds to.
WHAT_PROMPTS = {
    "allergies": "What is the new allergy?",
    "conditions": "What is the new condition?",
}

#: Records the answers and arrives the visit: ``submit(answers, details)``.
Submit = Callable[[dict[str, str], dict[str, str]], Appointment]


class QuestionsDialog(Dialog[CheckedIn | None]):
    """Ask each pre-treatment question (y/n on the highlighted one), then check in.

    Every question must be answered; a yes on a question that adds to the patient's
    allergies or conditions asks what it is, in a box under the list. Enter (or
    ctrl+s) saves: the answers and the visit's arrival in one desk change. Answers
    that need the provider's attention are flagged as they are given.
    """

    NAME = "questions"
    BINDINGS = [
        Binding("y", "answer('yes')", "Yes", id="questions.yes"),
        Binding("n", "answer('no')", "No", id="questions.no"),
        Binding("ctrl+s", "confirm", "Check in", id="questions.confirm"),
    ]

    def __init__(self, desk: Desk) -> None:
        super().__init__(classes="dialog-screen")
        self.desk = desk
        self.aid = ""
        self.name_text = Text("")
        self.questions: tuple[Question, ...] = ()
        self.answers: dict[str, str] = {}
        self._submit: Submit | None = None

    def prepare(
        self,
        appt: Appointment | None,
        patient_name: str,
        *args: Any,
        questions: tuple[Question, ...] | None = None,
        submit: Submit | None = None,
        **kwargs: Any,
    ) -> None:
        """Take the visit to check in and the patient's name as shown.

        A walk-in has no visit yet: it passes its ``questions`` and a ``submit`` that
        registers it with the answers.
        """
        self.aid = appt.id if appt is not None else ""
        self.name_text = Text(patient_name)
        if questions is None:
            questions = self.desk.screening_questions(appt) if appt is not None else ()
        self.questions = questions
        self._submit = submit
        self.answers = {}
        super().prepare()

    def compose(self) -> ComposeResult:
        """The patient, the questions, why each is asked, what a yes adds, flags, buttons."""
        with Vertical(classes="dialog", id="questions-dialog"):
            yield Label("Before the treatment", classes="dialog-title")
            yield Static("", id="questions-patient", markup=False)
            yield OptionList(id="questions-list")
            yield Static("", id="questions-why", markup=False)
            for field, prompt in WHAT_PROMPTS.items():
                with Horizontal(classes="field questions-what", id=f"questions-what-{field}"):
                    yield Label(prompt, classes="field-label")
                    yield Input(id=f"questions-{field}", compact=True)
            yield Static("", id="questions-flags", markup=False)
            yield error_line("general")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Check in", id="questions-ok", variant="primary", compact=True)
                yield Button("Close", id="questions-close", compact=True)
            yield Static(
                "↑/↓ question · y yes · n no · Enter checks in · Esc closes",
                classes="dialog-hint",
                markup=False,
            )

    def reset(self) -> None:
        """Show whom to ask, every question unanswered, the keyboard on the first."""
        super().reset()
        line = Text("Ask ")
        line.append(self.name_text.plain, "bold")
        line.append(" and answer each question:")
        self.query_one("#questions-patient", Static).update(line)
        for field in WHAT_PROMPTS:
            self.query_one(f"#questions-{field}", Input).value = ""
        self._fill(0)
        self.set_focus(self.query_one(OptionList))

    def _adding(self) -> dict[str, Question]:
        """The questions answered yes that add an entry, by the field they add to."""
        return {q.adds: q for q in self.questions if q.adds and self.answers.get(q.id) == "yes"}

    def _fill(self, highlight: int) -> None:
        listing = self.query_one(OptionList)
        listing.clear_options()
        for q in self.questions:
            answer = self.answers.get(q.id)
            prompt = Text(no_wrap=False)
            if answer is None:
                prompt.append(" ?   ", "bold dim")
            else:
                style = fmt.FLAG_STYLE if answer == q.flag_answer else f"bold {fmt.GREEN}"
                mark = "⚑" if answer == q.flag_answer else " "
                prompt.append(f"{mark}{ANSWER_WORDS[answer]:<4}", style)
            prompt.append(q.question)
            listing.add_option(Option(prompt, id=q.id))
        if self.questions:
            listing.highlighted = min(highlight, len(self.questions) - 1)
        adding = self._adding()
        for field in WHAT_PROMPTS:
            self.query_one(f"#questions-what-{field}").display = field in adding
        self._show_flags()

    def _show_flags(self) -> None:
        flagged = [q for q in self.questions if self.answers.get(q.id) == q.flag_answer]
        flags = self.query_one("#questions-flags", Static)
        if flagged:
            flags.update(Text(tell_provider(flagged), fmt.FLAG_STYLE))
        else:
            flags.update("")

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        """Say why the highlighted question is asked."""
        event.stop()
        q = next((q for q in self.questions if q.id == event.option.id), None)
        self.query_one("#questions-why", Static).update(Text(q.why if q else "", "dim italic"))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter on a question checks in (once every question is answered)."""
        event.stop()
        self.action_confirm()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in the "what is it" box checks in too."""
        event.stop()
        self.action_confirm()

    def action_answer(self, answer: str) -> None:
        """Answer the highlighted question and move on (a yes that adds: to its box)."""
        listing = self.query_one(OptionList)
        index = listing.highlighted
        if index is None or not self.questions:
            return
        self.clear_errors()
        question = self.questions[index]
        self.answers[question.id] = answer
        self._fill(index + 1 if index + 1 < len(self.questions) else index)
        if answer == "yes" and question.adds in WHAT_PROMPTS:
            self.set_focus(self.query_one(f"#questions-{question.adds}", Input))

    def _missing(self) -> str | None:
        """The one sentence saying what is still missing, with the keyboard on it."""
        listing = self.query_one(OptionList)
        for index, q in enumerate(self.questions):
            if q.id not in self.answers:
                listing.highlighted = index
                self.set_focus(listing)
                count = sum(1 for q in self.questions if q.id not in self.answers)
                more = f" ({count} still unanswered)" if count > 1 else ""
                return f"Answer “{q.question}” first{more}: y for yes, n for no."
        for field in self._adding():
            box = self.query_one(f"#questions-{field}", Input)
            if not box.value.strip():
                self.set_focus(box)
                return f"{WHAT_PROMPTS[field]} Type it in the box (needed for the chart)."
        return None

    def action_confirm(self) -> None:
        """Record the answers and check in, once every question is answered."""
        self.clear_errors()
        missing = self._missing()
        if missing:
            self.show_error("general", missing)
            return
        details = {
            q.id: self.query_one(f"#questions-{field}", Input).value.strip()
            for field, q in self._adding().items()
        }
        try:
            if self._submit is not None:
                appt = self._submit(dict(self.answers), details)
            else:
                appt = self.desk.checkin(self.aid, answers=dict(self.answers), details=details)
        except USER_ERRORS as err:
            self.show_error("general", str(err))
            return
        self.dismiss(CheckedIn(appt, tuple(visit_care.flagged(self.desk, appt))))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Check in, or close without checking in."""
        event.stop()
        if event.button.id == "questions-ok":
            self.action_confirm()
        else:
            self.action_close()


class AftercareDialog(Dialog[str | None]):
    """The aftercare sheet for a finished visit: read it out, save it, or leave it for later.

    Answers how it was given (``read`` or ``exported``), or None for "Later". A saved
    sheet goes out through :func:`console.ui.delivery.deliver` (no path is asked for);
    :attr:`said` then tells where it went.
    """

    NAME = "aftercare"
    FIELD_ALIASES = {"output": "general"}
    BINDINGS = [
        Binding("r", "read_out", "Read out", id="aftercare.read"),
        Binding("t", "save('text')", "Save text", id="aftercare.save_text"),
        Binding("h", "save('html')", "Save HTML", id="aftercare.save_html"),
        Binding("l", "close", "Later", id="aftercare.later"),
    ]

    def __init__(self, desk: Desk) -> None:
        super().__init__(classes="dialog-screen")
        self.desk = desk
        self.aid = ""
        self.said = ""

    def prepare(self, aid: str, *args: Any, **kwargs: Any) -> None:
        """Take the visit whose aftercare to give."""
        self.aid = aid
        self.said = ""
        super().prepare()

    def compose(self) -> ComposeResult:
        """The sheet, errors and the buttons."""
        with Vertical(classes="dialog", id="aftercare-dialog"):
            yield Label("Aftercare", classes="dialog-title")
            with VerticalScroll(id="aftercare-scroll"):
                yield Static("", id="aftercare-sheet", markup=False)
            yield error_line("general")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Read out", id="aftercare-read", variant="primary", compact=True)
                yield Button("Save text", id="aftercare-text", compact=True)
                yield Button("Save HTML", id="aftercare-html", compact=True)
                yield Button("Later", id="aftercare-later", compact=True)
            yield Static(
                "r read out · t save text · h save HTML · l or Esc later",
                classes="dialog-hint",
                markup=False,
            )

    def reset(self) -> None:
        """Show the visit's aftercare sheet."""
        super().reset()
        try:
            # On screen the name follows initials-only mode; saved sheets carry the full name.
            shown = fmt.who(self.desk.patient(self.desk.appointment(self.aid).patient_id))
            written = visit_care.aftercare_sheet(self.desk, self.aid, "text", name=shown)
            sheet = Text(written.rstrip())
        except USER_ERRORS as err:
            sheet = Text("")
            self.show_error("general", str(err))
        self.query_one("#aftercare-sheet", Static).update(sheet)
        self.set_focus(self.query_one("#aftercare-read", Button))

    def action_read_out(self) -> None:
        """Record the sheet as read out to the patient."""
        self.clear_errors()
        try:
            visit_care.record_aftercare(self.desk, self.aid, "read")
        except USER_ERRORS as err:
            self.show_error("general", str(err))
            return
        self.dismiss("read")

    def action_save(self, kind: str) -> None:
        """Hand the sheet out (text or HTML), then record it as given."""
        self.clear_errors()
        suffix = "html" if kind == "html" else "txt"
        try:
            sheet = visit_care.aftercare_sheet(self.desk, self.aid, kind)
            # Delivered first: nothing is marked given if the file could not be made.
            said = deliver(self.app, sheet, f"aftercare-{self.aid}", suffix, self.desk.store.root)
            visit_care.record_aftercare(self.desk, self.aid, "exported")
        except USER_ERRORS as err:
            self.show_error(getattr(err, "field", None), str(err))
            return
        self.said = said
        self.dismiss("exported")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Read out, save as text or HTML, or leave for later."""
        event.stop()
        match event.button.id:
            case "aftercare-read":
                self.action_read_out()
            case "aftercare-text":
                self.action_save("text")
            case "aftercare-html":
                self.action_save("html")
            case _:
                self.action_close()


async def give_aftercare(app: App[Any], aid: str) -> str:
    """Offer the aftercare sheet; a sentence for the status line about what happened."""
    dialog = app.get_screen(AftercareDialog.NAME)
    how = await AftercareDialog.ask(app, aid)
    if how == "read":
        return "Aftercare read out."
    if how == "exported" and isinstance(dialog, AftercareDialog) and dialog.said:
        return f"Aftercare: {dialog.said}"
    return "Aftercare left for later."
