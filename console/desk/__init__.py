"""The desk: what the console and the command line call.

- :class:`Desk` (:mod:`console.desk.facade`): the daily API, schedule, patients, visits;
- :class:`Administration` (:mod:`console.desk.admin`): checks, backups, audit queries,
  bulk loads, for the command line and the tools;
- :func:`open_desk` (:mod:`console.desk.compose`): a desk on a store folder with the
  shipped clinic data.
"""

from typing import TYPE_CHECKING, Any

from console.desk.compose import ENV_NOW, clock_from_env, open_desk
from console.desk.errors import USER_ERRORS
from console.desk.facade import Desk
from console.desk.views import DaySchedule, PatientMatch, Visit

if TYPE_CHECKING:
    from console.desk.admin import Administration


def __getattr__(name: str) -> Any:
    """``Administration`` on first use: backups, restore and checks are not every command's."""
    if name == "Administration":
        from console.desk.admin import Administration

        return Administration
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "ENV_NOW",
    "USER_ERRORS",
    "Administration",
    "DaySchedule",
    "Desk",
    "PatientMatch",
    "Visit",
    "clock_from_env",
    "open_desk",
]
