"""``frontdesk import patients`` and ``export patients``, as the real process runs them."""

import csv
import io

from console.desk import Administration
from tests.cli.conftest import NOW

FILE = (
    "\ufeffPatient #,First Name,Last Name,Mobile,Date of Birth,E-mail\r\n"
    "1,Ann,Lee,(714) 225-5137,5/6/1980,ann@example.com\r\n"
    "2,Bo,Kim,714.225.5138,05/06/80,\r\n"
    "3,Cy,Day,not a phone,,\r\n"
    "4,Di,Ro,7142255139,13/45/1990,\r\n"
)


def test_preview_refusal_skip_bad_and_duplicates(frontdesk, ok, tmp_path, make_desk, store_dir):
    path = tmp_path / "patients.csv"
    path.write_bytes(FILE.encode())

    dry = ok("import", "patients", str(path), "--dry-run")
    assert "4 rows: 2 to import, 2 bad, 0 likely duplicates left out." in dry
    assert "Mobile -> phone, Date of Birth -> dob, E-mail -> email" in dry
    assert "Not imported: Patient #." in dry
    assert "  line 4: 'not a phone' is not a phone number." in dry
    assert "  line 5: '13/45/1990' is not a date that exists." in dry
    assert "Ann Lee · (714) 225-5137 · 1980-05-06 · ann@example.com" in dry
    assert dry.rstrip().endswith("Dry run: nothing was imported.")
    assert not store_dir.exists()  # a dry run makes no store

    refused = frontdesk("import", "patients", str(path))
    assert refused.code == 2
    assert refused.err == (
        "frontdesk: Nothing was imported: 2 rows are bad; fix them or add --skip-bad "
        "to leave them out.\n"
    )
    assert "line 4:" in refused.out  # the report still says which

    done = frontdesk("import", "patients", str(path), "--skip-bad", "--json")
    assert done.code == 0, done.err
    report = done.json()
    assert (report["imported"], [b["line"] for b in report["bad"]]) == (2, [4, 5])

    again = frontdesk("import", "patients", str(path), "--skip-bad")
    assert again.code == 2 and "no new patient" in again.err
    assert f"line 2: Ann Lee looks like {report['imported_ids'][0]} Ann Lee" in again.out

    receptionist = frontdesk("import", "patients", str(path), "--person", "maria")
    assert receptionist.code == 2 and "Only a manager can import patients" in receptionist.err

    desk = make_desk(NOW, root=store_dir)
    assert sorted(p.name for p in desk.patients.all()) == ["Ann Lee", "Bo Kim"]
    assert Administration(desk).audit_problems() == []


def test_bad_files_and_options_are_one_sentence(frontdesk, tmp_path):
    (tmp_path / "no-phone.csv").write_text("First,Last\nAnn,Lee\n")
    (tmp_path / "real.csv").write_text("First,Last,Phone\n")
    (tmp_path / "link.csv").symlink_to(tmp_path / "real.csv")
    cases = [
        (("missing.csv",), "There is no file"),
        (("link.csv",), "is a symbolic link"),
        (("no-phone.csv",), "no phone column (its columns: First, Last)"),
        (("real.csv", "--map", "Cell=phone"), "no column 'cell' to map"),
        (("real.csv", "--map", "Phone"), "--map takes COLUMN=FIELD"),
    ]
    for (name, *rest), words in cases:
        result = frontdesk("import", "patients", str(tmp_path / name), *rest)
        assert result.code == 2 and words in result.err, result.err
        assert result.err.count("\n") == 1
    assert frontdesk("export", "patients", "--date", "2026-11-24").code == 2
    assert "needs --date" in frontdesk("export").err
    refused = frontdesk("export", "patients", "--person", "maria")
    assert refused.code == 2 and "Only a manager can export the patient list" in refused.err


def test_exported_patients_import_cleanly_into_another_store(ok, frontdesk, tmp_path, fork_server):
    ok(
        "patient",
        "add",
        "--first",
        "Zoë",
        "--last",
        "O'Brien",
        "--phone",
        "714-225-5137",
        "--dob",
        "1975-01-31",
        "--allergies",
        "Lidocaine; Latex",
        "--notes",
        "=1+1",
    )
    ok("patient", "add", "--first", "Ann", "--last", "Lee", "--phone", "562-555-0199")
    out = tmp_path / "patients.csv"
    assert ok("export", "patients", "--output", str(out)).strip() == str(out)
    rows = list(csv.reader(io.StringIO(out.read_text())))
    assert [r[1:5] for r in rows[1:]] == [
        ["Ann", "Lee", "(562) 555-0199", ""],
        ["Zoë", "O'Brien", "(714) 225-5137", "1975-01-31"],
    ]
    other = str(tmp_path / "other")
    done = ok("--data-dir", other, "import", "patients", str(out))
    assert "Imported 2 patients" in done
    shown = ok("--data-dir", other, "find", "obrien", "--json")
    assert "Zoë" in shown and "Lidocaine" not in ok("--data-dir", other, "audit")
    assert frontdesk("--data-dir", other, "check").code == 0
