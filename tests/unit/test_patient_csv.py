"""Reading another system's patient CSV: column names, US phones and dates, bad rows by line."""

import datetime as dt

import pytest

from console.clinic.errors import InvalidInput
from console.clinic.patient_csv import (
    ALIASES,
    columns_of,
    fold_header,
    parse_birth_date,
    parse_map,
    parse_rows,
    split_name,
    unspreadsheet,
)

TODAY = dt.date(2026, 11, 24)
CREATED = "2026-11-24T10:30:00-08:00"


def rows(text, mapping=None):
    return parse_rows(text, mapping, today=TODAY, created=CREATED)


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("First Name", "first"),
        ("first_name", "first"),
        ("  FIRSTNAME ", "first"),
        ("Last Name", "last"),
        ("Surname", "last"),
        ("Mobile", "phone"),
        ("Cell", "phone"),
        ("Phone", "phone"),
        ("Mobile Phone", "phone"),
        ("DOB", "dob"),
        ("Date of Birth", "dob"),
        ("Birthdate", "dob"),
        ("E-mail", "email"),
        ("Email", "email"),
        ("email address", "email"),
    ],
)
def test_usual_column_names_are_recognised_whatever_their_case_and_spacing(header, field):
    assert fold_header(header) in ALIASES[field]


def test_a_typical_export_needs_no_map():
    header = ["Patient #", "First Name", "Last Name", "Mobile", "Date of Birth", "E-mail"]
    columns = columns_of(header)
    assert columns.sources == {
        "first": (1,),
        "last": (2,),
        "phone": (3,),
        "dob": (4,),
        "email": (5,),
    }
    assert columns.ignored == ("Patient #",)


def test_every_phone_column_is_tried_mobile_first():
    _, found = rows(
        "First Name,Last Name,Home Phone,Mobile\nAnn,Lee,714-225-5137,\nBo,Kim,,562-555-0199\n"
    )
    # Mobile (cell) wins over a home phone, and an empty mobile falls back to it.
    assert [r.patient.phone for r in found] == ["+17142255137", "+15625550199"]


def test_map_names_other_columns_and_ignore_leaves_one_out():
    mapping = parse_map(["Given=first", "Family=last", "Cell #=phone", "Email=ignore"])
    columns, found = rows("Given,Family,Cell #,Email\nAnn,Lee,(714) 225-5137,a@b.c\n", mapping)
    assert found[0].patient.name == "Ann Lee" and found[0].patient.email == ""
    assert columns.ignored == ("Email",)
    for bad, words in [
        (["nothing"], "COLUMN=FIELD"),
        (["Cell=telephone"], "not a patient field"),
        (["=phone"], "COLUMN=FIELD"),
    ]:
        with pytest.raises(InvalidInput, match=words):
            parse_map(bad)
    with pytest.raises(InvalidInput, match="no column 'cellnumber'"):
        rows("First,Last,Phone\n", parse_map(["Cell Number=phone"]))


def test_a_file_without_a_name_or_phone_column_is_refused_in_one_sentence():
    with pytest.raises(InvalidInput, match=r"no phone column \(its columns: First, Last\)"):
        rows("First,Last\nAnn,Lee\n")
    with pytest.raises(InvalidInput, match="no last name column"):
        rows("First,Phone\nAnn,7142255137\n")
    with pytest.raises(InvalidInput, match="no header row"):
        rows("\n\n")


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("5/6/1980", dt.date(1980, 5, 6)),
        ("05/06/1980", dt.date(1980, 5, 6)),
        ("05/06/80", dt.date(1980, 5, 6)),
        ("5/6/19", dt.date(2019, 5, 6)),
        ("1980-05-06", dt.date(1980, 5, 6)),
        ("1980-05-06 00:00:00", dt.date(1980, 5, 6)),
        ("5-6-1980", dt.date(1980, 5, 6)),
        ("", None),
    ],
)
def test_birth_dates_in_us_spellings(text, day):
    assert parse_birth_date(text, TODAY) == day


@pytest.mark.parametrize(
    ("text", "words"), [("13/45/1990", "not a date that exists"), ("May 6", "M/D/YYYY")]
)
def test_a_date_that_is_not_one_is_one_sentence(text, words):
    with pytest.raises(InvalidInput, match=words):
        parse_birth_date(text, TODAY)


def test_a_single_name_column_is_split_both_ways():
    assert split_name("Lee, Ann Marie") == ("Ann Marie", "Lee")
    assert split_name("Mary Ann Smith") == ("Mary Ann", "Smith")
    with pytest.raises(InvalidInput, match="not a first and last name"):
        split_name("Cher")


def test_bad_rows_carry_their_line_and_one_sentence_good_rows_their_patient():
    text = (
        "Name,Phone,DOB,Email\r\n"
        '"Lee, Ann",(714) 225-5137,5/6/1980,ann@example.com\r\n'
        "\r\n"
        "Bo Kim,not a phone,,\r\n"
        '"Cy\nDay",714.225.5138,,\r\n'  # a quoted name over two lines
        "Di Ro,7142255139,2/30/1990,\r\n"
        "Ed Yu,7142255140,,nope\r\n"
        "Fa Qi,7142255141,,,extra\r\n"
        "Gu Ho,7142255142,2099-01-01,\r\n"
    )
    _, found = rows(text)
    assert [(r.line, bool(r.patient)) for r in found] == [
        (2, True),
        (4, False),
        (5, True),
        (7, False),
        (8, False),
        (9, False),
        (10, False),
    ]
    problems = {r.line: r.problem for r in found}
    assert problems[4] == "'not a phone' is not a phone number."
    assert "exists" in problems[7]
    assert "not an email address" in problems[8]
    assert "5 cells where the header has 4" in problems[9]
    assert "not a plausible date of birth" in problems[10]


def test_a_row_repeating_an_earlier_person_names_that_line():
    _, found = rows(
        "First Name,Last Name,Phone,DOB\n"
        "Ann,Lee,714-225-5137,\n"
        "ANN,LEE,(714) 225-5137,\n"  # same name (any case) and phone
        "Ann,Lee,562-555-0199,\n"  # same name, another phone: another person
    )
    assert [r.repeats for r in found] == [0, 2, 0]


def test_cells_an_export_guarded_against_spreadsheets_read_back():
    assert unspreadsheet("'=cmd") == "=cmd"
    assert unspreadsheet("'-5 kg") == "-5 kg"
    assert unspreadsheet("O'Brien") == "O'Brien"
    assert unspreadsheet("'quoted'") == "'quoted'"


def test_text_that_is_not_csv_is_one_sentence():
    with pytest.raises(InvalidInput, match="is not CSV"):
        rows('First,Last,Phone\n"Ann' + "x" * 200_000 + '",Lee,7142255137\n')
