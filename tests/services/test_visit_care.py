"""Pre-treatment questions at check-in and aftercare at the end of a visit."""

import html
from html.parser import HTMLParser

import pytest

from console.clinic.errors import (
    DuplicatePatient,
    InvalidInput,
    NotFound,
    NothingToUndo,
    ScreeningNeeded,
)
from console.services.visit_care import (
    aftercare_given,
    aftercare_sheet,
    flagged,
    questions_for,
    record_aftercare,
    record_answers,
)
from tests.legacy import force

NSAIDS = "Have you taken NSAIDs such as aspirin or ibuprofen in the last few days?"
ALL_NO = {"nsaids": "no", "new_conditions": "no", "new_allergies": "no"}


@pytest.fixture
def desk(make_desk):
    return make_desk(now="2026-11-24 08:00")


@pytest.fixture
def eve(desk):
    return desk.add_patient("<b>Eve</b>", "O'Brien", "714-225-5138")


@pytest.fixture
def sculptra(desk, eve):
    return desk.book(eve.id, "2026-11-24 10:00", "sculptra")


@pytest.fixture
def consult(desk, eve):
    return desk.book(eve.id, "2026-11-24 14:00", "consultation")


def advance(desk, aid, *statuses):
    for status in statuses:
        # A Sculptra visit is screened on arrival (the desk refuses it otherwise).
        screen = status == "arrived" and desk.needs_screening(desk.appointment(aid))
        desk.set_status(aid, status, answers=ALL_NO if screen else None)


def test_questions_only_for_treatments(desk, sculptra, consult):
    assert [q.id for q in questions_for(desk, sculptra)] == [
        "nsaids",
        "new_conditions",
        "new_allergies",
    ]
    assert questions_for(desk, consult) == ()


def test_answers_are_stored_and_yes_on_nsaids_is_flagged(desk, make_desk, sculptra):
    record_answers(
        desk, sculptra.id, {"nsaids": " Yes ", "new_conditions": "NO", "new_allergies": "no"}
    )

    saved = make_desk().appointment(sculptra.id)
    record = saved.extra["pre_treatment"]
    assert record["answers"] == {"nsaids": "yes", "new_conditions": "no", "new_allergies": "no"}
    assert record["flagged"] == ["nsaids"]
    assert record["at"] == "2026-11-24T08:00:00-08:00"
    assert [q.id for q in flagged(desk, saved)] == ["nsaids"]
    assert saved.status == "booked"


def test_all_no_flags_nothing(desk, make_desk, sculptra):
    record_answers(desk, sculptra.id, ALL_NO)
    saved = make_desk().appointment(sculptra.id)
    assert saved.extra["pre_treatment"]["flagged"] == []
    assert flagged(desk, saved) == []


def test_answers_can_be_given_again(desk, make_desk, sculptra):
    record_answers(desk, sculptra.id, {**ALL_NO, "new_allergies": "yes"})
    record_answers(desk, sculptra.id, ALL_NO)
    assert make_desk().appointment(sculptra.id).extra["pre_treatment"]["flagged"] == []


def test_missing_answer_is_refused_with_the_question(desk, make_desk, sculptra):
    with pytest.raises(InvalidInput) as err:
        record_answers(desk, sculptra.id, {"new_conditions": "no", "new_allergies": "no"})

    assert NSAIDS in str(err.value)
    assert "yes or no" in str(err.value)
    assert err.value.field == "nsaids"
    assert "pre_treatment" not in make_desk().appointment(sculptra.id).extra


def test_answer_other_than_yes_or_no_is_refused(desk, make_desk, sculptra):
    with pytest.raises(InvalidInput) as err:
        record_answers(desk, sculptra.id, {**ALL_NO, "new_conditions": "maybe"})
    assert "Do you have any new medical conditions since your consultation?" in str(err.value)
    assert err.value.field == "new_conditions"
    assert "pre_treatment" not in make_desk().appointment(sculptra.id).extra


def test_consultation_has_no_questions_to_answer(desk, make_desk, consult):
    record_answers(desk, consult.id, {})
    saved = make_desk().appointment(consult.id)
    assert saved.extra["pre_treatment"]["answers"] == {}
    assert flagged(desk, saved) == []


def test_aftercare_sheet_as_text(desk, treatments, sculptra):
    sheet = aftercare_sheet(desk, sculptra.id)

    lines = sheet.splitlines()
    assert lines[0] == "Sculptra aftercare — Iconic Skin Clinic"
    assert lines[1] == "For <b>Eve</b> O'Brien, visit of Tuesday 24 November 2026"
    bullets = [line[2:] for line in lines if line.startswith("- ")]
    assert bullets == list(treatments["sculptra"].aftercare)
    assert "You may notice: redness, swelling, bruising, pain, bleeding, bumps." in lines
    assert lines[-1] == (
        "Iconic Skin Clinic · 15651 Imperial Hwy Suite 102, La Mirada, CA 90638 · (714) 225-5137"
    )
    assert sheet.endswith("\n")
    assert "tanning beds" in sheet


class _Collect(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.text.append(data)


def test_aftercare_sheet_as_html_escapes_the_name(desk, treatments, sculptra):
    page = aftercare_sheet(desk, sculptra.id, "html")

    assert page.startswith("<!doctype html>")
    assert "<b>Eve</b>" not in page
    assert "&lt;b&gt;Eve&lt;/b&gt; O&#x27;Brien" in page
    parsed = _Collect()
    parsed.feed(page)
    assert "b" not in parsed.tags  # the name opened no tag
    assert parsed.tags.count("li") == len(treatments["sculptra"].aftercare)
    text = "".join(parsed.text)
    assert "For <b>Eve</b> O'Brien, visit of Tuesday 24 November 2026" in text
    for line in treatments["sculptra"].aftercare:
        assert html.escape(line) in page


def test_aftercare_sheet_for_a_consultation_is_refused(desk, consult):
    with pytest.raises(InvalidInput, match="no aftercare instructions"):
        aftercare_sheet(desk, consult.id)


def test_aftercare_sheet_unknown_format(desk, sculptra):
    with pytest.raises(InvalidInput, match="'pdf' is not a sheet format"):
        aftercare_sheet(desk, sculptra.id, "pdf")


@pytest.mark.parametrize("status", ["booked", "confirmed", "arrived"])
def test_aftercare_before_treatment_is_refused(desk, make_desk, sculptra, status):
    path = {"booked": (), "confirmed": ("confirmed",), "arrived": ("arrived",)}[status]
    advance(desk, sculptra.id, *path)

    with pytest.raises(InvalidInput, match=r"Aftercare is given at the end of the visit\."):
        record_aftercare(desk, sculptra.id)

    assert not aftercare_given(make_desk().appointment(sculptra.id))


@pytest.mark.parametrize(
    ("path", "how"),
    [(("arrived", "in_treatment"), "read"), (("arrived", "in_treatment", "completed"), "printed")],
)
def test_aftercare_recorded_in_treatment_or_completed(desk, make_desk, sculptra, path, how):
    advance(desk, sculptra.id, *path)

    record_aftercare(desk, sculptra.id, how)

    saved = make_desk().appointment(sculptra.id)
    assert aftercare_given(saved)
    assert saved.extra["aftercare"] == {"at": "2026-11-24T08:00:00-08:00", "how": how}
    assert saved.status == path[-1]


def test_aftercare_how_must_be_known(desk, make_desk, sculptra):
    advance(desk, sculptra.id, "arrived", "in_treatment")
    with pytest.raises(InvalidInput, match="read, printed, exported"):
        record_aftercare(desk, sculptra.id, "emailed")
    assert not aftercare_given(make_desk().appointment(sculptra.id))


# -- the desk's screening rule on every path into arrived, and undo -------------------


def test_desk_checkin_needs_answers_and_stores_them_with_the_new_allergy(make_desk, sculptra, eve):
    front = make_desk(now="2026-11-24 10:05")
    assert front.needs_screening(sculptra)
    assert [q.adds for q in front.screening_questions(sculptra)] == [
        None,
        "conditions",
        "allergies",
    ]
    with pytest.raises(ScreeningNeeded) as err:
        front.checkin(sculptra.id)
    assert [q.id for q in err.value.questions] == list(ALL_NO)
    assert make_desk().appointment(sculptra.id).status == "booked"

    front.checkin(
        sculptra.id, answers={**ALL_NO, "new_allergies": "yes"}, details={"new_allergies": "Latex"}
    )
    stored = make_desk().appointment(sculptra.id)
    assert stored.status == "arrived"
    assert stored.extra["pre_treatment"]["details"] == {"new_allergies": "Latex"}
    assert not make_desk().needs_screening(stored)
    assert make_desk().patient(eve.id).allergies == ("Latex",)


def test_no_show_then_arrived_is_screened_too(make_desk, sculptra):
    late = make_desk(now="2026-11-24 10:20")
    late.set_status(sculptra.id, "no_show")
    with pytest.raises(ScreeningNeeded):
        late.set_status(sculptra.id, "arrived")
    late.set_status(sculptra.id, "arrived", answers=ALL_NO)
    assert make_desk().appointment(sculptra.id).extra["pre_treatment"]["answers"] == ALL_NO


def test_an_old_visit_arrived_without_answers_moves_on(make_desk, sculptra):
    # Stores from before the rule hold arrived visits without answers: not refused later.
    front = make_desk(now="2026-11-24 10:05")
    force(front, sculptra.id, lambda a: a.with_status("arrived", front.now()))
    front.set_status(sculptra.id, "in_treatment")
    assert make_desk().appointment(sculptra.id).status == "in_treatment"


def test_walkin_options_then_the_chosen_one(make_desk):
    front = make_desk(now="2026-11-24 10:07")
    eve = front.add_patient("Eve", "Ng", "714-225-5100")
    options = front.walkin_options(eve.id, "consultation")
    assert [f"{o.start:HH:mm}" for o in options] == ["10:15", "10:30", "10:45", "11:00"]
    assert front.schedule(front.today()).visits == ()
    appt = front.walkin(eve.id, "consultation", start=options[1].start)
    assert (appt.start, appt.status) == ("2026-11-24T10:30:00-08:00", "arrived")
    with pytest.raises(ScreeningNeeded):
        front.walkin(eve.id, "sculptra", start=options[3].start.shift(hours=2))


def test_undo_restores_a_no_show_and_is_audited(make_desk, sculptra):
    front = make_desk(now="2026-11-24 10:20")
    front.set_status(sculptra.id, "no_show")
    assert front.undo_label() == "marking <b>Eve</b> O'Brien's 10:00 AM visit no-show"
    assert front.undo() == "Undone: marking <b>Eve</b> O'Brien's 10:00 AM visit no-show."
    assert make_desk().appointment(sculptra.id).status == "booked"
    assert front.audit_trail_of([sculptra.id])[-1]["action"] == "appointment.status.undo"
    with pytest.raises(NothingToUndo, match="no recent change"):
        front.undo()


def test_undo_removes_a_walkin_and_the_entry_its_screening_added(make_desk, eve):
    front = make_desk(now="2026-11-24 10:07")
    appt = front.walkin(
        eve.id,
        "sculptra",
        answers={**ALL_NO, "new_conditions": "yes"},
        details={"new_conditions": "Asthma"},
    )
    assert make_desk().patient(eve.id).conditions == ("Asthma",)
    front.undo()
    with pytest.raises(NotFound):
        make_desk().appointment(appt.id)
    assert make_desk().patient(eve.id).conditions == ()


def test_undo_refuses_when_another_desk_changed_the_visit(make_desk, sculptra):
    front = make_desk(now="2026-11-24 10:05")
    front.checkin(sculptra.id, answers=ALL_NO)
    make_desk(now="2026-11-24 10:06").set_status(sculptra.id, "in_treatment")
    with pytest.raises(NothingToUndo) as err:
        front.undo()
    assert str(err.value) == (
        "<b>Eve</b> O'Brien's 10:00 AM visit was changed since (by another desk); nothing undone."
    )
    assert make_desk().appointment(sculptra.id).status == "in_treatment"


def test_undo_only_within_ten_minutes(make_desk, eve):
    front = make_desk(now="2026-11-24 10:05")
    front.add_health_entry(eve.id, "allergies", "Latex")
    front.clock.advance(minutes=11)
    assert front.undo_label() is None
    with pytest.raises(NothingToUndo, match="more than 10 minutes ago"):
        front.undo()
    assert make_desk().patient(eve.id).allergies == ("Latex",)


def test_undo_an_alert_and_a_removed_allergy(make_desk, eve):
    front = make_desk()
    front.add_health_entry(eve.id, "allergies", "Latex")
    front.add_health_entry(eve.id, "allergies", "Penicillin")
    front.remove_health_entry(eve.id, "allergies", "LATEX")
    front.undo()
    assert make_desk().patient(eve.id).allergies == ("Latex", "Penicillin")
    front.set_alert(eve.id, "Needs a Spanish speaker")
    front.undo()
    assert make_desk().patient(eve.id).alert == ""
    actions = [e["action"] for e in front.audit_trail_of([eve.id])]
    assert actions[-2:] == ["patient.alert", "patient.alert.undo"]


def test_duplicates_are_found_by_name_and_phone_or_birth_date(desk, eve):
    found = desk.find_duplicates("<b>eve</b>", "o'brien", "(714) 225-5138")
    assert [p.id for p in found] == [eve.id]
    with pytest.raises(DuplicatePatient) as err:
        desk.add_patient("<b>Eve</b>", "O'Brien", "714-225-5138")
    assert err.value.matches == (desk.patient(eve.id),)
    assert err.value.field == "first_name"
    assert desk.find_duplicates("Eve", "Other", "714-225-5138") == []
    desk.add_patient("<b>Eve</b>", "O'Brien", "714-225-5138", allow_duplicate=True)
    assert desk.patient_count() == 2


def test_recorded_details_follow_the_entry_rules(desk, make_desk, sculptra):
    # Reviewer r2: what a yes adds was stored as typed (escape codes, any length).
    with pytest.raises(InvalidInput, match="at most 120"):
        record_answers(
            desk, sculptra.id, {**ALL_NO, "new_allergies": "yes"}, {"new_allergies": "x" * 500}
        )
    assert "pre_treatment" not in make_desk().appointment(sculptra.id).extra
    record_answers(
        desk,
        sculptra.id,
        {**ALL_NO, "new_allergies": "yes"},
        {"new_allergies": "La\x1b[31mtex", "nsaids": "aspirin"},
    )
    details = make_desk().appointment(sculptra.id).extra["pre_treatment"]["details"]
    assert details == {"new_allergies": "La[31mtex"}
