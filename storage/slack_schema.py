"""The schema steps of what ftroi remembers about its Slack messages, for both backends.

``sqlite_schema`` and ``postgres_schema`` append these steps to their own, under the same
names; each is transactional like theirs and recorded with it.

* ``0007_slack_cards`` — which message holds the result card of which scenario version,
  and in which thread: a reply in that thread ("what if we use an H100?") is about that
  scenario. Slack could tell (``conversations.replies``), but a bot token may not read a
  channel's thread with it, and apps outside the Marketplace get one call a minute and 15
  messages a call (docs.slack.dev/reference/methods/conversations.replies), so ftroi keeps
  its own record of every card it posts.
* ``0008_owed_cards`` — the result cards owed to a thread: an intake's save records, in
  its own transaction, that the card of that version is owed to the intake's thread; the
  replica that posts it holds a lease on the row, and deletes it with the card recorded.
  A replica killed between the save and the post leaves the row, which any replica takes
  once its lease has expired (``ftroi serve`` looks at start and every few seconds).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # sqlite-utils is loaded only to apply a step (sqlite_schema.migrate)
    from sqlite_utils import Database

__all__ = ["POSTGRES_STEPS", "SQLITE_STEPS"]


def _slack_cards_sqlite(db: Database) -> None:
    db.execute(
        """CREATE TABLE slack_cards (
            team_id TEXT NOT NULL,
            channel_id TEXT NOT NULL,
            message_ts TEXT NOT NULL,
            thread_ts TEXT NOT NULL,
            scenario_id TEXT NOT NULL REFERENCES scenarios (id) ON DELETE CASCADE,
            version INTEGER NOT NULL CHECK (version >= 1),
            posted_at TEXT NOT NULL,
            PRIMARY KEY (team_id, channel_id, message_ts)
        ) STRICT""")
    db.execute("CREATE INDEX slack_cards_thread "
               "ON slack_cards (team_id, channel_id, thread_ts, message_ts)")
    db.execute("CREATE INDEX slack_cards_scenario ON slack_cards (scenario_id)")


def _owed_cards_sqlite(db: Database) -> None:
    db.execute(
        """CREATE TABLE owed_cards (
            scenario_id TEXT NOT NULL REFERENCES scenarios (id) ON DELETE CASCADE,
            version INTEGER NOT NULL CHECK (version >= 1),
            team_id TEXT NOT NULL,
            channel_id TEXT NOT NULL,
            thread_ts TEXT NOT NULL,
            owed_at TEXT NOT NULL,
            holder TEXT NOT NULL,
            lease_until TEXT NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (scenario_id, version)
        ) STRICT""")
    db.execute("CREATE INDEX owed_cards_due ON owed_cards (lease_until)")


SQLITE_STEPS = (("0007_slack_cards", _slack_cards_sqlite),
                ("0008_owed_cards", _owed_cards_sqlite))

POSTGRES_STEPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "0007_slack_cards",
        (
            """CREATE TABLE slack_cards (
                team_id text NOT NULL,
                channel_id text NOT NULL,
                message_ts text NOT NULL,
                thread_ts text NOT NULL,
                scenario_id text NOT NULL REFERENCES scenarios (id) ON DELETE CASCADE,
                version integer NOT NULL CHECK (version >= 1),
                posted_at timestamptz NOT NULL,
                PRIMARY KEY (team_id, channel_id, message_ts)
            )""",
            "CREATE INDEX slack_cards_thread "
            "ON slack_cards (team_id, channel_id, thread_ts, message_ts)",
            "CREATE INDEX slack_cards_scenario ON slack_cards (scenario_id)",
        ),
    ),
    (
        "0008_owed_cards",
        (
            """CREATE TABLE owed_cards (
                scenario_id text NOT NULL REFERENCES scenarios (id) ON DELETE CASCADE,
                version integer NOT NULL CHECK (version >= 1),
                team_id text NOT NULL,
                channel_id text NOT NULL,
                thread_ts text NOT NULL,
                owed_at timestamptz NOT NULL,
                holder text NOT NULL,
                lease_until timestamptz NOT NULL,
                attempts integer NOT NULL DEFAULT 0,
                PRIMARY KEY (scenario_id, version)
            )""",
            "CREATE INDEX owed_cards_due ON owed_cards (lease_until)",
        ),
    ),
)
