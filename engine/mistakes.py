"""The source document's common mistakes, checked on every scenario and said as warnings.

Figures in a warning are written by the one rounding rule (:mod:`engine.figures`), so a
warning reads as the report around it: "$2,224.80/month", "2.03%", "5,000 tokens/s".
"""

from __future__ import annotations

from pydantic import BaseModel

from engine.decision import Recommendation
from engine.figures import count, months, percent, quantity, unit_usd, usd
from engine.models import Scenario
from engine.serving import HOURS_PER_MONTH, ServingPlan

__all__ = ["Caution", "check"]

HIGH_UTILISATION = 0.80  # PRODUCT.md §5: warn above 80%
SEED_A10G_USD_PER_HOUR = 1.03  # the source document's A10G on demand: "$742/month" for 24/7


class Caution(BaseModel):
    """One warning: a stable code for programs, a sentence for people."""

    code: str
    message: str


def check(
    scenario: Scenario,
    *,
    serving: ServingPlan,
    api_monthly_usd: float,
    review_delta_monthly_usd: float,
    net_before_amortisation_usd: float,
    payback_months: float | None,
    recommendation: Recommendation,
) -> list[Caution]:
    """Every mistake of the source document this scenario makes, in the document's order."""
    s = scenario
    out: list[Caution] = []

    def warn(code: str, message: str) -> None:
        out.append(Caution(code=code, message=message))

    if serving.monthly_serving_usd <= 0:
        warn("no_serving_cost", "No serving cost: a fine-tuned model needs GPUs to run on "
             "whether they are busy or idle; an A10G alone is "
             f"{usd(SEED_A10G_USD_PER_HOUR * HOURS_PER_MONTH)}/month at the source document's "
             f"{unit_usd(SEED_A10G_USD_PER_HOUR)}/hour.")
    if s.project.num_training_runs <= 1:
        warn("one_training_run", f"{count(s.project.num_training_runs)} training run budgeted: a "
             "production model typically takes 5–15 runs; budget about 10× one run's cost.")
    if s.project.engineer_hours.total <= 0 or s.project.engineer_usd_per_hour <= 0:
        warn("no_engineering_cost", "No engineering cost: data, evaluation and deployment "
             "work is usually the largest part of the project (76–188 hours in the source "
             "document's table).")
    if s.model.model_size_b >= 65 and not s.quality.smaller_model_evaluated:
        warn("large_model_first", f"A {s.model.model_size_b:g}B model without a smaller one "
             "tried: evaluate a 7B model first; the 70B costs about 5× more to serve.")
    if serving.utilisation > 1 or serving.peak_utilisation > 1:
        warn("capacity_short", f"{count(serving.num_instances)} instance(s) serve "
             f"{quantity(serving.capacity_tokens_per_s)} tokens/s, short of today's volume "
             f"({percent(serving.peak_utilisation)} of capacity): add instances.")
    elif serving.peak_utilisation > HIGH_UTILISATION:
        warn("high_utilisation", f"GPU utilisation {percent(serving.peak_utilisation)} is "
             f"above {percent(HIGH_UTILISATION)}: latency suffers at peaks; plan headroom.")
    elif serving.num_instances > serving.instances_needed:
        idle = serving.num_instances - serving.instances_needed
        waste = serving.monthly_serving_usd * idle / serving.num_instances
        warn("over_provisioned", f"{count(serving.num_instances)} instances where "
             f"{count(serving.instances_needed)} serve today's volume at the "
             f"{percent(s.model.target_utilisation)} target utilisation (they run at "
             f"{percent(serving.utilisation)}): the idle ones cost about {usd(waste)}/month.")
    for note in serving.notes:  # the serving estimate's own: a small KV cache, a latency target
        warn(note.code, note.message)
    gross = net_before_amortisation_usd + review_delta_monthly_usd
    if review_delta_monthly_usd > 0 and gross > 0 and net_before_amortisation_usd <= 0:
        warn("review_outweighs_savings", f"Extra human review ({usd(review_delta_monthly_usd)}"
             f"/month) outweighs the serving savings ({usd(gross)}/month).")
    if s.model.pricing == "spot" and s.workload.peak_hours_per_day is None:
        warn("spot_for_24_7", "Spot instances for 24/7 serving: they can be reclaimed at any "
             "moment; serve on on-demand or reserved capacity, or keep spot for training.")
    elif s.model.pricing == "spot":
        warn("spot_only_fleet", "A production fleet on spot instances only: a reclaim takes "
             "the service down at peak as readily as off-peak; keep at least the peak's base "
             "on on-demand or reserved capacity.")
    if serving.num_instances == 1 and serving.monthly_serving_usd > 0:
        warn("single_instance", "One serving instance and no redundancy: a restart, an upgrade "
             "or a failed GPU takes the service down; a production fleet runs at least two, "
             f"which here costs {usd(serving.monthly_serving_usd)}/month more.")
    q = s.quality
    if q.model_quality_multiplier < 1 and q.review_rate_ft <= q.human_review_rate_api:
        warn("quality_gap_not_costed", f"The fine-tuned model is rated "
             f"{percent(1 - q.model_quality_multiplier)} worse, but its review rate is not "
             "higher: the quality gap costs nothing in this model; set the fine-tuned review "
             "rate.")
    lifetime = s.project.model_lifetime_months
    if payback_months is not None and payback_months > lifetime:
        warn("payback_after_lifetime", f"Payback ({months(payback_months)}) comes after "
             f"the model's lifetime ({quantity(lifetime)} months).")
    if recommendation.favours_fine_tuning and (payback_months is None or payback_months > lifetime):
        warn("recommendation_vs_economics", f"The scoring says '{recommendation.verdict}', but "
             "the money does not pay back within the model's lifetime at this volume.")
    if api_monthly_usd <= 0:
        warn("no_api_cost", "No API cost at today's volume: there is nothing to save yet.")
    return out
