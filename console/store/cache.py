"""The store's cache folder: what a slow-to-import library computed, kept across processes.

A cold command spends more time importing the ``holidays`` and ``phonenumbers``
libraries than doing everything else (``holidays``' package ``__init__`` alone asks
``importlib.metadata`` for its own version; ``phonenumbers``' loads every module it
has), yet their answers for a clinic change once a year or once a number. So the
dates the holiday library computed for a country, subdivision and year
(``cache/holidays.json``) and the way the phone library shows each stored number
(``cache/phones.json``) are kept under the library's version, learned from its
installed ``dist-info`` folder without importing it; another version starts afresh.

A file here is a cache, not data: not backed up, rewritten without the store lock (two
desks writing at once lose at most an entry, recomputed next time), and trusted for
nothing beyond what it stands for: dates and printable names; a display whose digits
are the number's own. It is opened without following a link, capped in size and
validated in full: anything else (garbage, a link, a foreign or oversized file) reads
as empty, and the next computation replaces it with a temp file and a rename, never
writing through what was there. It is made ``0600`` in a ``0700`` folder like every
file of the store, by the account that owns the store (the only one that may open it,
see ``layout.py``), and only in a store that exists: a read command on a new folder
leaves nothing behind, and a store that cannot take it (read-only, or ``cache`` is not
a folder) computes each time.

``phones.json`` holds patients' numbers, as the patient files beside it do, with the
same protection; it keeps at most :data:`MAX_PHONES` of them and starts again past
that, so numbers no longer shown leave it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import importlib.util
import os
import re
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path

import orjson

from console.store.atomic import (
    create_exclusive,
    ensure_dir,
    open_existing,
    open_folder,
    temp_name,
    write_all,
)
from console.store.errors import StoreError
from console.store.layout import MARKERS
from console.store.modes import PRIVATE, Modes

#: The store's folder for what can be recomputed (never backed up, never data).
CACHE_FOLDER = "cache"
#: Far above a real file (a calendar is about 1 KB, a number 40 bytes): a bigger one is
#: not read.
MAX_BYTES = 256 * 1024
FORMAT = 1
#: Calendars kept at most; past it the file starts again from the ones just computed.
MAX_CALENDARS = 64
#: A calendar holds a few dozen days; their names are short phrases.
MAX_DAYS = 100
MAX_NAME = 200
#: Numbers kept at most (a few weeks of a busy clinic's visits); past it, start again.
MAX_PHONES = 2000
MAX_DISPLAY = 40

# Patterns as text: ``re`` compiles them on first use, not when a command imports this.
_ISO_DAY = r"\d{4}-\d{2}-\d{2}"
#: ``COUNTRY/SUBDIV/YEAR``: what :func:`_calendar_key` writes.
_CALENDAR_KEY = r"[A-Za-z]{2,3}/[A-Za-z0-9-]{0,10}/(\d{4})"
_E164 = r"\+[1-9]\d{4,14}"


def library_version(distribution: str) -> str | None:
    """The installed version of ``distribution`` from its ``dist-info`` folder (not imported).

    None when the package is not found or its version cannot be told for sure (no
    ``dist-info``, or several): then nothing is cached.
    """
    try:
        spec = importlib.util.find_spec(distribution)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    site = Path(next(iter(spec.submodule_search_locations))).parent
    prefix, suffix = f"{distribution}-", ".dist-info"
    try:
        names = [n for n in os.listdir(site) if n.startswith(prefix) and n.endswith(suffix)]
    except OSError:
        return None
    if len(names) != 1:
        return None
    return names[0][len(prefix) : -len(suffix)] or None


class CacheFile:
    """One JSON file of the cache folder: ``{"format", "library", "entries"}``.

    ``valid(key, value)`` says whether one entry is what this file may hold; one entry
    that is not makes the whole file read as empty (it was not written by us).
    """

    def __init__(
        self,
        root: Path,
        name: str,
        distribution: str,
        valid: Callable[[str, object], bool],
        limit: int,
        modes: Modes = PRIVATE,
    ) -> None:
        self.root = Path(root)
        self.folder = self.root / CACHE_FOLDER
        self.path = self.folder / name
        self.distribution = distribution
        self.modes = modes
        self._valid = valid
        self._limit = limit
        self._lock = threading.Lock()
        self._read = False
        self._version: str | None = None
        self._entries: dict[str, object] = {}

    def _load(self) -> None:
        """Read the file once per process (under ``self._lock``)."""
        if self._read:
            return
        self._read = True
        self._version = library_version(self.distribution)
        if self._version is None:
            return
        try:
            fd = open_existing(self.path)
        except (OSError, StoreError):
            return  # missing, a link, not a regular file, unreadable: nothing cached
        with open(fd, "rb") as handle:
            if os.fstat(handle.fileno()).st_size > MAX_BYTES:
                return
            raw = handle.read(MAX_BYTES + 1)
        if len(raw) <= MAX_BYTES:
            self._entries = self._parse(raw, self._version)

    def _parse(self, raw: bytes, version: str) -> dict[str, object]:
        """The entries of a file written for ``version``; {} for anything else."""
        try:
            document = orjson.loads(raw)
        except orjson.JSONDecodeError:
            return {}
        if not isinstance(document, dict) or set(document) != {"format", "library", "entries"}:
            return {}
        entries = document["entries"]
        if (
            document["format"] != FORMAT
            or document["library"] != version
            or not isinstance(entries, dict)
            or len(entries) > self._limit
        ):
            return {}
        if not all(self._valid(key, value) for key, value in entries.items()):
            return {}  # one forged entry: the whole file is suspect
        return entries

    def get(self, keys: Iterable[str]) -> dict[str, object]:
        """The entries of ``keys`` kept for the installed library version."""
        with self._lock:
            self._load()
            return {key: self._entries[key] for key in keys if key in self._entries}

    def add(self, entries: Mapping[str, object]) -> None:
        """Add ``entries`` to the file (rewritten whole); nothing when it cannot be."""
        # Only what reads back: anything odd is computed each time instead.
        fresh = {key: value for key, value in entries.items() if self._valid(key, value)}
        with self._lock:
            self._load()
            if self._version is None or not fresh:
                return
            merged = {**self._entries, **fresh}
            if len(merged) > self._limit:
                merged = fresh
            payload = orjson.dumps({"format": FORMAT, "library": self._version, "entries": merged})
            if len(payload) > MAX_BYTES or not self._write(payload):
                return
            self._entries = merged

    def _write(self, payload: bytes) -> bool:
        """Replace the file with ``payload`` (temp file and rename); False when it cannot."""
        if not any(os.path.lexists(self.root / marker) for marker in MARKERS):
            return False  # no store here yet: a read leaves the folder as it was
        try:
            ensure_dir(self.folder, self.modes.dir)
            folder = open_folder(self.folder)
        except (OSError, StoreError):
            return False  # read-only, or `cache` is not our folder: compute each time
        tmp = temp_name(self.path.name)
        try:
            fd = create_exclusive(tmp, self.modes.file, dir_fd=folder)
            try:
                write_all(fd, payload)
            finally:
                os.close(fd)
            # The entry is replaced, whatever it was (a rename never follows a link).
            # No fsync: a crash may leave an old, empty or missing cache, recomputed.
            os.replace(tmp, self.path.name, src_dir_fd=folder, dst_dir_fd=folder)
            return True
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(tmp, dir_fd=folder)
            return False
        finally:
            os.close(folder)


# -- holidays --------------------------------------------------------------------------


def _calendar_key(country: str, subdiv: str | None, year: int) -> str:
    return f"{country}/{subdiv or ''}/{year}"


def _calendar(key: str, days: object) -> bool:
    """True when ``days`` is one year's calendar as :class:`HolidayCache` writes it."""
    match = re.fullmatch(_CALENDAR_KEY, key)
    if match is None or not isinstance(days, dict) or len(days) > MAX_DAYS:
        return False
    for day, name in days.items():
        if not (isinstance(day, str) and re.fullmatch(_ISO_DAY, day)):
            return False
        if day[:4] != match.group(1):
            return False
        try:
            dt.date.fromisoformat(day)
        except ValueError:
            return False
        if not (isinstance(name, str) and 0 < len(name) <= MAX_NAME and name.isprintable()):
            return False
    return True


class HolidayCache:
    """``cache/holidays.json``: a :class:`console.clinic.hours.HolidayBook` for the store."""

    def __init__(self, root: Path, modes: Modes = PRIVATE) -> None:
        self.file = CacheFile(root, "holidays.json", "holidays", _calendar, MAX_CALENDARS, modes)

    def recall(
        self, country: str, subdiv: str | None, years: Sequence[int]
    ) -> dict[int, dict[dt.date, str]]:
        """The calendars of ``years`` kept for the installed library version."""
        keys = {_calendar_key(country, subdiv, year): year for year in years}
        found = self.file.get(keys)
        return {
            keys[key]: {dt.date.fromisoformat(d): name for d, name in days.items()}
            for key, days in found.items()
            if isinstance(days, dict)  # always: the file's entries were checked
        }

    def keep(
        self, country: str, subdiv: str | None, calendars: Mapping[int, dict[dt.date, str]]
    ) -> None:
        """Add freshly computed calendars to the file."""
        self.file.add(
            {
                _calendar_key(country, subdiv, year): {d.isoformat(): n for d, n in days.items()}
                for year, days in calendars.items()
            }
        )


# -- phone numbers ---------------------------------------------------------------------


def _display(number: str, shown: object) -> bool:
    """True when ``shown`` is a way to show ``number``: its own digits, country code or not.

    So a forged file can never put another number on screen.
    """
    if not (isinstance(number, str) and re.fullmatch(_E164, number)):
        return False
    if not (isinstance(shown, str) and 0 < len(shown) <= MAX_DISPLAY and shown.isprintable()):
        return False
    if not re.fullmatch(r"[0-9 ()+.\-]+", shown):
        return False
    own, digits = number[1:], "".join(ch for ch in shown if ch.isdigit())
    # National form: the number without its country code (one to three digits).
    return digits == own or (own.endswith(digits) and len(own) - len(digits) in (1, 2, 3))


class PhoneCache:
    """``cache/phones.json``: a :class:`console.clinic.phone.DisplayBook` for the store."""

    def __init__(self, root: Path, modes: Modes = PRIVATE) -> None:
        self.file = CacheFile(root, "phones.json", "phonenumbers", _display, MAX_PHONES, modes)

    def recall(self, numbers: Iterable[str]) -> dict[str, str]:
        """How each of ``numbers`` is shown, for those kept."""
        return {number: str(shown) for number, shown in self.file.get(numbers).items()}

    def keep(self, displays: Mapping[str, str]) -> None:
        """Add how the library showed these numbers."""
        self.file.add(displays)
