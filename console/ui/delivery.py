"""Handing a file to the person at the console, without ever asking for a path.

In a browser (``frontdesk serve``) the file is a download through Textual's
``App.deliver_text``. In a terminal, Textual's own delivery would ``open(path, "w")``
in the downloads folder: it follows a planted symlink and overwrites what is there. So
there the file goes to the fixed exports folder instead, under a generated name,
created exclusively (``services.files.save_export``).
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

from textual.app import App

from console.locations import exports_dir
from console.services.files import save_export

#: Anything but letters, digits, ``_`` and ``-`` in a name part becomes ``-``.
_SAFE = re.compile(r"[^A-Za-z0-9_-]")

MIME_TYPES = {"csv": "text/csv", "ics": "text/calendar", "txt": "text/plain", "html": "text/html"}


def deliver(
    app: App[Any], text: str, stem: str, suffix: str, store_root: Path | None = None
) -> str:
    """Hand ``text`` out as ``<stem>-<random>.<suffix>``; the sentence for the status line.

    Raises :class:`~console.clinic.errors.InvalidInput` when the exports folder
    cannot take it (a symlink, another account's folder, inside the store).
    """
    stem = _SAFE.sub("-", stem)[:60] or "file"
    if app.is_web:
        name = f"{stem}.{suffix}"
        app.deliver_text(
            io.StringIO(text),
            save_filename=name,
            mime_type=MIME_TYPES.get(suffix, "text/plain"),
            encoding="utf-8",
        )
        return f"Sent {name} to the browser as a download."
    path = save_export(exports_dir(), stem, suffix, text, store_root)
    return f"Saved {path.name} in {path.parent}."
