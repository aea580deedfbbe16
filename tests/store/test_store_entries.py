"""Allergies and conditions as entries: old free-text documents still read, and back up."""

import json

from console.desk import Administration
from tests.store.archives import name_of


def plant_old_text(desk, pid, **fields):
    """Write a patient document as the console before entries stored it (plain text)."""
    path = desk.store.root / "patients" / "2026.json"
    data = json.loads(path.read_text())
    doc = next(d for d in data["patients"].values() if d["id"] == pid)
    doc.update(fields)
    doc.pop("alert", None)  # older still: no alert field at all
    path.write_text(json.dumps(data))


def test_old_text_documents_read_as_entries(desk, make_desk):
    ann = desk.add_patient("Ann", "Lee", "714-225-5137")
    plant_old_text(desk, ann.id, allergies="Penicillin\nLatex", conditions="Asthma; Diabetes")

    reader = make_desk()
    stored = reader.patient(ann.id)
    assert stored.allergies == ("Penicillin", "Latex")
    assert stored.conditions == ("Asthma", "Diabetes")
    assert stored.alert == ""
    assert Administration(reader).check() == []


def test_adding_to_an_old_document_keeps_every_entry_and_writes_a_list(desk, make_desk):
    ann = desk.add_patient("Ann", "Lee", "714-225-5137")
    plant_old_text(desk, ann.id, allergies="Penicillin; Latex")

    make_desk().add_health_entry(ann.id, "allergies", "Lidocaine")

    raw = json.loads((desk.store.root / "patients" / "2026.json").read_text())
    [doc] = [d for d in raw["patients"].values() if d["id"] == ann.id]
    assert doc["allergies"] == ["Penicillin", "Latex", "Lidocaine"]
    assert make_desk().patient(ann.id).allergies == ("Penicillin", "Latex", "Lidocaine")


def test_a_store_with_old_and_new_documents_backs_up_and_restores(desk, make_desk):
    old = desk.add_patient("Ann", "Lee", "714-225-5137")
    new = desk.add_patient("Bo", "Chan", "714-225-5138", allergies=["Latex"], alert="Needs a ride")
    plant_old_text(desk, old.id, allergies="Penicillin")
    admin = Administration(make_desk())
    name = name_of(admin.backup())

    make_desk().add_health_entry(new.id, "allergies", "Aspirin")
    admin.restore(name)

    reader = make_desk()
    assert reader.patient(old.id).allergies == ("Penicillin",)
    assert reader.patient(new.id).allergies == ("Latex",)
    assert reader.patient(new.id).alert == "Needs a ride"
