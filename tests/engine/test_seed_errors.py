"""The source document's known errors (PRODUCT.md §5), one regression test each.

Each test shows the document's figure (through ``engine.seed_compat``, which is faithful to
it, or computed by hand from its code) next to the engine's corrected one.
"""

from __future__ import annotations

import dataclasses
import math

import pytest

from engine.decision import recommend
from engine.mistakes import check
from engine.models import FineTunedModel, QualityFit, Scenario, Workload
from engine.roi import Point, evaluate
from engine.seed_compat import (
    APIConfig,
    ProjectCostConfig,
    compute_roi,
)
from engine.serving import plan_serving
from tests.engine.oracles import WORKED_API, WORKED_MODEL, WORKED_PROJECT

WORKED_WORKLOAD = Workload(requests_per_day=50_000, avg_input_tokens_per_request=500,
                           avg_output_tokens_per_request=200)


def worked_point(**changes: float) -> Point:
    """The worked example as engine inputs, serving from the engine's 2× A10G plan."""
    plan = plan_serving(FineTunedModel(gpu="a10g", num_instances=2), WORKED_WORKLOAD)
    numbers = dict(
        requests_per_day=50_000, avg_input_tokens=500, avg_output_tokens=200,
        input_usd_per_1m=5.0, output_usd_per_1m=15.0,
        serving_monthly_usd=plan.monthly_serving_usd, storage_monthly_usd=plan.monthly_storage_usd,
        review_rate_api=0.02, review_rate_ft=0.05, usd_per_review=5.0,
        num_training_runs=8, compute_usd_per_run=12.0, engineer_hours=100,
        engineer_usd_per_hour=150, lifetime_months=18,
    )
    return Point(**{**numbers, **changes})


def test_error_1_two_a10gs_cost_1483_20_not_2966_40():
    # The document: instance_cost_per_hour=1.03 * 2 ("2x A10G") and num_instances=2.
    seed = compute_roi(WORKED_API, WORKED_MODEL, WORKED_PROJECT, verbose=False)
    assert seed["monthly_serving_cost"] == 2_966.40  # $2.06 × 2 × 720: four A10Gs
    # Ours: two A10G instances at the catalog's $1.03/hour × 720 h.
    plan = plan_serving(FineTunedModel(gpu="a10g", num_instances=2), WORKED_WORKLOAD)
    assert plan.monthly_serving_usd == pytest.approx(1_483.20)
    assert plan.instance_usd_per_hour == pytest.approx(1.03)


def test_error_2_the_worked_examples_review_delta_is_225_000_a_month_so_it_never_pays_back():
    # 50,000 × 30 × (5% − 2%) × $5 = $225,000 a month, against an API bill of $8,250.
    seed = compute_roi(WORKED_API, WORKED_MODEL, WORKED_PROJECT, verbose=False)
    assert seed["monthly_quality_cost_delta"] == 225_000.0
    assert seed["payback_months"] == "never"
    # Even with the corrected serving ($1,483.20) the engine finds no payback.
    o = evaluate(worked_point())
    assert o.item("review_delta_monthly_usd") == pytest.approx(225_000)
    assert o.item("net_before_amortisation_monthly_usd") == pytest.approx(
        8_250 - 1_483.20 - 0.322 - 225_000)
    assert math.isinf(o.item("payback_months"))


def test_error_3_the_break_even_ignores_the_review_delta_so_above_and_never_disagree():
    # The document's break-even leaves the review delta out: ($2,966.40 + $0.322) / blended
    # $7.857 per 1M / 30 = 12,586,093 tokens a day, and reports 35M as "above" it while
    # its payback says "never".
    blended = (5.0 * 25_000_000 + 15.0 * 10_000_000) / (35_000_000 * 1e6)
    seed_break_even = int((2_966.40 + 0.322) / blended / 30)
    assert seed_break_even == 12_586_093
    assert seed_break_even <= 35_000_000  # the document's "Above break-even: True"
    # Ours counts review as a cost per token: 3% × $5 / 700 tokens = $214.29 per 1M, above
    # the API's $7.86 per 1M — no break-even at any volume, as the payback says.
    o = evaluate(worked_point())
    assert o.item("review_usd_per_token") * 1e6 == pytest.approx(0.03 * 5 / 700 * 1e6)
    assert math.isinf(o.item("break_even_tokens_per_day"))
    assert math.isinf(o.item("payback_months"))
    facade = compute_roi(WORKED_API, WORKED_MODEL, WORKED_PROJECT, verbose=False)
    assert facade["break_even_tokens_per_day"] == "never" == facade["payback_months"]
    assert facade["is_above_break_even"] is False


def test_error_4_13b_on_an_a100_40gb_is_0_185_per_million_not_0_133():
    # The document: A100 40GB $1,440/month, ~3,000 tokens/s → "$0.133/M" and "$0.67/M" at 20%.
    # $2.00/hour / (3,000 × 3,600 / 1e6) = $0.185 per 1M; at 20%: $0.926 per 1M.
    model = FineTunedModel(model_size_b=13, gpu="a100_40g", throughput_basis="seed_document")
    full = plan_serving(model, Workload(requests_per_day=0))
    assert full.monthly_serving_usd == pytest.approx(1_440)
    assert full.usd_per_1m_at_full_use == pytest.approx(2.00 / 10.8)
    assert round(full.usd_per_1m_at_full_use, 3) == 0.185
    at_20 = plan_serving(model, Workload(requests_per_day=3_000 * 86_400 * 0.20 / 1_000,
                                         avg_input_tokens_per_request=700,
                                         avg_output_tokens_per_request=300))
    assert round(at_20.usd_per_1m_effective, 2) == 0.93


def test_error_5_the_customer_support_case_pays_back_in_4_6_months_not_6_4():
    # The document §Production Engineering Notes: API $7,500/month; 4x A10G $2,968; quality
    # delta +$600; amortised project $1,100; "Payback: 18,000 / 2,832 = 6.4 months" divides
    # by savings that already subtract the amortisation. By its own payback formula:
    # 18,000 / (7,500 − 2,968 − 600) = 18,000 / 3,932 = 4.58 → 4.6 months.
    # 1M requests × 50 tokens × 30 × $5/1M = $7,500; 1M × 30 × 0.001% × $2 = $600;
    # 120 h × $150 = $18,000 over 18,000 / 1,100 months = $1,100 a month.
    o = evaluate(Point(
        requests_per_day=1_000_000, avg_input_tokens=50, avg_output_tokens=0,
        input_usd_per_1m=5.0, output_usd_per_1m=15.0, serving_monthly_usd=2_968,
        storage_monthly_usd=0, review_rate_api=0.0, review_rate_ft=0.00001, usd_per_review=2.0,
        engineer_hours=120, engineer_usd_per_hour=150, lifetime_months=18_000 / 1_100,
    ))
    assert o.item("api_monthly_usd") == pytest.approx(7_500)
    assert o.item("review_delta_monthly_usd") == pytest.approx(600)
    assert o.item("amortised_monthly_usd") == pytest.approx(1_100)
    assert o.item("savings_monthly_usd") == pytest.approx(2_832)  # the document's savings
    assert o.item("net_before_amortisation_monthly_usd") == pytest.approx(3_932)
    assert round(o.item("payback_months"), 1) == 4.6
    # The same through the facade (its payback is the document's own formula).
    facade = compute_roi(
        APIConfig(5.0, 15.0, 50, 0, 1_000_000),
        dataclasses.replace(WORKED_MODEL, instance_cost_per_hour=2_968 / 720, num_instances=1,
                            model_size_b=7.0, human_review_rate_api=0.0,
                            human_review_rate_ft=0.00001, human_review_cost_per_review=2.0),
        ProjectCostConfig(0, 0.0, 120, 0, 0, 0, 150, 18),
        verbose=False,
    )
    # With the document's $0.32 of storage: 18,000 / 3,931.68 = 4.58 → 4.6.
    assert facade["payback_months"] == 4.6


def test_error_6_model_quality_multiplier_is_unused_by_the_document_and_warned_by_us():
    # The document collects model_quality_multiplier and never uses it: 0.92 or 1.0, the
    # same figures.
    worse = compute_roi(WORKED_API, WORKED_MODEL, WORKED_PROJECT, verbose=False)
    same = compute_roi(WORKED_API, dataclasses.replace(WORKED_MODEL,
                                                       model_quality_multiplier=1.0),
                       WORKED_PROJECT, verbose=False)
    assert worse == same

    def codes(quality: QualityFit) -> set[str]:
        s = Scenario(quality=quality)
        rec = recommend(monthly_api_usd=8_250, quality=s.quality)
        return {c.code for c in check(s, serving=plan_serving(s.model, s.workload),
                                      api_monthly_usd=8_250, review_delta_monthly_usd=0,
                                      net_before_amortisation_usd=6_700, payback_months=2.3,
                                      recommendation=rec)}

    # Ours: rated 8% worse with no extra review costed → a warning.
    assert "quality_gap_not_costed" in codes(QualityFit(model_quality_multiplier=0.92))
    # Once the review rate carries the gap (or the model is not worse), no warning.
    assert "quality_gap_not_costed" not in codes(QualityFit(model_quality_multiplier=0.92,
                                                            human_review_rate_ft=0.05))
    assert "quality_gap_not_costed" not in codes(QualityFit(model_quality_multiplier=1.0))


def test_error_7_zero_requests_a_day_does_not_raise_and_the_break_even_is_defined():
    # The document raises here: its blended price is 0 with no tokens, the break-even is
    # infinite, and int(inf) raises OverflowError.
    idle = dataclasses.replace(WORKED_API, requests_per_day=0)
    equal = dataclasses.replace(WORKED_MODEL, human_review_rate_ft=0.02)
    r = compute_roi(idle, equal, WORKED_PROJECT, verbose=False)
    # Prices and the per-request mix alone: the same 12,586,093 as at 50,000 requests a day.
    assert r["break_even_tokens_per_day"] == 12_586_093
    assert r["current_daily_tokens"] == 0
    assert r["is_above_break_even"] is False
    assert r["monthly_api_cost"] == 0.0
    assert r["payback_months"] == "never"
    # The engine: defined, and the same figure.
    o = evaluate(worked_point(requests_per_day=0, serving_monthly_usd=2_966.40,
                              review_rate_ft=0.02))
    assert o.item("break_even_tokens_per_day") == pytest.approx(12_586_093.3)
    # With the worked example's unequal review rates there is none at any volume, even idle.
    assert compute_roi(idle, WORKED_MODEL, WORKED_PROJECT,
                       verbose=False)["break_even_tokens_per_day"] == "never"
