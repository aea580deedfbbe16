"""Who is at the keyboard: the login, the person and their role, and where from.

Pure: the caller passes the environment in (``current_actor(os.environ)``), so tests
and the audit trail never depend on the host running them.

The login is the operating system account (one service account owns the store); the
person is a member of the clinic's staff (``frontdesk staff``), named by the key line
an SSH session came in by (``frontdesk-ssh --person NAME``) or signed in with a PIN at
a shared desk. ``role`` is ``manager`` or ``receptionist``; "" means nobody is signed
in at a desk that asks who is there.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from console.clinic.text import clean

UNKNOWN = "unknown"
#: The roles (see ``staff.py``); here so that a desk names its default role without
#: loading the staff's rules.
MANAGER = "manager"
RECEPTIONIST = "receptionist"
ROLES = (RECEPTIONIST, MANAGER)


@dataclass(frozen=True)
class Actor:
    """A person making changes: ``login``, ``address`` ("" when local), ``person``, ``role``."""

    login: str
    address: str = ""
    person: str = ""
    role: str = ""

    @property
    def name(self) -> str:
        """The name the audit trail records: the person, or the login when none."""
        return self.person or self.login

    def describe(self) -> str:
        """``name``, ``name (role)``, with `` from address`` over SSH."""
        text = f"{self.name} ({self.role})" if self.role and self.person else self.name
        return f"{text} from {self.address}" if self.address else text


def current_actor(environ: Mapping[str, str], fallback: str = "") -> Actor:
    """The actor described by ``environ``, as ``getpass.getuser()`` reads it.

    The login comes from ``LOGNAME`` then ``USER`` (``"unknown"`` when neither is set);
    the address is the first field of ``SSH_CLIENT`` or ``SSH_CONNECTION`` (sshd sets
    both), or "" for a local session. Control characters are removed from both.
    ``fallback`` (the account the process runs as) names the login when neither is set.
    No person and no role: the desk decides those (see ``Desk.act_as``).
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
