"""``ftroi history`` lists every version with what changed; ``ftroi restore`` makes a new
version equal to an old one."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from bot.commands.show_cmd import stamp
from bot.terminal.identity import TEAM
from engine.figures import usd
from tests.terminal_commands.cmd_support import T0, Result, analysis, flat, opened, record, refused

Run = Callable[..., Result]


def edit(db: str, name: str, author: str, minutes: int, **values: object) -> None:
    r = record(db, name)
    with opened(db) as store:
        store.save_version(TEAM, r.id, r.inputs.with_values(
            {k.replace("__", "."): v for k, v in values.items()}),
            author_id=author, now=T0 + timedelta(minutes=minutes))


def test_history_lists_every_version_with_author_time_and_changes(ftroi: Run, db: str) -> None:
    edit(db, "Quickstart", "bob", 10, workload__requests_per_day=100_000)
    edit(db, "Quickstart", "ada", 20, quality__human_review_rate_ft=0.03,
         project__model_lifetime_months=24)
    result = ftroi("history", "quickstart")
    assert (result.code, result.err) == (0, "")
    r = record(db, "Quickstart")
    assert result.out.startswith(f"History of 'Quickstart' (owner ada, id {r.id}): 3 versions, "
                                 "oldest first.\n")
    blocks = result.out.split("\n\n")[1:]
    assert [b.splitlines()[0] for b in blocks] == [
        f"Version 1: {stamp(T0)} by ada",
        f"Version 2: {stamp(T0 + timedelta(minutes=10))} by bob",
        f"Version 3: {stamp(T0 + timedelta(minutes=20))} by ada",
    ]
    assert "created" in blocks[0]
    assert "requests/day  200,000 requests/day → 100,000 requests/day" in blocks[1]
    assert "model lifetime" in blocks[2] and "18 months → 24 months" in blocks[2]
    assert "review rate fine-tuned" in blocks[2] and "the same as the API → 3%" in blocks[2]
    assert "requests/day" not in blocks[2]


def test_a_forks_first_version_is_compared_with_its_parent(ftroi: Run, db: str) -> None:
    assert ftroi("whatif", "Quickstart", "spot").code == 0
    result = ftroi("history", "Quickstart (what if spot)")
    assert "forked from 'Quickstart' version 1, changing:" in result.out
    assert "pricing" in result.out and "spot" in result.out


def test_restore_makes_a_new_version_equal_to_the_old(ftroi: Run, db: str) -> None:
    edit(db, "Support bot", "bob", 10, workload__requests_per_day=5_000)
    v1, v2 = record(db, "Support bot", version=1), record(db, "Support bot")
    result = ftroi("restore", "SUPPORT BOT", "1", user="carol")
    assert (result.code, result.err) == (0, "")
    v3 = record(db, "Support bot")
    assert (v3.latest_version, v3.version.restored_from, v3.version.author_id) == (3, 1, "carol")
    assert v3.inputs == v1.inputs
    text = flat(result.out)
    assert "Restored 'Support bot' to version 1, saved as version 3 (by carol)." in text
    assert "What changed from version 2:" in text
    assert "requests/day 5,000 requests/day → 20,000 requests/day" in text
    assert f"{usd(analysis(v2).monthly.savings_usd)} → {usd(analysis(v3).monthly.savings_usd)}" \
        in text
    history = ftroi("history", "Support bot").out
    assert "Version 3: " in history and "by carol, restored from version 1" in history


def test_restoring_the_latest_saves_nothing(ftroi: Run, db: str) -> None:
    result = ftroi("restore", "Quickstart", "1")
    assert result.code == 0 and "nothing to restore" in result.out
    with opened(db) as store:
        assert len(store.list_versions(TEAM, record(db, "Quickstart").id)) == 1


def test_restore_and_history_refusals(ftroi: Run) -> None:
    assert refused(ftroi("restore", "Quickstart", "4"), 1) == (
        "ftroi restore: 'Quickstart' has no version 4; it has versions 1–1 (see `ftroi "
        "history Quickstart`)")
    assert "version: '0' is not accepted" in refused(ftroi("restore", "Quickstart", "0"), 2)
    assert "did you mean 'Quickstart'" in refused(ftroi("history", "quickstrat"), 1)


def test_a_long_history_comes_a_page_at_a_time(ftroi: Run, db: str) -> None:
    for n in range(2, 8):
        edit(db, "Quickstart", "bob", n, workload__requests_per_day=1_000 * n)
    first = ftroi("history", "Quickstart", "--limit", "3")
    assert (first.code, first.err) == (0, "")
    assert "7 versions (versions 1–3 here), oldest first" in flat(first.out)
    assert [line.split(":")[0] for line in first.out.splitlines()
            if line.startswith("Version ")] == ["Version 1", "Version 2", "Version 3"]
    assert "\nNext page: ftroi history Quickstart --from 4 --limit 3 --user ada " in first.out
    second = ftroi("history", "Quickstart", "--from", "4", "--limit", "3")
    blocks = second.out.split("\n\n")[1:]
    assert blocks[0].startswith("Version 4: ") and "3,000 requests/day → 4,000" in blocks[0]
    last = ftroi("history", "Quickstart", "--from", "7")
    assert "versions 7–7 here" in flat(last.out) and "Next page" not in last.out
    assert refused(ftroi("history", "Quickstart", "--from", "8"), 2) == (
        "ftroi history: --from: '8' is not accepted — 'Quickstart' has versions 1–7")
    assert refused(ftroi("history", "Quickstart", "--limit", "101"), 2) == (
        "ftroi history: --limit: '101' is not accepted — a whole number from 1 to 100")
