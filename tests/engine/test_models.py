"""Input validation: every bad value names the field, the value and what is accepted."""

from __future__ import annotations

import math

import pytest
from pydantic import BaseModel, ValidationError

from engine.errors import describe_validation_error
from engine.models import (
    LEGACY_DEFAULT_RANGES,
    ApiChoice,
    FineTunedModel,
    ManagedOption,
    Project,
    QualityFit,
    Range,
    Scenario,
    TrainingPlan,
    Workload,
)


def problems(factory, **kwargs) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        factory(**kwargs)
    return describe_validation_error(caught.value)


@pytest.mark.parametrize(
    ("factory", "field", "value", "accepted"),
    [
        (Workload, "requests_per_day", -1, "greater than or equal to 0"),
        (Workload, "requests_per_day", math.nan, "finite number"),
        (Workload, "avg_input_tokens_per_request", math.inf, "finite number"),
        (Workload, "monthly_growth_rate", 2, "less than or equal to 1"),
        (QualityFit, "human_review_rate_ft", 1.5, "less than or equal to 1"),
        (QualityFit, "human_review_rate_api", -0.01, "greater than or equal to 0"),
        (Project, "model_lifetime_months", 0.5, "greater than or equal to 1"),
        (Project, "engineer_usd_per_hour", -150, "greater than or equal to 0"),
        (Project, "num_training_runs", 2.5, "valid integer"),
        (FineTunedModel, "model_size_b", 0, "greater than 0"),
        (FineTunedModel, "target_utilisation", 1.2, "less than or equal to 1"),
        (FineTunedModel, "method", "adapter", "'lora', 'qlora' or 'full'"),
        (TrainingPlan, "epochs", 0, "greater than 0"),
    ],
)
def test_a_bad_value_names_field_value_and_what_is_accepted(factory, field, value, accepted):
    [line] = problems(factory, **{field: value})
    assert line.startswith(f"{field}: {value!r} is not accepted")
    assert accepted in line


def test_unknown_gpu_lists_the_gpus_accepted():
    [line] = problems(FineTunedModel, gpu="tpu-v5")
    assert line.startswith("gpu: 'tpu-v5' is not accepted")
    assert "a10g" in line and "h100" in line and "custom" in line


def test_unknown_api_model_says_what_is_accepted():
    [line] = problems(ApiChoice, model="gpt-17-ultra")
    assert "gpt-17-ultra" in line
    assert "custom input and output prices" in line


def test_unknown_field_is_refused():
    [line] = problems(Workload, requests_a_day=5)
    assert line.startswith("requests_a_day:")
    assert "Extra inputs are not permitted" in line


def test_people_write_names_their_way_and_the_catalog_key_is_kept():
    assert FineTunedModel(gpu="A100 80GB").gpu == "a100_80g"
    assert FineTunedModel(gpu="H100 SXM").gpu == "h100"
    assert ApiChoice(model="Claude 3.5 Sonnet").model == "claude-3-5-sonnet"
    assert ApiChoice(model="GPT-3.5", price_book="seed_2024").model == "gpt-3.5-turbo"


def test_custom_api_prices_need_both_prices():
    assert ApiChoice(model=None, input_usd_per_1m_tokens=1, output_usd_per_1m_tokens=2)
    [line] = problems(ApiChoice, model=None, input_usd_per_1m_tokens=1)
    assert "input_usd_per_1m_tokens and output_usd_per_1m_tokens" in line


def test_custom_gpu_needs_a_price_and_a_throughput():
    [line] = problems(FineTunedModel, gpu="custom", instance_usd_per_hour=3.0)
    assert "throughput_tokens_per_s_per_instance" in line
    custom = FineTunedModel(gpu="custom", instance_usd_per_hour=3.0,
                            throughput_tokens_per_s_per_instance=2_000)
    assert custom.gpu == "custom"


def test_traffic_shape_needs_both_parts():
    [line] = problems(Workload, peak_hours_per_day=10)
    assert "off_peak_traffic_share" in line
    assert Workload(peak_hours_per_day=10, off_peak_traffic_share=0.1).peak_hours_per_day == 10


def test_ranges_must_name_numeric_inputs_and_be_ordered():
    [line] = problems(Scenario, ranges={"model.gpu": Range(low=1, high=2)})
    assert "not a numeric input" in line
    [line] = problems(Range, low=5, high=1)
    assert "low (5) must not exceed high (1)" in line


def test_no_ranges_by_default_they_are_set_around_the_values():
    # A person who types 60 hours must not get the seed's 20–60 as a range (60 the maximum):
    # inputs without a range of the person's get one around their value (engine.spreads).
    assert Scenario().ranges == {}


def test_the_old_default_ranges_stored_with_every_scenario_read_as_none():
    old = {path: r.model_dump() for path, r in LEGACY_DEFAULT_RANGES.items()}
    assert old["project.engineer_hours.data_collection"] == {"low": 20, "high": 60}
    assert Scenario.model_validate({"ranges": old}).ranges == {}
    one = {"project.num_training_runs": {"low": 5, "high": 15}}  # given by someone
    assert Scenario.model_validate({"ranges": one}).ranges == {
        "project.num_training_runs": Range(low=5, high=15)}


def test_with_value_validates_like_any_input():
    s = Scenario()
    assert s.with_value("workload.requests_per_day", 100_000).workload.requests_per_day == 100_000
    with pytest.raises(ValidationError):
        s.with_value("quality.human_review_rate_ft", 3)
    with pytest.raises(ValueError, match="not an input"):
        s.with_value("workload.nonsense", 1)


def test_a_scenario_round_trips_through_json():
    s = Scenario().with_value("model.gpu", "h100")
    assert Scenario.model_validate_json(s.model_dump_json()) == s


def test_default_engineering_hours_are_the_table_midpoints():
    assert Project().engineer_hours.total == 132  # (76 + 188) / 2, source document table


def test_every_default_is_what_validating_it_gives():
    """Scenario's defaults are built without validation (so importing the models builds no
    validator and loads no price table): each must be exactly what validation makes of it,
    types included (a default of 50_000 where validation gives 50000.0 would change every
    saved scenario's JSON)."""
    defaults = Scenario()
    assert isinstance(defaults.api, ApiChoice) and isinstance(defaults.managed, ManagedOption)
    assert repr(Scenario.model_validate(defaults.model_dump())) == repr(defaults)
    assert repr(Scenario.model_validate({})) == repr(defaults)
    for name in Scenario.model_fields:
        value = getattr(defaults, name)
        if isinstance(value, BaseModel):
            assert repr(type(value)()) == repr(value), name
    assert all(repr(Range.model_validate(r.model_dump())) == repr(r)
               for r in LEGACY_DEFAULT_RANGES.values())
