"""Decisions recorded on a scenario version (``Store.record_decision``,
``Store.latest_decisions``), in shared SQL; the table is ``0009_decisions``
(``storage.decision_schema``).

A decision names one of the options the engine lists for that version by its id
(``engine.options.Option.id``) and keeps the label it had then, so it reads the same after
a catalog update has renamed or dropped the option. Storage checks that the version is one
of a live scenario of the workspace; that the option is one the version lists is for the
caller to check, with the engine's analysis of that version. A scenario may collect several
decisions over its versions; the latest one is the scenario's decision.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from datetime import datetime

from storage.errors import InvalidInputError
from storage.records import RecordedDecision
from storage.rules import MAX_PAGE, aware, check_id, check_version
from storage.sql_scenarios import ScenarioSql, not_found
from storage.sqlbase import Row

__all__ = ["DECISION_COLUMNS", "MAX_LABEL_LENGTH", "DecisionSql", "RecordedDecision"]

#: An option's label as the engine writes it ("Fine-tune a 7B (LoRA) and self-host it").
MAX_LABEL_LENGTH = 200

DECISION_COLUMNS = ("id, team_id, scenario_id, version, option_id, option_label, decided_by, "
                    "decided_by_name, decided_at")


def _label(value: object, *, field: str) -> str:
    if (not isinstance(value, str) or not value.strip() or len(value) > MAX_LABEL_LENGTH
            or any(ord(ch) < 32 for ch in value)):
        raise InvalidInputError(f"{field}: {value!r} is not accepted — 1–{MAX_LABEL_LENGTH} "
                                "characters on one line")
    return value


class DecisionSql(ScenarioSql):
    """The decision part of the ``Store`` protocol."""

    def record_decision(
        self,
        team_id: str,
        scenario_id: str,
        version: int,
        *,
        option_id: str,
        option_label: str,
        user_id: str,
        now: datetime,
        user_name: str | None = None,
    ) -> RecordedDecision:
        decision = RecordedDecision(
            id=secrets.token_hex(8), team_id=check_id(team_id, field="team_id"),
            scenario_id=check_id(scenario_id, field="scenario_id"),
            version=check_version(version), option_id=check_id(option_id, field="option_id"),
            option_label=_label(option_label, field="option_label"),
            decided_by=check_id(user_id, field="user_id"),
            decided_by_name=None if user_name is None else _label(user_name, field="user_name"),
            decided_at=aware(now))
        with self._write() as tx:
            found = self._one(
                tx, "SELECT 1 AS found FROM scenario_versions v JOIN scenarios s "
                    "ON s.id = v.scenario_id WHERE s.team_id = ? AND s.id = ? AND s.live "
                    "AND v.version = ?",
                (decision.team_id, decision.scenario_id, decision.version))
            if found is None:
                raise not_found(decision.scenario_id, decision.version)
            tx.run(f"INSERT INTO decisions ({DECISION_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   (decision.id, decision.team_id, decision.scenario_id, decision.version,
                    decision.option_id, decision.option_label, decision.decided_by,
                    decision.decided_by_name, self._time(decision.decided_at)))
        return decision

    def latest_decisions(
        self, team_id: str, scenario_ids: Sequence[str]
    ) -> dict[str, RecordedDecision]:
        team_id = check_id(team_id, field="team_id")
        if isinstance(scenario_ids, str) or len(scenario_ids) > MAX_PAGE:
            raise InvalidInputError(f"scenario_ids: {scenario_ids!r:.80} is not accepted — "
                                    f"a list of at most {MAX_PAGE} scenario ids")
        ids = sorted({check_id(s, field="scenario_ids") for s in scenario_ids})
        if not ids:
            return {}
        marks = ", ".join("?" for _ in ids)
        with self._read() as tx:
            # Each scenario's newest time, through the index; two decisions of one
            # microsecond are told apart by id.
            rows = tx.rows(
                f"SELECT {DECISION_COLUMNS} FROM decisions d WHERE d.scenario_id IN ({marks}) "
                "AND d.team_id = ? AND d.decided_at = (SELECT max(e.decided_at) FROM "
                "decisions e WHERE e.scenario_id = d.scenario_id) ORDER BY d.id",
                (*ids, team_id))
        return {row["scenario_id"]: self._decision(row) for row in rows}

    def _decision(self, row: Row) -> RecordedDecision:
        return RecordedDecision(**{**row, "decided_at": self._from_time(row["decided_at"])})
