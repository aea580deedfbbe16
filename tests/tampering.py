"""Text a tampered store file may hold, and how the tests plant it (bypassing the desk)."""

import json
from pathlib import Path

#: Writes "echo pwned" to the terminal's clipboard (OSC 52).
OSC52 = "\x1b]52;c;ZWNobyBwd25lZA==\x07"
#: Sets the terminal window's title (OSC 0).
TITLE = "\x1b]0;pwned\x07"


def plant(store: Path, rid: str, **fields: str) -> None:
    """Set ``fields`` of the document ``rid`` straight in its store file."""
    for path in store.glob("*/*.json"):
        if path.parent.name == "cache":
            continue  # what libraries computed (see console/store/cache.py), not data
        data = json.loads(path.read_text())
        for table in data.values():
            for doc in table.values():
                if doc.get("id") == rid:
                    doc.update(fields)
                    path.write_text(json.dumps(data))
                    return
    raise AssertionError(f"{rid} is not in the store")
