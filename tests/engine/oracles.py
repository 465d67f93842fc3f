"""Hand-checkable scenarios shared by the sensitivity, uncertainty and timeline tests.

The oracle: 50,000 requests/day of 500 in / 200 out tokens against the source document's
2024 GPT-4o prices (API $8,250/month), one instance at a typed $1/hour ($720/month) serving
the source document's claimed 5,000 tokens/s for a 7B on an A10G (so fleet sizes can be
worked by hand), no storage, equal review rates, project 8 runs × $100 + 132 h × $150 =
$20,600, and no ongoing engineering (no maintenance hours, never retrained), so every figure
is the source document's arithmetic; tests of ongoing engineering add it back.
"""

from __future__ import annotations

from datetime import date

from engine.models import Scenario
from engine.seed_compat import APIConfig, FineTunedModelConfig, ProjectCostConfig

AT = date(2026, 11, 24)


def oracle(**changes: dict) -> Scenario:
    """The oracle scenario with some parts' fields changed, e.g. ``oracle(model={...})``."""
    base: dict = {
        "api": {"price_book": "seed_2024", "model": "gpt-4o"},
        "model": {"instance_usd_per_hour": 1.0, "num_instances": 1, "storage_usd_per_month": 0,
                  "throughput_basis": "seed_document"},
        "project": {"compute_usd_per_run": 100, "maintenance_hours_per_month": 0,
                    "retrain_every_months": 0},
    }
    for part, fields in changes.items():
        base[part] = {**base.get(part, {}), **fields}
    return Scenario(**base)


# The document's worked example (§Code Examples, "Example usage: GPT-4o replacement"), as
# it is written: "2x A10G" priced as 1.03 × 2 per hour on 2 instances, 5% vs 2% reviews.
WORKED_API = APIConfig(input_price_per_1m_tokens=5.0, output_price_per_1m_tokens=15.0,
                       avg_input_tokens_per_request=500, avg_output_tokens_per_request=200,
                       requests_per_day=50_000)
WORKED_MODEL = FineTunedModelConfig(model_size_b=7.0, lora_or_full="lora", instance_type="a10g",
                                    num_instances=2, instance_cost_per_hour=1.03 * 2,
                                    model_quality_multiplier=0.92, human_review_rate_api=0.02,
                                    human_review_rate_ft=0.05, human_review_cost_per_review=5.0)
WORKED_PROJECT = ProjectCostConfig(num_training_runs=8, compute_cost_per_run=12.0,
                                   engineer_hours_data=40, engineer_hours_experiments=20,
                                   engineer_hours_evaluation=24, engineer_hours_deployment=16,
                                   engineer_hourly_rate=150, model_lifetime_months=18)
