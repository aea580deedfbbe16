"""Where a store keeps its backups and what an interrupted restore leaves behind.

Apart from ``backup.py`` (archives, validation, restore) so that opening a desk can ask
"was a restore interrupted?" without loading the archive code (``tarfile`` and all).
"""

from __future__ import annotations

import os
from pathlib import Path

BACKUP_DIR = "backups"
STAGE_PREFIX = ".restore-"  # a restore's expanded, validated archive (under backups/)
JOURNAL = ".restore.json"  # in the store's root while a restore is being put in place


def backup_dir(root: Path) -> Path:
    """The folder holding a store's backups."""
    return Path(root) / BACKUP_DIR


def restore_pending(root: Path) -> bool:
    """True when a restore was interrupted (its journal or staging folder is left)."""
    return os.path.lexists(Path(root) / JOURNAL) or bool(stages(root))


def stages(root: Path) -> list[str]:
    """The staging folders' names under ``backups/`` (an interrupted restore's)."""
    try:
        names = os.listdir(backup_dir(root))
    except (FileNotFoundError, NotADirectoryError):
        return []
    return sorted(n for n in names if n.startswith(STAGE_PREFIX))
