"""Uncertainty over every uncertain input (PRODUCT.md §5, "Uncertainty").

Oracle scenario as in test_sensitivity: $8,250 API, $720 serving, project $800 of compute
+ 132 h × $150, 18 months. Every input engine.spreads samples gets a range around its value
unless the scenario gives one; the hand-computed tests pin every default range to today's
value (:func:`only`) and vary just the inputs they name.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

import engine.option_costs as option_costs
import engine.uncertainty as uncertainty
from engine.managed import KEPT_PHASES
from engine.models import PHASES, Range, Scenario
from engine.option_costs import Terms
from engine.resolve import HOURS_FACTOR, point, resolve
from engine.roi import costs, evaluate
from engine.spreads import spreads
from engine.uncertainty import simulate
from tests.engine.oracles import AT, oracle


def run(scenario: Scenario, *, samples: int = 10_000, seed: int = 7):
    return simulate(scenario, resolve(scenario, at=AT), samples=samples, seed=seed)


def with_ranges(scenario: Scenario, ranges: dict[str, Range]) -> Scenario:
    return scenario.model_copy(update={"ranges": ranges})


def only(scenario: Scenario, ranges: dict[str, Range] | None = None) -> Scenario:
    """The scenario with every default range pinned to today's value but ``ranges``."""
    resolved = resolve(scenario, at=AT)
    pinned = {x.path: Range(low=x.mode, high=x.mode) for x in spreads(scenario, resolved)}
    return with_ranges(scenario, {**pinned, **(ranges or {})})


PHASE_RANGES = {  # the seed's engineering-hours table, symmetric about today's hours
    "project.engineer_hours.data_collection": Range(low=20, high=60),
    "project.engineer_hours.model_evaluation": Range(low=16, high=40),
    "project.engineer_hours.deployment": Range(low=8, high=24),
}


def test_same_seed_same_figures():
    assert run(oracle(), seed=3) == run(oracle(), seed=3)


def test_another_seed_other_figures():
    assert run(oracle(), seed=3).project_usd != run(oracle(), seed=4).project_usd


def test_the_order_ranges_were_given_in_does_not_matter():
    ranges = {**PHASE_RANGES, "project.num_training_runs": Range(low=5, high=15)}
    backwards = dict(reversed(list(ranges.items())))
    assert run(with_ranges(oracle(), ranges)) == run(with_ranges(oracle(), backwards))


def test_percentiles_are_ordered_and_the_run_is_described():
    u = run(with_ranges(oracle(), {"project.num_training_runs": Range(low=5, high=15)}))
    for spread in (u.project_usd, u.savings_monthly_usd, u.lifetime_savings_usd):
        assert spread.p10 <= spread.p50 <= spread.p90
    assert (u.samples, u.seed) == (10_000, 7)
    paths = [x.path for x in u.sampled]
    assert paths == sorted(paths)
    assert {"workload.requests_per_day", "workload.monthly_growth_rate",
            "model.throughput_tokens_per_s_per_instance", "model.instance_usd_per_hour",
            "quality.human_review_rate_ft", "quality.human_review_rate_api",
            "project.engineer_hours.data_collection",
            "project.maintenance_hours_per_month"} <= set(paths)
    runs = next(x for x in u.sampled if x.path == "project.num_training_runs")
    assert (runs.low, runs.mode, runs.high, runs.source) == (5, 8, 15, "your range")


def test_every_default_range_has_the_value_as_its_mode_never_its_maximum():
    s = oracle(project={"engineer_hours": {"data_collection": 60}})  # the seed's maximum
    for x in run(s, samples=10).sampled:
        assert x.low <= x.mode <= x.high, x
        if x.mode > 0 and x.path != "quality.human_review_rate_api":
            assert x.high > x.mode, x  # a person's estimate is never the maximum
    hours = next(x for x in run(s, samples=10).sampled
                 if x.path == "project.engineer_hours.data_collection")
    assert (hours.low, hours.mode, hours.high) == pytest.approx((51, 60, 105))  # overrun


def test_zero_width_ranges_give_the_point_figures():
    s = oracle()
    resolved = resolve(s, at=AT)
    u = run(only(s))
    o = evaluate(point(s, resolved))
    for spread, figure in ((u.project_usd, "project_usd"),
                           (u.savings_monthly_usd, "savings_monthly_usd"),
                           (u.payback_months, "payback_months")):
        assert spread.p10 == spread.p50 == spread.p90 == pytest.approx(o.item(figure), abs=1e-9)
    assert u.project_usd.p50 == pytest.approx(20_600)
    assert u.probability_payback_within_lifetime == 1.0


def test_pinned_ranges_are_the_same_degenerate_distribution():
    u = run(only(oracle()), samples=5)
    assert all(x.low == x.high for x in u.sampled)
    assert u.project_usd.p10 == u.project_usd.p90 == pytest.approx(20_600)
    assert u.lifetime_savings_usd.p10 == u.lifetime_savings_usd.p90 == pytest.approx(
        (8_250 - 720) * 18 - 20_600)


def test_median_project_cost_of_symmetric_ranges_is_their_mean():
    # The seed's phase ranges are symmetric about today's hours, so the sum is symmetric
    # about 132 h: median = mean = $800 + 132 × $150. Var of triangular(a, c, b) =
    # (a² + b² + c² − ab − ac − bc) / 18; a median's standard error ≈ 1.2533 σ / √n.
    s = oracle()
    phases = PHASE_RANGES
    var = sum(150**2 * (r.low**2 + r.high**2 + m * m - r.low * r.high - r.low * m - r.high * m)
              / 18 for r, m in ((r, (r.low + r.high) / 2) for r in phases.values()))
    u = run(only(s, phases))
    assert u.project_usd.p50 == pytest.approx(20_600, abs=4 * 1.2533 * math.sqrt(var / 10_000))


def test_triangular_draws_match_the_inverse_cdf():
    # One ranged phase with the mode at its low end: triangular(40, 40, 140), whose
    # q-quantile is 140 − 100 √(1 − q) hours (P50 = 69.29 h). A q-quantile's standard error
    # is √(q(1 − q)) / (f(x_q) √n) with f(x_q) = 2 √(1 − q) / 100: √q / 2 hours at n = 10,000.
    s = only(oracle(), {"project.engineer_hours.data_collection": Range(low=40, high=140)})
    u = run(s)
    for q, p in ((0.1, u.project_usd.p10), (0.5, u.project_usd.p50), (0.9, u.project_usd.p90)):
        hours = 140 - 100 * math.sqrt(1 - q)
        expected = 800 + (132 - 40 + hours) * 150
        assert p == pytest.approx(expected, abs=4 * 150 * math.sqrt(q) / 2)


def test_a_range_that_misses_todays_value_is_widened_to_include_it():
    s = with_ranges(oracle(), {"project.num_training_runs": Range(low=10, high=20)})
    x = next(x for x in run(s).sampled if x.path == "project.num_training_runs")
    assert (x.low, x.mode, x.high) == (8, 8, 20)


def test_payback_that_never_comes_is_none_and_counts_as_infinite():
    # FT review rate ranged 0–4% against 2% for the API: the review delta 1.5M × (r − 2%) × $5
    # exceeds the $7,530 net once r > 2.1004%: P(X > x) = (4% − x)² / (4% × 2%) ≈ 45% of
    # draws never pay back, so P90 is "never". Within 18 months needs a delta ≤ $6,385.56:
    # r ≤ 2% + 6,385.56 / 7.5M.
    s = only(oracle(), {"quality.human_review_rate_ft": Range(low=0, high=0.04)})
    u = run(s)
    assert u.payback_months.p90 is None
    assert u.payback_months.p10 is not None
    r = 0.02 + (8_250 - 720 - 20_600 / 18) / 7_500_000
    p = 1 - (0.04 - r) ** 2 / (0.04 * 0.02)  # 54.2%; a proportion's standard error is 0.5%
    assert u.probability_payback_within_lifetime == pytest.approx(p, abs=4 * 0.005)


def test_never_paying_back_has_probability_zero():
    u = run(only(oracle(workload={"requests_per_day": 1_000})))  # API $165 < serving $720
    assert u.payback_months == uncertainty.Percentiles(p10=None, p50=None, p90=None)
    assert u.probability_payback_within_lifetime == 0.0


def test_inputs_that_need_the_catalogs_again_are_held_and_named():
    s = with_ranges(oracle(), {"training.epochs": Range(low=1, high=5)})
    u = run(s, samples=100)
    assert "training.epochs" in u.not_sampled
    assert "training.epochs" not in {x.path for x in u.sampled}


def test_a_sized_fleet_follows_each_samples_volume(monkeypatch):
    # Auto-sized: 5,000 tok/s at 20% is 1,000 tok/s per instance, so a sample of v requests
    # (700 tokens each) needs ⌈v × 700 / 86,400 / 1,000⌉ instances at $720/month each.
    calls = []
    monkeypatch.setattr(option_costs, "costs", lambda p: calls.append(p) or costs(p))
    s = only(oracle(model={"num_instances": None}),
             {"workload.requests_per_day": Range(low=50_000, high=500_000)})
    u = run(s)
    volume = np.asarray(calls[0].requests_per_day)
    fleet = np.maximum(1, np.ceil(volume * 700 / 86_400 / 1_000))
    assert np.allclose(calls[0].serving_monthly_usd, fleet * 720)
    assert fleet.max() == 5  # 500,000 requests need 4.05 → 5 instances
    # Savings are monotone in volume near the P90 (357,700 requests on 3 instances); the
    # volume's P90 has a standard error of √0.09 / (f √n) = 2,135 requests, f = 2√0.1 / 450k.
    v90 = 500_000 - 450_000 * math.sqrt(0.1)
    hand = v90 * 0.165 - 3 * 720 - 20_600 / 18
    assert u.savings_monthly_usd.p90 == pytest.approx(hand, abs=4 * 0.165 * 2_135)


def test_all_samples_are_one_vectorised_evaluation(monkeypatch):
    calls = []
    monkeypatch.setattr(option_costs, "costs", lambda p: calls.append(p) or costs(p))
    run(oracle())
    assert len(calls) == 1
    assert np.shape(calls[0].engineer_hours) == (10_000,)


def test_samples_must_be_positive():
    with pytest.raises(ValueError, match="samples: 0 is not accepted"):
        run(oracle(), samples=0)


def test_lifetime_savings_and_paying_back_agree_sample_by_sample():
    # Volume 20k–80k around 50k (everything else pinned): lifetime savings
    # = 18 × (v × $0.165 − $720) − $20,600, positive above v = 11,300 — every sample.
    u = run(only(oracle(), {"workload.requests_per_day": Range(low=20_000, high=80_000)}))
    assert u.lifetime_savings_usd.p10 > 0 and u.probability_payback_within_lifetime == 1.0
    low = run(only(oracle(workload={"requests_per_day": 12_000}),
                   {"workload.requests_per_day": Range(low=1_000, high=12_000)}))
    # P(v > 11,300) for triangular(1,000, 12,000, 12,000) = 1 − ((11,300 − 1,000) / 11,000)²
    assert low.probability_payback_within_lifetime == pytest.approx(
        1 - (10_300 / 11_000) ** 2, abs=4 * 0.0025)


def test_how_often_each_option_is_cheapest_sums_to_one_over_the_qualifying():
    s = oracle()
    u = simulate(s, resolve(s, at=AT), samples=2_000, seed=1,
                 qualifying=frozenset({"current_api", "self_hosted_finetune"}))
    assert set(u.cheapest_share) == {"current_api", "self_hosted_finetune"}
    assert sum(u.cheapest_share.values()) == pytest.approx(1.0)


def test_the_hours_factor_is_every_phase_given_one_by_one():
    # The simulation passes the hours group as one factor (engine.resolve.HOURS_FACTOR):
    # today's hours summed, × the factor — one multiplication, where each phase × the
    # factor is eight: the same figures within rounding.
    s = oracle()
    resolved = resolve(s, at=AT)
    factor = np.array([0.85, 1.0, 1.3, 1.75])
    hours = s.project.engineer_hours
    by_phase = {f"project.engineer_hours.{ph}": getattr(hours, ph) * factor for ph in PHASES}
    # the volume gives the samples' shape, as in the simulation
    volume = {"workload.requests_per_day": np.full(4, s.workload.requests_per_day)}
    deployment = {"project.engineer_hours.deployment": np.array([1.0, 2.0, 30.0, 400.0])}
    for given, same in (  # a phase given by its own path wins over the factor
            ({HOURS_FACTOR: factor, **volume}, {**by_phase, **volume}),
            ({HOURS_FACTOR: factor, **volume, **deployment}, {**by_phase, **volume, **deployment})):
        total = point(s, resolved, given).engineer_hours
        assert total == pytest.approx(point(s, resolved, same).engineer_hours, rel=1e-15)
        assert not np.array_equal(total, point(s, resolved, volume).engineer_hours)
        keeps_phases = Terms(id="managed", input_usd_per_1m=1.0, phases=KEPT_PHASES)
        _, money, _ = option_costs.cost([keeps_phases], s, resolved, given)
        _, expected, _ = option_costs.cost([keeps_phases], s, resolved, same)
        assert money["managed"].one_time == pytest.approx(expected["managed"].one_time, rel=1e-15)
        assert money["managed"].lifetime == pytest.approx(expected["managed"].lifetime, rel=1e-15)


@pytest.mark.parametrize("n", [1, 2, 3, 9, 10, 11, 99, 100, 101, 10_000])
def test_percentiles_are_the_sorted_samples_ceil_p_n_th(n):
    # partitioned around P50, then each half: the same samples as sorting them all,
    # ties and never-paying-back (+inf) samples included
    rng = np.random.default_rng(n)
    for _ in range(20):
        values = np.round(rng.normal(size=n), 1)
        values[rng.random(n) < 0.2] = np.inf
        ranks = [max(math.ceil(p * n / 100) - 1, 0) for p in (10, 50, 90)]
        assert uncertainty._percentiles(values) == np.sort(values)[ranks].tolist()
