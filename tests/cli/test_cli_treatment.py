"""``frontdesk treatment``: one section, or the section that answers a question."""


def test_regimen_section(frontdesk):
    data = frontdesk("treatment", "--section", "regimen", "--json").json()
    assert (data["treatment"], data["id"]) == ("sculptra", "regimen")
    assert "three" in data["body"].lower()


def test_regimen_section_as_markdown(ok):
    assert ok("treatment", "sculptra", "--section", "regimen").startswith("## ")


def test_search_finds_the_section_about_ibuprofen(frontdesk):
    data = frontdesk("treatment", "--search", "ibuprofen", "--json").json()
    assert data["id"] == "preparation"
    assert "ibuprofen" in data["body"].lower()


def test_unknown_section_is_one_sentence(frontdesk):
    result = frontdesk("treatment", "--section", "no-such-section")
    assert result.code == 2
    assert result.err.count("\n") == 1
