"""The SQLite schema as named, transactional steps (``sqlite_utils.migrations``).

Each step and the record of it run in one transaction; ``postgres_schema`` has the same
step names. Steps are only ever appended: a released step is never edited.

Start-up runs ``migrate``: a database that records a step this code does not know was
written by a newer ftroi and is refused untouched (``SchemaTooNewError``).
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from storage import slack_schema
from storage.schema_steps import refuse_unknown

__all__ = ["MIGRATION_SET", "STEP_NAMES", "applied_steps", "migrate", "migrations"]

MIGRATION_SET = "ftroi"

migrations = Migrations(MIGRATION_SET)


def _run(db: Database, *statements: str) -> None:
    for sql in statements:
        db.execute(sql)


def _scenarios(db: Database) -> None:
    # The composite parent key points at the exact version forked; purging the parent sets
    # both columns to NULL. Deferred so an import may insert a fork before its parent.
    _run(
        db,
        """CREATE TABLE scenarios (
            id TEXT PRIMARY KEY,
            team_id TEXT NOT NULL,
            owner_id TEXT NOT NULL,
            name TEXT NOT NULL,
            name_key TEXT NOT NULL,
            latest_version INTEGER NOT NULL CHECK (latest_version >= 1),
            parent_id TEXT,
            parent_version INTEGER,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            deleted_at TEXT,
            deleted_by TEXT,
            FOREIGN KEY (parent_id, parent_version)
                REFERENCES scenario_versions (scenario_id, version)
                ON DELETE SET NULL DEFERRABLE INITIALLY DEFERRED
        ) STRICT""",
        """CREATE TABLE scenario_versions (
            scenario_id TEXT NOT NULL REFERENCES scenarios (id) ON DELETE CASCADE,
            version INTEGER NOT NULL CHECK (version >= 1),
            inputs TEXT NOT NULL,
            author_id TEXT NOT NULL,
            created_at TEXT NOT NULL,
            restored_from INTEGER,
            PRIMARY KEY (scenario_id, version)
        ) STRICT""",
        "CREATE UNIQUE INDEX scenarios_live_name ON scenarios (team_id, name_key) "
        "WHERE deleted_at IS NULL",
        "CREATE INDEX scenarios_live_recent ON scenarios (team_id, updated_at DESC, id DESC) "
        "WHERE deleted_at IS NULL",
        "CREATE INDEX scenarios_live_owner_recent "
        "ON scenarios (team_id, owner_id, updated_at DESC, id DESC) WHERE deleted_at IS NULL",
        "CREATE INDEX scenarios_deleted_recent "
        "ON scenarios (team_id, updated_at DESC, id DESC) WHERE deleted_at IS NOT NULL",
        "CREATE INDEX scenarios_purgeable ON scenarios (deleted_at) WHERE deleted_at IS NOT NULL",
        "CREATE INDEX scenarios_parent ON scenarios (parent_id, parent_version)",
    )


def _conversations(db: Database) -> None:
    _run(
        db,
        """CREATE TABLE conversations (
            team_id TEXT NOT NULL,
            channel_id TEXT NOT NULL,
            thread_ts TEXT NOT NULL,
            user_id TEXT NOT NULL,
            state TEXT NOT NULL,
            version INTEGER NOT NULL CHECK (version >= 1),
            updated_at TEXT NOT NULL,
            PRIMARY KEY (team_id, channel_id, thread_ts, user_id)
        ) STRICT""",
        "CREATE INDEX conversations_idle ON conversations (updated_at)",
    )


def _idempotency_keys(db: Database) -> None:
    _run(
        db,
        """CREATE TABLE idempotency_keys (
            delivery_key TEXT PRIMARY KEY,
            claimed_at TEXT NOT NULL,
            expires_at TEXT NOT NULL
        ) STRICT""",
        "CREATE INDEX idempotency_keys_expiry ON idempotency_keys (expires_at)",
    )


def _workspace_settings(db: Database) -> None:
    _run(
        db,
        """CREATE TABLE workspace_settings (
            team_id TEXT PRIMARY KEY,
            settings TEXT NOT NULL,
            updated_at TEXT NOT NULL
        ) STRICT""",
    )


STEPS = (
    ("0001_scenarios", _scenarios),
    ("0002_conversations", _conversations),
    ("0003_idempotency_keys", _idempotency_keys),
    ("0004_workspace_settings", _workspace_settings),
    *slack_schema.SQLITE_STEPS,
)
STEP_NAMES: tuple[str, ...] = tuple(name for name, _ in STEPS)
for _name, _step in STEPS:
    migrations(name=_name)(_step)


def applied_steps(db: Database) -> list[str]:
    return [m.name for m in migrations.applied(db)]


def migrate(db: Database, *, label: str, stop_before: str | Iterable[str] | None = None) -> None:
    """Bring the schema up to date, or refuse a database from a newer ftroi.

    The pending steps run in one transaction under the write lock (``BEGIN IMMEDIATE``), all
    or none, so two processes starting together do not both apply them; sqlite-utils runs
    each step in its own savepoint together with the row recording it.
    """
    _refuse_newer(db, label)
    if not migrations.pending(db) and stop_before is None:
        return
    db.execute("BEGIN IMMEDIATE")
    try:
        _refuse_newer(db, label)
        migrations.apply(db, stop_before=stop_before)
    except BaseException:
        db.rollback()
        raise
    db.commit()


def _refuse_newer(db: Database, label: str) -> None:
    refuse_unknown(applied_steps(db), STEP_NAMES, label=label)
