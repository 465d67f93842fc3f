"""Contract, both backends: decisions recorded on a scenario version (``record_decision``,
``latest_decisions``) — the schema step ``0009_decisions``."""

from __future__ import annotations

from datetime import timedelta

import pytest
from storage_support import NOW, inputs

from storage import InvalidInputError, NotFoundError, RecordedDecision, Store

BEST = ("self_hosted_finetune", "Fine-tune a 7B (LoRA) and self-host it")
KEEP = ("current_api", "Keep gpt-4o")


def decide(store: Store, scenario_id: str, version: int, option: tuple[str, str], *,
           minutes: int = 0, team: str = "T1", user: str = "U1") -> RecordedDecision:
    return store.record_decision(team, scenario_id, version, option_id=option[0],
                                 option_label=option[1], user_id=user, user_name="alice",
                                 now=NOW + timedelta(minutes=minutes))


def test_a_decision_is_recorded_with_who_chose_what_on_which_version(store: Store) -> None:
    made = store.create_scenario("T1", owner_id="U1", name="A", inputs=inputs(1), now=NOW)
    recorded = decide(store, made.id, 1, BEST)
    assert (recorded.scenario_id, recorded.version, recorded.option_id, recorded.option_label,
            recorded.decided_by, recorded.decided_by_name, recorded.decided_at) == (
        made.id, 1, *BEST, "U1", "alice", NOW)
    assert store.latest_decisions("T1", [made.id]) == {made.id: recorded}


def test_the_latest_decision_of_each_scenario_counts(store: Store) -> None:
    a = store.create_scenario("T1", owner_id="U1", name="A", inputs=inputs(1), now=NOW)
    b = store.create_scenario("T1", owner_id="U1", name="B", inputs=inputs(2), now=NOW)
    undecided = store.create_scenario("T1", owner_id="U1", name="C", inputs=inputs(3), now=NOW)
    store.save_version("T1", a.id, inputs(4), author_id="U2", now=NOW)
    decide(store, a.id, 1, KEEP)
    later = decide(store, a.id, 2, BEST, minutes=5, user="U2")
    on_b = decide(store, b.id, 1, KEEP, minutes=1)
    latest = store.latest_decisions("T1", [a.id, b.id, undecided.id])
    assert latest == {a.id: later, b.id: on_b}
    assert store.latest_decisions("T1", []) == {}


def test_decisions_are_seen_only_in_their_workspace(store: Store) -> None:
    made = store.create_scenario("T1", owner_id="U1", name="A", inputs=inputs(1), now=NOW)
    decide(store, made.id, 1, BEST)
    assert store.latest_decisions("T2", [made.id]) == {}
    with pytest.raises(NotFoundError, match="no version 1 of scenario"):
        decide(store, made.id, 1, BEST, team="T2")


def test_a_version_that_does_not_exist_or_a_deleted_scenario_is_refused(store: Store) -> None:
    made = store.create_scenario("T1", owner_id="U1", name="A", inputs=inputs(1), now=NOW)
    with pytest.raises(NotFoundError, match="no version 2"):
        decide(store, made.id, 2, BEST)
    store.delete_scenario("T1", made.id, user_id="U1", now=NOW)
    with pytest.raises(NotFoundError):
        decide(store, made.id, 1, BEST)
    assert store.latest_decisions("T1", [made.id]) == {}


def test_a_purged_scenario_takes_its_decisions_with_it(store: Store) -> None:
    made = store.create_scenario("T1", owner_id="U1", name="A", inputs=inputs(1), now=NOW)
    decide(store, made.id, 1, BEST)
    store.delete_scenario("T1", made.id, user_id="U1", now=NOW)
    store.purge(now=NOW + timedelta(days=31))
    assert store.latest_decisions("T1", [made.id]) == {}


@pytest.mark.parametrize(("field", "value"), [
    ("option_id", ""), ("option_label", "   "), ("option_label", "two\nlines"),
    ("option_label", "x" * 201), ("user_id", " U1"),
])
def test_a_bad_value_is_refused_by_its_field(store: Store, field: str, value: str) -> None:
    made = store.create_scenario("T1", owner_id="U1", name="A", inputs=inputs(1), now=NOW)
    given = {"option_id": BEST[0], "option_label": BEST[1], "user_id": "U1", field: value}
    with pytest.raises(InvalidInputError, match=f"^{field}:"):
        store.record_decision("T1", made.id, 1, now=NOW, **given)
    assert store.latest_decisions("T1", [made.id]) == {}


def test_more_scenarios_than_a_page_are_refused(store: Store) -> None:
    with pytest.raises(InvalidInputError, match="at most 100"):
        store.latest_decisions("T1", [f"s{n}" for n in range(101)])
