"""Every user error: exit status 2, exactly one line on stderr, never a traceback.

These runs start the installed ``frontdesk`` script in a fresh interpreter
(``command=COMMAND``), not a child of the fork server: the contract is the script's.
"""

import re

import pytest

from tests.cli.conftest import COMMAND

CASES = {
    "unknown command": ["bogus"],
    "missing phone": ["patient", "add", "--first", "Ann", "--last", "Lee"],
    "bad date": ["hours", "2026-13-40"],
    "bad start": [
        "book",
        "--patient",
        "{pid}",
        "--start",
        "2026-13-40 10:00",
        "--type",
        "consultation",
    ],
    "bad phone": ["patient", "add", "--first", "Ann", "--last", "Lee", "--phone", "123"],
    "unknown patient": ["patient", "show", "P-ZZZZZZ"],
    "unknown patient for booking": [
        "book",
        "--patient",
        "P-ZZZZZZ",
        "--start",
        "2026-11-25 10:00",
        "--type",
        "consultation",
    ],
    "thanksgiving": [
        "book",
        "--patient",
        "{pid}",
        "--start",
        "2026-11-26 10:00",
        "--type",
        "consultation",
    ],
    "spring-forward gap": [
        "book",
        "--patient",
        "{pid}",
        "--start",
        "2027-03-14 02:30",
        "--type",
        "consultation",
        "--outside-hours",
    ],
    "unknown type": [
        "book",
        "--patient",
        "{pid}",
        "--start",
        "2026-11-25 10:00",
        "--type",
        "laser",
    ],
    "unknown appointment": ["checkin", "A-ZZZZZZZ"],
    "unknown status": ["status", "A-ZZZZZZZ", "teleported"],
    "unknown provider": [
        "book",
        "--patient",
        "{pid}",
        "--start",
        "2026-11-25 10:00",
        "--type",
        "consultation",
        "--provider",
        "Dr Nobody",
    ],
    # Extreme values: one sentence, never an OverflowError (see test_cli_extremes.py).
    "a date in year 1": ["day", "0001-01-01"],
    "a booking in year 9999": [
        "book",
        "--patient",
        "{pid}",
        "--start",
        "9999-12-31 23:59",
        "--type",
        "consultation",
    ],
    "astronomical minutes": [
        "book",
        "--patient",
        "{pid}",
        "--start",
        "2026-11-25 10:00",
        "--type",
        "consultation",
        "--minutes",
        "99999999999999999999",
    ],
    "--json with no command, output not a terminal": ["--json"],
    "bad staff name": ["staff", "add", "Ma ria"],
    "bad staff role": ["staff", "add", "maria", "--role", "owner"],
    "bad person name": ["--person", "$(id)", "day"],
}


def assert_one_line_error(result):
    assert result.code == 2, result.out
    assert result.err.endswith("\n")
    assert result.err.count("\n") == 1, result.err
    assert result.err.startswith("frontdesk: ")
    assert result.out == ""


@pytest.mark.parametrize("args", CASES.values(), ids=CASES.keys())
def test_user_error(frontdesk, patient_id, args):
    args = [a.replace("{pid}", patient_id) for a in args]
    assert_one_line_error(frontdesk(*args, command=COMMAND))


@pytest.mark.parametrize("payload", [b'{"appointments": {"1": {"id"', b"\x00\xff garbage"])
def test_corrupt_store_file(frontdesk, patient_id, store_dir, payload):
    damaged = store_dir / "appointments" / "2026-11.json"
    damaged.write_bytes(payload)
    for args in (
        ["day"],
        ["book", "--patient", patient_id, "--start", "2026-11-25 10:00", "--type", "consultation"],
    ):
        result = frontdesk(*args, command=COMMAND)
        assert_one_line_error(result)
        assert "2026-11.json" in result.err
    assert damaged.read_bytes() == payload


def test_the_way_out_named_for_a_corrupt_file_exists(frontdesk, store_dir):
    damaged = store_dir / "appointments" / "2026-11.json"
    damaged.parent.mkdir(parents=True)
    damaged.write_bytes(b"{")
    result = frontdesk("day", command=COMMAND)
    assert_one_line_error(result)
    commands = re.findall(r"`frontdesk ([a-z-]+)", result.err)
    assert commands or "backup" in result.err
    for command in commands:
        assert frontdesk(command, "--help").code == 0, f"`frontdesk {command}` does not exist"


def test_seed_years_nan_is_one_sentence(frontdesk):
    result = frontdesk("seed", "--years", "nan", command=COMMAND)
    assert_one_line_error(result)
    assert "--years" in result.err
