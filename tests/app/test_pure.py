"""The UI's pure helpers: typed times, column widths, fitting text, layer hygiene."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from console.clinic.errors import InvalidInput
from console.ui import format as fmt
from console.ui.widgets.visit_table import Column, column_widths, visible_columns

UI = Path(__file__).resolve().parents[2] / "console"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("9:30", "09:30"),
        ("09:30", "09:30"),
        ("2:15 pm", "14:15"),
        ("2:15PM", "14:15"),
        ("12:00 am", "00:00"),
        ("12 pm", "12:00"),
        ("14:45", "14:45"),
        ("930", "09:30"),
    ],
)
def test_parse_clock(typed: str, expected: str) -> None:
    assert fmt.parse_clock(typed) == expected


@pytest.mark.parametrize("typed", ["", "25:00", "13:00 pm", "9:75", "noon", "[red]"])
def test_parse_clock_refuses(typed: str) -> None:
    with pytest.raises(InvalidInput) as err:
        fmt.parse_clock(typed)
    assert err.value.field == "time"


def test_columns_share_the_width() -> None:
    columns = [Column("a", 8), Column("b", 10, 30, weight=3), Column("c", 5, 10, weight=1)]
    assert sum(column_widths(columns, 40)) == 40
    assert column_widths(columns, 100) == [8, 30, 10]
    optional = [*columns, Column("note", 12, None, weight=1, optional=True)]
    assert visible_columns(optional, 60) == [0, 1, 2]
    assert visible_columns(optional, 120) == [0, 1, 2, 3]


def test_fit_picks_the_version_that_fits() -> None:
    fit = fmt.with_fit("Provider B", "Room 2")
    assert fit.pick(40).plain == "Provider B · Room 2"
    assert fit.pick(12).plain == "B · Room 2"
    assert fit.pick(5).plain == "B · 2"
    assert fmt.words_fit("Skin care service").pick(10).plain == "Skin care"


def test_user_text_is_never_markup() -> None:
    assert fmt.plain("[red]Evil[/red]").plain == "[red]Evil[/red]"


def test_ui_never_touches_the_store() -> None:
    forbidden = re.compile(r"^\s*(from|import)\s+(tinydb|console\.store)\b", re.MULTILINE)
    sources = [UI / "app.py", *sorted((UI / "ui").rglob("*.py"))]
    offenders = [str(p) for p in sources if forbidden.search(p.read_text(encoding="utf-8"))]
    assert offenders == []
