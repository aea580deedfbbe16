"""One-time tickets: what ``frontdesk serve``'s keyed page hands the browser.

Each page opened with the key carries a fresh ticket in its console's websocket
address. The ticket opens exactly one console and is gone on first use, so a ticket
seen by anyone else (a log, a proxy, another local account) is worth nothing by then.
Unused tickets lapse after a while and only the newest few are kept.
"""

from __future__ import annotations

import hmac
import secrets
import time
from collections import OrderedDict

#: A page's console connects at once; a ticket not used within this many seconds lapses.
TICKET_SECONDS = 120.0
#: Tickets kept waiting at most (pages opened but not connected yet); oldest go first.
MAX_WAITING = 16


class OneTimeTickets:
    """Issues random tickets and redeems each one at most once."""

    def __init__(self, seconds: float = TICKET_SECONDS, keep: int = MAX_WAITING) -> None:
        self.seconds = seconds
        self.keep = keep
        self._waiting: OrderedDict[str, float] = OrderedDict()

    def issue(self) -> str:
        """A new ticket (URL-safe, 256 random bits)."""
        ticket = secrets.token_urlsafe(32)
        self._waiting[ticket] = time.monotonic() + self.seconds
        while len(self._waiting) > self.keep:
            self._waiting.popitem(last=False)
        return ticket

    def redeem(self, given: str | None) -> bool:
        """True once for a ticket issued and not used or lapsed; it is gone afterwards."""
        if not given:
            return False
        now = time.monotonic()
        found = None
        # Compared in constant time against each waiting ticket (there are few).
        for ticket, lapses in list(self._waiting.items()):
            if lapses < now:
                del self._waiting[ticket]
            elif hmac.compare_digest(ticket.encode(), given.encode()):
                found = ticket
        if found is None:
            return False
        del self._waiting[found]
        return True
