"""Text planted straight into the store files never acts on the terminal of the command line.

Escape sequences (OSC 52 clipboard, window title, cursor moves), C1 controls and bidi
overrides written into a store file without passing the desk are cleaned again when the
command line prints; wide characters are cut by terminal cells, so columns stay aligned.
"""

import json
import re

import pytest
from rich.cells import cell_len

from tests.tampering import OSC52, TITLE, plant

CSI = "\x1b[2J\x1b[H\x1b[5A"
FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200b\u2028]")
WIDE = "漢字漢字漢字漢字漢字漢字漢字漢字漢字"  # 18 characters, 36 cells


@pytest.fixture
def tampered(ok, store_dir, patient_id):
    """John Smith with planted escapes, and a patient with a wide name; a visit each."""
    wide = ok("patient", "add", "--first", "Wide", "--last", "Name", "--phone", "714-225-5138")
    wide = wide.strip()
    book = ["--type", "consultation", "--outside-hours"]
    mine = ok("book", "--patient", patient_id, "--start", "2026-11-25 10:00", *book).split()[0]
    ok("book", "--patient", wide, "--start", "2026-11-25 11:00", *book)
    plant(
        store_dir,
        patient_id,
        first=f"John{OSC52}",
        last=f"Sm\u202eith{TITLE}\u2028",
        conditions=f"{CSI}asthma\x9b31m",
        allergies="latex\u2066\x1b[1A",
        email=f"j@example.com{TITLE}",
    )
    plant(store_dir, wide, first=WIDE, last="Name\u202e")
    plant(store_dir, mine, notes=f"call back{OSC52}", provider=f"Provider A{CSI}")
    return patient_id


def assert_clean(result):
    assert result.code == 0, result.err
    found = sorted({f"U+{ord(c):04X}" for c in FORBIDDEN.findall(result.out + result.err)})
    assert not found, found


def test_day_and_patient_commands_print_planted_text_cleaned(frontdesk, tampered):
    for args in (
        ["day", "2026-11-25"],
        ["patient", "show", tampered],
        ["find", "John"],
        ["calls", "2026-11-25"],
        ["close", "2026-11-25"],
    ):
        result = frontdesk(*args)
        assert_clean(result)
        assert "John]52;c;" in result.out, args


def test_json_escapes_what_a_terminal_could_act_on(frontdesk, tampered):
    for args in (["day", "2026-11-25"], ["patient", "show", tampered], ["find", "John"]):
        result = frontdesk(*args, "--json")
        assert_clean(result)
        json.loads(result.out)  # still JSON


def test_wide_names_are_cut_by_cells_and_columns_stay_aligned(frontdesk, tampered):
    result = frontdesk("day", "2026-11-25")
    assert_clean(result)
    lines = [line for line in result.out.splitlines() if "(714)" in line]
    assert len(lines) == 2, result.out
    assert any("漢字" in line and "…" in line for line in lines), lines
    phone_columns = {cell_len(line[: line.index("(714)")]) for line in lines}
    assert len(phone_columns) == 1, lines
