"""Properties of the economics that hold for every valid input (PRODUCT.md §5).

Each property is checked on the vectorised core (:func:`engine.roi.evaluate`) over valid
points, or end to end (resolve → point → evaluate) over valid scenarios. Money is float64:
"within a cent" holds while the bills involved are under about $10bn a month; beyond that a
cent is below float64's resolution and the bound is 1e-12 of the largest bill.
"""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import date

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from engine.analysis import analyse
from engine.errors import describe_validation_error
from engine.models import Scenario
from engine.resolve import point, resolve
from engine.roi import Outcome, Point, evaluate
from tests.engine.strategies import amounts, invalid_inputs, points, scenarios

AT = date(2026, 11, 24)
FAST = settings(max_examples=300, deadline=None)
SCENARIOS = settings(max_examples=60, deadline=None)


def cent_or_resolution(*bills: float) -> float:
    return max(0.01, 1e-12 * max(abs(b) for b in bills))


def net(o: Outcome) -> float:
    return o.item("net_before_amortisation_monthly_usd")


@FAST
@given(points())
def test_at_the_break_even_volume_the_monthly_net_is_zero(p: Point) -> None:
    o = evaluate(p)
    be = o.item("break_even_tokens_per_day")
    per_request = float(p.avg_input_tokens) + float(p.avg_output_tokens)
    if math.isnan(be):  # documented: no tokens per request, nothing to break even on
        assert per_request == 0
        return
    if math.isinf(be):  # no break-even at any volume: no volume has a positive net
        for requests in (0.0, float(p.requests_per_day), 1e6, 1e10, 1e14):
            assert net(evaluate(replace(p, requests_per_day=requests))) <= 0
        return
    # Fleet fixed at the analysed fleet: serving and storage do not change with the volume.
    at = evaluate(replace(p, requests_per_day=be / per_request))
    assert at.item("daily_tokens") == pytest.approx(be)
    tolerance = cent_or_resolution(at.item("api_monthly_usd"),
                                   at.item("review_delta_monthly_usd"),
                                   at.item("ft_before_amortisation_monthly_usd"))
    assert abs(net(at)) <= tolerance


@FAST
@given(points())
def test_payback_is_finite_exactly_when_the_net_before_amortisation_is_positive(
        p: Point) -> None:
    o = evaluate(p)
    payback = o.item("payback_months")
    assert math.isfinite(payback) == (net(o) > 0)
    if math.isfinite(payback):
        assert payback * net(o) == pytest.approx(o.item("project_usd"), rel=1e-9, abs=1e-9)


@FAST
@given(points(), st.lists(amounts(1e10), min_size=2, max_size=20))
def test_more_volume_never_lowers_the_api_bill(p: Point, volumes: list[float]) -> None:
    ordered = np.sort(np.array(volumes))
    bills = evaluate(replace(p, requests_per_day=ordered)).api_monthly_usd
    assert np.all(np.diff(np.broadcast_to(bills, ordered.shape)) >= 0)


@SCENARIOS
@given(scenarios(), amounts(100), amounts(100))
def test_a_dearer_gpu_never_raises_savings(s: Scenario, price_a: float, price_b: float) -> None:
    cheap, dear = sorted((price_a, price_b))
    outcomes = []
    for price in (cheap, dear):
        priced = s.with_value("model.instance_usd_per_hour", price)
        outcomes.append(evaluate(point(priced, resolve(priced, at=AT))))
    assert outcomes[1].item("savings_monthly_usd") <= outcomes[0].item("savings_monthly_usd")
    # The same through the shared path's override, as sweeps and the tornado vary it.
    swept = evaluate(point(s, resolve(s, at=AT),
                           {"model.instance_usd_per_hour": np.array([cheap, dear])}))
    savings = np.broadcast_to(swept.savings_monthly_usd, (2,))
    assert savings[1] <= savings[0]


BREAK_EVENS = {"break_even_tokens_per_day", "lifetime_break_even_tokens_per_day"}


def assert_finite_but_documented(o: Outcome, per_request: float) -> None:
    """Every figure is finite, except the documented inf ("never", "no break-even") and the
    NaN of a per-token figure when requests have no tokens."""
    for name, value in o.as_floats().items():
        if name == "payback_months" and math.isinf(value):
            assert value > 0 and net(o) <= 0
        elif name in BREAK_EVENS and math.isinf(value):
            assert value > 0
            assert o.item("api_usd_per_token") <= o.item("review_usd_per_token")
        elif name in {*BREAK_EVENS, "api_usd_per_token",
                      "review_usd_per_token"} and math.isnan(value):
            assert per_request == 0
        else:
            assert math.isfinite(value), (name, value)


@FAST
@given(points())
def test_no_figure_of_a_valid_point_is_nan_or_infinite_except_as_documented(p: Point) -> None:
    with np.errstate(divide="raise", over="raise", invalid="raise"):  # underflow is benign
        o = evaluate(p)
    assert_finite_but_documented(o, float(p.avg_input_tokens) + float(p.avg_output_tokens))


@SCENARIOS
@given(scenarios())
def test_no_figure_of_a_valid_scenario_is_nan_or_infinite_except_as_documented(
        s: Scenario) -> None:
    resolved = resolve(s, at=AT)
    for name, value in resolved.serving.model_dump().items():
        if isinstance(value, float):
            assert math.isfinite(value), (name, value)
    assert math.isfinite(resolved.compute_usd_per_run)
    assert resolved.serving.usd_per_1m_effective is None or s.workload.daily_tokens > 0
    assert_finite_but_documented(evaluate(point(s, resolved)), s.workload.tokens_per_request)


def non_finite(value: object, path: str = "") -> list[tuple[str, float]]:
    """Every NaN or infinite number anywhere in a dumped model, with its path."""
    if isinstance(value, float):
        return [] if math.isfinite(value) else [(path, value)]
    if isinstance(value, dict):
        return [bad for key, item in value.items() for bad in non_finite(item, f"{path}.{key}")]
    if isinstance(value, list | tuple):
        return [bad for i, item in enumerate(value) for bad in non_finite(item, f"{path}[{i}]")]
    return []


@SCENARIOS
@given(scenarios())
def test_the_analysis_has_no_nan_or_infinite_figure_it_says_none_instead(s: Scenario) -> None:
    a = analyse(s, at=AT, samples=500)
    assert non_finite(a.model_dump()) == []
    assert (a.payback_months is None) == (a.monthly.net_before_amortisation_usd <= 0)
    if a.break_even.tokens_per_day is None:
        assert a.break_even.reason is not None and not a.break_even.above


@settings(max_examples=300, deadline=None)
@given(invalid_inputs())
def test_an_invalid_input_raises_a_validation_error_naming_the_field(
        case: tuple[dict[str, object], str]) -> None:
    data, path = case
    with pytest.raises(ValidationError) as caught:  # and nothing else
        Scenario.model_validate(data)
    located = {".".join(str(part) for part in e["loc"]) for e in caught.value.errors()}
    assert path in located
    assert any(line.startswith(f"{path}:") for line in describe_validation_error(caught.value))


def test_an_unknown_managed_base_model_raises_a_validation_error_naming_the_field() -> None:
    with pytest.raises(ValidationError) as caught:
        Scenario.model_validate({"managed": {"base_model": "gpt-17-ultra"}})
    assert [e["loc"] for e in caught.value.errors()] == [("managed", "base_model")]
