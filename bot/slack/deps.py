"""What every listener needs, handed over once by :func:`bot.slack.app.build_app`.

:class:`Deps` is small and frozen: the store (async), the settings, a :class:`Clock`, and
the chart processes (:class:`~bot.slack.chart_pool.ChartPool`).
Time is an argument here as everywhere in ftroi (STYLE.md habit 9): a test passes a clock
of its own, so the price date of a scenario saved through Slack is known in advance.

>>> from datetime import UTC, datetime
>>> clock = Clock(lambda: datetime(2026, 11, 24, 9, 30, tzinfo=UTC))
>>> clock.today().isoformat()
'2026-11-24'
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import TypeVar

from slack_sdk.oauth.installation_store.async_installation_store import AsyncInstallationStore

from bot.dialogue.session import DialogueSession
from bot.slack.chart_pool import ChartPool
from bot.slack.settings import SlackSettings
from bot.slack.unanswered import Unanswered
from storage import AsyncStore, ConversationKey

__all__ = ["Clock", "Deps"]

T = TypeVar("T")


def _utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Clock:
    """``now()`` (timezone-aware) and ``today()``, the date scenarios are priced at."""

    now: Callable[[], datetime] = field(default=_utc_now)

    def today(self) -> date:
        return self.now().date()


@dataclass(frozen=True)
class Deps:
    """The store, the settings, the clock and the chart processes the listeners share."""

    store: AsyncStore
    settings: SlackSettings
    clock: Clock = field(default_factory=Clock)
    #: Where charts are drawn: ``FTROI_CHART_WORKERS`` chart processes (0: a thread here).
    charts: ChartPool = field(default_factory=lambda: ChartPool(0))
    #: The requests not answered yet: work after an ack waits for them.
    unanswered: Unanswered = field(default_factory=Unanswered)
    #: With OAuth (many workspaces): slack_sdk's store of their installations.
    installations: AsyncInstallationStore | None = None

    async def dialogue(self, key: ConversationKey, step: Callable[[DialogueSession], T]) -> T:
        """Run ``step`` on a fresh dialogue session for ``key``, off the event loop.

        The session is synchronous (it reads and writes the store); a new one per event,
        with the clock read once, as :class:`DialogueSession` asks. A save it makes owes the
        result card to the thread (``FTROI_CARD_LEASE_SECONDS``, :mod:`bot.slack.owed`).
        """
        now = self.clock.now()
        lease = self.settings.card_lease
        return await self.store.run(lambda store: step(DialogueSession(
            store, key, now=now, today=now.date(), owe_card_for=lease)))
