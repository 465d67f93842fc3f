"""Storage latency as one workspace grows: 1,000, 10,000 and 100,000 scenarios, side by side.

    python benchmarks/storage.py                          # both backends, ~5 minutes
    python benchmarks/storage.py --backends sqlite --sizes 1000 10000 --samples 100
    python benchmarks/storage.py --quick                  # 1,000 and 10,000, fewer samples

For each backend and size it bulk-loads one workspace the way ``ftroi import`` does (through
``import_scenarios``, in batches; ``tests/storage/workload.py`` says what is in it), then
times every operation of ``workload.operations`` one call at a time: p50 (and p99) in ms.
PostgreSQL is timed twice per size: first as loaded, WITHOUT statistics (no ANALYZE; this
machine's server runs with autovacuum off, so nothing else would analyse it), then after
``refresh_statistics`` (what ``ftroi import`` runs at its end). SQLite keeps no statistics.

Then, on the largest size, whole ``ftroi`` processes read the same database: ``ftroi list``
(a page of 20: its first run after the import analyses each and keeps the answers,
printed once without an aim, the runs after it read them back), ``ftroi history`` of a
scenario with 50 versions, and ``ftroi compare`` of four of them (the table and its chart).

Aims, printed beside the figures: every operation flat from the smallest to the largest
size (p50 within 2×); save version p50 < 5 ms on PostgreSQL over loopback; ``ftroi list``
< 0.5 s and the history and compare < 1 s at 100,000. SQLite runs in a temporary file;
PostgreSQL in a fresh schema of ``--postgres-url`` (the local ``test`` database), dropped
afterwards. The figures mean something only on an otherwise idle machine.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

# Run as a script, this file's folder comes first on sys.path and its own name would shadow
# the storage package: put the checkout first, so `import storage` finds the package.
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.startup import byte_compile  # noqa: E402
from storage import open_store  # noqa: E402
from tests.pg import fresh_schema  # noqa: E402
from tests.storage.workload import VERSIONED, load, operations  # noqa: E402

SAVE_AIM_MS = 5.0
#: One run, analysing the page: an import leaves nothing analysed (the intake keeps each
#: version's answer as it saves it); the runs after it read the answers back. No aim.
FIRST_LIST = "ftroi list, 1st"
PROCESS_AIMS = {"ftroi list": 0.5, "ftroi history": 1.0, "ftroi compare": 1.0}
Timings = dict[str, tuple[float, float]]


@contextmanager
def database(backend: str, postgres_url: str) -> Iterator[str]:
    if backend == "sqlite":
        with tempfile.TemporaryDirectory(prefix="ftroi-bench-") as folder:
            yield f"sqlite:///{folder}/ftroi.db"
        return
    with fresh_schema(postgres_url, prefix="ftroi_bench") as url:
        yield url


def timed(call: Callable[[int], object], *, samples: int, budget_s: float) -> tuple[float, float]:
    """p50 and p99 in ms of ``call(i)``: ``samples`` calls after a warm-up, fewer (at least
    20) when they would take longer than ``budget_s``."""
    for i in range(min(20, samples)):  # warm-up: connections, prepared statements, caches
        call(i)
    took: list[float] = []
    began = time.perf_counter()
    for i in range(samples):
        start = time.perf_counter_ns()
        call(i)
        took.append((time.perf_counter_ns() - start) / 1e6)
        if len(took) >= 20 and time.perf_counter() - began > budget_s:
            break
    cuts = statistics.quantiles(took, n=100, method="inclusive")
    return cuts[49], cuts[98]


def processes(url: str, *, runs: int) -> dict[str, float]:
    """Median wall seconds of whole ftroi commands reading ``url``'s workspace."""
    script = Path(sys.executable).with_name("ftroi")
    exe = [str(script)] if script.exists() else [sys.executable, "-m", "bot.cli"]
    versioned = [f"Versioned {k}" for k in range(VERSIONED)]
    commands = {"ftroi list": ["list"], "ftroi history": ["history", versioned[0]],
                "ftroi compare": ["compare", *versioned]}
    out: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="ftroi-bench-charts-") as folder:
        env = dict(byte_compile(), FTROI_DATABASE_URL=url, NO_COLOR="1")
        for label, argv in commands.items():
            walls = []
            for _ in range(runs + 1):  # the first warms the page cache
                start = time.perf_counter()
                done = subprocess.run([*exe, *argv], cwd=folder, env=env, capture_output=True,
                                      check=False)
                walls.append(time.perf_counter() - start)
                if done.returncode != 0:
                    raise SystemExit(f"{label} failed: {done.stderr.decode(errors='replace')}")
            if label == "ftroi list":  # the first run analysed the page and kept its answers
                out[FIRST_LIST] = walls[0]
            out[label] = statistics.median(walls[1:])
    return out


def bench(backend: str, size: int, args: argparse.Namespace
          ) -> tuple[dict[str, Timings], dict[str, float]]:
    """Timings per state ('sqlite', or PostgreSQL 'no ANALYZE' then 'analysed'), and the
    whole commands' times on the largest size."""
    results: dict[str, Timings] = {}
    commands: dict[str, float] = {}
    with database(backend, args.postgres_url) as url:
        store = open_store(url)
        try:
            began = time.perf_counter()
            loaded = load(store, scenarios=size)
            print(f"  {backend}, {size:,} scenarios: loaded in {time.perf_counter() - began:.1f} s",
                  flush=True)
            states = ["sqlite"] if backend == "sqlite" else ["no ANALYZE", "analysed"]
            for state in states:
                if state == "analysed":
                    began = time.perf_counter()
                    store.refresh_statistics()
                    print(f"  analysed in {time.perf_counter() - began:.1f} s", flush=True)
                ops = operations(store, loaded)
                results[state] = {name: timed(run, samples=args.samples, budget_s=args.budget)
                                  for name, run in ops.items()}
        finally:
            store.close()
        if size == max(args.sizes):
            commands = processes(url, runs=args.runs)
    return results, commands


def aim(text: str, met: bool) -> str:
    """How every figure's aim is printed: ``[aim <text>: met]`` or ``[aim <text>: MISSED]``."""
    return f"[aim {text}: {'met' if met else 'MISSED'}]"


def table(label: str, sizes: list[int], by_size: dict[int, Timings], *, save_aim: bool) -> None:
    names = list(by_size[sizes[0]])
    heads = "".join(f"{f'{s:,}':>10}" for s in sizes)
    print(f"\n{label}: p50 ms at each size (p99 at the largest), growth, aims")
    print(f"{'operation':<42}{heads}{'p99':>9}  growth")
    for name in names:
        p50s = [by_size[s][name][0] for s in sizes]
        growth = p50s[-1] / p50s[0] if p50s[0] > 0 else float("inf")
        aims = [aim(f"{sizes[0]:,} to {sizes[-1]:,} within 2×", growth <= 2)]
        if save_aim and name == "save version":
            aims.append(aim(f"p50 < {SAVE_AIM_MS:g} ms", p50s[-1] < SAVE_AIM_MS))
        cells = "".join(f"{p:>10.3f}" for p in p50s)
        print(f"{name:<42}{cells}{by_size[sizes[-1]][name][1]:>9.2f}  {growth:4.1f}×  "
              + " ".join(aims))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backends", nargs="+", default=["sqlite", "postgres"],
                        choices=["sqlite", "postgres"])
    parser.add_argument("--sizes", nargs="+", type=int, default=[1_000, 10_000, 100_000])
    parser.add_argument("--samples", type=int, default=300, help="timed calls per operation")
    parser.add_argument("--budget", type=float, default=3.0,
                        help="seconds per operation before it stops at 20+ samples")
    parser.add_argument("--runs", type=int, default=5, help="runs of each whole command")
    parser.add_argument("--quick", action="store_true", help="1,000 and 10,000; 50 samples")
    parser.add_argument("--postgres-url", default="postgresql://postgres@127.0.0.1:5432/test")
    args = parser.parse_args(argv)
    if args.quick:
        args.sizes, args.samples, args.runs = [1_000, 10_000], 50, 3
    args.sizes = sorted(args.sizes)
    print(f"load average {os.getloadavg()[0]:.2f}", flush=True)
    by_state: dict[str, dict[int, Timings]] = {}
    whole: dict[str, dict[str, float]] = {}
    for backend in args.backends:
        for size in args.sizes:
            results, commands = bench(backend, size, args)
            for state, timings in results.items():
                key = "SQLite" if state == "sqlite" else f"PostgreSQL, {state}"
                by_state.setdefault(key, {})[size] = timings
            if commands:
                whole["SQLite" if backend == "sqlite" else "PostgreSQL (analysed)"] = commands
    for label, by_size in by_state.items():
        table(label, args.sizes, by_size, save_aim=label.startswith("PostgreSQL"))
    largest = f"{max(args.sizes):,}"
    print(f"\nWhole commands on {largest} scenarios in one workspace: median wall s")
    for backend, commands in whole.items():
        for label, seconds in commands.items():
            limit = PROCESS_AIMS.get(label)
            print(f"  {backend:<24}{label:<16}{seconds:>8.3f} s  "
                  + ("(after an import: analyses the page; no aim)" if limit is None
                     else aim(f"< {limit:g} s", seconds < limit)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
