"""The holiday calendars the ``holidays`` library computed, kept in the store's cache folder.

Importing the library costs a cold command more than everything else it does (its
package ``__init__`` alone asks ``importlib.metadata`` for its own version), yet a
clinic's calendar changes once a year. So the dates the library computed for a country,
a subdivision and a year are kept in ``cache/holidays.json`` under the library's
version, learned from its installed ``dist-info`` folder without importing it; another
version recomputes everything and replaces the file.

The file is a cache, not data: it is not backed up, it is rewritten without the store
lock (two desks writing at once lose at most a calendar, recomputed next time), and it
is trusted for nothing but dates and printable names. It is opened without following a
link, capped in size and validated in full: anything else (garbage, a link, a foreign
or oversized file) reads as empty, and the next computation replaces it with a temp
file and a rename, never writing through what was there. It is made ``0600`` in a
``0700`` folder like every file of the store, by the account that owns the store (the
only one that may open it, see ``layout.py``), and only in a store that exists: a read
command on a new folder leaves nothing behind, and a store that cannot take it (read
only, or ``cache`` is not a folder) simply computes each time.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import importlib.util
import os
import re
import threading
from collections.abc import Mapping, Sequence
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
FILE_NAME = "holidays.json"
#: Far above a real file (about 1 KB a calendar): a bigger one is not read.
MAX_BYTES = 256 * 1024
#: Calendars kept at most; past it the file starts again from the ones just computed.
MAX_CALENDARS = 64
#: A calendar holds a few dozen days; their names are short phrases.
MAX_DAYS = 100
MAX_NAME = 200
FORMAT = 1

_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
#: ``COUNTRY/SUBDIV/YEAR``: what :func:`_key` writes (checked, never split for trust).
_KEY = re.compile(r"^[A-Za-z]{2,3}/[A-Za-z0-9-]{0,10}/(\d{4})$")


def library_version() -> str | None:
    """The installed ``holidays`` version, from its ``dist-info`` folder (not imported).

    None when the package is not found or its version cannot be told for sure (no
    ``dist-info``, or several): then nothing is cached.
    """
    try:
        spec = importlib.util.find_spec("holidays")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    site = Path(next(iter(spec.submodule_search_locations))).parent
    try:
        names = [
            name
            for name in os.listdir(site)
            if name.startswith("holidays-") and name.endswith(".dist-info")
        ]
    except OSError:
        return None
    if len(names) != 1:
        return None
    return names[0][len("holidays-") : -len(".dist-info")] or None


def _key(country: str, subdiv: str | None, year: int) -> str:
    return f"{country}/{subdiv or ''}/{year}"


def _calendar(key: str, days: object) -> dict[str, str] | None:
    """``days`` when it is one year's calendar as this module writes it, else None."""
    match = _KEY.match(key)
    if match is None or not isinstance(days, dict) or len(days) > MAX_DAYS:
        return None
    for day, name in days.items():
        if not (isinstance(day, str) and _ISO_DAY.match(day) and day[:4] == match.group(1)):
            return None
        try:
            dt.date.fromisoformat(day)
        except ValueError:
            return None
        if not (isinstance(name, str) and 0 < len(name) <= MAX_NAME and name.isprintable()):
            return None
    return days


def _valid(raw: bytes, version: str) -> dict[str, dict[str, str]]:
    """The calendars of a file written for ``version``; {} for anything else."""
    try:
        document = orjson.loads(raw)
    except orjson.JSONDecodeError:
        return {}
    if not isinstance(document, dict) or set(document) != {"format", "library", "calendars"}:
        return {}
    calendars = document["calendars"]
    if (
        document["format"] != FORMAT
        or document["library"] != version
        or not isinstance(calendars, dict)
        or len(calendars) > MAX_CALENDARS
    ):
        return {}
    found: dict[str, dict[str, str]] = {}
    for key, days in calendars.items():
        checked = _calendar(key, days)
        if checked is None:
            return {}  # one forged entry: the whole file is suspect
        found[key] = checked
    return found


class HolidayCache:
    """The store's ``cache/holidays.json``: a :class:`console.clinic.hours.HolidayBook`."""

    def __init__(self, root: Path, modes: Modes = PRIVATE) -> None:
        self.root = Path(root)
        self.folder = self.root / CACHE_FOLDER
        self.path = self.folder / FILE_NAME
        self.modes = modes
        self._lock = threading.Lock()
        self._version: str | None = None
        self._read = False
        self._calendars: dict[str, dict[str, str]] = {}

    def _load(self) -> None:
        """Read the file once per process (under ``self._lock``)."""
        if self._read:
            return
        self._read = True
        self._version = library_version()
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
            self._calendars = _valid(raw, self._version)

    def recall(
        self, country: str, subdiv: str | None, years: Sequence[int]
    ) -> dict[int, dict[dt.date, str]]:
        """The calendars of ``years`` kept for the installed library version."""
        with self._lock:
            self._load()
            found = {}
            for year in years:
                days = self._calendars.get(_key(country, subdiv, year))
                if days is not None:
                    found[year] = {dt.date.fromisoformat(d): name for d, name in days.items()}
            return found

    def keep(
        self, country: str, subdiv: str | None, calendars: Mapping[int, dict[dt.date, str]]
    ) -> None:
        """Add ``calendars`` to the file (rewritten whole); nothing when it cannot be."""
        fresh = {
            _key(country, subdiv, year): {day.isoformat(): name for day, name in days.items()}
            for year, days in calendars.items()
        }
        # Only what reads back: an odd code or name is computed each time instead.
        fresh = {key: days for key, days in fresh.items() if _calendar(key, days) is not None}
        with self._lock:
            self._load()
            if self._version is None or not fresh:
                return
            merged = {**self._calendars, **fresh}
            if len(merged) > MAX_CALENDARS:
                merged = fresh
            payload = orjson.dumps(
                {"format": FORMAT, "library": self._version, "calendars": merged}
            )
            if len(payload) > MAX_BYTES or not self._write(payload):
                return
            self._calendars = merged

    def _write(self, payload: bytes) -> bool:
        """Replace the file with ``payload`` (temp file and rename); False when it cannot."""
        if not any(os.path.lexists(self.root / marker) for marker in MARKERS):
            return False  # no store here yet: a read leaves the folder as it was
        try:
            ensure_dir(self.folder, self.modes.dir)
            folder = open_folder(self.folder)
        except (OSError, StoreError):
            return False  # read-only, or `cache` is not our folder: compute each time
        try:
            tmp = temp_name(FILE_NAME)
            fd = create_exclusive(tmp, self.modes.file, dir_fd=folder)
            try:
                write_all(fd, payload)
            finally:
                os.close(fd)
            # The entry is replaced, whatever it was (a link is never followed by a
            # rename). A crash here leaves an old, empty or missing cache: recomputed.
            os.replace(tmp, FILE_NAME, src_dir_fd=folder, dst_dir_fd=folder)
            return True
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(tmp, dir_fd=folder)
            return False
        finally:
            os.close(folder)
