"""Each command imports only what it uses: the real ``frontdesk`` in a fresh interpreter.

A cold ``frontdesk day`` used to import the whole application (Textual, the 250-country
``holidays`` registry, icalendar, rapidfuzz, cryptography, psutil, the administration)
before reading a single file. Each run here is a new process on a seeded store that,
after the command, writes the names of the modules it imported; the test says which
must be absent, and that the commands needing them still load them and work.
"""

import json
import os
import shutil
import subprocess
import sys

import pytest

from tests.cli.conftest import LAZY_NOW

NOW = LAZY_NOW

#: Runs ``frontdesk ARGS`` as the installed script does, then lists ``sys.modules``.
WRAPPER = """
import json, os, sys
from console.cli import main
try:
    code = main(sys.argv[1:])
except SystemExit as exit:
    code = exit.code
with open(os.environ["MODULES_OUT"], "w") as out:
    json.dump(sorted(sys.modules), out)
sys.exit(code)
"""

#: What no command that only reads the schedule or a patient may import.
NEVER_FOR_READING = (
    "textual",  # the full-screen console
    "console.app",
    "console.ui",
    # The registry of every country: its package's __init__ imports all 250 (the clinic
    # needs one, loaded on its own as holidays.countries.united_states).
    "holidays.countries",
    "icalendar",  # iCalendar exports only
    "cryptography",  # SSH keys of the staff only
    "psutil",  # frontdesk serve and the memory run only
    "asyncio",
    "aiohttp",
    "console.desk.admin",  # backups, restore, checks
    "console.desk.staffing",
    "console.desk.importing",
    "console.services.exports",
    "console.store.convert",
    "console.tools",
)


def loaded(package: str, modules: set[str]) -> bool:
    """True when ``package`` or any module inside it was imported.

    ``holidays.countries`` is the one package whose modules may be imported alone.
    """
    if package == "holidays.countries":
        return package in modules
    return package in modules or any(m.startswith(package + ".") for m in modules)


@pytest.fixture
def imports(seeded, tmp_path):
    """``imports("day")`` -> (exit status, stdout, the set of modules imported)."""

    def run(*args: str) -> tuple[int, str, set[str]]:
        out = tmp_path / "modules.json"
        environ = {**os.environ, "FRONTDESK_NOW": NOW, "MODULES_OUT": str(out)}
        for name in ("FRONTDESK_DATA_DIR", "FRONTDESK_SHIPPED_DIR", "FRONTDESK_SETUP_DIR"):
            environ.pop(name, None)
        done = subprocess.run(
            [sys.executable, "-c", WRAPPER, "--data-dir", str(seeded), *args],
            capture_output=True,
            text=True,
            env=environ,
            timeout=60,
        )
        assert "Traceback" not in done.stderr, done.stderr
        return done.returncode, done.stdout, set(json.loads(out.read_text()))

    return run


def absent(modules: set[str], names: tuple[str, ...]) -> list[str]:
    """The names of ``names`` that were imported (should be none)."""
    return [name for name in names if loaded(name, modules)]


def test_day_imports_no_console_no_registry_no_exports(imports):
    code, out, modules = imports("day")
    assert code == 0
    assert "Wed 02 Dec 2026" in out
    assert absent(modules, (*NEVER_FOR_READING, "rapidfuzz")) == []


def test_a_holiday_still_closes_the_day_without_the_country_registry(imports, seeded):
    shutil.rmtree(seeded / "cache", ignore_errors=True)  # cold: nothing computed yet
    code, out, modules = imports("day", "2026-12-25")
    assert code == 0
    assert "Closed: Christmas Day" in out
    # The clinic's one country, loaded on its own from the holidays library.
    assert "holidays.countries.united_states" in modules
    assert absent(modules, NEVER_FOR_READING) == []
    # Warm: the dates the library computed are read back from the store's cache.
    code, out, modules = imports("day", "2026-12-25")
    assert code == 0
    assert "Closed: Christmas Day" in out
    assert absent(modules, ("holidays", "importlib.metadata")) == []


def test_a_warm_day_loads_only_what_it_shows(imports):
    imports("day")  # the first run computes the year's holidays and the day's phones
    code, out, modules = imports("day")
    assert code == 0
    assert "Wed 02 Dec 2026" in out
    assert (
        absent(
            modules,
            (
                *NEVER_FOR_READING,
                "holidays",  # its dates come from the store's cache
                "phonenumbers",  # and so do the phones' displays
                "console.clinic.content",  # treatment content: loaded when first asked
                "console.clinic.treatments",
                "importlib.metadata",  # what the holidays package asks its version of
                "console.store.audit",  # a read writes no audit entry
                "console.store.backup",  # nor restores
                "tarfile",
                "console.clinic.patient_csv",  # `frontdesk import` only
                "console.cli.tickets",  # `frontdesk serve` only
                "platformdirs",  # the default store folder: --data-dir is given
                "hashlib",  # PINs (scrypt) and audit hashes only
                "secrets",  # new ids and temp files: a write's
                "rapidfuzz",
            ),
        )
        == []
    )


def test_a_sunday_holiday_closes_the_monday_after(imports):
    # 2027-07-04 is a Sunday: the setup's rule (sunday_to_monday) closes Monday the 5th.
    code, out, _ = imports("hours", "2027-07-05")
    assert code == 0
    assert "Closed: Independence Day (observed)" in out


def test_hours_imports_neither_the_registry_nor_phones(imports):
    code, out, modules = imports("hours")
    assert code == 0
    assert "Open" in out
    assert absent(modules, (*NEVER_FOR_READING, "rapidfuzz", "phonenumbers")) == []


def test_find_loads_the_fuzzy_matcher_and_nothing_it_does_not_use(imports):
    code, out, _ = imports("find", "a", "--json")
    last = json.loads(out)[0]["last"]
    # A misspelt surname (one letter dropped) is found by the fuzzy matcher.
    code, out, modules = imports("find", last[:1] + last[2:] if len(last) > 3 else last)
    assert code == 0
    assert last in out
    assert "rapidfuzz" in modules
    assert absent(modules, NEVER_FOR_READING) == []


def test_patient_record_imports_no_console_and_no_exports(imports):
    code, out, _ = imports("find", "a", "--json")
    patient = json.loads(out)[0]["id"]
    code, out, modules = imports("patient", "show", patient)
    assert code == 0
    assert patient in out
    assert absent(modules, NEVER_FOR_READING) == []


def test_help_imports_no_console_and_no_desk_workflows(imports):
    code, out, modules = imports("--help")
    assert code == 0
    assert "day" in out
    assert absent(modules, (*NEVER_FOR_READING, "rapidfuzz", "phonenumbers", "holidays")) == []


def test_the_ics_export_still_loads_icalendar(imports, tmp_path):
    target = tmp_path / "week.ics"
    code, _, modules = imports(
        "export",
        "--date",
        "2026-12-01",
        "--to",
        "2026-12-07",
        "--format",
        "ics",
        "--output",
        str(target),
    )
    assert code == 0
    assert "icalendar" in modules
    assert target.read_text().startswith("BEGIN:VCALENDAR")


@pytest.mark.parametrize(
    "argv",
    [
        ["day"],
        ["--data-dir", "day", "hours"],  # "day" is the folder here, the command is hours
        ["--data", "somewhere", "--json", "day", "12/15"],  # an abbreviated option
        ["export", "--date", "2026-12-01", "--format", "ics"],  # --date is also the console's
        ["patient", "show", "P-000001", "--json"],
        ["book", "--patient", "P-000001", "--start", "tomorrow 10:00", "--type", "consult"],
        ["--person", "find", "find", "smith"],
        ["hours", "set", "mon-fri 09:00-18:00"],
        ["day", "--bogus"],
        ["--bogus", "day"],
        ["bogus"],
        ["day", "--data-dir"],
        [],
        ["--initials"],
    ],
)
def test_the_named_commands_parser_reads_as_the_full_one(argv):
    from console.cli.main import build_parser, parse
    from console.cli.usage import UsageError

    def outcome(read):
        try:
            return vars(read())
        except UsageError as err:
            return str(err)

    assert outcome(lambda: parse(argv)) == outcome(lambda: build_parser().parse_args(argv))
