"""Renaming, soft delete and undelete: the owner-only changes to a scenario, in shared SQL.

A deleted scenario keeps every version and is hidden from every read but the deleted list;
its name is free again at once (uniqueness only counts live scenarios), so undeleting it
fails with ``NameTakenError`` if the name has been taken meanwhile.
"""

from __future__ import annotations

from datetime import datetime

from storage.errors import NameTakenError, NotOwnerError
from storage.records import ScenarioRecord
from storage.rules import aware, check_id, check_name, name_key
from storage.sql_scenarios import ScenarioSql, name_taken, not_found
from storage.sqlbase import Tx, UniqueViolation

__all__ = ["LifecycleSql"]


class LifecycleSql(ScenarioSql):
    """The owner-only part of the ``Store`` protocol."""

    def rename_scenario(
        self, team_id: str, scenario_id: str, name: str, *, user_id: str, now: datetime
    ) -> ScenarioRecord:
        team_id, user_id = check_id(team_id, field="team_id"), check_id(user_id, field="user_id")
        name, now = check_name(name), aware(now)
        with self._write() as tx:
            self._owned(tx, team_id, scenario_id, user_id, deleted=False, action="rename")
            try:
                tx.run(
                    "UPDATE scenarios SET name = ?, name_key = ?, updated_at = ? WHERE id = ?",
                    (name, name_key(name), self._time(now), scenario_id),
                )
            except UniqueViolation as e:
                raise name_taken(name) from e
            return self._get(tx, team_id, scenario_id, None)

    def delete_scenario(
        self, team_id: str, scenario_id: str, *, user_id: str, now: datetime
    ) -> None:
        team_id, user_id = check_id(team_id, field="team_id"), check_id(user_id, field="user_id")
        stamp = self._time(aware(now))
        with self._write() as tx:
            self._owned(tx, team_id, scenario_id, user_id, deleted=False, action="delete")
            tx.run(
                "UPDATE scenarios SET deleted_at = ?, deleted_by = ?, updated_at = ? WHERE id = ?",
                (stamp, user_id, stamp, scenario_id),
            )

    def undelete_scenario(
        self, team_id: str, scenario_id: str, *, user_id: str, now: datetime
    ) -> ScenarioRecord:
        team_id, user_id = check_id(team_id, field="team_id"), check_id(user_id, field="user_id")
        now = aware(now)
        with self._write() as tx:
            name = self._owned(tx, team_id, scenario_id, user_id, deleted=True, action="restore")
            try:
                tx.run(
                    "UPDATE scenarios SET deleted_at = NULL, deleted_by = NULL, updated_at = ? "
                    "WHERE id = ?",
                    (self._time(now), scenario_id),
                )
            except UniqueViolation as e:
                raise NameTakenError(
                    f"name: {name!r} now belongs to another scenario in this workspace; "
                    "rename that one first, then restore this one"
                ) from e
            return self._get(tx, team_id, scenario_id, None)

    def _owned(
        self, tx: Tx, team_id: str, scenario_id: str, user_id: str, *, deleted: bool, action: str
    ) -> str:
        state = "NOT live" if deleted else "live"
        row = self._one(
            tx,
            f"SELECT owner_id, name FROM scenarios WHERE id = ? AND team_id = ? AND {state}",
            (check_id(scenario_id, field="scenario_id"), team_id),
        )
        if row is None:
            raise not_found(scenario_id)
        if row["owner_id"] != user_id:
            raise NotOwnerError(
                f"only the owner of scenario {row['name']!r} ({row['owner_id']}) may {action} it"
            )
        name: str = row["name"]
        return name
