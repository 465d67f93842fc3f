"""``AsyncStore``: one generic adapter, every call off the event loop, on both backends."""

from __future__ import annotations

import asyncio
import contextvars
import threading
import time

import pytest
from storage_support import NOW, inputs

from storage import AsyncStore, NotFoundError, StorageError, Store, open_store

REQUEST_ID: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")


async def test_calls_run_in_the_pool_and_return_what_the_store_returns(store: Store) -> None:
    astore = AsyncStore(store)
    try:
        made = await astore.create_scenario(
            "T1", owner_id="U1", name="Support bot", inputs=inputs(1), now=NOW
        )
        assert await astore.get_scenario("T1", made.id) == store.get_scenario("T1", made.id)
        loop_thread = threading.get_ident()
        assert await astore.run(lambda s: threading.get_ident()) != loop_thread
        REQUEST_ID.set("req-42")
        assert await astore.run(lambda s: REQUEST_ID.get()) == "req-42"
    finally:
        await astore.aclose()


async def test_errors_reach_the_awaiting_caller(store: Store) -> None:
    astore = AsyncStore(store)
    try:
        with pytest.raises(NotFoundError):
            await astore.get_scenario("T1", "0000000000000000")
        with pytest.raises(AttributeError, match="no method 'drop_everything'"):
            astore.drop_everything  # noqa: B018 — the attribute access is what is tested
    finally:
        await astore.aclose()


async def test_a_slow_call_does_not_block_the_event_loop(store: Store) -> None:
    astore = AsyncStore(store)
    ticks = 0

    async def ticker() -> None:
        nonlocal ticks
        while True:
            await asyncio.sleep(0.01)
            ticks += 1

    def slow(s: Store) -> object:
        time.sleep(0.3)  # stands in for a database stalled by another writer
        return s.get_settings("T1")

    running = asyncio.create_task(ticker())
    try:
        await astore.run(slow)
        assert ticks >= 10
    finally:
        running.cancel()
        await astore.aclose()


async def test_concurrent_saves_from_the_loop_get_contiguous_versions(store: Store) -> None:
    astore = AsyncStore(store, max_workers=8)
    try:
        made = await astore.create_scenario(
            "T1", owner_id="U1", name="Busy", inputs=inputs(0), now=NOW
        )
        saved = await asyncio.gather(
            *(
                astore.save_version("T1", made.id, inputs(n), author_id="U1", now=NOW)
                for n in range(1, 21)
            )
        )
        assert sorted(s.version.number for s in saved) == list(range(2, 22))
    finally:
        await astore.aclose()


async def test_closing_closes_the_store(store_url: str) -> None:
    astore = AsyncStore(open_store(store_url))
    await astore.aclose()
    with pytest.raises(StorageError):
        astore.store.get_settings("T1")
