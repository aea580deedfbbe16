"""Who is at the keyboard: the login name and, over SSH, the client's address.

Pure: the caller passes the environment in (``current_actor(os.environ)``), so tests
and the audit trail never depend on the host running them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from console.clinic.text import clean

UNKNOWN = "unknown"


@dataclass(frozen=True)
class Actor:
    """A person making changes: ``login`` name and ``address`` ("" when local)."""

    login: str
    address: str = ""

    def describe(self) -> str:
        """``login`` or ``login from address``."""
        return f"{self.login} from {self.address}" if self.address else self.login


def current_actor(environ: Mapping[str, str], fallback: str = "") -> Actor:
    """The actor described by ``environ``, as ``getpass.getuser()`` reads it.

    The login comes from ``LOGNAME`` then ``USER`` (``"unknown"`` when neither is set);
    the address is the first field of ``SSH_CLIENT`` or ``SSH_CONNECTION`` (sshd sets
    both), or "" for a local session. Control characters are removed from both.
    ``fallback`` (the account the process runs as) names the login when neither is set.
    """
    login = ""
    for name in ("LOGNAME", "USER"):
        login = clean(environ.get(name))
        if login:
            break
    address = ""
    for name in ("SSH_CLIENT", "SSH_CONNECTION"):
        fields = clean(environ.get(name)).split()
        if fields:
            address = fields[0]
            break
    return Actor(login or clean(fallback) or UNKNOWN, address)
