"""The store's cache folder: the holidays and phone libraries' answers, kept across processes.

The dates and displays must be the libraries' own, cold and warm; a cache file that is
not ours (garbage, forged, huge, a link) is never trusted nor followed, and is replaced
by a real one; another library version starts afresh; a store that cannot take a cache
still answers.
"""

import datetime as dt
import os
import stat
import subprocess
import sys
from pathlib import Path

import holidays
import orjson
import phonenumbers
import pytest

from console.clinic import hours, phone
from console.clinic.hours import day_info
from console.store import cache
from console.store.cache import MAX_BYTES, HolidayCache, PhoneCache, library_version
from console.store.layout import hazards
from tests.cli.conftest import COMMAND

YEARS = range(2026, 2031)


@pytest.fixture
def fresh():
    """No book and nothing computed in this process, before and after the test."""

    def reset() -> None:
        hours.keep_holidays_in(None)
        hours._known.clear()
        hours._observed.cache_clear()
        phone.keep_displays_in(None)

    reset()
    yield
    reset()


@pytest.fixture
def store(tmp_path):
    """An existing store folder (its change counters mark it as one)."""
    root = tmp_path / "store"
    root.mkdir(mode=0o700)
    (root / ".generations").write_bytes(b"")
    return root


def library(year: int, country: str = "US", subdiv: str | None = "CA") -> dict:
    """The library's own real dates for ``year`` (never its observed days)."""
    return dict(holidays.country_holidays(country, subdiv=subdiv, years=[year], observed=False))


def computed(store: Path, years=YEARS) -> dict[int, dict]:
    """Each year's calendar as hours.py gives it, with a fresh process's memory."""
    hours._known.clear()
    hours.keep_holidays_in(HolidayCache(store))
    return {year: hours._holidays("US", "CA", year) for year in years}


def no_library(monkeypatch) -> None:
    """Make any use of the holidays library fail: the answer must come from the cache."""

    def refuse(*_args):
        raise AssertionError("the library was asked")

    monkeypatch.setattr(hours, "_compute", refuse)


def test_cold_and_warm_dates_are_the_librarys(fresh, store, monkeypatch):
    expected = {year: library(year) for year in YEARS}
    assert computed(store) == expected  # cold: computed, then kept
    path = store / "cache" / "holidays.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    no_library(monkeypatch)
    assert computed(store) == expected  # warm: read back, the library never asked
    # And the clinic's days follow, from the cache alone (2027 asks 2026-2028).
    from tests.unit.setups import setup

    config = setup()
    assert day_info(config, dt.date(2027, 12, 25)).reason == "Christmas Day"
    assert day_info(config, dt.date(2027, 7, 5)).reason == "Independence Day (observed)"
    assert "Independence Day" in day_info(config, dt.date(2027, 7, 5)).reason


def test_the_cache_is_the_stores_own_entry_for_check(fresh, store):
    computed(store, [2026])
    assert hazards(store) == []


def test_a_version_is_read_without_importing_the_library():
    code = (
        "import sys; from console.store.cache import library_version as v; "
        "print(v('holidays'), v('phonenumbers'), 'holidays' in sys.modules, "
        "'phonenumbers' in sys.modules, 'importlib.metadata' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    import importlib.metadata

    assert done.stdout.split() == [
        importlib.metadata.version("holidays"),
        importlib.metadata.version("phonenumbers"),
        "False",
        "False",
        "False",
    ]


def written(store: Path, name: str = "holidays.json") -> dict:
    return orjson.loads((store / "cache" / name).read_bytes())


@pytest.mark.parametrize(
    "payload",
    [
        b"\x00\xff garbage",
        b"[]",
        b'{"format": 1, "library": "%s", '
        b'"entries": {"US/CA/2026": {"2026-12-25": "Xmas\\u001b[2J"}}}',
        b'{"format": 1, "library": "%s", "entries": {"US/CA/2026": {"2027-01-01": "Moved"}}}',
        b'{"format": 1, "library": "%s", "entries": {"US/CA/2026": {"2026-13-01": "No month"}}}',
        b'{"format": 1, "library": "%s", "entries": {"US/CA/2026": []}, "extra": 1}',
    ],
    ids=["garbage", "not-an-object", "control-characters", "other-year", "bad-date", "extra-key"],
)
def test_a_forged_file_is_ignored_and_replaced(fresh, store, payload):
    version = library_version("holidays")
    (store / "cache").mkdir(mode=0o700)
    path = store / "cache" / "holidays.json"
    path.write_bytes(payload.replace(b"%s", version.encode()))
    assert computed(store, [2026]) == {2026: library(2026)}
    assert written(store)["entries"]["US/CA/2026"]["2026-12-25"] == "Christmas Day"


def test_a_huge_file_is_not_read(fresh, store):
    (store / "cache").mkdir(mode=0o700)
    path = store / "cache" / "holidays.json"
    with open(path, "wb") as handle:
        handle.truncate(MAX_BYTES + 1)  # sparse: reading it would be the mistake
    assert computed(store, [2026]) == {2026: library(2026)}
    assert path.stat().st_size < MAX_BYTES


def test_a_linked_file_is_never_followed(fresh, store, tmp_path, monkeypatch):
    # The link's target is a perfect cache with a forged date: it must not be believed.
    version = library_version("holidays")
    target = tmp_path / "elsewhere.json"
    forged = {"US/CA/2026": {"2026-03-03": "Forged Day"}}
    document = {"format": 1, "library": version, "entries": forged}
    target.write_bytes(orjson.dumps(document))
    (store / "cache").mkdir(mode=0o700)
    link = store / "cache" / "holidays.json"
    link.symlink_to(target)
    assert computed(store, [2026]) == {2026: library(2026)}
    assert orjson.loads(target.read_bytes()) == document  # never written through
    assert not link.is_symlink() and written(store)["entries"]["US/CA/2026"] == {
        day.isoformat(): name for day, name in library(2026).items()
    }


def test_a_linked_folder_is_never_written_into(fresh, store, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (store / "cache").symlink_to(elsewhere)
    assert computed(store, [2026]) == {2026: library(2026)}
    assert list(elsewhere.iterdir()) == []


def test_another_library_version_recomputes(fresh, store, monkeypatch):
    monkeypatch.setattr(cache, "library_version", lambda _name: "0.1")
    computed(store, [2026])
    assert written(store)["library"] == "0.1"
    monkeypatch.setattr(cache, "library_version", lambda _name: "0.2")
    asked = []
    real = hours._compute
    monkeypatch.setattr(hours, "_compute", lambda *args: asked.append(args) or real(*args))
    assert computed(store, [2026]) == {2026: library(2026)}
    assert asked == [("US", "CA", 2026)]
    assert written(store)["library"] == "0.2"


def test_a_store_that_cannot_take_a_cache_still_answers(fresh, store, monkeypatch):
    # Read-only (or full): the folder cannot be made. Running as root, say so directly.
    def refuse(*_args, **_kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(cache, "ensure_dir", refuse)
    assert computed(store) == {year: library(year) for year in YEARS}
    assert not (store / "cache").exists()


def test_cache_as_a_file_is_left_alone(fresh, store):
    (store / "cache").write_bytes(b"mine")
    assert computed(store, [2026]) == {2026: library(2026)}
    assert (store / "cache").read_bytes() == b"mine"


def test_a_folder_that_is_no_store_yet_gets_nothing(fresh, tmp_path):
    empty = tmp_path / "new"
    empty.mkdir()
    assert computed(empty, [2026]) == {2026: library(2026)}
    assert list(empty.iterdir()) == []  # still a new, empty store folder


def test_a_read_only_store_works_in_a_real_process(tmp_path):
    # `cache` is taken by something that is not a folder: the command computes and says
    # nothing, exactly as on a read-only store.
    store_dir = tmp_path / "store"
    store_dir.mkdir(mode=0o700)
    (store_dir / ".generations").write_bytes(b"")
    (store_dir / "cache").write_bytes(b"")
    env = {**os.environ, "FRONTDESK_NOW": "2026-12-24 10:00"}
    done = subprocess.run(
        [*COMMAND, "--data-dir", str(store_dir), "day", "2026-12-25"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "Closed: Christmas Day" in done.stdout
    assert (store_dir / "cache").read_bytes() == b""


# -- phones ------------------------------------------------------------------------------

NUMBERS = ["+17142255137", "+14165550123", "+442079460958", "+33142685300", "+61291234567"]


def library_display(number: str) -> str:
    parsed = phonenumbers.parse(number, "US")
    if phonenumbers.region_code_for_number(parsed) == "US":
        return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def shown(store: Path) -> list[str]:
    phone.keep_displays_in(PhoneCache(store))  # a fresh process's memory
    phone.prepare_displays(NUMBERS)
    return [phone.display_phone(number) for number in NUMBERS]


def test_phone_displays_cold_and_warm_are_the_librarys(fresh, store, monkeypatch):
    expected = [library_display(number) for number in NUMBERS]
    # A Canadian +1 number is not shown as a US one.
    assert expected[:2] == ["(714) 225-5137", "+1 416-555-0123"]
    assert shown(store) == expected
    monkeypatch.setattr(phone, "_format", lambda *_: pytest.fail("the library was asked"))
    assert shown(store) == expected
    assert stat.S_IMODE((store / "cache" / "phones.json").stat().st_mode) == 0o600


@pytest.mark.parametrize(
    "forged",
    ["(714) 225-9999", "+1 714-225-5137\x1b[2J", "call (714) 225-5137", "225-5137"],
    ids=["other-digits", "control", "words", "part"],
)
def test_a_forged_display_is_never_shown(fresh, store, forged):
    version = library_version("phonenumbers")
    (store / "cache").mkdir(mode=0o700)
    entries = {"+17142255137": forged}
    document = {"format": 1, "library": version, "entries": entries}
    (store / "cache" / "phones.json").write_bytes(orjson.dumps(document))
    assert shown(store)[0] == "(714) 225-5137"
    assert written(store, "phones.json")["entries"]["+17142255137"] == "(714) 225-5137"


def test_a_number_shown_alone_is_formatted_without_a_write(fresh, store):
    # A lookup's rows or one patient: only a day's schedule writes its numbers down.
    phone.keep_displays_in(PhoneCache(store))
    assert phone.display_phone("+17142255137") == "(714) 225-5137"
    assert not (store / "cache").exists()
