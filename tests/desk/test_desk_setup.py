"""The clinic's setup in the store, through the real desk: seen by every desk, manager only,
audited, validated in one sentence, never written over when damaged."""

import datetime as dt

import pytest

from console.clinic.errors import InvalidInput, NotAllowed, NotFound
from console.clinic.staff import MANAGER, RECEPTIONIST, StaffMember
from console.desk import Administration
from console.desk.setup import KEEP
from console.store import StoreError
from console.store import audit as audit_trail
from console.store.setup import SetupRepo

D = dt.date


def one_sentence(err):
    text = str(err.value)
    assert "\n" not in text and text.endswith(".") and "Traceback" not in text
    return text


@pytest.fixture
def ann(desk):
    return desk.add_patient("Ann", "Lee", "714-225-5137")


def test_a_change_is_seen_at_once_by_another_open_desk(make_desk):
    first, second = make_desk(), make_desk()
    before = second.config
    assert second.config is before  # nothing changed: not read again
    assert not first.setup_stored()

    first.add_provider("Dr Kim", "tue-sat 10:00-18:00", "12:30-13:00", "consultation, follow_up")

    assert second.config.providers == ("Provider A", "Provider B", "Dr Kim")
    kim = second.config.provider_hours("Dr Kim")
    assert kim.hours[0] is None and kim.hours[1] == (dt.time(10), dt.time(18))
    assert kim.breaks[1] == ((dt.time(12, 30), dt.time(13)),)
    assert kim.types == ("consultation", "follow_up")
    # Seeded from the shipped setup: everything else is as shipped.
    doc = SetupRepo(first.store).read()
    assert doc["name"] == before.name and doc["appointment_types"].keys() == {
        "consultation",
        "sculptra",
        "follow_up",
        "skin_care",
    }
    assert first.setup_stored()
    # The shipped treatment links are the desk's reading, not written into the store.
    assert second.config.appointment_types["sculptra"].treatment == "sculptra"


def test_every_change_is_audited_with_before_and_after(desk, tmp_path):
    desk.add_provider("Dr Kim", "mon-fri 09:00-17:00")
    desk.update_provider("dr kim", hours="mon-thu 09:00-17:00")
    desk.add_closure("2026-12-28", "Staff training")
    entries = audit_trail.history_of(tmp_path / "store", {"Dr Kim", "2026-12-28"})
    actions = [e["action"] for e in entries]
    assert actions == ["setup.provider.add", "setup.provider.update", "setup.closure.add"]
    assert {e["kind"] for e in entries} == {"setup"}
    assert entries[0]["before"] is None and entries[0]["after"]["name"] == "Dr Kim"
    assert entries[1]["before"]["hours"]["fri"] == "09:00-17:00"
    assert entries[1]["after"]["hours"]["fri"] is None
    assert entries[2]["after"] == {"date": "2026-12-28", "reason": "Staff training"}
    assert Administration(desk).verify_audit() == []


def test_a_receptionist_changes_nothing(desk, tmp_path):
    with desk.store.locked():
        desk.staff.save(StaffMember("maria", RECEPTIONIST, None))
        desk.staff.save(StaffMember("lee", MANAGER, None))
    desk.act_as("maria")
    attempts = [
        lambda: desk.add_provider("Dr Kim", "mon-fri 09:00-17:00"),
        lambda: desk.add_time_off("Provider A", "2026-12-01 09:00", "2026-12-01 12:00"),
        lambda: desk.add_closure("2026-12-28", "Training"),
        lambda: desk.update_type("sculptra", minutes=90),
        lambda: desk.set_room("Room 1", in_service=False),
        lambda: desk.set_office_hours("mon-fri 09:00-17:00"),
    ]
    for attempt in attempts:
        with pytest.raises(NotAllowed) as err:
            attempt()
        assert one_sentence(err).startswith("Only a manager can change the clinic setup")
    assert not (tmp_path / "store" / "clinic").exists()
    desk.act_as("lee")
    desk.add_closure("2026-12-28", "Training")
    assert desk.config.closures[D(2026, 12, 28)] == "Training"


@pytest.mark.parametrize(
    ("call", "field", "words"),
    [
        (lambda d: d.add_provider("Provider a", "mon-fri 09:00-17:00"), "name", "already"),
        (lambda d: d.add_provider("Dr Kim", "mon-fri 9"), "hours", "span"),
        (lambda d: d.add_provider("Dr Kim", "funday 09:00-17:00"), "hours", "weekday"),
        (lambda d: d.add_provider("Dr Kim", "mon 09:00-12:00", "13:00-13:30"), "breaks", "outside"),
        (lambda d: d.add_provider("Dr Kim", "mon 09:00-12:00", None, "botox"), "type", "botox"),
        (lambda d: d.add_provider("\x1b\x07 ", "mon 09:00-12:00"), "name", "empty"),
        (lambda d: d.update_provider("Provider A"), "hours", "Say what"),
        (lambda d: d.update_provider("Nobody", hours="mon 09:00-12:00"), "provider", "Nobody"),
        (lambda d: d.add_time_off("Provider A", "2026-12-02 12:00", "2026-12-02 09:00"), "to", ""),
        (lambda d: d.add_time_off("Provider A", "2026-11-01 09:00", "2026-11-02 09:00"), "to", ""),
        (lambda d: d.add_time_off("Provider A", "soon", "2026-11-02 09:00"), "from", "soon"),
        (lambda d: d.remove_time_off("T-NOPE"), "id", "T-NOPE"),
        (lambda d: d.add_closure("2026-11-01", "Past"), "date", "past"),
        (lambda d: d.add_closure("2026-12-28", "  "), "reason", "reason"),
        (lambda d: d.remove_closure("2026-12-29"), "date", "no closure"),
        (lambda d: d.update_type("botox", minutes=30), "type", "botox"),
        (lambda d: d.update_type("sculptra", minutes=0), "minutes", "1 to"),
        (lambda d: d.update_type("sculptra", buffer="ten"), "buffer", "ten"),
        (lambda d: d.update_type("sculptra", room="Room 9"), "room", "Room 9"),
        (lambda d: d.update_type("sculptra"), "minutes", "Say what"),
        (lambda d: d.add_room("room 1"), "room", "already"),
        (lambda d: d.set_room("Room 9", in_service=False), "room", "Room 9"),
        (lambda d: d.set_office_hours("weekdays"), "hours", ""),
        (lambda d: d.set_sunday_window("16:00-10:00"), "sunday", "ends before"),
        (lambda d: d.set_holiday_rule("lunar"), "rule", "lunar"),
        (lambda d: d.add_shift("Provider B", "2026-12-06", "14:00-10:00"), "hours", ""),
        (lambda d: d.remove_shift("Provider B", "2026-12-06"), "date", "no shift"),
    ],
)
def test_bad_input_is_one_sentence_and_nothing_is_written(desk, tmp_path, call, field, words):
    with pytest.raises((InvalidInput, NotFound)) as err:
        call(desk)
    assert words in one_sentence(err)
    assert err.value.field == field
    assert not (tmp_path / "store" / "clinic").exists()


def test_time_off_returns_the_visits_it_strands(desk, ann):
    inside = desk.book(ann.id, "2026-12-02 10:00", "consultation", provider="Provider B")
    desk.book(ann.id, "2026-12-02 11:00", "consultation", provider="Provider A")
    later = desk.book(ann.id, "2026-12-03 15:00", "consultation", provider="Provider B")
    cancelled = desk.book(ann.id, "2026-12-02 12:00", "consultation", provider="Provider B")
    desk.cancel(cancelled.id)
    span = ("2026-12-02 09:00", "2026-12-03 12:00")

    assert [a.id for a in desk.stranded("provider b", *span)] == [inside.id]
    item, stranded = desk.add_time_off("Provider B", *span, reason="Conference")

    assert [a.id for a in stranded] == [inside.id]
    assert item.id.startswith("T-") and item.reason == "Conference"
    assert desk.time_off_list() == [item]
    with pytest.raises(InvalidInput, match="already has time off"):
        desk.add_time_off("Provider B", "2026-12-03 11:00", "2026-12-03 13:00")
    assert desk.remove_time_off(item.id.lower()) == item
    assert desk.time_off_list() == []
    assert later.id not in [a.id for a in stranded]


def test_time_off_that_is_over_is_listed_only_on_asking(make_desk):
    desk = make_desk()
    item, _ = desk.add_time_off("Provider A", "2026-11-25 09:00", "2026-11-25 12:00")
    later = make_desk(now="2026-11-26 09:00")
    assert later.time_off_list() == []
    assert later.time_off_list(past=True) == [item]


def test_a_provider_with_visits_to_come_is_neither_removed_nor_renamed(desk, ann):
    visit = desk.book(ann.id, "2026-12-02 10:00", "consultation", provider="Provider B")
    desk.add_time_off("Provider B", "2026-12-10 09:00", "2026-12-10 12:00")
    for attempt in (
        lambda: desk.remove_provider("Provider B"),
        lambda: desk.update_provider("Provider B", rename="Dr Lee"),
    ):
        with pytest.raises(InvalidInput, match="1 visit still to come") as err:
            attempt()
        one_sentence(err)
    desk.cancel(visit.id)
    desk.update_provider("Provider B", rename="Dr Lee")
    assert desk.config.providers == ("Provider A", "Dr Lee")
    assert [t.provider for t in desk.time_off_list()] == ["Dr Lee"]  # kept with the name
    desk.remove_provider("dr lee")
    assert desk.config.providers == ("Provider A",)
    assert desk.time_off_list() == []
    with pytest.raises(InvalidInput, match="at least one provider"):
        desk.remove_provider("Provider A")


def test_new_hours_keep_the_breaks_of_the_days_still_worked(desk):
    desk.update_provider("Provider A", hours="mon-fri 09:00-18:00", breaks="12:30-13:00")
    desk.update_provider("Provider A", hours="mon-wed 09:00-18:00; fri 09:00-15:00")
    kept = desk.config.provider_hours("Provider A").breaks
    assert set(kept) == {0, 1, 2, 4}  # Thursday is off now
    with pytest.raises(InvalidInput, match="give the breaks again") as err:
        desk.update_provider("Provider A", hours="mon-fri 14:00-18:00")
    assert err.value.field == "breaks"
    with pytest.raises(InvalidInput, match="outside") as err:
        desk.update_provider("Provider A", hours="mon 13:00-18:00", breaks="mon 12:00-12:30")
    assert err.value.field == "breaks"
    assert desk.config.provider_hours("Provider A").breaks == kept


def test_closures_hours_types_rooms_and_shifts(desk, ann):
    visit = desk.book(ann.id, "2026-12-28 10:00", "consultation", room="Room 2")
    assert [a.id for a in desk.add_closure("12/28/2026", "Staff training")] == [visit.id]
    assert desk.day_info(D(2026, 12, 28)).kind == "closed"
    desk.remove_closure("2026-12-28")
    assert desk.day_info(D(2026, 12, 28)).kind == "open"

    desk.set_office_hours("mon-fri 08:00-17:00; sat 09:00-13:00")
    info = desk.day_info(D(2026, 12, 5))
    assert (info.opens, info.closes) == (dt.time(9), dt.time(13))
    assert desk.config.weekdays[6].kind == "by_appointment"  # Sunday not named: kept
    desk.set_sunday_window("closed")
    assert desk.config.weekdays[6].kind == "closed"
    desk.set_sunday_window("11:00-15:00")
    assert desk.config.weekdays[6].opens == dt.time(11)
    desk.set_holiday_rule("federal")
    assert desk.config.holiday_rule == "federal"

    desk.update_type("Sculptra", minutes=75, buffer=15, room="room 3")
    sculptra = desk.config.appointment_types["sculptra"]
    assert (sculptra.minutes, sculptra.buffer, sculptra.room) == (75, 15, "Room 3")
    with pytest.raises(InvalidInput, match="needed by Sculptra"):
        desk.remove_room("Room 3")
    desk.update_type("sculptra", room=None)
    assert desk.config.appointment_types["sculptra"].room is None
    desk.update_type("sculptra", minutes=60, room=KEEP)

    assert [a.id for a in desk.set_room("Room 2", in_service=False, note="Laser repair")] == [
        visit.id
    ]
    assert desk.config.room("Room 2").in_service is False
    assert desk.config.room("Room 2").note == "Laser repair"
    with pytest.raises(InvalidInput, match="1 visit still to come"):
        desk.remove_room("Room 2")
    desk.set_room("Room 2", in_service=True)
    assert desk.config.room("Room 2").note == ""
    desk.add_room("Room 4")
    desk.remove_room("room 4")
    assert desk.config.rooms == ("Room 1", "Room 2", "Room 3")

    desk.add_shift("Provider B", "2026-12-06", "10:00-14:00")
    assert [(s.provider, s.date) for s in desk.config.shifts] == [("Provider B", D(2026, 12, 6))]
    with pytest.raises(InvalidInput, match="already has a shift"):
        desk.add_shift("provider b", "2026-12-06", "11:00-12:00")
    desk.remove_shift("Provider B", "2026-12-06")
    assert desk.config.shifts == ()


def test_a_damaged_setup_is_one_sentence_named_by_check_and_never_written_over(desk, tmp_path):
    desk.add_closure("2026-12-28", "Training")
    path = tmp_path / "store" / "clinic" / "setup.json"
    for payload in (b'{"clinic": {"1": {"name": "no hours"}}}', b"\x00torn"):
        path.write_bytes(payload)
        with pytest.raises(StoreError) as err:
            desk.config  # noqa: B018
        assert str(path) in one_sentence(err)
        problems = dict(Administration(desk).check())
        assert "clinic/setup.json" in problems
        with pytest.raises(StoreError):
            desk.add_closure("2026-12-29", "More training")
        assert path.read_bytes() == payload


def test_first_available_reads_typed_filters_and_sees_time_off(make_desk):
    desk = make_desk()
    other = make_desk()
    desk.add_time_off("Provider A", "2026-11-24 09:00", "2026-12-01 18:00")
    slots = other.first_available("Sculptra", weekdays="tue - thu", after="2pm", limit=3)
    assert [(s.start.date(), s.start.hour, s.provider) for s in slots] == [
        (D(2026, 11, 24), 14, "Provider B"),
        (D(2026, 11, 25), 14, "Provider B"),
        (D(2026, 12, 1), 14, "Provider B"),  # Thanksgiving closed; Provider A back at 6 PM
    ]
    assert other.first_available("consultation", provider="provider a", limit=1)[
        0
    ].start.date() == D(2026, 12, 2)
    assert other.scheduled_on(D(2026, 11, 25)) == ["Provider B"]
    blocks = other.unavailable("Provider A", D(2026, 11, 25))
    assert {b.kind for b in blocks} == {"time_off"}
    assert other.working_windows("Provider A", D(2026, 11, 25)) == []
    for kwargs, field in (
        ({"weekdays": "funday"}, "weekday"),
        ({"after": "25:00"}, "after"),
        ({"after": "17:00", "before": "9am"}, "after"),
        ({"provider": "Nobody"}, "provider"),
        ({"limit": 0}, "limit"),
    ):
        with pytest.raises(InvalidInput) as err:
            other.first_available("sculptra", **kwargs)
        assert err.value.field == field
        one_sentence(err)


def test_an_open_desk_sees_a_restored_setup(make_desk):
    desk, other = make_desk(), make_desk()
    desk.add_closure("2026-12-28", "Training")
    name = Administration(desk).backup().rsplit("/", 1)[-1].removesuffix(".tar.gz")
    desk.add_provider("Dr Kim", "mon 09:00-12:00")
    assert "Dr Kim" in other.config.providers
    Administration(desk).restore(name)
    assert other.config.providers == ("Provider A", "Provider B")
    assert other.config.closures[D(2026, 12, 28)] == "Training"


def test_a_link_in_place_of_the_setup_folder_is_refused(desk, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / "store").mkdir(mode=0o700)
    (tmp_path / "store" / "clinic").symlink_to(elsewhere)
    with pytest.raises(StoreError, match="symbolic link") as err:
        desk.config  # noqa: B018
    one_sentence(err)
    with pytest.raises(StoreError):
        desk.add_closure("2026-12-28", "Training")
    assert list(elsewhere.iterdir()) == []
    assert any(entry == "clinic" for entry, _ in Administration(desk).check())
