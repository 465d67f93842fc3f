"""``ftroi whatif``: a fork whose inputs are the parent's with the change applied, its parent
recorded, its report's card and its delta printed; a change that cannot be used is refused
with nothing saved."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from bot.reports.card import verdict
from bot.terminal.identity import TEAM
from engine.figures import signed_usd, usd
from engine.models import Scenario
from tests.terminal_commands.cmd_support import Result, analysis, flat, opened, record

Run = Callable[..., Result]


def count(db: str) -> int:
    with opened(db) as store:
        return len(store.list_scenarios(TEAM, limit=100).items)


def without(inputs: Scenario, *paths: str) -> dict[str, object]:
    """The inputs as a flat dict, minus ``paths``."""
    def flatten(data: dict[str, object], prefix: str = "") -> dict[str, object]:
        out: dict[str, object] = {}
        for key, value in data.items():
            if isinstance(value, dict) and key != "ranges":
                out |= flatten(value, f"{prefix}{key}.")
            else:
                out[prefix + key] = value
        return out
    return {k: v for k, v in flatten(inputs.model_dump()).items() if k not in paths}


def test_a_fork_with_the_change_applied_and_its_parent_recorded(ftroi: Run, db: str) -> None:
    result = ftroi("whatif", "QUICKSTART", "volume", "x2")
    assert (result.code, result.err) == (0, "")
    parent = record(db, "Quickstart")
    fork = record(db, "Quickstart (what if volume x2)")
    assert fork.inputs == parent.inputs.with_value("workload.requests_per_day", 400_000)
    assert (fork.parent_id, fork.parent_version, fork.owner_id) == (parent.id, 1, "ada")
    assert result.out.startswith("Understood:\n  requests/day: ×2\n")
    before, after = analysis(parent), analysis(fork)
    text = flat(result.out)
    assert f"Saved 'Quickstart (what if volume x2)' (version 1, id {fork.id}), forked from " \
           "'Quickstart' version 1." in text
    assert verdict(after)[0] in text
    assert "requests/day 200,000 requests/day → 400,000 requests/day" in text
    saving = after.monthly.savings_usd - before.monthly.savings_usd
    assert (f"Monthly savings {usd(before.monthly.savings_usd)} → "
            f"{usd(after.monthly.savings_usd)} ({signed_usd(saving)})") in text
    assert "Full report: ftroi show 'Quickstart (what if volume x2)'" in text


def test_several_changes_and_their_implied_resets(ftroi: Run, db: str) -> None:
    result = ftroi("whatif", "Support bot", "gpu h100", "review rate 3%",
                   "--name", "Support on H100")
    assert result.code == 0, result.err
    parent, fork = record(db, "Support bot"), record(db, "support on h100")
    assert fork.name == "Support on H100" and fork.parent_id == parent.id
    m, q = fork.inputs.model, fork.inputs.quality
    assert (m.gpu, m.instance_usd_per_hour, m.gpus_per_instance) == ("h100", None, None)
    assert q.human_review_rate_ft == 0.03
    changed = ("model.gpu", "model.instance_usd_per_hour", "model.gpus_per_instance",
               "model.throughput_tokens_per_s_per_instance", "quality.human_review_rate_ft")
    assert without(fork.inputs, *changed) == without(parent.inputs, *changed)
    assert "instance price: the catalog's" in result.out


def test_a_sentence_typed_as_words(ftroi: Run, db: str) -> None:
    result = ftroi("whatif", "Quickstart", "what", "if", "we", "use", "an", "H100", "and",
                   "2x", "the", "volume?")
    assert result.code == 0, result.err
    fork = record(db, "Quickstart (what if what if we use an H100 and 2x the volume?)")
    assert (fork.inputs.model.gpu, fork.inputs.workload.requests_per_day) == ("h100", 400_000)


def test_a_factor_on_a_value_the_engine_chose_multiplies_the_engines_figure(
        ftroi: Run, db: str) -> None:
    parent = record(db, "Quickstart")
    assert parent.inputs.project.compute_usd_per_run is None  # estimated by the engine
    assert ftroi("whatif", "Quickstart", "compute x2").code == 0
    fork = record(db, "Quickstart (what if compute x2)")
    assert fork.inputs.project.compute_usd_per_run == pytest.approx(
        2 * analysis(parent).project.compute_per_run_usd)


def test_the_same_what_if_twice_gets_a_unique_name(ftroi: Run, db: str) -> None:
    assert ftroi("whatif", "Quickstart", "spot").code == 0
    second = ftroi("whatif", "quickstart", "spot")
    assert second.code == 0
    assert record(db, "Quickstart (what if spot) #2").inputs.model.pricing == "spot"


def test_a_long_parent_name_still_makes_a_valid_fork_name(ftroi: Run, db: str) -> None:
    long = "Support bot for the EMEA region, tier-1 and tier-2 tickets, English + German"
    with opened(db) as store:
        store.rename_scenario(TEAM, store.find_scenario(TEAM, "Support bot").id, long,
                              user_id="ada", now=record(db, "Quickstart").updated_at)
    assert ftroi("whatif", long, "volume +50%", "and", "lifetime", "24", "months").code == 0
    with opened(db) as store:
        forks = [s for s in store.list_scenarios(TEAM, limit=100).items if s.parent_id]
    assert len(forks) == 1 and len(forks[0].name) <= 80
    assert "(what if volume +50%" in forks[0].name


def refused_after_echo(result: Result) -> str:
    assert result.code == 2 and "Traceback" not in result.err
    lines = result.err.splitlines()
    assert len(lines) == 1
    return lines[0]


@pytest.mark.parametrize(("change", "quoted"), [
    ("banana", "could not read 'banana'"),
    ("gpu tpu", "unknown GPU 'tpu'"),
    ("utilisation 0%", "'utilisation 0%': '0%' is too small: target utilisation is at least 1%"),
    ("70b, 1x l4", "'70b, 1x l4' is not accepted: a 70B model in bf16 does not fit on 1× L4"),
])
def test_a_change_that_cannot_be_used_is_quoted_and_nothing_is_saved(
        ftroi: Run, db: str, change: str, quoted: str) -> None:
    before = count(db)
    line = refused_after_echo(ftroi("whatif", "Quickstart", change))
    assert line.startswith("ftroi whatif: ")
    assert quoted in line
    assert count(db) == before


def test_a_taken_name_and_an_unknown_scenario(ftroi: Run, db: str) -> None:
    before = count(db)
    taken = refused_after_echo(ftroi("whatif", "Quickstart", "spot", "--name", "support BOT"))
    assert "'support BOT' is already the name of another scenario" in taken
    missing = ftroi("whatif", "Quikstart", "spot")
    assert (missing.code, missing.out) == (1, "")
    assert missing.err == ("ftroi whatif: no scenario called 'Quikstart' in the local "
                           "workspace; did you mean 'Quickstart'?\n")
    assert count(db) == before
