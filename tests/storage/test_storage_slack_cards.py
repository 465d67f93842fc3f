"""Contract: where result cards were posted (``record_card``, ``thread_card``), both backends."""

from __future__ import annotations

from datetime import timedelta

from storage_support import NOW, inputs

from storage import CardPlace, Store


def card(scenario_id: str, message_ts: str, *, thread_ts: str = "1717243200.000100",
         version: int = 1, team_id: str = "T1", channel_id: str = "C1") -> CardPlace:
    return CardPlace(team_id=team_id, channel_id=channel_id, thread_ts=thread_ts,
                     message_ts=message_ts, scenario_id=scenario_id, version=version,
                     posted_at=NOW)


def test_a_thread_is_about_the_first_card_posted_in_it(store: Store) -> None:
    first = store.create_scenario("T1", owner_id="U1", name="A", inputs=inputs(1), now=NOW)
    fork = store.fork_scenario("T1", first.id, owner_id="U2", name="B", now=NOW)
    assert store.thread_card("T1", "C1", "1717243200.000100") is None
    store.record_card(card(fork.id, "1717243300.000200"))
    store.record_card(card(first.id, "1717243200.000300"))
    found = store.thread_card("T1", "C1", "1717243200.000100")
    assert found == card(first.id, "1717243200.000300")


def test_recording_the_same_message_again_changes_nothing(store: Store) -> None:
    made = store.create_scenario("T1", owner_id="U1", name="A", inputs=inputs(1), now=NOW)
    store.record_card(card(made.id, "1717243200.000300"))
    store.record_card(card(made.id, "1717243200.000300", version=2))
    assert store.thread_card("T1", "C1", "1717243200.000100") == \
        card(made.id, "1717243200.000300")


def test_cards_are_seen_only_in_their_workspace_channel_and_thread(store: Store) -> None:
    made = store.create_scenario("T1", owner_id="U1", name="A", inputs=inputs(1), now=NOW)
    store.record_card(card(made.id, "1717243200.000300"))
    assert store.thread_card("T2", "C1", "1717243200.000100") is None
    assert store.thread_card("T1", "C2", "1717243200.000100") is None
    assert store.thread_card("T1", "C1", "1717243200.000999") is None


def test_a_purged_scenario_takes_its_cards_with_it(store: Store) -> None:
    made = store.create_scenario("T1", owner_id="U1", name="A", inputs=inputs(1), now=NOW)
    store.record_card(card(made.id, "1717243200.000300"))
    store.delete_scenario("T1", made.id, user_id="U1", now=NOW)
    assert store.thread_card("T1", "C1", "1717243200.000100") is not None  # still restorable
    store.purge(now=NOW + timedelta(days=31))
    assert store.thread_card("T1", "C1", "1717243200.000100") is None
