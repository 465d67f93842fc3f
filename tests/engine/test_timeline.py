"""Cumulative cost over time and the crossover month (PRODUCT.md §5, "Over time").

Oracle scenario as in test_sensitivity: API $8,250/month, serving $720 (one instance at a
typed $1/hour), no storage, equal review rates, project $800 + 132 h × $150 = $20,600;
net before amortisation $7,530/month, payback 20,600 / 7,530 = 2.74 months.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

import engine.timeline as timeline
from engine.models import Scenario
from engine.resolve import point, resolve
from engine.roi import costs, evaluate
from engine.timeline import cumulative
from tests.engine.oracles import AT, oracle


def run(scenario: Scenario, months: int = 24):
    return cumulative(scenario, resolve(scenario, at=AT), months=months)


def payback(scenario: Scenario) -> float:
    return evaluate(point(scenario, resolve(scenario, at=AT))).item("payback_months")


def test_month_zero_pays_the_project_and_each_month_the_running_costs():
    t = run(oracle(), months=3)
    assert t.months == [0, 1, 2, 3]
    assert t.api_cumulative_usd == pytest.approx([0, 8_250, 16_500, 24_750])
    assert t.ft_cumulative_usd == pytest.approx([20_600, 21_320, 22_040, 22_760])
    assert t.requests_per_day == [50_000] * 4
    assert (t.api_total_usd, t.ft_total_usd, t.project_usd) == pytest.approx(
        (24_750, 22_760, 20_600))


def test_without_growth_the_crossover_is_the_payback_rounded_up():
    # cumulative FT ≤ API ⇔ 20,600 + 720 m ≤ 8,250 m ⇔ m ≥ 2.74: month 3.
    s = oracle()
    assert run(s).crossover_month == math.ceil(payback(s)) == 3


def test_a_whole_number_payback_crosses_over_in_that_month():
    # project 8 × $1,290 + $19,800 = $30,120 = 4 × $7,530: even in month 4, not month 5.
    s = oracle(project={"compute_usd_per_run": 1_290})
    assert payback(s) == pytest.approx(4)
    assert run(s).crossover_month == 4


@pytest.mark.parametrize("compute", [0, 50, 1_000, 6_937.5, 20_000, 50_000])
def test_crossover_is_ceil_payback_for_any_project_size(compute):
    s = oracle(project={"compute_usd_per_run": compute})
    months = run(s, months=120).crossover_month
    assert months == max(1, math.ceil(payback(s) - 1e-9))


def test_growth_brings_the_crossover_earlier():
    # Project $75,300 = 10 × $7,530: month 10 without growth. With 10% a month the API bill
    # grows and the fixed fleet does not: Σ_{m≤k} (8,250 × 1.1^(m−1) − 720)
    # = 82,500 (1.1^k − 1) − 720 k: 73,229 at k = 7, 88,586 at k = 8 → month 8.
    flat = oracle(project={"compute_usd_per_run": 6_937.5})
    grown = oracle(project={"compute_usd_per_run": 6_937.5},
                   workload={"monthly_growth_rate": 0.10})
    assert run(flat).crossover_month == 10
    assert run(grown).crossover_month == 8
    assert run(grown).requests_per_day[:4] == pytest.approx([50_000, 50_000, 55_000, 60_500])


def test_shrinking_volume_can_mean_no_crossover():
    # −20% a month: the API bill sums to at most 8,250 / 0.2 = $41,250 — less than a
    # $75,300 project, whatever the horizon.
    t = run(oracle(project={"compute_usd_per_run": 6_937.5},
                   workload={"monthly_growth_rate": -0.2}), months=36)
    assert t.crossover_month is None


def test_the_crossover_is_the_first_month_even_if_the_api_pulls_ahead_again():
    # −20% a month, $20,600 project: API 8,250 × (1 + .8 + .64 + .512) = $24,354 against
    # 20,600 + 4 × 720 = $23,480 in month 4; by month 36 the API's $41,237 is behind $46,520.
    t = run(oracle(workload={"monthly_growth_rate": -0.2}), months=36)
    assert t.crossover_month == 4
    assert t.api_total_usd == pytest.approx(41_250 * (1 - 0.8**36))
    assert t.ft_total_usd == pytest.approx(20_600 + 36 * 720)


def test_a_fleet_sized_for_you_grows_with_volume():
    # 50% growth; the fleet is ⌈requests × 700 / 86,400 / 1,000 tok/s⌉ instances each month.
    s = oracle(model={"num_instances": None}, workload={"monthly_growth_rate": 0.5})
    t = run(s, months=12)
    assert t.fleet_resized
    volume = 50_000 * 1.5 ** np.arange(12)
    fleet = np.maximum(1, np.ceil(volume * 700 / 86_400 / 1_000))
    assert fleet[0] == 1 and fleet[-1] == 36
    assert np.diff(t.ft_cumulative_usd) == pytest.approx(fleet * 720)
    assert np.diff(t.api_cumulative_usd) == pytest.approx(volume * 0.165)


def test_a_fleet_of_a_typed_size_does_not_grow():
    t = run(oracle(workload={"monthly_growth_rate": 0.5}), months=12)
    assert not t.fleet_resized
    assert np.diff(t.ft_cumulative_usd) == pytest.approx([720] * 12)


def test_review_delta_is_paid_every_month_with_the_volume():
    # FT reviews 3% against 2%: 50,000 × 30 × 1% × $5 = $75,000 more a month.
    t = run(oracle(quality={"human_review_rate_ft": 0.03}), months=2)
    assert np.diff(t.ft_cumulative_usd) == pytest.approx([720 + 75_000] * 2)
    assert t.crossover_month is None


def test_all_months_are_one_vectorised_evaluation(monkeypatch):
    calls = []
    monkeypatch.setattr(timeline, "costs", lambda p: calls.append(p) or costs(p))
    run(oracle(), months=36)
    assert len(calls) == 1 and np.shape(calls[0].requests_per_day) == (36,)


def test_months_must_be_positive():
    with pytest.raises(ValueError, match="months: 0 is not accepted"):
        run(oracle(), months=0)
