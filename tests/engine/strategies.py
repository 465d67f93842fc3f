"""Hypothesis strategies for the engine's inputs, in one module.

* :func:`points` — valid :class:`engine.roi.Point` values: every number within the bounds the
  input models accept, positive amounts no smaller than 1e-6 (nobody types less; it keeps
  products clear of float underflow), some exactly zero.
* :func:`scenarios` — valid :class:`engine.models.Scenario` values that also resolve: every
  catalog GPU (or a custom one), models up to 80B (so serving fits on 64 GPUs and training
  state fits, for every method, on 64 of the smallest catalog GPUs of 24 GB or more), custom
  or catalog API prices.
* :func:`invalid_inputs` — a valid scenario's data with one input made invalid, and the
  dotted path of that input: negative, NaN or infinite numbers, rates outside 0–1, a
  lifetime under a month, an unknown GPU or API model, a wrong type, an unknown field.
"""

from __future__ import annotations

import math
from typing import Any

from hypothesis import strategies as st

from engine.catalog.gpus import canonical_gpu, load_gpu_catalog
from engine.errors import UnknownGpuError
from engine.models import (
    PHASES,
    ApiChoice,
    EngineeringHours,
    FineTunedModel,
    Project,
    QualityFit,
    Scenario,
    TrainingPlan,
    Workload,
)
from engine.roi import Point

__all__ = ["amounts", "invalid_inputs", "points", "scenarios", "unknown_gpu_names"]

SMALLEST = 1e-6


def amounts(max_value: float, *, zero: bool = True) -> st.SearchStrategy[float]:
    """Non-negative amounts up to ``max_value``: 0 (when allowed) or at least 1e-6."""
    positive = st.floats(min_value=SMALLEST, max_value=max_value, allow_nan=False,
                         allow_infinity=False, allow_subnormal=False)
    return st.one_of(st.just(0.0), positive) if zero else positive


def rates() -> st.SearchStrategy[float]:
    """Rates from 0 to 1: the round ones people type, or any at least 1e-6."""
    return st.one_of(st.sampled_from([0.0, 0.02, 0.05, 1.0]), amounts(1.0, zero=False))


# --- Points --------------------------------------------------------------------------------

@st.composite
def points(draw: st.DrawFn) -> Point:
    """One valid evaluation point, with the bounds of the input models.

    Serving is instance $/hour (≤ 100,000) × instance-hours a day (≤ 10,000 instances × 24)
    × 30 days, as :mod:`engine.resolve` forms it.
    """
    instance_hours = draw(st.integers(min_value=0, max_value=10_000 * 24))
    return Point(
        requests_per_day=draw(amounts(1e10)),
        avg_input_tokens=draw(amounts(1e7)),
        avg_output_tokens=draw(amounts(1e7)),
        input_usd_per_1m=draw(amounts(1e5)),
        output_usd_per_1m=draw(amounts(1e5)),
        serving_monthly_usd=draw(amounts(1e5)) * instance_hours * 30,
        storage_monthly_usd=draw(amounts(1e9)),
        review_rate_api=draw(rates()),
        review_rate_ft=draw(rates()),
        usd_per_review=draw(amounts(1e5)),
        num_training_runs=draw(st.integers(min_value=0, max_value=10_000)),
        compute_usd_per_run=draw(amounts(1e9)),
        engineer_hours=draw(amounts(8 * 100_000)),
        engineer_usd_per_hour=draw(amounts(1e5)),
        lifetime_months=draw(st.floats(min_value=1, max_value=600, allow_subnormal=False)),
    )


# --- Scenarios -----------------------------------------------------------------------------

GPUS = sorted(load_gpu_catalog().specs)
# Full fine-tuning of an 80B model needs ~1,280 GB of training state: 64 GPUs of 24 GB hold
# it, 64 T4s of 16 GB do not (a refusal the training tests check on their own).
TRAINING_GPUS = sorted(k for k, spec in load_gpu_catalog().specs.items() if spec.memory_gb >= 24)


@st.composite
def workloads(draw: st.DrawFn) -> Workload:
    shaped = draw(st.booleans())
    return Workload(
        requests_per_day=draw(st.one_of(st.sampled_from([0.0, 1_000.0, 50_000.0, 1e6]),
                                        amounts(1e8))),
        avg_input_tokens_per_request=draw(st.one_of(st.sampled_from([500.0]), amounts(1e5))),
        avg_output_tokens_per_request=draw(st.one_of(st.sampled_from([200.0]), amounts(1e5))),
        monthly_growth_rate=draw(st.floats(min_value=-0.5, max_value=1.0)),
        peak_hours_per_day=draw(st.floats(min_value=1, max_value=24)) if shaped else None,
        off_peak_traffic_share=draw(rates()) if shaped else None,
    )


@st.composite
def api_choices(draw: st.DrawFn) -> ApiChoice:
    kind = draw(st.sampled_from(["custom", "seed_2024", "current"]))
    if kind == "custom":
        return ApiChoice(model=None, input_usd_per_1m_tokens=draw(amounts(1e3)),
                         output_usd_per_1m_tokens=draw(amounts(1e3)))
    if kind == "seed_2024":
        return ApiChoice(model=draw(st.sampled_from(
            ["gpt-4o", "gpt-3.5-turbo", "claude-3-5-sonnet", "claude-3-haiku"])),
            price_book="seed_2024")
    return ApiChoice(model=draw(st.sampled_from(["gpt-4o", "gpt-4o-mini", "claude-3-5-sonnet"])))


@st.composite
def fine_tuned_models(draw: st.DrawFn) -> FineTunedModel:
    gpu = draw(st.sampled_from([*GPUS, "custom"]))
    custom = gpu == "custom"
    return FineTunedModel(
        model_size_b=draw(st.one_of(st.sampled_from([7.0, 8.0, 13.0, 34.0, 70.0]),
                                    st.floats(min_value=0.5, max_value=80))),
        method=draw(st.sampled_from(["lora", "qlora", "full"])),
        gpu=gpu,
        num_instances=draw(st.one_of(st.none(), st.integers(min_value=1, max_value=64))),
        pricing=draw(st.sampled_from(["on_demand", "spot", "reserved"])),
        instance_usd_per_hour=draw(amounts(100)) if custom or draw(st.booleans()) else None,
        quantisation=draw(st.sampled_from(["bf16", "int8", "int4"])),
        engine=draw(st.sampled_from(["vllm", "transformers"])),
        target_utilisation=draw(st.floats(min_value=0.01, max_value=1)),
        throughput_tokens_per_s_per_instance=(
            draw(st.floats(min_value=1, max_value=1e6)) if custom else None),
        storage_usd_per_month=draw(st.one_of(st.none(), amounts(1e4))),
    )


@st.composite
def projects(draw: st.DrawFn) -> Project:
    hours = {phase: draw(amounts(500)) for phase in PHASES}
    return Project(
        num_training_runs=draw(st.integers(min_value=0, max_value=50)),
        compute_usd_per_run=draw(st.one_of(st.none(), amounts(1e4))),
        engineer_hours=EngineeringHours(**hours),
        engineer_usd_per_hour=draw(amounts(1_000)),
        model_lifetime_months=draw(st.floats(min_value=1, max_value=120)),
    )


@st.composite
def quality_fits(draw: st.DrawFn) -> QualityFit:
    levels = st.sampled_from(["high", "medium", "low"])
    return QualityFit(
        human_review_rate_api=draw(rates()),
        human_review_rate_ft=draw(rates()),
        cost_per_review_usd=draw(amounts(100)),
        model_quality_multiplier=draw(st.floats(min_value=0.01, max_value=2)),
        task_consistency=draw(levels),
        latency_requirement_ms=draw(st.integers(min_value=1, max_value=60_000)),
        quality_requirement=draw(levels),
        team_ml_expertise=draw(st.booleans()),
        iteration_speed_priority=draw(st.booleans()),
    )


@st.composite
def training_plans(draw: st.DrawFn) -> TrainingPlan:
    return TrainingPlan(
        dataset_examples=draw(st.integers(min_value=1, max_value=1_000_000)),
        avg_sequence_tokens=draw(st.integers(min_value=1, max_value=8_192)),
        epochs=draw(st.floats(min_value=0.1, max_value=10)),
        gpu=draw(st.sampled_from(TRAINING_GPUS)),
        spot=draw(st.booleans()),
        mfu=draw(st.floats(min_value=0.05, max_value=0.8)),
    )


@st.composite
def scenarios(draw: st.DrawFn) -> Scenario:
    """A valid scenario that :func:`engine.resolve.resolve` can price."""
    return Scenario(workload=draw(workloads()), api=draw(api_choices()),
                    model=draw(fine_tuned_models()), project=draw(projects()),
                    training=draw(training_plans()), quality=draw(quality_fits()))


# --- Invalid inputs ------------------------------------------------------------------------

# Inputs that accept any amount from 0 (paths in Scenario.model_dump()).
NON_NEGATIVE = [
    "workload.requests_per_day", "workload.avg_input_tokens_per_request",
    "workload.avg_output_tokens_per_request", "model.instance_usd_per_hour",
    "model.storage_usd_per_month", "project.compute_usd_per_run",
    "project.engineer_usd_per_hour", "quality.cost_per_review_usd",
    "api.input_usd_per_1m_tokens", "api.output_usd_per_1m_tokens",
    *(f"project.engineer_hours.{phase}" for phase in PHASES),
]
RATES = ["quality.human_review_rate_api", "quality.human_review_rate_ft",
         "model.target_utilisation", "training.mfu"]
FLOATS = [*NON_NEGATIVE, *RATES, "project.model_lifetime_months", "model.model_size_b",
          "training.epochs", "workload.monthly_growth_rate"]
INTEGERS = ["project.num_training_runs", "model.num_instances", "training.dataset_examples",
            "quality.latency_requirement_ms"]
SECTIONS = ["workload", "api", "model", "project", "training", "quality", "managed"]


def unknown_gpu_names() -> st.SearchStrategy[str]:
    """Names no catalog GPU answers to."""
    def unknown(name: str) -> bool:
        try:
            canonical_gpu(name)  # "custom" is a known name too
        except UnknownGpuError:
            return True
        return False

    words = st.sampled_from(["tpu-v5", "rtx 9090", "a99", "b200x", "gaudi 9", "h100 nvl 2"])
    return st.one_of(words, st.text(min_size=1, max_size=12)).filter(unknown)


def _set(data: dict[str, Any], path: str, value: object) -> dict[str, Any]:
    node = data
    *parents, leaf = path.split(".")
    for part in parents:
        node = node[part]
    node[leaf] = value
    return data


@st.composite
def invalid_inputs(draw: st.DrawFn) -> tuple[dict[str, Any], str]:
    """(scenario data with one invalid input, the dotted path of that input)."""
    data = draw(scenarios()).model_dump()
    kind = draw(st.sampled_from(["negative", "nan_or_inf", "rate", "lifetime", "gpu",
                                 "api_model", "wrong_type", "fraction_for_int",
                                 "unknown_field"]))
    not_finite = st.sampled_from([math.nan, math.inf, -math.inf])
    if kind == "negative":
        path = draw(st.sampled_from(NON_NEGATIVE))
        value: object = -draw(amounts(1e6, zero=False))
    elif kind == "nan_or_inf":
        path, value = draw(st.sampled_from(FLOATS)), draw(not_finite)
    elif kind == "rate":
        path = draw(st.sampled_from(RATES))
        value = draw(st.one_of(st.floats(min_value=1.0001, max_value=1e6),
                               st.floats(max_value=-1e-6, min_value=-1e6)))
    elif kind == "lifetime":
        path = "project.model_lifetime_months"
        value = draw(st.floats(min_value=-1e3, max_value=0.999))
    elif kind == "gpu":
        path = draw(st.sampled_from(["model.gpu", "training.gpu"]))
        value = draw(unknown_gpu_names())
    elif kind == "api_model":
        path = "api.model"
        value = draw(st.sampled_from(["gpt-17-ultra", "claude-9-opus-max", "no such model"]))
    elif kind == "wrong_type":
        path = draw(st.sampled_from([*FLOATS, *INTEGERS, "quality.team_ml_expertise",
                                     "model.method", "quality.task_consistency"]))
        value = draw(st.sampled_from(["lots", "maybe", [], {}, [1.0]]))
    elif kind == "fraction_for_int":
        path = draw(st.sampled_from(INTEGERS))
        value = draw(st.floats(min_value=1, max_value=1000).filter(lambda x: not x.is_integer()))
    else:
        section = draw(st.sampled_from(SECTIONS))
        field = draw(st.from_regex(r"[a-z][a-z_]{2,20}", fullmatch=True))
        path = f"{section}.{field}"
        if field in data[section]:
            path, value = f"{section}.{field}_typo", 1
        else:
            value = 1
    return _set(data, path, value), path
