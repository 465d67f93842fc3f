"""Which API models may stand in for which: the tiers of ``engine/data/api_tiers.csv``.

genai-prices knows every model's price but not which models do the same job, so ftroi keeps
that judgement in a small dated table: each row is one model of a main provider with the
tier its provider's naming gives it — ``top`` (premium and reasoning models), ``large`` (the
flagship), ``small`` (mini, Haiku, Flash) and ``tiny`` (nano, Flash-Lite).

A model may replace today's when it is the same provider's model of the same tier or one
tier smaller, or another main provider's model of the same tier. A model the table does not
list is compared with the large and small tiers of every provider. The prices always come
from genai-prices at the scenario's date; this table only says who is comparable.

>>> candidate_models("gpt-4o")[:4]
('gpt-4-turbo', 'gpt-4.1', 'gpt-5', 'gpt-5.1')
>>> "gpt-4.1-nano" in candidate_models("gpt-4o"), "gpt-4.1-nano" in candidate_models("gpt-4o-mini")
(False, True)
"""

from __future__ import annotations

from functools import cache
from typing import Literal

from engine.catalog._csv import CatalogRow, read_rows

__all__ = ["TIERS", "TierRow", "api_tiers", "candidate_models"]

Tier = Literal["top", "large", "small", "tiny"]
TIERS: tuple[Tier, ...] = ("top", "large", "small", "tiny")


class TierRow(CatalogRow):
    model: str
    provider: str
    tier: Tier
    # Reasoning by default: its hidden reasoning is billed as output tokens, so today's
    # output tokens per request understate what it would bill.
    reasoning: bool


@cache
def api_tiers() -> dict[str, TierRow]:
    """The table by model id; a model listed twice is an error."""
    table: dict[str, TierRow] = {}
    for row in read_rows("api_tiers.csv", TierRow):
        if row.model in table:
            raise ValueError(f"engine/data/api_tiers.csv: {row.model!r} is listed twice")
        table[row.model] = row
    return table


@cache
def candidate_models(current: str | None) -> tuple[str, ...]:
    """The models that plausibly do today's model's job, in the table's order (today's model
    itself left out)."""
    table = api_tiers()
    today = table.get(current or "")
    out = []
    for row in table.values():
        if row.model == current:
            continue
        if today is None:
            ok = row.tier in ("large", "small")
        else:
            step = TIERS.index(row.tier) - TIERS.index(today.tier)
            ok = step in (0, 1) if row.provider == today.provider else step == 0
        if ok:
            out.append(row.model)
    return tuple(out)
