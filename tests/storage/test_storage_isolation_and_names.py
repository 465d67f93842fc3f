"""Contract: one workspace never reaches another's scenarios; names are refused clearly or
kept exactly (any Unicode; SQL metacharacters are just characters)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from storage_support import NOW, inputs, names, sql_metacharacter_names

from storage import InvalidInputError, NotFoundError, ScenarioRecord, Store

Make = Callable[..., ScenarioRecord]

# Every way in that takes a scenario id, called from workspace T2 on T1's scenario.
FOREIGN_CALLS: dict[str, Callable[[Store, str], object]] = {
    "get": lambda s, i: s.get_scenario("T2", i),
    "get a version": lambda s, i: s.get_scenario("T2", i, version=1),
    "list versions": lambda s, i: s.list_versions("T2", i),
    "save a version": lambda s, i: s.save_version("T2", i, inputs(1), author_id="U1", now=NOW),
    "restore": lambda s, i: s.restore_version("T2", i, 1, author_id="U1", now=NOW),
    "fork": lambda s, i: s.fork_scenario("T2", i, owner_id="U1", name="Stolen", now=NOW),
    "rename": lambda s, i: s.rename_scenario("T2", i, "Renamed", user_id="U1", now=NOW),
    "delete": lambda s, i: s.delete_scenario("T2", i, user_id="U1", now=NOW),
    "undelete": lambda s, i: s.undelete_scenario("T2", i, user_id="U1", now=NOW),
}


@pytest.mark.parametrize("how", sorted(FOREIGN_CALLS))
def test_another_workspace_cannot_reach_a_scenario_by_id(
    store: Store, make: Make, how: str
) -> None:
    # Same owner id in both workspaces: ownership must not open a door across workspaces.
    mine = make("Support bot", team="T1", owner="U1")
    with pytest.raises(NotFoundError):
        FOREIGN_CALLS[how](store, mine.id)
    after = store.get_scenario("T1", mine.id)
    assert after == mine
    assert [v.number for v in store.list_versions("T1", mine.id)] == [1]
    assert store.list_scenarios("T2").items == []


def test_another_workspace_cannot_find_list_or_delete_by_name(store: Store, make: Make) -> None:
    mine = make("Support bot", team="T1")
    store.delete_scenario("T1", make("Old one", team="T1").id, user_id="U1", now=NOW)
    with pytest.raises(NotFoundError):
        store.find_scenario("T2", "Support bot")
    assert store.list_scenarios("T2", search="support").items == []
    assert store.list_scenarios("T2", deleted=True).items == []
    theirs = make("Support bot", team="T2")
    store.delete_scenario("T2", theirs.id, user_id="U1", now=NOW)
    assert store.find_scenario("T1", "Support bot") == mine
    assert store.purge(now=NOW + timedelta(days=1), older_than=timedelta(0)).scenarios == 2
    assert store.find_scenario("T1", "Support bot") == mine


@pytest.mark.parametrize(
    "bad",
    ["", " ", "\t \n", "x" * 81, "two\nlines", "nul\x00byte", "bell\x07", "sep\u2028", None, 42],
)
def test_bad_names_are_refused_saying_what_is_accepted(store: Store, bad: object) -> None:
    with pytest.raises(InvalidInputError) as refused:
        store.create_scenario("T1", owner_id="U1", name=bad, inputs=inputs(1), now=NOW)  # type: ignore[arg-type]
    assert str(refused.value).startswith(f"name: {bad!r} is not accepted — ")
    assert "1–80 characters, not only spaces" in str(refused.value)
    assert store.list_scenarios("T1").items == []


def test_eighty_characters_is_the_longest_name(store: Store) -> None:
    name = "é" * 80
    made = store.create_scenario("T1", owner_id="U1", name=name, inputs=inputs(1), now=NOW)
    assert store.get_scenario("T1", made.id).name == name


def _fresh_team() -> str:
    """A workspace no other example uses (hypothesis may repeat its own draws)."""
    return f"T{uuid.uuid4().hex[:12]}"


@settings(
    max_examples=25,
    deadline=None,
    # One store serves every example on purpose (a new database per example would be slow);
    # each example uses its own workspace, so examples cannot see each other.
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(name=names)
def test_any_unicode_name_is_kept_exactly(store: Store, name: str) -> None:
    team = _fresh_team()
    made = store.create_scenario(team, owner_id="U1", name=name, inputs=inputs(1), now=NOW)
    assert store.get_scenario(team, made.id).name == name
    assert store.find_scenario(team, name).name == name
    assert [s.name for s in store.list_scenarios(team, search=name).items] == [name]


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],  # as above
)
@given(name=sql_metacharacter_names)
def test_sql_metacharacters_are_just_characters(store: Store, name: str) -> None:
    team = _fresh_team()
    made = store.create_scenario(team, owner_id="U'1", name=name, inputs=inputs(1), now=NOW)
    store.rename_scenario(team, made.id, name + "'", user_id="U'1", now=NOW)
    assert store.find_scenario(team, name + "'").id == made.id
    assert [s.name for s in store.list_scenarios(team, search=name).items] == [name + "'"]
    assert store.list_scenarios("T1").items == []  # nothing leaked, nothing dropped
