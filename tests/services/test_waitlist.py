"""The desk's waitlist on a real store: add, list, remove, offers when a time frees, booking one."""

import pytest

from console.clinic.errors import BookingRefused, InvalidInput, NotFound
from console.desk import Administration
from console.store.errors import StoreError

EARLY = "2026-11-24 08:00"  # Tuesday, before opening


@pytest.fixture
def clinic(make_desk):
    """A desk before opening with four patients; Ann holds Wednesday 10:00 with Provider A."""
    desk = make_desk(now=EARLY)
    people = [
        desk.add_patient(first, "Lee", f"714-225-51{n:02d}")
        for n, first in enumerate(["Ann", "Bea", "Cal", "Dee"])
    ]
    visit = desk.book(people[0].id, "2026-11-25 10:00", "consultation", provider="Provider A")
    return desk, people, visit


def actions(desk, rid):
    return [e["action"] for e in desk.audit_trail_of([rid])]


def test_add_list_remove_audited_and_open_to_a_receptionist(clinic):
    desk, (_ann, bea, *_), _ = clinic
    desk.act_as("front")  # no staff registry: a receptionist
    assert not desk.is_manager()
    entry = desk.waitlist_add(
        bea.id,
        "consultation",
        provider="Provider A",
        weekdays="mon-wed",
        start="9:00",
        end="12pm",
        until="2026-12-31",
        note="mobile only",
    )
    assert entry.id.startswith("W-") and entry.patient_id == bea.id
    assert entry.weekdays == {0, 1, 2} and entry.note == "mobile only"
    listed = desk.waitlist_list()
    assert [(w.entry.id, w.patient.name) for w in listed] == [(entry.id, "Bea Lee")]
    assert actions(desk, entry.id) == ["waitlist.add"]
    assert desk.waitlist_remove(entry.id.lower()) == entry
    assert desk.waitlist_list() == []
    assert actions(desk, entry.id) == ["waitlist.add", "waitlist.remove"]
    assert desk.undo() == "Undone: removing Bea Lee's waitlist entry."
    assert [w.entry for w in desk.waitlist_list()] == [entry]


def test_mistakes_are_one_sentence_and_nothing_is_written(clinic):
    desk, (_ann, bea, *_), _ = clinic
    cases = [
        (dict(patient_id="P-NOBODY"), NotFound, "No patient has the id 'P-NOBODY'."),
        (dict(type_key="facial"), InvalidInput, "'facial' is not an appointment type"),
        (dict(provider="Dr Who"), InvalidInput, "'Dr Who' is not a provider here"),
        (dict(weekdays="someday"), InvalidInput, "'someday' is not a weekday"),
        (dict(start="10:00", end="10:15"), InvalidInput, "takes 30 minutes; the window is"),
        (dict(until="2026-11-01"), InvalidInput, "has passed"),
    ]
    for change, error, words in cases:
        given = {"patient_id": bea.id, "type_key": "consultation", **change}
        with pytest.raises(error, match=words.replace("(", r"\(").replace(")", r"\)")):
            desk.waitlist_add(given.pop("patient_id"), given.pop("type_key"), **given)
    assert desk.waitlist_list() == []
    first = desk.waitlist_add(bea.id, "consultation")
    with pytest.raises(InvalidInput, match=f"already waiting for a consultation \\({first.id}\\)"):
        desk.waitlist_add(bea.id, "consultation", provider="Provider B")
    with pytest.raises(NotFound, match="No waitlist entry has the id 'W-NONE'"):
        desk.waitlist_remove("W-NONE")


def test_a_cancelled_time_is_offered_best_first_to_those_it_suits(clinic, make_desk):
    desk, (ann, bea, cal, dee), visit = clinic
    any_old = desk.waitlist_add(cal.id, "consultation")
    named = make_desk(now="2026-11-24 08:05").waitlist_add(
        bea.id, "consultation", provider="Provider A"
    )
    desk.waitlist_add(dee.id, "consultation", provider="Provider B")  # the wrong provider
    # Ann's own time: she is not booked then any more once it is cancelled.
    own = make_desk(now="2026-11-24 08:10").waitlist_add(ann.id, "follow_up")
    expiring = make_desk(now="2026-11-20 09:00").waitlist_add(
        dee.id, "follow_up", until="2026-11-23"
    )
    desk.cancel(visit.id)
    offers = desk.offers_after(visit)
    assert [(o.patient.first, o.entry.id) for o in offers] == [
        ("Bea", named.id),
        ("Cal", any_old.id),
        ("Ann", own.id),
    ]
    assert "Dee" not in [o.patient.first for o in offers]  # wrong provider; expired entry
    assert expiring.id in [w.entry.id for w in desk.waitlist_list(all=True)]
    assert expiring.id not in [w.entry.id for w in desk.waitlist_list()]
    best = offers[0]
    assert (best.provider, best.room, best.minutes) == ("Provider A", visit.room, 30)
    assert best.start == visit.start_at(desk.tz)


def test_a_patient_already_booked_then_is_not_offered(clinic):
    desk, (_ann, bea, _cal, _), visit = clinic
    desk.waitlist_add(bea.id, "consultation")
    desk.book(bea.id, "2026-11-25 10:15", "consultation", provider="Provider B")
    desk.cancel(visit.id)
    assert desk.offers_after(visit) == []


def test_booking_an_offer_books_and_takes_them_off_in_one_change(clinic):
    desk, (_ann, bea, *_), visit = clinic
    entry = desk.waitlist_add(bea.id, "consultation", provider="Provider A")
    desk.cancel(visit.id)
    offer = desk.offers_after(visit)[0]
    appt = desk.book_offer(offer.entry.id, offer.start, offer.provider, offer.room)
    assert (appt.patient_id, appt.provider, appt.room) == (bea.id, "Provider A", visit.room)
    assert appt.start_at(desk.tz) == visit.start_at(desk.tz)
    assert desk.waitlist_list(all=True) == []
    assert actions(desk, entry.id) == ["waitlist.add", "waitlist.book"]
    assert actions(desk, appt.id) == ["appointment.book"]
    assert desk.undo().startswith("Undone: the booking of Bea Lee's 10:00 AM visit")
    assert [w.entry for w in desk.waitlist_list()] == [entry]
    assert desk.history(bea.id) == []


def test_an_offer_taken_meanwhile_is_refused_and_the_entry_stays(clinic, make_desk):
    desk, (_ann, bea, cal, _), visit = clinic
    entry = desk.waitlist_add(bea.id, "consultation", provider="Provider A")
    desk.cancel(visit.id)
    offer = desk.offers_after(visit)[0]
    make_desk(now=EARLY).book(cal.id, "2026-11-25 10:00", "consultation", provider="Provider A")
    with pytest.raises(BookingRefused, match="Provider A is already booked"):
        desk.book_offer(entry.id, offer.start, "Provider A", offer.room)
    assert [w.entry for w in desk.waitlist_list()] == [entry]
    with pytest.raises(BookingRefused, match="is not what Bea Lee is waiting for"):
        desk.book_offer(entry.id, offer.start, "Provider B", None)


def test_a_no_show_offers_what_is_left_of_its_time(make_desk):
    desk = make_desk(now=EARLY)
    ann = desk.add_patient("Ann", "Lee", "714-225-5100")
    bea = desk.add_patient("Bea", "Lee", "714-225-5101")
    visit = desk.book(ann.id, "2026-11-24 11:00", "sculptra", provider="Provider A")
    desk.waitlist_add(bea.id, "follow_up")
    later = make_desk(now="2026-11-24 11:20")
    later.set_status(visit.id, "no_show")
    offers = later.offers_after(visit)
    assert [(o.patient.first, f"{o.start:HH:mm}") for o in offers] == [("Bea", "11:30")]
    assert make_desk(now="2026-11-24 12:05").offers_after(visit) == []


def test_a_damaged_waitlist_file_is_one_sentence_and_left_alone(clinic, tmp_path):
    desk, (ann, bea, *_), _ = clinic
    desk.waitlist_add(bea.id, "consultation")
    path = tmp_path / "store" / "waitlist" / "waitlist.json"
    damaged = path.read_text().replace('"consultation"', "42")
    path.write_text(damaged)
    with pytest.raises(StoreError, match="holds a damaged waitlist entry") as err:
        desk.waitlist_list()
    assert "waitlist.json" in str(err.value)
    with pytest.raises(StoreError):
        desk.waitlist_add(ann.id, "consultation")
    assert path.read_text() == damaged


def test_time_off_taken_back_offers_each_patient_the_first_time_that_suits(clinic):
    desk, (_ann, bea, cal, dee), _ = clinic
    item, _ = desk.add_time_off("Provider B", "2026-11-25 09:00", "2026-11-25 18:00", "Course")
    desk.waitlist_add(bea.id, "consultation", weekdays="wed", start="14:00")
    named = desk.waitlist_add(cal.id, "consultation", provider="Provider B")
    desk.waitlist_add(dee.id, "consultation", provider="Provider A")  # not Provider B's time
    desk.remove_time_off(item.id)
    desk.book(dee.id, "2026-11-25 09:00", "follow_up", provider="Provider B")
    span = desk.offers_in_span(
        "Provider B", desk.now().replace(day=25, hour=9), desk.now().replace(day=25, hour=18)
    )
    assert [(o.patient.first, f"{o.start:ddd HH:mm}", o.provider) for o in span] == [
        ("Cal", "Wed 09:15", "Provider B"),
        ("Bea", "Wed 14:00", "Provider B"),
    ]
    appt = desk.book_offer(named.id, span[0].start, span[0].provider, span[0].room)
    assert appt.patient_id == cal.id


def test_check_names_a_damaged_waitlist_entry(clinic, tmp_path):
    desk, (_ann, bea, *_), _ = clinic
    desk.waitlist_add(bea.id, "consultation")
    assert Administration(desk).check() == []
    path = tmp_path / "store" / "waitlist" / "waitlist.json"
    path.write_text(path.read_text().replace('"weekdays":[]', '"weekdays":["funday"]'))
    ((file, sentence),) = Administration(desk).check()
    assert file == "waitlist/waitlist.json" and "damaged waitlist entry" in sentence
