"""Shared pieces of the view tests: analyses (the examples and the extremes), scenario pages,
hypothesis strategies, and an independent recount of Block Kit's limits.

The recount restates Slack's documented numbers itself rather than importing
:mod:`bot.slack.limits`, so a wrong constant there cannot hide a broken view here.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from bot.scenario_files import load_scenario
from engine.analysis import Analysis, analyse
from engine.decision import Recommendation
from engine.mistakes import Caution
from engine.models import Scenario
from storage.records import ScenarioPage, ScenarioSummary
from storage.rules import encode_cursor
from tests.fakeslack.elements import walk

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((REPO / "examples").glob("*.toml"))
#: Every analysis is priced at this date, so genai-prices' scheduled changes move nothing.
AT = date(2026, 11, 24)
NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)

# Names that break naive views: 80 characters of emoji, mrkdwn, entities and accents.
NASTY_NAMES = (
    ("👩‍💻🇫🇷 *bold* _it_ ~st~ `code` <b>&amp; <@U123> <!here> > quote " * 2)[:80],
    "🚀" * 80,
    "e\u0301" * 40,
    "Support bot",
    "&lt;already escaped&gt; :white_check_mark: :rocket_ship:",
    ">" * 80,
    "a" * 80,
)


def analysis_of(scenario: Scenario) -> Analysis:
    return analyse(scenario, at=AT, samples=300)


@cache
def example_analyses() -> dict[str, Analysis]:
    return {p.stem: analysis_of(load_scenario(p).with_value("api.priced_at", AT))
            for p in EXAMPLES}


def _with(scenario: Scenario, **values: object) -> Scenario:
    for path, value in values.items():
        scenario = scenario.with_value(path.replace("__", "."), value)
    return scenario


@cache
def extreme_analyses() -> dict[str, Analysis]:
    base = Scenario().with_value("api.priced_at", AT)
    many = [Caution(code=f"w{i}", message=f"Warning {i} <&> *{i}* " + "é" * 300)
            for i in range(20)]
    plain = analysis_of(base)
    reasons = Recommendation(**{**plain.recommendation.model_dump(),
                                "reasons": [f"Reason {i}: " + "x" * 200 for i in range(30)]})
    return {
        "zero volume": analysis_of(_with(base, workload__requests_per_day=0)),
        "no tokens": analysis_of(_with(base, workload__avg_input_tokens_per_request=0,
                                       workload__avg_output_tokens_per_request=0)),
        "no break-even": example_analyses()["seed_worked_example"],
        "huge": analysis_of(_with(base, workload__requests_per_day=1e10,
                                  model__model_size_b=70.0, model__num_instances=None)),
        "custom api": analysis_of(_with(base, api__input_usd_per_1m_tokens=0.5,
                                        api__output_usd_per_1m_tokens=1.5, api__model=None)),
        "20 warnings": plain.model_copy(update={"warnings": many}),
        "30 reasons": plain.model_copy(update={"recommendation": reasons}),
    }


def all_analyses() -> dict[str, Analysis]:
    return {**example_analyses(), **extreme_analyses()}


def summary(i: int, *, owner: str = "U0OWNER01", name: str | None = None,
            scenario_id: str | None = None, fork: bool = False) -> ScenarioSummary:
    when = NOW - timedelta(minutes=i)
    return ScenarioSummary(
        id=scenario_id or f"{i:016x}", team_id="T1", owner_id=owner,
        name=name or f"Scenario {i}", latest_version=1 + i % 7,
        parent_id="00000000000000ff" if fork else None, parent_version=1 if fork else None,
        created_at=when, updated_at=when)


def page(n: int, *, viewer: str = "U0OWNER01", names: tuple[str, ...] = ("",),
         more: bool = False) -> ScenarioPage:
    """``n`` scenarios, newest first, every other one the viewer's, names cycling."""
    items = [summary(i, owner=viewer if i % 2 == 0 else "U0OTHER02",
                     name=names[i % len(names)] or None, fork=i % 3 == 0) for i in range(n)]
    cursor = encode_cursor(items[-1].updated_at, items[-1].id) if more and items else None
    return ScenarioPage(items=items, next_cursor=cursor)


# --- Strategies -------------------------------------------------------------------------

SPECIALS = ("*", "_", "~", "`", "<", ">", "&", "&amp;", "<@U1>", ":ok_hand:", "\u200d", "👩‍💻",
            "🇫🇷", "e\u0301", "\n", "|", "```", "💸", "İ", "\u00ad")
names = st.one_of(
    st.text(min_size=1, max_size=80),
    st.lists(st.sampled_from(SPECIALS), min_size=1, max_size=40).map("".join),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=300),
)


# --- Independent recount ----------------------------------------------------------------

def units(text: str) -> int:
    """UTF-16 code units: what a JavaScript client counts; never less than ``len``."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def recount(blocks: list[dict[str, Any]], *, view: bool = False) -> list[str]:
    """Slack's documented limits, counted afresh on the dicts."""
    bad: list[str] = []
    if not 1 <= len(blocks) <= (100 if view else 50):
        bad.append(f"{len(blocks)} blocks")
    total = sum(units(n["text"]) for n in walk(blocks) if isinstance(n.get("text"), str))
    if total > 12_000:
        bad.append(f"{total} characters in all")
    for b in blocks:
        t = b["type"]
        if t == "header" and units(b["text"]["text"]) > 150:
            bad.append("header")
        if t == "section":
            if "text" in b and units(b["text"]["text"]) > 3000:
                bad.append("section text")
            if len(b.get("fields", [])) > 10 or any(units(f["text"]) > 2000
                                                     for f in b.get("fields", [])):
                bad.append("fields")
        if t == "context" and len(b["elements"]) > 10:
            bad.append("context")
        if t == "actions" and len(b["elements"]) > 25:
            bad.append("actions")
        if t == "table" and view:
            bad.append("a table outside a message")
    if sum(b["type"] == "table" for b in blocks) > 1:
        bad.append("two tables")
    nodes = list(walk(blocks))
    for n in nodes:
        if n.get("type") == "button" and (units(n["text"]["text"]) > 75
                                          or units(n.get("value", "")) > 2000):
            bad.append("button")
        if "action_id" in n and units(n["action_id"]) > 255:
            bad.append("action_id")
        if n.get("type") == "overflow" and not 2 <= len(n["options"]) <= 5:
            bad.append("overflow")
        if "value" in n and "text" in n and isinstance(n["text"], Mapping) \
                and n.get("type") is None and (units(n["text"]["text"]) > 75
                                               or units(n["value"]) > 150):
            bad.append("option")
    action_ids = [n["action_id"] for n in nodes if "action_id" in n]
    if len(action_ids) != len(set(action_ids)):
        bad.append("repeated action_id")
    block_ids = [b["block_id"] for b in blocks if "block_id" in b]
    if len(block_ids) != len(set(block_ids)) or any(units(x) > 255 for x in block_ids):
        bad.append("block_id")
    return bad


def mrkdwn_texts(blocks: list[dict[str, Any]]) -> list[str]:
    return [n["text"] for n in walk(blocks) if n.get("type") == "mrkdwn"]


def dumps(payload: Any) -> str:
    return json.dumps(payload, ensure_ascii=False)
