"""A lookup's series line, read from the visit summaries, says what the full history says."""

from __future__ import annotations

import arrow

from console.services import series
from tests.app.clinic import TZ, copy_store, open_desk


def _lines(desk, glance: bool) -> dict[tuple[str, str], str | None]:
    found = {}
    for patient in desk.patients.all():
        for key in series.series_types(desk):
            state = series.progress(desk, patient.id, key, glance=glance)
            found[patient.id, key] = None if state is None else state.describe()
    return found


def test_glance_and_history_agree_for_every_patient(seeded_template, tmp_path):
    # Three moments: in the seeded past, on the pinned day, and after the future bookings.
    for moment in (
        arrow.Arrow(2026, 8, 20, 12, 0, tzinfo=TZ),
        arrow.Arrow(2026, 11, 24, 10, 30, tzinfo=TZ),
        arrow.Arrow(2027, 3, 1, 9, 0, tzinfo=TZ),
    ):
        desk = open_desk(copy_store(seeded_template, tmp_path / moment.format("YYYYMMDD")), moment)
        try:
            full, glance = _lines(desk, glance=False), _lines(desk, glance=True)
        finally:
            desk.close()
        assert glance == full
        described = [line for line in full.values() if line]
        assert len(described) >= 5  # series in progress, booked, complete: not all None
        assert any("booked" in line for line in described) or moment.year == 2027
