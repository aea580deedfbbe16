"""``frontdesk waitlist`` and the offers ``cancel``, ``reschedule`` and a no-show print."""

import datetime as dt
import shlex

import pytest

from console.clinic.waitlist import WaitlistEntry
from console.store.store import Store
from console.store.waitlist import WaitlistRepo

NOW = "2026-11-24 08:00"  # a Tuesday, before opening


@pytest.fixture
def people(make_desk, store_dir):
    """Ann (a Wednesday 10:00 consultation with Provider A), Bea and Cal, made in-process."""
    desk = make_desk(now=NOW, root=store_dir)
    ann, bea, cal = (
        desk.add_patient(first, "Lee", f"714-225-51{n:02d}")
        for n, first in enumerate(["Ann", "Bea", "Cal"])
    )
    visit = desk.book(ann.id, "2026-11-25 10:00", "consultation", provider="Provider A")
    return ann, bea, cal, visit


def stored(store_dir):
    store = Store(store_dir)
    try:
        return WaitlistRepo(store).all()
    finally:
        store.close()


def test_add_list_remove_and_mistakes(people, frontdesk, ok, store_dir):
    _, bea, cal, _ = people
    entry_id = ok(
        "waitlist",
        "add",
        "--patient",
        bea.id,
        "--type",
        "consultation",
        "--provider",
        "Provider A",
        "--weekdays",
        "mon,wed",
        "--from",
        "9:00",
        "--to",
        "12:00",
        "--until",
        "2026-12-31",
        "--note",
        "mobile",
        now=NOW,
    ).strip()
    (entry,) = stored(store_dir)
    assert entry.id == entry_id and entry.patient_id == bea.id and entry.weekdays == {0, 2}
    line = ok("waitlist", "list", now=NOW).strip()
    for text in (entry_id, "Bea Lee", "Consultation", "Provider A · Mon, Wed · 9:00 AM–12:00 PM"):
        assert text in line
    for args, words in [
        (["--patient", cal.id, "--type", "facial"], "'facial' is not an appointment type"),
        (["--patient", cal.id, "--type", "consultation", "--weekdays", "xyz"], "not a weekday"),
        (["--patient", cal.id, "--type", "consultation", "--until", "2026-01-01"], "has passed"),
        (["--patient", bea.id, "--type", "consultation"], "already waiting"),
    ]:
        refused = frontdesk("waitlist", "add", *args, now=NOW)
        assert refused.code == 2 and words in refused.err and refused.out == ""
        assert len(refused.err.strip().splitlines()) == 1
    assert [e.id for e in stored(store_dir)] == [entry_id]
    assert ok("waitlist", "remove", entry_id.lower(), now=NOW).strip() == (
        f"{entry_id} removed from the waitlist"
    )
    assert stored(store_dir) == []
    gone = frontdesk("waitlist", "remove", entry_id, now=NOW)
    assert gone.code == 2 and f"No waitlist entry has the id {entry_id!r}." in gone.err


def test_cancel_prints_the_offers_and_their_command_books_in_one_step(
    people, frontdesk, ok, make_desk, store_dir
):
    ann, bea, cal, visit = people
    desk = make_desk(now=NOW, root=store_dir)
    desk.waitlist_add(bea.id, "consultation", provider="Provider A")
    later = make_desk(now="2026-11-24 08:30", root=store_dir)
    later.waitlist_add(cal.id, "consultation")
    expired = WaitlistEntry(
        "W-000000", ann.id, "follow_up", until=dt.date(2026, 11, 1), created="2026-01-01"
    )
    with desk.changing():
        WaitlistRepo(desk.store).add(expired)
    lines = ok("cancel", visit.id, now=NOW).splitlines()
    assert lines[1] == "Waitlisted patients this time suits, best first:"
    assert [line.split(" (")[0].strip() for line in lines[2:]] == ["1. Bea Lee", "2. Cal Lee"]
    command = lines[2].split(": ", 1)[1]
    assert command.startswith("frontdesk waitlist book W-")
    assert "--start '2026-11-25 10:00' --provider 'Provider A'" in command
    booked = frontdesk(*shlex.split(command)[1:], "--json", now=NOW).json()
    assert (booked["patient_id"], booked["start"]) == (bea.id, "2026-11-25T10:00:00-08:00")
    assert [e.patient_id for e in stored(store_dir)] == [ann.id, cal.id]
    listed = ok("waitlist", "list", "--json", now=NOW)
    assert "W-000000" not in listed and cal.id in listed
    assert "W-000000" in ok("waitlist", "list", "--all", now=NOW)


def test_a_move_and_a_no_show_print_the_offers_too(people, frontdesk, make_desk, store_dir):
    _, bea, _, visit = people
    make_desk(now=NOW, root=store_dir).waitlist_add(bea.id, "follow_up")
    moved = frontdesk(
        "reschedule", visit.id, "--start", "2026-11-25 15:00", "--json", now=NOW
    ).json()
    assert moved["start"] == "2026-11-25T15:00:00-08:00"
    (offer,) = moved["waitlist_offers"]
    assert (offer["patient_id"], offer["start"]) == (bea.id, "2026-11-25T10:00:00-08:00")
    missed = frontdesk("status", visit.id, "no_show", now="2026-11-25 15:15")
    assert missed.code == 0, missed.err
    assert "1. Bea Lee" in missed.out and "--start '2026-11-25 15:15'" in missed.out


def test_time_off_removed_prints_the_offers(people, ok, make_desk, store_dir):
    _, bea, _, _ = people
    desk = make_desk(now=NOW, root=store_dir)
    item, _ = desk.add_time_off("Provider B", "2026-11-27 09:00", "2026-11-27 18:00")
    desk.waitlist_add(bea.id, "consultation", provider="Provider B", start="14:00")
    lines = ok("timeoff", "remove", item.id, now=NOW).splitlines()
    assert lines[0].startswith("Removed: ")
    assert lines[1] == "Waitlisted patients this time suits, best first:"
    assert (
        "Bea Lee" in lines[2] and "--start '2026-11-27 14:00' --provider 'Provider B'" in lines[2]
    )
