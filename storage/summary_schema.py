"""The schema step of what a caller concluded from a scenario version, for both backends.

``sqlite_schema`` and ``postgres_schema`` append it after ``0010_short_name_search`` under
the same name; it is transactional like theirs and recorded with it.

* ``0011_version_summaries`` — a small JSON object per scenario version that the caller
  computed from it (``ftroi list`` keeps each version's verdict line and lifetime cost, so
  a page of scenarios needs no analysis), with the ``basis`` it was computed on (the
  caller's name for the code and data that computed it): read under another basis, it is
  not there. A version holds one, the last saved; it goes with its version.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # sqlite-utils is loaded only to apply a step (sqlite_schema.migrate)
    from sqlite_utils import Database

__all__ = ["POSTGRES_STEPS", "SQLITE_STEPS"]


def _version_summaries_sqlite(db: Database) -> None:
    db.execute(
        """CREATE TABLE version_summaries (
            scenario_id TEXT NOT NULL,
            version INTEGER NOT NULL,
            basis TEXT NOT NULL,
            summary TEXT NOT NULL,
            saved_at TEXT NOT NULL,
            PRIMARY KEY (scenario_id, version),
            FOREIGN KEY (scenario_id, version)
                REFERENCES scenario_versions (scenario_id, version) ON DELETE CASCADE
        ) STRICT""")


SQLITE_STEPS = (("0011_version_summaries", _version_summaries_sqlite),)

POSTGRES_STEPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "0011_version_summaries",
        (
            """CREATE TABLE version_summaries (
                scenario_id text NOT NULL,
                version integer NOT NULL,
                basis text NOT NULL,
                summary jsonb NOT NULL,
                saved_at timestamptz NOT NULL,
                PRIMARY KEY (scenario_id, version),
                FOREIGN KEY (scenario_id, version)
                    REFERENCES scenario_versions (scenario_id, version) ON DELETE CASCADE
            )""",
        ),
    ),
)
