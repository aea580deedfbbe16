"""The treatments pane: the sentence that answers a caller, inside its section, with sources.

A question box on top answers as it is typed (``console.clinic.answers``): the answering
sentences with their treatment, section and how sure the match is, the next best
sections, or an honest "not covered". Below, the documents (the clinic's facts, then
each treatment) in a list and the chosen section in a reader, the answering statements
marked. Everything shown is computed from the text in the box as it is now: a section a
shorter prefix found never stays on screen once the question no longer lands there.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.console import Console
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from console.clinic.content import Section, Statement, Treatment
from console.clinic.text import clean
from console.desk import Desk
from console.ui import format as fmt
from console.ui.keyguard import guard_of, is_typed

if TYPE_CHECKING:
    # The answering engine is imported and built on the first question (or while the
    # pane is first shown), never for the first frame.
    from console.clinic.answers import Answers, Hit, Reply

OVERVIEW = "overview"
ANSWER_STYLE = f"bold {fmt.YELLOW}"
ANSWER_MARK, BULLET = "▶ ", "• "
HINT = "Type the caller's question · ↑/↓ browses sections · ctrl+o shows sources"


def option_id(treatment: Treatment, section_id: str) -> str:
    """The list's id of a section (``key#section``)."""
    return f"{treatment.key}#{section_id}"


def overview(treatment: Treatment) -> Section:
    """A treatment's introduction as a section of its own."""
    return Section(OVERVIEW, "Overview", treatment.intro)


@dataclass(frozen=True)
class Shown:
    """What the reader shows: a section with its answering statements, or a message."""

    treatment: Treatment | None = None
    section: Section | None = None
    marked: tuple[int, ...] = ()
    message: Text | None = None


class SectionReader(Static):
    """A section as rich text, answering statements marked, sources under them on demand.

    Wrapped by hand at its own width so each statement hangs under its bullet and the
    line of the first answering statement is known (to scroll it into view).
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.shown = Shown()
        self.sources = False
        self.answer_line: int | None = None
        self._want_scroll = False
        self._lines = 0
        #: The text on show, as plain text (what tests read).
        self.plain = ""
        self._width = 0

    def show(self, shown: Shown, sources: bool, *, scroll: bool = True) -> None:
        """Show ``shown`` (with the source quotes when ``sources``), its answer in view."""
        self.shown, self.sources = shown, sources
        self._draw()
        self._want_scroll = scroll
        if scroll:
            self.call_after_refresh(self._scroll)

    def on_resize(self, event: events.Resize) -> None:
        """Wrap again at the new width; scroll once the new height is laid out."""
        if event.size.width != self._width:
            self._draw()
            # Its height was laid out for the old text (wrapped at the old width, far
            # longer after a too-small window), with a scroll bar it no longer needs.
            self.call_after_refresh(self.refresh, layout=True)
        if self._want_scroll:
            self.call_after_refresh(self._scroll)

    def _scroll(self) -> None:
        """The first answering statement into view, its section title too when it fits."""
        window = self.parent
        if not self._want_scroll or not isinstance(window, VerticalScroll):
            return
        line = self.answer_line
        height = window.scrollable_content_region.height
        if line is None or line + 3 <= height:
            window.scroll_home(animate=False, immediate=True)
            self._want_scroll = False
            return
        # The new text may not be laid out yet: wait for the resize that lays it out.
        if window.virtual_size.height < self._lines:
            return
        window.scroll_to(y=min(line - 1, window.max_scroll_y), animate=False, immediate=True)
        self._want_scroll = False

    def _draw(self) -> None:
        self._width = self.size.width
        text, self.answer_line = self.text(max(self._width, 20))
        self.plain = text.plain
        self._lines = len(text.plain.splitlines())
        self.update(text)

    def text(self, width: int) -> tuple[Text, int | None]:
        """The reader's text at ``width`` columns and the line of the first answer in it."""
        shown = self.shown
        if shown.message is not None:
            return shown.message, None
        if shown.treatment is None or shown.section is None:
            return Text(""), None
        console = self.app.console
        lines: list[Text] = [Text(shown.section.title, "bold underline"), Text("")]
        answer_line: int | None = None
        for n, statement in enumerate(shown.section.statements):
            answering = n in shown.marked
            if answering and answer_line is None:
                answer_line = len(lines)
            mark, style = (ANSWER_MARK, ANSWER_STYLE) if answering else (BULLET, "")
            lines.extend(_hanging(console, Text(statement.text, style), width, mark, style))
            if self.sources and (answering or not shown.marked):
                lines.extend(_sources(console, statement, shown.treatment, width))
        return Text("\n").join(lines), answer_line


def _hanging(console: Console, text: Text, width: int, mark: str, style: str) -> list[Text]:
    """``text`` wrapped under ``mark``: the first line after it, the others indented."""
    indent = len(mark)
    wrapped = text.wrap(console, max(width - indent, 10))
    out = []
    for i, line in enumerate(wrapped):
        head = Text(mark if i == 0 else " " * indent, style)
        line.rstrip()
        out.append(head + line)
    return out


def _sources(
    console: Console, statement: Statement, treatment: Treatment, width: int
) -> list[Text]:
    """The quotes a statement rests on, indented under it, with the source file's name."""
    style = f"italic {fmt.CYAN}"
    if not statement.sources:
        return _hanging(console, Text("(no source recorded)", "dim"), width, "    ", "")
    lines: list[Text] = []
    for quote in statement.sources:
        text = Text(f"“{quote}”", style)
        if treatment.source:
            text.append(f"  {treatment.source}", "dim")
        lines.extend(_hanging(console, text, width, "    ", ""))
    return lines


class TreatmentsPane(Vertical):
    """The question box and its answer over the document list and the section reader.

    ↓/↑ in the question box step through the best answer and the alternatives (the
    list and the reader follow); ctrl+o shows where each answer comes from.
    """

    BINDINGS = [
        # Not "s": a letter typed in the list or the reader starts the next question
        # ("swelling?", "saturday?"), see on_key.
        Binding("question_mark", "ask", "Ask", id="treatments.ask"),
        Binding("escape", "sections", "Sections", id="treatments.sections"),
        Binding("down", "step(1)", "Next answer", show=False, id="treatments.next"),
        Binding("up", "step(-1)", "Previous answer", show=False, id="treatments.previous"),
        Binding("ctrl+o", "toggle_sources", "Sources", id="treatments.sources"),
    ]

    def __init__(self, desk: Desk, **kwargs) -> None:
        super().__init__(**kwargs)
        self.desk = desk
        # The clinic's own facts first (when there are any), then every treatment.
        self.documents = desk.content.documents
        self.reply: Reply | None = None
        #: Which of the reply's hits the reader shows (-1: none, the message instead).
        self.choice = -1
        #: The option id of the section in the reader (None: a message, no section).
        self.current: str | None = None
        self.sources = False
        self._browsed: str | None = None
        #: A question was started by typing in the list or the reader, and the box has
        #: not lost the keyboard since: keys still on their way there belong to it.
        self._typing = False
        self._engine_started = False

    def compose(self) -> ComposeResult:
        """The question box, the answer, the documents and the reader."""
        yield Input(
            placeholder="Caller's question, e.g. can I take advil · how long is the bruising",
            id="treatments-question",
            compact=True,
        )
        yield Static(id="treatments-answer", markup=False)
        with Horizontal(id="treatments-body"):
            yield OptionList(*self._options(), id="treatments-sections")
            with VerticalScroll(id="treatments-reader"):
                yield SectionReader(id="treatments-text")

    def _options(self) -> list[Option]:
        options: list[Option] = []
        for doc in self.documents:
            head = Text(doc.name, "bold")
            if doc.origin == "clinic" and doc.key != "clinic":
                head.append(" · clinic's own", "dim")
            options.append(Option(head, disabled=True))
            if doc.intro:
                options.append(Option(Text("  Overview"), id=option_id(doc, OVERVIEW)))
            for section in doc.sections:
                title = fmt.plain("  " + section.title)
                options.append(Option(title, id=option_id(doc, section.id)))
        return options

    def on_mount(self) -> None:
        """Start on the first section, the hint in the answer block."""
        first = next((o.id for o in self.query_one(OptionList).options if o.id), None)
        self._browsed = first
        self.ask("")

    @property
    def answers(self) -> Answers:
        """The desk's answering engine (built on first use, then kept by the desk)."""
        return self.desk.answers

    def focus_default(self) -> None:
        """Put the keyboard in the question box; build the answering engine meanwhile."""
        self.query_one(Input).focus()
        if not self._engine_started:
            self._engine_started = True
            # Off the UI thread: the first question asked finds it built.
            self.run_worker(self._build_engine, thread=True, group="answers")

    def _build_engine(self) -> None:
        self.answers  # noqa: B018 (built and kept by the desk)

    # -- finding what to show ------------------------------------------------------

    def _section(self, wanted: str) -> tuple[Treatment, Section] | None:
        key, _, section_id = wanted.partition("#")
        for doc in self.documents:
            if doc.key != key:
                continue
            if section_id == OVERVIEW:
                return doc, overview(doc)
            for section in doc.sections:
                if section.id == section_id:
                    return doc, section
        return None

    def _hit_index(self, wanted: str) -> int:
        hits = self.reply.hits if self.reply is not None else ()
        for n, hit in enumerate(hits):
            if option_id(hit.treatment, hit.section.id) == wanted:
                return n
        return -1

    # -- asking ---------------------------------------------------------------------

    def on_input_changed(self, event: Input.Changed) -> None:
        """Answer the question as it is typed."""
        event.stop()
        self.ask(event.value)

    def on_key(self, event: events.Key) -> None:
        """A letter typed in the list or the reader starts the caller's next question.

        Typed keys never reach here from the box (it takes them). The keyboard moves to
        the box at once; keys typed right behind the first, already on their way to the
        list, are added to the question rather than lost.
        """
        if guard_of(self.app).hold(event) or not (event.is_printable and event.character):
            return  # held for a patient search that is opening, or no character
        if not self._typing and (not is_typed(event) or event.key in self.screen.active_bindings):
            return  # a space, or a key of the pane or the app (F-keys' digits, "/", "?")
        event.stop()
        event.prevent_default()
        self._type(event.character)

    def on_paste(self, event: events.Paste) -> None:
        """Pasted in the list or the reader: it is the caller's next question."""
        line = event.text.splitlines()[0] if event.text.strip() else ""
        if line:
            event.stop()
            self._type(line)

    def _type(self, text: str) -> None:
        box = self.query_one(Input)
        if self._typing:
            box.value += text
        else:
            box.value = text
        box.cursor_position = len(box.value)
        self._typing = True
        if self.app.focused is not box:
            # Focus now (not after a refresh): the next key must go to the box. The
            # box would select its text as it takes the keyboard, and the next key
            # would then replace what was typed.
            box.select_on_focus = False
            self.screen.set_focus(box)
            box.call_later(setattr, box, "select_on_focus", True)

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        """The box gave up the keyboard: the next letter typed elsewhere starts anew."""
        if isinstance(event.widget, Input):
            self._typing = False

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter moves the keyboard into the reader."""
        event.stop()
        self.query_one(VerticalScroll).focus()

    def ask(self, question: str) -> None:
        """Answer ``question`` now: the answer block, the reader and the list all follow it."""
        if question.strip():
            self.reply = self.answers.ask(question)
            self.choice = 0 if self.reply.answered else -1
        else:
            self.reply, self.choice = None, -1
        self._refresh()

    def action_step(self, delta: int) -> None:
        """↓/↑: the next or previous answer (with no question, the next or previous section)."""
        if self.reply is None:
            sections = self.query_one(OptionList)
            if delta > 0:
                sections.action_cursor_down()
            else:
                sections.action_cursor_up()
            return
        low = 0 if self.reply.answered else -1
        choice = min(max(self.choice + delta, low), len(self.reply.hits) - 1)
        if choice != self.choice:
            self.choice = choice
            self._refresh()

    def action_toggle_sources(self) -> None:
        """Show or hide the source quotes (and the source's file name)."""
        self.sources = not self.sources
        reader = self.query_one(SectionReader)
        reader.show(reader.shown, self.sources)

    def action_ask(self) -> None:
        """Put the keyboard in the question box."""
        self.query_one(Input).focus()

    def action_sections(self) -> None:
        """Put the keyboard in the list of sections."""
        self.query_one(OptionList).focus()

    # -- browsing -------------------------------------------------------------------

    def show_section(self, wanted: str) -> None:
        """Show one section (``key#section``) and highlight it in the list (the palette)."""
        if self._section(wanted) is None:
            return
        self.query_one(Input).value = ""  # the screen must not pair it with another question
        self.reply, self.choice, self._browsed = None, -1, wanted
        self._refresh()

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        """Someone moved in the list: show that section (marked when it is an answer)."""
        event.stop()
        wanted = event.option.id
        if not wanted or wanted == self.current:
            return
        n = self._hit_index(wanted)
        if n >= 0:
            self.choice = n
        elif self.reply is None:
            self._browsed = wanted
        else:
            self.choice = -1
            self._show(wanted, (), self._browsing_line(wanted))
            return
        self._refresh()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter on a section moves the keyboard into its text."""
        event.stop()
        self.query_one(VerticalScroll).focus()

    # -- drawing --------------------------------------------------------------------

    def _refresh(self) -> None:
        reply = self.reply
        answer = self.query_one("#treatments-answer", Static)
        if reply is None:
            answer.update(Text(HINT, "dim"))
            if self._browsed:
                self._show(self._browsed, ())
            return
        if self.choice >= 0:
            hit = reply.hits[self.choice]
            answer.update(self._answer_text(reply, self.choice))
            self._show(option_id(hit.treatment, hit.section.id), hit.statements)
            return
        answer.update(self._answer_text(reply, -1))
        self._message(self._unanswered_text(reply))

    def _show(self, wanted: str, marked: Sequence[int], line: Text | None = None) -> None:
        found = self._section(wanted)
        if found is None:
            return
        treatment, section = found
        self.current = wanted
        self._highlight(wanted)
        if line is not None:
            self.query_one("#treatments-answer", Static).update(line)
        self.query_one(SectionReader).show(Shown(treatment, section, tuple(marked)), self.sources)

    def _message(self, text: Text) -> None:
        self.current = None
        self._highlight(None)
        self.query_one(SectionReader).show(Shown(message=text), self.sources)

    def _highlight(self, wanted: str | None) -> None:
        sections = self.query_one(OptionList)
        index: int | None = None
        if wanted is not None:
            try:
                index = sections.get_option_index(wanted)
            except LookupError:
                index = None
        # Set quietly: the highlight event would arrive after a later keystroke and
        # bring back a section that question no longer lands on.
        with sections.prevent(OptionList.OptionHighlighted):
            sections.highlighted = index

    # -- the texts ------------------------------------------------------------------

    def _answer_text(self, reply: Reply, choice: int) -> Text:
        text = Text()
        if choice >= 0 and reply.answered:
            hit = reply.hits[choice]
            text.append(hit.where, "bold")
            if choice == 0:
                sure = reply.confidence
                text.append(f"  · {_match_word(sure)}", _sure_style(sure))
            else:
                text.append(f"  · alternative {choice} of {len(reply.hits) - 1}", "dim")
            for statement in hit.sentences:
                text.append("\n")
                text.append(statement.text, ANSWER_STYLE)
            others = [h for n, h in enumerate(reply.hits) if n != choice]
            also = self._also(hit, others, choice, len(reply.hits))
            if also.plain:
                text.append("\n")
                text.append_text(also)
            return text
        if reply.topic is not None:
            text.append("Not covered: ", f"bold {fmt.MAGENTA}")
            text.append(reply.message, fmt.MAGENTA)
        else:
            text.append("Nothing in the clinic's information answers “", f"bold {fmt.MAGENTA}")
            text.append(clean(reply.question), f"bold {fmt.MAGENTA}")
            text.append("”: ask a provider.", f"bold {fmt.MAGENTA}")
        if reply.hits:
            text.append("\n")
            if choice >= 0:
                hit = reply.hits[choice]
                text.append(f"Nearest {choice + 1} of {len(reply.hits)}: ", "dim")
                text.append(hit.where, "bold")
                others = [h for n, h in enumerate(reply.hits) if n != choice]
                if others:
                    text.append("  · also ", "dim")
                    text.append(" · ".join(h.section.title for h in others), "dim")
                text.append("  ↑/↓", "dim")
            else:
                text.append("Nearest: ", "dim")
                text.append(" · ".join(h.where for h in reply.hits), "dim")
                text.append("  ↓ to read", "dim")
        return text

    @staticmethod
    def _also(shown: Hit, others: Sequence[Hit], choice: int, count: int) -> Text:
        text = Text(style="dim")
        if others:
            text.append("Also: ")
            # Another document's section says whose it is (the clinic's, another treatment).
            names = (
                h.section.title if h.treatment.key == shown.treatment.key else h.where
                for h in others
            )
            text.append(" · ".join(names))
        steps = []
        if choice > 0:
            steps.append("↑ back")
        if choice < count - 1:
            steps.append("↓ next")
        if steps:
            text.append(("  " if others else "") + "  ".join(steps))
        return text

    def _unanswered_text(self, reply: Reply) -> Text:
        if reply.topic is not None:
            text = Text("Not covered\n\n", f"bold {fmt.MAGENTA}")
            text.append(reply.message)
        else:
            text = Text("Nothing here answers that\n\n", f"bold {fmt.MAGENTA}")
            text.append("Nothing in the clinic's information answers “")
            text.append(clean(reply.question))
            text.append("”. Ask a provider, or try other words.")
        if reply.hits:
            text.append("\n\n↓ in the question box reads the nearest sections.", "dim")
        return text

    def _browsing_line(self, wanted: str) -> Text:
        found = self._section(wanted)
        text = Text()
        if self.reply is not None:
            text.append_text(self._answer_text(self.reply, -1 if not self.reply.answered else 0))
        if found is not None:
            text.append(f"\nReading {found[0].name} › {found[1].title}", "dim")
        return text


def _match_word(confidence: float) -> str:
    from console.clinic.answers import match_word

    return match_word(confidence)


def _sure_style(confidence: float) -> str:
    from console.clinic.answers import GOOD_MATCH, POSSIBLE_MATCH

    if confidence >= GOOD_MATCH:
        return f"bold {fmt.GREEN}"
    return fmt.YELLOW if confidence >= POSSIBLE_MATCH else f"bold {fmt.RED}"
