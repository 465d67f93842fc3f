"""Contract: what a caller concluded from a version comes back to a reader naming the same
basis, for that version of a live scenario of the workspace only, the last one saved; it
goes with its version (``version_summaries``, ``save_version_summaries``, the schema step
``0011_version_summaries``)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from storage_support import NOW, inputs

from storage import InvalidInputError, ScenarioRecord, Store

Make = Callable[..., ScenarioRecord]
ANSWER = {"headline": "Keep gpt-4o: nothing costs less", "lifetime_usd": 87750.25, "by_day": False}


def test_a_summary_comes_back_under_its_basis_only(store: Store, make: Make) -> None:
    made = make("Support bot")
    store.save_version("T1", made.id, inputs(2), author_id="U1", now=NOW)
    assert store.save_version_summaries("T1", {(made.id, 1): ANSWER}, basis="b1", now=NOW) == 1
    assert store.version_summaries("T1", [(made.id, 1), (made.id, 2)], basis="b1") == {
        (made.id, 1): ANSWER}
    assert store.version_summaries("T1", [(made.id, 1)], basis="b2") == {}
    # Saved again under another basis, it replaces the first.
    store.save_version_summaries("T1", {(made.id, 1): {"n": 2}}, basis="b2", now=NOW)
    assert store.version_summaries("T1", [(made.id, 1)], basis="b1") == {}
    assert store.version_summaries("T1", [(made.id, 1)], basis="b2") == {(made.id, 1): {"n": 2}}
    assert store.version_summaries("T1", [], basis="b2") == {}


def test_only_a_live_scenarios_versions_of_the_workspace_keep_one(
        store: Store, make: Make) -> None:
    mine, theirs = make("Support bot"), make("Triage", team="T2")
    wanted = {(mine.id, 1): ANSWER, (mine.id, 9): ANSWER, (theirs.id, 1): ANSWER,
              ("0000000000000000", 1): ANSWER}
    assert store.save_version_summaries("T1", wanted, basis="b", now=NOW) == 1
    assert store.version_summaries("T2", [(theirs.id, 1), (mine.id, 1)], basis="b") == {}
    store.delete_scenario("T1", mine.id, user_id="U1", now=NOW)
    assert store.version_summaries("T1", [(mine.id, 1)], basis="b") == {}
    assert store.save_version_summaries("T1", {(mine.id, 1): ANSWER}, basis="b", now=NOW) == 0
    store.undelete_scenario("T1", mine.id, user_id="U1", now=NOW)
    assert store.version_summaries("T1", [(mine.id, 1)], basis="b") == {(mine.id, 1): ANSWER}


def test_a_purged_scenario_takes_its_summaries_with_it(store: Store, make: Make) -> None:
    made = make("Support bot")
    store.save_version_summaries("T1", {(made.id, 1): ANSWER}, basis="b", now=NOW)
    copy = store.export_scenarios(team_id="T1")
    store.delete_scenario("T1", made.id, user_id="U1", now=NOW)
    store.purge(now=NOW + timedelta(days=31))
    assert store.import_scenarios(copy).scenarios_added == 1  # summaries are not exported
    assert store.version_summaries("T1", [(made.id, 1)], basis="b") == {}


@pytest.mark.parametrize(("call", "field"), [
    (lambda s, i: s.version_summaries("T1", "not pairs", basis="b"), "versions"),
    (lambda s, i: s.version_summaries("T1", [(i, 0)], basis="b"), "version"),
    (lambda s, i: s.version_summaries("T1", [(i, 1)] * 101, basis="b"), "versions"),
    (lambda s, i: s.version_summaries("T1", [(i, 1)], basis=""), "basis"),
    (lambda s, i: s.save_version_summaries("T1", {(i, 1): {"x": float("nan")}}, basis="b",
                                           now=NOW), "summary"),
    (lambda s, i: s.save_version_summaries("T1", {(i, 1): ["a list"]}, basis="b", now=NOW),
     "summary"),
    (lambda s, i: s.save_version_summaries("T1", {(i, 1): {"x": "y" * 5000}}, basis="b",
                                           now=NOW), "summary"),
])
def test_bad_arguments_are_refused_naming_the_field(
        store: Store, make: Make, call: Callable[[Store, str], object], field: str) -> None:
    made = make("Support bot")
    with pytest.raises(InvalidInputError, match=rf"^{field}: .* is not accepted — "):
        call(store, made.id)
