"""What a caller concluded from a scenario version, kept beside it (``Store.version_summaries``,
``Store.save_version_summaries``), in shared SQL; the table is ``0011_version_summaries``
(``storage.summary_schema``).

Storage does not know what a summary says: it keeps a small JSON object per version with the
``basis`` the caller names (the code and data that computed it), and gives it back only to a
reader naming the same basis, only for a live scenario of the workspace. A version's inputs
never change, so a summary is true of it for as long as its basis is.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from storage.errors import InvalidInputError
from storage.rules import MAX_PAGE, aware, check_id, check_version
from storage.sql_scenarios import ScenarioSql

__all__ = ["MAX_SUMMARY_LENGTH", "SummarySql"]

#: A summary is a few figures and a sentence, not a document.
MAX_SUMMARY_LENGTH = 4_000

VersionKey = tuple[str, int]

_LIVE_VERSION = (
    "EXISTS (SELECT 1 FROM scenario_versions v JOIN scenarios s ON s.id = v.scenario_id "
    "WHERE s.id = ? AND s.team_id = ? AND s.live AND v.version = ?)"
)


def _keys(versions: object) -> list[VersionKey]:
    refusal = InvalidInputError(
        f"versions: {versions!r:.80} is not accepted — at most {MAX_PAGE} (scenario id, "
        "version number) pairs")
    if isinstance(versions, str | bytes) or not isinstance(versions, Sequence | Mapping):
        raise refusal
    keys = list(versions)
    if len(keys) > MAX_PAGE or not all(isinstance(k, tuple) and len(k) == 2 for k in keys):
        raise refusal
    return sorted({(check_id(i, field="scenario_id"), check_version(v)) for i, v in keys})


def _summary_json(summary: object) -> str:
    try:
        text = json.dumps(summary, allow_nan=False, separators=(",", ":"), sort_keys=True)
    except (TypeError, ValueError) as e:
        raise InvalidInputError(
            f"summary: {summary!r:.80} is not accepted — a dict that JSON can encode ({e})"
        ) from e
    if not isinstance(summary, dict) or len(text) > MAX_SUMMARY_LENGTH:
        raise InvalidInputError(f"summary: {text:.80} is not accepted — a dict of at most "
                                f"{MAX_SUMMARY_LENGTH} characters of JSON")
    return text


class SummarySql(ScenarioSql):
    """The summaries part of the ``Store`` protocol."""

    def version_summaries(
        self, team_id: str, versions: Sequence[tuple[str, int]], *, basis: str
    ) -> dict[tuple[str, int], dict[str, Any]]:
        team_id, basis = check_id(team_id, field="team_id"), check_id(basis, field="basis")
        keys = _keys(versions)
        if not keys:
            return {}
        # Two lookups by primary key, whatever the planner knows: the versions' summaries,
        # then which of their scenarios are live ones of the workspace. As one join, a
        # PostgreSQL without statistics read all the workspace's scenarios to check them.
        wanted = " OR ".join("(scenario_id = ? AND version = ?)" for _ in keys)
        with self._read() as tx:
            rows = tx.rows(
                "SELECT scenario_id, version, summary FROM version_summaries "
                f"WHERE ({wanted}) AND basis = ?",
                (*(part for key in keys for part in key), basis),
            )
            ids = sorted({r["scenario_id"] for r in rows})
            # By id alone: given the team too, both planners may walk the team's index.
            live = {r["id"] for r in tx.rows(
                f"SELECT id, team_id, live FROM scenarios WHERE id IN "
                f"({', '.join('?' for _ in ids)})", ids) if r["team_id"] == team_id
                and r["live"]} if ids else set()
        return {(r["scenario_id"], r["version"]): self._from_json(r["summary"])
                for r in rows if r["scenario_id"] in live}

    def save_version_summaries(
        self,
        team_id: str,
        summaries: Mapping[tuple[str, int], dict[str, Any]],
        *,
        basis: str,
        now: datetime,
    ) -> int:
        team_id, basis = check_id(team_id, field="team_id"), check_id(basis, field="basis")
        stamp = self._time(aware(now))
        rows = [(key, _summary_json(summaries[key])) for key in _keys(summaries)]
        kept = 0
        with self._write() as tx:
            for (scenario_id, version), text in rows:
                kept += tx.run(
                    "INSERT INTO version_summaries (scenario_id, version, basis, summary, "
                    "saved_at) SELECT ?, CAST(? AS INTEGER), ?, ?, ? "
                    f"WHERE {_LIVE_VERSION} ON CONFLICT (scenario_id, version) DO UPDATE SET "
                    "basis = excluded.basis, summary = excluded.summary, "
                    "saved_at = excluded.saved_at",
                    (scenario_id, version, basis, self._json(text), stamp,
                     scenario_id, team_id, version),
                )
        return kept
