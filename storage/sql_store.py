"""The rest of the ``Store`` protocol in shared SQL: conversations (compare-and-set),
idempotency keys, workspace settings and purge (Slack's cards: ``slack_cards``; decisions:
``decisions``; what callers concluded from versions: ``summaries``)."""

from __future__ import annotations

import json
import random
import time
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from pydantic import ValidationError

from storage.errors import ConflictError, InvalidInputError, StoredDataError
from storage.protocol import StateUpdate
from storage.records import Conversation, ConversationKey, PurgeReport
from storage.rules import RECOVERY_PERIOD, aware, check_id, check_positive, check_state
from storage.settings import WorkspaceSettings
from storage.slack_cards import SlackCardSql
from storage.sql_transfer import TransferSql
from storage.summaries import SummarySql

__all__ = ["SqlStore"]

_KEY = "team_id = ? AND channel_id = ? AND thread_ts = ? AND user_id = ?"

# Inserted, or taken over from an expired claim: one row changed. A live claim makes the
# WHERE false and nothing changes. One statement, so it is atomic on its own.
_CLAIM = (
    "INSERT INTO idempotency_keys (delivery_key, claimed_at, expires_at) "
    "VALUES (?, ?, ?) ON CONFLICT (delivery_key) DO UPDATE SET "
    "claimed_at = excluded.claimed_at, expires_at = excluded.expires_at "
    "WHERE idempotency_keys.expires_at <= excluded.claimed_at"
)


class _Live(Exception):
    """One of several keys is claimed already: none of them is (the transaction rolls back)."""


def _key_params(key: ConversationKey) -> tuple[str, str, str, str]:
    if not isinstance(key, ConversationKey):
        raise InvalidInputError(f"key: {key!r} is not accepted — a ConversationKey")
    return (
        check_id(key.team_id, field="key.team_id"),
        check_id(key.channel_id, field="key.channel_id"),
        check_id(key.thread_ts, field="key.thread_ts"),
        check_id(key.user_id, field="key.user_id"),
    )


class SqlStore(TransferSql, SlackCardSql, SummarySql):
    """Everything but connections, which the SQLite and PostgreSQL subclasses own."""

    # Conversations ---------------------------------------------------------------------

    def load_conversation(self, key: ConversationKey) -> Conversation | None:
        with self._read() as tx:
            row = self._one(
                tx,
                f"SELECT state, version, updated_at FROM conversations WHERE {_KEY}",
                _key_params(key),
            )
        if row is None:
            return None
        return Conversation(
            key=key,
            state=self._from_json(row["state"]),
            version=row["version"],
            updated_at=self._from_time(row["updated_at"]),
        )

    def save_conversation(
        self,
        key: ConversationKey,
        state: dict[str, Any],
        expected_version: int,
        *,
        now: datetime,
    ) -> Conversation:
        params, text, now = _key_params(key), check_state(state), aware(now)
        if (
            isinstance(expected_version, bool)
            or not isinstance(expected_version, int)
            or expected_version < 0
        ):
            raise InvalidInputError(
                f"expected_version: {expected_version!r} is not accepted — the version read "
                "(a whole number), or 0 for a conversation not saved yet"
            )
        with self._write() as tx:
            if expected_version == 0:
                changed = tx.run(
                    "INSERT INTO conversations (team_id, channel_id, thread_ts, user_id, state, "
                    "version, updated_at) VALUES (?, ?, ?, ?, ?, 1, ?) ON CONFLICT DO NOTHING",
                    (*params, self._json(text), self._time(now)),
                )
            else:
                changed = tx.run(
                    "UPDATE conversations SET state = ?, version = version + 1, updated_at = ? "
                    f"WHERE {_KEY} AND version = ?",
                    (self._json(text), self._time(now), *params, expected_version),
                )
        if not changed:
            raise ConflictError(
                f"conversation {'/'.join(params)} changed since version {expected_version} was "
                "read; read it again and reapply the answer"
            )
        # The state as stored (JSON round trip), so it equals what the next load returns.
        return Conversation(
            key=key, state=json.loads(text), version=expected_version + 1, updated_at=now
        )

    def update_conversation(
        self, key: ConversationKey, fn: StateUpdate, *, now: datetime, retries: int = 10
    ) -> Conversation:
        for attempt in range(retries + 1):
            current = self.load_conversation(key)
            state = fn(current.state if current else {})
            try:
                return self.save_conversation(
                    key, state, current.version if current else 0, now=now
                )
            except ConflictError:
                if attempt == retries:
                    raise
                # Jittered exponential backoff, capped at 50 ms: replicas that collided do
                # not collide again in lockstep. Jitter only spaces retries; no result
                # depends on it.
                time.sleep(random.uniform(0, min(0.05, 0.001 * 2**attempt)))
        raise AssertionError("unreachable: the loop returns or raises")

    def delete_conversation(self, key: ConversationKey) -> bool:
        with self._write() as tx:
            return tx.run(f"DELETE FROM conversations WHERE {_KEY}", _key_params(key)) > 0

    # Idempotency -----------------------------------------------------------------------

    def claim(self, key: str, ttl_seconds: float, now: datetime) -> bool:
        key, ttl, now = self._claiming(key, ttl_seconds, now)
        with self._single_statement() as tx:
            return tx.run(_CLAIM, self._claim_row(key, ttl, now)) == 1

    def claim_all(self, keys: Sequence[tuple[str, float]], now: datetime) -> bool:
        claims = [self._claiming(key, ttl, now) for key, ttl in keys]
        if len(claims) <= 1:  # nothing to claim, or one statement that is atomic alone
            return not claims or self.claim(*claims[0])
        try:
            with self._write() as tx:
                for key, ttl, at in claims:
                    if tx.run(_CLAIM, self._claim_row(key, ttl, at)) != 1:
                        raise _Live  # rolls back the keys claimed before it
        except _Live:
            return False
        return True

    def _claiming(self, key: str, ttl_seconds: float, now: datetime
                  ) -> tuple[str, float, datetime]:
        return (check_id(key, field="key"), check_positive(ttl_seconds, field="ttl_seconds"),
                aware(now))

    def _claim_row(self, key: str, ttl_seconds: float, now: datetime) -> tuple[Any, ...]:
        return key, self._time(now), self._time(now + timedelta(seconds=ttl_seconds))

    # Settings --------------------------------------------------------------------------

    def get_settings(self, team_id: str) -> WorkspaceSettings:
        team_id = check_id(team_id, field="team_id")
        with self._read() as tx:
            row = self._one(
                tx, "SELECT settings FROM workspace_settings WHERE team_id = ?", (team_id,)
            )
        return self._settings(team_id, row["settings"]) if row else WorkspaceSettings()

    def save_settings(self, team_id: str, settings: WorkspaceSettings, *, now: datetime) -> None:
        team_id, now = check_id(team_id, field="team_id"), aware(now)
        if not isinstance(settings, WorkspaceSettings):
            raise InvalidInputError(
                f"settings: {type(settings).__name__} is not accepted — a WorkspaceSettings"
            )
        with self._write() as tx:
            tx.run(
                "INSERT INTO workspace_settings (team_id, settings, updated_at) VALUES (?, ?, ?) "
                "ON CONFLICT (team_id) DO UPDATE SET settings = excluded.settings, "
                "updated_at = excluded.updated_at",
                (team_id, self._json(settings.model_dump_json()), self._time(now)),
            )

    def export_settings(self, *, team_id: str | None = None) -> dict[str, WorkspaceSettings]:
        sql, params = "SELECT team_id, settings FROM workspace_settings", []
        if team_id is not None:
            sql, params = sql + " WHERE team_id = ?", [check_id(team_id, field="team_id")]
        with self._read() as tx:
            rows = tx.rows(sql + " ORDER BY team_id", params)
        return {r["team_id"]: self._settings(r["team_id"], r["settings"]) for r in rows}

    def _settings(self, team_id: str, value: Any) -> WorkspaceSettings:
        try:
            return WorkspaceSettings.model_validate(self._from_json(value))
        except ValidationError as e:
            raise StoredDataError(f"settings of workspace {team_id} no longer validate: {e}") from e

    # Purge -----------------------------------------------------------------------------

    def purge(self, *, now: datetime, older_than: timedelta = RECOVERY_PERIOD) -> PurgeReport:
        now = aware(now)
        if not isinstance(older_than, timedelta) or older_than < timedelta(0):
            raise InvalidInputError(
                f"older_than: {older_than!r} is not accepted — a timedelta of zero or more"
            )
        cutoff = self._time(now - older_than)
        gone = "SELECT id FROM scenarios WHERE deleted_at IS NOT NULL AND deleted_at <= ?"
        with self._write() as tx:
            versions = tx.rows(
                f"SELECT count(*) AS n FROM scenario_versions WHERE scenario_id IN ({gone})",
                (cutoff,),
            )[0]["n"]
            return PurgeReport(
                scenarios=tx.run(f"DELETE FROM scenarios WHERE id IN ({gone})", (cutoff,)),
                versions=versions,
                conversations=tx.run("DELETE FROM conversations WHERE updated_at <= ?", (cutoff,)),
                idempotency_keys=tx.run(
                    "DELETE FROM idempotency_keys WHERE expires_at <= ?", (self._time(now),)
                ),
            )
