"""Slack-shaped identifiers: message timestamps, object ids, trigger ids, event ids.

Slack's ``ts`` is seconds and microseconds since the epoch, always six decimals, unique
and increasing within a channel; the fake makes them unique and increasing server-wide.
Object ids are a type letter and upper-case alphanumerics (``C…`` channel, ``U…`` user,
``V…`` view, ``F…`` file, ``B…`` bot, ``A…`` app). Every id comes from one seeded
generator, so two runs with the same seed hand out the same ids.

>>> ids = Ids(seed=1, clock=lambda: 1_700_000_000.25)
>>> ids.ts(), ids.ts()
('1700000000.250000', '1700000000.250001')
>>> first = ids.id("F")
>>> first[0], len(first), first[1:].isalnum() and first[1:].isupper()
('F', 11, True)
>>> trigger = ids.trigger_id()
>>> [part.isalnum() for part in trigger.split(".")]
[True, True, True]
"""

from __future__ import annotations

import random
import string
import time
from collections.abc import Callable

_ALNUM = string.ascii_uppercase + string.digits


class Ids:
    """One source of every id a fake workspace hands out."""

    def __init__(self, *, seed: int = 0, clock: Callable[[], float] = time.time) -> None:
        self._random = random.Random(seed)
        self._clock = clock
        self._last_us = 0

    def now(self) -> float:
        return self._clock()

    def ts(self) -> str:
        """A new message timestamp, strictly after every earlier one."""
        us = max(int(self._clock() * 1_000_000), self._last_us + 1)
        self._last_us = us
        return f"{us // 1_000_000}.{us % 1_000_000:06d}"

    def id(self, prefix: str, length: int = 10) -> str:
        return prefix + "".join(self._random.choice(_ALNUM) for _ in range(length))

    def short(self, length: int = 5) -> str:
        """A generated ``block_id``/``action_id``, as Slack fills in missing ones."""
        letters = string.ascii_letters + string.digits
        return "".join(self._random.choice(letters) for _ in range(length))

    def trigger_id(self) -> str:
        """The ``132456.7890123.abcdef`` shape views.open documents for trigger ids."""
        head = self._random.randrange(10**10, 10**11)
        mid = self._random.randrange(10**11, 10**12)
        tail = "".join(self._random.choice("0123456789abcdef") for _ in range(32))
        return f"{head}.{mid}.{tail}"

    def event_id(self) -> str:
        return self.id("Ev", 9)

    def hash(self) -> str:
        """A view ``hash`` (views.update refuses a stale one with ``hash_conflict``)."""
        return f"{int(self._clock())}.{self.short(8)}"
