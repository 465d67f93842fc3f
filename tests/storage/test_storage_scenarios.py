"""Contract: scenarios, versions, restore, forks, rename, soft delete and purge.

Every test runs against SQLite and PostgreSQL (the ``store`` fixture is parametrised).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from storage_support import NOW, inputs

from engine.models import Scenario
from storage import (
    RECOVERY_PERIOD,
    InvalidInputError,
    NameTakenError,
    NotFoundError,
    NotOwnerError,
    ScenarioRecord,
    Store,
)

Make = Callable[..., ScenarioRecord]


def test_a_created_scenario_reads_back_exactly(store: Store) -> None:
    given = inputs(12_345).with_value("model.gpu", "h100")
    made = store.create_scenario("T1", owner_id="U1", name="Support bot", inputs=given, now=NOW)
    got = store.get_scenario("T1", made.id)
    assert got == made
    assert got.inputs == given
    assert (got.team_id, got.owner_id, got.name) == ("T1", "U1", "Support bot")
    assert (got.latest_version, got.version.number, got.version.author_id) == (1, 1, "U1")
    assert got.created_at == got.updated_at == got.version.created_at == NOW
    assert got.parent_id is None and got.deleted_at is None


def test_every_save_is_a_new_version_and_earlier_ones_stay(store: Store, make: Make) -> None:
    first = make("Support bot", requests_per_day=1)
    for n in (2, 3, 4):
        saved = store.save_version(
            "T1", first.id, inputs(n), author_id=f"U{n}", now=NOW + timedelta(hours=n)
        )
        assert saved.latest_version == saved.version.number == n
    for n in (1, 2, 3, 4):
        assert store.get_scenario("T1", first.id, version=n).inputs == inputs(n)
    latest = store.get_scenario("T1", first.id)
    assert latest.inputs == inputs(4) and latest.updated_at == NOW + timedelta(hours=4)
    assert latest.created_at == NOW
    history = store.list_versions("T1", first.id)
    assert [(v.number, v.author_id) for v in history] == [
        (1, "U1"),
        (2, "U2"),
        (3, "U3"),
        (4, "U4"),
    ]


def test_a_version_that_does_not_exist_is_not_found(store: Store, make: Make) -> None:
    made = make("Support bot")
    with pytest.raises(NotFoundError, match="version 2"):
        store.get_scenario("T1", made.id, version=2)
    with pytest.raises(NotFoundError):
        store.get_scenario("T1", "0000000000000000")


def test_restore_adds_a_version_equal_to_the_old_one(store: Store, make: Make) -> None:
    made = make("Support bot", requests_per_day=100)
    store.save_version("T1", made.id, inputs(200), author_id="U2", now=NOW)
    restored = store.restore_version("T1", made.id, 1, author_id="U3", now=NOW)
    assert restored.version.number == 3 and restored.version.restored_from == 1
    assert restored.inputs == inputs(100)
    assert store.get_scenario("T1", made.id, version=2).inputs == inputs(200)
    assert [v.restored_from for v in store.list_versions("T1", made.id)] == [None, None, 1]


def test_a_fork_records_its_parent_and_version(store: Store, make: Make) -> None:
    parent = make("Support bot", requests_per_day=100)
    store.save_version("T1", parent.id, inputs(200), author_id="U1", now=NOW)
    of_v1 = store.fork_scenario("T1", parent.id, owner_id="U2", name="Fork one", now=NOW, version=1)
    assert (of_v1.parent_id, of_v1.parent_version) == (parent.id, 1)
    assert of_v1.inputs == inputs(100) and of_v1.owner_id == "U2" and of_v1.latest_version == 1
    of_latest = store.fork_scenario(
        "T1", parent.id, owner_id="U2", name="What if x2", now=NOW, inputs=inputs(400)
    )
    assert (of_latest.parent_version, of_latest.inputs) == (2, inputs(400))
    assert store.get_scenario("T1", parent.id).inputs == inputs(200)  # parent untouched


def test_names_are_unique_per_workspace_ignoring_case_and_spacing(store: Store, make: Make) -> None:
    made = make("Support Bot")
    for clash in ("support bot", "SUPPORT  BOT", " Support Bot ", "ｓｕｐｐｏｒｔ ｂｏｔ"):
        with pytest.raises(NameTakenError, match="already the name of another scenario"):
            make(clash)
    assert store.find_scenario("T1", "SUPPORT bot").id == made.id
    assert make("Support Bot", team="T2").team_id == "T2"  # another workspace may use it
    with pytest.raises(NameTakenError):
        store.fork_scenario("T1", made.id, owner_id="U2", name="support bot", now=NOW)


def test_rename_is_for_the_owner_and_keeps_names_unique(store: Store, make: Make) -> None:
    made, other = make("Support bot"), make("Triage")
    with pytest.raises(NotOwnerError, match="only the owner"):
        store.rename_scenario("T1", made.id, "Mine now", user_id="U9", now=NOW)
    with pytest.raises(NameTakenError):
        store.rename_scenario("T1", made.id, "TRIAGE", user_id="U1", now=NOW)
    recased = store.rename_scenario("T1", made.id, "SUPPORT BOT", user_id="U1", now=NOW)
    assert recased.name == "SUPPORT BOT" and recased.latest_version == 1
    assert store.find_scenario("T1", "support bot").id == made.id
    assert store.get_scenario("T1", other.id).name == "Triage"


def test_soft_delete_is_owner_only_hidden_and_recoverable(store: Store, make: Make) -> None:
    made = make("Support bot")
    store.save_version("T1", made.id, inputs(7), author_id="U1", now=NOW)
    with pytest.raises(NotOwnerError):
        store.delete_scenario("T1", made.id, user_id="U2", now=NOW)
    store.delete_scenario("T1", made.id, user_id="U1", now=NOW + timedelta(days=1))
    with pytest.raises(NotFoundError):
        store.get_scenario("T1", made.id)
    with pytest.raises(NotFoundError):
        store.find_scenario("T1", "Support bot")
    with pytest.raises(NotFoundError):
        store.save_version("T1", made.id, inputs(8), author_id="U1", now=NOW)
    assert store.list_scenarios("T1").items == []
    (gone,) = store.list_scenarios("T1", deleted=True).items
    assert (gone.id, gone.deleted_by, gone.deleted_at) == (made.id, "U1", NOW + timedelta(days=1))
    with pytest.raises(NotOwnerError):
        store.undelete_scenario("T1", made.id, user_id="U2", now=NOW)
    back = store.undelete_scenario("T1", made.id, user_id="U1", now=NOW + timedelta(days=2))
    assert back.deleted_at is None and back.inputs == inputs(7)
    assert [v.number for v in store.list_versions("T1", made.id)] == [1, 2]


def test_a_deleted_name_can_be_reused_and_then_blocks_undelete(store: Store, make: Make) -> None:
    old = make("Support bot")
    store.delete_scenario("T1", old.id, user_id="U1", now=NOW)
    new = make("support BOT")
    with pytest.raises(NameTakenError, match="rename that one first"):
        store.undelete_scenario("T1", old.id, user_id="U1", now=NOW)
    store.rename_scenario("T1", new.id, "Support bot v2", user_id="U1", now=NOW)
    assert store.undelete_scenario("T1", old.id, user_id="U1", now=NOW).name == "Support bot"


def test_purge_removes_only_scenarios_deleted_long_enough_ago(store: Store, make: Make) -> None:
    old, recent, live = make("Old"), make("Recent"), make("Live")
    store.save_version("T1", old.id, inputs(2), author_id="U1", now=NOW)
    fork = store.fork_scenario("T1", old.id, owner_id="U2", name="Fork of old", now=NOW)
    store.delete_scenario("T1", old.id, user_id="U1", now=NOW)
    store.delete_scenario("T1", recent.id, user_id="U1", now=NOW + timedelta(days=5))
    report = store.purge(now=NOW + RECOVERY_PERIOD + timedelta(days=1))
    assert (report.scenarios, report.versions) == (1, 2)
    with pytest.raises(NotFoundError):
        store.undelete_scenario("T1", old.id, user_id="U1", now=NOW)
    assert [s.id for s in store.list_scenarios("T1", deleted=True).items] == [recent.id]
    assert store.get_scenario("T1", live.id).name == "Live"
    orphan = store.get_scenario("T1", fork.id)
    assert (orphan.parent_id, orphan.parent_version, orphan.inputs) == (None, None, inputs(2))
    again = store.purge(now=NOW + RECOVERY_PERIOD + timedelta(days=1))
    assert (again.scenarios, again.versions) == (0, 0)


def test_listing_pages_newest_first(store: Store) -> None:
    made = [
        store.create_scenario(
            "T1",
            owner_id=f"U{i % 2}",
            name=f"Scenario {i:02}",
            inputs=inputs(i),
            now=NOW + timedelta(minutes=i),
        )
        for i in range(25)
    ]
    seen, cursor = [], None
    for expected_size in (10, 10, 5):
        page = store.list_scenarios("T1", limit=10, cursor=cursor)
        assert len(page.items) == expected_size
        seen += [s.id for s in page.items]
        cursor = page.next_cursor
    assert cursor is None
    assert seen == [s.id for s in reversed(made)]
    store.save_version("T1", made[3].id, inputs(99), author_id="U1", now=NOW + timedelta(days=1))
    assert store.list_scenarios("T1", limit=1).items[0].id == made[3].id
    mine = store.list_scenarios("T1", owner_id="U1", limit=100).items
    assert {s.owner_id for s in mine} == {"U1"} and len(mine) == 12


def test_equal_update_times_still_page_without_gaps_or_repeats(store: Store) -> None:
    ids = {
        store.create_scenario("T1", owner_id="U1", name=f"S{i}", inputs=inputs(i), now=NOW).id
        for i in range(7)
    }
    seen, cursor = [], None
    while True:
        page = store.list_scenarios("T1", limit=3, cursor=cursor)
        seen += [s.id for s in page.items]
        if (cursor := page.next_cursor) is None:
            break
    assert sorted(seen) == sorted(ids) and len(seen) == len(ids)


def test_search_matches_within_names_ignoring_case_with_literal_wildcards(
    store: Store, make: Make
) -> None:
    for name in ("Support bot", "support BOT v2", "Triage", "100% traffic", "a_b", "axb"):
        make(name)
    found = {s.name for s in store.list_scenarios("T1", search="BOT").items}
    assert found == {"Support bot", "support BOT v2"}
    assert [s.name for s in store.list_scenarios("T1", search="%").items] == ["100% traffic"]
    assert [s.name for s in store.list_scenarios("T1", search="_").items] == ["a_b"]


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda s: s.list_scenarios("T1", limit=0), "limit"),
        (lambda s: s.list_scenarios("T1", limit=101), "limit"),
        (lambda s: s.list_scenarios("T1", cursor="yesterday"), "cursor"),
        (lambda s: s.list_scenarios("", limit=5), "team_id"),
        (lambda s: s.get_scenario("T1", "0000000000000000", version=0), "version"),
        (
            lambda s: s.restore_version("T1", "0000000000000000", True, author_id="U1", now=NOW),
            "version",
        ),
        (lambda s: s.purge(now=NOW.replace(tzinfo=None)), "now"),
        (lambda s: s.purge(now=NOW, older_than=timedelta(days=-1)), "older_than"),
        (
            lambda s: s.create_scenario("T1", owner_id="U1", name="x", inputs={}, now=NOW),
            "inputs",
        ),
        (
            lambda s: s.create_scenario(
                "T1", owner_id="U 1 ", name="x", inputs=Scenario(), now=NOW
            ),
            "owner_id",
        ),
    ],
)
def test_bad_arguments_are_refused_naming_the_field(
    store: Store, call: Callable[[Store], object], field: str
) -> None:
    with pytest.raises(InvalidInputError, match=rf"^{field}: .* is not accepted — "):
        call(store)
