"""``ftroi rename``, ``delete``, ``undelete``: the owner's; anyone else is refused and the
scenario is left as it was; a deleted scenario comes back with every version."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from bot.terminal.identity import TEAM
from storage import NotFoundError
from tests.terminal_commands.cmd_support import Result, opened, record, refused

Run = Callable[..., Result]


def versions(db: str, scenario_id: str) -> list[int]:
    with opened(db) as store:
        return [v.number for v in store.list_versions(TEAM, scenario_id)]


def test_delete_by_someone_else_is_refused_and_the_scenario_intact(ftroi: Run, db: str) -> None:
    before = record(db, "Support bot")
    assert refused(ftroi("delete", "support bot", user="bob"), 1) == \
        "ftroi delete: only the owner of scenario 'Support bot' (ada) may delete it"
    after = record(db, "Support bot")
    assert after == before
    assert "Support bot" in ftroi("list").out


def test_delete_then_undelete_brings_back_every_version(ftroi: Run, db: str) -> None:
    r = record(db, "Support bot")
    with opened(db) as store:
        store.save_version(TEAM, r.id, r.inputs.with_value("workload.requests_per_day", 1),
                           author_id="ada", now=r.updated_at)
    deleted = ftroi("delete", "Support bot")
    assert deleted.code == 0
    assert deleted.out == (f"Deleted 'Support bot' (2 versions, id {r.id}). It stays "
                           "recoverable for 30 days:\n  ftroi undelete 'Support bot'\n")
    with opened(db) as store, pytest.raises(NotFoundError):
        store.find_scenario(TEAM, "Support bot")
    assert "Support bot" not in ftroi("list").out
    listed = ftroi("list", "--deleted").out
    assert "Support bot" in listed and "ftroi undelete 'Support bot'" in listed
    assert "(ada) may restore it" in refused(ftroi("undelete", "support bot", user="bob"), 1)
    back = ftroi("undelete", "SUPPORT BOT")
    assert back.out == f"Brought back 'Support bot' with its 2 versions (id {r.id}).\n"
    assert versions(db, r.id) == [1, 2]
    assert record(db, "Support bot", version=1).inputs == r.inputs


def test_undelete_refusals(ftroi: Run, db: str) -> None:
    assert refused(ftroi("undelete", "Quickstart"), 1) == \
        "ftroi undelete: 'Quickstart' is not deleted; nothing to undelete"
    assert "no deleted scenario called 'nothing'" in refused(ftroi("undelete", "nothing"), 1)
    assert ftroi("delete", "Quickstart").code == 0
    assert ftroi("rename", "Support bot", "quickstart").code == 0  # the name is free again
    assert "now belongs to another scenario" in refused(ftroi("undelete", "Quickstart"), 2)


def test_rename_is_the_owners_and_names_stay_unique(ftroi: Run, db: str) -> None:
    r = record(db, "Code generation")
    assert "(bob) may rename it" in refused(ftroi("rename", "code generation", "Mine now"), 1)
    assert record(db, "Code generation") == r
    assert "is already the name of another scenario" in \
        refused(ftroi("rename", "Code generation", "QUICKSTART", user="bob"), 2)
    done = ftroi("rename", "code generation", "Codegen 2026", user="bob")
    assert done.out == "Renamed 'Code generation' to 'Codegen 2026'.\n"
    assert record(db, "codegen 2026").id == r.id
    assert "did you mean 'Codegen 2026'" in refused(ftroi("rename", "Codegen 2025", "x"), 1)
    assert "is not accepted" in refused(ftroi("rename", "Codegen 2026", " ", user="bob"), 2)
