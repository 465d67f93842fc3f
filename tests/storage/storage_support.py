"""Shared values and hypothesis strategies for the storage tests (one module, habit 15)."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import strategies as st

from engine.models import Scenario
from storage.records import ConversationKey
from tests.pg import require_postgres

__all__ = [
    "NOW",
    "conversation_key",
    "inputs",
    "names",
    "require_postgres",
    "sql_metacharacter_names",
]

NOW = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)


def inputs(requests_per_day: float) -> Scenario:
    """Inputs told apart by their volume."""
    return Scenario().with_value("workload.requests_per_day", requests_per_day)


def conversation_key(thread_ts: str = "1717243200.000100", team_id: str = "T1") -> ConversationKey:
    return ConversationKey(team_id=team_id, channel_id="C1", thread_ts=thread_ts, user_id="U1")


# Any name a person could type: 1–80 characters of any script, emoji, combining marks,
# punctuation and spaces, but not only spaces and no control characters.
names = st.text(
    alphabet=st.characters(exclude_categories=("Cc", "Cs")).filter(
        lambda ch: ch not in "\u2028\u2029"
    ),
    min_size=1,
    max_size=80,
).filter(lambda s: s.strip() != "")

sql_metacharacter_names = st.sampled_from(
    [
        "Robert'); DROP TABLE scenarios;--",
        "100% of traffic",
        "under_score",
        "quote \" and ' both",
        "back\\slash",
        "semi; colon",
        "%",
        "_",
        "?",
        "$1",
        "-- comment",
        "/* block */",
    ]
)
