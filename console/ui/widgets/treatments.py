"""The treatments pane: what to tell a caller, by section, with a question box."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Input, Markdown, OptionList, Static
from textual.widgets.option_list import Option

from console.clinic.treatments import SectionHit, Treatment, search_sections
from console.ui import format as fmt

OVERVIEW = "overview"


def _option_id(treatment: Treatment, section: str) -> str:
    return f"{treatment.key}#{section}"


class TreatmentsPane(Vertical):
    """Sections in a list on the left, the chosen one as Markdown on the right.

    Typing a caller's question ("how many sessions", "ibuprofen") jumps to the
    section that answers it.
    """

    BINDINGS = [
        Binding("s,question_mark", "ask", "Ask", id="treatments.ask"),
        Binding("escape", "sections", "Sections", id="treatments.sections"),
    ]

    def __init__(self, treatments: dict[str, Treatment], **kwargs) -> None:
        super().__init__(**kwargs)
        self.treatments = treatments
        self.current: str | None = None  # option id of the section shown

    def compose(self) -> ComposeResult:
        """The question box, the answer line, the sections and the section text."""
        yield Input(
            placeholder="Caller's question, e.g. how many sessions · ibuprofen · lips",
            id="treatments-question",
            compact=True,
        )
        yield Static(id="treatments-answer", classes="detail-line", markup=False)
        with Horizontal(id="treatments-body"):
            yield OptionList(*self._options(), id="treatments-sections")
            with VerticalScroll(id="treatments-reader"):
                yield Markdown(id="treatments-text", open_links=False)

    def _options(self) -> list[Option]:
        options: list[Option] = []
        for treatment in self.treatments.values():
            if len(self.treatments) > 1:
                options.append(Option(Text(treatment.name, "bold"), disabled=True))
            options.append(Option(Text("Overview"), id=_option_id(treatment, OVERVIEW)))
            for section in treatment.sections:
                options.append(
                    Option(fmt.plain(section.title), id=_option_id(treatment, section.id))
                )
        return options

    def on_mount(self) -> None:
        """Highlight the first section (past a treatment's name) and show the question hint."""
        self.query_one(OptionList).highlighted = 1 if len(self.treatments) > 1 else 0
        self.ask("")

    def focus_default(self) -> None:
        """Put the keyboard in the question box."""
        self.query_one(Input).focus()

    # -- showing ------------------------------------------------------------------

    def show_section(self, option_id: str) -> None:
        """Show one section (``key#section``) and highlight it in the list."""
        sections = self.query_one(OptionList)
        try:
            index = sections.get_option_index(option_id)
        except LookupError:
            return
        if sections.highlighted != index:
            sections.highlighted = index  # the highlight event comes back here
            return
        self._display_section(option_id)

    def _display_section(self, option_id: str) -> None:
        if option_id == self.current:
            return
        self.current = option_id
        key, _, section_id = option_id.partition("#")
        treatment = self.treatments[key]
        if section_id == OVERVIEW:
            markdown = f"# {treatment.name}\n\n{treatment.summary}\n"
        else:
            markdown = treatment.markdown(section_id)
        self.query_one(Markdown).update(markdown)
        self.query_one(VerticalScroll).scroll_home(animate=False)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        """Show the section the highlight moved to."""
        event.stop()
        if event.option.id:
            self._display_section(event.option.id)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter on a section moves the keyboard into its text."""
        event.stop()
        self.query_one(VerticalScroll).focus()

    # -- asking -------------------------------------------------------------------

    def on_input_changed(self, event: Input.Changed) -> None:
        """Answer the question as it is typed."""
        event.stop()
        self.ask(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter moves the keyboard into the answer's text."""
        event.stop()
        self.query_one(VerticalScroll).focus()

    def ask(self, question: str) -> None:
        """Show the section that best answers ``question`` and say which others might."""
        answer = self.query_one("#treatments-answer", Static)
        if not question.strip():
            answer.update(Text("Type a question; ↑/↓ in the list browses sections.", "dim"))
            return
        hits: list[tuple[float, Treatment, SectionHit]] = []
        for treatment in self.treatments.values():
            hits.extend((hit.score, treatment, hit) for hit in search_sections(treatment, question))
        if not hits:
            line = Text("Nothing here answers “", f"bold {fmt.RED}")
            line.append(question.strip())
            line.append("”. Try other words, or ask a provider.")
            answer.update(line)
            return
        hits.sort(key=lambda item: -item[0])
        _, treatment, best = hits[0]
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(f"→ {best.section.title}", "bold")
        if best.snippet:
            text.append(f": {best.snippet}")
        others = [hit.section.title for _, _, hit in hits[1:3]]
        if others:
            text.append(f"  (also: {', '.join(others)})", "dim")
        answer.update(text)
        self.show_section(_option_id(treatment, best.section.id))

    def action_ask(self) -> None:
        """Put the keyboard in the question box."""
        self.query_one(Input).focus()

    def action_sections(self) -> None:
        """Put the keyboard in the list of sections."""
        self.query_one(OptionList).focus()
