"""Documents are validated when read: a bad one is named (file and id), never a traceback.

The documents are planted straight into the store files, as a hand edit, a tampered file
or a crafted backup would leave them; the desk never wrote them.
"""

import json

import pytest

from console.desk import Administration
from console.store import StoreError

DAY = "2026-11-25"

APPOINTMENT_DAMAGE = {
    "no start": lambda d: d.pop("start"),
    "start not a date": lambda d: d.update(start="next tuesday"),
    "start without offset": lambda d: d.update(start="2026-11-25T10:00:00"),
    "start in year 1": lambda d: d.update(start="0001-01-01T10:00:00-08:00"),
    "no day": lambda d: d.pop("day"),
    "day in another month": lambda d: d.update(day="2026-12-02"),
    "status not in the state machine": lambda d: d.update(status="teleported"),
    "minutes as text": lambda d: d.update(minutes="30"),
    "minutes astronomical": lambda d: d.update(minutes=10**20),
    "type a number": lambda d: d.update(type=7),
    "patient id a list": lambda d: d.update(patient_id=["P-1"]),
    "history of strings": lambda d: d.update(history=["booked"]),
    "walk-in as text": lambda d: d.update(walk_in="yes"),
}

PATIENT_DAMAGE = {
    "name a number": lambda d: d.update(first=42),
    "no last name": lambda d: d.pop("last"),
    "name only invisible characters": lambda d: d.update(first="\u200b\u2060\u202e"),
    "dob not a date": lambda d: d.update(dob="31/31/1980"),
    "phone null": lambda d: d.update(phone=None),
    "allergies a number": lambda d: d.update(allergies=7),
    "conditions a list of numbers": lambda d: d.update(conditions=["Asthma", 3]),
}


def plant(path, rid, damage):
    data = json.loads(path.read_text())
    table = next(iter(t for name, t in data.items() if name != "_meta"))
    doc = next(d for d in table.values() if d["id"] == rid)
    damage(doc)
    path.write_text(json.dumps(data))
    return path.read_bytes()


@pytest.fixture
def two_visits(desk):
    patient = desk.add_patient("Ann", "Lee", "714-225-5137")
    bad = desk.book(patient.id, f"{DAY} 10:00", "consultation")
    good = desk.book(patient.id, f"{DAY} 11:00", "consultation")
    return patient, bad, good


@pytest.mark.parametrize("damage", APPOINTMENT_DAMAGE.values(), ids=APPOINTMENT_DAMAGE.keys())
def test_a_bad_appointment_is_left_out_and_named(desk, make_desk, two_visits, damage):
    patient, bad, good = two_visits
    path = desk.store.root / "appointments" / "2026-11.json"
    planted = plant(path, bad.id, damage)

    reader = make_desk()  # another process: reads the planted file afresh
    schedule = reader.schedule(reader.today().replace(day=25))
    assert [v.appointment.id for v in schedule.visits] == [good.id]
    [problem] = reader.appointments.invalid_on(schedule.info.date)
    assert (problem.file, problem.id) == ("appointments/2026-11.json", bad.id)
    assert "appointments/2026-11.json" in problem.sentence and bad.id in problem.sentence
    assert "\n" not in problem.sentence

    with pytest.raises(StoreError) as err:
        reader.appointment(bad.id)
    assert bad.id in str(err.value) and "2026-11.json" in str(err.value)
    assert [v.id for v in reader.history(patient.id)] == [good.id]

    checked = Administration(reader).check()
    assert [(f, bad.id in p) for f, p in checked] == [("appointments/2026-11.json", True)]

    # A change to the good visit rewrites the month but keeps the bad document as it was.
    reader.set_status(good.id, "confirmed")
    assert json.loads(path.read_bytes()) != json.loads(planted)
    kept = [d for d in json.loads(path.read_text())["appointments"].values() if d["id"] == bad.id]
    assert kept == [
        d for d in json.loads(planted)["appointments"].values() if d.get("id") == bad.id
    ]


@pytest.mark.parametrize("damage", PATIENT_DAMAGE.values(), ids=PATIENT_DAMAGE.keys())
def test_a_bad_patient_is_named_and_their_visit_still_shows(desk, make_desk, two_visits, damage):
    patient, bad, good = two_visits
    other = desk.add_patient("Bo", "Chan", "714-225-5138")
    plant(desk.store.root / "patients" / "2026.json", patient.id, damage)

    reader = make_desk()
    schedule = reader.schedule(reader.today().replace(day=25))
    assert [v.appointment.id for v in schedule.visits] == [bad.id, good.id]
    assert schedule.visits[0].patient.name == "(unknown patient)"
    with pytest.raises(StoreError) as err:
        reader.patient(patient.id)
    assert patient.id in str(err.value) and "patients/2026.json" in str(err.value)
    assert [m.patient.id for m in reader.find("Bo Chan")] == [other.id]
    checked = Administration(reader).check()
    assert [(f, patient.id in p) for f, p in checked] == [("patients/2026.json", True)]


def test_a_document_under_a_key_that_is_not_a_number_is_named_and_the_file_kept(
    desk, make_desk, two_visits
):
    _, bad, good = two_visits
    path = desk.store.root / "appointments" / "2026-11.json"
    data = json.loads(path.read_text())
    table = data["appointments"]
    key = next(k for k, d in table.items() if d["id"] == bad.id)
    table["x"] = table.pop(key)
    path.write_text(json.dumps(data))
    planted = path.read_bytes()

    reader = make_desk()
    assert [v.appointment.id for v in reader.schedule(reader.today().replace(day=25)).visits] == [
        good.id
    ]
    assert [p.id for p in reader.appointments.invalid_documents()] == [bad.id]
    with pytest.raises(StoreError) as err:
        # TinyDB could not rewrite this file: refused with a sentence, not a crash.
        reader.set_status(good.id, "confirmed")
    assert "2026-11.json" in str(err.value)
    assert path.read_bytes() == planted


def test_ids_of_left_out_documents_stay_taken(desk, make_desk, two_visits):
    _, bad, _ = two_visits
    plant(desk.store.root / "appointments" / "2026-11.json", bad.id, lambda d: d.pop("start"))
    assert make_desk().appointments.id_taken(bad.id)
