"""The rules around a visit's status: screening before arrival, and when a change may happen.

Pure functions: the desk calls them inside its store lock with the visit it has just
read, the treatment's questions and "now".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import arrow

from console.clinic import status as st
from console.clinic.errors import BookingRefused, InvalidInput, ScreeningNeeded
from console.clinic.localtime import to_iso
from console.clinic.models import Appointment, entry
from console.clinic.text import clean, visible

if TYPE_CHECKING:  # the treatment content loads with the content, not with every desk
    from console.clinic.treatments import Question

ANSWERS = ("yes", "no")
_WHAT = {"allergies": "allergy", "conditions": "condition"}


def answered(appt: Appointment) -> bool:
    """True when the visit has pre-treatment answers recorded."""
    record = appt.extra.get("pre_treatment")
    return isinstance(record, dict) and bool(record.get("answers"))


def answers_form(questions: Sequence[Question]) -> str:
    """The command-line form of the answers, e.g. ``nsaids=no,new_allergies=yes:WHAT``."""
    return ",".join(f"{q.id}=no" for q in questions)


def screening_needed(questions: Sequence[Question], who: str) -> ScreeningNeeded:
    """The refusal when a visit with questions is marked arrived without the answers."""
    ids = ", ".join(q.id for q in questions)
    return ScreeningNeeded(
        f"{who}'s visit needs the pre-treatment answers ({ids}) before the patient is "
        "marked arrived.",
        tuple(questions),
    )


def screened(
    questions: Sequence[Question],
    answers: Mapping[str, str],
    details: Mapping[str, str] | None,
    now: arrow.Arrow,
) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """The pre-treatment record for ``answers``, and the entries a yes adds per field.

    Every question needs yes or no; a yes on a question that ``adds`` needs
    ``details[question id]`` (what the new allergy or condition is). One sentence
    otherwise, with the question's id as its field.
    """
    details = details or {}
    clean_answers: dict[str, str] = {}
    kept: dict[str, str] = {}
    additions: dict[str, list[str]] = {}
    known = {q.id for q in questions}
    for qid in answers:
        if qid not in known:
            ids = ", ".join(q.id for q in questions)
            raise InvalidInput(f"{clean(qid)!r} is not one of the questions ({ids}).", "answers")
    for qid, what in details.items():
        # A detail is only what a yes adds; anything else would be dropped unseen.
        q = next((q for q in questions if q.id == qid), None)
        if clean(what) and (q is None or not q.adds or _answer(answers, qid) != "yes"):
            raise InvalidInput(
                f"Only a yes to a new allergy or condition says what; {clean(qid)!r} takes "
                "yes or no alone.",
                "answers",
            )
    for q in questions:
        value = _answer(answers, q.id)
        if value not in ANSWERS:
            raise InvalidInput(f"Answer “{q.question}” with yes or no.", q.id)
        clean_answers[q.id] = value
        if value == "yes" and q.adds:
            if not visible(clean(details.get(q.id))):
                raise InvalidInput(f"Say what the new {_WHAT.get(q.adds, 'entry')} is.", q.id)
            # The same rules as an entry typed on the patient (length, one at a time).
            what = entry(details.get(q.id), q.adds)
            kept[q.id] = what
            additions.setdefault(q.adds, []).append(what)
    flags = [q.id for q in questions if clean_answers[q.id] == q.flag_answer]
    record = {"answers": clean_answers, "flagged": flags, "details": kept, "at": to_iso(now)}
    return record, additions


def _answer(answers: Mapping[str, str], qid: str) -> str:
    """The answer given to question ``qid``, lower-cased ("" when none)."""
    return (answers.get(qid) or "").strip().lower()


def check_timing(
    appt: Appointment,
    target: str,
    now: arrow.Arrow,
    tz: dt.tzinfo,
    *,
    grace_minutes: int,
    who: str,
) -> None:
    """Refuse a status change at the wrong time, in one sentence (:class:`BookingRefused`).

    Arrived and no-show only on the visit's own day; no-show only from ``grace_minutes``
    after the start; in treatment and completed not before the visit's day. ``who``
    names the patient ("Ana O'Brien").
    """
    start = appt.start_at(tz)
    day, today = start.date(), now.date()
    if target in (st.ARRIVED, st.NO_SHOW) and day != today:
        what = "checked in" if target == st.ARRIVED else "marked a no-show"
        raise BookingRefused(
            f"{who}'s visit is on {start:ddd MMM D}, not today: it can only be {what} on its day.",
            "status",
        )
    if target == st.NO_SHOW:
        from_at = start.shift(minutes=grace_minutes)
        if now.timestamp() < from_at.timestamp():
            raise BookingRefused(
                f"Too early for a no-show: {who}'s {start:h:mm A} visit can be marked from "
                f"{from_at:h:mm A} ({grace_minutes} minutes after the start).",
                "status",
            )
    if target in (st.IN_TREATMENT, st.COMPLETED) and day > today:
        raise BookingRefused(
            f"{who}'s visit is on {start:ddd MMM D}; it cannot be "
            f"{st.LABELS[target]} before its day.",
            "status",
        )
