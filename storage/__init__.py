"""Everything ftroi remembers, behind one interface.

``open_store(url)`` returns a ``Store`` — SQLite (one file, the default) or PostgreSQL
(several bot replicas), chosen by ``FTROI_DATABASE_URL``; the async bot wraps it in
``AsyncStore``. Records come back as frozen models; every refusal is a ``StorageError``.

Modules: ``protocol`` (the interface), ``records`` and ``settings`` (what is stored),
``errors``, ``rules`` (validation shared by the backends), ``sqlbase``/``sql_*`` (the SQL
both backends run), ``slack_cards`` (where result cards were posted, with its steps in
``slack_schema``), ``decisions`` (the option chosen on a version, its step in
``decision_schema``), ``sqlite``/``postgres`` and their ``*_schema`` migrations, ``aio``,
``bootstrap`` (composition) and ``transfer`` (JSON export and import).

The names are loaded when first used (PEP 562): importing ``storage.errors`` or
``storage.rules`` loads neither the backends nor the engine's analysis, so the command line
starts quickly and imports a database driver only when it opens that database.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from storage.aio import AsyncStore
    from storage.bootstrap import (
        DEFAULT_DATABASE_URL,
        database_url,
        installation_stores,
        open_store,
    )
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
        RecordedDecision,
        ScenarioPage,
        ScenarioRecord,
        ScenarioSummary,
        ScenarioVersion,
        StoredScenario,
        VersionInfo,
        VersionPage,
    )
    from storage.rules import MAX_NAME_LENGTH, RECOVERY_PERIOD
    from storage.settings import ApiPriceOverride, WorkspaceSettings
    from storage.slack_cards import CardPlace

#: Where each public name lives: ``module: names``.
_MODULES: dict[str, tuple[str, ...]] = {
    "storage.aio": ("AsyncStore",),
    "storage.bootstrap": ("DEFAULT_DATABASE_URL", "database_url", "installation_stores",
                          "open_store"),
    "storage.errors": ("ConflictError", "DatabaseError", "InvalidInputError", "NameTakenError",
                       "NotFoundError", "NotOwnerError", "SchemaTooNewError", "StorageError",
                       "StoredDataError", "TransferError"),
    "storage.owed_cards": ("CardOwed", "OwedCard"),
    "storage.protocol": ("StateUpdate", "Store"),
    "storage.records": ("Conversation", "ConversationKey", "ImportReport", "PurgeReport",
                        "RecordedDecision", "ScenarioPage", "ScenarioRecord", "ScenarioSummary",
                        "ScenarioVersion", "StoredScenario", "VersionInfo", "VersionPage"),
    "storage.rules": ("MAX_NAME_LENGTH", "RECOVERY_PERIOD"),
    "storage.settings": ("ApiPriceOverride", "WorkspaceSettings"),
    "storage.slack_cards": ("CardPlace",),
}
_HOMES = {name: module for module, names in _MODULES.items() for name in names}

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
    "RecordedDecision",
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
    "VersionPage",
    "WorkspaceSettings",
    "database_url",
    "installation_stores",
    "open_store",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'storage' has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_HOMES))
