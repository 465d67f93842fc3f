"""The recommendation: the source document's should_fine_tune scoring and bands, exactly."""

from __future__ import annotations

import pytest

from engine.decision import recommend, verdict_for
from engine.figures import usd
from engine.models import QualityFit
from engine.seed_compat import should_fine_tune

NEUTRAL = dict(task_consistency="medium", latency_requirement_ms=2_000,
               quality_requirement="medium", team_ml_expertise=True,
               iteration_speed_priority=False)


@pytest.mark.parametrize(("bill", "points"), [(5_001, 3), (5_000, 1), (1_001, 1), (1_000, -2)])
def test_the_api_bill_scores_by_the_documents_thresholds(bill, points):
    assert recommend(monthly_api_usd=bill, quality=QualityFit(**NEUTRAL)).score == points


@pytest.mark.parametrize(
    ("change", "points"),
    [
        ({"task_consistency": "high"}, 2), ({"task_consistency": "low"}, -2),
        ({"latency_requirement_ms": 499}, 2), ({"latency_requirement_ms": 500}, 1),
        ({"latency_requirement_ms": 1_999}, 1), ({"quality_requirement": "high"}, -1),
        ({"quality_requirement": "low"}, 1), ({"team_ml_expertise": False}, -2),
        ({"iteration_speed_priority": True}, -2),
    ],
)
def test_each_factor_adds_the_documents_points_and_a_reason(change, points):
    base = recommend(monthly_api_usd=2_000, quality=QualityFit(**NEUTRAL))
    changed = recommend(monthly_api_usd=2_000, quality=QualityFit(**{**NEUTRAL, **change}))
    assert changed.score - base.score == points
    assert len(changed.reasons) == len(base.reasons) + 1


@pytest.mark.parametrize(
    ("score", "verdict"),
    [(3, "STRONG: Fine-tune"), (1, "LEAN: Fine-tune"), (2, "LEAN: Fine-tune"),
     (0, "NEUTRAL: Build ROI model"), (-1, "NEUTRAL: Build ROI model"),
     (-2, "LEAN: Use API"), (-3, "LEAN: Use API"), (-4, "STRONG: Use API")],
)
def test_verdict_bands(score, verdict):
    assert verdict_for(score)[0] == verdict


def test_every_reason_is_kept_in_the_documents_order():
    r = recommend(monthly_api_usd=800, quality=QualityFit(
        task_consistency="low", latency_requirement_ms=300, quality_requirement="high",
        team_ml_expertise=False, iteration_speed_priority=True))
    assert r.score == -2 - 2 + 2 - 1 - 2 - 2
    assert r.verdict == "STRONG: Use API"
    assert [reason.split()[0] for reason in r.reasons] == [
        "API", "Low", "Strict", "High", "No", "Fast"]
    # The bill is written by the one rounding rule, as the report writes it (cents below
    # $10,000); the seed's facade keeps the document's "$800" (tests/engine/test_seed_figures).
    assert r.reasons[0].startswith("API cost $800.00/month is low")


@pytest.mark.parametrize(
    ("bill", "written"),
    [(1_483.2, "$1,483.20"), (741.6, "$741.60"), (9_999.996, "$10,000"), (10_500, "$10,500"),
     (225_000, "$225,000")],
)
def test_the_bill_in_the_reason_reads_as_the_report_writes_it(bill, written):
    # The seed's f"${bill:,.0f}" wrote $1,483 beside a report showing $1,483.20.
    r = recommend(monthly_api_usd=bill, quality=QualityFit(**NEUTRAL))
    assert r.reasons[0].startswith(f"API cost {written}/month is ")
    assert written == usd(bill)


def test_the_seeds_facade_keeps_the_documents_wording_to_the_character():
    # The document: f"API cost ${monthly_api_cost:,.0f}/month is medium - ..."; here
    # 2,000 × 824 × 30 × $30 / 1M = $1,483.20, which the document writes "$1,483".
    r = should_fine_tune(2_000, 824, 30.0, "medium", 2_000, "medium", True, False)
    assert r["monthly_api_cost_estimate"] == 1_483.2
    assert r["recommendations"][0] == ("API cost $1,483/month is medium - need to model full "
                                       "project cost")
