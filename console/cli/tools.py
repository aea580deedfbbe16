"""Tools: ``seed`` (synthetic history) and ``bench`` (timings against stock TinyDB).

Both import their tool only when run: it is heavy (Faker, the console itself).
"""

from __future__ import annotations

import argparse

from console.cli.command import Command, on_desk
from console.cli.output import emit
from console.cli.usage import amount, whole_number
from console.desk import Desk


def _seed_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--years", type=amount(0, 20), default=1.0, help="more than 0, at most 20")
    parser.add_argument(
        "--seed",
        type=whole_number(0, 2**32 - 1),
        default=2026,
        help="random seed (same seed, same data)",
    )
    parser.add_argument(
        "--shipped",
        action="store_true",
        help="keep the shipped setup (every provider works all open hours) instead of the demo's",
    )


def seed(desk: Desk, args: argparse.Namespace) -> None:
    """``frontdesk seed --years N``."""
    from console.tools.seeding import seed_store

    counts = seed_store(
        desk, years=args.years, seed=args.seed, progress=not args.json, setup=not args.shipped
    )
    emit(
        args,
        counts,
        f"seeded {counts['patients']} patients and {counts['appointments']} appointments",
    )


def _bench_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--years", type=amount(0, 20), default=5.0, help="more than 0, at most 20")
    parser.add_argument(
        "--rounds", type=whole_number(1, 100_000), default=100, help="rounds of ours per operation"
    )
    parser.add_argument(
        "--stock-rounds",
        type=whole_number(1, 100_000),
        default=10,
        help="rounds of stock TinyDB per operation (it re-reads its whole file each time)",
    )
    parser.add_argument(
        "--no-memory",
        dest="memory",
        action="store_false",
        help="skip the console's own processes (RSS, start-up, cold day)",
    )


def bench(args: argparse.Namespace) -> int:
    """``frontdesk bench``: opens its own stores, so no desk is opened for it."""
    from console.tools.bench import run_bench

    report = run_bench(
        years=args.years,
        rounds=args.rounds,
        memory=args.memory,
        json=args.json,
        stock_rounds=args.stock_rounds,
    )
    emit(args, report.as_json(), report.lines())
    return 0


COMMANDS = (
    Command("seed", "fill a store with realistic synthetic history", _seed_options, on_desk(seed)),
    Command("bench", "measure the store against stock TinyDB", _bench_options, bench),
)
