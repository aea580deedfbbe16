"""``frontdesk seed`` fills a store that ``day`` then shows."""


def test_seed_then_day(frontdesk, ok):
    counts = frontdesk("seed", "--years", "0.1", "--json").json()
    assert counts["patients"] > 50 and counts["appointments"] > counts["patients"]
    today = frontdesk("day", "--json").json()
    assert today["date"] == "2026-11-24"
    assert len(today["appointments"]) > 5
    assert all(row["patient_name"] != "(unknown patient)" for row in today["appointments"])
    lines = ok("day").splitlines()
    assert len(lines) == len(today["appointments"]) + 1


def test_seed_is_repeatable(tmp_path, frontdesk):
    first = frontdesk("seed", "--years", "0.05", "--json", "--data-dir", str(tmp_path / "a"))
    second = frontdesk("seed", "--years", "0.05", "--json", "--data-dir", str(tmp_path / "b"))
    assert first.json() == second.json()
    assert (tmp_path / "a" / "patients" / "2026.json").read_bytes() == (
        tmp_path / "b" / "patients" / "2026.json"
    ).read_bytes()
