"""The demo clinic's setup: who works when, so the columns and first-available look real.

Written through the desk's own audited setup changes (``console/desk/setup.py``), the
way a manager would enter it, so it is validated by the same rules:

* Provider A (injector): Mon, Tue, Thu, Fri 9–6, Sat 9–2 and Sundays 10–2 (inside the
  Sunday window); off on Wednesdays; lunch 12:30–1:00. Gives every type.
* Provider B (aesthetician): Tue–Fri 10–6 (a late start), Sat 9–2; off on Mondays;
  lunch 1:00–1:45; no Sculptra. A Sunday shift 10–2 next Sunday.
* Time off: Provider A the afternoon three days from now; Provider B two days at a
  conference the week after.
* Sculptra sessions leave the room 15 minutes for cleaning (a buffer).
"""

from __future__ import annotations

import datetime as dt

from console.desk import Desk

#: (provider, weekly hours, lunch break, the types they give; None = every type)
PROVIDERS = (
    (
        "Provider A",
        "mon-tue 09:00-18:00; thu-fri 09:00-18:00; sat 09:00-14:00; sun 10:00-14:00",
        "12:30-13:00",
        None,
    ),
    (
        "Provider B",
        "tue-fri 10:00-18:00; sat 09:00-14:00",
        "13:00-13:45",
        ("consultation", "follow_up", "skin_care"),
    ),
)
SCULPTRA_BUFFER = 15


def _next(day: dt.date, weekday: int, after_days: int = 1) -> dt.date:
    """The first ``weekday`` at least ``after_days`` after ``day``."""
    start = day + dt.timedelta(days=after_days)
    return start + dt.timedelta(days=(weekday - start.weekday()) % 7)


def write_demo_setup(desk: Desk) -> None:
    """Enter the demo setup into the desk's store (as the manager the seed acts as)."""
    for name, hours, lunch, types in PROVIDERS:
        desk.update_provider(name, hours=hours, breaks=lunch, types=list(types or ()))
    if "sculptra" in desk.config.appointment_types:
        desk.update_type("sculptra", buffer=SCULPTRA_BUFFER)
    today = desk.today()
    thursday = _next(today, 3, 3)
    desk.add_time_off("Provider A", f"{thursday} 13:00", f"{thursday} 18:00", "Dentist")
    conference = _next(today, 2, 8)  # a Wednesday, and the Thursday after
    desk.add_time_off(
        "Provider B",
        f"{conference} 10:00",
        f"{conference + dt.timedelta(days=1)} 18:00",
        "Conference",
    )
    desk.add_shift("Provider B", _next(today, 6).isoformat(), "10:00-14:00")
