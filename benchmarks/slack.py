"""How fast ftroi's Slack face answers: a script that prints figures, never a timed test.

    python benchmarks/slack.py            # from the repository root

The fake Slack (tests/fakeslack) and ftroi's Bolt app (``build_app``) run in this process,
each served over real HTTP on 127.0.0.1, with a fresh SQLite file in a temporary directory;
the signed-request driver plays alice in #general.

1. Ack latency of 50 ``/ftroi help`` slash commands sent at once (send → HTTP response),
   p50/p99. Aim: p99 < 100 ms.
2. From the last intake answer (the final Next, on the name step) to the result card AND
   the chart upload both being received by the fake, p50/p99 over 30 intakes finished with
   only Next clicks, one at a time. Aim: p50 < 1 s.
3. Resident memory (VmRSS) of the process after 500 completed intakes (as many as fit in
   3 minutes, the number printed). Aim: < 200 MB. The process also holds the fake Slack,
   which keeps every message and every uploaded PNG; their bytes are printed beside it.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bot.slack import ids  # noqa: E402
from bot.slack.app import build_app  # noqa: E402
from bot.slack.settings import SlackSettings  # noqa: E402
from storage import AsyncStore, open_store  # noqa: E402
from tests.fakeslack.driver import Driver  # noqa: E402
from tests.fakeslack.fixtures import SIGNING_SECRET  # noqa: E402
from tests.fakeslack.serve import serve  # noqa: E402
from tests.fakeslack.server import FakeSlack  # noqa: E402

COMMANDS = 50
TIMED_INTAKES = 30
MEMORY_INTAKES = 500
MEMORY_BUDGET_S = 180.0
CONCURRENT_INTAKES = 4
STEPS = 6
POLL_S = 0.005
WAIT_S = 20.0
ROOT_TEXT = "New fine-tuning ROI scenario"


def walk(node: Any) -> Iterator[Mapping[str, Any]]:
    if isinstance(node, Mapping):
        yield node
        for value in node.values():
            yield from walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from walk(value)


def buttons(message: Mapping[str, Any]) -> set[str]:
    return {n["action_id"] for n in walk(message.get("blocks", [])) if n.get("type") == "button"}


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def poll(predicate: Any, what: str) -> Any:
    deadline = time.monotonic() + WAIT_S
    while not (value := predicate()):
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what}: not seen within {WAIT_S}s")
        await asyncio.sleep(POLL_S)
    return value


class Bench:
    def __init__(self, fake: FakeSlack, driver: Driver) -> None:
        self.fake, self.driver = fake, driver
        self.general = fake.world.general
        self.starting = asyncio.Lock()  # one /ftroi new at a time, so its root is known
        self.count = 0

    def raw(self) -> list[dict[str, Any]]:
        """#general's messages as the fake keeps them (read-only here; no deep copies)."""
        return self.fake.store.messages.get(self.general, [])

    def thread(self, ts: str, start: int) -> list[dict[str, Any]]:
        return [m for m in self.raw()[start:] if m["ts"] == ts or m.get("thread_ts") == ts]

    def steps(self, ts: str, start: int) -> list[dict[str, Any]]:
        return [m for m in self.thread(ts, start) if ids.INTAKE_NEXT in buttons(m)]

    def finished(self, ts: str, start: int) -> bool:
        carded = any(ids.CARD_DETAILS in buttons(m) for m in self.thread(ts, start))
        return carded and any(u.thread_ts == ts and u.completed
                              for u in self.fake.store.uploads.values())

    async def start_intake(self) -> tuple[str, int]:
        async with self.starting:
            self.count += 1
            start = len(self.raw())
            reply = await self.driver.command(f"new Bench {self.count}")
            assert reply.status == 200, reply.text
            root = await poll(lambda: next((m for m in self.raw()[start:]
                                            if ROOT_TEXT in m.get("text", "")), None),
                              "the intake's root message")
            ts: str = root["ts"]
            await poll(lambda: self.steps(ts, start), "step 1")
            return ts, start

    async def intake(self) -> float:
        """One intake with only Next clicks; seconds from the final Next to card + chart."""
        ts, start = await self.start_intake()
        for _ in range(STEPS):
            steps = self.steps(ts, start)
            shown = len(steps)
            sent = time.perf_counter()
            reply = await self.driver.click(steps[-1], action_id=ids.INTAKE_NEXT)
            assert reply.status == 200, reply.text

            def moved(shown: int = shown) -> str | None:
                if self.finished(ts, start):
                    return "finished"
                return "next" if len(self.steps(ts, start)) > shown else None

            done = await poll(moved, "the next step or the card")
            if done == "finished":
                return time.perf_counter() - sent
        raise AssertionError(f"intake {ts} did not finish in {STEPS} steps")


async def acks(driver: Driver) -> list[float]:
    async def one() -> float:
        sent = time.perf_counter()
        reply = await driver.command("help")
        assert reply.status == 200, reply.text
        return time.perf_counter() - sent

    return list(await asyncio.gather(*(one() for _ in range(COMMANDS))))


async def main() -> None:
    print(f"ftroi Slack benchmark — Python {sys.version.split()[0]}, "
          f"{os.cpu_count()} CPU(s), loopback HTTP")
    with tempfile.TemporaryDirectory() as tmp:
        async with FakeSlack() as fake:
            settings = SlackSettings.from_env({
                "SLACK_BOT_TOKEN": fake.bot_token, "SLACK_SIGNING_SECRET": SIGNING_SECRET,
                "FTROI_SLACK_API_URL": fake.api_url,
                "FTROI_DATABASE_URL": f"sqlite:///{tmp}/ftroi.db"})
            store = AsyncStore(open_store(settings.ftroi_database_url))
            served = await serve(build_app(settings, store).web_app())
            try:
                async with Driver(served.url + "/slack/events", fake,
                                  signing_secret=SIGNING_SECRET) as driver:
                    await run(fake, driver)
            finally:
                await served.close()
                await store.aclose()


async def run(fake: FakeSlack, driver: Driver) -> None:
    bench = Bench(fake, driver)
    await bench.intake()  # warm-up: imports, first chart, SQLite schema

    await driver.command("help")  # warm-up of the help path
    await asyncio.sleep(0.5)
    latencies = await acks(driver)
    ms = [x * 1000 for x in latencies]
    p99 = percentile(ms, 99)
    print(f"1. ack of {COMMANDS} concurrent /ftroi help: p50 {percentile(ms, 50):.1f} ms, "
          f"p99 {p99:.1f} ms, max {max(ms):.1f} ms   "
          f"[aim p99 < 100 ms: {'met' if p99 < 100 else 'MISSED'}]")
    await asyncio.sleep(1.0)  # let the help answers go out before timing intakes

    card = [await bench.intake() for _ in range(TIMED_INTAKES)]
    cms = [x * 1000 for x in card]
    p50 = percentile(cms, 50)
    print(f"2. last Next → card + chart at the fake, {TIMED_INTAKES} intakes: "
          f"p50 {p50:.0f} ms, p99 {percentile(cms, 99):.0f} ms, "
          f"mean {statistics.fmean(cms):.0f} ms   "
          f"[aim p50 < 1 s: {'met' if p50 < 1000 else 'MISSED'}]")

    done = 1 + TIMED_INTAKES
    failed: list[str] = []
    started = time.monotonic()
    deadline = started + MEMORY_BUDGET_S

    async def worker() -> int:
        nonlocal done
        mine = 0
        while done < MEMORY_INTAKES and time.monotonic() < deadline:
            done += 1  # claimed before awaiting, so the total stays bounded
            try:
                await bench.intake()
            except (TimeoutError, AssertionError) as e:
                done -= 1
                failed.append(str(e))
                return mine
            mine += 1
        return mine

    await asyncio.gather(*(worker() for _ in range(CONCURRENT_INTAKES)))
    elapsed = time.monotonic() - started
    rss = rss_mb()
    held = sum(len(u.data or b"") for u in fake.uploads()) / 2**20
    if failed:
        print(f"   {len(failed)} intake(s) did not finish: {failed[0]}")
    cut = "" if done >= MEMORY_INTAKES else f" (cut at the {MEMORY_BUDGET_S:.0f} s budget)"
    print(f"3. RSS after {done} completed intakes{cut}: {rss:.0f} MB "
          f"(the fake itself holds {len(fake.uploads())} chart PNGs, {held:.1f} MB, and "
          f"{len(fake.calls())} recorded calls; {elapsed:.0f} s for {done - 1 - TIMED_INTAKES}"
          f" intakes, {CONCURRENT_INTAKES} at a time)   "
          f"[aim < 200 MB: {'met' if rss < 200 else 'MISSED'}]")


if __name__ == "__main__":
    asyncio.run(main())
