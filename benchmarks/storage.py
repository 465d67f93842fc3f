"""Storage latency with 100,000 scenarios stored, on each backend.

    python benchmarks/storage.py                       # both backends, 100,000 scenarios
    python benchmarks/storage.py --backends sqlite --scenarios 20000 --samples 500

For each backend it bulk-loads the scenarios (through ``import_scenarios``, in batches), then
times, one call at a time: saving a new version, loading a scenario, listing a workspace's
scenarios newest first (the first page, and a page deep in the list through its cursor), and
a conversation update (read, apply, compare-and-set). It prints p50 and p99 in milliseconds.

SQLite runs in a temporary file; PostgreSQL in a fresh schema of ``--postgres-url`` (the
local ``test`` database by default), dropped afterwards. Targets: p50 under 2 ms on SQLite,
under 5 ms on PostgreSQL over loopback.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

# Run as a script, this file's folder comes first on sys.path and its own name would shadow
# the storage package: put the checkout first, so `import storage` finds the package.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


from engine.models import Scenario
from storage import ConversationKey, ScenarioVersion, Store, StoredScenario, open_store
from tests.pg import fresh_schema

START = datetime(2025, 1, 1, tzinfo=UTC)
PAGE = 20


@contextmanager
def _database(backend: str, postgres_url: str) -> Iterator[str]:
    if backend == "sqlite":
        with tempfile.TemporaryDirectory(prefix="ftroi-bench-") as folder:
            yield f"sqlite:///{folder}/ftroi.db"
        return
    with fresh_schema(postgres_url, prefix="ftroi_bench") as url:
        yield url


def _bulk_load(store: Store, *, scenarios: int, teams: int, rng: random.Random) -> list[str]:
    variants = [
        Scenario().with_value("workload.requests_per_day", 1_000 * (n + 1)) for n in range(100)
    ]
    ids: list[str] = []
    batch: list[StoredScenario] = []
    for n in range(scenarios):
        at = START + timedelta(seconds=n)
        version = ScenarioVersion(
            number=1, author_id="U1", created_at=at, inputs=rng.choice(variants)
        )
        batch.append(
            StoredScenario(
                id=uuid.uuid4().hex[:16],
                team_id=f"T{n % teams:04}",
                owner_id=f"U{n % 50}",
                name=f"Scenario {n}",
                latest_version=1,
                created_at=at,
                updated_at=at,
                versions=[version],
            )
        )
        if len(batch) == 10_000 or n == scenarios - 1:
            store.import_scenarios(batch)
            ids += [s.id for s in batch]
            batch = []
    return ids


def _time(call: Callable[[int], object], samples: int) -> tuple[float, float]:
    for i in range(min(50, samples)):  # warm-up: connections, prepared statements, caches
        call(i)
    took = []
    for i in range(samples):
        start = time.perf_counter_ns()
        call(i)
        took.append((time.perf_counter_ns() - start) / 1e6)
    cuts = statistics.quantiles(took, n=100, method="inclusive")
    return cuts[49], cuts[98]


def bench(url: str, *, scenarios: int, teams: int, samples: int) -> dict[str, tuple[float, float]]:
    rng = random.Random(20250601)
    store = open_store(url)
    try:
        began = time.perf_counter()
        ids = _bulk_load(store, scenarios=scenarios, teams=teams, rng=rng)
        loaded = time.perf_counter() - began
        print(f"  bulk-loaded {len(ids):,} scenarios in {loaded:.1f} s", flush=True)
        edit = Scenario().with_value("workload.requests_per_day", 123_456)
        clock = [START + timedelta(days=365)]

        def now() -> datetime:
            clock[0] += timedelta(milliseconds=1)
            return clock[0]

        deep_cursor = {}
        for t in range(teams):
            cursor = None
            for _ in range(10):
                cursor = store.list_scenarios(f"T{t:04}", limit=PAGE, cursor=cursor).next_cursor
            deep_cursor[t] = cursor
        keys = [
            ConversationKey(team_id="T0000", channel_id="C1", thread_ts=f"{k}.0", user_id="U1")
            for k in range(200)
        ]

        def step(state: dict[str, object]) -> dict[str, object]:
            answers = list(state.get("answers", []))  # type: ignore[call-overload]
            return {"step": "workload", "answers": [*answers[-20:], len(answers)]}

        def pick(i: int, stride: int) -> tuple[str, str]:
            """The i-th scenario of a stride through all of them, and its workspace."""
            n = (i * stride) % len(ids)
            return f"T{n % teams:04}", ids[n]

        return {
            "save version": _time(
                lambda i: store.save_version(*pick(i, 7919), edit, author_id="U2", now=now()),
                samples,
            ),
            "load": _time(lambda i: store.get_scenario(*pick(i, 104_729)), samples),
            f"list, first page ({PAGE})": _time(
                lambda i: store.list_scenarios(f"T{i % teams:04}", limit=PAGE), samples
            ),
            f"list, page 11 ({PAGE})": _time(
                lambda i: store.list_scenarios(
                    f"T{i % teams:04}", limit=PAGE, cursor=deep_cursor[i % teams]
                ),
                samples,
            ),
            "conversation update": _time(
                lambda i: store.update_conversation(keys[i % len(keys)], step, now=now()),
                samples,
            ),
        }
    finally:
        store.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--backends", nargs="+", default=["sqlite", "postgres"], choices=["sqlite", "postgres"]
    )
    parser.add_argument("--scenarios", type=int, default=100_000)
    parser.add_argument("--teams", type=int, default=20, help="workspaces to spread them over")
    parser.add_argument("--samples", type=int, default=2_000, help="timed calls per operation")
    parser.add_argument("--postgres-url", default="postgresql://postgres@127.0.0.1:5432/test")
    args = parser.parse_args(argv)
    results = {}
    for backend in args.backends:
        print(f"{backend}:", flush=True)
        with _database(backend, args.postgres_url) as url:
            results[backend] = bench(
                url, scenarios=args.scenarios, teams=args.teams, samples=args.samples
            )
    print(
        f"\n{args.scenarios:,} scenarios in {args.teams} workspaces; "
        f"{args.samples:,} timed calls each; milliseconds"
    )
    print(f"{'operation':<26}" + "".join(f"{b + ' p50':>14}{b + ' p99':>14}" for b in results))
    for operation in next(iter(results.values())):
        cells = "".join(
            f"{r[operation][0]:>14.3f}{r[operation][1]:>14.3f}" for r in results.values()
        )
        print(f"{operation:<26}{cells}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
