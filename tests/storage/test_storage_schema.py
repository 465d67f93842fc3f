"""Contract: migrations on empty and older databases, refusal of newer ones, unreadable
files, bad URLs, and the SQLite settings (WAL, foreign keys, an index for every lookup)."""

from __future__ import annotations

import hashlib
import re
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

import psycopg
import pytest
from sqlite_utils import Database
from sqlite_utils.migrations import Migrations
from storage_support import NOW, conversation_key, inputs, require_postgres

from storage import (
    CardPlace,
    DatabaseError,
    InvalidInputError,
    SchemaTooNewError,
    Store,
    database_url,
    open_store,
    postgres_schema,
    sql_scenarios,
    sqlite_schema,
)
from storage.bootstrap import sqlite_path


class Raw:
    """Direct access to a test database, below the store (``?`` placeholders)."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.is_sqlite = url.startswith("sqlite:")

    @contextmanager
    def _conn(self) -> Iterator[Any]:
        if self.is_sqlite:
            lite = sqlite3.connect(sqlite_path(self.url), isolation_level=None)
            try:
                yield lite
            finally:
                lite.close()
        else:
            with psycopg.connect(self.url, autocommit=True) as pg:
                yield pg

    def migrate(self, stop_before: str | None = None) -> None:
        with self._conn() as conn:
            if self.is_sqlite:
                sqlite_schema.migrate(conn, label="test", stop_before=stop_before)
            else:
                postgres_schema.migrate(conn, label="test", stop_before=stop_before)

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self._conn() as conn:
            if self.is_sqlite:
                cursor = conn.execute(sql, params)
            else:
                cursor = conn.execute(sql.replace("?", "%s"), params or None)
            return list(cursor.fetchall()) if cursor.description else []

    @property
    def migrations_table(self) -> str:
        return "_sqlite_migrations" if self.is_sqlite else "ftroi_migrations"

    def applied(self) -> list[str]:
        return [r[0] for r in self.rows(f"SELECT name FROM {self.migrations_table} ORDER BY id")]

    def record_step(self, name: str) -> None:
        """Record a schema step as applied, as a newer ftroi would."""
        if self.is_sqlite:
            self.rows("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                      "VALUES ('ftroi', ?, 'now')", (name,))
        else:
            self.rows("INSERT INTO ftroi_migrations (migration_set, name) VALUES ('ftroi', ?)",
                      (name,))

    def forget_step(self, name: str) -> None:
        self.rows(f"DELETE FROM {self.migrations_table} WHERE name = ?", (name,))

    def tables(self) -> set[str]:
        if self.is_sqlite:
            sql = "SELECT name FROM sqlite_master WHERE type = 'table'"
        else:
            sql = "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
        return {r[0] for r in self.rows(sql)}

    def indexes(self) -> set[str]:
        if self.is_sqlite:
            sql = "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
        else:
            sql = (
                "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() "
                "AND indexname NOT LIKE '%pkey' AND indexname NOT LIKE 'ftroi_migrations%'"
            )
        return {r[0] for r in self.rows(sql)} - {"idx__sqlite_migrations_migration_set_name"}


def test_both_backends_name_the_same_steps() -> None:
    assert sqlite_schema.STEP_NAMES == postgres_schema.STEP_NAMES
    assert list(sqlite_schema.STEP_NAMES) == sorted(sqlite_schema.STEP_NAMES)


def test_an_empty_database_gets_every_step_once(store_url: str) -> None:
    raw = Raw(store_url)
    for _ in range(3):  # opening again applies nothing twice
        open_store(store_url).close()
    assert raw.applied() == list(sqlite_schema.STEP_NAMES)
    assert {
        "scenarios",
        "scenario_versions",
        "conversations",
        "idempotency_keys",
        "workspace_settings",
    } <= raw.tables()


def test_both_backends_build_the_same_indexes(sqlite_url: str, pg_url: str) -> None:
    open_store(sqlite_url).close()
    open_store(pg_url).close()
    # But for the indexes of names' trigrams and of their one- and two-character pieces:
    # GIN indexes on PostgreSQL; on SQLite an FTS5 table (with its lasting row numbers) and
    # a table of the pieces (with the positions its triggers number them by).
    names = {"scenarios_name_trgm", "scenarios_name_grams"}
    assert Raw(sqlite_url).indexes() == Raw(pg_url).indexes() - names
    assert {"scenarios_live_name", *names} <= Raw(pg_url).indexes()
    assert {"scenario_names", "scenario_name_rows", "scenario_name_grams",
            "scenario_name_positions"} <= Raw(sqlite_url).tables()


def test_an_older_database_is_brought_up_to_date_keeping_its_data(
        store_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sql_scenarios, "SEARCH_WINDOW", 0)  # searches ask the names' indexes
    raw = Raw(store_url)
    raw.migrate(stop_before="0003_idempotency_keys")
    assert raw.applied() == ["0001_scenarios", "0002_conversations"]
    stamp = "2025-06-01T12:00:00.000000+00:00"
    raw.rows(
        "INSERT INTO scenarios (id, team_id, owner_id, name, name_key, latest_version, "
        "created_at, updated_at) VALUES ('00000000000000aa', 'T1', 'U1', 'Old', 'old', 1, ?, ?)",
        (stamp, stamp),
    )
    raw.rows(
        "INSERT INTO scenarios (id, team_id, owner_id, name, name_key, latest_version, "
        "created_at, updated_at, deleted_at, deleted_by) "
        "VALUES ('00000000000000bb', 'T1', 'U1', 'Older', 'older', 1, ?, ?, ?, 'U1')",
        (stamp, stamp, stamp),
    )
    for scenario in ("aa", "bb"):
        raw.rows(
            "INSERT INTO scenario_versions (scenario_id, version, inputs, author_id, "
            "created_at) VALUES (?, 1, ?, 'U1', ?)",
            (f"00000000000000{scenario}", inputs(7).model_dump_json(), stamp),
        )
    store = open_store(store_url)
    try:
        assert raw.applied() == list(sqlite_schema.STEP_NAMES)
        old = store.get_scenario("T1", "00000000000000aa")
        assert (old.name, old.inputs, old.created_at) == ("Old", inputs(7), NOW)
        # 0005, 0006 and 0010 over rows already there: which are live, their names' indexes.
        assert [s.id for s in store.list_scenarios("T1", search="old").items] == [old.id]
        for short in ("ol", "d"):
            assert [s.id for s in store.list_scenarios("T1", search=short).items] == [old.id]
        gone = store.list_scenarios("T1", search="older", deleted=True).items
        assert [s.id for s in gone] == ["00000000000000bb"]
        assert store.claim("Ev1", 60, NOW) is True  # a table from a step applied just now
        store.save_version("T1", old.id, inputs(8), author_id="U1", now=NOW)
        assert store.get_scenario("T1", old.id).latest_version == 2
    finally:
        store.close()


def test_a_failing_step_leaves_no_trace(store_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    raw = Raw(store_url)
    raw.migrate(stop_before="0004_workspace_settings")
    half_done = ("CREATE TABLE half_done (x INTEGER)", "SELECT * FROM no_such_table")
    names = (*sqlite_schema.STEP_NAMES, "0099_broken")
    if raw.is_sqlite:
        broken = Migrations(sqlite_schema.MIGRATION_SET)
        for name, step in sqlite_schema.STEPS:
            broken(name=name)(step)

        def fails_halfway(db: Database) -> None:
            for sql in half_done:
                db.execute(sql)

        broken(name="0099_broken")(fails_halfway)
        monkeypatch.setattr(sqlite_schema, "migrations", broken)
        monkeypatch.setattr(sqlite_schema, "STEP_NAMES", names)
    else:
        steps = (*postgres_schema.STEPS, ("0099_broken", half_done))
        monkeypatch.setattr(postgres_schema, "STEPS", steps)
        monkeypatch.setattr(postgres_schema, "STEP_NAMES", names)
    with pytest.raises(DatabaseError, match="no_such_table"):
        open_store(store_url)
    # All or none: not the broken step, nor the good one pending before it.
    assert raw.applied() == ["0001_scenarios", "0002_conversations", "0003_idempotency_keys"]
    assert not {"half_done", "workspace_settings"} & raw.tables()


def test_a_database_from_a_newer_ftroi_is_refused_untouched(store_url: str) -> None:
    open_store(store_url).close()
    raw = Raw(store_url)
    raw.record_step("0099_from_the_future")
    before = (raw.tables(), raw.applied(), _file_digest(store_url))
    with pytest.raises(SchemaTooNewError, match="newer version of ftroi") as refused:
        open_store(store_url)
    assert "0099_" in str(refused.value) and "upgrade ftroi" in str(refused.value)
    if raw.is_sqlite:
        assert sqlite_path(store_url) in str(refused.value)
    assert (raw.tables(), raw.applied(), _file_digest(store_url)) == before


def test_a_ready_database_passes_the_schema_check(store: Store) -> None:
    store.check_schema()  # /readyz: answers, every step applied, none unknown


def test_the_schema_check_names_steps_a_newer_ftroi_applied_under_a_running_app(
        store: Store, store_url: str) -> None:
    Raw(store_url).record_step("0099_later")
    with pytest.raises(SchemaTooNewError, match="0099_later are unknown"):
        store.check_schema()


def test_the_schema_check_names_the_steps_an_older_restored_database_lacks(
        store: Store, store_url: str) -> None:
    Raw(store_url).forget_step("0004_workspace_settings")
    with pytest.raises(DatabaseError, match="lacks the schema steps 0004_workspace_settings"):
        store.check_schema()


def test_the_schema_check_refuses_a_schema_moved_away_under_a_running_app(pg_url: str) -> None:
    store = open_store(pg_url)
    try:
        schema = pg_url.rsplit("search_path%3D", 1)[-1]
        Raw(pg_url).rows(f'ALTER SCHEMA "{schema}" RENAME TO "{schema}_gone"')
        try:
            with pytest.raises(DatabaseError, match="lacks the schema steps 0001_scenarios"):
                store.check_schema()
        finally:
            Raw(pg_url.replace(schema, f"{schema}_gone")).rows(
                f'ALTER SCHEMA "{schema}_gone" RENAME TO "{schema}"')
    finally:
        store.close()


def _file_digest(url: str) -> str | None:
    if not url.startswith("sqlite:"):
        return None
    return hashlib.sha256(Path(sqlite_path(url)).read_bytes()).hexdigest()


def test_a_file_that_is_not_a_database_is_refused_by_name_and_kept(tmp_path: Path) -> None:
    path = tmp_path / "ftroi.db"
    garbage = b"this is a spreadsheet, not a database\n" * 200
    path.write_bytes(garbage)
    with pytest.raises(DatabaseError) as refused:
        open_store(f"sqlite:///{path}")
    message = str(refused.value)
    assert str(path) in message and "not a database" in message and "left the file" in message
    assert path.read_bytes() == garbage


def test_a_truncated_database_is_refused_by_name(tmp_path: Path) -> None:
    path = tmp_path / "ftroi.db"
    store = open_store(f"sqlite:///{path}")
    for n in range(40):
        store.create_scenario("T1", owner_id="U1", name=f"S{n}", inputs=inputs(n), now=NOW)
    store.close()
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])
    # Damage beyond the header and schema shows when it is read: at start-up or later,
    # always as a DatabaseError naming the file, never a driver traceback.
    with pytest.raises(DatabaseError, match=re.escape(str(path))):
        reopened = open_store(f"sqlite:///{path}")
        try:
            reopened.list_versions("T1", reopened.find_scenario("T1", "S39").id)
        finally:
            reopened.close()


@pytest.mark.parametrize("where", ["missing-dir/ftroi.db", "."])
def test_a_path_that_cannot_be_a_database_file_is_refused(tmp_path: Path, where: str) -> None:
    path = tmp_path / where
    with pytest.raises(DatabaseError, match="cannot open the SQLite database"):
        open_store(f"sqlite:///{path}")
    assert not (tmp_path / "missing-dir").exists()


def test_an_unreachable_server_is_named_without_its_password() -> None:
    with pytest.raises(DatabaseError) as refused:
        open_store("postgresql://postgres:s3cret@127.0.0.1:1/ftroi")
    message = str(refused.value)
    assert "PostgreSQL database 'ftroi' on 127.0.0.1:1" in message and "s3cret" not in message


def test_a_missing_server_skips_locally_and_fails_on_ci() -> None:
    require_postgres(None, server="pg", environ={"CI": "true"})  # answered: carry on
    with pytest.raises(pytest.skip.Exception, match="no PostgreSQL at pg: refused"):
        require_postgres("refused", server="pg", environ={})
    with pytest.raises(pytest.fail.Exception, match="CI=true requires PostgreSQL"):
        require_postgres("refused", server="pg", environ={"CI": "true"})


@pytest.mark.parametrize(
    "url", ["mysql://localhost/ftroi", "sqlite:///:memory:", "sqlite://", "ftroi.db"]
)
def test_an_unknown_database_url_says_what_is_accepted(url: str) -> None:
    with pytest.raises(InvalidInputError, match=r"^FTROI_DATABASE_URL: .* is not accepted — "):
        open_store(url)


def test_the_database_url_comes_from_the_environment_or_defaults_to_a_local_file() -> None:
    assert database_url({}) == "sqlite:///./ftroi.db"
    assert database_url({"FTROI_DATABASE_URL": "postgresql://db/ftroi"}) == "postgresql://db/ftroi"
    assert sqlite_path("sqlite:///./ftroi.db") == "./ftroi.db"
    assert sqlite_path("sqlite:////var/lib/ftroi.db") == "/var/lib/ftroi.db"


def test_sqlite_is_in_wal_mode_with_foreign_keys_enforced(sqlite_url: str) -> None:
    store = open_store(sqlite_url)
    try:
        made = store.create_scenario("T1", owner_id="U1", name="S", inputs=inputs(1), now=NOW)
        store.delete_scenario("T1", made.id, user_id="U1", now=NOW)
        store.purge(now=NOW + timedelta(days=1), older_than=timedelta(0))
    finally:
        store.close()
    raw = Raw(sqlite_url)
    assert raw.rows("PRAGMA journal_mode") == [("wal",)]
    # The versions went with their scenario: ON DELETE CASCADE ran, so foreign keys are on.
    assert raw.rows("SELECT count(*) FROM scenario_versions") == [(0,)]


def test_every_sqlite_lookup_uses_an_index(sqlite_url: str) -> None:
    store = open_store(sqlite_url)
    statements: list[str] = []
    # White-box: trace this thread's connection to see the SQL the store really runs.
    store._connection().set_trace_callback(statements.append)  # type: ignore[attr-defined]
    _exercise(store)
    store.close()
    raw = Raw(sqlite_url)
    checked = 0
    for sql in statements:
        if not sql.lstrip().upper().startswith(("SELECT", "UPDATE", "DELETE", "INSERT")):
            continue
        plan = " | ".join(row[3] for row in raw.rows(f"EXPLAIN QUERY PLAN {sql}"))
        # Not full scans: a search's subqueries (at most SEARCH_WINDOW rows, or the names the
        # trigram index found), FTS5 answering MATCH from its index, and the one row of a
        # SELECT without a table (an INSERT … SELECT … WHERE EXISTS).
        full_scans = [
            step for step in plan.split(" | ")
            if step.startswith("SCAN ") and "USING" not in step
            and step not in ("SCAN newest", "SCAN holding", "SCAN CONSTANT ROW")
            and "VIRTUAL TABLE INDEX" not in step
        ]
        assert not full_scans, f"{sql}\n  → {plan}"
        checked += 1
    assert checked >= 20


def _exercise(store: Store) -> None:
    made = store.create_scenario("T1", owner_id="U1", name="Support", inputs=inputs(1), now=NOW)
    store.save_version("T1", made.id, inputs(2), author_id="U1", now=NOW)
    store.get_scenario("T1", made.id, version=1)
    store.find_scenario("T1", "support")
    store.list_versions("T1", made.id)
    page = store.list_scenarios("T1", limit=1)
    store.list_scenarios("T1", limit=1, cursor=page.next_cursor, search="sup", owner_id="U1")
    fork = store.fork_scenario("T1", made.id, owner_id="U2", name="Fork", now=NOW)
    store.restore_version("T1", made.id, 1, author_id="U1", now=NOW)
    store.rename_scenario("T1", fork.id, "Fork 2", user_id="U2", now=NOW)
    store.delete_scenario("T1", fork.id, user_id="U2", now=NOW)
    store.list_scenarios("T1", deleted=True)
    store.undelete_scenario("T1", fork.id, user_id="U2", now=NOW)
    key = conversation_key()
    store.update_conversation(key, lambda s: {"step": 1}, now=NOW)
    store.load_conversation(key)
    store.claim("Ev1", 60, NOW)
    store.record_card(CardPlace(team_id="T1", channel_id="C1", thread_ts="1.000100",
                                message_ts="1.000200", scenario_id=made.id, version=1,
                                posted_at=NOW))
    store.thread_card("T1", "C1", "1.000100")
    store.record_decision("T1", made.id, 1, option_id="current_api", option_label="Keep gpt-4o",
                          user_id="U1", now=NOW)
    store.latest_decisions("T1", [made.id, fork.id])
    store.save_version_summaries("T1", {(made.id, 1): {"n": 1}, (fork.id, 1): {"n": 2}},
                                 basis="b", now=NOW)
    store.version_summaries("T1", [(made.id, 1), (fork.id, 1)], basis="b")
    store.get_settings("T1")
    store.delete_scenario("T1", fork.id, user_id="U2", now=NOW)
    store.purge(now=NOW + timedelta(days=60))
