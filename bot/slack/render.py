"""The Slack app's CPU-bound work — analyses, price tables, exports, and charts when they are
not drawn in chart processes (:mod:`bot.slack.chart_pool`) — on one thread of its own.

Off the event loop, so that no ack waits behind a chart; on *one* thread, because the work
holds the GIL (a second thread would not finish it sooner) and glibc gives every thread
that allocates its own memory arena, which keeps the memory a chart freed. On
``asyncio.to_thread``'s pool of up to six threads, ``ftroi serve`` held 224 MB after 500
intakes run four at a time (``benchmarks/slack.py``).

The caller's context variables (the request id and team of the log lines) go with the work.
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from bot import malloc

__all__ = ["off_loop"]

T = TypeVar("T")

_RENDERER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ftroi-render")


def _trimmed(work: Callable[[], T]) -> T:
    try:
        return work()
    finally:
        malloc.trim()  # hand the chart's freed memory back to the system


async def off_loop(work: Callable[[], T], *, release_memory: bool = False) -> T:
    """``work()`` on the render thread, awaited without blocking the event loop; with
    ``release_memory`` (after a chart), glibc then returns the memory it freed."""
    context = contextvars.copy_context()
    run = functools.partial(_trimmed, work) if release_memory else work
    return await asyncio.get_running_loop().run_in_executor(_RENDERER, context.run, run)
