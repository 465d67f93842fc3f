"""Hand-checkable scenarios shared by the sensitivity, uncertainty and timeline tests.

The oracle: 50,000 requests/day of 500 in / 200 out tokens against the source document's
2024 GPT-4o prices (API $8,250/month), one instance at a typed $1/hour ($720/month), no
storage, equal review rates, project 8 runs × $100 + 132 h × $150 = $20,600.
"""

from __future__ import annotations

from datetime import date

from engine.models import Scenario

AT = date(2026, 11, 24)


def oracle(**changes: dict) -> Scenario:
    """The oracle scenario with some parts' fields changed, e.g. ``oracle(model={...})``."""
    base: dict = {
        "api": {"price_book": "seed_2024", "model": "gpt-4o"},
        "model": {"instance_usd_per_hour": 1.0, "num_instances": 1, "storage_usd_per_month": 0},
        "project": {"compute_usd_per_run": 100},
    }
    for part, fields in changes.items():
        base[part] = {**base.get(part, {}), **fields}
    return Scenario(**base)
