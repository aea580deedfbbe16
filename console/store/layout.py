"""What a store folder is, who may open it, and what does not belong in it.

A store is one folder owned by the one account that runs frontdesk (the service
account), ``0700``, with files ``0600`` inside (see ``modes.py``). This module decides,
before anything is read or created, whether a folder given as ``--data-dir`` may be
opened as a store (:func:`admit`), and lists what ``frontdesk check`` must report
(:func:`hazards`): symbolic links, FIFOs, devices and sockets anywhere in the tree, and
temp files a killed write left behind.

*Is a store*: a folder that is empty (a new store), or that holds the change counters
(``.generations``), the lock's turnstile (``.lock-queue``: the first file the first
change makes) or a data folder (``patients``, ``appointments``, ``clinic``,
``waitlist``). Any other non-empty
folder is refused, so that ``--data-dir ~`` or a typo never turns a folder of other
files into a store.
"""

from __future__ import annotations

import os
import pwd
import re
import stat
from pathlib import Path

from console.store.atomic import TEMP_NAME, check_folder
from console.store.errors import StoreError

#: Kinds partitioned by date, whose folders a store's first change makes.
PARTITIONED = ("patients", "appointments")
#: Kinds held in one file each (the clinic's setup, the waitlist); the folder is made
#: by the first write of that kind, so a store that never uses one stays as it was.
SINGLE_FILE = {"clinic": "setup", "waitlist": "waitlist"}
#: Every data kind: checked by ``check``, backed up and restored (see ``backup.py``).
KINDS = (*PARTITIONED, *SINGLE_FILE)
GENERATIONS_NAME = ".generations"
#: Entries whose presence makes a non-empty folder a store. The lock's turnstile is
#: the first file a new store gets, so a desk opening it a moment later sees a store.
MARKERS = (GENERATIONS_NAME, ".lock-queue", *KINDS)
#: The command that turns an old group-shared store into a private one (``convert.py``).
CONVERT_COMMAND = "frontdesk convert-store --data-dir"
#: What a data file of each kind is called: a registration year, a visit's month.
PARTITION_NAMES = {
    "patients": re.compile(r"^\d{4}\.json$"),
    "appointments": re.compile(r"^\d{4}-\d{2}\.json$"),
    **{kind: re.compile(rf"^{name}\.json$") for kind, name in SINGLE_FILE.items()},
}
#: Everything the store's own code puts at its top (journals, markers, folders).
ROOT_NAMES = frozenset(
    {
        GENERATIONS_NAME,
        ".lock",
        ".lock-queue",
        ".move.json",
        ".import.json",
        ".restore.json",
        ".demo",
        *KINDS,
        "audit",
        "backups",
        "cache",
        "staff",
    }
)
_GROUP_OR_OTHER = stat.S_IRWXG | stat.S_IRWXO | stat.S_ISGID | stat.S_ISUID


def account_name(uid: int) -> str:
    """The login name of ``uid`` (the number when it has no passwd entry)."""
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return str(uid)


def shared_refusal(root: Path, entry: tuple[str, int] | None = None) -> StoreError:
    """The one sentence for a store other accounts can reach (the retired shared layout).

    ``entry`` (a path inside the store and its owner's uid) names what gave it away when
    the root itself is private, since ``check`` cannot open such a store to say so.
    """
    how = "is open to other accounts"
    if entry is not None:
        how = f"holds {_shown(entry[0])}, which belongs to {account_name(entry[1])}"
    return StoreError(
        f"The store at {root} {how}, as the retired group-shared layout did; as the "
        f"account that will own it, run `{CONVERT_COMMAND} {root}` to make it private."
    )


def admit(root: Path) -> bool:
    """Check that ``root`` may be opened as a store; True if it exists, False if not yet.

    Refuses with one sentence: a link or a non-folder as the root, a folder that is not
    a store, a store owned by another account (also when running as root), and a store
    open to other accounts or holding entries another account owns (the old shared layout).
    """
    try:
        info = os.lstat(root)
    except FileNotFoundError:
        return False
    except OSError as err:
        raise StoreError(f"Cannot open the store at {root}: {err.strerror}.") from None
    if stat.S_ISLNK(info.st_mode):
        raise StoreError(
            f"The store folder {root} is a symbolic link, which the store never follows; "
            f"give --data-dir its real path ({os.path.realpath(root)})."
        )
    check_folder(root, info)
    me = os.geteuid()
    if info.st_uid != me:
        owner = account_name(info.st_uid)
        if me == 0:
            raise StoreError(
                f"frontdesk will not run as root on the store at {root}, which belongs to "
                f"{owner}; run it as {owner} (for example `sudo -u {owner} frontdesk`)."
            )
        if info.st_mode & _GROUP_OR_OTHER:
            raise shared_refusal(root)
        raise StoreError(f"The store at {root} belongs to {owner}; run frontdesk as {owner}.")
    try:
        names = os.listdir(root)
    except OSError as err:
        raise StoreError(f"Cannot open the store at {root}: {err.strerror}.") from None
    if names and not any(name in names for name in MARKERS):
        raise StoreError(
            f"{root} is not empty and is not a frontdesk store, so it was left alone; "
            "give --data-dir a new or empty folder, or the folder of an existing store."
        )
    if info.st_mode & _GROUP_OR_OTHER:
        raise shared_refusal(root)
    foreign = _foreign(Path(root), me)
    if foreign is not None:
        raise shared_refusal(root, foreign)
    return True


def _foreign(folder: Path, me: int, prefix: str = "") -> tuple[str, int] | None:
    """The first entry under ``folder`` another account owns, with its uid (links not followed)."""
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return None  # unreadable: the read that needs it says so in its own sentence
    for entry in entries:
        try:
            info = entry.stat(follow_symlinks=False)
        except FileNotFoundError:
            continue  # a temp file another desk just renamed
        if info.st_uid != me:
            return prefix + entry.name, info.st_uid
        if stat.S_ISDIR(info.st_mode):
            found = _foreign(Path(entry.path), me, f"{prefix}{entry.name}/")
            if found is not None:
                return found
    return None


def hazards(root: Path) -> list[tuple[str, str]]:
    """``(entry, problem)`` for everything in the store that is not its own plain file.

    Symbolic links (never followed), FIFOs, devices and sockets anywhere in the tree,
    temp files (``.<name>.<random>.tmp``) left by a write that was killed, and entries
    that are not the store's own (a stray file at the top or among the data files is
    never read as data, but someone put it there).
    """
    found: list[tuple[str, str]] = []
    _walk(Path(root), "", found)
    found += _strays(Path(root))
    return found


def is_partition(kind: str, name: str) -> bool:
    """True when ``name`` is what a data file of ``kind`` is called (``2026-11.json``)."""
    pattern = PARTITION_NAMES.get(kind)
    return bool(pattern and pattern.match(name))


def _strays(root: Path) -> list[tuple[str, str]]:
    """Plain entries at the top or in a data folder that the store never makes."""
    found: list[tuple[str, str]] = []
    for folder, allowed in [(root, ROOT_NAMES.__contains__)] + [
        (root / kind, lambda name, kind=kind: is_partition(kind, name)) for kind in KINDS
    ]:
        try:
            entries = os.scandir(folder)
        except OSError:
            continue  # missing, or already reported by the walk
        with entries:
            for entry in entries:
                name = entry.name
                if allowed(name) or TEMP_NAME.match(name) or name.endswith(".restore"):
                    continue  # the store's own; temp and restore leftovers named elsewhere
                if entry.is_symlink() or not (entry.is_file() or entry.is_dir()):
                    continue  # named by the walk already
                rel = _shown(name if folder == root else f"{folder.name}/{name}")
                found.append((rel, "is not part of the store and is never read: remove it"))
    return found


def _walk(folder: Path, prefix: str, found: list[tuple[str, str]]) -> None:
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except FileNotFoundError:
        return  # no store yet (or removed while listed): nothing to report
    except OSError as err:
        found.append((prefix.rstrip("/") or ".", f"cannot be listed: {err.strerror}"))
        return
    for entry in entries:
        rel = _shown(prefix + entry.name)
        try:
            info = entry.stat(follow_symlinks=False)
        except FileNotFoundError:
            continue  # a temp file another desk just renamed

        if stat.S_ISLNK(info.st_mode):
            target = _shown(os.readlink(entry.path))
            found.append((rel, f"is a symbolic link (to {target}), never followed: remove it"))
        elif stat.S_ISDIR(info.st_mode):
            _walk(Path(entry.path), prefix + entry.name + "/", found)
        elif not stat.S_ISREG(info.st_mode):
            found.append((rel, "is not a regular file (a FIFO, device or socket): remove it"))
        elif TEMP_NAME.match(entry.name):
            found.append((rel, "is a temp file left by an interrupted write: remove it"))


def _shown(name: str) -> str:
    """A file name as it may be printed: quoted with escapes if it holds control characters."""
    return name if name.isprintable() else repr(name)
