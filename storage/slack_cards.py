"""Where ftroi's result cards are in Slack: which message, in which thread, shows which
scenario version (``Store.record_card``, ``Store.thread_card``), in shared SQL.

A thread is about the first card posted in it — the card an intake ended with, or the card
``/ftroi show`` posted that the thread hangs from — so a reply there forks that scenario
however long the thread grows. Rows go with their scenario when it is purged.
"""

from __future__ import annotations

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from storage.rules import aware, check_id, check_version
from storage.sql_scenarios import ScenarioSql

__all__ = ["CardPlace", "SlackCardSql"]


class CardPlace(BaseModel):
    """One result card: the message holding it, its thread, and the version it shows."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    team_id: str
    channel_id: str
    thread_ts: str
    message_ts: str
    scenario_id: str
    version: int = Field(ge=1)
    posted_at: AwareDatetime


_COLUMNS = "team_id, channel_id, thread_ts, message_ts, scenario_id, version, posted_at"


class SlackCardSql(ScenarioSql):
    """The card part of the ``Store`` protocol."""

    def record_card(self, place: CardPlace) -> None:
        """Remember a card just posted; the same message recorded again changes nothing."""
        row = (check_id(place.team_id, field="team_id"),
               check_id(place.channel_id, field="channel_id"),
               check_id(place.thread_ts, field="thread_ts"),
               check_id(place.message_ts, field="message_ts"),
               check_id(place.scenario_id, field="scenario_id"),
               check_version(place.version), self._time(aware(place.posted_at)))
        with self._write() as tx:
            tx.run(f"INSERT INTO slack_cards ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?) "
                   "ON CONFLICT (team_id, channel_id, message_ts) DO NOTHING", row)

    def thread_card(self, team_id: str, channel_id: str, thread_ts: str) -> CardPlace | None:
        """The first card posted in the thread, or None when ftroi posted none there."""
        params = (check_id(team_id, field="team_id"), check_id(channel_id, field="channel_id"),
                  check_id(thread_ts, field="thread_ts"))
        with self._read() as tx:
            row = self._one(tx, f"SELECT {_COLUMNS} FROM slack_cards WHERE team_id = ? AND "
                                "channel_id = ? AND thread_ts = ? ORDER BY message_ts LIMIT 1",
                            params)
        if row is None:
            return None
        return CardPlace(**{**row, "posted_at": self._from_time(row["posted_at"])})

