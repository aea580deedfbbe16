"""Treatment content and search, on the real shipped Sculptra files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from console.clinic.errors import InvalidInput, NotFound
from console.clinic.treatments import Treatment, parse_treatment, search_sections
from console.shipped import load_treatments

DATA = Path(__file__).resolve().parents[2] / "data" / "treatments"

REQUIRED_SECTIONS = (
    "what-it-is",
    "how-it-works",
    "history",
    "where-used",
    "not-recommended",
    "off-label",
    "consultation",
    "regimen",
    "preparation",
    "procedure",
    "aftercare",
    "side-effects",
    "results",
    "contact",
)


@pytest.fixture(scope="module")
def sculptra() -> Treatment:
    return load_treatments(DATA)["sculptra"]


def body(treatment: Treatment, section_id: str) -> str:
    return treatment.section(section_id).body.casefold()


def test_every_required_section_exists_and_has_text(sculptra: Treatment) -> None:
    assert set(REQUIRED_SECTIONS) <= set(sculptra.section_ids)
    for section_id in REQUIRED_SECTIONS:
        section = sculptra.section(section_id)
        assert section.title.strip()
        assert len(section.body.split()) >= 5, section_id


def test_summary_and_front_desk_note(sculptra: Treatment) -> None:
    assert sculptra.name == "Sculptra"
    assert "provider" in sculptra.summary.casefold()
    assert "##" not in sculptra.summary


def test_regimen_structured_data(sculptra: Treatment) -> None:
    regimen = sculptra.regimen
    assert regimen is not None
    assert (regimen.sessions, regimen.interval_days_min, regimen.interval_days_max) == (3, 28, 42)
    assert regimen.span == "three to four months"
    assert sculptra.appointment_type == "sculptra"


def test_regimen_text_agrees_with_data(sculptra: Treatment) -> None:
    text = body(sculptra, "regimen")
    for words in ("three", "four to six weeks", "three to four months", "provider"):
        assert words in text


def test_preparation_names_the_nsaids(sculptra: Treatment) -> None:
    text = body(sculptra, "preparation")
    assert "aspirin" in text
    assert "ibuprofen" in text
    assert "bleeding" in text


def test_not_recommended_names_lips_and_eyes(sculptra: Treatment) -> None:
    text = body(sculptra, "not-recommended")
    assert "lips" in text
    assert "eyes" in text


def test_aftercare_mentions_cold_pack_and_tanning(sculptra: Treatment) -> None:
    text = body(sculptra, "aftercare")
    assert "cold pack" in text
    assert "tanning" in text


def test_contact_has_address_phone_and_hours(sculptra: Treatment) -> None:
    text = body(sculptra, "contact")
    for fact in (
        "15651 imperial hwy suite 102",
        "la mirada, ca 90638",
        "(714) 225-5137",
        "9:00 am – 6:00 pm",
        "9:00 am – 2:00 pm",
        "by appointment only",
    ):
        assert fact in text


def test_structured_lists(sculptra: Treatment) -> None:
    assert sculptra.side_effects == (
        "redness",
        "swelling",
        "bruising",
        "pain",
        "bleeding",
        "bumps",
    )
    assert [q.id for q in sculptra.questions] == ["nsaids", "new_conditions", "new_allergies"]
    assert all(q.flag_answer == "yes" and q.why for q in sculptra.questions)
    assert any("ibuprofen" in line for line in sculptra.confirmation_call)
    assert sculptra.aftercare


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("how many sessions", "regimen"),
        ("ibuprofen", "preparation"),
        ("lips", "not-recommended"),
        ("aftercare", "aftercare"),
        ("ibuprofin", "preparation"),
        ("aftrecare", "aftercare"),
        ("bruising", "side-effects"),
        ("how long does it last", "results"),
        ("can I go in the sun", "aftercare"),
        ("IBUPROFÉN", "preparation"),
        ("where are you", "contact"),
    ],
)
def test_search_puts_the_answer_first(sculptra: Treatment, question: str, expected: str) -> None:
    hits = search_sections(sculptra, question)
    assert hits, question
    assert hits[0].section.id == expected
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


@pytest.mark.parametrize("question", ["", "   ", "price", "zzzz", "how much does it cost", "the"])
def test_search_finds_nothing_for_nonsense_or_missing_topics(
    sculptra: Treatment, question: str
) -> None:
    assert search_sections(sculptra, question) == []


def test_search_snippet_is_the_matching_plain_line(sculptra: Treatment) -> None:
    hit = search_sections(sculptra, "ibuprofen")[0]
    assert "ibuprofen" in hit.snippet
    assert len(hit.snippet) <= 160
    assert not hit.snippet.startswith(("-", "*", "#"))
    assert "\n" not in hit.snippet


def test_search_respects_limit(sculptra: Treatment) -> None:
    assert len(search_sections(sculptra, "swelling", limit=1)) == 1
    assert search_sections(sculptra, "swelling", limit=0) == []


def test_unknown_section_is_not_found(sculptra: Treatment) -> None:
    with pytest.raises(NotFound, match="regimen"):
        sculptra.section("nope")


def test_markdown_of_one_section_and_of_the_whole(sculptra: Treatment) -> None:
    section = sculptra.markdown("regimen")
    assert section.startswith("## Treatment regimen\n")
    assert "four to six weeks" in section
    assert "{#" not in section
    whole = sculptra.markdown()
    assert whole.startswith("# Sculptra\n")
    assert whole.count("\n## ") == len(sculptra.sections)
    assert section.strip() in whole


SMALL = """# Demo

A short summary.

## First part {#first}

Line one.
Line two.

### A sub heading stays in the body

## Second Part

- bullet
"""


def test_parse_treatment_on_inline_markdown() -> None:
    treatment = parse_treatment({"key": "demo", "keywords": {"first": ["alpha"]}}, SMALL)
    assert treatment.name == "Demo"
    assert treatment.summary == "A short summary."
    assert treatment.section_ids == ("first", "second-part")
    first = treatment.section("first")
    assert first.title == "First part"
    assert first.body.startswith("Line one.\nLine two.")
    assert "### A sub heading" in first.body
    assert first.keywords == ("alpha",)
    assert treatment.regimen is None
    assert search_sections(treatment, "alpha")[0].section.id == "first"


def test_parse_treatment_refuses_keywords_for_missing_sections() -> None:
    with pytest.raises(InvalidInput, match="nope"):
        parse_treatment({"key": "demo", "keywords": {"nope": ["x"]}}, SMALL)


def test_parse_treatment_refuses_duplicate_ids() -> None:
    with pytest.raises(InvalidInput, match="first"):
        parse_treatment({"key": "demo"}, SMALL + "\n## Again {#first}\n\nx\n")


def test_loader_names_the_malformed_file(tmp_path: Path) -> None:
    (tmp_path / "broken.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(InvalidInput, match=r"broken\.json"):
        load_treatments(tmp_path)


def test_loader_names_the_file_with_missing_content(tmp_path: Path) -> None:
    (tmp_path / "demo.json").write_text(
        json.dumps({"key": "demo", "content": "missing.md"}), encoding="utf-8"
    )
    with pytest.raises(InvalidInput, match=r"missing\.md"):
        load_treatments(tmp_path)


def test_loader_reads_a_copy_of_the_shipped_files(tmp_path: Path) -> None:
    for name in ("sculptra.json", "sculptra.md"):
        (tmp_path / name).write_bytes((DATA / name).read_bytes())
    loaded = load_treatments(tmp_path)
    assert list(loaded) == ["sculptra"]
    assert loaded["sculptra"] == load_treatments(DATA)["sculptra"]


def test_a_stray_first_letter_on_a_long_word_still_finds_the_answer():
    # A receptionist who pressed "s" into the search box then typed "ibuprofen".
    treatment = load_treatments(DATA)["sculptra"]
    assert search_sections(treatment, "sibuprofen")[0].section.id == "preparation"
