"""Confirmation calls: the list for the next open day, the script, and call outcomes."""

import datetime as dt

import pytest

from console.clinic.errors import InvalidInput, NotFound
from console.services.calls import (
    OUTCOMES,
    call_again,
    call_days,
    call_list,
    calls_left,
    last_outcome,
    parse_outcome,
    record_call,
)

D = dt.date


@pytest.fixture
def people(desk):
    return {
        "ann": desk.add_patient("Ann", "Lee", "714-225-5138"),
        "ben": desk.add_patient("Ben", "Ortiz", "714-225-5139"),
        "cara": desk.add_patient("Cara", "Diaz", "714-225-5140"),
        "dan": desk.add_patient("Dan", "Wu", "714-225-5141"),
    }


@pytest.fixture
def friday(desk, people, make_desk):
    """Visits on Fri 27 Nov 2026, booked from Tue 24 Nov."""
    no_show = desk.book(people["dan"].id, "2026-11-27 15:00", "follow_up")
    # A no-show is marked on the visit's day, from the grace period on.
    make_desk(now="2026-11-27 15:20").set_status(no_show.id, "no_show")
    return {
        "sculptra": desk.book(people["ann"].id, "2026-11-27 10:00", "sculptra"),
        "consult": desk.book(people["ben"].id, "2026-11-27 09:00", "consultation"),
        "cancelled": desk.cancel(desk.book(people["cara"].id, "2026-11-27 12:00", "follow_up").id),
        "no_show": desk.appointment(no_show.id),
        "saturday": desk.book(people["dan"].id, "2026-11-28 10:00", "sculptra"),
    }


def stored(make_desk, aid):
    return make_desk().appointment(aid)


def test_next_open_day_after_wednesday_skips_thanksgiving(make_desk, friday):
    wednesday = make_desk(now="2026-11-25 10:00")

    info, items = call_list(wednesday)

    assert info.date == D(2026, 11, 27)
    assert info.is_open
    assert [i.visit.appointment.id for i in items] == [
        friday["consult"].id,
        friday["sculptra"].id,
    ]


def test_sculptra_script_reminds_about_nsaids(make_desk, friday):
    _, items = call_list(make_desk(now="2026-11-25 10:00"))
    scripts = {i.visit.appointment.id: i.script for i in items}

    sculptra = " ".join(scripts[friday["sculptra"].id])
    assert "aspirin" in sculptra
    assert "ibuprofen" in sculptra
    assert "15651 Imperial Hwy" in sculptra
    assert scripts[friday["consult"].id] == ()


def test_call_list_for_a_chosen_day(desk, friday):
    info, items = call_list(desk, D(2026, 11, 28))
    assert info.date == D(2026, 11, 28)
    assert [i.visit.appointment.id for i in items] == [friday["saturday"].id]
    assert items[0].visit.patient.name == "Dan Wu"


def test_call_list_on_a_closed_day_is_empty(desk, friday):
    info, items = call_list(desk, D(2026, 11, 26))
    assert info.kind == "closed"
    assert items == []


def test_confirmed_confirms_the_visit(desk, make_desk, friday):
    aid = friday["sculptra"].id

    result = record_call(desk, aid, "confirmed", "spoke to Ann")

    assert result.status == "confirmed"
    saved = stored(make_desk, aid)
    assert saved.status == "confirmed"
    assert saved.extra["calls"] == [
        {"at": "2026-11-24T10:30:00-08:00", "outcome": "confirmed", "note": "spoke to Ann"}
    ]
    assert saved.status_time("confirmed") == "2026-11-24T10:30:00-08:00"


def test_confirmed_twice_keeps_confirmed_and_both_calls(desk, make_desk, friday):
    aid = friday["sculptra"].id
    record_call(desk, aid, "confirmed")
    record_call(desk, aid, "confirmed")

    saved = stored(make_desk, aid)
    assert saved.status == "confirmed"
    assert [c["outcome"] for c in saved.extra["calls"]] == ["confirmed", "confirmed"]


def test_cancelled_cancels_and_frees_the_slot(desk, make_desk, friday, people):
    aid = friday["sculptra"].id

    record_call(desk, aid, "cancelled", "moving away")

    fresh = make_desk()
    assert fresh.appointment(aid).status == "cancelled"
    assert fresh.appointment(aid).extra["calls"][-1]["outcome"] == "cancelled"
    # The 10:00 sculptra slot can be booked by someone else now.
    fresh.book(people["cara"].id, "2026-11-27 10:00", "sculptra", provider="Provider A")


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("left_message", "left_message"),
        ("left message", "left_message"),
        ("No-Answer", "no_answer"),
    ],
)
def test_no_contact_keeps_the_status(desk, make_desk, friday, typed, key):
    aid = friday["sculptra"].id

    record_call(desk, aid, typed)

    saved = stored(make_desk, aid)
    assert saved.status == "booked"
    assert last_outcome(saved) == key
    _, items = call_list(make_desk(now="2026-11-25 10:00"))
    assert {i.visit.appointment.id: i.last_outcome for i in items}[aid] == key


def test_call_on_a_confirmed_visit_left_message_keeps_confirmed(desk, make_desk, friday):
    aid = friday["sculptra"].id
    record_call(desk, aid, "confirmed")
    record_call(desk, aid, "left_message")
    assert stored(make_desk, aid).status == "confirmed"


def test_unknown_outcome_is_refused_and_nothing_is_stored(desk, make_desk, friday):
    aid = friday["sculptra"].id

    with pytest.raises(InvalidInput) as err:
        record_call(desk, aid, "maybe later")

    message = str(err.value)
    assert message.startswith("'maybe later' is not a call outcome")
    assert all(key in message for key in OUTCOMES)
    assert "\n" not in message
    assert "calls" not in stored(make_desk, aid).extra


def test_call_on_a_completed_visit_is_refused(make_desk):
    desk = make_desk(now="2026-11-24 08:00")
    pid = desk.add_patient("Ann", "Lee", "714-225-5138").id
    aid = desk.book(pid, "2026-11-24 09:00", "sculptra").id
    desk.checkin(aid, answers={"nsaids": "no", "new_conditions": "no", "new_allergies": "no"})
    for status in ("in_treatment", "completed"):
        desk.set_status(aid, status)

    with pytest.raises(InvalidInput, match=r"The visit is completed; there is no call to record\."):
        record_call(desk, aid, "confirmed")

    saved = make_desk().appointment(aid)
    assert saved.status == "completed"
    assert "calls" not in saved.extra


@pytest.mark.parametrize("key", ["cancelled", "no_show"])
def test_call_on_a_released_visit_is_refused(desk, friday, key):
    with pytest.raises(InvalidInput, match="there is no call to record"):
        record_call(desk, friday[key].id, "confirmed")


def test_call_on_an_unknown_visit(desk):
    with pytest.raises(NotFound):
        record_call(desk, "A-NOPE", "confirmed")


def test_parse_outcome():
    assert parse_outcome("  Left-Message ") == "left_message"
    with pytest.raises(InvalidInput):
        parse_outcome("")


@pytest.fixture
def weekend(desk, people):
    """A by-appointment Sunday 29 Nov visit and Monday 30 Nov visits, booked from Tue 24."""
    return {
        "sunday": desk.book(people["ann"].id, "2026-11-29 11:00", "consultation"),
        "monday": desk.book(people["ben"].id, "2026-11-30 09:00", "follow_up"),
        "monday_late": desk.book(people["cara"].id, "2026-11-30 15:00", "consultation"),
    }


def test_saturday_list_holds_sunday_visits_then_monday(make_desk, weekend):
    saturday = make_desk(now="2026-11-28 10:00")

    info, items = call_list(saturday)

    assert info.date == D(2026, 11, 30)
    assert [i.visit.appointment.id for i in items] == [
        weekend["sunday"].id,
        weekend["monday"].id,
        weekend["monday_late"].id,
    ]
    main, days = call_days(saturday)
    assert main.date == D(2026, 11, 30)
    assert [d.date for d in days] == [D(2026, 11, 29), D(2026, 11, 30)]


def test_a_chosen_day_is_that_day_alone(make_desk, weekend):
    saturday = make_desk(now="2026-11-28 10:00")
    _, items = call_list(saturday, D(2026, 11, 30))
    assert [i.visit.appointment.id for i in items] == [
        weekend["monday"].id,
        weekend["monday_late"].id,
    ]
    _, sunday = call_list(saturday, D(2026, 11, 29))
    assert [i.visit.appointment.id for i in sunday] == [weekend["sunday"].id]


def test_friday_list_is_saturday_only(make_desk, weekend, friday):
    _, items = call_list(make_desk(now="2026-11-27 10:00"))
    assert [i.visit.appointment.id for i in items] == [friday["saturday"].id]


def test_calls_left_and_call_again(desk, make_desk, weekend):
    saturday = make_desk(now="2026-11-28 10:00")
    record_call(saturday, weekend["sunday"].id, "left message")
    record_call(saturday, weekend["monday"].id, "confirmed")

    _, items = call_list(make_desk(now="2026-11-28 10:05"))

    assert [i.visit.appointment.id for i in calls_left(items)] == [weekend["monday_late"].id]
    assert [i.visit.appointment.id for i in call_again(items)] == [weekend["sunday"].id]
    record_call(saturday, weekend["sunday"].id, "no answer")
    _, items = call_list(make_desk(now="2026-11-28 10:10"))
    assert [i.visit.appointment.id for i in call_again(items)] == [weekend["sunday"].id]
