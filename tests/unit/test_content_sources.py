"""THE SOURCES TEST: every statement of the shipped content rests on a quote of the
clinic's article, and every quote is in it. A statement with no source, or a quote
the article does not hold, fails here."""

from __future__ import annotations

from pathlib import Path

import pytest

from console.clinic.content import Treatment
from console.clinic.content_format import fold_quote, missing_quote_lines, missing_quotes
from console.shipped import load_content

DATA = Path(__file__).resolve().parents[2] / "data"
CONTENT = DATA / "content"
ARTICLE = CONTENT / "clinic-article.txt"

#: Sentences of the clinic's article, so the shipped copy cannot be emptied (or swapped)
#: to make every quote "found".
KEY_SENTENCES = (
    "it’s a facial filler that can treat deep lines and restore fullness to faces.",
    "Typically, a treatment regimen of Sculptra involves three injections spread out over "
    "three or four months, one every four to six weeks.",
    "You may be asked to stop taking NSAIDs like aspirin and ibuprofen in the days "
    "immediately preceding treatment because these increase the risk of bleeding.",
    "Unlike some other fillers, it’s usually not recommended to use Sculptra on smaller "
    "areas, like the lips and eyes.",
    "It’s also recommended that you steer clear of tanning beds and excessive sunlight "
    "until any redness and swelling abates.",
    "15651 Imperial Hwy Suite 102, La Mirada, CA 90638",
    "Phone: (714) 225-5137",
    "We are committed to giving back to our society",
)


def documents() -> list[Treatment]:
    content = load_content(DATA)
    return list(content.documents)


def test_the_shipped_article_is_the_clinics_article() -> None:
    article = ARTICLE.read_text(encoding="utf-8")
    assert len(article) > 5000
    for sentence in KEY_SENTENCES:
        assert sentence in article


@pytest.mark.parametrize("document", documents(), ids=lambda d: d.key)
def test_every_statement_has_a_source_and_every_quote_is_in_the_article(
    document: Treatment,
) -> None:
    article = ARTICLE.read_text(encoding="utf-8")
    assert document.source == "clinic-article.txt"
    statements = list(document.statements())
    assert len(statements) >= 5
    for label, statement in statements:
        assert statement.sources, f"{document.path} {label}: {statement.text!r} has no source"
        assert statement.text.strip(), label
    assert missing_quotes(document, article) == []


def test_every_quote_line_of_every_shipped_file_is_in_the_article() -> None:
    article = ARTICLE.read_text(encoding="utf-8")
    files = [CONTENT / "clinic.md", *sorted((CONTENT / "treatments").glob("*.md"))]
    assert len(files) >= 2
    for path in files:
        assert (
            missing_quote_lines(path.read_text(encoding="utf-8"), str(path), ARTICLE.name, article)
            == []
        )


def test_sculptra_carries_every_part_of_todays_content() -> None:
    sculptra = load_content(DATA).treatments["sculptra"]
    kinds = {label.split(",")[0] for label, _ in sculptra.statements()}
    assert {
        "introduction",
        "aftercare sheet",
        "confirmation call",
        "regimen",
        "side effects",
    } <= kinds
    assert [q.id for q in sculptra.questions] == ["nsaids", "new_conditions", "new_allergies"]
    assert all(q.sources for q in sculptra.questions)


def test_the_caller_words_sit_on_the_statement_they_belong_to() -> None:
    preparation = load_content(DATA).treatments["sculptra"].section("preparation")
    nsaid = next(s for s in preparation.statements if "NSAIDs" in s.text)
    numbing = next(s for s in preparation.statements if "anaesthetic" in s.text)
    assert {"advil", "motrin", "aleve", "naproxen"} <= set(nsaid.words)
    assert {"does it hurt", "numbing"} <= set(numbing.words)


def test_not_covered_topics_make_no_medical_claim() -> None:
    topics = load_content(DATA).topics
    ids = {t.id for t in topics}
    for wanted in (
        "price",
        "pregnancy",
        "age",
        "other-treatments",
        "ingredients",
        "other-medicines",
        "fda",
        "parking",
        "cancellation",
        "appointment-length",
        "providers",
        "email",
        "body-areas",
        "holidays",
    ):
        assert wanted in ids
    for topic in topics:
        assert "not in the clinic's information" in topic.message
        assert topic.message.count(". ") == 0 and topic.message.endswith(".")
        assert topic.words


def test_the_quote_fold_is_what_the_article_needs() -> None:
    # The article's apostrophes are curly and its dashes are en dashes.
    assert fold_quote("it’s – here") == "it's - here"
