"""``frontdesk bench``'s line for the treatment answers: one ``ask`` per keystroke."""

from console.desk import open_desk
from console.tools.bench import ANSWER, CALLER_QUESTIONS, Report, _bench_answers


def test_every_keystroke_of_every_question_is_timed(tmp_path):
    desk = open_desk(tmp_path / "store")
    try:
        timing = _bench_answers(desk)
    finally:
        desk.close()
    assert len(CALLER_QUESTIONS) >= 30
    assert len(timing.samples) == sum(len(q) for q in CALLER_QUESTIONS)
    report = Report(1, 0, 0, {ANSWER: timing}, {})
    row = report.as_json()["operations"][ANSWER]
    assert row["median_ms"] == round(timing.median, 3)
    assert row["p95_ms"] == round(timing.p95, 3)
    assert any(line.startswith(ANSWER) for line in report.lines())
