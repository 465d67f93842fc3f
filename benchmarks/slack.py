"""How fast ftroi's Slack app answers, and how much memory it holds: a script that prints
figures, never a timed test.

    python benchmarks/slack.py                       # from the repository root (~3 min)
    python benchmarks/slack.py --quick               # a check that it works (~10 s)
    python benchmarks/slack.py --intakes 100 --bursts 3 --concurrency 1 --postgres

The app runs as ``ftroi serve`` in a child process of its own (log level WARNING, a fresh
SQLite file in a temporary folder, or with ``--postgres`` a fresh schema of the local
``test`` database). The fake Slack (tests/fakeslack) and the signed-request driver, alice
in #general, run in this process; all traffic is real HTTP over 127.0.0.1.

1. Ack latency: bursts of 50 ``/ftroi help`` sent at once, then of 50 ``/ftroi new``
   (which starts an intake), each timed at the client from request sent to HTTP 200
   (the client sends from a thread and event loop of its own); one warm-up burst per
   kind, then ``--bursts`` timed ones. Aim: p99 < 100 ms.
2. Intake to card: intakes clicked through with Next on each step the app posted,
   ``--concurrency`` at a time; the time from sending the last Next to the fake having
   both the result card and the completed chart upload (the fake's receipt times).
   Aim: p50 < 1 s on a 2-core machine.
3. Memory of every process ``ftroi serve`` runs — the app and its chart processes
   (``FTROI_CHART_WORKERS``, default 1; ``--chart-workers`` sets it) — each one's VmRSS
   and its peak VmHWM (/proc/<pid>/status), and their total, after start, after 1 intake,
   after the bursts, after 10, 100 and ``--intakes`` completed intakes, with the growth
   per intake between the last two; beside the total, its PSS (/proc/<pid>/smaps_rollup),
   which counts the pages the processes share (libpython, NumPy's libraries) once. Aims:
   total VmRSS < 200 MB after 500, growing by less than 10 kB per intake.

It stops with a non-zero status, and no further figures, if anything goes wrong: an
intake not saved, an HTTP error, a Slack call the fake refused, or an ERROR in the log.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import signal
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.slack_harness import (  # noqa: E402
    App,
    BenchError,
    Reading,
    Slack,
    app_process,
    cpu_seconds,
    memory_mb,
    pct,
)
from tests.fakeslack.server import FakeSlack  # noqa: E402

COMMANDS = 50  # per burst
ACK_AIM_MS, CARD_AIM_S, RSS_AIM_MB, RSS_AIM_AT = 100.0, 1.0, 200.0, 500
GROWTH_AIM_KB = 10.0  # per intake, between the last two readings: no growth with the work
POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/test"


def verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


def arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--intakes", type=int, default=500,
                        help="completed intakes in all, the warm-up one included (500)")
    parser.add_argument("--concurrency", type=int, default=4,
                        help="intakes clicked through at the same time (4)")
    parser.add_argument("--bursts", type=int, default=10,
                        help="timed bursts of 50 commands per kind, after a warm-up (10)")
    parser.add_argument("--postgres", nargs="?", const=POSTGRES_URL, metavar="URL",
                        help=f"a fresh schema of this PostgreSQL instead of SQLite "
                             f"(default {POSTGRES_URL})")
    parser.add_argument("--chart-workers", type=int, metavar="N",
                        help="FTROI_CHART_WORKERS for ftroi serve (default: its own, 1; 0 "
                             "draws the charts in the app's process)")
    parser.add_argument("--quick", action="store_true",
                        help="few samples, to check the script works: 10 intakes, 2 bursts")
    args = parser.parse_args(argv)
    if args.quick:
        args.intakes, args.bursts = min(args.intakes, 10), min(args.bursts, 2)
    if args.intakes < 2 or args.concurrency < 1 or args.bursts < 1:
        parser.error("--intakes must be at least 2, --concurrency and --bursts at least 1")
    return args


def checked(app: App, slack: Slack) -> None:
    """Stop if the app logged an error or a Slack call was refused: figures would lie."""
    refused = slack.refused()
    if refused:
        c = refused[0]
        raise BenchError(f"{len(refused)} Slack call(s) refused by the fake, the first "
                         f"{c.method}: {c.status} {c.response}")
    errors = app.complaints()[1]
    if errors:
        raise BenchError("the app logged errors:\n" + "\n".join(errors[:10]))


async def acks(app: App, slack: Slack, bursts: int) -> None:
    print(f"\n1. Ack latency — bursts of {COMMANDS} /ftroi commands sent at once; client "
          "clock from request sent to HTTP 200 (1 warm-up burst per kind, not counted)")
    for text in ("help", "new"):
        await slack.burst(text, COMMANDS)  # warm-up: connections opened, code paths loaded
        per_burst: list[float] = []
        pooled: list[float] = []
        for _ in range(bursts):
            await asyncio.sleep(0.2)  # a pause between bursts, each after the last one's work
            ms = [s * 1000 for s in await slack.burst(text, COMMANDS)]
            per_burst.append(pct(ms, 99))
            pooled += ms
        checked(app, slack)
        p99 = pct(pooled, 99)
        print(f"   /ftroi {text:<4}  p99 of each burst (ms): "
              + " ".join(f"{x:.0f}" for x in per_burst))
        print(f"               pooled over {len(pooled)}: p50 {pct(pooled, 50):.1f} ms, "
              f"p95 {pct(pooled, 95):.1f} ms, p99 {p99:.1f} ms, max {max(pooled):.1f} ms"
              f"   [aim p99 < {ACK_AIM_MS:.0f} ms: {verdict(p99 < ACK_AIM_MS)}]")


async def intakes(slack: Slack, count: int, concurrency: int, times: list[float]) -> None:
    """``count`` more intakes, ``concurrency`` at a time; their times added to ``times``."""
    left = count

    async def worker() -> None:
        nonlocal left
        while left > 0:
            left -= 1  # claimed before awaiting, so the total stays exact
            times.append(await slack.intake())

    async with asyncio.TaskGroup() as group:  # one failure cancels the others
        for _ in range(min(concurrency, count)):
            group.create_task(worker())


async def measure(args: argparse.Namespace) -> None:
    async with FakeSlack() as fake, \
            app_process(fake, args.postgres, chart_workers=args.chart_workers) as app, \
            Slack(fake, app.events_url) as slack:
        await asyncio.sleep(2.0)  # let start-up settle (the chart process's imports too)
        memory = [("after start (no request yet)", 0, app.memory())]
        first = await slack.intake()  # warm-up: first chart, caches, schema
        checked(app, slack)
        memory.append(("after 1 intake (the warm-up, not timed)", 1, app.memory()))

        await acks(app, slack, args.bursts)
        opened = COMMANDS * (args.bursts + 1)
        memory.append((f"after the bursts ({2 * opened} commands; {opened} intakes left open)",
                       1, app.memory()))

        times: list[float] = []
        done, started = 1, time.monotonic()
        cpu_before, driver_before = app.cpu(), cpu_seconds()
        for mark in sorted({m for m in (10, 100, args.intakes) if done < m <= args.intakes}):
            await intakes(slack, mark - done, args.concurrency, times)
            done = mark
            await asyncio.sleep(0.5)  # the app's work after the last card has finished
            checked(app, slack)
            memory.append((f"after {done} completed intakes", done, app.memory()))
        wall = time.monotonic() - started
        cpu_after, driver_after = app.cpu(), cpu_seconds()

        ms = [s * 1000 for s in times]
        p50 = pct(ms, 50)
        print(f"\n2. Intake to card — last Next sent → result card and completed chart upload "
              f"both received by the fake; {len(ms)} intakes, {args.concurrency} at a time")
        print(f"   p50 {p50:.0f} ms, p99 {pct(ms, 99):.0f} ms, mean "
              f"{statistics.fmean(ms):.0f} ms, max {max(ms):.0f} ms   "
              f"[aim p50 < {CARD_AIM_S * 1000:.0f} ms: {verdict(p50 < CARD_AIM_S * 1000)}]")
        print(f"   warm-up intake (first chart of the process): {first * 1000:.0f} ms; wall "
              f"time {wall:.1f} s for {len(ms)} intakes ({len(ms) / wall:.1f} per second)")
        if args.concurrency > 1:
            print(f"   (with {args.concurrency} at a time each figure includes waiting for the "
                  "other intakes' work; --concurrency 1 times them alone)")
        per_intake = {role: (cpu_after.get(role, 0.0) - used) * 1000 / len(ms)
                      for role, used in cpu_before.items()}
        print("   CPU per intake (all its steps and its card, chart included), ms: " + ", ".join(
            f"{role} {used:.0f}" for role, used in per_intake.items())
            + f"; the fake Slack and driver {(driver_after - driver_before) * 1000 / len(ms):.0f}"
            " (less moved by the machine's other work than the times above)")

        print_memory(memory, done)
        rss, hwm = memory_mb()
        pngs = [u.data for u in fake.uploads() if u.data]
        print(f"   for contrast, this process (fake Slack + driver): {rss:.1f} / {hwm:.1f}; it "
              f"keeps {len(pngs)} chart PNGs ({sum(map(len, pngs)) / 2**20:.1f} MB) and "
              f"{len(fake.store.calls)} recorded calls")
    warnings, errors = app.complaints()  # its whole log, shutdown included
    if warnings:
        print(f"   the app logged {len(warnings)} warning(s), the first: {warnings[0]}")
    if errors or app.status != 0:
        raise BenchError(f"ftroi serve did not stop cleanly on SIGTERM (status {app.status})"
                         + "".join(f"\n{line}" for line in errors[:10]))
    print(f"\nftroi serve stopped on SIGTERM (status 0). Load average at the end: "
          f"{os.getloadavg()[0]:.2f}")


def print_memory(memory: list[tuple[str, int, list[Reading]]], done: int) -> None:
    """Each process's VmRSS / VmHWM at each reading, their total, and the verdict."""
    roles = [(r.role, r.pid) for r in memory[-1][2]]
    print("\n3. Memory of every process ftroi serve runs, MB — VmRSS now / VmHWM peak so "
          "far; " + ", ".join(f"{role} pid {pid}" for role, pid in roles))
    print(f"   {'':<56}" + "".join(f"{role:>17}" for role, _ in roles)
          + f"{'total':>9}{'(PSS)':>8}")
    for label, _, readings in memory:
        by_pid = {r.pid: r for r in readings}
        cells = [f"{by_pid[pid].rss:7.1f} / {by_pid[pid].hwm:5.1f}" if pid in by_pid
                 else f"{'—':>15}" for _, pid in roles]
        print(f"   {label:<56}" + "".join(f"{c:>17}" for c in cells)
              + f"{sum(r.rss for r in readings):9.1f}{sum(r.pss for r in readings):8.1f}")
    (_, n_a, a), (_, n_b, b) = memory[-2:]  # the last two readings, after the bursts
    grown = sum(r.rss for r in b) - sum(r.rss for r in a)
    per_intake = grown * 1024 / (n_b - n_a)
    judged_growth = (verdict(per_intake < GROWTH_AIM_KB) if n_b - n_a >= 100 else
                     f"not judged, only {n_b - n_a} intakes apart")
    print(f"   growth of the total from {n_a} to {n_b} completed intakes: {grown:+.1f} MB, "
          f"{per_intake:+.1f} kB per intake   [aim < {GROWTH_AIM_KB:.0f} kB per intake: "
          f"{judged_growth}]")
    total = sum(r.rss for r in memory[-1][2])
    judged = (f"{verdict(total < RSS_AIM_MB)}" if done >= RSS_AIM_AT else
              f"not judged, only {done} intakes")
    print(f"   [aim total VmRSS < {RSS_AIM_MB:.0f} MB after {RSS_AIM_AT} intakes: {judged}]")


async def main(args: argparse.Namespace) -> None:
    task = asyncio.current_task()
    assert task is not None
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, task.cancel)  # child stops
    await measure(args)


def run() -> int:
    args = arguments()
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(f"ftroi Slack benchmark — {platform.node()}: {cores} usable core(s) of "
          f"{os.cpu_count()}, Python {platform.python_version()}, {platform.system()} "
          f"{platform.release()}; load average now {os.getloadavg()[0]:.2f} "
          "(figures are only comparable on an otherwise idle machine)")
    db = f"a fresh schema of {args.postgres}" if args.postgres else "a fresh SQLite file"
    workers = "default" if args.chart_workers is None else str(args.chart_workers)
    print(f"settings: {args.intakes} intakes ({args.concurrency} at a time), {args.bursts} "
          f"timed bursts of {COMMANDS} per command kind, {db}, app log level WARNING, "
          f"chart processes: {workers}" + (" (--quick)" if args.quick else ""))
    try:
        asyncio.run(main(args))
    except BenchError as e:
        print(f"\nFAILED, the run is incomplete: {e}", file=sys.stderr)
        return 1
    except (asyncio.CancelledError, KeyboardInterrupt):
        print("\nINTERRUPTED: stopped before the end; ftroi serve was stopped", file=sys.stderr)
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(run())
