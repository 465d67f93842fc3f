"""Contract: conversations with compare-and-set, idempotency keys, workspace settings."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from pydantic import ValidationError
from storage_support import NOW, conversation_key

from storage import (
    ConflictError,
    ConversationKey,
    InvalidInputError,
    Store,
    WorkspaceSettings,
)


def test_a_conversation_saves_and_loads_with_its_version(store: Store) -> None:
    key = conversation_key()
    assert store.load_conversation(key) is None
    state = {"step": "workload", "draft": {"workload.requests_per_day": 50_000}, "history": []}
    saved = store.save_conversation(key, state, 0, now=NOW)
    assert saved.version == 1
    loaded = store.load_conversation(key)
    assert loaded is not None
    assert (loaded.state, loaded.version, loaded.updated_at) == (state, 1, NOW)
    store.save_conversation(key, {**state, "step": "api"}, 1, now=NOW + timedelta(seconds=5))
    again = store.load_conversation(key)
    assert again is not None and again.version == 2 and again.state["step"] == "api"


def test_what_a_save_returns_is_what_a_load_returns(store: Store) -> None:
    key = conversation_key()
    saved = store.save_conversation(key, {"history": ("workload", "api"), "n": 1}, 0, now=NOW)
    assert saved == store.load_conversation(key)
    assert saved.state == {"history": ["workload", "api"], "n": 1}  # as JSON keeps it


def test_a_stale_save_is_a_conflict_and_changes_nothing(store: Store) -> None:
    key = conversation_key()
    store.save_conversation(key, {"answers": ["a"]}, 0, now=NOW)
    store.save_conversation(key, {"answers": ["a", "b"]}, 1, now=NOW)
    with pytest.raises(ConflictError, match="changed since version 1"):
        store.save_conversation(key, {"answers": ["a", "c"]}, 1, now=NOW)
    with pytest.raises(ConflictError):
        store.save_conversation(key, {"answers": []}, 0, now=NOW)  # it exists already
    loaded = store.load_conversation(key)
    assert loaded is not None and (loaded.state, loaded.version) == ({"answers": ["a", "b"]}, 2)


def test_update_rereads_and_retries_until_the_answer_lands(store: Store) -> None:
    key = conversation_key()
    store.save_conversation(key, {"answers": []}, 0, now=NOW)
    interfered: list[bool] = []

    def add_answer(state: dict[str, Any]) -> dict[str, Any]:
        if not interfered:  # another replica saves between our read and our write, once
            interfered.append(True)
            store.save_conversation(key, {"answers": ["theirs"]}, 1, now=NOW)
        return {"answers": [*state["answers"], "mine"]}

    result = store.update_conversation(key, add_answer, now=NOW)
    assert result.state == {"answers": ["theirs", "mine"]} and result.version == 3


def test_update_gives_up_after_its_retries(store: Store) -> None:
    key = conversation_key()
    store.save_conversation(key, {"n": 0}, 0, now=NOW)

    def always_beaten(state: dict[str, Any]) -> dict[str, Any]:
        current = store.load_conversation(key)
        assert current is not None
        store.save_conversation(key, {"n": current.state["n"] + 1}, current.version, now=NOW)
        return {"n": -1}

    with pytest.raises(ConflictError):
        store.update_conversation(key, always_beaten, now=NOW, retries=2)
    loaded = store.load_conversation(key)
    assert loaded is not None and loaded.state == {"n": 3}  # three attempts, all beaten


def test_update_starts_a_new_conversation_from_an_empty_state(store: Store) -> None:
    key = conversation_key()
    result = store.update_conversation(key, lambda state: {**state, "step": "workload"}, now=NOW)
    assert (result.state, result.version) == ({"step": "workload"}, 1)


def test_conversations_are_keyed_by_team_channel_thread_and_user(store: Store) -> None:
    keys = [
        ConversationKey(team_id=t, channel_id=c, thread_ts=ts, user_id=u)
        for t, c, ts, u in [
            ("T1", "C1", "1.1", "U1"),
            ("T2", "C1", "1.1", "U1"),
            ("T1", "C2", "1.1", "U1"),
            ("T1", "C1", "1.2", "U1"),
            ("T1", "C1", "1.1", "U2"),
        ]
    ]
    for n, key in enumerate(keys):
        store.save_conversation(key, {"n": n}, 0, now=NOW)
    for n, key in enumerate(keys):
        loaded = store.load_conversation(key)
        assert loaded is not None and loaded.state == {"n": n}
    assert store.delete_conversation(keys[0]) is True
    assert store.delete_conversation(keys[0]) is False
    assert store.load_conversation(keys[0]) is None and store.load_conversation(keys[1])


def test_idle_conversations_are_purged(store: Store) -> None:
    idle, active = conversation_key("1.1"), conversation_key("1.2")
    store.save_conversation(idle, {}, 0, now=NOW)
    store.save_conversation(active, {}, 0, now=NOW + timedelta(days=29))
    assert store.purge(now=NOW + timedelta(days=31)).conversations == 1
    assert store.load_conversation(idle) is None and store.load_conversation(active)


@pytest.mark.parametrize(
    ("state", "expected_version", "field"),
    [
        ({"x": float("nan")}, 0, "state"),
        ({"x": object()}, 0, "state"),
        (["not", "a", "dict"], 0, "state"),
        ({}, -1, "expected_version"),
        ({}, "1", "expected_version"),
    ],
)
def test_bad_conversation_saves_are_refused(
    store: Store, state: Any, expected_version: Any, field: str
) -> None:
    with pytest.raises(InvalidInputError, match=rf"^{field}: "):
        store.save_conversation(conversation_key(), state, expected_version, now=NOW)
    assert store.load_conversation(conversation_key()) is None


def test_a_delivery_is_claimed_exactly_once_while_live(store: Store) -> None:
    assert store.claim("Ev0123", 300, NOW) is True
    assert store.claim("Ev0123", 300, NOW) is False
    assert store.claim("Ev0123", 300, NOW + timedelta(seconds=299)) is False
    assert store.claim("Ev0456", 300, NOW) is True  # another delivery


def test_a_delivery_claims_all_its_keys_or_none(store: Store) -> None:
    event, signed = ("slack:event:Ev1", 7200), ("slack:request:ab12", 600)
    assert store.claim_all([event, signed], NOW) is True
    assert store.claim("slack:event:Ev1", 60, NOW) is False  # both were claimed
    assert store.claim("slack:request:ab12", 60, NOW) is False
    # Slack's retry: the same event id, a new signature. Refused whole: its own key is
    # not left claimed by the refusal.
    assert store.claim_all([event, ("slack:request:cd34", 600)], NOW) is False
    assert store.claim("slack:request:cd34", 60, NOW) is True
    assert store.claim_all([], NOW) is True  # nothing to claim: nothing stands in the way


def test_an_expired_claim_can_be_claimed_again_and_is_purged(store: Store) -> None:
    assert store.claim("Ev1", 60, NOW)
    assert store.claim("Ev2", 600, NOW)
    assert store.claim("Ev1", 60, NOW + timedelta(seconds=60)) is True  # expired: reclaimed
    assert store.claim("Ev1", 60, NOW + timedelta(seconds=90)) is False  # the new claim lives
    report = store.purge(now=NOW + timedelta(seconds=200))
    assert report.idempotency_keys == 1  # Ev1 (expired at +120); Ev2 lives until +600
    assert store.claim("Ev2", 60, NOW + timedelta(seconds=300)) is False


def test_a_claim_needs_a_positive_ttl_and_an_aware_time(store: Store) -> None:
    with pytest.raises(InvalidInputError, match=r"^ttl_seconds: "):
        store.claim("Ev1", 0, NOW)
    with pytest.raises(InvalidInputError, match=r"^now: "):
        store.claim("Ev1", 60, NOW.replace(tzinfo=None))


def test_settings_default_to_empty_and_round_trip(store: Store) -> None:
    assert store.get_settings("T1") == WorkspaceSettings()
    settings = WorkspaceSettings.model_validate(
        {
            "api_prices": {"gpt-4o": {"input_usd_per_1m_tokens": 2, "output_usd_per_1m_tokens": 8}},
            "gpu_usd_per_hour": {"H100": 2.49, "a10g": 0.75},
            "defaults": {"project.engineer_usd_per_hour": 120, "model.gpu": "h100"},
        }
    )
    store.save_settings("T1", settings, now=NOW)
    assert store.get_settings("T1") == settings
    assert store.get_settings("T2") == WorkspaceSettings()
    assert settings.gpu_usd_per_hour == {"h100": 2.49, "a10g": 0.75}
    scenario = settings.new_scenario()
    assert (scenario.project.engineer_usd_per_hour, scenario.model.gpu) == (120, "h100")
    store.save_settings("T1", WorkspaceSettings(), now=NOW)
    assert store.get_settings("T1") == WorkspaceSettings()


@pytest.mark.parametrize(
    ("data", "says"),
    [
        ({"gpu_usd_per_hour": {"tpu-v9": 1}}, "unknown GPU 'tpu-v9'"),
        ({"gpu_usd_per_hour": {"h100": -1}}, "greater than or equal to 0"),
        (
            {
                "api_prices": {
                    "no-such-model": {"input_usd_per_1m_tokens": 1, "output_usd_per_1m_tokens": 1}
                }
            },
            "unknown API model",
        ),
        ({"defaults": {"workload.requests_per_day": -5}}, "workload.requests_per_day: -5"),
        ({"defaults": {"workload.nope": 1}}, "not an input"),
        ({"price_overrides": {}}, "Extra inputs are not permitted"),
    ],
)
def test_bad_settings_are_refused_naming_the_problem(data: dict[str, Any], says: str) -> None:
    with pytest.raises(ValidationError, match=says):
        WorkspaceSettings.model_validate(data)
