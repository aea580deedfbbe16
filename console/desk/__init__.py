"""The desk: what the console and the command line call.

- :class:`Desk` (:mod:`console.desk.facade`): the daily API, schedule, patients, visits;
- :class:`Administration` (:mod:`console.desk.admin`): checks, backups, audit queries,
  bulk loads, for the command line and the tools;
- :func:`open_desk` (:mod:`console.desk.compose`): a desk on a store folder with the
  shipped clinic data.
"""

from console.desk.admin import Administration
from console.desk.compose import ENV_NOW, clock_from_env, open_desk
from console.desk.errors import USER_ERRORS
from console.desk.facade import Desk
from console.desk.views import DaySchedule, PatientMatch, Visit

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
