"""The seed's quick time steps write exactly what Arrow's would (same seed, same data)."""

import datetime as dt

import arrow
import pytest

from console.clinic import localtime
from console.tools import seeding

TZ = "America/Los_Angeles"
#: Around both clock changes of 2026 (8 March: 2:00 is skipped; 1 November: 1:00-2:00 twice)
#: and an ordinary clinic morning.
STARTS = [
    arrow.Arrow(2026, 3, 8, 0, 50, tzinfo=TZ),
    arrow.Arrow(2026, 3, 8, 1, 30, tzinfo=TZ),
    arrow.Arrow(2026, 11, 1, 0, 30, tzinfo=TZ),
    arrow.Arrow(2026, 11, 1, 1, 30, tzinfo=TZ).to(TZ).replace(fold=1),
    arrow.Arrow(2026, 11, 24, 10, 30, 45, 123456, tzinfo=TZ),
]
STEPS = [{"minutes": m} for m in (-6, 0, 15, 30, 45, 60, 90, 125)] + [
    {"days": d} for d in (-30, -20, -1, 1)
]


@pytest.mark.parametrize("start", STARTS, ids=str)
@pytest.mark.parametrize("step", STEPS, ids=str)
def test_shift_matches_arrow(start: arrow.Arrow, step: dict[str, int]) -> None:
    ours, theirs = seeding._shift(start, **step), start.shift(**step)
    assert ours.isoformat() == theirs.isoformat()
    assert ours.fold == theirs.fold


@pytest.mark.parametrize("moment", STARTS, ids=str)
def test_iso_text_matches_the_clinic_layer(moment: arrow.Arrow) -> None:
    assert seeding.to_iso(moment) == localtime.to_iso(moment)
    assert dt.datetime.fromisoformat(seeding.to_iso(moment)).microsecond == 0
