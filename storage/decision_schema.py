"""The schema step of the decisions recorded on scenario versions, for both backends.

``sqlite_schema`` and ``postgres_schema`` append it after their own steps and Slack's,
under the same name; it is transactional like theirs and recorded with it.

* ``0009_decisions`` — which option of a scenario version someone chose (the option's id,
  as ``engine.options`` names it, and the label it had), who chose it and when. A row
  belongs to its version: purging the scenario takes its versions and their decisions.
  One index serves both the latest decision of each scenario on a page (the App Home) and
  the cascade from a version.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # sqlite-utils is loaded only to apply a step (sqlite_schema.migrate)
    from sqlite_utils import Database

__all__ = ["POSTGRES_STEPS", "SQLITE_STEPS"]


def _decisions_sqlite(db: Database) -> None:
    db.execute(
        """CREATE TABLE decisions (
            id TEXT PRIMARY KEY,
            team_id TEXT NOT NULL,
            scenario_id TEXT NOT NULL,
            version INTEGER NOT NULL CHECK (version >= 1),
            option_id TEXT NOT NULL,
            option_label TEXT NOT NULL,
            decided_by TEXT NOT NULL,
            decided_by_name TEXT,
            decided_at TEXT NOT NULL,
            FOREIGN KEY (scenario_id, version)
                REFERENCES scenario_versions (scenario_id, version) ON DELETE CASCADE
        ) STRICT""")
    db.execute("CREATE INDEX decisions_scenario "
               "ON decisions (scenario_id, decided_at DESC)")


SQLITE_STEPS = (("0009_decisions", _decisions_sqlite),)

POSTGRES_STEPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "0009_decisions",
        (
            """CREATE TABLE decisions (
                id text PRIMARY KEY,
                team_id text NOT NULL,
                scenario_id text NOT NULL,
                version integer NOT NULL CHECK (version >= 1),
                option_id text NOT NULL,
                option_label text NOT NULL,
                decided_by text NOT NULL,
                decided_by_name text,
                decided_at timestamptz NOT NULL,
                FOREIGN KEY (scenario_id, version)
                    REFERENCES scenario_versions (scenario_id, version) ON DELETE CASCADE
            )""",
            "CREATE INDEX decisions_scenario "
            "ON decisions (scenario_id, decided_at DESC)",
        ),
    ),
)
