"""A range's ends are checked against its input's own bounds: a measured decline is a
negative growth range, while a negative count or a share above 1 is refused by name."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from engine.analysis import analyse
from engine.models import Scenario


def test_a_negative_growth_range_is_accepted_and_named_in_the_uncertainty():
    s = Scenario(workload={"monthly_growth_rate": -0.02},
                 ranges={"workload.monthly_growth_rate": {"low": -0.08, "high": 0.03}})
    u = analyse(s, at=date(2026, 11, 24)).uncertainty
    growth = next(x for x in u.sampled if x.path == "workload.monthly_growth_rate")
    assert (growth.low, growth.mode, growth.high, growth.source) == (
        -0.08, -0.02, 0.03, "your range")  # sampled: it moves every option's lifetime cost


@pytest.mark.parametrize(("path", "low", "high", "message"), [
    ("workload.monthly_growth_rate", -0.6, 0.1, "low -0.6 is not accepted — the input takes "
                                                "-0.5 to 1"),
    ("project.num_training_runs", -1, 5, "low -1 is not accepted — the input takes 0 to 10000"),
    ("quality.human_review_rate_ft", 0.01, 1.5, "high 1.5 is not accepted — the input takes 0 "
                                                "to 1"),
])
def test_a_range_outside_its_inputs_bounds_is_refused(path: str, low: float, high: float,
                                                      message: str):
    with pytest.raises(ValidationError) as caught:
        Scenario(ranges={path: {"low": low, "high": high}})
    assert f"range for {path!r}: {message}" in str(caught.value)
