"""Everything ftroi remembers, behind one interface.

``open_store(url)`` returns a ``Store`` — SQLite (one file, the default) or PostgreSQL
(several bot replicas), chosen by ``FTROI_DATABASE_URL``; the async bot wraps it in
``AsyncStore``. Records come back as frozen models; every refusal is a ``StorageError``.

Modules: ``protocol`` (the interface), ``records`` and ``settings`` (what is stored),
``errors``, ``rules`` (validation shared by the backends), ``sqlbase``/``sql_*`` (the SQL
both backends run), ``slack_cards`` (where result cards were posted, with its steps in
``slack_schema``), ``sqlite``/``postgres`` and their ``*_schema`` migrations, ``aio``,
``bootstrap`` (composition) and ``transfer`` (JSON export and import).
"""

from storage.aio import AsyncStore
from storage.bootstrap import DEFAULT_DATABASE_URL, database_url, installation_stores, open_store
from storage.errors import (
    ConflictError,
    DatabaseError,
    InvalidInputError,
    NameTakenError,
    NotFoundError,
    NotOwnerError,
    SchemaTooNewError,
    StorageError,
    StoredDataError,
    TransferError,
)
from storage.owed_cards import CardOwed, OwedCard
from storage.protocol import StateUpdate, Store
from storage.records import (
    Conversation,
    ConversationKey,
    ImportReport,
    PurgeReport,
    ScenarioPage,
    ScenarioRecord,
    ScenarioSummary,
    ScenarioVersion,
    StoredScenario,
    VersionInfo,
)
from storage.rules import MAX_NAME_LENGTH, RECOVERY_PERIOD
from storage.settings import ApiPriceOverride, WorkspaceSettings
from storage.slack_cards import CardPlace

__all__ = [
    "DEFAULT_DATABASE_URL",
    "MAX_NAME_LENGTH",
    "RECOVERY_PERIOD",
    "ApiPriceOverride",
    "AsyncStore",
    "CardOwed",
    "CardPlace",
    "ConflictError",
    "Conversation",
    "ConversationKey",
    "DatabaseError",
    "ImportReport",
    "InvalidInputError",
    "NameTakenError",
    "NotFoundError",
    "NotOwnerError",
    "OwedCard",
    "PurgeReport",
    "ScenarioPage",
    "ScenarioRecord",
    "ScenarioSummary",
    "ScenarioVersion",
    "SchemaTooNewError",
    "StateUpdate",
    "StorageError",
    "Store",
    "StoredDataError",
    "StoredScenario",
    "TransferError",
    "VersionInfo",
    "WorkspaceSettings",
    "database_url",
    "installation_stores",
    "open_store",
]
