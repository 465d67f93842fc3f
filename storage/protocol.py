"""The one interface to everything ftroi remembers.

Both backends (``SQLiteStore``, ``PostgresStore``) implement it and pass the same contract
suite. It is synchronous on purpose: the async bot wraps any store in ``AsyncStore``, which
runs each call in a thread pool, instead of keeping an async twin of every method.

Every method taking ``team_id`` only ever sees that workspace's rows: an id or a name from
another workspace is simply not found. Times are arguments (``now``), never read inside.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any, Protocol, runtime_checkable

from engine.models import Scenario
from storage.owed_cards import CardOwed, OwedCard
from storage.records import (
    Conversation,
    ConversationKey,
    ImportReport,
    PurgeReport,
    RecordedDecision,
    ScenarioPage,
    ScenarioRecord,
    StoredScenario,
    VersionInfo,
    VersionPage,
)
from storage.rules import RECOVERY_PERIOD
from storage.settings import WorkspaceSettings
from storage.slack_cards import CardPlace

__all__ = ["StateUpdate", "Store"]

# Given the conversation's current state ({} when there is none yet), return the new state.
StateUpdate = Callable[[dict[str, Any]], dict[str, Any]]


@runtime_checkable
class Store(Protocol):
    """Scenarios with versions, conversations, idempotency keys and workspace settings."""

    # Scenarios -------------------------------------------------------------------------

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
        """Version 1 of a new scenario. ``NameTakenError`` if the name is in use. With
        ``owe``, its card is recorded as owed to that thread in the same transaction."""
        ...

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
        """A new scenario recording its parent (and the parent's version, latest by default);
        its inputs are the parent's unless ``inputs`` is given."""
        ...

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
        """A new version with these inputs; earlier versions stay as they were. ``owe`` as
        for ``create_scenario``."""
        ...

    def restore_version(
        self, team_id: str, scenario_id: str, version: int, *, author_id: str, now: datetime
    ) -> ScenarioRecord:
        """A new version equal to ``version``, marked as restored from it."""
        ...

    def get_scenario(
        self, team_id: str, scenario_id: str, *, version: int | None = None
    ) -> ScenarioRecord:
        """A live scenario at its latest (or the given) version; ``NotFoundError`` otherwise."""
        ...

    def find_scenario(self, team_id: str, name: str) -> ScenarioRecord:
        """A live scenario by name, ignoring case, at its latest version."""
        ...

    def list_versions(self, team_id: str, scenario_id: str) -> list[VersionInfo]:
        """Every version of a live scenario, oldest first (without their inputs)."""
        ...

    def version_history(
        self, team_id: str, scenario_id: str, *, after: int = 0, limit: int = 50
    ) -> VersionPage:
        """Up to ``limit`` (1–100) versions numbered above ``after``, with their inputs,
        oldest first: one query a page, however long the history."""
        ...

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
        """One page, most recently updated first; ``search`` matches within names, ignoring
        case; ``deleted=True`` lists the soft-deleted ones instead (to restore them)."""
        ...

    def rename_scenario(
        self, team_id: str, scenario_id: str, name: str, *, user_id: str, now: datetime
    ) -> ScenarioRecord:
        """Owner only (``NotOwnerError``); ``NameTakenError`` if the name is in use."""
        ...

    def delete_scenario(
        self, team_id: str, scenario_id: str, *, user_id: str, now: datetime
    ) -> None:
        """Soft delete, owner only; recoverable until purged (``RECOVERY_PERIOD``)."""
        ...

    def undelete_scenario(
        self, team_id: str, scenario_id: str, *, user_id: str, now: datetime
    ) -> ScenarioRecord:
        """Bring back a soft-deleted scenario, owner only, with every version."""
        ...

    def purge(self, *, now: datetime, older_than: timedelta = RECOVERY_PERIOD) -> PurgeReport:
        """Remove for good: scenarios deleted at least ``older_than`` before ``now`` (with
        their versions), conversations idle that long, and expired idempotency keys."""
        ...

    # Conversations ---------------------------------------------------------------------

    def load_conversation(self, key: ConversationKey) -> Conversation | None: ...

    def save_conversation(
        self,
        key: ConversationKey,
        state: dict[str, Any],
        expected_version: int,
        *,
        now: datetime,
    ) -> Conversation:
        """Compare-and-set: ``expected_version`` is the version read (0 for a new one);
        ``ConflictError`` if the stored version differs."""
        ...

    def update_conversation(
        self, key: ConversationKey, fn: StateUpdate, *, now: datetime, retries: int = 10
    ) -> Conversation:
        """Read, apply ``fn``, compare-and-set; on a conflict re-read and retry (so ``fn``
        may run more than once and must not have side effects)."""
        ...

    def delete_conversation(self, key: ConversationKey) -> bool:
        """True if there was one."""
        ...

    # Idempotency -----------------------------------------------------------------------

    def claim(self, key: str, ttl_seconds: float, now: datetime) -> bool:
        """True exactly once per live key (e.g. a Slack event id); again once it expired."""
        ...

    def claim_all(self, keys: Sequence[tuple[str, float]], now: datetime) -> bool:
        """Claim every ``(key, ttl_seconds)`` or none: True when none of them was live (all
        are claimed now), else False with none claimed. So two deliveries that share one
        key, claiming at the same time, never both lose, as they could one key at a time."""
        ...

    # Where result cards were posted (see ``storage.slack_cards``) ------------------------

    def record_card(self, place: CardPlace) -> None:
        """Remember which message of which thread shows which scenario version."""
        ...

    def thread_card(self, team_id: str, channel_id: str, thread_ts: str) -> CardPlace | None:
        """The first card posted in a thread, or None."""
        ...

    # Cards owed to a thread (see ``storage.owed_cards``) ---------------------------------

    def take_owed_cards(
        self, *, holder: str, now: datetime, lease: timedelta, limit: int = 10
    ) -> list[OwedCard]:
        """Owed cards whose lease has expired, now held by ``holder`` for ``lease`` (each
        taken by one caller only), oldest first."""
        ...

    def hold_owed_card(
        self, scenario_id: str, version: int, *, holder: str, now: datetime, lease: timedelta
    ) -> OwedCard | None:
        """The owed card of that version, held by ``holder`` for ``lease`` — if it held it
        already or its lease has expired; else None (another holds it, or it is posted)."""
        ...

    def card_posted(self, place: CardPlace) -> None:
        """The owed card of ``place``'s version is posted there: no longer owed, and
        recorded as ``record_card`` does, in one transaction."""
        ...

    def drop_owed_card(self, scenario_id: str, version: int) -> None:
        """Give up an owed card (its scenario was deleted, or Slack keeps refusing it)."""
        ...

    # Decisions on scenario versions (see ``storage.decisions``) ---------------------------

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
        """Record that ``user_id`` chose the option ``option_id`` (labelled ``option_label``)
        of that version; ``NotFoundError`` unless the version is of a live scenario of the
        workspace. Whether the version lists that option is the caller's check."""
        ...

    def latest_decisions(
        self, team_id: str, scenario_ids: Sequence[str]
    ) -> dict[str, RecordedDecision]:
        """The latest decision of each of up to 100 scenarios, by scenario id (those without
        one are left out)."""
        ...

    # What callers concluded from versions (see ``storage.summaries``) -----------------

    def version_summaries(
        self, team_id: str, versions: Sequence[tuple[str, int]], *, basis: str
    ) -> dict[tuple[str, int], dict[str, Any]]:
        """The summaries saved under ``basis`` of up to 100 (scenario id, version) pairs of
        live scenarios of the workspace; a version with none under that basis is left out."""
        ...

    def save_version_summaries(
        self,
        team_id: str,
        summaries: Mapping[tuple[str, int], dict[str, Any]],
        *,
        basis: str,
        now: datetime,
    ) -> int:
        """Keep up to 100 summaries (JSON objects), each replacing its version's last one;
        how many were kept (a version not of a live scenario of the workspace is not)."""
        ...

    # Workspace settings ----------------------------------------------------------------

    def get_settings(self, team_id: str) -> WorkspaceSettings:
        """The workspace's settings; empty ones if it never saved any."""
        ...

    def save_settings(
        self, team_id: str, settings: WorkspaceSettings, *, now: datetime
    ) -> None: ...

    # Export and import (see ``storage.transfer``) --------------------------------------

    def export_scenarios(
        self, *, team_id: str | None = None, after_id: str | None = None, limit: int = 500
    ) -> list[StoredScenario]:
        """Scenarios (deleted ones too) with all versions, in id order after ``after_id``."""
        ...

    def import_scenarios(self, scenarios: Sequence[StoredScenario]) -> ImportReport:
        """Add what is missing, in one transaction; what exists already is left alone."""
        ...

    def refresh_statistics(self) -> None:
        """Have the database re-read what its tables hold (``ANALYZE``), so the query
        planner knows their sizes after a bulk load; ``storage.transfer`` calls it after
        an import, and the migrations after a schema step."""
        ...

    def export_settings(self, *, team_id: str | None = None) -> dict[str, WorkspaceSettings]: ...

    # Lifecycle -------------------------------------------------------------------------

    def check_schema(self) -> None:
        """Return if the database answers and holds exactly this version's schema steps;
        else ``DatabaseError`` saying which (``SchemaTooNewError`` after a newer ftroi's
        migration). ``/readyz`` asks it."""
        ...

    def close(self) -> None: ...
