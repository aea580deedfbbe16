"""File modes of the store: private to the one account that owns it.

Every file the store creates is ``0600`` and every folder ``0700``, set when it is
created (see ``atomic.py``); nothing is ever readable by another account. The old
group-shared layout (``2770`` folders, ``0660`` files, one account per receptionist) is
retired: such a store is refused when opened (see ``layout.py``) and converted once by
its new owner with ``frontdesk convert-store`` (see ``convert.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Modes:
    """The mode of new files (``file``) and folders (``dir``)."""

    file: int
    dir: int


PRIVATE = Modes(file=0o600, dir=0o700)


def modes_for(root: Path) -> Modes:
    """The modes of the store at ``root``: always :data:`PRIVATE` (one owning account)."""
    return PRIVATE
