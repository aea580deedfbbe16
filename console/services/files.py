"""Writing a user-requested file (exports, aftercare sheets) privately and atomically."""

from __future__ import annotations

import os
from pathlib import Path

from console.clinic.errors import InvalidInput


def save_text(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` as 0600 via a temp file and rename (never half-written).

    A missing folder or an OS error becomes :class:`InvalidInput` (field ``output``).
    """
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise InvalidInput(f"The folder {folder} does not exist.", "output")
    tmp = folder / f".{path.name}.{os.getpid()}.tmp"
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except OSError as err:
        tmp.unlink(missing_ok=True)
        raise InvalidInput(f"Cannot write {path}: {err.strerror}.", "output") from None
