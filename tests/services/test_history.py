"""The history view's words: who changed a visit or patient, when, and what."""

from console.clinic.actor import Actor
from console.services.history import patient_history, visit_history


def test_a_visit_history_names_who_moved_it_when_and_from_where(make_desk) -> None:
    front = make_desk()
    front.actor = Actor("maria")
    ann = front.add_patient("Ann", "Lee", "714-225-5138")
    appt = front.book(ann.id, "2026-11-27 10:00", "consultation", provider="Provider A")

    back = make_desk(now="2026-11-24 14:05")  # another desk, over SSH, later that day
    back.actor = Actor("lee", "10.0.0.7")
    back.reschedule(appt.id, "2026-11-30 15:30", provider="Provider B", room="Room 2")
    back.set_status(appt.id, "confirmed")

    lines = [(c.when, c.who, c.what) for c in visit_history(make_desk(), appt.id)]
    assert lines == [
        ("Tue 24 Nov 10:30 AM", "maria", "booked Fri 27 Nov 10:00 AM (Provider A · Room 1)"),
        (
            "Tue 24 Nov 2:05 PM",
            "lee from 10.0.0.7",
            "moved Fri 27 Nov 10:00 AM (Provider A · Room 1) → Mon 30 Nov 3:30 PM "
            "(Provider B · Room 2)",
        ),
        ("Tue 24 Nov 2:05 PM", "lee from 10.0.0.7", "status booked → confirmed"),
    ]


def test_patient_history_names_fields_not_their_values(make_desk) -> None:
    desk = make_desk()
    ann = desk.add_patient("Ann", "Lee", "714-225-5138")
    desk.update_patient(ann.id, phone="714-225-5199")
    desk.add_health_entry(ann.id, "allergies", "latex")
    appt = desk.book(ann.id, "2026-11-27 10:00", "consultation")
    other = desk.add_patient("Ben", "Ortiz", "714-225-5139")
    desk.book(other.id, "2026-11-27 11:00", "consultation")

    desk.actor = Actor("frontdesk", person="maria", role="receptionist")
    changes = patient_history(desk, ann.id)

    assert [c.what for c in changes] == [
        "registered",
        "changed phone",
        "added an allergy",
        "booked Fri 27 Nov 10:00 AM (Provider A · Room 1)",
    ]
    assert [c.record for c in changes] == [ann.id, ann.id, ann.id, appt.id]
    assert [c.about for c in changes] == ["", "", "", "visit Fri 27 Nov 10:00 AM"]
    assert all("latex" not in c.what and "5199" not in c.what for c in changes)


def test_a_manager_sees_the_values_unless_they_are_hidden(make_desk) -> None:
    desk = make_desk()
    ann = desk.add_patient("Ann", "Lee", "714-225-5138")
    desk.actor = Actor("frontdesk", "10.0.0.7", person="maria", role="receptionist")
    desk.add_health_entry(ann.id, "allergies", "Penicillin")
    desk.add_health_entry(ann.id, "allergies", "latex\x1b]52:c:ZXZpbA==\x07")
    desk.update_patient(ann.id, notes="x" * 200)
    desk.remove_health_entry(ann.id, "allergies", "latex]52:c:ZXZpbA==")
    desk.set_alert(ann.id, "Needs a Spanish speaker")
    desk.actor = Actor("frontdesk", person="lee", role="manager")

    added, removed = patient_history(desk, ann.id)[2], patient_history(desk, ann.id)[4]
    assert added.who == "maria (receptionist) from 10.0.0.7"
    assert (
        added.what == "added an allergy: allergies “Penicillin” → “Penicillin; latex]52:c:ZXZpbA==”"
    )
    assert "\x1b" not in added.what and "\x07" not in added.what
    assert removed.what == (
        "removed an allergy: allergies “Penicillin; latex]52:c:ZXZpbA==” → “Penicillin”"
    )
    notes = patient_history(desk, ann.id)[3]
    assert notes.what == "changed notes (empty) → “" + "x" * 59 + "…”"  # cut short
    alert = patient_history(desk, ann.id)[5]
    assert alert.what == "set the alert: alert (empty) → “Needs a Spanish speaker”"
    hidden = [c.what for c in patient_history(desk, ann.id, hide_values=True)]
    assert hidden[1:] == [
        "added an allergy",
        "added an allergy",
        "changed notes",
        "removed an allergy",
        "set the alert",
    ]


def test_a_visit_with_no_recorded_change_has_an_empty_history(make_desk) -> None:
    assert visit_history(make_desk(), "A-NOPE01") == []


def test_an_undo_names_the_change_it_took_back(make_desk) -> None:
    desk = make_desk(now="2026-11-24 10:20")
    ann = desk.add_patient("Ann", "Lee", "714-225-5138")
    visit = make_desk(now="2026-11-24 08:00").book(ann.id, "2026-11-24 10:00", "consultation")
    desk.set_status(visit.id, "no_show")
    desk.undo()
    walkin = desk.walkin(ann.id, "follow_up")
    desk.undo()
    assert [c.what for c in visit_history(desk, visit.id)][-2:] == [
        "status booked → no-show",
        "undone (status booked → no-show)",
    ]
    assert [c.what for c in visit_history(desk, walkin.id)] == [
        "walk-in booked Tue 24 Nov 10:30 AM (Provider A · Room 1)",
        "undone (walk-in booked Tue 24 Nov 10:30 AM (Provider A · Room 1))",
    ]
