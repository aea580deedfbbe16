"""The desk: the one facade the console and the command line call.

``Desk`` (:mod:`console.desk.facade`) is the daily API: schedule, patients, visits.
"""

from console.desk.facade import (
    ENV_NOW,
    USER_ERRORS,
    DaySchedule,
    Desk,
    PatientMatch,
    Visit,
    bulk_load,
    clock_from_env,
)

__all__ = [
    "ENV_NOW",
    "USER_ERRORS",
    "DaySchedule",
    "Desk",
    "PatientMatch",
    "Visit",
    "bulk_load",
    "clock_from_env",
]
