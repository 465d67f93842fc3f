"""A result card owed to a thread: recorded with the save, posted once, by whoever holds it.

``create_scenario(…, owe=CardOwed(…))`` and ``save_version(…, owe=…)`` record, in the
transaction that saves the version, that its card is owed to a thread, held by ``holder``
(the request saving it) until ``lease_until``. That request posts the card and calls
``card_posted``; if it dies first, the row stays and any replica takes it once the lease
has expired (``take_owed_cards``). ``hold_owed_card`` lets a later delivery of the same
intake (a click after a crash) take over a row whose lease expired, or keep one it holds.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from storage.records import ScenarioRecord
from storage.rules import check_id
from storage.sqlbase import SqlBackend, Tx

__all__ = ["OWED_COLUMNS", "CardOwed", "OwedCard", "owe_card"]

_FROZEN = ConfigDict(frozen=True, extra="forbid")


class CardOwed(BaseModel):
    """Where a version's card is owed, and who posts it until when."""

    model_config = _FROZEN

    channel_id: str
    thread_ts: str
    holder: str
    lease_until: AwareDatetime


class OwedCard(BaseModel):
    """A card not posted yet: which version, where, who holds it until when, tries so far."""

    model_config = _FROZEN

    scenario_id: str
    version: int = Field(ge=1)
    team_id: str
    channel_id: str
    thread_ts: str
    owed_at: AwareDatetime
    holder: str
    lease_until: AwareDatetime
    attempts: int = Field(ge=0)


OWED_COLUMNS = ("scenario_id, version, team_id, channel_id, thread_ts, owed_at, holder, "
                "lease_until, attempts")


def owe_card(tx: Tx, backend: SqlBackend, record: ScenarioRecord, owed: CardOwed,
             now: datetime) -> None:
    """Inside the saving transaction: ``record``'s card is owed to ``owed``'s thread."""
    tx.run(
        f"INSERT INTO owed_cards ({OWED_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0) "
        "ON CONFLICT (scenario_id, version) DO NOTHING",
        (record.id, record.version.number, record.team_id,
         check_id(owed.channel_id, field="owe.channel_id"),
         check_id(owed.thread_ts, field="owe.thread_ts"), backend._time(now),
         check_id(owed.holder, field="owe.holder"), backend._time(owed.lease_until)))
