"""The reviewed public surface: ``storage.__all__``, one protocol both backends implement
with the same signatures, one exception tree, and slack_sdk's installation stores."""

from __future__ import annotations

import inspect
import time

import pytest
from slack_sdk.oauth.installation_store import Installation
from storage_support import NOW

import storage
from storage import InvalidInputError, StorageError, Store, installation_stores
from storage.postgres import PostgresStore
from storage.sqlite import SQLiteStore


def test_the_public_names_are_the_reviewed_ones() -> None:
    assert storage.__all__ == [
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
    assert all(hasattr(storage, name) for name in storage.__all__)


PROTOCOL_METHODS = sorted(
    name for name, value in vars(Store).items() if callable(value) and not name.startswith("_")
)


@pytest.mark.parametrize("backend", [SQLiteStore, PostgresStore])
@pytest.mark.parametrize("method", PROTOCOL_METHODS)
def test_both_backends_implement_every_method_with_its_signature(
    backend: type, method: str
) -> None:
    expected = inspect.signature(getattr(Store, method))
    assert inspect.signature(getattr(backend, method)) == expected


def test_an_open_store_is_a_store(store: Store) -> None:
    assert isinstance(store, Store)


def test_every_refusal_is_a_storage_error() -> None:
    errors = [getattr(storage, name) for name in storage.__all__ if name.endswith("Error")]
    assert all(issubclass(error, StorageError) for error in errors) and len(errors) == 10
    assert issubclass(InvalidInputError, ValueError)


def test_slack_installations_and_oauth_states_live_in_the_same_database(store_url: str) -> None:
    installations, states = installation_stores(store_url, client_id="111.222")
    installations.save(
        Installation(
            app_id="A1",
            enterprise_id=None,
            team_id="T1",
            user_id="U1",
            bot_token="xoxb-test",
            bot_id="B1",
            bot_user_id="UB1",
            installed_at=time.time(),
        )
    )
    bot = installations.find_bot(enterprise_id=None, team_id="T1")
    assert bot is not None and bot.bot_token == "xoxb-test"
    assert installations.find_bot(enterprise_id=None, team_id="T2") is None
    state = states.issue()
    assert states.consume(state) is True
    assert states.consume(state) is False
    engine = getattr(installations, "engine", None)
    if engine is not None:
        engine.dispose()


def test_installation_stores_refuse_an_unknown_url() -> None:
    with pytest.raises(InvalidInputError, match="FTROI_DATABASE_URL"):
        installation_stores("redis://localhost", client_id="1")


def test_a_claim_hands_its_connection_back_transactional(pg_url: str) -> None:
    # A claim is one statement, sent without BEGIN and COMMIT (one round trip before the
    # ack): the connection must go back to the pool as every other caller expects it.
    store = PostgresStore(pg_url, max_size=1)
    try:
        assert store.claim("slack:event:Ev1", 60, NOW)
        assert not store.claim("slack:event:Ev1", 60, NOW)
        with store._pool.connection() as conn:
            assert conn.autocommit is False
    finally:
        store.close()
