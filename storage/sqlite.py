"""The embedded backend: one SQLite file (the standard library's ``sqlite3``; sqlite-utils
applies the schema steps, see ``sqlite_schema``).

Every thread gets its own connection (WAL mode, so readers never wait for the writer); a
finished thread's connection is closed when the next one opens. Writers in this process
queue on a lock and open ``BEGIN IMMEDIATE`` transactions; a writer in another process is
waited for up to the busy timeout. ``synchronous=NORMAL`` in WAL mode keeps every committed
transaction through a crash of the process (a power cut may lose the last few, and never
corrupts the file).
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from engine.models import Scenario
from storage.errors import DatabaseError, StorageError
from storage.schema_steps import check_steps
from storage.sql_scenarios import HOLDING_COLUMNS
from storage.sql_store import SqlStore
from storage.sqlbase import Row, Tx, UniqueViolation
from storage.sqlite_schema import STEP_NAMES, applied_steps, migrate

__all__ = ["SQLiteStore"]


class SQLiteStore(SqlStore):
    """The ``Store`` protocol on one SQLite file; safe to share between threads."""

    def __init__(self, path: str | Path, *, busy_timeout_s: float = 10.0) -> None:
        self.path = Path(path)
        self.label = f"SQLite database {str(self.path)!r}"
        self._busy_timeout_s = busy_timeout_s
        self._local = threading.local()
        # Every thread's connection, so close() can close them all and a finished thread's
        # connection is closed when the next one is opened.
        self._connections: dict[threading.Thread, sqlite3.Connection] = {}
        self._connections_lock = threading.Lock()
        self._write_lock = threading.Lock()
        self._closed = False
        if self.path.exists() and not self.path.is_file():
            raise DatabaseError(f"cannot open the {self.label}: it is not a file")
        try:
            migrate(self._connection(), label=self.label)
        except sqlite3.Error as e:
            self.close()
            raise self._unreadable(e) from e
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        with self._connections_lock:
            self._closed = True
            for conn in self._connections.values():
                conn.close()
            self._connections.clear()

    def check_schema(self) -> None:
        with self._errors():
            applied = applied_steps(self._connection())
        check_steps(applied, STEP_NAMES, label=self.label)

    # Connections -----------------------------------------------------------------------

    def _connection(self) -> sqlite3.Connection:
        """This thread's connection (opened on its first use)."""
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None or self._closed:
            conn = self._connect()
            self._local.conn = conn
        return conn

    def _connect(self) -> sqlite3.Connection:
        with self._connections_lock:
            if self._closed:
                raise StorageError(f"the store for the {self.label} is closed")
            for thread in [t for t in self._connections if not t.is_alive()]:
                self._connections.pop(thread).close()
            try:
                conn = sqlite3.connect(
                    self.path,
                    timeout=self._busy_timeout_s,
                    isolation_level=None,  # we issue BEGIN/COMMIT ourselves
                    check_same_thread=False,  # only so close() may close it from any thread
                )
            except sqlite3.Error as e:
                raise self._unreadable(e) from e
            try:
                conn.execute("PRAGMA schema_version").fetchone()  # reads the header
                (mode,) = conn.execute("PRAGMA journal_mode = WAL").fetchone()
                conn.execute(f"PRAGMA busy_timeout = {int(self._busy_timeout_s * 1000)}")
                conn.execute("PRAGMA foreign_keys = ON")
                conn.execute("PRAGMA synchronous = NORMAL")
            except sqlite3.Error as e:
                conn.close()
                raise self._unreadable(e) from e
            if str(mode).lower() != "wal":
                conn.close()
                raise DatabaseError(f"the {self.label} cannot use WAL journal mode ({mode})")
            self._connections[threading.current_thread()] = conn
            return conn

    def _unreadable(self, error: sqlite3.Error) -> DatabaseError:
        return DatabaseError(
            f"cannot open the {self.label}: {error}. ftroi has left the file as it is: check "
            "the path and its permissions, restore it from a backup, or point "
            "FTROI_DATABASE_URL at another file"
        )

    # Transactions ----------------------------------------------------------------------

    @contextmanager
    def _write(self) -> Iterator[Tx]:
        conn = self._connection()
        with self._write_lock, self._errors():
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield _SqliteTx(conn, self)
                conn.execute("COMMIT")
            except BaseException:
                conn.rollback()
                raise

    @contextmanager
    def _read(self) -> Iterator[Tx]:
        conn = self._connection()
        with self._errors():
            conn.execute("BEGIN")
            try:
                yield _SqliteTx(conn, self)
            finally:
                conn.rollback()

    @contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            yield
        except sqlite3.Error as e:
            raise self.translate(e) from e

    def translate(self, error: sqlite3.Error) -> StorageError:
        """A driver error as one of ours, naming the file."""
        message = str(error)
        if isinstance(error, sqlite3.IntegrityError):
            if message.startswith("UNIQUE"):
                return UniqueViolation(message)
            return StorageError(f"the {self.label} refused the change: {message}")
        if "locked" in message or "busy" in message:
            return DatabaseError(
                f"the {self.label} stayed locked by another process for more than "
                f"{self._busy_timeout_s:g} s"
            )
        return DatabaseError(f"the {self.label} failed: {message}")

    # Values ----------------------------------------------------------------------------

    def _time(self, value: datetime) -> str:
        # Fixed width and always UTC, so text order is time order.
        return value.astimezone(UTC).isoformat(timespec="microseconds")

    def _from_time(self, value: Any) -> datetime:
        return datetime.fromisoformat(value)

    def _json(self, text: str) -> str:
        return text

    def _from_json(self, value: Any) -> Any:
        return json.loads(value)

    def _inputs(self, value: Any) -> Scenario:
        return Scenario.model_validate_json(value)

    def _names_holding(self, key: str) -> tuple[str, tuple[Any, ...]]:
        # CROSS JOIN keeps the order written: the names found drive the join, each scenario
        # looked up by id, instead of the recency index being read until enough match.
        scenario = ("CROSS JOIN scenario_name_rows r ON r.row = found.row "
                    "CROSS JOIN scenarios ON scenarios.id = r.scenario_id")
        if len(key) >= 3:
            # FTS5's trigram index answers a quoted phrase of three characters or more.
            phrase = '"' + key.replace('"', '""') + '"'
            return (f"SELECT {HOLDING_COLUMNS} FROM (SELECT rowid AS row FROM scenario_names "
                    f"WHERE scenario_names MATCH ?) AS found {scenario}", (phrase,))
        # Shorter text has no trigram: the pieces of 0010_short_name_search, in which two
        # characters are one piece, and one character starts every piece from where it is.
        # In text order (UTF-8 bytes) those lie between it and it followed by U+10FFFF.
        last = key if len(key) == 2 else key + "\U0010ffff"
        return (f"SELECT {HOLDING_COLUMNS} FROM (SELECT DISTINCT row FROM scenario_name_grams "
                f"WHERE gram BETWEEN ? AND ?) AS found {scenario}", (key, last))

    def refresh_statistics(self) -> None:
        # Deliberately nothing: without statistics SQLite plans by its indexes' shape (an
        # equality on an index's columns is taken to pick few rows), which is right for
        # every statement here at any size; SQLite never refreshes statistics itself, so
        # ones taken of a smaller database would later mislead it.
        return None


class _SqliteTx:
    """Statements inside one transaction, on the thread's connection."""

    def __init__(self, conn: sqlite3.Connection, store: SQLiteStore) -> None:
        self._conn = conn
        self._store = store

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        cursor = self._execute(sql, params)
        if cursor.description is None:
            return []
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def run(self, sql: str, params: Sequence[Any] = ()) -> int:
        return self._execute(sql, params).rowcount

    def run_many(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        if rows:
            try:
                self._conn.executemany(sql, rows)
            except sqlite3.Error as e:
                raise self._store.translate(e) from e

    def _execute(self, sql: str, params: Sequence[Any]) -> sqlite3.Cursor:
        try:
            return self._conn.execute(sql, list(params))
        except sqlite3.Error as e:
            raise self._store.translate(e) from e
