"""File modes of the store: private to one account, or shared by one group.

A store is *shared* when its root folder gives its group read, write and search
(the administrator ran ``chgrp frontdesk DIR && chmod 2770 DIR``): then every file the
store creates is ``0660`` and every folder ``2770`` (setgid, so new files keep the
folder's group), and every receptionist account in the group can write. Otherwise
files are ``0600`` in ``0700`` folders. Nothing is ever readable by others.

The choice is made once, when the store opens (:func:`modes_for`), and handed to
every writer, so one process never mixes the two.
"""

from __future__ import annotations

import stat
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Modes:
    """The mode of new files (``file``) and folders (``dir``)."""

    file: int
    dir: int

    @property
    def shared(self) -> bool:
        """True when the group may write."""
        return bool(self.file & stat.S_IWGRP)


PRIVATE = Modes(file=0o600, dir=0o700)
SHARED = Modes(file=0o660, dir=0o2770)


def modes_for(root: Path) -> Modes:
    """:data:`SHARED` if ``root`` exists with group read, write and search; else :data:`PRIVATE`."""
    try:
        mode = Path(root).stat().st_mode
    except FileNotFoundError:
        return PRIVATE
    return SHARED if mode & stat.S_IRWXG == stat.S_IRWXG else PRIVATE
