"""One workspace of many scenarios, and every storage operation on it: for the growth tests
(``test_storage_growth.py``, which count the work each operation does) and for
``benchmarks/storage.py`` (which times it).

:func:`load` bulk-loads ``scenarios`` into the workspace :data:`TEAM` (the terminal's, so
``ftroi list`` reads it) the way ``ftroi import`` does, through ``import_scenarios`` in
batches, and does not analyse the tables unless asked. Whatever the size, the workspace
also holds :data:`RARE` scenarios whose names hold a word no other name does, and
:data:`VERSIONED` scenarios of :data:`VERSIONS` versions each (history and compare), so an
operation on them asks for the same work at any size and only the rest of the workspace
grows; every :data:`DECIDED_EVERY`-th scenario has a decision recorded. :func:`operations`
names each operation; ``run(i)`` performs it once, on the ``i``-th of its targets.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from engine.models import Scenario
from storage import ConversationKey, ScenarioSummary, ScenarioVersion, Store, StoredScenario

__all__ = ["RARE", "TEAM", "VERSIONED", "VERSIONS", "Loaded", "load", "operations"]

TEAM = "local"
RARE = 5  # names holding "Support bot" (and the only ones holding "pp"): few hits
VERSIONED, VERSIONS = 4, 50
PAGE = 20
OWNERS = 10  # so each has a page of scenarios even in a small workspace
START = datetime(2025, 1, 1, tzinfo=UTC)
_BATCH = 10_000
DECIDED_EVERY = 50  # every 50th scenario has a decision recorded


@dataclass(frozen=True)
class Loaded:
    ids: list[str]  # every scenario, oldest first
    names: list[str]  # their names, in the same order
    rare: list[str]
    versioned: list[str]


def _variants() -> list[Scenario]:
    return [Scenario().with_value("workload.requests_per_day", 1_000 * (n + 1))
            for n in range(100)]


def _name(n: int, special: dict[int, int]) -> tuple[str, int]:
    """The ``n``-th scenario's name and how many versions it has."""
    if n not in special:
        return f"Scenario {n}", 1
    k = special[n]
    return (f"Support bot {k}", 1) if k < RARE else (f"Versioned {k - RARE}", VERSIONS)


def load(store: Store, *, scenarios: int, analyse: bool = False) -> Loaded:
    """``scenarios`` in :data:`TEAM` (at least the rare and versioned ones), oldest first."""
    rng, variants = random.Random(20250601), _variants()
    total = max(scenarios, RARE + VERSIONED)
    # The rare and versioned ones spread evenly through the workspace, not all newest.
    special = {(2 * k + 1) * total // (2 * (RARE + VERSIONED)): k for k in range(RARE + VERSIONED)}
    loaded = Loaded(ids=[], names=[], rare=[], versioned=[])
    batch: list[StoredScenario] = []
    for n in range(total):
        name, count = _name(n, special)
        at = START + timedelta(seconds=n)
        versions = [ScenarioVersion(number=v + 1, author_id="U1",
                                    created_at=at + timedelta(microseconds=v),
                                    inputs=rng.choice(variants)) for v in range(count)]
        stored = StoredScenario(
            id=uuid.UUID(int=random.Random(n).getrandbits(128)).hex[:16], team_id=TEAM,
            owner_id=f"U{n % OWNERS}", name=name, latest_version=count, created_at=at,
            updated_at=versions[-1].created_at, versions=versions)
        batch.append(stored)
        loaded.ids.append(stored.id)
        loaded.names.append(name)
        if n in special:
            (loaded.rare if count == 1 else loaded.versioned).append(stored.id)
        if len(batch) == _BATCH or n == total - 1:
            store.import_scenarios(batch)
            batch = []
    for n in range(0, total, DECIDED_EVERY):  # decisions on a share of them, for the Home tab
        store.record_decision(TEAM, loaded.ids[n], 1, option_id="current_api",
                              option_label="Keep gpt-4o", user_id="U1", now=START)
    if analyse:
        store.refresh_statistics()
    return loaded


def _deep_cursor(store: Store, pages: int) -> str | None:
    cursor = None
    for _ in range(pages):
        cursor = store.list_scenarios(TEAM, limit=PAGE, cursor=cursor).next_cursor
    return cursor


def operations(store: Store, loaded: Loaded) -> dict[str, Callable[[int], object]]:
    """Each storage operation by name; ``run(i)`` does it once on its ``i``-th target."""
    ids = loaded.ids
    edit = Scenario().with_value("workload.requests_per_day", 123_456)
    clock = [START + timedelta(days=3650)]
    page_11 = _deep_cursor(store, 10)
    keys = [ConversationKey(team_id=TEAM, channel_id="C1", thread_ts=f"{k}.0", user_id="U1")
            for k in range(200)]

    def now() -> datetime:
        clock[0] += timedelta(milliseconds=1)
        return clock[0]

    def pick(i: int, stride: int) -> str:
        return ids[(i * stride) % len(ids)]

    def step(state: dict[str, object]) -> dict[str, object]:
        answers = list(state.get("answers", []))  # type: ignore[call-overload]
        return {"step": "workload", "answers": [*answers[-20:], len(answers)]}

    def first_listed(i: int) -> object:  # `ftroi list` the first time: each version read
        page = store.list_scenarios(TEAM, limit=PAGE)
        return [store.get_scenario(TEAM, s.id, version=s.latest_version) for s in page.items]

    def answered(page: list[ScenarioSummary]) -> list[tuple[str, int]]:
        return [(s.id, s.latest_version) for s in page]

    first_page = store.list_scenarios(TEAM, limit=PAGE).items
    store.save_version_summaries(TEAM, {key: {"verdict": "kept", "lifetime_usd": 1.0}
                                        for key in answered(first_page)},
                                 basis="workload", now=START)

    def listed(i: int) -> object:  # `ftroi list` after: a page, then the answers kept of it
        page = store.list_scenarios(TEAM, limit=PAGE).items
        return store.version_summaries(TEAM, answered(page), basis="workload")

    def home(i: int) -> object:  # the App Home: two lists, then their latest decisions
        lists = (store.list_scenarios(TEAM, owner_id=f"U{i % OWNERS}", limit=10),
                 store.list_scenarios(TEAM, limit=10))
        return store.latest_decisions(TEAM, [s.id for page in lists for s in page.items])

    def history(i: int) -> object:
        return store.version_history(TEAM, loaded.versioned[i % VERSIONED], limit=VERSIONS)

    return {
        "save version": lambda i: store.save_version(TEAM, pick(i, 7919), edit, author_id="U2",
                                                     now=now()),
        "load": lambda i: store.get_scenario(TEAM, pick(i, 104_729)),
        "find by name": lambda i: store.find_scenario(
            TEAM, loaded.names[(i * 7907) % len(ids)].upper()),
        f"list, first page ({PAGE})": lambda i: store.list_scenarios(TEAM, limit=PAGE),
        f"list, page 11 ({PAGE})": lambda i: store.list_scenarios(TEAM, limit=PAGE,
                                                                  cursor=page_11),
        "list mine": lambda i: store.list_scenarios(TEAM, owner_id=f"U{i % OWNERS}",
                                                    limit=PAGE),
        f"search, {RARE} hits": lambda i: store.list_scenarios(TEAM, search="support bot",
                                                                limit=PAGE),
        "search, no hit": lambda i: store.list_scenarios(TEAM, search="no such name",
                                                          limit=PAGE),
        "search, every name": lambda i: store.list_scenarios(TEAM, search="o", limit=PAGE),
        # Shorter than a trigram: the index of one- and two-character pieces answers these.
        "search, 2 letters, no hit": lambda i: store.list_scenarios(TEAM, search="qz",
                                                                     limit=PAGE),
        f"search, 2 letters, {RARE} hits": lambda i: store.list_scenarios(TEAM, search="pp",
                                                                           limit=PAGE),
        "search, 1 letter, no hit": lambda i: store.list_scenarios(TEAM, search="q",
                                                                    limit=PAGE),
        "App Home (mine + recent, their decisions)": home,
        f"ftroi list's reads, 1st run ({PAGE} loads)": first_listed,
        f"ftroi list's reads (page, {PAGE} kept answers)": listed,
        f"history ({VERSIONS} versions)": history,
        f"compare's loads ({VERSIONED} × {VERSIONS} versions)": lambda i: [
            store.get_scenario(TEAM, s) for s in loaded.versioned],
        "conversation update": lambda i: store.update_conversation(keys[i % len(keys)], step,
                                                                   now=now()),
    }
