"""The PostgreSQL schema: the same named steps as ``sqlite_schema``, in PostgreSQL types.

PostgreSQL's DDL is transactional, so each step and the row recording it commit together.
Replicas starting together take an advisory lock per schema, so exactly one applies the
pending steps and the others find them applied. A database that records a step this code
does not know was written by a newer ftroi and is refused untouched.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import psycopg
from psycopg import sql
from psycopg.rows import tuple_row

from storage import decision_schema, name_search_schema, slack_schema, summary_schema
from storage.errors import DatabaseError
from storage.schema_steps import refuse_unknown

__all__ = ["MIGRATION_SET", "STEPS", "STEP_NAMES", "Statement", "applied_steps", "migrate"]

MIGRATION_SET = "ftroi"

#: A step's statements; a function is for what must ask the database first.
Statement = str | Callable[[psycopg.Connection[Any]], None]

#: The partial indexes of 0001, rebuilt on the ``live`` column by 0005: name, columns, predicate.
_LIVE_INDEXES = (
    ("scenarios_live_name", "UNIQUE", "(team_id, name_key)", "live"),
    ("scenarios_live_recent", "", "(team_id, updated_at DESC, id DESC)", "live"),
    ("scenarios_live_owner_recent", "", "(team_id, owner_id, updated_at DESC, id DESC)", "live"),
    ("scenarios_deleted_recent", "", "(team_id, updated_at DESC, id DESC)", "NOT live"),
)

# Held while the extension is looked for and created: one database, several schemas.
_EXTENSION_LOCK = "SELECT pg_advisory_xact_lock(hashtext('ftroi pg_trgm'))"
_EXTENSION_SCHEMA = (
    "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
    "WHERE e.extname = 'pg_trgm'"
)


def _trigram_index(conn: psycopg.Connection[Any]) -> None:
    """A trigram index on every name (pg_trgm, shipped with PostgreSQL): a search within
    names reads only the names holding the text. The extension is created in this schema
    unless the database has it already; its operator class is named with its schema, as
    ftroi's connections search this schema alone. ``fastupdate = off``: new names go
    straight into the index rather than a pending list that only VACUUM merges (so, with
    autovacuum off, every search would read the whole list, and the planner would cost the
    index so high it read the workspace instead)."""
    cursor = conn.cursor(row_factory=tuple_row)
    cursor.execute(_EXTENSION_LOCK)
    found = cursor.execute(_EXTENSION_SCHEMA).fetchone()
    if found is None:
        try:
            with conn.transaction():
                cursor.execute("CREATE EXTENSION pg_trgm")
        except psycopg.Error as e:
            raise DatabaseError(
                "ftroi searches scenario names with the pg_trgm extension, which comes with "
                "PostgreSQL but could not be created here "
                f"({' '.join(str(e).split())}); have the database owner run "
                "`CREATE EXTENSION pg_trgm`, "
                "then start ftroi again"
            ) from e
        found = cursor.execute(_EXTENSION_SCHEMA).fetchone()
    assert found is not None  # just created
    opclass = sql.Identifier(found[0], "gin_trgm_ops")
    cursor.execute(
        sql.SQL(
            "CREATE INDEX scenarios_name_trgm ON scenarios USING gin (name_key {}) "
            "WITH (fastupdate = off)"
        ).format(opclass)
    )


STEPS: tuple[tuple[str, tuple[Statement, ...]], ...] = (
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
    (
        # Without statistics (a bulk load before any ANALYZE; this server's autovacuum is
        # off) the planner takes `deleted_at IS NULL` to hold for 0.5 % of rows, so every
        # partial index on it looked nearly empty and it read a whole workspace through
        # whichever came first; for a boolean column it assumes half, and picks the index
        # that fits. `live` is computed from deleted_at, so no statement writes it.
        "0005_scenarios_live",
        (
            "ALTER TABLE scenarios ADD COLUMN live boolean NOT NULL "
            "GENERATED ALWAYS AS (deleted_at IS NULL) STORED",
            *(f"DROP INDEX {name}" for name, *_ in _LIVE_INDEXES),
            *(
                f"CREATE {unique} INDEX {name} ON scenarios {columns} WHERE {predicate}"
                for name, unique, columns, predicate in _LIVE_INDEXES
            ),
        ),
    ),
    ("0006_scenario_name_search", (_trigram_index,)),
    *slack_schema.POSTGRES_STEPS,
    *decision_schema.POSTGRES_STEPS,
    *name_search_schema.POSTGRES_STEPS,
    *summary_schema.POSTGRES_STEPS,
)
STEP_NAMES: tuple[str, ...] = tuple(name for name, _ in STEPS)

# Held until the migrating transaction ends; one key per schema.
_LOCK = "SELECT pg_advisory_xact_lock(hashtext('ftroi migrations ' || current_schema()))"


# This schema's tables that changed by more than autovacuum's default analyse threshold
# (50 rows + 10 %) since they were last analysed, or were never analysed since they were.
_STALE = (
    "SELECT s.relname FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid "
    "WHERE s.schemaname = current_schema() "
    "AND s.n_mod_since_analyze > 50 + 0.1 * greatest(c.reltuples, 0) ORDER BY 1"
)


def analyse(conn: psycopg.Connection[Any], *, stale_only: bool = False) -> None:
    """ANALYZE this schema's tables (or those whose statistics are out of date).

    Without statistics the planner takes one workspace to be 0.5 % of the scenarios; with a
    single workspace of many, it then reads all of it and sorts it for a first page. The
    autovacuum daemon analyses tables as they change, but a server may run without it (this
    machine's does), so ftroi analyses after an import, after a schema step, and at start-up
    whatever changed as much as autovacuum would have waited for.
    """
    cursor = conn.cursor(row_factory=tuple_row)
    listed = _STALE if stale_only else (
        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1")
    tables = [row[0] for row in cursor.execute(listed).fetchall()]
    if tables:
        cursor.execute(
            sql.SQL("ANALYZE {}").format(sql.SQL(", ").join(map(sql.Identifier, tables)))
        )


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
    step in its own savepoint together with the row recording it. Then the tables are
    analysed (:func:`analyse`): all of them after a step (it may have built indexes over
    rows already there), else those that changed enough since their last analysis.
    """
    stop = {stop_before} if isinstance(stop_before, str) else set(stop_before or ())
    with conn.transaction():
        conn.execute(_LOCK)
        applied = applied_steps(conn)
        refuse_unknown(applied, STEP_NAMES, label=label)
        if len(applied) == len(STEP_NAMES):
            analyse(conn, stale_only=True)
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
                break
            if name in applied:
                continue
            with conn.transaction():
                for statement in statements:
                    if isinstance(statement, str):
                        conn.execute(statement)
                    else:
                        statement(conn)
                conn.execute(
                    "INSERT INTO ftroi_migrations (migration_set, name) VALUES (%s, %s)",
                    (MIGRATION_SET, name),
                )
        analyse(conn)
