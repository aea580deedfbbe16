"""Which store the command line opens: ``--data-dir`` wins over ``FRONTDESK_DATA_DIR``."""


def test_data_dir_flag_wins_over_the_environment(tmp_path, frontdesk, store_dir):
    flagged = tmp_path / "flagged"
    result = frontdesk(
        "patient",
        "add",
        "--first",
        "Ann",
        "--last",
        "Lee",
        "--phone",
        "714-225-5137",
        "--data-dir",
        str(flagged),
    )
    assert result.code == 0, result.err
    pid = result.out.strip()
    assert (flagged / "patients" / "2026.json").exists()
    assert not (store_dir / "patients" / "2026.json").exists()
    assert frontdesk("patient", "show", pid).code == 2
    assert frontdesk("--data-dir", str(flagged), "patient", "show", pid).code == 0


def test_environment_chooses_the_store(frontdesk, store_dir):
    assert (
        frontdesk(
            "patient", "add", "--first", "Ann", "--last", "Lee", "--phone", "714-225-5137"
        ).code
        == 0
    )
    assert (store_dir / "patients" / "2026.json").exists()
