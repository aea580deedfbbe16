"""A workflow record (desk.amend) cannot move a visit into arrived or any other status
with rules of its own: only a call's confirm or cancel rides along (reviewer r2)."""

import pytest

from console.clinic.errors import ClinicError


@pytest.mark.parametrize("target", ["arrived", "no_show", "in_treatment", "completed"])
def test_amend_cannot_change_the_status_around_its_rules(make_desk, target):
    early = make_desk(now="2026-11-24 08:00")
    ann = early.add_patient("Ann", "Lee", "714-225-5138")
    visit = early.book(ann.id, "2026-11-24 10:00", "sculptra")
    desk = make_desk(now="2026-11-24 10:30")
    with pytest.raises(ClinicError):
        desk.amend(visit.id, lambda appt: appt.with_status(target, desk.now()))
    stored = desk.appointment(visit.id)
    assert stored.status == "booked" and "pre_treatment" not in stored.extra


def test_amend_may_confirm_or_cancel(make_desk):
    desk = make_desk(now="2026-11-24 08:00")
    ann = desk.add_patient("Ann", "Lee", "714-225-5138")
    visit = desk.book(ann.id, "2026-11-24 10:00", "consultation")
    desk.amend(visit.id, lambda appt: appt.with_status("confirmed", desk.now()))
    assert desk.appointment(visit.id).status == "confirmed"
    desk.amend(visit.id, lambda appt: appt.with_status("cancelled", desk.now()))
    assert desk.appointment(visit.id).status == "cancelled"
