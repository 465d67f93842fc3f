"""The server backend, for several bot replicas: PostgreSQL through psycopg 3 and a pool.

Each call borrows a pooled connection for one transaction. Writes run in READ COMMITTED
(row locks serialise writers on the same row, e.g. version numbers); reads in REPEATABLE
READ, so a multi-statement read such as an export sees one snapshot.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

import psycopg
from psycopg import IsolationLevel, errors
from psycopg.conninfo import conninfo_to_dict
from psycopg.rows import dict_row
from psycopg.types.json import Jsonb
from psycopg_pool import ConnectionPool, PoolTimeout

from engine.models import Scenario
from storage.errors import DatabaseError, StorageError
from storage.postgres_schema import STEP_NAMES, analyse, applied_steps, migrate
from storage.rules import like_pattern
from storage.schema_steps import check_steps
from storage.sql_scenarios import HOLDING_COLUMNS
from storage.sql_store import SqlStore
from storage.sqlbase import Row, Tx, UniqueViolation

__all__ = ["PostgresStore", "describe_url"]


def describe_url(url: str) -> str:
    """The database a URL names, for messages; never the password."""
    try:
        parts = conninfo_to_dict(url)
    except psycopg.ProgrammingError:
        return "PostgreSQL database (unparseable URL)"
    where = f"{parts.get('host') or 'localhost'}:{parts.get('port') or 5432}"
    return f"PostgreSQL database {parts.get('dbname') or '?'!r} on {where}"


@functools.lru_cache(maxsize=512)
def _pg(sql: str) -> str:
    """Our SQL uses ``?`` placeholders (and never a literal ? or %); psycopg wants %s."""
    return sql.replace("?", "%s")


#: Three ASCII letters or digits in a row: a trigram pg_trgm keeps, whatever the locale.
_TRIGRAMS = re.compile(r"[0-9a-z]{3}")


def _as_text(text: Any) -> str:
    return str(text)


class PostgresStore(SqlStore):
    """The ``Store`` protocol on PostgreSQL; safe to share between threads."""

    def __init__(
        self, url: str, *, min_size: int = 1, max_size: int = 10, timeout_s: float = 10.0
    ) -> None:
        self.label = describe_url(url)
        try:
            with psycopg.connect(url, autocommit=True, connect_timeout=int(timeout_s)) as conn:
                migrate(conn, label=self.label)
        except psycopg.Error as e:
            raise DatabaseError(f"cannot open the {self.label}: {str(e).strip()}") from e
        self._pool: ConnectionPool[psycopg.Connection[Row]] = ConnectionPool(
            url,
            connection_class=psycopg.Connection[Row],
            min_size=min_size,
            max_size=max_size,
            timeout=timeout_s,
            kwargs={"row_factory": dict_row, "connect_timeout": int(timeout_s)},
            check=ConnectionPool.check_connection,
            name="ftroi",
            open=True,
        )
        try:
            self._pool.wait(timeout=timeout_s)
        except PoolTimeout as e:
            self._pool.close()
            raise DatabaseError(f"cannot connect a pool to the {self.label}: {e}") from e

    def close(self) -> None:
        self._pool.close()

    def refresh_statistics(self) -> None:
        with self._errors(), self._pool.connection() as conn:
            conn.autocommit = True
            try:
                analyse(conn)
            finally:
                conn.autocommit = False  # as the pool's next borrower expects it

    def check_schema(self) -> None:
        with self._errors(), self._pool.connection() as conn:
            applied = applied_steps(conn)
        check_steps(applied, STEP_NAMES, label=self.label)

    # Transactions ----------------------------------------------------------------------

    @contextmanager
    def _write(self) -> Iterator[Tx]:
        with self._errors(), self._pool.connection() as conn:
            conn.isolation_level = IsolationLevel.READ_COMMITTED
            yield _PgTx(conn, self)

    @contextmanager
    def _single_statement(self) -> Iterator[Tx]:
        with self._errors(), self._pool.connection() as conn:
            conn.autocommit = True  # no BEGIN and COMMIT around the one statement
            try:
                yield _PgTx(conn, self)
            finally:
                if not conn.closed:
                    conn.autocommit = False  # as the pool's next borrower expects it

    @contextmanager
    def _read(self) -> Iterator[Tx]:
        with self._errors(), self._pool.connection() as conn:
            conn.isolation_level = IsolationLevel.REPEATABLE_READ
            yield _PgTx(conn, self)

    @contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            yield
        except (psycopg.Error, PoolTimeout) as e:
            raise self.translate(e) from e

    def translate(self, error: Exception) -> StorageError:
        """A driver error as one of ours, naming the database."""
        message = str(error).strip()
        if isinstance(error, errors.UniqueViolation):
            return UniqueViolation(error.diag.message_detail or message)
        if isinstance(error, errors.IntegrityError):
            return StorageError(f"the {self.label} refused the change: {message}")
        if isinstance(error, PoolTimeout | psycopg.OperationalError):
            return DatabaseError(f"the {self.label} is unavailable: {message}")
        return DatabaseError(f"the {self.label} failed: {message}")

    # Values ----------------------------------------------------------------------------

    def _time(self, value: datetime) -> datetime:
        return value.astimezone(UTC)

    def _from_time(self, value: Any) -> datetime:
        stamp: datetime = value
        return stamp.astimezone(UTC)

    def _json(self, text: str) -> Jsonb:
        # Already JSON text: pass it through rather than parse and dump it again.
        return Jsonb(text, dumps=_as_text)

    def _from_json(self, value: Any) -> Any:
        return value

    def _inputs(self, value: Any) -> Scenario:
        return Scenario.model_validate(value)

    def _newest_rows(self, tx: Tx, sql: str, params: Sequence[Any]) -> list[Row]:
        # Without statistics (a bulk load before ANALYZE) the planner takes a workspace to
        # be 0.25 % of the table, and for the newest 500 of it read all of it and sorted it
        # (36 ms at 100,000) rather than walk the recency index (0.1 ms). With sorts
        # disabled for this one statement it walks the index, whatever it guesses.
        # (SET LOCAL: a failed statement rolls the transaction back, and the setting too.)
        tx.run("SET LOCAL enable_sort = off")
        rows = tx.rows(sql, params)
        tx.run("SET LOCAL enable_sort = on")
        return rows

    def _names_holding(self, key: str) -> tuple[str, tuple[Any, ...]]:
        # OFFSET 0 keeps the subquery apart: PostgreSQL neither merges it into the query
        # around it nor pushes that query's conditions into it, so it reads the names' index
        # alone and the rows found are then filtered and sorted. Merged, a plan made for any
        # search text (psycopg prepares a statement on its fifth run) walked the recency index
        # and read every name when few matched, or ANDed the index with the whole workspace.
        if _TRIGRAMS.search(key):
            # pg_trgm looks up the trigrams of a LIKE pattern's letters and digits.
            return (f"SELECT {HOLDING_COLUMNS} FROM scenarios "
                    "WHERE name_key LIKE ? ESCAPE '\\' OFFSET 0", (like_pattern(key),))
        # Else the one- and two-character pieces of 0010_short_name_search: a name holding
        # the text holds each of its pieces (one character is its own piece).
        pieces = sorted({key[i:i + 2] for i in range(max(len(key) - 1, 1))})
        return (f"SELECT {HOLDING_COLUMNS} FROM scenarios "
                "WHERE ftroi_name_grams(name_key) @> ?::text[] OFFSET 0", (pieces,))

    # One array parameter rather than a list of them. A list of 500 placeholders, once
    # psycopg prepares the statement (its fifth run), gets a generic plan that compares each
    # row with every placeholder in turn; without statistics that plan read the whole table
    # for each 500 ids (an import of 100,000 scenarios into one workspace took 289 s). An
    # array is one value: its generic plan looks each id up in the index, a plan made for
    # its values hashes them, and a whole import batch is one statement.
    ANY_CHUNK = 10_000

    def _any(self, column: str, values: Sequence[Any]) -> tuple[str, tuple[Any, ...]]:
        return f"{column} = ANY(?)", (list(values),)


class _PgTx:
    """Statements on one borrowed connection, inside its transaction."""

    def __init__(self, conn: psycopg.Connection[Row], store: PostgresStore) -> None:
        self._conn = conn
        self._store = store

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        cursor = self._execute(sql, params)
        return cursor.fetchall() if cursor.description is not None else []

    def run(self, sql: str, params: Sequence[Any] = ()) -> int:
        return self._execute(sql, params).rowcount

    def run_many(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        if rows:
            try:
                with self._conn.cursor() as cursor:
                    cursor.executemany(_pg(sql), rows)
            except psycopg.Error as e:
                raise self._store.translate(e) from e

    def _execute(self, sql: str, params: Sequence[Any]) -> psycopg.Cursor[Row]:
        try:
            return self._conn.execute(_pg(sql), params)
        except psycopg.Error as e:
            raise self._store.translate(e) from e
