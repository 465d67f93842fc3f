"""The economics core (PRODUCT.md §5): one vectorised path for a point and a sweep."""

from __future__ import annotations

import math

import numpy as np
import pytest

from engine.roi import Point, evaluate

# The source document's worked example, corrected to 2× A10G ($1,483.20/month).
WORKED = dict(
    requests_per_day=50_000, avg_input_tokens=500, avg_output_tokens=200,
    input_usd_per_1m=5.0, output_usd_per_1m=15.0,
    serving_monthly_usd=1_483.20, storage_monthly_usd=7 * 2 * 0.023,
    review_rate_api=0.02, review_rate_ft=0.02, usd_per_review=5.0,
    num_training_runs=8, compute_usd_per_run=12.0,
    engineer_hours=100, engineer_usd_per_hour=150, lifetime_months=18,
)


def test_api_bill_prices_input_and_output_apart():
    o = evaluate(Point(**WORKED))
    # 50,000 × 30 × (500 × $5 + 200 × $15) / 1e6 = $8,250
    assert o.item("api_monthly_usd") == pytest.approx(8_250)


def test_project_cost_amortisation_savings_and_payback():
    o = evaluate(Point(**WORKED))
    assert o.item("project_usd") == pytest.approx(8 * 12 + 100 * 150)  # $15,096
    assert o.item("amortised_monthly_usd") == pytest.approx(15_096 / 18)
    net = 8_250 - 1_483.20 - 0.322
    assert o.item("net_before_amortisation_monthly_usd") == pytest.approx(net)
    assert o.item("savings_monthly_usd") == pytest.approx(net - 15_096 / 18)
    assert o.item("payback_months") == pytest.approx(15_096 / net)


def test_review_delta_is_a_variable_cost():
    o = evaluate(Point(**{**WORKED, "review_rate_ft": 0.05}))
    assert o.item("review_delta_monthly_usd") == pytest.approx(50_000 * 30 * 0.03 * 5)  # $225,000
    assert math.isinf(o.item("payback_months"))


def test_break_even_includes_the_review_delta_per_token():
    # API: $7.857/1M blended; review: 1% × $5 / 700 tokens = $71.43/1M — at least the API's.
    o = evaluate(Point(**{**WORKED, "review_rate_ft": 0.03}))
    assert math.isinf(o.item("break_even_tokens_per_day"))
    # A smaller delta leaves a margin: break-even where API = serving + storage + review.
    p = Point(**{**WORKED, "review_rate_ft": 0.0201})
    o = evaluate(p)
    margin = (5 * 500 + 15 * 200) / 700 / 1e6 - 0.0001 * 5 / 700
    assert o.item("break_even_tokens_per_day") == pytest.approx((1_483.20 + 0.322) / margin / 30)


def test_break_even_and_payback_never_disagree():
    for rate in (0.0, 0.02, 0.0205, 0.03):
        for volume in (1_000, 10_000, 50_000, 500_000):
            o = evaluate(Point(**{**WORKED, "review_rate_ft": rate, "requests_per_day": volume}))
            above = o.item("daily_tokens") > o.item("break_even_tokens_per_day")
            assert above == math.isfinite(o.item("payback_months")), (rate, volume)


def test_break_even_is_defined_at_zero_volume():
    o = evaluate(Point(**{**WORKED, "requests_per_day": 0}))
    assert o.item("break_even_tokens_per_day") == pytest.approx(
        (1_483.20 + 0.322) / ((5 * 500 + 15 * 200) / 700 / 1e6) / 30)
    assert math.isinf(o.item("payback_months"))


def test_no_tokens_per_request_leaves_the_break_even_undefined():
    o = evaluate(Point(**{**WORKED, "avg_input_tokens": 0, "avg_output_tokens": 0}))
    assert math.isnan(o.item("break_even_tokens_per_day"))


def test_a_sweep_equals_point_by_point():
    volumes = np.array([0, 1_000, 25_000, 50_000, 2_000_000], dtype=float)
    sweep = evaluate(Point(**{**WORKED, "requests_per_day": volumes}))
    for i, volume in enumerate(volumes):
        single = evaluate(Point(**{**WORKED, "requests_per_day": volume}))
        for name, value in single.as_floats().items():
            swept = np.broadcast_to(getattr(sweep, name), volumes.shape)[i]
            assert swept == pytest.approx(value, nan_ok=True), name


def test_evaluate_raises_no_numpy_warnings_at_the_edges():
    edge = Point(**{**WORKED, "requests_per_day": np.array([0.0, 1.0]),
                    "avg_input_tokens": 0, "avg_output_tokens": 0,
                    "serving_monthly_usd": 0, "storage_monthly_usd": 0})
    with np.errstate(all="raise"):
        evaluate(edge)
