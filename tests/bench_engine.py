"""Benchmark of the deadline engine (a script, not a test: pytest does not collect it).

    .venv/bin/python tests/bench_engine.py

Prints, for CPython:
- working-day deadlines per second from `add_working_days`, against a naive
  day-by-day loop over the same table measured in the same run (goal: at
  least 100,000 per second);
- full `deadlines.answer()` calls per second;
- the time to build a 20-year table from the `holidays` library (goal: under
  200 ms, median of several runs), with the library already loaded and in a
  fresh interpreter.
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from authoring import commands
from authoring.holiday_table import build_table, table_from_library  # noqa: E402
from calculator import deadlines  # noqa: E402
from calculator.workdays import add_working_days  # noqa: E402

GOAL_PER_SECOND = 100_000
GOAL_BUILD_MS = 200
ONE_DAY = dt.timedelta(days=1)


def naive_add_working_days(table, start: dt.date, working_days: int):
    """The obvious loop: step a day at a time, skipping weekends and listed days."""
    table.require(start)
    day, counted, skipped = start, 0, []
    while counted < working_days:
        day += ONE_DAY
        if day.weekday() >= 5:
            continue
        name = table.days.get(day)
        if name is not None:
            skipped.append((day, name))
            continue
        counted += 1
    table.require(day)
    return day, skipped


def _cases(count: int, max_working_days: int, seed: int):
    rng = random.Random(seed)
    first, last = dt.date(2019, 1, 1).toordinal(), dt.date(2040, 6, 30).toordinal()
    return [(dt.date.fromordinal(rng.randint(first, last)), rng.randint(1, max_working_days)) for _ in range(count)]


def _rate(function, table, cases, repeats: int = 5) -> float:
    """Best of `repeats` runs, in calls per second."""
    best = float("inf")
    for _ in range(repeats):
        t0 = time.perf_counter()
        for start, n in cases:
            function(table, start, n)
        best = min(best, time.perf_counter() - t0)
    return len(cases) / best


def main() -> int:
    table = build_table("england-and-wales")
    for start, n in _cases(2000, 60, seed=1):  # both give the same answers
        assert add_working_days(table, start, n) == naive_add_working_days(table, start, n)

    print(f"Python {sys.version.split()[0]}, table {table.region} {table.first_year}-{table.last_year}")
    print()
    print("Working-day deadlines (add_working_days), calls per second, best of 5:")
    print(f"  {'working days':<16}{'engine':>12}{'naive loop':>14}{'ratio':>9}")
    engine_small = None
    for label, max_n in (("1 to 5", 5), ("1 to 20", 20), ("1 to 60", 60)):
        cases = _cases(50_000, max_n, seed=2)
        engine = _rate(add_working_days, table, cases)
        naive = _rate(naive_add_working_days, table, cases)
        engine_small = engine_small or engine
        print(f"  {label:<16}{engine:>12,.0f}{naive:>14,.0f}{engine / naive:>8.1f}x")
    verdict = "meets" if engine_small >= GOAL_PER_SECOND else "MISSES"
    print(f"  goal >= {GOAL_PER_SECOND:,}/s for the sources' 1 to 5 working days: {verdict}")

    print()
    protocol = commands.protocol_by_slug("safeguarding-children-partnership")
    rng = random.Random(3)
    starts = [dt.date(2025, 1, 1) + dt.timedelta(days=rng.randint(0, 3000)) for _ in range(2000)]
    stage_ids = [s.id for s in protocol.stages]
    calls = [(rng.choice(stage_ids), start) for start in starts]
    best = float("inf")
    for _ in range(3):
        t0 = time.perf_counter()
        for stage_id, start in calls:
            deadlines.answer(protocol, stage_id, start, table)
        best = min(best, time.perf_counter() - t0)
    print(
        f"Full answers (deadlines.answer, with timeline), {protocol.slug}: "
        f"{len(calls) / best:,.0f} per second ({best / len(calls) * 1e6:.0f} µs each)"
    )

    print()
    times_ms = []
    for _ in range(9):
        t0 = time.perf_counter()
        table_from_library("england-and-wales", 2021, 2040)  # the library, not the cache
        times_ms.append((time.perf_counter() - t0) * 1000)
    median = statistics.median(times_ms)
    verdict = "meets" if median < GOAL_BUILD_MS else "MISSES"
    print(
        f"Building a 20-year table (2021-2040) from holidays, library loaded: median {median:.1f} ms "
        f"of {len(times_ms)} runs (min {min(times_ms):.1f}, max {max(times_ms):.1f}); "
        f"goal < {GOAL_BUILD_MS} ms: {verdict}"
    )

    cold_ms = [_cold_build_ms() for _ in range(5)]
    cached_ms = [_cold_build_ms(COLD_CACHED) for _ in range(5)]
    median = statistics.median(cold_ms)
    verdict = "meets" if median < GOAL_BUILD_MS else "MISSES"
    print(
        f"The same in a fresh interpreter, importing holidays included: median {median:.1f} ms "
        f"of {len(cold_ms)} runs (min {min(cold_ms):.1f}, max {max(cold_ms):.1f}); "
        f"goal < {GOAL_BUILD_MS} ms: {verdict}"
    )
    print(
        f"Read back from the table cache in a fresh interpreter (what `handbook deadline` and "
        f"the build pay after the first run): median {statistics.median(cached_ms):.1f} ms"
    )
    return 0


COLD_BUILD = """
import time
t0 = time.perf_counter()
from authoring.holiday_table import table_from_library
table_from_library("england-and-wales", 2021, 2040)
print((time.perf_counter() - t0) * 1000)
"""


COLD_CACHED = COLD_BUILD.replace("table_from_library", "build_table")


def _cold_build_ms(script: str = COLD_BUILD) -> float:
    root = Path(__file__).resolve().parent.parent
    run = subprocess.run([sys.executable, "-c", script], cwd=root, capture_output=True, text=True, check=True)
    return float(run.stdout.strip())


if __name__ == "__main__":
    sys.exit(main())
