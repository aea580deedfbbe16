"""What treatment and clinic content is made of: statements, each with its sources.

Every statement the desk may tell a caller carries the words of the clinic's own source
(its article) that it rests on, so the viewer can show where an answer comes from and a
test can prove nothing was invented. This module is the model only; the file format is
parsed in ``console.clinic.treatments`` and searched in ``console.clinic.answers``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Statement:
    """One thing the desk may tell a caller, with the quotes of the source it rests on."""

    text: str
    sources: tuple[str, ...] = ()
    #: What callers say that this statement answers ("advil", "does it hurt").
    words: tuple[str, ...] = ()
    #: Its line in the content file (0 when made in code).
    line: int = 0


@dataclass(frozen=True)
class Section:
    """One titled part of a treatment's content: a list of statements."""

    id: str
    title: str
    statements: tuple[Statement, ...]
    #: What callers say that this section answers as a whole.
    words: tuple[str, ...] = ()
    line: int = 0

    @property
    def body(self) -> str:
        """The statements as a Markdown bullet list."""
        return "\n".join(f"- {s.text}" for s in self.statements)

    @property
    def keywords(self) -> tuple[str, ...]:
        """The caller words of the section (older name of ``words``)."""
        return self.words

    def markdown(self) -> str:
        """The section as Markdown, heading first."""
        return f"## {self.title}\n\n{self.body}".rstrip() + "\n"


@dataclass(frozen=True)
class Topic:
    """A kind of question the clinic's information does not answer, and what to say."""

    id: str
    message: str
    words: tuple[str, ...]
    line: int = 0


@dataclass(frozen=True)
class Regimen:
    """The usual course of sessions; the provider may set a different one."""

    sessions: int
    interval_days_min: int
    interval_days_max: int
    span: str
    note: str
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class Question:
    """A question to ask before a session; ``flag_answer`` means "tell the provider"."""

    id: str
    question: str
    flag_answer: str
    why: str
    #: "allergies"/"conditions": a yes asks what, and the answer is added as an entry.
    adds: str | None = None
    sources: tuple[str, ...] = ()
    line: int = 0


@dataclass(frozen=True)
class Treatment:
    """A treatment's content and structured data (or the clinic's own facts, key "clinic").

    Hashable, so the answer index built from it can be cached.
    """

    key: str
    name: str
    intro: tuple[Statement, ...]
    sections: tuple[Section, ...]
    regimen: Regimen | None = None
    questions: tuple[Question, ...] = ()
    aftercare_sheet: tuple[Statement, ...] = ()
    call_script: tuple[Statement, ...] = ()
    side_effects: tuple[str, ...] = ()
    side_effects_sources: tuple[str, ...] = ()
    appointment_type: str | None = None
    #: The names callers use for the treatment ("sculptra", "sculptura").
    words: tuple[str, ...] = ()
    #: The source document's file name (beside the content file).
    source: str = ""
    #: "shipped" (in the package) or "clinic" (the clinic's own setup folder).
    origin: str = "shipped"
    #: The content file, for messages.
    path: str = ""

    @property
    def summary(self) -> str:
        """The introduction as one paragraph."""
        return " ".join(s.text for s in self.intro)

    @property
    def aftercare(self) -> tuple[str, ...]:
        """The aftercare sheet's lines, as given to a patient."""
        return tuple(s.text for s in self.aftercare_sheet)

    @property
    def confirmation_call(self) -> tuple[str, ...]:
        """The confirmation call's script lines."""
        return tuple(s.text for s in self.call_script)

    @property
    def section_ids(self) -> tuple[str, ...]:
        """The ids of the sections, in document order."""
        return tuple(s.id for s in self.sections)

    def section(self, section_id: str) -> Section:
        """The section with ``section_id``; raises NotFound listing the valid ids."""
        from console.clinic.errors import NotFound

        for s in self.sections:
            if s.id == section_id:
                return s
        raise NotFound(
            f"{self.name} has no section {section_id!r}; "
            f"the sections are: {', '.join(self.section_ids)}."
        )

    def markdown(self, section_id: str | None = None) -> str:
        """The whole document as Markdown, or one section when ``section_id`` is given."""
        if section_id is not None:
            return self.section(section_id).markdown()
        parts = [f"# {self.name}"]
        if self.intro:
            parts.append(self.summary)
        parts.extend(s.markdown().rstrip() for s in self.sections)
        return "\n\n".join(parts) + "\n"

    def statements(self) -> Iterator[tuple[str, Statement]]:
        """Every sourced fact of the content, each with a label saying where it is."""
        for s in self.intro:
            yield f"introduction, line {s.line}", s
        for section in self.sections:
            for s in section.statements:
                yield f"{section.title}, line {s.line}", s
        for q in self.questions:
            yield f"question {q.id}, line {q.line}", Statement(q.why, q.sources, (), q.line)
        for s in self.aftercare_sheet:
            yield f"aftercare sheet, line {s.line}", s
        for s in self.call_script:
            yield f"confirmation call, line {s.line}", s
        if self.regimen is not None:
            r = self.regimen
            text = f"{r.sessions} sessions, {r.interval_days_min}-{r.interval_days_max} days apart"
            yield "regimen", Statement(text, r.sources)
        if self.side_effects:
            yield "side effects", Statement(", ".join(self.side_effects), self.side_effects_sources)


@dataclass(frozen=True)
class Content:
    """All the content the desk answers from: treatments, the clinic's facts, topics."""

    treatments: dict[str, Treatment]
    clinic: Treatment | None = None
    topics: tuple[Topic, ...] = ()
    #: Source file name -> its text.
    sources: dict[str, str] = field(default_factory=dict)
    #: Clinic setup files that could not be used, one sentence each.
    problems: tuple[str, ...] = ()

    @property
    def documents(self) -> tuple[Treatment, ...]:
        """What the answer engine searches: the clinic's facts, then every treatment."""
        head = (self.clinic,) if self.clinic is not None else ()
        return head + tuple(self.treatments.values())
