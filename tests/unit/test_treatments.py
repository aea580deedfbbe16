"""Treatment content and the section search, on the real shipped Sculptra and clinic files."""

from __future__ import annotations

from pathlib import Path

import pytest

from console.clinic.errors import NotFound
from console.clinic.treatments import Treatment, search_sections
from console.shipped import load_content, load_treatments

DATA = Path(__file__).resolve().parents[2] / "data"

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


def test_summary(sculptra: Treatment) -> None:
    assert sculptra.name == "Sculptra"
    summary = sculptra.summary.casefold()
    for words in ("facial filler", "collagen", "three sessions"):
        assert words in summary
    assert "##" not in sculptra.summary
    # Every intro paragraph is its own sourced statement.
    assert len(sculptra.intro) >= 2
    assert all(s.sources for s in sculptra.intro)


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


def test_contact_has_address_phone_and_hours() -> None:
    clinic = load_content(DATA).clinic
    assert clinic is not None and clinic.key == "clinic"
    assert clinic.section_ids == ("contact", "about")
    assert clinic.section("contact").title == "Contact and office hours"
    text = body(clinic, "contact")
    for fact in (
        "15651 imperial hwy suite 102",
        "la mirada, ca 90638",
        "(714) 225-5137",
        "monday to friday: 9:00 am to 6:00 pm",
        "saturday: 9:00 am to 2:00 pm",
        "sunday: by appointment only",
    ):
        assert fact in text
    assert len(clinic.section("about").statements) == 3


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


def test_a_stray_first_letter_on_a_long_word_still_finds_the_answer():
    # A receptionist who pressed "s" into the search box then typed "ibuprofen".
    treatment = load_treatments(DATA)["sculptra"]
    assert search_sections(treatment, "sibuprofen")[0].section.id == "preparation"
