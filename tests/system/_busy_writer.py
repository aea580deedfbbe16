"""A desk changing the store as fast as it can, or a desk making N changes among them.

Usage: python _busy_writer.py STORE NAME COUNT

Prints "ready" once imported, waits for a line on stdin, then adds documents to
patients/2026.json, each under the store lock: COUNT of them, or (COUNT 0) one after
another until a line "stop" arrives on stdin. Prints "busy" after its first change,
and at the end one JSON line: how many it made, or the one-sentence error that
stopped it.
"""

import sys
import threading
from pathlib import Path

import orjson

from console.store import Store, StoreError


def main() -> None:
    root, name, count = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    store = Store(root)
    print("ready", flush=True)
    sys.stdin.readline()
    stop = threading.Event()
    if count == 0:
        threading.Thread(target=lambda: (sys.stdin.readline(), stop.set()), daemon=True).start()
    made, error = 0, None
    try:
        while (count == 0 and not stop.is_set()) or made < count:
            with store.locked():  # read, change, write: all under the lock
                table = store.table("patients", "2026")
                table._next_id = None  # TinyDB caches it; other desks have added since
                table.insert({"id": f"{name}-{made}", "by": name})
            made += 1
            if made == 1:
                print("busy", flush=True)
    except StoreError as err:
        error = str(err)
    print(orjson.dumps({"made": made, "error": error}).decode(), flush=True)
    store.close()


if __name__ == "__main__":
    main()
