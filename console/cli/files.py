"""Writing a user-requested file (exports) privately and atomically."""

from __future__ import annotations

from pathlib import Path

from console.services.files import save_text


def write_private(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` as 0600 via a temp file and rename (never half-written)."""
    save_text(path, text)
