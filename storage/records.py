"""What storage hands back: frozen records, the same from every backend.

All times are timezone-aware UTC. A scenario's inputs are an ``engine.models.Scenario``,
validated on the way in and again on the way out.
"""

from __future__ import annotations

from typing import Annotated, Any, Self

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, model_validator

from engine.models import Scenario

__all__ = [
    "Conversation",
    "ConversationKey",
    "ImportReport",
    "PurgeReport",
    "RecordedDecision",
    "ScenarioPage",
    "ScenarioRecord",
    "ScenarioSummary",
    "ScenarioVersion",
    "StoredScenario",
    "VersionInfo",
    "VersionPage",
]

RECORD = ConfigDict(frozen=True, extra="forbid")

Number = Annotated[int, Field(ge=1)]


class VersionInfo(BaseModel):
    """One version of a scenario, without its inputs (for a history list)."""

    model_config = RECORD

    number: Number
    author_id: str
    created_at: AwareDatetime
    # Set when this version was made by restoring an earlier one.
    restored_from: Number | None = None


class ScenarioVersion(VersionInfo):
    """One version of a scenario with its inputs."""

    inputs: Scenario


class ScenarioSummary(BaseModel):
    """A scenario as a list shows it: who, what, when; no inputs."""

    model_config = RECORD

    id: str
    team_id: str
    owner_id: str
    name: str
    latest_version: Number
    # A fork records the scenario and version it was made from; both None otherwise, or
    # once that parent has been purged.
    parent_id: str | None = None
    parent_version: Number | None = None
    created_at: AwareDatetime
    updated_at: AwareDatetime
    deleted_at: AwareDatetime | None = None
    deleted_by: str | None = None


class ScenarioRecord(ScenarioSummary):
    """A scenario with one of its versions (the latest unless another was asked for)."""

    version: ScenarioVersion

    @property
    def inputs(self) -> Scenario:
        return self.version.inputs


class ScenarioPage(BaseModel):
    """One page of a newest-first listing; pass ``next_cursor`` back for the next one."""

    model_config = RECORD

    items: list[ScenarioSummary]
    next_cursor: str | None = None


class VersionPage(BaseModel):
    """Some of a scenario's versions with their inputs, oldest first; pass ``next_after``
    back as ``after`` for the next ones (None: there are no more)."""

    model_config = RECORD

    items: list[ScenarioVersion]
    next_after: Number | None = None


class RecordedDecision(BaseModel):
    """Which option of which version was chosen, by whom (Slack id, and the name they had
    then when known) and when."""

    model_config = RECORD

    id: str
    team_id: str
    scenario_id: str
    version: int = Field(ge=1)
    option_id: str
    option_label: str
    decided_by: str
    decided_by_name: str | None = None
    decided_at: AwareDatetime


class StoredScenario(ScenarioSummary):
    """A scenario with every version, and the decisions recorded on them: the unit of
    export and import."""

    versions: list[ScenarioVersion]
    decisions: list[RecordedDecision] = Field(default_factory=list)

    @model_validator(mode="after")
    def _versions_are_whole(self) -> Self:
        numbers = [v.number for v in self.versions]
        if numbers != list(range(1, self.latest_version + 1)):
            raise ValueError(
                f"scenario {self.id}: versions must be 1…{self.latest_version} in order, "
                f"got {numbers}"
            )
        if (self.parent_id is None) != (self.parent_version is None):
            raise ValueError(f"scenario {self.id}: parent_id and parent_version go together")
        strays = [d.id for d in self.decisions if (d.scenario_id, d.team_id) != (
            self.id, self.team_id) or d.version > self.latest_version]
        if strays:
            raise ValueError(f"scenario {self.id}: decisions {strays[:5]} are not on one of "
                             "its versions")
        return self


class ConversationKey(BaseModel):
    """Who is answering which intake: a workspace, a channel, a thread and a person."""

    model_config = RECORD

    team_id: str
    channel_id: str
    thread_ts: str
    user_id: str


class Conversation(BaseModel):
    """An intake in progress. ``state`` belongs to the dialogue; storage only keeps it."""

    model_config = RECORD

    key: ConversationKey
    state: dict[str, Any]
    # Starts at 1 and goes up by one per save; pass it back as ``expected_version``.
    version: Number
    updated_at: AwareDatetime


class PurgeReport(BaseModel):
    """What one ``purge`` removed for good."""

    model_config = RECORD

    scenarios: int
    versions: int
    conversations: int
    idempotency_keys: int


class ImportReport(BaseModel):
    """What one import added; zeros when the same file is imported again."""

    model_config = RECORD

    scenarios_seen: int
    scenarios_added: int
    versions_added: int
    decisions_added: int = 0
    # Filled by storage.transfer, which also imports workspace settings.
    settings_saved: int = 0
