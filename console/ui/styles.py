"""Where the styles of the console's screens other than the desk are.

``console/app.tcss`` holds what the desk screen draws with; the rest (dialogs, the
patient, calls, day close, week, waitlist, setup, lock and sign-in screens) is in
``screens.tcss``, named by each of those screens as its ``CSS_PATH``. Textual reads it
when the first of them is shown, once: the desk's first frame does not parse it.
"""

from __future__ import annotations

from pathlib import Path

#: The ``CSS_PATH`` of every screen but the desk (absolute: Textual resolves a relative
#: one next to each subclass's own module).
SCREENS_CSS = str(Path(__file__).with_name("screens.tcss"))
