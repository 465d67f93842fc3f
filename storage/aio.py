"""``AsyncStore``: any ``Store`` for the async bot, without blocking its event loop.

One generic adapter instead of an async twin of every method: each call runs in a small
thread pool of its own (the backends are thread-safe), with the caller's context variables,
so logging context follows the call. With ``timeout``, a call that has not answered by then
— a database gone away, its pool waiting to reconnect — raises ``DatabaseError`` at once;
the call itself finishes (or fails) in its thread, so the caller must not assume it did
nothing, only that it is not known to have done anything.

>>> import asyncio
>>> class Echo:
...     def close(self) -> None: ...
...     def get_settings(self, team_id: str) -> str:
...         return f"settings of {team_id}"
>>> async def demo() -> str:
...     store = AsyncStore(Echo())  # type: ignore[arg-type]
...     try:
...         return await store.get_settings("T1")
...     finally:
...         await store.aclose()
>>> asyncio.run(demo())
'settings of T1'
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from storage.errors import DatabaseError
from storage.protocol import Store

__all__ = ["AsyncStore"]

T = TypeVar("T")

# The methods the adapter forwards: the Store protocol's, nothing else.
_METHODS = frozenset(
    name for name, value in vars(Store).items() if callable(value) and not name.startswith("_")
)


class AsyncStore:
    """Await any ``Store`` method: ``await astore.get_scenario(team_id, scenario_id)``.

    ``run`` takes a function of the store, for several calls in one trip to the pool:
    ``await astore.run(lambda s: (s.get_settings(t), s.list_scenarios(t)))``.
    """

    def __init__(
        self, store: Store, *, max_workers: int = 8, timeout: float | None = None
    ) -> None:
        self.store = store
        self.timeout = timeout
        self._executor = ThreadPoolExecutor(max_workers, thread_name_prefix="ftroi-store")

    async def run(self, fn: Callable[[Store], T]) -> T:
        loop = asyncio.get_running_loop()
        context = contextvars.copy_context()
        call = loop.run_in_executor(self._executor, functools.partial(context.run, fn, self.store))
        if self.timeout is None:
            return await call
        try:
            return await asyncio.wait_for(call, self.timeout)
        except TimeoutError:
            raise DatabaseError(
                f"the database did not answer within {self.timeout:g} s"
            ) from None

    def __getattr__(self, name: str) -> Callable[..., Awaitable[Any]]:
        if name not in _METHODS or name == "close":
            raise AttributeError(f"{type(self).__name__} has no method {name!r}")

        async def call(*args: Any, **kwargs: Any) -> Any:
            return await self.run(lambda store: getattr(store, name)(*args, **kwargs))

        call.__name__ = name
        return call

    async def aclose(self) -> None:
        """Close the store in the pool, then the pool itself."""
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(self._executor, self.store.close)
        self._executor.shutdown(wait=True)
