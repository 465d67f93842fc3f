"""Contract: no storage operation does more work as a workspace grows.

Each operation of ``workload.operations`` runs on one workspace of 300 scenarios and on one
of 3,000, and its work is counted, not timed, so the check is the same on a busy machine:
SQLite's virtual-machine instructions (a progress handler called at every one), and on
PostgreSQL the rows each statement it sent read (``EXPLAIN ANALYZE`` of that statement, in
a transaction rolled back: rows returned, plus rows a filter or recheck threw away, at every
node). Ten times the scenarios may at most double the work. ``benchmarks/storage.py`` times
the same operations at 1,000, 10,000 and 100,000 scenarios.

PostgreSQL is analysed after loading, as ``ftroi import`` does, and its counts are taken with
sequential scans off (at these sizes a table scan is cheaper than any index, and chosen).
Each statement is counted twice, planned for its values and planned for any values (the
generic plan PostgreSQL may keep once psycopg prepares a statement on its fifth run), and
the larger count kept: a generic plan once walked the recency index for a search, reading
every name. Without statistics it takes any workspace to be 0.5 % of the table and may read
and sort all of it for a first page (see ``storage.postgres_schema.analyse``); what indexes
alone can settle, lookups by id and by name, searches (the names' indexes, and the newest
names read with sorts disabled), pages of the list (read with sorts disabled) and the
answers kept of a page (``version_summaries``: two lookups by key), is checked without
statistics too.

A statement that reads every name of the workspace is counted beside them, to show that
the counts see growth (the operations themselves should show none).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from psycopg import sql as psycopg_sql
from workload import RARE, Loaded, load, operations

from storage import Store, open_store
from storage import postgres as pg_backend
from tests.pg import Schemas

SMALL, LARGE = 300, 3_000
# Found by id or by name (right without statistics since 0005_scenarios_live), searches
# (since 0010_short_name_search), pages of the list and the App Home's two lists (read
# down a recency index with sorts disabled), and a page's kept answers (two lookups by key).
BY_KEY = ("save version", "load", "find by name", "history (50 versions)",
          "compare's loads (4 × 50 versions)", "conversation update",
          "list, first page (20)", "list, page 11 (20)", "list mine",
          "App Home (mine + recent, their decisions)", "ftroi list's reads, 1st run (20 loads)",
          "ftroi list's reads (page, 20 kept answers)")
SEARCHES = "search, "
GROWING = "every name read (the counts' control)"

Count = Callable[[Callable[[], object]], int]


@contextmanager
def sqlite_counter(store: Store) -> Iterator[Count]:
    conn = store._connection()  # type: ignore[attr-defined]  # white-box: this thread's connection

    def count(run: Callable[[], object]) -> int:
        steps = [0]

        def tick() -> int:
            steps[0] += 1
            return 0  # carry on

        conn.set_progress_handler(tick, 1)
        try:
            run()
        finally:
            conn.set_progress_handler(None, 1)
        return steps[0]

    yield count


def _rows_read(plan: dict[str, Any]) -> int:
    loops = plan.get("Actual Loops", 1)
    own = (plan.get("Actual Rows", 0) + plan.get("Rows Removed by Filter", 0)
           + plan.get("Rows Removed by Index Recheck", 0)) * loops
    return int(own) + sum(_rows_read(child) for child in plan.get("Plans", []))


@contextmanager
def postgres_counter(monkeypatch: pytest.MonkeyPatch) -> Iterator[Count]:
    read: list[int] = []
    execute = pg_backend._PgTx._execute

    def explained(self: Any, sql: str, params: Any) -> Any:
        # First the statement under EXPLAIN ANALYZE, planned for its values and then for any
        # values, each in a savepoint rolled back (its own transaction, when the store sends
        # it alone), then for real: the same snapshot. Sequential scans are off for it: on a
        # table this small one is cheaper, and chosen, where on a large one an index would
        # be; what is counted is the index's work. A setting reads nothing: it is only run.
        if sql.startswith("SET "):
            return execute(self, sql, params)
        read.append(max(_custom_plan_reads(self._conn, sql, params),
                        _generic_plan_reads(self._conn, sql, params)))
        return execute(self, sql, params)

    monkeypatch.setattr(pg_backend._PgTx, "_execute", explained)

    def count(run: Callable[[], object]) -> int:
        read.clear()
        run()
        return sum(read)

    yield count


def _explained_reads(conn: Any, statement: str, params: Any = None) -> int:
    row = conn.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + statement, params).fetchone()
    plan = next(iter(row.values())) if isinstance(row, dict) else row[0]
    document = plan if isinstance(plan, list) else json.loads(plan)
    return _rows_read(document[0]["Plan"])


def _custom_plan_reads(conn: Any, sql: str, params: Any) -> int:
    with conn.transaction(force_rollback=True):
        conn.execute("SET LOCAL enable_seqscan = off")
        return _explained_reads(conn, pg_backend._pg(sql), params)


def _generic_plan_reads(conn: Any, sql: str, params: Any) -> int:
    pieces = sql.split("?")  # our SQL has no literal ? (see postgres._pg)
    numbered = "".join(f"{p}${n}" for n, p in enumerate(pieces[:-1], 1)) + pieces[-1]
    values = ", ".join(psycopg_sql.Literal(p).as_string(conn) for p in params)
    try:
        with conn.transaction(force_rollback=True):
            conn.execute("SET LOCAL enable_seqscan = off")
            conn.execute("SET LOCAL plan_cache_mode = force_generic_plan")
            conn.execute(f"PREPARE ftroi_growth AS {numbered}")
            return _explained_reads(conn, f"EXECUTE ftroi_growth({values})" if values
                                    else "EXECUTE ftroi_growth")
    finally:
        conn.execute("DEALLOCATE ftroi_growth")  # prepared statements outlive a rollback


@pytest.fixture(scope="module")
def schemas() -> Iterator[Schemas]:
    made = Schemas()
    yield made
    made.drop()


def _read_every_name(store: Store) -> object:
    # White-box: one statement through the store's own transaction, reading every name of
    # the workspace (a LIKE on a row of each); no operation is written like this.
    with store._read() as tx:  # type: ignore[attr-defined]
        return tx.rows("SELECT count(*) AS n FROM scenarios WHERE team_id = ? "
                       "AND name_key || '' LIKE ?", ("local", "%qz%"))


def _work(url: str, size: int, *, analyse: bool, monkeypatch: pytest.MonkeyPatch,
          counting: str) -> dict[str, int]:
    store = open_store(url)
    try:
        loaded: Loaded = load(store, scenarios=size, analyse=analyse)
        ops = {**operations(store, loaded), GROWING: lambda i: _read_every_name(store)}
        counter = (sqlite_counter(store) if counting == "sqlite"
                   else postgres_counter(monkeypatch))
        with counter as count:
            return {name: count(lambda run=run: run(0)) for name, run in ops.items()}
    finally:
        store.close()


@pytest.fixture(scope="module")
def sqlite_work(tmp_path_factory: pytest.TempPathFactory) -> dict[int, dict[str, int]]:
    folder = tmp_path_factory.mktemp("growth")
    with pytest.MonkeyPatch.context() as mp:
        return {size: _work(f"sqlite:///{folder}/{size}.db", size, analyse=False,
                            monkeypatch=mp, counting="sqlite") for size in (SMALL, LARGE)}


@pytest.fixture(scope="module", params=[True, False], ids=["analysed", "no statistics"])
def postgres_work(request: pytest.FixtureRequest, schemas: Schemas
                  ) -> tuple[bool, dict[int, dict[str, int]]]:
    analysed: bool = request.param
    with pytest.MonkeyPatch.context() as mp:
        return analysed, {size: _work(schemas.new(), size, analyse=analysed, monkeypatch=mp,
                                      counting="postgres") for size in (SMALL, LARGE)}


def _grown(work: dict[int, dict[str, int]], names: list[str]) -> dict[str, tuple[int, int]]:
    return {name: (work[SMALL][name], work[LARGE][name]) for name in names
            if work[LARGE][name] > 2 * work[SMALL][name]}


def test_no_sqlite_operation_grows_with_the_workspace(
        sqlite_work: dict[int, dict[str, int]]) -> None:
    names = [name for name in sqlite_work[SMALL] if name != GROWING]
    assert all(sqlite_work[SMALL][name] > 0 for name in names)
    assert _grown(sqlite_work, names) == {}


def test_no_postgres_operation_grows_with_the_workspace(
        postgres_work: tuple[bool, dict[int, dict[str, int]]]) -> None:
    analysed, work = postgres_work
    names = [name for name in work[SMALL] if name != GROWING and (
        analysed or name in BY_KEY or name.startswith(SEARCHES))]
    assert all(work[SMALL][name] > 0 for name in names)
    assert _grown(work, names) == {}


def test_the_counts_see_a_statement_that_reads_every_name(
        sqlite_work: dict[int, dict[str, int]],
        postgres_work: tuple[bool, dict[int, dict[str, int]]]) -> None:
    # The control reads every name: the counts must show it, or the checks above prove
    # nothing. A search with few hits, of any length, stays flat.
    for work in (sqlite_work, postgres_work[1]):
        assert work[LARGE][GROWING] > 3 * work[SMALL][GROWING]
        for search in (f"search, {RARE} hits", "search, 2 letters, no hit"):
            assert work[LARGE][search] <= 2 * work[SMALL][search]

