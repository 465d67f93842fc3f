"""Flip points and the tornado (PRODUCT.md §5, "Sensitivity and flip points").

The oracle scenario is hand-computed: the source document's worked workload (50,000
requests/day, 500 in + 200 out tokens) on its 2024 GPT-4o prices ($5 / $15 per 1M), one
instance at a typed $1.00/hour, no storage, 8 runs × $100 of compute and the seed table's
132 engineer hours at $150, over 18 months:

* API = 50,000 × 30 × (500 × $5 + 200 × $15) / 1M = $8,250/month ($0.165 per daily request)
* serving = $1.00 × 720 h = $720; project = $800 + $19,800 = $20,600 → $1,144.44/month
* savings = 8,250 − 720 − 1,144.44 = $6,385.56; net before amortisation = $7,530
"""

from __future__ import annotations

import math

import pytest

import engine.sensitivity as sensitivity
from engine.models import Range, Scenario
from engine.resolve import point, resolve
from engine.roi import Point, costs, evaluate
from engine.sensitivity import flip_points, tornado
from tests.engine.oracles import AT, oracle

AMORTISED = 20_600 / 18
SAVINGS = 8_250 - 720 - AMORTISED


def flips(scenario: Scenario) -> dict:
    return {f.path: f for f in flip_points(scenario, resolve(scenario, at=AT))}


def savings_at(scenario: Scenario, path: str, value: float) -> float:
    """Savings with one input replaced, through resolve.point as any caller would."""
    resolved = resolve(scenario, at=AT)
    # Volume as an array too: serving's fleet sizing takes its shape from the volume.
    overrides = {"workload.requests_per_day": [scenario.workload.requests_per_day]}
    overrides[path] = [value]
    return float(evaluate(point(scenario, resolved, overrides)).savings_monthly_usd[0])


def test_oracle_scenario_is_what_the_module_docstring_says():
    s = oracle()
    o = evaluate(point(s, resolve(s, at=AT)))
    assert o.item("savings_monthly_usd") == pytest.approx(SAVINGS)


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        # savings = 0.165 R − 720 − 1,144.44 → R = 1,864.44 / 0.165
        ("workload.requests_per_day", (720 + AMORTISED) / 0.165),
        # 8,250 k = 1,864.44: reported as the blended price, $5,500 / 700 tokens × k
        ("api.price_scale", 5_500 / 700 * (720 + AMORTISED) / 8_250),
        # 8,250 − 720 p − 1,144.44 = 0
        ("model.instance_usd_per_hour", (8_250 - AMORTISED) / 720),
        ("model.num_instances", (8_250 - AMORTISED) / 720),
        # review delta 1.5M requests × (r − 2%) × $5 eats the savings
        ("quality.human_review_rate_ft", 0.02 + SAVINGS / 7_500_000),
        # 7,530 × 18 = $135,540 of project: 800 + 132 h, 800 + 150 H, 100 n + 19,800, 8 c + 19,800
        ("project.engineer_usd_per_hour", (135_540 - 800) / 132),
        ("project.engineer_hours.total", (135_540 - 800) / 150),
        ("project.num_training_runs", (135_540 - 19_800) / 100),
        ("project.compute_usd_per_run", (135_540 - 19_800) / 8),
        # savings = 7,530 − 20,600 / L: the flip is the payback, 20,600 / 7,530
        ("project.model_lifetime_months", 20_600 / 7_530),
    ],
)
def test_flip_values_match_hand_computation(path, expected):
    assert flips(oracle())[path].flip == pytest.approx(expected, rel=1e-9)


def test_a_lifetime_between_two_retrainings_is_solved_in_one_secant_step(monkeypatch):
    # Retrained every 6 months (18-month lifetime: twice): between two retrainings savings
    # are a − b / L, linear in 1 / L, so once the bracket holds no retraining the secant in
    # 1 / L lands on the flip. Evaluations: the secant, the scan, two rounds of k-section.
    s = oracle(project={"retrain_every_months": 6, "retrain_runs": 1})
    calls = []
    real = sensitivity._savings
    monkeypatch.setattr(sensitivity, "_savings", lambda *a: calls.append(a[2]) or real(*a))
    flip = flips(s)["project.model_lifetime_months"].flip
    assert calls[2:] == [["project.model_lifetime_months"]] * 2
    assert savings_at(s, "project.model_lifetime_months", flip) == pytest.approx(0, abs=1e-9)


def test_at_every_flip_savings_are_zero_within_a_cent():
    s = oracle()
    for f in flips(s).values():
        if f.flip is None:
            continue
        value = f.ratio if f.path == "api.price_scale" else f.flip
        assert abs(savings_at(s, f.path, value)) < 0.01, f.path


def test_volume_flip_equals_the_amortised_break_even():
    # Oracle: roi's break-even with the amortised project folded into the fixed cost.
    p = Point(requests_per_day=0, avg_input_tokens=500, avg_output_tokens=200,
              input_usd_per_1m=5, output_usd_per_1m=15, serving_monthly_usd=720,
              storage_monthly_usd=AMORTISED)
    break_even_requests = evaluate(p).item("break_even_tokens_per_day") / 700
    assert flips(oracle())["workload.requests_per_day"].flip == pytest.approx(break_even_requests)


def test_flip_reports_current_ratio_and_direction():
    f = flips(oracle())
    volume = f["workload.requests_per_day"]
    assert volume.current == 50_000
    assert volume.ratio == pytest.approx(volume.flip / 50_000)
    assert volume.flips_when == "below"
    assert "fleet held at today's 1 instance" in volume.note
    price = f["api.price_scale"]
    assert price.current == pytest.approx(5_500 / 700)  # blended $7.857/1M
    assert price.ratio == pytest.approx(price.flip / price.current)
    assert f["model.instance_usd_per_hour"].flips_when == "above"


def test_review_cost_has_no_flip_while_review_rates_are_equal():
    f = flips(oracle())["quality.cost_per_review_usd"]
    assert f.flip is None and f.ratio is None
    assert "do not depend" in f.reason


def test_a_flip_at_a_negative_price_is_none_within_the_valid_range():
    # FT reviews save 1.5M × 10% × $5 = $750,000/month: positive even with a free API.
    f = flips(oracle(quality={"human_review_rate_api": 0.1, "human_review_rate_ft": 0.0}))
    assert f["api.price_scale"].flip is None
    assert f["api.price_scale"].reason.startswith("savings stay positive for any value ≥ 0")
    # … and with volume it only grows: 0.165 + 30 × 10% × $5 = $15.165 per daily request.
    assert f["workload.requests_per_day"].flip == pytest.approx((720 + AMORTISED) / 15.165)


def test_a_review_rate_flip_above_one_is_none():
    # At $0.001 a review, even reviewing everything costs 1.5M × 98% × $0.001 = $1,470.
    f = flips(oracle(quality={"cost_per_review_usd": 0.001}))["quality.human_review_rate_ft"]
    assert f.flip is None
    assert f.reason == "savings stay positive for any value between 0 and 1 (fraction)"


def test_lifetime_has_no_flip_when_serving_alone_costs_more_than_the_api():
    # 1,000 requests: API $165 < serving $720, whatever the amortisation.
    f = flips(oracle(workload={"requests_per_day": 1_000}))
    lifetime = f["project.model_lifetime_months"]
    assert lifetime.flip is None
    assert lifetime.reason == "savings stay negative for any value between 1 and 600 (months)"
    assert f["workload.requests_per_day"].flip == pytest.approx((720 + AMORTISED) / 0.165)
    assert f["workload.requests_per_day"].flips_when == "above"


def test_lifetime_flip_beyond_600_months_is_none():
    # Net $7,530/month; a $5M project pays back in 664 months: past the longest lifetime.
    f = flips(oracle(project={"compute_usd_per_run": 622_525}))
    assert f["project.model_lifetime_months"].flip is None


def test_instances_under_a_traffic_shape_are_found_by_bisection():
    # 12 peak hours; the off-peak fleet (10% of 35M tokens over 12 h = 81 tok/s) is 1
    # instance, so the fleet runs 12 n + 12 hours a day: serving = 30 × (12 n + 12) = 360 n + 360.
    s = oracle(workload={"peak_hours_per_day": 12, "off_peak_traffic_share": 0.1})
    f = flips(s)["model.num_instances"]
    assert f.flip == pytest.approx((8_250 - 360 - AMORTISED) / 360, rel=1e-9)
    assert abs(savings_at(s, "model.num_instances", f.flip)) < 0.01


def test_linear_flips_take_two_vectorised_evaluations(monkeypatch):
    calls = []
    monkeypatch.setattr(sensitivity, "costs", lambda p: calls.append(p) or costs(p))
    flips(oracle())
    assert len(calls) == 2  # two points per input to solve, then one check per input


# -- tornado ---------------------------------------------------------------------------------


def bars(scenario: Scenario) -> dict:
    return {b.path: b for b in tornado(scenario, resolve(scenario, at=AT))}


def test_tornado_is_sorted_by_swing_largest_first():
    swings = [b.swing_usd for b in tornado(oracle(), resolve(oracle(), at=AT))]
    assert swings == sorted(swings, reverse=True)


def test_tornado_order_for_the_oracle():
    order = [b.path for b in tornado(oracle(), resolve(oracle(), at=AT))]
    # review rate ±25% → 1.5M × 0.5 pp × $5 = $37,500 swing; volume ±50% = API ±50% = $8,250;
    # engineer hours ×0.85 – ×1.75 of 132 = 118.8 h × $150 / 18 = $990; instance price ±50%
    # = $720.
    assert order[:5] == [
        "quality.human_review_rate_ft",
        "api.price_scale",
        "workload.requests_per_day",
        "project.engineer_hours.total",
        "model.instance_usd_per_hour",
    ]
    assert order[-1] == "quality.cost_per_review_usd"  # equal review rates: no swing


def test_tornado_bars_match_hand_computation():
    b = bars(oracle())
    volume = b["workload.requests_per_day"]
    assert (volume.low, volume.high, volume.spread) == (25_000, 75_000, "default ±50%")
    assert volume.savings_at_low_usd == pytest.approx(25_000 * 0.165 - 720 - AMORTISED)
    assert volume.swing_usd == pytest.approx(8_250)
    hours = b["project.engineer_hours.total"]  # 132 h, skewed towards overrun
    assert (hours.low, hours.high, hours.spread) == pytest.approx(
        (112.2, 231.0, "default ×0.85 – ×1.75"))
    assert hours.savings_at_high_usd == pytest.approx(7_530 - (800 + 231 * 150) / 18)
    runs = b["project.num_training_runs"]  # 8 runs ±25%, whole runs: 6–10
    assert (runs.low, runs.high, runs.spread) == (6, 10, "default ±25%")
    assert runs.swing_usd == pytest.approx(4 * 100 / 18)
    price = b["api.price_scale"]
    assert price.low == pytest.approx(0.5 * 5_500 / 700)  # blended $/1M at half today's


def test_tornado_default_spread_is_clipped_to_the_valid_domain():
    b = bars(oracle())
    # Whole units round outwards: 1 instance ±25% is 1–2 instances, never 1.25.
    assert (b["model.num_instances"].low, b["model.num_instances"].high) == (1, 2)
    assert (b["project.model_lifetime_months"].low,
            b["project.model_lifetime_months"].high) == (13.5, 22.5)
    rate = bars(oracle(quality={"human_review_rate_ft": 0.9}))["quality.human_review_rate_ft"]
    assert (rate.low, rate.high) == pytest.approx((0.675, 1.0))


def test_tornado_uses_ranges_and_adds_bars_for_other_ranged_inputs():
    s = oracle().model_copy(update={"ranges": {
        "workload.requests_per_day": Range(low=40_000, high=60_000),
        "api.input_usd_per_1m_tokens": Range(low=2.5, high=5),
        "project.engineer_hours.deployment": Range(low=8, high=40),
    }})
    b = bars(s)
    assert (b["workload.requests_per_day"].low, b["workload.requests_per_day"].spread) == (
        40_000, "range")
    # only one phase ranged: the others stay at their values, 132 − 16 + 8 … 132 − 16 + 40
    assert (b["project.engineer_hours.total"].low, b["project.engineer_hours.total"].high) == (
        124, 156)
    api_in = b["api.input_usd_per_1m_tokens"]  # 1.5M × 500 tokens × $2.50/1M = $1,875 swing
    assert api_in.swing_usd == pytest.approx(1_875)
    assert "project.num_training_runs" in b and b["project.num_training_runs"].spread != "range"


def test_tornado_is_one_vectorised_evaluation(monkeypatch):
    calls = []
    monkeypatch.setattr(sensitivity, "costs", lambda p: calls.append(p) or costs(p))
    tornado(oracle(), resolve(oracle(), at=AT))
    assert len(calls) == 1


def test_no_runtime_warnings_with_zero_volume_and_no_tokens():
    # filterwarnings = error: a division by zero anywhere would fail this test.
    s = oracle(workload={"requests_per_day": 0, "avg_input_tokens_per_request": 0,
                         "avg_output_tokens_per_request": 0})
    f = flips(s)
    assert f["workload.requests_per_day"].flip is None
    assert all(math.isfinite(b.swing_usd) for b in tornado(s, resolve(s, at=AT)))
