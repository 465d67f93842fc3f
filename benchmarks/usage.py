"""How fast usage exports are read: a script that prints figures beside aims, never a test.

    python -m benchmarks.usage            # from the repository root
    python -m benchmarks.usage --quick    # smaller files (a tenth), for a look

1. A 90-day **hourly OpenAI Usage API export of 10 models**: 2,160 hourly buckets of 10
   results (21,600 results), as 13 pages of 168 buckets concatenated — read, derived
   (``bot.usage.measure``). Aim: < 1 s.
2. A **1-million-row LiteLLM spend-log CSV** (30 days, 10 models, a weekly pattern, 1% failed
   and 2% cache hits) — streamed, summed by hour and model, derived. Aim: < 5 s.

Each is timed as the median of 3 runs after a warm-up; memory is the peak of Python's
allocations during one more run (``tracemalloc``, which also counts what the reader frees)
and the process's peak resident size. Aim: < 200 MB. The files are generated in a
temporary folder, with a fixed seed, and removed afterwards.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import resource
import statistics
import sys
import tempfile
import tracemalloc
from datetime import UTC, datetime
from pathlib import Path

if not __package__:  # run as a file: make the repository importable
    sys.path[0] = str(Path(__file__).resolve().parent.parent)

from benchmarks.timing import timings
from bot.usage import Measured, measure

START = 1_782_864_000  # 2026-07-01T00:00:00Z
NOW = datetime(2026, 11, 24, tzinfo=UTC)
MODELS = [f"model-{i}" for i in range(9)] + ["gpt-4o-2024-08-06"]
WEEKLY = [1.0, 1.05, 1.1, 1.0, 0.95, 0.5, 0.45]


def openai_export(path: Path, *, days: int) -> int:
    rng = random.Random(1)
    buckets = []
    for h in range(days * 24):
        start = START + h * 3600
        level = WEEKLY[(start // 86_400 + 3) % 7] * (1 + 0.002 * h / 24)
        buckets.append({"object": "bucket", "start_time": start, "end_time": start + 3600,
                        "results": [{
                            "object": "organization.usage.completions.result",
                            "input_tokens": (n := int(rng.uniform(900, 1100) * level)) * 500,
                            "output_tokens": n * 150, "input_cached_tokens": n * 100,
                            "num_model_requests": n, "project_id": None, "user_id": None,
                            "api_key_id": None, "model": model, "batch": False}
                            for model in MODELS]})
    with path.open("w") as f:
        for i in range(0, len(buckets), 168):
            page = buckets[i:i + 168]
            f.write(json.dumps({"object": "page", "data": page,
                                "has_more": i + 168 < len(buckets), "next_page": None}))
            f.write("\n")
    return len(buckets) * len(MODELS)


def litellm_log(path: Path, *, rows: int, days: int = 30) -> int:
    rng = random.Random(2)
    span = days * 86_400
    with path.open("w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["request_id", "call_type", "api_key", "spend", "total_tokens",
                    "prompt_tokens", "completion_tokens", "startTime", "endTime", "model",
                    "cache_hit", "status", "metadata"])
        for i in range(rows):
            t = START + int(span * i / rows)
            when = datetime.fromtimestamp(t, tz=UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")
            p, c = rng.randint(200, 2000), rng.randint(20, 400)
            roll = rng.random()
            w.writerow([f"chatcmpl-{i}", "acompletion", "hashed-key", 0.001, p + c, p, c,
                        when, when, MODELS[i % len(MODELS)], "True" if roll < 0.02 else "False",
                        "failure" if roll > 0.99 else "success", "{}"])
    return rows


def bench(label: str, path: Path, aim_s: float) -> Measured:
    def run() -> Measured:
        return measure(path, now=NOW)

    times = timings(run, repeat=3, warmup=1)
    tracemalloc.start()
    result = run()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    median = statistics.median(times)
    print(f"{label}\n  file {path.stat().st_size / 1e6:,.1f} MB; median {median:.3f} s "
          f"(runs {', '.join(f'{t:.3f}' for t in times)}) — aim < {aim_s:g} s: "
          f"{'met' if median < aim_s else 'MISSED'}\n  peak Python allocations "
          f"{peak / 1e6:,.1f} MB, process peak RSS {rss:,.0f} MB — aim < 200 MB: "
          f"{'met' if peak / 1e6 < 200 else 'MISSED'}")
    f = result.figures
    print(f"  read {f.days} days, {f.requests:,} requests, {f.requests_per_day:,.0f}/day, "
          f"growth {f.growth.monthly_rate:+.2%} ({f.growth.low:+.2%} to {f.growth.high:+.2%})"
          if f.growth and f.requests is not None and f.requests_per_day else "")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a tenth of the sizes")
    args = parser.parse_args()
    days, rows = (9, 100_000) if args.quick else (90, 1_000_000)
    with tempfile.TemporaryDirectory() as tmp:
        results = openai_export(Path(tmp) / "openai.json", days=days)
        bench(f"1. OpenAI hourly export: {days} days × {len(MODELS)} models = {results:,} "
              "results", Path(tmp) / "openai.json", 1.0)
        n = litellm_log(Path(tmp) / "spend.csv", rows=rows)
        bench(f"2. LiteLLM spend-log CSV: {n:,} rows", Path(tmp) / "spend.csv", 5.0)


if __name__ == "__main__":
    main()
