"""Where ftroi's result cards are in Slack: which message, in which thread, shows which
scenario version (``Store.record_card``, ``Store.thread_card``), and the cards still owed
to a thread (``storage.owed_cards``), in shared SQL.

A thread is about the first card posted in it — the card an intake ended with, or the card
``/ftroi show`` posted that the thread hangs from — so a reply there forks that scenario
however long the thread grows. Rows go with their scenario when it is purged.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from storage.errors import InvalidInputError
from storage.owed_cards import OWED_COLUMNS, OwedCard
from storage.rules import aware, check_id, check_limit, check_version
from storage.sql_scenarios import ScenarioSql
from storage.sqlbase import Row, Tx

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
        with self._write() as tx:
            self._record_card(tx, place)

    def _record_card(self, tx: Tx, place: CardPlace) -> None:
        row = (check_id(place.team_id, field="team_id"),
               check_id(place.channel_id, field="channel_id"),
               check_id(place.thread_ts, field="thread_ts"),
               check_id(place.message_ts, field="message_ts"),
               check_id(place.scenario_id, field="scenario_id"),
               check_version(place.version), self._time(aware(place.posted_at)))
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

    # Owed cards --------------------------------------------------------------------------

    def take_owed_cards(
        self, *, holder: str, now: datetime, lease: timedelta, limit: int = 10
    ) -> list[OwedCard]:
        holder, now, until = _holding(holder, now, lease)
        with self._read() as tx:
            due = tx.rows(f"SELECT {OWED_COLUMNS} FROM owed_cards WHERE lease_until <= ? "
                          "ORDER BY owed_at, scenario_id LIMIT ?",
                          (self._time(now), check_limit(limit)))
        taken = []
        for row in due:
            with self._write() as tx:
                # Compare-and-set: another replica taking the same row first wins it.
                changed = tx.run(
                    "UPDATE owed_cards SET holder = ?, lease_until = ?, attempts = attempts + 1 "
                    "WHERE scenario_id = ? AND version = ? AND lease_until <= ?",
                    (holder, self._time(until), row["scenario_id"], row["version"],
                     self._time(now)))
            if changed:
                taken.append(self._owed({**row, "holder": holder, "lease_until": until,
                                         "attempts": row["attempts"] + 1}, parsed_lease=True))
        return taken

    def hold_owed_card(
        self, scenario_id: str, version: int, *, holder: str, now: datetime, lease: timedelta
    ) -> OwedCard | None:
        holder, now, until = _holding(holder, now, lease)
        key = (check_id(scenario_id, field="scenario_id"), check_version(version))
        with self._write() as tx:
            changed = tx.run(
                "UPDATE owed_cards SET holder = ?, lease_until = ? "
                "WHERE scenario_id = ? AND version = ? AND (holder = ? OR lease_until <= ?)",
                (holder, self._time(until), *key, holder, self._time(now)))
            row = self._one(tx, f"SELECT {OWED_COLUMNS} FROM owed_cards "
                                "WHERE scenario_id = ? AND version = ?", key) if changed else None
        return self._owed(row) if row is not None else None

    def card_posted(self, place: CardPlace) -> None:
        with self._write() as tx:
            tx.run("DELETE FROM owed_cards WHERE scenario_id = ? AND version = ?",
                   (check_id(place.scenario_id, field="scenario_id"),
                    check_version(place.version)))
            self._record_card(tx, place)

    def drop_owed_card(self, scenario_id: str, version: int) -> None:
        with self._write() as tx:
            tx.run("DELETE FROM owed_cards WHERE scenario_id = ? AND version = ?",
                   (check_id(scenario_id, field="scenario_id"), check_version(version)))

    def _owed(self, row: Row, *, parsed_lease: bool = False) -> OwedCard:
        values: dict[str, Any] = dict(row)
        values["owed_at"] = self._from_time(row["owed_at"])
        if not parsed_lease:
            values["lease_until"] = self._from_time(row["lease_until"])
        return OwedCard(**values)


def _holding(holder: str, now: datetime, lease: timedelta
             ) -> tuple[str, datetime, datetime]:
    if not isinstance(lease, timedelta) or lease <= timedelta(0):
        raise InvalidInputError(f"lease: {lease!r} is not accepted — a positive timedelta")
    now = aware(now)
    return check_id(holder, field="holder"), now, now + lease
