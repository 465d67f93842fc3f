"""engine.usage: buckets in, workload figures out — window, shares, growth, traffic shape.

Oracles: hand arithmetic on small bucket sets, and synthetic series with a known trend and a
weekly pattern (the growth fit must recover the trend, not the pattern).
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from engine.errors import UsageDataError
from engine.usage import (
    DAY,
    HOUR,
    Bucket,
    derive,
    t_quantile_95,
    with_request_count,
    with_request_size,
)

D0 = 20_362  # 2025-10-01, a Wednesday
NOW = (D0 + 400) * DAY


def daily(requests: list[float], *, first: int = D0, tokens_per_request: int = 100,
          model: str | None = "gpt-4o") -> list[Bucket]:
    return [Bucket(start=(first + i) * DAY, end=(first + i + 1) * DAY, model=model,
                   requests=round(r), input_tokens=round(r) * tokens_per_request,
                   output_tokens=round(r) * 10, cached_input_tokens=0, batch=None)
            for i, r in enumerate(requests)]


def series(days: int, *, monthly: float, seed: int, noise: float = 0.05) -> list[float]:
    """Requests/day with a known monthly trend, a strong weekly pattern and lognormal noise."""
    rng = np.random.default_rng(seed)
    weekly = np.array([1.0, 1.05, 1.1, 1.0, 0.95, 0.45, 0.4])  # weekends at ~40%
    t = np.arange(days)
    b = math.log1p(monthly) / 30
    values = 10_000 * np.exp(b * t) * weekly[(t + D0 + 3) % 7] * rng.lognormal(0, noise, days)
    return [float(v) for v in values]


def test_window_is_the_last_28_whole_days_and_the_figures_are_its_means():
    buckets = daily([50] * 7 + [100] * 28)
    f = derive(buckets, now=NOW, source="x")
    assert (f.days, f.whole_days, f.window_days) == (35, 35, 28)
    assert f.window_first_day.isoformat() == "2025-10-08"
    assert f.requests_per_day == 100
    assert (f.avg_input_tokens_per_request, f.avg_output_tokens_per_request) == (100, 10)
    assert f.requests == 50 * 7 + 100 * 28


@pytest.mark.parametrize(("whole", "window"), [(3, 3), (7, 7), (13, 7), (20, 14), (40, 28)])
def test_the_window_is_whole_weeks_when_there_are_any(whole: int, window: int):
    assert derive(daily([10] * whole), now=NOW, source="x").window_days == window


def test_a_weekly_pattern_alone_is_no_growth():
    # Exactly periodic: weekday terms absorb it; a plain line through it would not be flat.
    pattern = [100, 110, 120, 100, 90, 40, 30]
    f = derive(daily(pattern * 6), now=NOW, source="x")
    assert f.growth is not None
    assert (f.growth.monthly_rate, f.growth.low, f.growth.high) == (0.0, 0.0, 0.0)


@pytest.mark.parametrize("monthly", [-0.1, 0.0, 0.05, 0.3])
def test_growth_is_recovered_within_its_range(monthly: float):
    f = derive(daily(series(90, monthly=monthly, seed=3)), now=NOW, source="x")
    g = f.growth
    assert g is not None and g.fitted_on == "requests"
    assert g.low <= monthly <= g.high
    assert g.low < g.monthly_rate < g.high
    assert g.high - g.low < 0.05  # 90 days at 5% daily noise pin the trend closely
    assert f.growth_note is None


def test_the_90_percent_range_covers_the_true_growth_about_90_percent_of_the_time():
    covered = sum(
        (g := derive(daily(series(42, monthly=0.08, seed=s, noise=0.1)), now=NOW,
                     source="x").growth) is not None and g.low <= 0.08 <= g.high
        for s in range(200))
    assert 0.84 <= covered / 200 <= 0.96


def test_fewer_than_14_whole_days_measure_no_growth():
    f = derive(daily([10] * 13), now=NOW, source="x")
    assert f.growth is None
    assert f.growth_note is not None and "14 whole days" in f.growth_note
    assert "the file has 13" in f.growth_note


def test_growth_beyond_the_inputs_bounds_is_clipped_and_says_so():
    f = derive(daily([100 * 1.1**i for i in range(30)]), now=NOW, source="x")
    assert f.growth is not None and f.growth.clipped
    assert f.growth.high == 1.0 and f.growth.monthly_rate == 1.0


def test_partial_edge_days_and_open_buckets_are_left_out():
    hours = [Bucket(start=D0 * DAY + h * HOUR, end=D0 * DAY + (h + 1) * HOUR, model="m",
                    requests=1, input_tokens=10, output_tokens=1, cached_input_tokens=0,
                    batch=None) for h in range(10, 24 * 3 + 5)]
    f = derive(hours, now=NOW, source="x")
    # Day 0 starts at 10:00 and day 3 ends at 05:00: only days 1 and 2 are whole.
    assert (f.days, f.whole_days, f.requests_per_day) == (4, 2, 24)
    assert f.notes == ("2 partial days at the edges left out",)
    # The same buckets with "now" inside day 2: its last buckets are still open.
    f = derive(hours, now=(D0 + 2) * DAY + 12 * HOUR, source="x")
    assert f.whole_days == 1


def test_no_whole_day_is_refused():
    bucket = Bucket(start=D0 * DAY + 5 * HOUR, end=D0 * DAY + 6 * HOUR, model="m",
                    requests=1, input_tokens=1, output_tokens=1, cached_input_tokens=0,
                    batch=None)
    with pytest.raises(UsageDataError, match="no whole day"):
        derive([bucket], now=NOW, source="x")


def test_a_window_without_traffic_is_refused():
    with pytest.raises(UsageDataError, match="no traffic in the recent window"):
        derive(daily([0] * 7), now=NOW, source="x")


def test_shares_are_of_the_windows_tokens():
    def b(day: int, model: str, batch: bool, tin: int, cached: int, tout: int) -> Bucket:
        return Bucket(start=(D0 + day) * DAY, end=(D0 + day + 1) * DAY, model=model,
                      requests=10, input_tokens=tin, output_tokens=tout,
                      cached_input_tokens=cached, batch=batch)
    rows = [b(0, "a", False, 600, 300, 200), b(0, "b", True, 100, 0, 100)]
    f = derive(rows, now=NOW, source="x")
    assert f.models == {"a": 0.8, "b": 0.2}
    assert f.dominant_model == "a"
    assert (f.batch_share, f.cached_input_share) == (0.2, 300 / 700)


def test_the_traffic_shape_of_an_average_hourly_day():
    rows = [Bucket(start=(D0 + d) * DAY + h * HOUR, end=(D0 + d) * DAY + (h + 1) * HOUR,
                   model="m", requests=1, input_tokens=900 if 9 <= h < 17 else 90,
                   output_tokens=100 if 9 <= h < 17 else 10, cached_input_tokens=0,
                   batch=None) for d in range(2) for h in range(24)]
    f = derive(rows, now=NOW, source="x")
    assert f.hourly
    assert f.peak_hours_per_day == 8
    assert f.off_peak_traffic_share == pytest.approx(1600 / (8000 + 1600))


def test_daily_buckets_give_no_traffic_shape():
    f = derive(daily([10] * 7), now=NOW, source="x")
    assert (f.hourly, f.peak_hours_per_day, f.off_peak_traffic_share) == (False, None, None)


def test_an_export_without_requests_takes_a_count_or_a_size():
    rows = [Bucket(start=(D0 + i) * DAY, end=(D0 + i + 1) * DAY, model=None, requests=None,
                   input_tokens=8_000, output_tokens=2_000, cached_input_tokens=0, batch=None)
            for i in range(7)]
    f = derive(rows, now=NOW, source="x")
    assert (f.requests, f.requests_per_day, f.avg_input_tokens_per_request) == (None, None, None)
    assert f.growth_note is not None
    by_count = with_request_count(f, requests_per_day=10)
    assert (by_count.avg_input_tokens_per_request, by_count.avg_output_tokens_per_request) \
        == (800, 200)
    by_size = with_request_size(f, avg_input_tokens_per_request=400)
    assert (by_size.requests_per_day, by_size.avg_output_tokens_per_request) == (20, 100)
    with pytest.raises(ValueError, match="requests_per_day: 0 is not accepted"):
        with_request_count(f, requests_per_day=0)


def test_t_quantile_matches_published_tables():
    # Student's t, one-sided 0.95 (NIST/SEMATECH e-Handbook table 1.3.6.7.2).
    for df, table in [(5, 2.015), (6, 1.943), (10, 1.812), (20, 1.725), (100, 1.660)]:
        assert t_quantile_95(df) == pytest.approx(table, abs=0.004)
