"""``frontdesk bench``: every figure is measured (real stores, real console processes).

A tiny run (a few weeks of history, a few rounds) checks the report's structure and that
each ratio is computed from the samples it shows; no test judges a timing.
"""

from __future__ import annotations

import argparse
import json
import statistics

import pytest

from console.cli import tools
from console.tools import bench
from console.tools.bench import ANSWER, FIRST_SEARCH, STOCKED, Report, run_bench

SMALL, LARGE = 0.02, 0.06
YEARS = 0.04
ROUNDS, STOCK_ROUNDS = 4, 2


@pytest.fixture(scope="module")
def report() -> Report:
    return run_bench(
        YEARS,
        rounds=ROUNDS,
        json=True,
        stock_rounds=STOCK_ROUNDS,
        process_rounds=2,
        scale=(SMALL, LARGE),
    )


@pytest.mark.long
def test_each_operation_runs_on_ours_and_fewer_times_on_stock(report: Report) -> None:
    ops = report.as_json()["operations"]
    assert set(ops) == {*STOCKED, ANSWER} and FIRST_SEARCH in ops
    for name in STOCKED:
        row = ops[name]
        assert row["rounds"] == ROUNDS and row["stock_rounds"] == STOCK_ROUNDS
        ours, stock = report.ours[name], report.stock[name]
        assert all(x > 0 for x in ours.samples + stock.samples)
        assert row["median_ms"] == round(statistics.median(ours.samples), 3)
        assert row["speedup"] == round(stock.median / ours.median, 1)
    assert ops[ANSWER]["stock_median_ms"] is None and ops[ANSWER]["rounds"] > 0
    assert report.patients > 0 and report.appointments > 0
    scaling = report.scaling
    assert (scaling["small_years"], scaling["large_years"]) == (SMALL, LARGE)
    assert scaling["ratio"] == pytest.approx(
        scaling["checkin_10y_ms"] / scaling["checkin_1y_ms"], rel=0.02
    )
    assert report.wall_s > 0


@pytest.mark.long
def test_whole_process_figures_come_from_real_console_sessions(report: Report) -> None:
    rss = report.processes["rss"]
    small, large = f"{YEARS:g} years", f"{LARGE:g} years"
    assert set(rss["mb"]) == {"empty", small, large}
    assert all(mb > 20 for mb in rss["mb"].values())  # a whole Python + Textual process
    # Each session really looked a patient up (none on the empty store), moved the
    # schedule a day forward and ended on the check-in pane.
    for name, session in rss["sessions"].items():
        assert session["day_forward"] == 1 and session["pane"] == "checkin"
        assert (session["lookup_matches"] > 0) == (name != "empty")
    first, second = rss["ratios"]
    assert (first["of"], first["to"], second["of"], second["to"]) == (small, "empty", large, small)
    assert first["ratio"] == round(rss["mb"][small] / rss["mb"]["empty"], 2)
    assert second["ratio"] == round(rss["mb"][large] / rss["mb"][small], 2)
    for key in ("startup", "cold_day"):
        pair = report.processes[key]
        assert len(pair["ours_samples"]) == len(pair["baseline_samples"]) == 2
        assert all(s > 0 for s in pair["ours_samples"] + pair["baseline_samples"])
        # The ratio of the medians of the samples shown (each rounded to the millisecond).
        medians = statistics.median(pair["ours_samples"]) / statistics.median(
            pair["baseline_samples"]
        )
        assert pair["ratio"] == pytest.approx(medians, rel=0.02)
        assert pair["target"] == 1.5


@pytest.mark.long
def test_json_prints_the_numbers_the_table_shows(
    report: Report, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(bench, "run_bench", lambda **_: report)
    args = argparse.Namespace(years=YEARS, rounds=ROUNDS, stock_rounds=2, memory=True, json=True)
    assert tools.bench(args) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed == json.loads(json.dumps(report.as_json()))
    lines = "\n".join(report.lines())
    for ratio in printed["processes"]["rss"]["ratios"]:
        assert f"{ratio['ratio']:.2f}x (target <= {ratio['target']:g}x)" in lines
    startup = printed["processes"]["startup"]
    assert f"= {startup['ratio']:.2f}x" in lines
    assert f"only {STOCK_ROUNDS} rounds of stock" in lines
