"""``frontdesk treatment``: the document, one section, or the answer to a caller's question."""

import pytest

from tests.clinic_setup import write_glow

ARTICLE_QUOTE_START = "You may be asked to stop taking NSAIDs"


def test_regimen_section(frontdesk):
    data = frontdesk("treatment", "--section", "regimen", "--json").json()
    assert (data["treatment"], data["id"]) == ("sculptra", "regimen")
    assert "three" in data["body"].lower()


def test_regimen_section_as_markdown(ok):
    assert ok("treatment", "sculptra", "--section", "regimen").startswith("## ")


def test_whole_document(frontdesk):
    result = frontdesk("treatment", "sculptra")
    assert result.code == 0
    assert result.out.startswith("# Sculptra")
    assert "## Preparation" in result.out
    data = frontdesk("treatment", "--json").json()
    assert data["key"] == "sculptra"
    assert "preparation" in [s["id"] for s in data["sections"]]


def test_unknown_section_is_one_sentence(frontdesk):
    result = frontdesk("treatment", "--section", "no-such-section")
    assert result.code == 2
    assert result.err.count("\n") == 1


def test_search_prints_the_answering_sentence_and_its_source(frontdesk):
    result = frontdesk("treatment", "--search", "can I take advil")
    assert result.code == 0
    first, sentence, source, *_ = result.out.splitlines()
    assert first.startswith("Sculptra › Preparation  (score 0.")
    assert "match" in first
    assert "NSAIDs" in sentence
    assert "Very little preparation" not in result.out  # the section's first line is not it
    assert source.strip().startswith(f"source: “{ARTICLE_QUOTE_START}")
    assert source.rstrip().endswith("(clinic-article.txt)")


def test_search_as_json(frontdesk):
    data = frontdesk("treatment", "--search", "can I take advil", "--json").json()
    assert data["answered"] is True
    assert 0 < data["score"] <= 1
    assert (data["treatment"], data["section"], data["title"]) == (
        "sculptra",
        "preparation",
        "Preparation",
    )
    assert data["not_covered"] is None
    (sentence,) = data["sentences"][:1]
    assert "NSAIDs" in sentence["text"]
    assert sentence["sources"][0].startswith(ARTICLE_QUOTE_START)
    for alternative in data["alternatives"]:
        assert set(alternative) == {"treatment", "section", "title", "score", "sentences"}


def test_search_offers_the_alternatives(frontdesk):
    result = frontdesk("treatment", "--search", "how often should I massage")
    data = frontdesk("treatment", "--search", "how often should I massage", "--json").json()
    assert data["alternatives"]
    # One scale: an alternative is never surer than the answer (nor above 1).
    assert all(0 <= a["score"] <= data["score"] <= 1 for a in data["alternatives"])
    assert "Also:" in result.out
    for alternative in data["alternatives"]:
        assert f"› {alternative['title']}" in result.out.split("Also:")[1]
        assert alternative["sentences"][0]["text"]


def test_not_covered_is_an_answer_not_an_error(frontdesk):
    result = frontdesk("treatment", "--search", "do you take insurance")
    assert result.code == 0
    assert result.out.startswith("Not covered: ")
    assert "insurance" in result.out.splitlines()[0]
    data = frontdesk("treatment", "--search", "do you take insurance", "--json").json()
    assert data["answered"] is False
    assert data["sentences"] == []
    assert data["treatment"] is None
    assert data["not_covered"]["topic"]
    assert "insurance" in data["not_covered"]["message"]


def test_nothing_at_all_says_so(frontdesk):
    data = frontdesk("treatment", "--search", "zzqx", "--json").json()
    assert data["answered"] is False
    assert data["not_covered"]["topic"] is None
    assert "provider" in data["not_covered"]["message"]


def test_search_within_a_named_treatment(frontdesk):
    data = frontdesk("treatment", "sculptra", "--search", "ibuprofen", "--json").json()
    assert data["section"] == "preparation"


def test_blank_search_is_one_sentence(frontdesk):
    result = frontdesk("treatment", "--search", "  ")
    assert result.code == 2
    assert result.err.count("\n") == 1


def test_unknown_treatment_search_is_one_sentence(frontdesk):
    result = frontdesk("treatment", "botox", "--search", "does it hurt")
    assert result.code == 2
    assert result.err.count("\n") == 1


def test_help_documents_the_exit_status(frontdesk):
    result = frontdesk("treatment", "--help")
    assert result.code == 0
    assert "exit status is 0" in " ".join(result.out.split())


def test_search_answers_from_a_clinics_own_treatment(frontdesk, store_dir):
    write_glow(store_dir.with_name(store_dir.name + "-setup"))
    question = "glow facial before the visit"
    data = frontdesk("treatment", "--search", question, "--json").json()
    assert (data["treatment"], data["section"]) == ("glow", "before")
    assert data["sentences"][0]["sources"] == ["Please come with a clean face."]
    only = frontdesk("treatment", "glow", "--search", "before the facial", "--json").json()
    assert only["treatment"] == "glow"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--search", "advil", "--section", "regimen"), "--section and --search do not go"),
        (("sculptra", "--section", " "), "--section needs a section id"),
        (("--section", ""), "--section needs a section id"),
        (("--json", "--section", "questions"), "Sculptra has no section 'questions'"),
    ],
)
def test_option_mistakes_are_one_sentence(frontdesk, args, message):
    result = frontdesk("treatment", *args)
    assert result.code == 2
    assert result.out == ""
    assert result.err.startswith(f"frontdesk: {message}")
    assert result.err.count("\n") == 1


def test_a_question_that_is_not_utf8_is_answered_in_json(frontdesk):
    # A byte that is not UTF-8 once ended in a traceback from the JSON encoder.
    result = frontdesk("treatment", "--search", "can I take advil \udcff", "--json")
    assert result.code == 0, result.err
    data = result.json()
    assert data["question"] == "can I take advil \ufffd"
    assert data["section"] == "preparation"
