"""Before and after a visit: the pre-treatment questions at check-in, aftercare at the end."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Label, OptionList, Static
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

    Only for a visit that can be checked in now (today, booked or confirmed), so a
    refusal is explained by the check-in itself before anything is asked.
    """
    if appt.status not in (st.BOOKED, st.CONFIRMED) or appt.day(desk.tz) != desk.today():
        return False
    return bool(visit_care.questions_for(desk, appt))


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


class QuestionsDialog(Dialog[CheckedIn | None]):
    """Ask each pre-treatment question (y/n on the highlighted one), then check in.

    Every question must be answered; saving records the answers and marks the visit
    arrived. Answers that need the provider's attention are flagged as they are given.
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

    def prepare(self, appt: Appointment, patient_name: str, *args: Any, **kwargs: Any) -> None:
        """Take the visit to check in and the patient's name as shown."""
        self.aid = appt.id
        self.name_text = Text(patient_name)
        self.questions = visit_care.questions_for(self.desk, appt)
        self.answers = {}
        super().prepare()

    def compose(self) -> ComposeResult:
        """The patient, the questions, why each is asked, flags, errors and buttons."""
        with Vertical(classes="dialog", id="questions-dialog"):
            yield Label("Before the treatment", classes="dialog-title")
            yield Static("", id="questions-patient", markup=False)
            yield OptionList(id="questions-list")
            yield Static("", id="questions-why", markup=False)
            yield Static("", id="questions-flags", markup=False)
            yield error_line("general")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Check in", id="questions-ok", variant="primary", compact=True)
                yield Button("Close", id="questions-close", compact=True)
            yield Static(
                "↑/↓ question · y yes · n no · ctrl+s checks in · Esc closes",
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
        self._fill(0)
        self.set_focus(self.query_one(OptionList))

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
        """Enter on a question does nothing (y and n answer it)."""
        event.stop()

    def action_answer(self, answer: str) -> None:
        """Answer the highlighted question and move on to the next."""
        listing = self.query_one(OptionList)
        index = listing.highlighted
        if index is None or not self.questions:
            return
        self.clear_errors()
        self.answers[self.questions[index].id] = answer
        self._fill(index + 1 if index + 1 < len(self.questions) else index)

    def action_confirm(self) -> None:
        """Record the answers and check in, once every question is answered."""
        self.clear_errors()
        missing = [i for i, q in enumerate(self.questions) if q.id not in self.answers]
        if missing:
            count = len(missing)
            self.show_error(
                "general",
                f"Answer every question first ({count} still unanswered): y for yes, n for no.",
            )
            self.query_one(OptionList).highlighted = missing[0]
            return
        try:
            visit_care.record_answers(self.desk, self.aid, self.answers)
            appt = self.desk.checkin(self.aid)
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
