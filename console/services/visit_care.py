"""Before and after the visit: pre-treatment questions at check-in, aftercare at the end."""

from __future__ import annotations

import html
from dataclasses import replace

from console.clinic import status as st
from console.clinic.errors import InvalidInput
from console.clinic.localtime import to_iso
from console.clinic.models import Appointment, entry
from console.clinic.treatments import Question, Treatment
from console.desk import Desk
from console.shipped import problems_warning

ANSWERS = ("yes", "no")
AFTERCARE_HOW = ("read", "printed", "exported")


def treatment_of(desk: Desk, appt: Appointment) -> Treatment | None:
    """The treatment behind a visit's type (None for a consultation)."""
    kind = desk.config.appointment_types.get(appt.type)
    if kind is None or not kind.treatment:
        return None
    return desk.treatments.get(kind.treatment)


def questions_for(desk: Desk, appt: Appointment) -> tuple[Question, ...]:
    """The pre-treatment questions to ask at check-in for this visit (may be none)."""
    treatment = treatment_of(desk, appt)
    return treatment.questions if treatment else ()


def flagged(desk: Desk, appt: Appointment) -> list[Question]:
    """Questions whose recorded answer needs the provider's attention."""
    answers = (appt.extra.get("pre_treatment") or {}).get("answers", {})
    if not answers:
        return []  # nothing recorded: no need to read the treatment's questions
    return [q for q in questions_for(desk, appt) if answers.get(q.id) == q.flag_answer]


def record_answers(
    desk: Desk, aid: str, answers: dict[str, str], details: dict[str, str] | None = None
) -> Appointment:
    """Store the answers given at check-in on the visit (every question must be answered).

    Kept for callers that record answers apart from the arrival; checking in goes through
    ``desk.checkin(aid, answers=..., details=...)``, which also adds a new allergy or
    condition to the patient in the same change. ``details`` here is only stored.
    """
    now = desk.now()

    def change(appt: Appointment) -> Appointment:
        questions = questions_for(desk, appt)
        clean: dict[str, str] = {}
        for q in questions:
            value = (answers.get(q.id) or "").strip().lower()
            if value not in ANSWERS:
                raise InvalidInput(f"Answer “{q.question}” with yes or no.", q.id)
            clean[q.id] = value
        flags = [q.id for q in questions if clean[q.id] == q.flag_answer]
        # What a yes adds is typed at the desk: the entry rules (cleaned, one, bounded).
        said = {
            q.id: entry(text, q.adds)
            for q in questions
            if q.adds and clean[q.id] == "yes" and (text := (details or {}).get(q.id, "").strip())
        }
        record = {"answers": clean, "flagged": flags, "details": said, "at": to_iso(now)}
        return replace(appt, extra={**appt.extra, "pre_treatment": record})

    return desk.amend(aid, change)


def aftercare_sheet(desk: Desk, aid: str, fmt: str = "text", *, name: str | None = None) -> str:
    """The aftercare instructions for a visit, as plain text or a small HTML page.

    ``name`` replaces the patient's name (the console shows initials in initials-only mode).
    """
    appt = desk.appointment(aid)
    treatment = treatment_of(desk, appt)
    if treatment is None or not treatment.aftercare:
        unusable = problems_warning(desk.content.problems)
        if unusable:
            # Its instructions may be in the clinic's file that could not be used.
            raise InvalidInput(
                "This visit's type has no aftercare instructions here; "
                f"{unusable[0].lower()}{unusable[1:-1]}.",
                "appointment",
            )
        raise InvalidInput("This visit's type has no aftercare instructions.", "appointment")
    who = name if name is not None else desk.patient(appt.patient_id).name
    when = appt.start_at(desk.tz).format("dddd D MMMM YYYY")
    title = f"{treatment.name} aftercare — {desk.config.name}"
    effects = ", ".join(treatment.side_effects)
    contact = f"{desk.config.name} · {desk.config.address} · {desk.config.phone}"
    if fmt == "text":
        lines = [title, f"For {who}, visit of {when}", ""]
        lines += [f"- {line}" for line in treatment.aftercare]
        if effects:
            lines += ["", f"You may notice: {effects}."]
        lines += ["", contact]
        return "\n".join(lines) + "\n"
    if fmt == "html":
        e = html.escape
        items = "".join(f"<li>{e(line)}</li>" for line in treatment.aftercare)
        notice = f"<p>You may notice: {e(effects)}.</p>" if effects else ""
        return (
            "<!doctype html><html lang=en><meta charset=utf-8>"
            f"<title>{e(title)}</title><h1>{e(title)}</h1>"
            f"<p>For {e(who)}, visit of {e(when)}</p><ul>{items}</ul>{notice}"
            f"<footer>{e(contact)}</footer></html>\n"
        )
    raise InvalidInput(f"{fmt!r} is not a sheet format; use text or html.", "format")


def record_aftercare(desk: Desk, aid: str, how: str = "read") -> Appointment:
    """Record that the aftercare instructions were given (read out, printed or exported)."""
    if how not in AFTERCARE_HOW:
        raise InvalidInput(f"Use one of: {', '.join(AFTERCARE_HOW)}.", "how")
    now = desk.now()

    def change(appt: Appointment) -> Appointment:
        if appt.status not in (st.IN_TREATMENT, st.COMPLETED):
            raise InvalidInput("Aftercare is given at the end of the visit.", "appointment")
        return replace(appt, extra={**appt.extra, "aftercare": {"at": to_iso(now), "how": how}})

    return desk.amend(aid, change)


def aftercare_given(appt: Appointment) -> bool:
    """True when aftercare was recorded on the visit."""
    return bool(appt.extra.get("aftercare"))
