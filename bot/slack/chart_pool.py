"""The Slack app's charts, drawn in chart processes of their own: :class:`ChartPool`.

Matplotlib holds the GIL for the ~100 ms it draws a chart: drawn in the app's process, a
chart held up every ack and every other intake for as long. The app plans each chart itself
(:mod:`bot.reports.chart_plans`: numbers and words, under a millisecond) and sends the plan
to a chart process (:mod:`bot.reports.chart_worker`), which draws it and sends the PNG
back; the app's process never imports matplotlib.

``FTROI_CHART_WORKERS`` processes (default 1: on a small machine a second one costs some
70 MB for little) are started with ``ftroi serve`` and draw one chart at a time each; a
chart waits for the first free one. With ``FTROI_CHART_WORKERS=0`` charts are drawn in the
app's process instead, on its render thread (:mod:`bot.slack.render`), as before.

A chart process that dies or stops answering (:data:`CHART_TIMEOUT_SECONDS`) is replaced
and the chart drawn again, once; if that fails too, :class:`ChartUnavailable` says so and
the caller posts the card without its chart, saying why in the thread. A chart whose
drawing raised is a fault in ftroi, not the process: :class:`ChartFailed`, not retried.

The processes are not those of :mod:`multiprocessing`: its ``spawn`` and ``forkserver``
children import the parent's main module (``bot.cli``, and with it every command), its
queues start a resource-tracker process, and one child's death breaks the whole pool. These
are plain child processes with pipes, read and written by the event loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import pickle
from collections.abc import Sequence
from typing import Any

from bot.reports.chart_plans import Chart, Drawing, Plan, Planned
from bot.reports.chart_worker import HEADER, WORKER_COMMAND
from bot.slack.render import off_loop

__all__ = ["CHART_TIMEOUT_SECONDS", "WORKER_COMMAND", "ChartFailed", "ChartPool",
           "ChartUnavailable"]

log = logging.getLogger(__name__)

#: How long a chart process may take to start and draw one chart before it is replaced.
CHART_TIMEOUT_SECONDS = 30.0
#: How long a closing chart process has to exit before it is killed.
_EXIT_SECONDS = 5.0


class ChartUnavailable(RuntimeError):
    """No chart process could draw the chart (one died, or stopped answering, twice)."""


class ChartFailed(RuntimeError):
    """The chart's drawing raised: a fault in ftroi (the message has the traceback)."""


class _Gone(Exception):
    """This chart process is no use any more (it died, or did not answer in time)."""


class _Worker:
    """One chart process and the pipes to it."""

    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process
        self.asked = 0
        self.ready = False

    @classmethod
    async def start(cls, command: Sequence[str]) -> _Worker:
        process = await asyncio.create_subprocess_exec(
            *command, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE)
        return cls(process)

    @property
    def pid(self) -> int:
        return self.process.pid

    async def _read(self) -> Any:
        assert self.process.stdout is not None
        try:
            head = await self.process.stdout.readexactly(HEADER.size)
            body = await self.process.stdout.readexactly(HEADER.unpack(head)[0])
        except asyncio.IncompleteReadError:
            raise _Gone(await self._ended()) from None
        try:
            return pickle.loads(body)
        except (pickle.UnpicklingError, EOFError, AttributeError, ImportError) as e:
            raise _Gone(f"it answered what is not a frame ({type(e).__name__})") from None

    async def _ended(self) -> str:
        """How it ended (its output closed: it is exiting, if it has not yet)."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.process.wait(), _EXIT_SECONDS)
        status = self.process.returncode
        return "its output closed" if status is None else f"it exited with status {status}"

    async def draw(self, plan: Plan) -> tuple[str, Any, list[str]]:
        """(``"drawn"``, Drawing, warnings) or (``"failed"``, error text, warnings)."""
        assert self.process.stdin is not None
        if self.process.returncode is not None or self.process.stdin.is_closing():
            raise _Gone(await self._ended())
        try:
            async with asyncio.timeout(CHART_TIMEOUT_SECONDS):
                if not self.ready:
                    kind, _pid = await self._read()
                    self.ready = kind == "ready"
                self.asked += 1
                body = pickle.dumps((self.asked, plan), protocol=pickle.HIGHEST_PROTOCOL)
                self.process.stdin.write(HEADER.pack(len(body)) + body)
                await self.process.stdin.drain()
                number, outcome, result, warnings = await self._read()
        except TimeoutError:
            raise _Gone(f"it did not answer within {CHART_TIMEOUT_SECONDS:.0f} s") from None
        except (BrokenPipeError, ConnectionResetError):
            raise _Gone(await self._ended()) from None
        if number != self.asked:
            raise _Gone(f"it answered chart {number} when asked for chart {self.asked}")
        return outcome, result, warnings

    async def stop(self) -> None:
        """Close its input, so that it exits; kill it if it has not within a few seconds."""
        if self.process.stdin is not None and not self.process.stdin.is_closing():
            self.process.stdin.close()
        try:
            await asyncio.wait_for(self.process.wait(), _EXIT_SECONDS)
        except TimeoutError:
            self.kill()
            await self.process.wait()

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            self.process.kill()


def _drawn_here(plan: Plan) -> Drawing:
    """``plan`` drawn in this process (on the render thread, which imports matplotlib the
    first time), and the figure's garbage collected at once: a figure is a web of
    reference cycles whose canvas (3 MB of pixels) would otherwise wait for the
    collector's next full pass, several charts later."""
    from bot.reports.drawing import draw

    try:
        return draw(plan)
    finally:
        gc.collect()


def _retrieved(future: asyncio.Future[Any]) -> None:
    """A chart nobody waits for any more: its outcome read, so asyncio does not log it as
    never retrieved."""
    if not future.cancelled():
        future.exception()


class ChartPool:
    """``workers`` chart processes (0: the app's render thread), started by :meth:`start`
    or by the first chart, stopped by :meth:`close`; each runs ``command`` (a test's
    stand-in; by default :data:`WORKER_COMMAND`). ``drawn`` counts the charts they drew."""

    def __init__(self, workers: int, *, command: Sequence[str] = WORKER_COMMAND) -> None:
        if workers < 0:
            raise ValueError(f"workers: {workers} is not a number of processes; give 0 or more")
        self.workers, self.command = workers, tuple(command)
        self.drawn = 0
        self._idle: asyncio.Queue[_Worker] | None = None
        self._all: list[_Worker] = []
        self._closed = False

    @property
    def pids(self) -> list[int]:
        """The chart processes' ids (none with ``workers=0``, or before the start)."""
        return [w.pid for w in self._all if w.process.returncode is None]

    async def start(self) -> None:
        """Start the chart processes (without waiting for them to be ready to draw)."""
        if self.workers == 0 or self._idle is not None:
            return
        self._idle = asyncio.Queue()
        for _ in range(self.workers):
            self._idle.put_nowait(await self._started())

    async def _started(self) -> _Worker:
        worker = await _Worker.start(self.command)
        self._all.append(worker)
        return worker

    async def draw(self, planned: Planned[Any]) -> Chart:
        """The chart of ``planned``, drawn in a chart process (or on the render thread)."""
        if self.workers == 0:
            return planned.chart(await off_loop(lambda: _drawn_here(planned.plan),
                                                release_memory=True))
        # Shielded: a caller that stops waiting (cancelled) leaves the chart process to
        # finish the chart and go back to the pool, its pipes in step.
        exchange = asyncio.ensure_future(self._exchange(planned.plan))
        exchange.add_done_callback(_retrieved)
        outcome, result, warnings = await asyncio.shield(exchange)
        for warning in warnings:
            log.warning("chart drawn with a warning: %s", warning)
        if outcome != "drawn":
            raise ChartFailed(f"drawing the chart failed in the chart process: {result}")
        assert isinstance(result, Drawing)
        self.drawn += 1
        return planned.chart(result)

    async def _exchange(self, plan: Plan) -> tuple[str, Any, list[str]]:
        """``plan`` drawn by the first free chart process; by a new one, once, if that one
        is gone."""
        if self._closed:
            raise ChartUnavailable("ftroi is stopping")
        await self.start()
        assert self._idle is not None
        worker = await self._idle.get()
        try:
            for attempt in (1, 2):
                try:
                    return await worker.draw(plan)
                except _Gone as gone:
                    log.warning("chart process %d replaced: %s", worker.pid, gone,
                                extra={"attempt": attempt})
                    worker = await self._replace(worker)
                    if attempt == 2:
                        raise ChartUnavailable(f"a chart process failed twice: {gone}") from None
            raise AssertionError("unreachable")
        finally:
            self._idle.put_nowait(worker)

    async def _replace(self, worker: _Worker) -> _Worker:
        worker.kill()
        await worker.process.wait()
        if worker in self._all:
            self._all.remove(worker)
        if self._closed:
            raise ChartUnavailable("ftroi is stopping")
        return await self._started()

    async def close(self) -> None:
        """Stop every chart process (each ends when its input does); draw no more."""
        self._closed = True
        workers, self._all = self._all, []
        await asyncio.gather(*(w.stop() for w in workers))
