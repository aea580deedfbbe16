"""Write a visit as an older version (or a hand-edited store) left it, past the desk's rules.

``desk.amend`` refuses status changes that have rules of their own (arrived, no-show,
in treatment, completed); tests that need such a store write it straight through the
repository, under the store lock, like the desk would.
"""

from collections.abc import Callable

from console.clinic.models import Appointment
from console.desk import Desk


def force(desk: Desk, aid: str, change: Callable[[Appointment], Appointment]) -> Appointment:
    """Save ``change(visit)`` with no rule applied and no audit entry; returns it."""
    with desk.changing():
        changed = change(desk.appointment(aid))
        desk.appointments.save(changed, desk.tz)
    return changed
