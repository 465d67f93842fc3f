"""What the shared SQL code needs from a backend: transactions and a few conversions.

The two backends speak the same SQL (``?`` placeholders, ``ON CONFLICT``, ``RETURNING``,
partial indexes); what differs — connections, locking, how times and JSON are stored, which
driver exception means what — sits behind this small seam, so the behaviour is written once.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from datetime import datetime
from typing import Any, Protocol

from pydantic import ValidationError

from engine.errors import describe_validation_error
from engine.models import Scenario
from storage.errors import StorageError, StoredDataError
from storage.records import ScenarioRecord, ScenarioSummary, ScenarioVersion

__all__ = ["Row", "SqlBackend", "Tx", "UniqueViolation"]

Row = dict[str, Any]


class UniqueViolation(StorageError):
    """A unique index refused a row; the caller knows which rule that was."""


class Tx(Protocol):
    """One open transaction. SQL uses ``?`` placeholders on every backend."""

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[Row]: ...

    def run(self, sql: str, params: Sequence[Any] = ()) -> int:
        """Execute; return the number of rows changed."""
        ...

    def run_many(self, sql: str, rows: Sequence[Sequence[Any]]) -> None: ...


class SqlBackend(ABC):
    """The seam: each backend opens transactions and converts values its own way."""

    @abstractmethod
    def _write(self) -> AbstractContextManager[Tx]:
        """A transaction that will write; committed on success, rolled back on error."""

    @abstractmethod
    def _read(self) -> AbstractContextManager[Tx]:
        """A transaction that only reads, seeing one consistent snapshot."""

    def _single_statement(self) -> AbstractContextManager[Tx]:
        """For one statement that is atomic on its own: a backend may spare the
        transaction around it (PostgreSQL: one round trip instead of three)."""
        return self._write()

    @abstractmethod
    def _time(self, value: datetime) -> Any:
        """A UTC datetime as the database stores it."""

    @abstractmethod
    def _from_time(self, value: Any) -> datetime: ...

    @abstractmethod
    def _json(self, text: str) -> Any:
        """JSON text as a query parameter for a JSON column."""

    @abstractmethod
    def _from_json(self, value: Any) -> Any:
        """A JSON column's value as Python data."""

    @abstractmethod
    def _inputs(self, value: Any) -> Scenario:
        """A stored inputs column as a validated Scenario (``ValidationError`` if not)."""

    #: How many values one :meth:`_any` may be given at a time (SQLite: at most 32,766
    #: parameters in a statement).
    ANY_CHUNK = 500

    def _any(self, column: str, values: Sequence[Any]) -> tuple[str, tuple[Any, ...]]:
        """SQL that ``column`` equals one of ``values``, and its parameters; ``values`` is at
        most :data:`ANY_CHUNK` long (see :func:`chunks`)."""
        return f"{column} IN ({', '.join('?' * len(values))})", tuple(values)

    def _newest_rows(self, tx: Tx, sql: str, params: Sequence[Any]) -> list[Row]:
        """The rows of a statement that should walk the recency index for its first rows
        (a page of the list, a search's newest names): a backend may have to keep its
        planner from reading and sorting every row instead."""
        return tx.rows(sql, params)

    @abstractmethod
    def _names_holding(self, key: str) -> tuple[str, tuple[Any, ...]]:
        """A query of the scenarios whose name key holds ``key`` (``HOLDING_COLUMNS`` of
        ``sql_scenarios``), through an index of names, and its parameters: every scenario
        that holds it, and maybe a few that do not (the caller checks each)."""

    def _one(self, tx: Tx, sql: str, params: Sequence[Any] = ()) -> Row | None:
        rows = tx.rows(sql, params)
        return rows[0] if rows else None

    # Rows to records, the same for every backend ------------------------------------------

    def _summary(self, row: Row) -> ScenarioSummary:
        deleted_at = row["deleted_at"]
        return ScenarioSummary(
            id=row["id"],
            team_id=row["team_id"],
            owner_id=row["owner_id"],
            name=row["name"],
            latest_version=row["latest_version"],
            parent_id=row["parent_id"],
            parent_version=row["parent_version"],
            created_at=self._from_time(row["created_at"]),
            updated_at=self._from_time(row["updated_at"]),
            deleted_at=self._from_time(deleted_at) if deleted_at is not None else None,
            deleted_by=row["deleted_by"],
        )

    def _version(self, row: Row, created_at_column: str = "created_at") -> ScenarioVersion:
        scenario_id = row.get("scenario_id", row.get("id"))
        try:
            inputs = self._inputs(row["inputs"])
        except ValidationError as e:
            raise StoredDataError(
                f"scenario {scenario_id} version {row['version']}: its stored inputs no "
                "longer validate: " + "; ".join(describe_validation_error(e))
            ) from e
        return ScenarioVersion(
            number=row["version"],
            author_id=row["author_id"],
            created_at=self._from_time(row[created_at_column]),
            restored_from=row["restored_from"],
            inputs=inputs,
        )

    def _record(self, row: Row) -> ScenarioRecord:
        version = self._version(row, "version_created_at")
        return ScenarioRecord(**dict(self._summary(row)), version=version)


def chunks(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
