"""The requests the app has been sent and not answered yet: :class:`Unanswered`.

Work after an ack waits until there are none (:func:`bot.slack.listeners.ack.ack_now`), so a
burst of commands is acknowledged before any of their work runs on the event loop.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterator

__all__ = ["ACKS_FIRST_SECONDS", "Unanswered"]

#: The longest work after an ack waits for the other requests' answers.
ACKS_FIRST_SECONDS = 0.5


class Unanswered:
    """How many requests the app has been sent and not yet answered."""

    def __init__(self) -> None:
        self.count = 0
        self._none = asyncio.Event()
        self._none.set()

    @contextlib.contextmanager
    def answering(self) -> Iterator[None]:
        """Count one request while it is dispatched (until Bolt has its answer)."""
        self.count += 1
        self._none.clear()
        try:
            yield
        finally:
            self.count -= 1
            if self.count == 0:
                self._none.set()

    async def none_left(self, most: float = ACKS_FIRST_SECONDS) -> None:
        """Return once every request has its answer, or after ``most`` seconds."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._none.wait(), most)
