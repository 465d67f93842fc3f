"""The self-hosted fleet over the model's lifetime, re-sized month by month (engine.option_costs).

The oracle fleet (5,000 tokens/s an instance at the document's 20% target utilisation: 1,000
tokens/s, $720 a month) is sized by ftroi here, so each month's fleet is worked out by hand
from that month's volume: ⌈requests × 700 tokens / 86,400 s / 1,000⌉ instances, at least one.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

import engine.option_costs as option_costs
from engine.fleet_levels import weighted_fleet_hours
from engine.lifetime import month_growth, month_weights
from engine.models import Range, Scenario, Workload
from engine.option_costs import Terms, cost
from engine.resolve import resolve
from engine.serving import fleet_hours_by_month, fleet_instance_hours_per_day, plan_serving
from engine.uncertainty import simulate
from tests.engine.oracles import AT, oracle

OWN = Terms(id="self_hosted_finetune", self_hosted=True)


def sized(**workload: float) -> Scenario:
    return oracle(model={"num_instances": None}, workload=workload)


def serving_lifetime(s: Scenario) -> float:
    _, money, _ = cost([OWN], s, resolve(s, at=AT))
    return float(money[OWN.id].serving_lifetime)


def test_each_month_pays_for_the_fleet_its_own_volume_needs():
    # 200,000 requests a day growing 10% a month: 1.62 → 2, …, month 12 at 4.46 → 5
    # instances; a lifetime of 12.5 months pays half of month 13 (5.3 → 6 instances).
    s = sized(requests_per_day=200_000, monthly_growth_rate=0.1)
    s = s.model_copy(update={"project": s.project.model_copy(
        update={"model_lifetime_months": 12.5})})
    fleets = [max(1, math.ceil(200_000 * 1.1 ** m * 700 / 86_400 / 1_000)) for m in range(13)]
    assert fleets[0] == 2 and fleets[11] == 5 and fleets[12] == 6
    hand = sum(fleets) * 720 - 0.5 * fleets[12] * 720
    assert serving_lifetime(s) == pytest.approx(hand, rel=1e-12)


def test_a_traffic_shape_re_sizes_the_peak_and_the_off_peak_fleets_each_month():
    # Each month's fleet as serving's own plan sizes it for that month's volume.
    shape = {"peak_hours_per_day": 10, "off_peak_traffic_share": 0.3}
    s = sized(requests_per_day=300_000, monthly_growth_rate=0.05, **shape)
    months = 18
    by_plan = sum(
        plan_serving(s.model, Workload(**{**s.workload.model_dump(),
                                          "requests_per_day": 300_000 * 1.05 ** m}))
        .monthly_serving_usd for m in range(months))
    assert serving_lifetime(s) == pytest.approx(by_plan, rel=1e-12)


def test_the_month_grid_sizes_the_fleet_as_each_months_volume_would():
    # The grid grows each sample's load instead of each month's volume: the same fleets.
    rng = np.random.default_rng(3)
    daily = rng.uniform(1e6, 5e9, 500)
    growth = month_growth(rng.uniform(-0.2, 0.3, 500), 36)
    tps, util = rng.uniform(200, 20_000, 500), rng.uniform(0.2, 0.9, 500)
    for shape in ({}, {"peak_hours_per_day": 8.0, "off_peak_traffic_share": 0.25}):
        grid = fleet_hours_by_month(daily, growth, tps, util, **shape)
        each = fleet_instance_hours_per_day(growth * daily, tps, util, **shape)[1]
        assert np.array_equal(grid, each)


def test_month_growth_is_the_power_within_a_few_units_in_the_last_place():
    g = np.array([-0.5, -0.05, 0.0, 1e-12, 0.03, 0.1, 1.0])
    grid = month_growth(g, 120)  # months on the first axis
    assert np.allclose(grid, (1 + g) ** np.arange(120.0)[:, None], rtol=1e-13, atol=0)
    assert (grid[0] == 1.0).all() and (grid[:, 2] == 1.0).all()


@pytest.mark.parametrize("lifetime_range", [None, Range(low=6, high=30)])
def test_the_simulation_sizes_in_blocks_and_gets_the_whole_grids_figures(monkeypatch,
                                                                         lifetime_range):
    # Blocks of 7 samples (the last one short), against the whole grid at once: each
    # sample's months are the same operations either way, so the same figures to the bit.
    s = sized(requests_per_day=200_000, monthly_growth_rate=0.04)
    if lifetime_range is not None:
        s = s.model_copy(update={"ranges": {"project.model_lifetime_months": lifetime_range}})
    resolved = resolve(s, at=AT)
    seen = []
    real = option_costs._serving_lifetime
    monkeypatch.setattr(option_costs, "_serving_lifetime",
                        lambda *a: seen.append(real(*a)) or seen[-1])

    # the month grid, which a fleet of a few sizes skips (engine.fleet_levels)
    monkeypatch.setattr(option_costs, "weighted_fleet_hours", lambda *a, **k: None)

    def run(block_figures: int) -> object:
        monkeypatch.setattr(option_costs, "_BLOCK_FIGURES", block_figures)
        return simulate(s, resolved, samples=1_000, seed=5)

    whole = run(10**9)
    blocks = run(7 * 30)
    assert np.shape(seen[0]) == (1_000,) and np.array_equal(seen[0], seen[1])
    assert whole == blocks


def grid_hours(daily, growth, lifetime, tps, util, months, **shape):
    """Σ weight × instance-hours a day over the month grid, sample by sample."""
    hours = fleet_hours_by_month(daily, month_growth(growth, months), tps, util, **shape)
    if np.ndim(lifetime):
        weights = np.clip(lifetime - np.arange(months, dtype=float)[:, None], 0.0, 1.0)
        return (hours * weights).sum(axis=0)
    return month_weights(float(lifetime)) @ hours


SHAPES = ({}, {"peak_hours_per_day": 10.0, "off_peak_traffic_share": 0.3},
          {"peak_hours_per_day": 6.0, "off_peak_traffic_share": 0.0},
          {"peak_hours_per_day": 24.0, "off_peak_traffic_share": 0.5})


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("per_sample_lifetime", [False, True])
def test_counting_the_months_at_each_size_gives_the_month_grids_fleet(shape,
                                                                      per_sample_lifetime):
    # Growth, decline and none (a tenth of the samples), volumes a simulation draws around
    # one forecast, lifetimes of 1 to 36 months: the months at each fleet size, summed,
    # are the grid's month-by-month figures.
    rng = np.random.default_rng(11)
    n, compared = 3_000, 0
    for _ in range(12):
        daily = 10 ** rng.uniform(6, 7.5) * rng.uniform(0.7, 1.3, n)
        growth = rng.uniform(-0.08, 0.08, n)
        growth[rng.random(n) < 0.1] = 0.0
        lifetime = rng.uniform(1, 36, n) if per_sample_lifetime else float(rng.uniform(1, 36))
        tps, util = rng.uniform(300, 3_000, n), rng.uniform(0.2, 0.9, n)
        months = int(np.ceil(np.max(lifetime) - 1e-12))
        counted = weighted_fleet_hours(daily, growth, lifetime, tps, util, months=months,
                                       **shape)
        if counted is None:  # more sizes than months: left to the grid
            continue
        grid = grid_hours(daily, growth, lifetime, tps, util, months, **shape)
        assert counted == pytest.approx(grid, rel=1e-13, abs=1e-9)
        compared += 1
    assert compared >= 6  # of 12: the rest span more sizes than months


def test_a_load_on_a_whole_number_of_instances_runs_that_many():
    # 2.0 instances' worth a month with no growth is 2 instances (a billionth forgiven),
    # 2.0 + a millionth is 3; with growth, the month the load passes 2 is the month the
    # third instance starts, as in the grid.
    daily = np.array([2.0, 2.0 + 1e-6, 2.0, 1.5]) * 86_400 * 1_000
    growth = np.array([0.0, 0.0, 0.1, 0.1])
    counted = weighted_fleet_hours(daily, growth, 12.0, 1_000.0, 1.0, months=12)
    assert counted.tolist() == [2 * 24 * 12, 3 * 24 * 12, *grid_hours(
        daily[2:], growth[2:], 12.0, 1_000.0, 1.0, 12).tolist()]
    assert counted[3] == 37 * 24  # 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 5 instances


def test_no_volume_runs_the_one_instance_at_peak_and_none_off_peak():
    shape = {"peak_hours_per_day": 8.0, "off_peak_traffic_share": 0.2}
    counted = weighted_fleet_hours(np.zeros(3), np.array([-0.1, 0.0, 0.1]), 18.0, 1_000.0,
                                   0.5, months=18, **shape)
    assert counted.tolist() == [8.0 * 18] * 3


def test_a_large_fleet_is_left_to_the_month_grid():
    # 40 instances growing 5% a month climb 55 sizes in 18 months: more than the months
    daily = np.full(10, 40 * 86_400 * 1_000.0)
    assert weighted_fleet_hours(daily, 0.05, 18.0, 1_000.0, 1.0, months=18) is None
    assert weighted_fleet_hours(daily, 0.0, 18.0, 1_000.0, 1.0, months=18) is not None


def test_the_simulation_counts_the_months_at_each_size_as_the_grid_sums_them(monkeypatch):
    s = sized(requests_per_day=200_000, monthly_growth_rate=0.04,
              peak_hours_per_day=12, off_peak_traffic_share=0.25)
    resolved = resolve(s, at=AT)
    counted = simulate(s, resolved, samples=2_000, seed=4)
    monkeypatch.setattr(option_costs, "weighted_fleet_hours", lambda *a, **k: None)
    grid = simulate(s, resolved, samples=2_000, seed=4)
    assert counted.lifetime_savings_usd.p50 == pytest.approx(grid.lifetime_savings_usd.p50,
                                                             rel=1e-13)
    assert counted.cheapest_share == grid.cheapest_share
