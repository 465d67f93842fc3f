"""The Slack app's CPU-bound work runs on one thread of its own, off the event loop, with
the request's context (its log fields) and its exceptions carried across."""

from __future__ import annotations

import asyncio
import contextvars
import threading

import pytest

from bot.slack.render import off_loop

REQUEST = contextvars.ContextVar[str]("request", default="none")


async def test_work_runs_on_the_one_render_thread_with_the_callers_context() -> None:
    REQUEST.set("r-1")
    seen = await asyncio.gather(*[
        off_loop(lambda: (threading.current_thread().name, REQUEST.get())) for _ in range(8)])
    assert {name for name, _ in seen} == {"ftroi-render_0"}
    assert {request for _, request in seen} == {"r-1"}
    assert threading.current_thread().name != "ftroi-render_0"


async def test_the_event_loop_runs_on_while_the_work_does() -> None:
    started, release = threading.Event(), threading.Event()

    def slow() -> str:
        started.set()
        release.wait(5)
        return "drawn"

    work = asyncio.ensure_future(off_loop(slow, release_memory=True))
    await asyncio.to_thread(started.wait, 5)
    assert not work.done()  # this coroutine ran while the render thread was busy
    release.set()
    assert await work == "drawn"


async def test_an_exception_reaches_the_caller() -> None:
    def broken() -> None:
        raise ValueError("no chart")

    with pytest.raises(ValueError, match="no chart"):
        await off_loop(broken, release_memory=True)
