"""The parts of ``benchmarks/slack.py``: ``ftroi serve`` as a child process on a fresh
database, its memory read from /proc, bursts of slash commands, and intakes clicked
through the way a person would (Next on each step the app posted) with the fake Slack
and the signed-request driver of ``tests/fakeslack``.

An intake's time to its card is read from the fake's own record of each call (``Call.at``,
the wall clock of this process when the fake answered it), so polling only decides when
to look, never what is measured. Acks are timed by the client that sends the commands.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import signal
import statistics
import tempfile
import threading
import time
from collections.abc import AsyncIterator, Callable, Coroutine, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from bot.slack import ids
from tests.fakeslack import payloads
from tests.fakeslack.driver import Driver
from tests.fakeslack.elements import walk
from tests.fakeslack.fixtures import SIGNING_SECRET
from tests.fakeslack.process import Serve, environment, free_port, ftroi_serve, until_up
from tests.fakeslack.server import FakeSlack
from tests.fakeslack.store import Call
from tests.fakeslack.transport import Transport
from tests.pg import fresh_schema

ROOT_TEXT = "New fine-tuning ROI scenario"
STEPS = 6  # Next clicks at most before the intake is saved
POLL_S = 0.01
WAIT_S = 30.0
T = TypeVar("T")


class BenchError(RuntimeError):
    """Something went wrong: the figures would be wrong, so the script stops."""


# -- figures ------------------------------------------------------------------------------
def pct(values: list[float], q: float) -> float:
    """The q-th percentile, linearly interpolated between the two nearest samples."""
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=1000, method="inclusive")[round(q * 10) - 1]


def memory_mb(pid: int | str = "self") -> tuple[float, float]:
    """(VmRSS, VmHWM) of a process in MB: resident now, and the peak so far."""
    fields = dict(line.split(":", 1) for line in
                  Path(f"/proc/{pid}/status").read_text().splitlines() if ":" in line)
    rss, hwm = (int(fields[k].split()[0]) / 1024 for k in ("VmRSS", "VmHWM"))  # kB
    return rss, hwm


def pss_mb(pid: int | str) -> float:
    """Proportional set size in MB: resident, each page shared with other processes
    counted as its share (the shared libraries of two Pythons once between them)."""
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1]) / 1024
    raise BenchError(f"no Pss in /proc/{pid}/smaps_rollup")


def cpu_seconds(pid: int | str = "self") -> float:
    """CPU time a process has used so far (user + system), from /proc/<pid>/stat."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def children(pid: int) -> list[int]:
    """The processes ``pid`` started (and they theirs), from /proc."""
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        with contextlib.suppress(OSError):
            for child in (task / "children").read_text().split():
                found += [int(child), *children(int(child))]
    return found


@dataclass(frozen=True)
class Reading:
    """One process's memory at one moment, MB."""

    role: str
    pid: int
    rss: float
    hwm: float
    pss: float


def read_memory(role: str, pid: int) -> Reading:
    rss, hwm = memory_mb(pid)
    return Reading(role, pid, rss, hwm, pss_mb(pid))


# -- the app in its own process -----------------------------------------------------------
@contextlib.contextmanager
def database(folder: str, postgres_url: str | None) -> Iterator[str]:
    """A fresh SQLite file in ``folder``, or a fresh schema of ``postgres_url`` (dropped)."""
    if postgres_url is None:
        yield f"sqlite:///{folder}/ftroi.db"
        return
    with fresh_schema(postgres_url, prefix="ftroi_bench") as url:
        yield url


@contextlib.asynccontextmanager
async def app_process(fake: FakeSlack, postgres_url: str | None, *,
                      chart_workers: int | None = None) -> AsyncIterator[App]:
    """``ftroi serve`` pointed at ``fake``, at WARNING, on a fresh database, with
    ``chart_workers`` chart processes (None: its default); always stopped (SIGTERM, then
    SIGKILL after 30 s) however the benchmark ends."""
    with tempfile.TemporaryDirectory(prefix="ftroi-bench-") as folder, \
            database(folder, postgres_url) as url:
        port = free_port()
        serve = await ftroi_serve(Path(folder) / "serve.log", environment(
            SLACK_BOT_TOKEN=fake.bot_token, SLACK_SIGNING_SECRET=SIGNING_SECRET,
            FTROI_SLACK_API_URL=fake.api_url, FTROI_DATABASE_URL=url,
            FTROI_LOG_LEVEL="WARNING",
            **({} if chart_workers is None else {"FTROI_CHART_WORKERS": str(chart_workers)})),
            "--port", str(port))
        app = App(serve, port)
        try:
            await until_up(port, serve)
            yield app
        except BaseException:
            ended = serve.returncode
            print(("--- ftroi serve was still running" if ended is None else
                   f"--- ftroi serve had exited with status {ended}") + "; its log, last lines:\n"
                  + (app.log_tail() or "(empty)"), flush=True)
            raise
        finally:
            app.status = await app.stop()


class App:
    def __init__(self, serve: Serve, port: int) -> None:
        self.serve, self.port = serve, port
        self.status: int | None = None  # the exit status, once stopped
        self.pid = serve.process.pid
        self.final_log: str | None = None  # kept at the end: the log's folder is removed
        self.events_url = f"http://127.0.0.1:{port}/slack/events"

    def memory(self) -> list[Reading]:
        """The memory of ``ftroi serve`` and of every process it runs (its chart
        processes), the app first."""
        if self.serve.returncode is not None:
            raise BenchError(f"ftroi serve exited ({self.serve.returncode}):\n{self.log_tail()}")
        readings = [read_memory("app", self.pid)]
        for pid in children(self.pid):
            with contextlib.suppress(OSError):  # one that ended meanwhile is not running
                readings.append(read_memory(_role(pid), pid))
        return readings

    def cpu(self) -> dict[str, float]:
        """CPU seconds used so far by the app and by each process it runs, by role."""
        used = {"app": cpu_seconds(self.pid)}
        for pid in children(self.pid):
            with contextlib.suppress(OSError):
                role = _role(pid)
                used[role] = used.get(role, 0.0) + cpu_seconds(pid)
        return used

    def log(self) -> str:
        return self.serve.stderr() if self.final_log is None else self.final_log

    def log_tail(self, lines: int = 30) -> str:
        return "\n".join(self.log().splitlines()[-lines:])

    def complaints(self) -> tuple[list[str], list[str]]:
        """The app's WARNING lines, and its ERROR/CRITICAL/traceback lines, so far."""
        log = self.log().splitlines()  # plain or JSON lines: the level is a word of its own
        bad = [x for x in log if re.search(r"\b(ERROR|CRITICAL)\b|^Traceback", x)]
        return [x for x in log if re.search(r"\bWARNING\b", x)], bad

    async def stop(self) -> int | None:
        if self.serve.returncode is None:
            self.serve.process.send_signal(signal.SIGTERM)
            try:
                await self.serve.wait(30)
            except TimeoutError:
                await self.serve.kill()
        self.final_log = self.serve.stderr()
        return self.serve.returncode


def _role(pid: int) -> str:
    command = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    return "chart process" if any(b"bot.reports.chart_worker" in part for part in command) else \
        "child " + Path(command[0].decode()).name


# -- driving ------------------------------------------------------------------------------
def buttons(message: Mapping[str, Any]) -> set[str]:
    return {n["action_id"] for n in walk(message.get("blocks", [])) if n.get("type") == "button"}


async def poll(predicate: Callable[[], Any], what: str) -> Any:
    deadline = time.monotonic() + WAIT_S
    while not (value := predicate()):
        if time.monotonic() > deadline:
            raise BenchError(f"{what}: not seen within {WAIT_S:.0f} s")
        await asyncio.sleep(POLL_S)
    return value


class Client:
    """Signed requests sent from a thread with an event loop of its own, so that the fake
    answering the app's follow-up calls in this process's loop does not delay reading the
    acks (the two still share the GIL, handed over every few milliseconds)."""

    def __init__(self, url: str) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.transport = Transport(url, signing_secret=SIGNING_SECRET)

    async def __aenter__(self) -> Client:
        self.thread.start()
        return self

    async def __aexit__(self, *_: object) -> None:
        await self._there(self.transport.close())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join()

    async def _there(self, work: Coroutine[Any, Any, T]) -> T:
        return await asyncio.wrap_future(asyncio.run_coroutine_threadsafe(work, self.loop))

    async def burst(self, forms: list[dict[str, Any]]) -> list[tuple[int, str, float]]:
        """Post every form at once: (status, body, seconds from sent to answered) each."""
        async def one(form: dict[str, Any]) -> tuple[int, str, float]:
            sent = time.perf_counter()
            reply = await self.transport.post(form, form=True)
            return reply.status, reply.text, time.perf_counter() - sent

        async def every() -> list[tuple[int, str, float]]:
            return list(await asyncio.gather(*(one(form) for form in forms)))

        return await self._there(every())


class Slack:
    """The fake, the driver (alice in #general) and the burst client, both sending to the
    app's ``url``, with what the benchmark reads back from the fake."""

    def __init__(self, fake: FakeSlack, url: str) -> None:
        self.fake, self.general = fake, fake.world.general
        self.driver = Driver(url, fake, signing_secret=SIGNING_SECRET)
        self.client = Client(url)
        self.starting = asyncio.Lock()  # one intake starts at a time, so its root is known
        self.count = 0

    async def __aenter__(self) -> Slack:
        await self.client.__aenter__()
        return self

    async def __aexit__(self, *_: object) -> None:
        await self.driver.close()
        await self.client.__aexit__()

    def posted(self) -> int:
        return len(self.fake.store.messages.get(self.general, []))

    def messages(self, start: int) -> list[dict[str, Any]]:
        """#general's messages kept by the fake from index ``start`` (read-only, no copies)."""
        return self.fake.store.messages.get(self.general, [])[start:]

    def steps(self, ts: str, start: int) -> list[dict[str, Any]]:
        return [m for m in self.messages(start) if (m["ts"] == ts or m.get("thread_ts") == ts)
                and ids.INTAKE_NEXT in buttons(m)]

    def refused(self) -> list[Call]:
        return [c for c in self.fake.store.calls if not c.ok]

    async def burst(self, text: str, size: int) -> list[float]:
        """``size`` ``/ftroi text`` sent at once; seconds from sending each to its HTTP 200.

        The requests are built first, so each clock starts as its request goes out; then
        the work the app does after its acks is waited for, so bursts do not overlap."""
        world, user, channel = self.fake.world, self.driver.user, self.general
        forms = [payloads.slash_command(
            world, command="/ftroi", text=text, user=user, channel=channel,
            trigger_id=self.fake.issue_trigger(user),
            response_url=self.fake.response_url(user, channel)) for _ in range(size)]
        answered, posted = len(self.fake.store.responses), self.posted()
        replies = await self.client.burst(forms)
        for status, body, _ in replies:
            if status != 200:
                raise BenchError(f"/ftroi {text}: HTTP {status} {body[:200]}")
        if text == "help":  # each help is one post to its response_url
            await poll(lambda: len(self.fake.store.responses) - answered >= size,
                       f"{size} help answers")
        else:  # each new intake is a root message and its first step
            await poll(lambda: sum(ids.INTAKE_NEXT in buttons(m)
                                   for m in self.messages(posted)) >= size,
                       f"{size} new intakes' first steps")
        return [took for _, _, took in replies]

    async def start_intake(self) -> tuple[str, int]:
        async with self.starting:
            self.count += 1
            start = self.posted()
            reply = await self.driver.command(f"new Bench {self.count}")
            if reply.status != 200:
                raise BenchError(f"/ftroi new: HTTP {reply.status} {reply.text[:200]}")
            root = await poll(lambda: next((m for m in self.messages(start)
                                            if ROOT_TEXT in m.get("text", "")), None),
                              "an intake's root message")
            ts: str = root["ts"]
            await poll(lambda: self.steps(ts, start), "an intake's first step")
            return ts, start

    def card_and_chart(self, ts: str, since: int) -> float | None:
        """When the fake had both the card in thread ``ts`` and its chart shared there."""
        card = chart = None
        for call in self.fake.store.calls[since:]:
            if not call.ok:
                raise BenchError(f"the fake refused {call.method}: {call.status} {call.response}")
            if str(call.args.get("thread_ts")) != ts:
                continue
            if call.method == "chat.postMessage" and ids.CARD_DETAILS in buttons(call.args):
                card = call.at
            elif call.method == "files.completeUploadExternal":
                chart = call.at
        return max(card, chart) if card is not None and chart is not None else None

    async def intake(self) -> float:
        """One intake, Next on every step; seconds from the last click to card + chart."""
        ts, start = await self.start_intake()
        for _ in range(STEPS):
            shown = self.steps(ts, start)
            since, sent = len(self.fake.store.calls), time.time()
            reply = await self.driver.click(shown[-1], action_id=ids.INTAKE_NEXT)
            if reply.status != 200:
                raise BenchError(f"Next: HTTP {reply.status} {reply.text[:200]}")

            def moved(count: int = len(shown), since: int = since) -> tuple[str, float] | None:
                if (done := self.card_and_chart(ts, since)) is not None:
                    return "done", done
                return ("next", 0.0) if len(self.steps(ts, start)) > count else None

            what, at = await poll(moved, f"intake {ts}: the next step or the card and chart")
            if what == "done":
                return float(at) - sent
        raise BenchError(f"intake {ts} was not saved after {STEPS} clicks on Next")
