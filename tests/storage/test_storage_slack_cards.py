"""Contract, both backends: where result cards were posted (``record_card``,
``thread_card``) and the cards owed to a thread (``owe=``, ``take_owed_cards``,
``hold_owed_card``, ``card_posted``, ``drop_owed_card``)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from storage_support import NOW, inputs

from storage import CardPlace, InvalidInputError, NameTakenError, Store
from storage.owed_cards import CardOwed


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


LEASE = timedelta(seconds=30)


def owed(holder: str = "request-1", *, lease: timedelta = LEASE) -> CardOwed:
    return CardOwed(channel_id="C1", thread_ts="1717243200.000100", holder=holder,
                    lease_until=NOW + lease)


def test_a_save_that_owes_its_card_records_it_in_the_same_transaction(store: Store) -> None:
    made = store.create_scenario("T1", owner_id="U1", name="A", inputs=inputs(1), now=NOW,
                                 owe=owed())
    again = store.save_version("T1", made.id, inputs(2), author_id="U1", now=NOW, owe=owed())
    # Held by the saving request until the lease ends: nobody else takes them before.
    assert store.take_owed_cards(holder="replica-2", now=NOW + LEASE / 2, lease=LEASE) == []
    taken = store.take_owed_cards(holder="replica-2", now=NOW + LEASE, lease=LEASE)
    assert [(c.scenario_id, c.version, c.holder, c.attempts) for c in taken] == [
        (made.id, 1, "replica-2", 1), (again.id, 2, "replica-2", 1)]
    assert (taken[0].team_id, taken[0].channel_id, taken[0].thread_ts) == \
        ("T1", "C1", "1717243200.000100")
    # Now held by replica-2: another replica finds nothing due.
    assert store.take_owed_cards(holder="replica-3", now=NOW + LEASE, lease=LEASE) == []


def test_a_save_refused_owes_nothing(store: Store) -> None:
    store.create_scenario("T1", owner_id="U1", name="A", inputs=inputs(1), now=NOW)
    with pytest.raises(NameTakenError):
        store.create_scenario("T1", owner_id="U1", name="a", inputs=inputs(2), now=NOW,
                              owe=owed())
    assert store.take_owed_cards(holder="r", now=NOW + LEASE * 9, lease=LEASE) == []


def test_posting_the_card_settles_it_and_records_where_it_is(store: Store) -> None:
    made = store.create_scenario("T1", owner_id="U1", name="A", inputs=inputs(1), now=NOW,
                                 owe=owed())
    store.card_posted(card(made.id, "1717243200.000300"))
    assert store.take_owed_cards(holder="r", now=NOW + LEASE * 9, lease=LEASE) == []
    assert store.thread_card("T1", "C1", "1717243200.000100") == \
        card(made.id, "1717243200.000300")


def test_its_holder_keeps_it_and_others_get_it_only_once_the_lease_expired(
        store: Store) -> None:
    made = store.create_scenario("T1", owner_id="U1", name="A", inputs=inputs(1), now=NOW,
                                 owe=owed("request-1"))
    assert store.hold_owed_card(made.id, 1, holder="request-2", now=NOW, lease=LEASE) is None
    mine = store.hold_owed_card(made.id, 1, holder="request-1", now=NOW, lease=LEASE)
    assert mine is not None and mine.holder == "request-1"
    later = store.hold_owed_card(made.id, 1, holder="request-2", now=NOW + LEASE,
                                 lease=LEASE)
    assert later is not None and later.holder == "request-2"
    store.drop_owed_card(made.id, 1)
    assert store.hold_owed_card(made.id, 1, holder="request-2", now=NOW, lease=LEASE) is None


def test_two_replicas_taking_at_once_take_each_card_once(store: Store) -> None:
    for n in range(6):
        store.create_scenario("T1", owner_id="U1", name=f"S{n}", inputs=inputs(n + 1),
                              now=NOW, owe=owed())
    due = NOW + LEASE
    with ThreadPoolExecutor(2) as pool:
        lists = list(pool.map(lambda who: store.take_owed_cards(
            holder=who, now=due, lease=LEASE, limit=6), ["a", "b"]))
    taken = [(c.scenario_id, c.version) for cards in lists for c in cards]
    assert len(taken) == len(set(taken)) == 6


def test_a_bad_lease_is_refused_by_name(store: Store) -> None:
    with pytest.raises(InvalidInputError, match="lease"):
        store.take_owed_cards(holder="r", now=NOW, lease=timedelta(0))
