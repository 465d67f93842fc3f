"""Scenarios and their versions, in SQL both backends run unchanged.

Every statement filters on ``team_id``: an id from another workspace matches no row, so it
reads as "not found" and nothing is changed. A new version takes the scenario row's lock
(``UPDATE … latest_version + 1 … RETURNING``), so concurrent writers get contiguous numbers.

Each statement has an index that fits it, on both backends, so none reads more rows as a
workspace grows: a live scenario is ``live`` (a column computed from ``deleted_at``, see the
schema step ``0005_scenarios_live``), a page starts after its cursor with a row-value
comparison the recency index seeks to, and a search within names asks the names' index
(trigrams, ``0006_scenario_name_search``; one or two characters,
``0010_short_name_search``) unless the newest names already fill the page.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from engine.models import Scenario
from storage.errors import InvalidInputError, NameTakenError, NotFoundError
from storage.owed_cards import CardOwed, owe_card
from storage.records import (
    ScenarioPage,
    ScenarioRecord,
    ScenarioVersion,
    VersionInfo,
    VersionPage,
)
from storage.rules import (
    aware,
    check_id,
    check_inputs,
    check_limit,
    check_name,
    check_version,
    decode_cursor,
    encode_cursor,
    like_pattern,
    name_key,
    new_scenario_id,
)
from storage.sqlbase import Row, SqlBackend, Tx, UniqueViolation

__all__ = ["HOLDING_COLUMNS", "SEARCH_WINDOW", "SUMMARY_COLUMNS", "ScenarioSql", "name_taken",
           "not_found"]

#: A search first looks through this many of the newest names (in the recency index); only
#: when they hold less than a page does it ask the trigram index, whose cost grows with the
#: number of names that match: so a common word costs a page, a rare one its few matches.
SEARCH_WINDOW = 500

_SUMMARY = ("id", "team_id", "owner_id", "name", "latest_version", "parent_id",
            "parent_version", "created_at", "updated_at", "deleted_at", "deleted_by")
SUMMARY_COLUMNS = ", ".join(_SUMMARY)
#: What a backend's :meth:`~storage.sqlbase.SqlBackend._names_holding` selects of each
#: scenario: its summary and what a listing filters on.
HOLDING_COLUMNS = ", ".join(f"scenarios.{c}" for c in (*_SUMMARY, "name_key", "live"))
_RECORD = (
    "SELECT s.id, s.team_id, s.owner_id, s.name, s.latest_version, s.parent_id, "
    "s.parent_version, s.created_at, s.updated_at, s.deleted_at, s.deleted_by, "
    "v.version, v.inputs, v.author_id, v.created_at AS version_created_at, v.restored_from "
    "FROM scenarios s JOIN scenario_versions v ON v.scenario_id = s.id "
)
_NEWEST = "ORDER BY updated_at DESC, id DESC"
_INSERT_VERSION = (
    "INSERT INTO scenario_versions (scenario_id, version, inputs, author_id, created_at, "
    "restored_from) VALUES (?, ?, ?, ?, ?, ?)"
)


def _limit(rows: int) -> str:
    """A LIMIT written into the statement rather than passed: PostgreSQL plans a statement
    prepared for any values (psycopg prepares one on its fifth run) as if a parameter LIMIT
    kept a tenth of the rows, and without statistics then read and sorted a whole workspace
    instead of walking the recency index. The numbers are ours (``check_limit``), never text
    from outside, and few: a page size plus one, or :data:`SEARCH_WINDOW`."""
    return f"LIMIT {int(rows)}"


def not_found(scenario_id: str, version: int | None = None) -> NotFoundError:
    if version is not None:
        return NotFoundError(f"no version {version} of scenario {scenario_id!r} in this workspace")
    return NotFoundError(f"no scenario {scenario_id!r} in this workspace")


def _refused_after(after: object) -> InvalidInputError:
    return InvalidInputError(
        f"after: {after!r} is not accepted — a version number (0 for the first page)"
    )


def name_taken(name: str) -> NameTakenError:
    return NameTakenError(
        f"name: {name!r} is already the name of another scenario in this workspace (names "
        "are compared ignoring case and extra spaces); choose another name"
    )


class ScenarioSql(SqlBackend):
    """Creating, versioning, reading and listing scenarios (``Store`` protocol)."""

    def create_scenario(
        self,
        team_id: str,
        *,
        owner_id: str,
        name: str,
        inputs: Scenario,
        now: datetime,
        owe: CardOwed | None = None,
    ) -> ScenarioRecord:
        team_id, owner_id = check_id(team_id, field="team_id"), check_id(owner_id, field="owner_id")
        name, text, now = check_name(name), check_inputs(inputs), aware(now)
        with self._write() as tx:
            record = self._insert(tx, team_id, owner_id, name, text, now, parent=None)
            if owe is not None:
                owe_card(tx, self, record, owe, now)
            return record

    def fork_scenario(
        self,
        team_id: str,
        scenario_id: str,
        *,
        owner_id: str,
        name: str,
        now: datetime,
        version: int | None = None,
        inputs: Scenario | None = None,
    ) -> ScenarioRecord:
        team_id, owner_id = check_id(team_id, field="team_id"), check_id(owner_id, field="owner_id")
        name, now = check_name(name), aware(now)
        text = check_inputs(inputs) if inputs is not None else None
        with self._write() as tx:
            source = self._get(tx, team_id, scenario_id, version)
            if text is None:
                text = source.inputs.model_dump_json()
            parent = (source.id, source.version.number)
            return self._insert(tx, team_id, owner_id, name, text, now, parent=parent)

    def save_version(
        self,
        team_id: str,
        scenario_id: str,
        inputs: Scenario,
        *,
        author_id: str,
        now: datetime,
        owe: CardOwed | None = None,
    ) -> ScenarioRecord:
        team_id = check_id(team_id, field="team_id")
        author_id = check_id(author_id, field="author_id")
        text, now = check_inputs(inputs), aware(now)
        with self._write() as tx:
            record = self._append(tx, team_id, scenario_id, (inputs, text), author_id, now, None)
            if owe is not None:
                owe_card(tx, self, record, owe, now)
            return record

    def restore_version(
        self, team_id: str, scenario_id: str, version: int, *, author_id: str, now: datetime
    ) -> ScenarioRecord:
        team_id = check_id(team_id, field="team_id")
        author_id = check_id(author_id, field="author_id")
        now = aware(now)
        with self._write() as tx:
            old = self._get(tx, team_id, scenario_id, version)
            inputs = (old.inputs, check_inputs(old.inputs))
            return self._append(tx, team_id, old.id, inputs, author_id, now, old.version.number)

    def get_scenario(
        self, team_id: str, scenario_id: str, *, version: int | None = None
    ) -> ScenarioRecord:
        with self._read() as tx:
            return self._get(tx, check_id(team_id, field="team_id"), scenario_id, version)

    def find_scenario(self, team_id: str, name: str) -> ScenarioRecord:
        team_id, name = check_id(team_id, field="team_id"), check_name(name)
        with self._read() as tx:
            row = self._one(
                tx,
                _RECORD + "WHERE s.team_id = ? AND s.name_key = ? AND s.live "
                "AND v.version = s.latest_version",
                (team_id, name_key(name)),
            )
        if row is None:
            raise NotFoundError(f"no scenario named {name!r} in this workspace")
        return self._record(row)

    def list_versions(self, team_id: str, scenario_id: str) -> list[VersionInfo]:
        team_id = check_id(team_id, field="team_id")
        scenario_id = check_id(scenario_id, field="scenario_id")
        with self._read() as tx:
            rows = tx.rows(
                "SELECT v.version, v.author_id, v.created_at, v.restored_from "
                "FROM scenario_versions v JOIN scenarios s ON s.id = v.scenario_id "
                "WHERE s.id = ? AND s.team_id = ? AND s.live ORDER BY v.version",
                (scenario_id, team_id),
            )
        if not rows:
            raise not_found(scenario_id)
        return [
            VersionInfo(
                number=r["version"],
                author_id=r["author_id"],
                created_at=self._from_time(r["created_at"]),
                restored_from=r["restored_from"],
            )
            for r in rows
        ]

    def version_history(
        self, team_id: str, scenario_id: str, *, after: int = 0, limit: int = 50
    ) -> VersionPage:
        team_id = check_id(team_id, field="team_id")
        scenario_id = check_id(scenario_id, field="scenario_id")
        if isinstance(after, bool) or not isinstance(after, int) or after < 0:
            raise _refused_after(after)
        limit = check_limit(limit)
        with self._read() as tx:
            rows = tx.rows(
                "SELECT v.version, v.inputs, v.author_id, v.created_at, v.restored_from, "
                "s.id AS scenario_id FROM scenario_versions v "
                "JOIN scenarios s ON s.id = v.scenario_id "
                "WHERE s.id = ? AND s.team_id = ? AND s.live AND v.version > ? "
                f"ORDER BY v.version {_limit(limit + 1)}",
                (scenario_id, team_id, after),
            )
            if not rows and not self._one(
                tx, "SELECT 1 AS found FROM scenarios WHERE id = ? AND team_id = ? AND live",
                (scenario_id, team_id),
            ):
                raise not_found(scenario_id)
        items = [self._version(r) for r in rows[:limit]]
        more = len(rows) > limit
        return VersionPage(items=items, next_after=items[-1].number if more else None)

    def list_scenarios(
        self,
        team_id: str,
        *,
        owner_id: str | None = None,
        search: str | None = None,
        deleted: bool = False,
        limit: int = 20,
        cursor: str | None = None,
    ) -> ScenarioPage:
        where = ["team_id = ?", "NOT live" if deleted else "live"]
        params: list[Any] = [check_id(team_id, field="team_id")]
        if owner_id is not None:
            where.append("owner_id = ?")
            params.append(check_id(owner_id, field="owner_id"))
        if cursor is not None:
            at, after_id = decode_cursor(cursor)
            where.append("(updated_at, id) < (?, ?)")
            params += [self._time(at), after_id]
        limit = check_limit(limit)
        key = name_key(check_name(search, field="search")) if search else None
        with self._read() as tx:
            if key is None:
                # Newest first down a recency index, whatever the planner guesses (without
                # statistics PostgreSQL read and sorted the whole workspace for a page).
                rows = self._newest_rows(
                    tx,
                    f"SELECT {SUMMARY_COLUMNS} FROM scenarios WHERE {' AND '.join(where)} "
                    f"{_NEWEST} {_limit(limit + 1)}",
                    params,
                )
            else:
                rows = self._search(tx, where, params, key, limit + 1)
        items = [self._summary(r) for r in rows[:limit]]
        more = len(rows) > limit
        return ScenarioPage(
            items=items,
            next_cursor=encode_cursor(items[-1].updated_at, items[-1].id) if more else None,
        )

    # Helpers, each running inside the caller's transaction --------------------------------

    def _search(
        self, tx: Tx, where: list[str], params: list[Any], key: str, wanted: int
    ) -> list[Row]:
        """The first ``wanted`` scenarios (newest first) matching ``where`` whose name key
        holds ``key``: from the newest :data:`SEARCH_WINDOW` when they hold that many, else
        from the scenarios the backend's index of names finds.

        Those are found first and only then filtered and sorted, so the plan is the same
        whatever the planner guesses of how many names match (the backend keeps it from
        walking the recency index instead, which reads every name when few match); the
        LIKE checks every one, as an index may return a few names more than match."""
        pattern = like_pattern(key)
        rows = self._newest_rows(
            tx,
            f"SELECT {SUMMARY_COLUMNS} FROM (SELECT {SUMMARY_COLUMNS}, name_key FROM scenarios "
            f"WHERE {' AND '.join(where)} {_NEWEST} {_limit(SEARCH_WINDOW)}) AS newest "
            f"WHERE name_key LIKE ? ESCAPE '\\' {_NEWEST} {_limit(wanted)}",
            (*params, pattern),
        )
        if len(rows) == wanted:
            return rows
        holding, holding_params = self._names_holding(key)
        return tx.rows(
            f"SELECT {SUMMARY_COLUMNS} FROM ({holding}) AS holding "
            f"WHERE {' AND '.join(where)} AND name_key LIKE ? ESCAPE '\\' {_NEWEST} "
            f"{_limit(wanted)}",
            (*holding_params, *params, pattern),
        )

    def _insert(
        self,
        tx: Tx,
        team_id: str,
        owner_id: str,
        name: str,
        text: str,
        now: datetime,
        *,
        parent: tuple[str, int] | None,
    ) -> ScenarioRecord:
        scenario_id, stamp = new_scenario_id(), self._time(now)
        parent_id, parent_version = parent if parent else (None, None)
        try:
            tx.run(
                "INSERT INTO scenarios (id, team_id, owner_id, name, name_key, latest_version, "
                "parent_id, parent_version, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?, ?)",
                (
                    scenario_id,
                    team_id,
                    owner_id,
                    name,
                    name_key(name),
                    parent_id,
                    parent_version,
                    stamp,
                    stamp,
                ),
            )
        except UniqueViolation as e:
            raise name_taken(name) from e
        tx.run(_INSERT_VERSION, (scenario_id, 1, self._json(text), owner_id, stamp, None))
        return self._get(tx, team_id, scenario_id, None)

    def _append(
        self,
        tx: Tx,
        team_id: str,
        scenario_id: str,
        inputs: tuple[Scenario, str],
        author_id: str,
        now: datetime,
        restored_from: int | None,
    ) -> ScenarioRecord:
        """A new version: ``inputs`` is the validated Scenario and its JSON."""
        stamp = self._time(now)
        head = self._one(
            tx,
            "UPDATE scenarios SET latest_version = latest_version + 1, updated_at = ? "
            "WHERE id = ? AND team_id = ? AND live "
            f"RETURNING {SUMMARY_COLUMNS}",
            (stamp, scenario_id, team_id),
        )
        if head is None:
            raise not_found(scenario_id)
        number = head["latest_version"]
        tx.run(
            _INSERT_VERSION,
            (scenario_id, number, self._json(inputs[1]), author_id, stamp, restored_from),
        )
        version = ScenarioVersion(
            number=number,
            author_id=author_id,
            created_at=now,
            restored_from=restored_from,
            inputs=inputs[0],
        )
        return ScenarioRecord(**dict(self._summary(head)), version=version)

    def _get(self, tx: Tx, team_id: str, scenario_id: str, version: int | None) -> ScenarioRecord:
        scenario_id = check_id(scenario_id, field="scenario_id")
        params: tuple[Any, ...] = (scenario_id, team_id)
        if version is None:
            # The latest number read first (a subquery run once), so the version is looked
            # up by its whole key. Joined on ``s.latest_version``, a plan made for any id
            # read every version of the scenario and kept the one that matched.
            where = "v.version = (SELECT latest_version FROM scenarios WHERE id = ?)"
            params = (*params, scenario_id)
        else:
            where, params = "v.version = ?", (*params, check_version(version))
        row = self._one(
            tx,
            _RECORD + f"WHERE s.id = ? AND s.team_id = ? AND s.live AND {where}",
            params,
        )
        if row is None:
            raise not_found(scenario_id, version)
        return self._record(row)
