"""Loading the shipped content and the clinic's own from its setup folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from console import locations
from console.clinic.errors import InvalidInput
from console.desk.compose import open_desk
from console.shipped import load_clinic_config, load_content, problems_warning
from tests.clinic_setup import GLOW, write_glow

DATA = Path(__file__).resolve().parents[2] / "data"
CONFIG = load_clinic_config(DATA)


def load(setup: Path):
    return load_content(DATA, setup, config=CONFIG)


def test_the_setup_folder_sits_beside_the_store(monkeypatch, tmp_path) -> None:
    monkeypatch.delenv(locations.ENV_SETUP_DIR, raising=False)
    assert locations.setup_dir(tmp_path / "store") == tmp_path / "store-setup"
    monkeypatch.setenv(locations.ENV_SETUP_DIR, str(tmp_path / "elsewhere"))
    assert locations.setup_dir(tmp_path / "store") == tmp_path / "elsewhere"


def test_no_setup_folder_is_just_the_shipped_content(tmp_path) -> None:
    content = load(tmp_path / "missing")
    assert list(content.treatments) == ["sculptra"]
    assert content.problems == ()
    assert content.clinic is not None and content.topics


def test_a_clinic_treatment_is_loaded_after_sculptra(tmp_path) -> None:
    write_glow(tmp_path)
    content = load(tmp_path)
    assert content.problems == ()
    assert list(content.treatments) == ["sculptra", "glow"]
    glow = content.treatments["glow"]
    assert (glow.origin, glow.appointment_type, glow.name) == ("clinic", "skin_care", "Glow Facial")
    assert glow.path == str(tmp_path / "treatments" / "glow.md")
    assert "glow-source.txt" in content.sources
    assert [d.key for d in content.documents] == ["clinic", "sculptra", "glow"]


def test_open_desk_reads_the_setup_folder_and_links_the_appointment_type(
    monkeypatch, tmp_path
) -> None:
    monkeypatch.delenv(locations.ENV_SETUP_DIR, raising=False)
    write_glow(tmp_path / "store-setup")
    desk = open_desk(tmp_path / "store")
    try:
        assert list(desk.treatments) == ["sculptra", "glow"]
        assert desk.content.treatments is desk.treatments
        assert desk.treatment("glow").name == "Glow Facial"
        assert desk.treatment("Glow Facial").key == "glow"
        # The config's own link stays; the clinic's treatment fills the type that had none.
        assert desk.config.appointment_types["skin_care"].treatment == "glow"
        assert desk.config.appointment_types["sculptra"].treatment == "sculptra"
        assert desk.config.appointment_types["consultation"].treatment is None
    finally:
        desk.close()


def test_clinic_topics_are_added(tmp_path) -> None:
    (tmp_path / "not-covered.md").write_text(
        "# Not covered\n\n- valet: Valet parking is not in the clinic's information.\n"
        "  callers say: valet\n",
        encoding="utf-8",
    )
    content = load(tmp_path)
    assert content.topics[-1].id == "valet"
    assert content.problems == ()


def only_problem(setup: Path, *fragments: str) -> str:
    content = load(setup)
    assert list(content.treatments) == ["sculptra"], content.problems
    (problem,) = content.problems
    for fragment in fragments:
        assert fragment in problem, problem
    assert "\n" not in problem
    return problem


def test_a_broken_clinic_file_is_a_problem_naming_its_line(tmp_path) -> None:
    write_glow(tmp_path, GLOW.replace("  why: The face", "  wy: The face"))
    only_problem(tmp_path, "glow.md line 19: unknown key 'wy'")


def test_a_quote_not_in_its_source_is_a_problem(tmp_path) -> None:
    write_glow(tmp_path, source="Something else entirely.\n")
    only_problem(tmp_path, "glow.md line 8:", "is not in glow-source.txt")


def test_a_missing_source_file_is_a_problem(tmp_path) -> None:
    path = write_glow(tmp_path)
    (path.parent / "glow-source.txt").unlink()
    only_problem(tmp_path, "glow.md line 4: ", "glow-source.txt does not exist")


def test_a_symlinked_file_is_refused(tmp_path) -> None:
    real = write_glow(tmp_path / "real")
    folder = tmp_path / "setup" / "treatments"
    folder.mkdir(parents=True)
    (folder / "glow-source.txt").write_text("x", encoding="utf-8")
    (folder / "glow.md").symlink_to(real)
    only_problem(tmp_path / "setup", "glow.md is a symbolic link")


def test_a_symlinked_source_is_refused(tmp_path) -> None:
    path = write_glow(tmp_path / "setup")
    source = path.parent / "glow-source.txt"
    source.rename(tmp_path / "elsewhere.txt")
    source.symlink_to(tmp_path / "elsewhere.txt")
    only_problem(tmp_path / "setup", "glow-source.txt is a symbolic link")


def test_a_symlinked_treatments_folder_is_refused(tmp_path) -> None:
    write_glow(tmp_path / "real")
    (tmp_path / "setup").mkdir()
    (tmp_path / "setup" / "treatments").symlink_to(tmp_path / "real" / "treatments")
    only_problem(tmp_path / "setup", "treatments is a symbolic link")


def test_a_symlinked_setup_folder_is_refused(tmp_path) -> None:
    write_glow(tmp_path / "real")
    (tmp_path / "setup").symlink_to(tmp_path / "real")
    only_problem(tmp_path / "setup", "setup is a symbolic link")


def test_a_fifo_is_refused_without_hanging(tmp_path) -> None:
    path = write_glow(tmp_path)
    path.unlink()
    os.mkfifo(path)
    only_problem(tmp_path, "glow.md is not a regular file")


def test_a_huge_file_is_refused_unread(tmp_path) -> None:
    path = write_glow(tmp_path)
    with path.open("ab") as handle:
        handle.truncate(10 * 1024 * 1024)
    only_problem(tmp_path, "larger than")


def test_a_file_that_is_not_utf8_is_refused(tmp_path) -> None:
    path = write_glow(tmp_path)
    path.write_bytes(GLOW.encode("utf-8") + b"\xff\xfe")
    only_problem(tmp_path, f"glow.md line {GLOW.count(chr(10)) + 1}: ", "not UTF-8")


def test_a_clinic_treatment_may_not_take_a_shipped_key(tmp_path) -> None:
    folder = tmp_path / "treatments"
    write_glow(tmp_path)
    (folder / "glow.md").rename(folder / "sculptra.md")
    text = (
        (folder / "sculptra.md").read_text(encoding="utf-8").replace("key: glow", "key: sculptra")
    )
    (folder / "sculptra.md").write_text(text, encoding="utf-8")
    problem = only_problem(
        tmp_path, "sculptra.md line 2: the key 'sculptra' is already taken by Sculptra"
    )
    assert load(tmp_path).treatments["sculptra"].origin == "shipped", problem


def test_a_reserved_key_is_refused(tmp_path) -> None:
    folder = tmp_path / "treatments"
    write_glow(tmp_path, GLOW.replace("key: glow", "key: clinic"))
    (folder / "glow.md").rename(folder / "clinic.md")
    only_problem(tmp_path, "the key 'clinic' is reserved")


def test_the_key_must_match_the_file_name(tmp_path) -> None:
    write_glow(tmp_path, GLOW.replace("key: glow", "key: shine"))
    only_problem(tmp_path, "glow.md line 2: ", "must match the file name (shine.md)")


def test_an_unknown_appointment_type_is_refused(tmp_path) -> None:
    write_glow(tmp_path, GLOW.replace("appointment type: skin_care", "appointment type: facial"))
    only_problem(
        tmp_path,
        "glow.md line 3: the appointment type 'facial' is not one of the clinic's",
        "skin_care",
    )


def test_an_appointment_type_that_leads_elsewhere_is_refused(tmp_path) -> None:
    write_glow(tmp_path, GLOW.replace("appointment type: skin_care", "appointment type: sculptra"))
    only_problem(
        tmp_path, "glow.md line 3: the appointment type 'sculptra' already leads to sculptra"
    )


def test_one_bad_file_leaves_the_good_ones(tmp_path) -> None:
    write_glow(tmp_path)
    folder = tmp_path / "treatments"
    (folder / "broken.md").write_text("# Broken\nkey: broken\n", encoding="utf-8")
    content = load(tmp_path)
    assert list(content.treatments) == ["sculptra", "glow"]
    (problem,) = content.problems
    assert problem.startswith(f"{folder / 'broken.md'} line 1: ")
    warning = problems_warning(content.problems)
    assert warning is not None
    assert (
        warning
        == "The clinic's treatment file broken.md (line 1) could not be used; run frontdesk check."
    )
    two = problems_warning((problem, f"{folder / 'glow.md'}: its source is missing."))
    assert two == (
        "The clinic's treatment file broken.md (line 1) and 1 more could not be used; "
        "run frontdesk check."
    )
    odd = problems_warning((f"{tmp_path} is a symbolic link, which is never followed.",))
    assert odd == "A file in the clinic's setup folder could not be used; run frontdesk check."
    assert problems_warning(()) is None


def test_a_broken_shipped_file_stops_with_one_sentence(tmp_path) -> None:
    shipped = tmp_path / "shipped"
    (shipped / "content" / "treatments").mkdir(parents=True)
    for name in ("clinic.md", "not-covered.md", "clinic-article.txt"):
        (shipped / "content" / name).write_bytes((DATA / "content" / name).read_bytes())
    text = (DATA / "content" / "treatments" / "sculptra.md").read_text(encoding="utf-8")
    broken = text.replace("## Preparation {#preparation}", "## Preparation {#Preparation}")
    (shipped / "content" / "treatments" / "sculptra.md").write_text(broken, encoding="utf-8")
    n = broken.split("\n").index("## Preparation {#Preparation}") + 1
    with pytest.raises(InvalidInput, match=rf"sculptra\.md line {n}: the section id"):
        load_content(shipped, None)


def test_a_file_name_with_escape_sequences_never_reaches_the_terminal(tmp_path) -> None:
    # A planted name: ESC ] 2 ; ... BEL would set the terminal's title from the status line.
    path = write_glow(tmp_path)
    path.rename(path.with_name("ev\x1b]2;PWNED\x07il.md"))
    problem = only_problem(tmp_path, "ev]2;PWNEDil.md line 2: its key 'glow' must match")
    assert "\x1b" not in problem and "\x07" not in problem
    warning = problems_warning(load(tmp_path).problems)
    assert warning == (
        "The clinic's treatment file ev]2;PWNEDil.md (line 2) could not be used; "
        "run frontdesk check."
    )


def test_a_treatment_may_not_be_its_own_source(tmp_path) -> None:
    # Its quotes would all be found: in the very lines that hold them.
    write_glow(tmp_path, GLOW.replace("source: glow-source.txt", "source: glow.md"))
    only_problem(tmp_path, "glow.md line 4: the source must be the source document")


def test_a_clinic_topic_may_not_claim_what_a_section_answers(tmp_path) -> None:
    # "Advil" would turn the NSAID warning into "not covered".
    (tmp_path / "not-covered.md").write_text(
        "# Not covered\n\n- valet: Valet parking is not in the clinic's information.\n"
        "  callers say: valet\n- pills: Ask the provider.\n  callers say: pills, Advil\n",
        encoding="utf-8",
    )
    content = load(tmp_path)
    assert content.problems == (
        f"{tmp_path / 'not-covered.md'} line 5: callers saying 'Advil' are answered by "
        "Sculptra › Preparation, so this topic may not claim it.",
    )
    assert {t.id for t in content.topics}.isdisjoint({"valet", "pills"})


def test_an_intro_quote_right_under_the_header_is_checked(tmp_path) -> None:
    text = GLOW.replace(
        "callers say: glow facial, glow\n\nThe Glow Facial is the clinic's own skin care service.\n"
        "source: The Glow Facial is our skin care service.",
        "callers say: glow facial, glow\nThe Glow Facial cures everything.\n"
        "source: The Glow Facial cures everything.",
    )
    assert text != GLOW
    write_glow(tmp_path, text)
    only_problem(tmp_path, "glow.md line 7: the quote 'The Glow Facial cures everything.' is not")


@pytest.mark.parametrize("name", ["Sculptra", "sculptra", "SCULPTRA"])
def test_a_clinic_treatment_may_not_take_a_shipped_name(tmp_path, name) -> None:
    # "Sculptra › Preparation" from a copy would read as the shipped, sourced answer.
    write_glow(tmp_path, GLOW.replace("# Glow Facial", f"# {name}"))
    only_problem(tmp_path, f"glow.md line 1: the name {name!r} is already that of Sculptra.")
