"""Raw export and import of whole scenarios (every version, and the decisions recorded on
them), in shared SQL.

``storage.transfer`` turns these into a JSON document. Import is idempotent: scenarios are
matched by id, what exists is left alone, and only versions past a scenario's latest one are
added, and decisions whose id is not there yet. Everything is checked before the first row
is written, and written in one transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from storage.decisions import DECISION_COLUMNS, DecisionSql
from storage.errors import InvalidInputError, TransferError
from storage.records import ImportReport, RecordedDecision, StoredScenario
from storage.rules import check_id, check_name, name_key
from storage.sql_lifecycle import LifecycleSql
from storage.sql_scenarios import SUMMARY_COLUMNS
from storage.sqlbase import Tx, UniqueViolation, chunks

__all__ = ["TransferSql"]

class TransferSql(LifecycleSql, DecisionSql):
    """Export and import for the ``Store`` protocol."""

    def export_scenarios(
        self, *, team_id: str | None = None, after_id: str | None = None, limit: int = 500
    ) -> list[StoredScenario]:
        where: list[str] = []
        params: list[Any] = []
        if team_id is not None:
            where.append("team_id = ?")
            params.append(check_id(team_id, field="team_id"))
        if after_id is not None:
            where.append("id > ?")
            params.append(check_id(after_id, field="after_id"))
        if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= 5000:
            raise InvalidInputError(f"limit: {limit!r} is not accepted — 1 to 5000")
        clause = f" WHERE {' AND '.join(where)}" if where else ""
        with self._read() as tx:
            heads = tx.rows(
                f"SELECT {SUMMARY_COLUMNS} FROM scenarios{clause} ORDER BY id LIMIT ?",
                (*params, limit),
            )
            ids = [h["id"] for h in heads]
            versions: dict[str, list[Any]] = {i: [] for i in ids}
            decisions: dict[str, list[RecordedDecision]] = {i: [] for i in ids}
            for part in chunks(ids, self.ANY_CHUNK):
                among, among_params = self._any("scenario_id", part)
                for row in tx.rows(
                    "SELECT scenario_id, version, inputs, author_id, created_at, restored_from "
                    f"FROM scenario_versions WHERE {among} ORDER BY scenario_id, version",
                    among_params,
                ):
                    versions[row["scenario_id"]].append(self._version(row))
                for row in tx.rows(
                    f"SELECT {DECISION_COLUMNS} FROM decisions WHERE {among} "
                    "ORDER BY scenario_id, decided_at, id",
                    among_params,
                ):
                    decisions[row["scenario_id"]].append(self._decision(row))
        return [StoredScenario(**dict(self._summary(h)), versions=versions[h["id"]],
                               decisions=decisions[h["id"]]) for h in heads]

    def import_scenarios(self, scenarios: Sequence[StoredScenario]) -> ImportReport:
        items = list(scenarios)
        _check_items(items)
        with self._write() as tx:
            heads = self._heads(tx, [s.id for s in items])
            strangers = [s.id for s in items if s.id in heads and heads[s.id][0] != s.team_id]
            if strangers:
                raise TransferError(
                    f"scenario ids {strangers[:5]} already belong to another workspace here"
                )
            new = [s for s in items if s.id not in heads]
            self._check_names(tx, new)
            self._check_parents(tx, new, items)
            self._insert_heads(tx, new)
            added = [(s, v) for s in new for v in s.versions]
            grown = [s for s in items if s.id in heads and s.latest_version > heads[s.id][1]]
            added += [(s, v) for s in grown for v in s.versions if v.number > heads[s.id][1]]
            tx.run_many(
                "INSERT INTO scenario_versions (scenario_id, version, inputs, author_id, "
                "created_at, restored_from) VALUES (?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (scenario_id, version) DO NOTHING",
                [
                    (
                        s.id,
                        v.number,
                        self._json(v.inputs.model_dump_json()),
                        v.author_id,
                        self._time(v.created_at),
                        v.restored_from,
                    )
                    for s, v in added
                ],
            )
            tx.run_many(
                "UPDATE scenarios SET latest_version = ?, updated_at = ? "
                "WHERE id = ? AND latest_version < ?",
                [
                    (s.latest_version, self._time(s.updated_at), s.id, s.latest_version)
                    for s in grown
                ],
            )
            decided = self._add_decisions(tx, [d for s in items for d in s.decisions])
        return ImportReport(
            scenarios_added=len(new), versions_added=len(added), scenarios_seen=len(items),
            decisions_added=decided,
        )

    def _add_decisions(self, tx: Tx, decisions: list[RecordedDecision]) -> int:
        """The decisions whose id this database does not have yet; how many."""
        known: set[str] = set()
        for part in chunks([d.id for d in decisions], self.ANY_CHUNK):
            among, params = self._any("id", part)
            known |= {r["id"] for r in tx.rows(f"SELECT id FROM decisions WHERE {among}",
                                               params)}
        fresh = [d for d in decisions if d.id not in known]
        tx.run_many(
            f"INSERT INTO decisions ({DECISION_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (id) DO NOTHING",
            [(d.id, d.team_id, d.scenario_id, d.version, d.option_id, d.option_label,
              d.decided_by, d.decided_by_name, self._time(d.decided_at)) for d in fresh],
        )
        return len(fresh)

    def _heads(self, tx: Tx, ids: list[str]) -> dict[str, tuple[str, int]]:
        heads: dict[str, tuple[str, int]] = {}
        for part in chunks(ids, self.ANY_CHUNK):
            among, params = self._any("id", part)
            for row in tx.rows(
                f"SELECT id, team_id, latest_version FROM scenarios WHERE {among}", params
            ):
                heads[row["id"]] = (row["team_id"], row["latest_version"])
        return heads

    def _check_names(self, tx: Tx, new: list[StoredScenario]) -> None:
        """Refuse, naming them, live names that clash with this database or each other."""
        taken: dict[tuple[str, str], str] = {}
        wanted: dict[str, set[str]] = {}
        for s in new:
            if s.deleted_at is None:
                wanted.setdefault(s.team_id, set()).add(name_key(s.name))
        for team, keys in sorted(wanted.items()):  # only these names: the live-name index
            for part in chunks(sorted(keys), self.ANY_CHUNK):
                among, params = self._any("name_key", part)
                for row in tx.rows(
                    "SELECT team_id, name_key, name FROM scenarios WHERE team_id = ? AND live "
                    f"AND {among}",
                    (team, *params),
                ):
                    taken[(row["team_id"], row["name_key"])] = row["name"]
        clashes = []
        for s in new:
            if s.deleted_at is None:
                slot = (s.team_id, name_key(s.name))
                if slot in taken:
                    clashes.append(f"{s.name!r} (workspace {s.team_id})")
                taken[slot] = s.name
        if clashes:
            raise TransferError(
                "these scenario names are already used by other scenarios here: "
                + ", ".join(clashes[:10])
                + "; rename them in the target (or the file) and import again"
            )

    def _check_parents(
        self, tx: Tx, new: list[StoredScenario], items: list[StoredScenario]
    ) -> None:
        """A fork's parent version must be in the file or already in this database."""
        known = {s.id: s.latest_version for s in items}
        wanted = {s.parent_id for s in new if s.parent_id and s.parent_id not in known}
        known |= {i: head[1] for i, head in self._heads(tx, sorted(wanted)).items()}
        orphans = [
            f"{s.id} (fork of {s.parent_id} version {s.parent_version})"
            for s in new
            if s.parent_id and (s.parent_version or 0) > known.get(s.parent_id, 0)
        ]
        if orphans:
            raise TransferError(
                "these forks name a parent version that is neither in the file nor in this "
                "database: " + ", ".join(orphans[:10])
            )

    def _insert_heads(self, tx: Tx, new: list[StoredScenario]) -> None:
        try:
            tx.run_many(
                "INSERT INTO scenarios (id, team_id, owner_id, name, name_key, latest_version, "
                "parent_id, parent_version, created_at, updated_at, deleted_at, deleted_by) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
                [
                    (
                        s.id,
                        s.team_id,
                        s.owner_id,
                        s.name,
                        name_key(s.name),
                        s.latest_version,
                        s.parent_id,
                        s.parent_version,
                        self._time(s.created_at),
                        self._time(s.updated_at),
                        self._time(s.deleted_at) if s.deleted_at else None,
                        s.deleted_by,
                    )
                    for s in new
                ],
            )
        except UniqueViolation as e:
            raise TransferError(f"a scenario name clashed while importing: {e}") from e


def _check_items(items: list[StoredScenario]) -> None:
    for s in items:
        if not isinstance(s, StoredScenario):
            raise InvalidInputError(
                f"scenarios: {type(s).__name__} is not accepted — a list of StoredScenario"
            )
        try:
            for field in ("id", "team_id", "owner_id"):
                check_id(getattr(s, field), field=field)
            check_name(s.name)
        except InvalidInputError as e:
            raise TransferError(f"scenario {s.id!r}: {e}") from e
    if len({s.id for s in items}) != len(items):
        raise TransferError("the import lists the same scenario id more than once")
