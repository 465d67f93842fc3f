"""The PostgreSQL schema: the same named steps as ``sqlite_schema``, in PostgreSQL types.

PostgreSQL's DDL is transactional, so each step and the row recording it commit together.
Replicas starting together take an advisory lock per schema, so exactly one applies the
pending steps and the others find them applied. A database that records a step this code
does not know was written by a newer ftroi and is refused untouched.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import psycopg
from psycopg.rows import tuple_row

from storage import slack_schema
from storage.schema_steps import refuse_unknown

__all__ = ["MIGRATION_SET", "STEPS", "STEP_NAMES", "applied_steps", "migrate"]

MIGRATION_SET = "ftroi"

STEPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "0001_scenarios",
        (
            """CREATE TABLE scenarios (
                id text PRIMARY KEY,
                team_id text NOT NULL,
                owner_id text NOT NULL,
                name text NOT NULL,
                name_key text NOT NULL,
                latest_version integer NOT NULL CHECK (latest_version >= 1),
                parent_id text,
                parent_version integer,
                created_at timestamptz NOT NULL,
                updated_at timestamptz NOT NULL,
                deleted_at timestamptz,
                deleted_by text
            )""",
            """CREATE TABLE scenario_versions (
                scenario_id text NOT NULL REFERENCES scenarios (id) ON DELETE CASCADE,
                version integer NOT NULL CHECK (version >= 1),
                inputs jsonb NOT NULL,
                author_id text NOT NULL,
                created_at timestamptz NOT NULL,
                restored_from integer,
                PRIMARY KEY (scenario_id, version)
            )""",
            # The parent's exact version; purging the parent sets both columns to NULL.
            "ALTER TABLE scenarios ADD CONSTRAINT scenarios_parent_fk "
            "FOREIGN KEY (parent_id, parent_version) "
            "REFERENCES scenario_versions (scenario_id, version) "
            "ON DELETE SET NULL DEFERRABLE INITIALLY DEFERRED",
            "CREATE UNIQUE INDEX scenarios_live_name ON scenarios (team_id, name_key) "
            "WHERE deleted_at IS NULL",
            "CREATE INDEX scenarios_live_recent ON scenarios (team_id, updated_at DESC, id DESC) "
            "WHERE deleted_at IS NULL",
            "CREATE INDEX scenarios_live_owner_recent "
            "ON scenarios (team_id, owner_id, updated_at DESC, id DESC) WHERE deleted_at IS NULL",
            "CREATE INDEX scenarios_deleted_recent "
            "ON scenarios (team_id, updated_at DESC, id DESC) WHERE deleted_at IS NOT NULL",
            "CREATE INDEX scenarios_purgeable ON scenarios (deleted_at) "
            "WHERE deleted_at IS NOT NULL",
            "CREATE INDEX scenarios_parent ON scenarios (parent_id, parent_version)",
        ),
    ),
    (
        "0002_conversations",
        (
            """CREATE TABLE conversations (
                team_id text NOT NULL,
                channel_id text NOT NULL,
                thread_ts text NOT NULL,
                user_id text NOT NULL,
                state jsonb NOT NULL,
                version integer NOT NULL CHECK (version >= 1),
                updated_at timestamptz NOT NULL,
                PRIMARY KEY (team_id, channel_id, thread_ts, user_id)
            )""",
            "CREATE INDEX conversations_idle ON conversations (updated_at)",
        ),
    ),
    (
        "0003_idempotency_keys",
        (
            """CREATE TABLE idempotency_keys (
                delivery_key text PRIMARY KEY,
                claimed_at timestamptz NOT NULL,
                expires_at timestamptz NOT NULL
            )""",
            "CREATE INDEX idempotency_keys_expiry ON idempotency_keys (expires_at)",
        ),
    ),
    (
        "0004_workspace_settings",
        (
            """CREATE TABLE workspace_settings (
                team_id text PRIMARY KEY,
                settings jsonb NOT NULL,
                updated_at timestamptz NOT NULL
            )""",
        ),
    ),
    *slack_schema.POSTGRES_STEPS,
)
STEP_NAMES: tuple[str, ...] = tuple(name for name, _ in STEPS)

# Held until the migrating transaction ends; one key per schema.
_LOCK = "SELECT pg_advisory_xact_lock(hashtext('ftroi migrations ' || current_schema()))"


def applied_steps(conn: psycopg.Connection[Any]) -> list[str]:
    # Tuples whatever the connection's row factory (the store's pool hands out dict rows).
    cursor = conn.cursor(row_factory=tuple_row)
    exists = cursor.execute("SELECT to_regclass('ftroi_migrations') IS NOT NULL").fetchone()
    if not exists or not exists[0]:
        return []
    rows = cursor.execute(
        "SELECT name FROM ftroi_migrations WHERE migration_set = %s ORDER BY id",
        (MIGRATION_SET,),
    ).fetchall()
    return [row[0] for row in rows]


def migrate(
    conn: psycopg.Connection[Any],
    *,
    label: str,
    stop_before: str | Iterable[str] | None = None,
) -> None:
    """Apply pending steps (on an autocommit connection), or refuse a newer database.

    As on SQLite: the pending steps run in one transaction under a lock, all or none, each
    step in its own savepoint together with the row recording it.
    """
    stop = {stop_before} if isinstance(stop_before, str) else set(stop_before or ())
    with conn.transaction():
        conn.execute(_LOCK)
        applied = applied_steps(conn)
        refuse_unknown(applied, STEP_NAMES, label=label)
        if len(applied) == len(STEP_NAMES):
            return
        conn.execute(
            "CREATE TABLE IF NOT EXISTS ftroi_migrations ("
            "id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, "
            "migration_set text NOT NULL, name text NOT NULL, "
            "applied_at timestamptz NOT NULL DEFAULT now(), "
            "UNIQUE (migration_set, name))"
        )
        for name, statements in STEPS:
            if name in stop:
                return
            if name in applied:
                continue
            with conn.transaction():
                for sql in statements:
                    conn.execute(sql)
                conn.execute(
                    "INSERT INTO ftroi_migrations (migration_set, name) VALUES (%s, %s)",
                    (MIGRATION_SET, name),
                )
