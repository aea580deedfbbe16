"""The content file format: what it builds, and every refusal naming its file and line."""

from __future__ import annotations

import re

import pytest

from console.clinic.content import Topic
from console.clinic.content_format import (
    fold_quote,
    header_line,
    missing_quote_lines,
    missing_quotes,
    parse_topics,
    parse_treatment,
    quote_lines,
)
from console.clinic.errors import InvalidInput

SOURCE = "Alpha is a sample. It’s made for tests – nothing else. Beta follows alpha.\n"

DOC = """# Sample
key: sample
appointment type: skin_care
source: sample.txt
callers say: sample, the sample
sessions: 2
days between sessions: 7-14
course: two weeks
regimen note: The provider sets it.
regimen source: Beta follows alpha.
side effects: none, nothing
side effects source: made for tests - nothing else

Sample is a sample
that wraps.
source: Alpha is a sample.

## First part {#first}
callers say: first, one

- Alpha is a sample.
  callers say: alpha
  source: Alpha is a sample.
- It is made for tests, and
  nothing else.
  source: It's made for tests - nothing else.
  source: Beta follows alpha.

## Questions before each session {#questions}

- q_one: Is it a test?
  flag: yes
  adds: allergies
  why: Tests need
  to be told.
  source: Beta follows alpha.

## Aftercare sheet {#aftercare-sheet}

- Follow alpha.
  source: Beta follows alpha.

## Confirmation call {#call-script}

- Say alpha.
  source: Alpha is a sample.
"""


def refusal(text: str, line: int, *fragments: str) -> str:
    """Parse ``text``; insist on one sentence naming the file and ``line``."""
    with pytest.raises(InvalidInput) as caught:
        parse_treatment(text, "x.md")
    message = str(caught.value)
    assert message.startswith(f"x.md line {line}: "), message
    assert "\n" not in message
    assert message.endswith(".")
    for fragment in fragments:
        assert fragment in message
    return message


def with_line(n: int, new: str, text: str = DOC) -> str:
    """``text`` with line ``n`` (1-based) replaced by ``new`` (which may hold newlines)."""
    lines = text.split("\n")
    lines[n - 1] = new
    return "\n".join(lines)


def line_of(fragment: str, text: str = DOC) -> int:
    return next(n for n, line in enumerate(text.split("\n"), 1) if fragment in line)


def test_a_whole_file_builds_the_model() -> None:
    t = parse_treatment(DOC, "x.md")
    assert (t.key, t.name, t.source, t.appointment_type) == (
        "sample",
        "Sample",
        "sample.txt",
        "skin_care",
    )
    assert t.words == ("sample", "the sample")
    assert t.summary == "Sample is a sample that wraps."
    assert t.intro[0].line == line_of("Sample is a sample")
    assert t.section_ids == ("first",)  # the special parts are not viewer sections
    first = t.section("first")
    assert (first.title, first.words, first.line) == (
        "First part",
        ("first", "one"),
        line_of("{#first}"),
    )
    one, two = first.statements
    assert one.words == ("alpha",) and one.line == line_of("- Alpha is a sample.")
    assert two.text == "It is made for tests, and nothing else."
    assert len(two.sources) == 2
    (q,) = t.questions
    assert (q.id, q.flag_answer, q.adds, q.why) == (
        "q_one",
        "yes",
        "allergies",
        "Tests need to be told.",
    )
    assert t.aftercare == ("Follow alpha.",)
    assert t.confirmation_call == ("Say alpha.",)
    assert t.regimen is not None
    assert (t.regimen.sessions, t.regimen.interval_days_min, t.regimen.interval_days_max) == (
        2,
        7,
        14,
    )
    assert t.regimen.sources == ("Beta follows alpha.",)
    assert t.side_effects == ("none", "nothing")
    assert missing_quotes(t, SOURCE) == []


def test_windows_line_ends_and_a_byte_order_mark_are_read() -> None:
    t = parse_treatment("\ufeff" + DOC.replace("\n", "\r\n"), "x.md")
    assert t.section("first").statements[1].text == "It is made for tests, and nothing else."


@pytest.mark.parametrize("char", ["\x00", "\x1b", "\x07", "\x7f", "\u202e", "\u200b", "\x85"])
def test_control_characters_are_refused_on_their_line(char: str) -> None:
    n = line_of("- Follow alpha.")
    refusal(with_line(n, f"- Follow{char} alpha."), n, "control character")


def test_unknown_header_key_is_refused() -> None:
    refusal(with_line(3, "apointment type: skin_care"), 3, "unknown key 'apointment type'")


def test_unknown_statement_key_is_refused() -> None:
    n = line_of("  callers say: alpha")
    refusal(with_line(n, "  caller says: alpha"), n, "unknown key 'caller says'", "source")


def test_unknown_question_key_is_refused() -> None:
    n = line_of("  adds: allergies")
    refusal(with_line(n, "  add: allergies"), n, "unknown key 'add'")


@pytest.mark.parametrize("reserved", ["overview"])
def test_reserved_section_ids_are_refused(reserved: str) -> None:
    n = line_of("{#first}")
    refusal(with_line(n, f"## First part {{#{reserved}}}"), n, "reserved")


def test_the_clinic_facts_may_not_hold_questions_or_scripts() -> None:
    text = DOC.replace("key: sample", "key: clinic")
    refusal(text, line_of("{#questions}"), "'questions' is reserved")


def test_a_statement_without_a_source_is_refused() -> None:
    n = line_of("- Alpha is a sample.")
    text = DOC.replace(
        "  callers say: alpha\n  source: Alpha is a sample.\n", "  callers say: alpha\n"
    )
    refusal(text, n, "no `source:`")


def test_an_intro_without_a_source_is_refused() -> None:
    text = DOC.replace("that wraps.\nsource: Alpha is a sample.\n", "that wraps.\n")
    refusal(text, line_of("Sample is a sample"), "no `source:`")


@pytest.mark.parametrize(
    ("old", "new", "fragment"),
    [
        ("## First part {#first}", "## First part", "needs an id"),
        ("## First part {#first}", "## First part {#First Part}", "must be lowercase"),
        ("## First part {#first}", "### First part {#first}", "only one"),
        ("- q_one: Is it a test?", "- Is it a test?", "needs an id"),
        ("  flag: yes", "  flag: maybe", "yes or no"),
        ("  adds: allergies", "  adds: pets", "allergies or conditions"),
        ("days between sessions: 7-14", "days between sessions: 14-7", "28-42"),
        ("sessions: 2", "sessions: two", "whole number"),
        ("key: sample", "key: Sample Two", "lowercase"),
        ("source: sample.txt", "source: ../sample.txt", "not a path"),
        ("source: sample.txt", "source: sample.md", "not a content file"),
        ("  callers say: alpha", "callers say: alpha", "indented"),
        ("callers say: first, one", "Some loose text.", "must be a bullet"),
        ("  callers say: alpha", "  callers say:", "has no value"),
    ],
)
def test_each_mistake_names_its_line(old: str, new: str, fragment: str) -> None:
    n = line_of(old)
    refusal(with_line(n, new), n, fragment)


def test_a_planted_heading_of_many_braces_is_refused_at_once() -> None:
    # 100,000 `` {#`` once took quadratic time (minutes) to match; now a plain refusal.
    text = DOC + "\n## A" + " {#" * 100_000 + "\n"
    refusal(text, line_of("## A {#", text), "needs an id")


def test_header_line_finds_a_header_key() -> None:
    assert header_line(DOC, "key") == 2
    assert header_line(DOC, "appointment type") == 3
    assert header_line("\ufeff# X\n\nkey: x\n", "key") == 3
    assert header_line(DOC, "flag") == 0


def test_a_repeated_section_id_names_the_second() -> None:
    text = DOC + "\n## Again {#first}\n\n- x\n  source: Alpha is a sample.\n"
    refusal(text, line_of("## Again", text), "used twice")


def test_missing_header_keys_name_the_title_line() -> None:
    refusal(DOC.replace("key: sample\n", ""), 1, "`key:`")
    refusal(DOC.replace("source: sample.txt\n", ""), 1, "`source:`")


def test_a_file_must_start_with_its_title() -> None:
    refusal("\n\nkey: x\n", 3, "title")
    refusal("", 1, "empty")


def test_a_regimen_needs_its_source() -> None:
    text = DOC.replace("regimen source: Beta follows alpha.\n", "")
    refusal(text, line_of("sessions: 2"), "regimen source")


def test_quotes_not_in_the_source_are_named_with_their_lines() -> None:
    text = DOC.replace(
        "  source: Beta follows alpha.\n\n## Questions", "  source: Gamma.\n\n## Questions"
    )
    n = line_of("  source: Gamma.", text)
    assert missing_quote_lines(text, "x.md", "sample.txt", SOURCE) == [
        f"x.md line {n}: the quote 'Gamma.' is not in sample.txt."
    ]
    t = parse_treatment(text, "x.md")
    problems = missing_quotes(t, SOURCE)
    assert len(problems) == 1
    assert re.match(r"x\.md line \d+: the quote 'Gamma\.' is not in sample\.txt\.$", problems[0])


def test_the_header_source_names_a_file_and_is_no_quote() -> None:
    quotes = [q for _, q in quote_lines(DOC)]
    assert "sample.txt" not in quotes
    assert "Beta follows alpha." in quotes and "made for tests - nothing else" in quotes


def test_quotes_forgive_typography_and_spacing_but_not_case() -> None:
    assert fold_quote("It’s  made –\n here") == "It's made - here"
    t = parse_treatment(DOC, "x.md")
    assert missing_quotes(t, SOURCE.replace("It’s", "It's").replace(" – ", " — ")) == []
    lowered = parse_treatment(
        DOC.replace("source: Alpha is a sample.", "source: alpha is a sample."), "x.md"
    )
    assert missing_quotes(lowered, SOURCE)


TOPICS = """# Not covered

- price: Prices are not in the clinic's information; ask the provider.
  callers say: price, cost
- parking: Parking is not in the clinic's
  information.
  callers say: parking
"""


def test_topics_parse_with_wrapped_messages() -> None:
    topics = parse_topics(TOPICS, "n.md")
    assert [t.id for t in topics] == ["price", "parking"]
    assert topics[0].words == ("price", "cost")
    assert topics[1].message == "Parking is not in the clinic's information."
    assert topics[1].line == 5
    assert missing_quotes(topics, "") == []
    assert isinstance(topics[0], Topic)


@pytest.mark.parametrize(
    ("old", "new", "fragment"),
    [
        ("  callers say: parking", "  source: parking", "unknown key 'source'"),
        (
            "- parking: Parking is not in the clinic's",
            "- Parking is not in the clinic's",
            "needs an id",
        ),
        (
            "- parking: Parking is not in the clinic's",
            "- price: Parking is not in the clinic's",
            "used twice",
        ),
        ("  callers say: price, cost", "## Price {#price}", "no sections"),
        ("  callers say: parking", "  callers say: park\x1b[2J", "control character"),
    ],
)
def test_topic_mistakes_name_their_line(old: str, new: str, fragment: str) -> None:
    n = line_of(old, TOPICS)
    with pytest.raises(InvalidInput, match=re.escape(f"n.md line {n}: ")) as caught:
        parse_topics(with_line(n, new, TOPICS), "n.md")
    assert fragment in str(caught.value)


def test_a_topic_needs_the_words_callers_say() -> None:
    text = TOPICS.replace("  callers say: parking\n", "")
    with pytest.raises(
        InvalidInput, match=r"n\.md line 5: the topic needs a `callers say:` line\."
    ):
        parse_topics(text, "n.md")


def test_an_intro_right_under_the_header_has_its_quotes_checked() -> None:
    # No blank line between the header and the intro: its `source:` once passed unchecked.
    text = DOC.replace(
        "nothing else\n\nSample is a sample\nthat wraps.\nsource: Alpha",
        "nothing else\nSample is a sample\nthat wraps.\nsource: Omega",
    )
    n = line_of("source: Omega", text)
    assert missing_quote_lines(text, "x.md", "sample.txt", SOURCE) == [
        f"x.md line {n}: the quote 'Omega is a sample.' is not in sample.txt."
    ]
    assert "sample.txt" not in [q for _, q in quote_lines(text)]


def test_a_quote_of_a_word_or_two_shows_nothing_and_is_refused() -> None:
    # "sample." is in the source, like "the" would be in any: it is no source at all.
    text = DOC.replace("  source: Beta follows alpha.\n\n## Questions", "  source: sample.\n\n## Q")
    text = text.replace("## Q", "## Questions")
    n = line_of("  source: sample.", text)
    assert missing_quote_lines(text, "x.md", "sample.txt", SOURCE) == [
        f"x.md line {n}: the quote 'sample.' is too short to show where the statement comes "
        "from; quote at least 3 words."
    ]
    problems = missing_quotes(parse_treatment(text, "x.md"), SOURCE)
    assert len(problems) == 1 and "too short" in problems[0]
