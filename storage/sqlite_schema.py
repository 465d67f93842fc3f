"""The SQLite schema as named, transactional steps (``sqlite_utils.migrations``).

Each step and the record of it run in one transaction; ``postgres_schema`` has the same
step names. Steps are only ever appended: a released step is never edited.

Start-up runs ``migrate``: a database that records a step this code does not know was
written by a newer ftroi and is refused untouched (``SchemaTooNewError``). Which steps a
database records is read with plain SQL from sqlite-utils' own table; sqlite-utils itself
(which loads NumPy, click and pluggy with it, a tenth of a second) is loaded only when a
step is to be applied.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from typing import TYPE_CHECKING

from storage import decision_schema, name_search_schema, slack_schema, summary_schema
from storage.schema_steps import missing_steps, refuse_unknown

if TYPE_CHECKING:
    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations

__all__ = ["MIGRATION_SET", "STEP_NAMES", "applied_steps", "migrate", "migrations"]

MIGRATION_SET = "ftroi"

#: The steps as sqlite-utils migrations, made when first needed (:func:`_migrations`).
migrations: Migrations | None = None


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


#: The partial indexes of 0001, rebuilt on the ``live`` column by 0005: name, columns, predicate.
_LIVE_INDEXES = (
    ("scenarios_live_name", "UNIQUE", "(team_id, name_key)", "live"),
    ("scenarios_live_recent", "", "(team_id, updated_at DESC, id DESC)", "live"),
    ("scenarios_live_owner_recent", "", "(team_id, owner_id, updated_at DESC, id DESC)", "live"),
    ("scenarios_deleted_recent", "", "(team_id, updated_at DESC, id DESC)", "NOT live"),
)


def _scenarios_live(db: Database) -> None:
    # Queries test a boolean instead of ``deleted_at IS NULL`` (see postgres_schema: without
    # statistics PostgreSQL takes IS NULL to hold for 0.5 % of rows, a boolean for half); the
    # backends share that SQL, so SQLite gets the same column, computed, never written.
    _run(
        db,
        "ALTER TABLE scenarios ADD COLUMN live INTEGER "
        "GENERATED ALWAYS AS (deleted_at IS NULL) VIRTUAL",
        *(f"DROP INDEX {name}" for name, *_ in _LIVE_INDEXES),
        *(
            f"CREATE {unique} INDEX {name} ON scenarios {columns} WHERE {predicate}"
            for name, unique, columns, predicate in _LIVE_INDEXES
        ),
    )


def _scenario_name_search(db: Database) -> None:
    # Every name's trigrams (FTS5's trigram tokenizer), so a search within names reads only
    # the names holding the text. FTS5 addresses rows by integer; scenario ids are text, and
    # an implicit rowid may change in a VACUUM, so scenario_name_rows gives each scenario a
    # lasting integer. Triggers keep both in step with every insert, rename and delete.
    _run(
        db,
        """CREATE TABLE scenario_name_rows (
            row INTEGER PRIMARY KEY,
            scenario_id TEXT NOT NULL UNIQUE
        ) STRICT""",
        "CREATE VIRTUAL TABLE scenario_names USING fts5(name_key, tokenize = 'trigram')",
        "INSERT INTO scenario_name_rows (scenario_id) SELECT id FROM scenarios ORDER BY rowid",
        "INSERT INTO scenario_names (rowid, name_key) SELECT r.row, s.name_key "
        "FROM scenario_name_rows r JOIN scenarios s ON s.id = r.scenario_id",
        f"""CREATE TRIGGER scenario_names_insert AFTER INSERT ON scenarios BEGIN
            INSERT INTO scenario_name_rows (scenario_id) VALUES (new.id);
            INSERT INTO scenario_names (rowid, name_key)
                VALUES ({_ROW.format("new")}, new.name_key);
        END""",
        f"""CREATE TRIGGER scenario_names_rename AFTER UPDATE OF name_key ON scenarios BEGIN
            UPDATE scenario_names SET name_key = new.name_key WHERE rowid = {_ROW.format("new")};
        END""",
        f"""CREATE TRIGGER scenario_names_delete AFTER DELETE ON scenarios BEGIN
            DELETE FROM scenario_names WHERE rowid = {_ROW.format("old")};
            DELETE FROM scenario_name_rows WHERE scenario_id = old.id;
        END""",
    )


_ROW = "(SELECT row FROM scenario_name_rows WHERE scenario_id = {}.id)"

STEPS = (
    ("0001_scenarios", _scenarios),
    ("0002_conversations", _conversations),
    ("0003_idempotency_keys", _idempotency_keys),
    ("0004_workspace_settings", _workspace_settings),
    ("0005_scenarios_live", _scenarios_live),
    ("0006_scenario_name_search", _scenario_name_search),
    *slack_schema.SQLITE_STEPS,
    *decision_schema.SQLITE_STEPS,
    *name_search_schema.SQLITE_STEPS,
    *summary_schema.SQLITE_STEPS,
)
STEP_NAMES: tuple[str, ...] = tuple(name for name, _ in STEPS)

# sqlite-utils' record of the steps applied, read as ``Migrations.applied`` reads it.
_RECORDED = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_sqlite_migrations'"
_APPLIED = "SELECT name FROM _sqlite_migrations WHERE migration_set = ? ORDER BY rowid"


def _migrations() -> Migrations:
    global migrations
    if migrations is None:
        from sqlite_utils.migrations import Migrations

        made = Migrations(MIGRATION_SET)
        for name, step in STEPS:
            made(name=name)(step)
        migrations = made
    return migrations


def applied_steps(conn: sqlite3.Connection) -> list[str]:
    """The steps the database records, in the order they were applied."""
    if conn.execute(_RECORDED).fetchone() is None:
        return []
    return [row[0] for row in conn.execute(_APPLIED, (MIGRATION_SET,))]


def migrate(conn: sqlite3.Connection, *, label: str,
            stop_before: str | Iterable[str] | None = None) -> None:
    """Bring the schema up to date, or refuse a database from a newer ftroi.

    The pending steps run in one transaction under the write lock (``BEGIN IMMEDIATE``), all
    or none, so two processes starting together do not both apply them; sqlite-utils runs
    each step in its own savepoint together with the row recording it. ``conn`` is in
    autocommit mode (``isolation_level=None``).
    """
    _refuse_newer(conn, label)
    if stop_before is None and not missing_steps(applied_steps(conn), STEP_NAMES):
        return
    from sqlite_utils import Database

    conn.execute("BEGIN IMMEDIATE")
    try:
        _refuse_newer(conn, label)
        _migrations().apply(Database(conn), stop_before=stop_before)
    except BaseException:
        conn.rollback()
        raise
    conn.execute("COMMIT")


def _refuse_newer(conn: sqlite3.Connection, label: str) -> None:
    refuse_unknown(applied_steps(conn), STEP_NAMES, label=label)
