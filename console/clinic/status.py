"""The appointment status state machine."""

from __future__ import annotations

from console.clinic.errors import IllegalStatusChange

BOOKED = "booked"
CONFIRMED = "confirmed"
ARRIVED = "arrived"
IN_TREATMENT = "in_treatment"
COMPLETED = "completed"
CANCELLED = "cancelled"
NO_SHOW = "no_show"

ALL = (BOOKED, CONFIRMED, ARRIVED, IN_TREATMENT, COMPLETED, CANCELLED, NO_SHOW)
LABELS = {
    BOOKED: "booked",
    CONFIRMED: "confirmed",
    ARRIVED: "arrived",
    IN_TREATMENT: "in treatment",
    COMPLETED: "completed",
    CANCELLED: "cancelled",
    NO_SHOW: "no-show",
}

#: Statuses that no longer hold a slot on the schedule.
RELEASED = frozenset({CANCELLED, NO_SHOW})
#: Statuses after which nothing more happens to the visit.
FINAL = frozenset({COMPLETED, CANCELLED})

# Skipping "confirmed" is normal (not every patient is called). A patient marked
# no-show who turns up late can still be checked in; that is the only way back.
_ALLOWED: dict[str, frozenset[str]] = {
    BOOKED: frozenset({CONFIRMED, ARRIVED, CANCELLED, NO_SHOW}),
    CONFIRMED: frozenset({ARRIVED, CANCELLED, NO_SHOW}),
    ARRIVED: frozenset({IN_TREATMENT, CANCELLED}),
    IN_TREATMENT: frozenset({COMPLETED}),
    COMPLETED: frozenset(),
    CANCELLED: frozenset(),
    NO_SHOW: frozenset({ARRIVED}),
}


def parse_status(text: str) -> str:
    """Accept ``in treatment``, ``in-treatment``, ``no-show``... and return the key."""
    key = text.strip().lower().replace("-", "_").replace(" ", "_")
    if key == "noshow":
        key = NO_SHOW
    if key not in ALL:
        names = ", ".join(LABELS[s] for s in ALL)
        raise IllegalStatusChange(f"{text!r} is not a status; use one of: {names}.", "status")
    return key


def allowed_next(current: str) -> frozenset[str]:
    """The statuses an appointment in ``current`` may move to."""
    return _ALLOWED.get(current, frozenset())


def check_change(current: str, new: str) -> None:
    """Raise :class:`IllegalStatusChange` with the reason if ``current -> new`` is not allowed."""
    if new == current:
        raise IllegalStatusChange(f"The appointment is already {LABELS[current]}.", "status")
    if new in _ALLOWED.get(current, frozenset()):
        return
    if current in FINAL:
        raise IllegalStatusChange(
            f"A {LABELS[current]} appointment cannot become {LABELS[new]}.", "status"
        )
    options = sorted(LABELS[s] for s in _ALLOWED[current])
    raise IllegalStatusChange(
        f"An appointment that is {LABELS[current]} cannot become {LABELS[new]}; "
        f"it can become {', '.join(options)}.",
        "status",
    )
