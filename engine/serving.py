"""Serving: how many GPUs hold the model, how fast they serve, how many instances, at what cost.

Capacity follows PRODUCT.md §5: required throughput = daily tokens / (86,400 × target
utilisation); instances = ⌈required / per-instance throughput⌉ (at least one); real
utilisation = average tokens/s ÷ fleet capacity; effective $/1M = monthly serving cost ÷
monthly tokens. A month is 720 hours.

Per-instance throughput is, in order: the person's figure (typed, or imported from a
``vllm bench serve`` result with its file, date and settings as the source); the source
document's claim, when the scenario asks for the document's figures and the document
makes one for that model size and GPU; otherwise the roofline estimate of
:mod:`engine.roofline` for the workload's input/output mix, calibrated on published runs.
The plan says which, with every rule the estimate applied.

An instance of N GPUs is priced from the GPU catalog's offer of N GPUs
(:meth:`~engine.catalog.gpus.GpuCatalog.instance_price`), as the training estimate is.

>>> from engine.models import FineTunedModel, Workload
>>> plan = plan_serving(FineTunedModel(), Workload(requests_per_day=0))
>>> round(plan.monthly_serving_usd, 2), plan.throughput_basis, plan.batch_limit
(741.6, 'estimate', 'kv_cache')
"""

from __future__ import annotations

from typing import Any, Literal

import numpy as np
from pydantic import BaseModel

from engine.calibration import CALIBRATION
from engine.catalog.gpus import GpuCatalog, GpuSpec, load_gpu_catalog
from engine.catalog.throughput import SeedServingClaim, seed_serving_claims
from engine.errors import DoesNotFitError, EngineError
from engine.figures import quantity
from engine.models import FineTunedModel, Quantisation, Workload
from engine.roofline import (
    BYTES_PER_PARAM,
    GPU_MEMORY_UTILISATION,
    ServingNote,
    estimate,
    kv_bytes_per_token,
)

__all__ = [
    "BYTES_PER_PARAM",
    "HOURS_PER_MONTH",
    "INSTANCE_NOISE",
    "STORAGE_USD_PER_GB_MONTH",
    "ServingPlan",
    "fleet_hours_by_month",
    "fleet_instance_hours_per_day",
    "gpus_to_fit",
    "instance_loads",
    "plan_serving",
    "seed_claim",
    "whole_instances",
]

HOURS_PER_MONTH = 720  # 24 × 30, as in the source document
SECONDS_PER_DAY = 86_400
MAX_GPUS = 64
STORAGE_USD_PER_GB_MONTH = 0.023  # source document: S3 standard
STORAGE_BYTES_PER_PARAM = 2.0  # source document: bf16 checkpoints
ThroughputBasis = Literal["you", "measured", "seed_claim", "estimate"]


class ServingPlan(BaseModel):
    """The serving fleet for today's volume and what it costs."""

    gpu: str
    gpus_per_instance: int
    instance_usd_per_hour: float
    instance_price_source: str
    instance_price_date: str | None
    throughput_tokens_per_s_per_instance: float
    throughput_source: str
    required_tokens_per_s: float
    instances_needed: int
    num_instances: int
    sized_automatically: bool
    capacity_tokens_per_s: float
    utilisation: float
    peak_utilisation: float
    instance_hours_per_day: float
    autoscale_share: float
    monthly_serving_usd: float
    monthly_storage_usd: float
    usd_per_1m_at_full_use: float
    usd_per_1m_effective: float | None
    # The throughput's basis and, for an estimate, what shaped it.
    throughput_basis: ThroughputBasis = "estimate"
    batch: float | None = None
    batch_limit: str | None = None
    stream_tokens_per_s: float | None = None
    ttft_ms: float | None = None
    weights_gb: float | None = None
    kv_cache_gb: float | None = None
    kv_cache_share: float | None = None
    throughput_rules: list[str] = []
    notes: list[ServingNote] = []


def gpus_to_fit(model_size_b: float, quantisation: Quantisation, gpu_memory_gb: float, *,
                context_tokens: float = 1_000) -> int:
    """The fewest GPUs (a power of two, tensor parallel) that hold the weights, the runtime
    and one request's KV cache in vLLM's 90% of their memory.

    >>> gpus_to_fit(7, "bf16", 24), gpus_to_fit(70, "bf16", 80), gpus_to_fit(70, "int4", 24)
    (1, 2, 2)
    """
    weights = model_size_b * BYTES_PER_PARAM[quantisation]
    one_request = kv_bytes_per_token(model_size_b) * context_tokens / 1e9
    gpus = 1
    while (GPU_MEMORY_UTILISATION * gpu_memory_gb - CALIBRATION.runtime_gb_per_gpu) * gpus < (
            weights + one_request):
        gpus *= 2
        if gpus > MAX_GPUS:
            raise DoesNotFitError(
                f"a {model_size_b:g}B model in {quantisation} needs {quantity(weights)} GB "
                f"for its weights: more than {MAX_GPUS} GPUs of {gpu_memory_gb:g} GB"
            )
    return gpus


def seed_claim(model_size_b: float, gpu: str, gpus: int) -> SeedServingClaim:
    """The source document's serving figure for this size and instance, if it states one."""
    for c in seed_serving_claims():
        if (c.model_size_b, c.gpu, c.gpus) == (model_size_b, gpu, gpus):
            return c
    stated = "; ".join(f"{c.model_size_b:g}B on {c.gpus}× {c.gpu}" for c in seed_serving_claims())
    raise EngineError(f"the source document states serving throughput only for {stated}; "
                      f"it has none for {model_size_b:g}B on {gpus}× {gpu} — use ftroi's "
                      "estimate (throughput_basis = \"estimate\") or type a throughput")


def fleet_instance_hours_per_day(
    daily_tokens: Any,
    throughput: Any,
    target_utilisation: Any,
    *,
    fixed_instances: Any = None,
    peak_hours_per_day: float | None = None,
    off_peak_traffic_share: float | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Vectorised fleet sizing: (peak instances, instance-hours per day, peak utilisation).

    Without a traffic shape the fleet runs 24 hours. With one, the peak fleet runs the peak
    hours and a fleet sized for the off-peak share runs the rest (none when that share is 0:
    scale to zero).
    """
    throughput = np.asarray(throughput, dtype=float)
    peak_fleet, hours, peak_tps = _fleet(daily_tokens, throughput, target_utilisation,
                                         fixed_instances, peak_hours_per_day,
                                         off_peak_traffic_share)
    return peak_fleet, hours, peak_tps / (peak_fleet * throughput)


def fleet_hours_by_month(daily_tokens: Any, growth: np.ndarray, throughput: Any,
                         target_utilisation: Any, *, peak_hours_per_day: float | None = None,
                         off_peak_traffic_share: float | None = None) -> np.ndarray:
    """The instance-hours a day of a fleet ftroi sizes, re-sized in each month, at today's
    ``daily_tokens`` × each month's ``growth`` (months on its first axis, then the
    samples'; the other inputs one per sample or one for all). The rule of
    :func:`fleet_instance_hours_per_day`, with each sample's load worked out once and grown month by
    month, so the month grid (18 × 10,000 in the simulation) takes one multiplication where
    working each month's load out from its volume took three; the loads agree with that to
    a few units in the last place."""
    shape = _Shape.of(peak_hours_per_day, off_peak_traffic_share)
    _, peak, off = _loads(np.asarray(daily_tokens, dtype=float),
                          np.asarray(throughput, dtype=float)
                          * np.asarray(target_utilisation, dtype=float), shape)
    return _sized(growth * peak, None if off is None else growth * off, None, shape,
                  in_place=True)[1]


def instance_loads(daily_tokens: Any, throughput: Any, target_utilisation: Any, *,
                   peak_hours_per_day: float | None = None,
                   off_peak_traffic_share: float | None = None
                   ) -> tuple[float, float, np.ndarray, np.ndarray | None]:
    """(peak hours, off-peak hours, the peak's load and the off-peak's in instances' worth,
    fractional; None for no off-peak hours) — what :func:`fleet_hours_by_month` sizes."""
    shape = _Shape.of(peak_hours_per_day, off_peak_traffic_share)
    _, peak, off = _loads(np.asarray(daily_tokens, dtype=float),
                          np.asarray(throughput, dtype=float)
                          * np.asarray(target_utilisation, dtype=float), shape)
    return shape.peak_hours, shape.off_hours, peak, off


class _Shape:
    """A day's traffic: the peak hours and the off-peak hours with their share of traffic."""

    __slots__ = ("off_hours", "off_share", "peak_hours")

    def __init__(self, peak_hours: float, off_share: float) -> None:
        self.peak_hours, self.off_hours = peak_hours, 24.0 - peak_hours
        # no off-peak hours: all traffic is peak traffic
        self.off_share = off_share if self.off_hours > 0 else 0.0

    @classmethod
    def of(cls, peak_hours_per_day: float | None, off_peak_traffic_share: float | None
           ) -> _Shape:
        """Without a traffic shape the fleet runs 24 hours at one load."""
        if peak_hours_per_day is None or off_peak_traffic_share is None:
            return cls(24.0, 0.0)
        return cls(peak_hours_per_day, off_peak_traffic_share)


def _loads(daily_tokens: np.ndarray, served: np.ndarray, shape: _Shape
           ) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """(peak tokens/s, the peak's load and the off-peak's in instances' worth, fractional;
    None for no off-peak hours), an instance serving ``served`` tokens/s."""
    off_share = shape.off_share
    peak_share = daily_tokens if off_share == 0 else daily_tokens * (1 - off_share)
    peak_tps = peak_share / (shape.peak_hours * 3600)
    off = None
    if shape.off_hours > 0:
        off = daily_tokens * off_share / (shape.off_hours * 3600) / served
    return peak_tps, peak_tps / served, off


def _sized(peak_load: np.ndarray, off_load: np.ndarray | None, fixed_instances: Any,
           shape: _Shape, *, in_place: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """(peak instances, instance-hours a day) for those loads: whole instances, at least
    one at peak, never more off-peak than at peak (none when that share is 0).

    ``in_place`` (the month grid, whose load arrays are this call's own): every step is
    written over the loads, so a block of the grid is worked out in one or two buffers
    that stay in the CPU's cache — the same operations, the same figures; the peak fleet
    returned is then the hours' buffer, not the fleet.
    """
    mine = in_place and fixed_instances is None
    needed = np.maximum(whole_instances(peak_load, mine), 1.0, out=peak_load if mine else None)
    if fixed_instances is None:
        peak_fleet = needed
    else:
        peak_fleet = np.broadcast_arrays(needed, np.asarray(fixed_instances, dtype=float))[1]
    if off_load is None:  # + 0 instances × 0 hours
        return peak_fleet, np.multiply(peak_fleet, shape.peak_hours,
                                       out=peak_fleet if mine else None)
    off_fleet = np.minimum(peak_fleet, whole_instances(off_load, mine),
                           out=off_load if mine else None)
    hours = np.multiply(peak_fleet, shape.peak_hours, out=peak_fleet if mine else None)
    hours += np.multiply(off_fleet, shape.off_hours, out=off_fleet if mine else None)
    return peak_fleet, hours


#: The float noise forgiven when a load is rounded up to whole instances: a billionth.
INSTANCE_NOISE = 1e-9


def whole_instances(load: np.ndarray, in_place: bool = False) -> np.ndarray:
    """⌈load⌉ instances, :data:`INSTANCE_NOISE` forgiven (written over ``load`` when
    ``in_place``)."""
    if not in_place:
        whole: np.ndarray = np.ceil(load - INSTANCE_NOISE)
        return whole
    np.subtract(load, INSTANCE_NOISE, out=load)
    np.ceil(load, out=load)
    return load


def _fleet(daily_tokens: Any, throughput: np.ndarray, target_utilisation: Any,
           fixed_instances: Any, peak_hours_per_day: float | None,
           off_peak_traffic_share: float | None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(peak instances, instance-hours a day, peak tokens/s). Multiplying by 1 and adding a
    fleet of 0 off-peak hours are left out where they change no bit."""
    shape = _Shape.of(peak_hours_per_day, off_peak_traffic_share)
    served = throughput * np.asarray(target_utilisation, dtype=float)
    peak_tps, peak, off = _loads(np.asarray(daily_tokens, dtype=float), served, shape)
    peak_fleet, hours = _sized(peak, off, fixed_instances, shape)
    return peak_fleet, hours, peak_tps


def plan_serving(
    model: FineTunedModel,
    workload: Workload,
    *,
    catalog: GpuCatalog | None = None,
) -> ServingPlan:
    """Size and price the serving fleet for today's volume."""
    catalog = catalog or load_gpu_catalog()
    context = workload.tokens_per_request or 1.0
    spec = None if model.gpu == "custom" else catalog.specs[model.gpu]
    if spec is None:
        gpus = model.gpus_per_instance or 1
    else:
        fit = gpus_to_fit(model.model_size_b, model.quantisation, spec.memory_gb,
                          context_tokens=context)
        gpus = model.gpus_per_instance or fit
        if gpus < fit:
            _estimate(model, workload, spec, gpus)  # raises, saying what would fit
            raise DoesNotFitError(f"a {model.model_size_b:g}B model in {model.quantisation} "
                                  f"does not fit on {gpus}× {spec.name}; it needs {fit}")

    if model.instance_usd_per_hour is not None:
        price, price_source, price_date = model.instance_usd_per_hour, "you", None
    else:
        offer = catalog.instance_price(model.gpu, gpus, model.pricing)
        price, price_source, price_date = offer.usd_per_hour, offer.source, offer.date

    details: dict[str, Any] = {}
    if model.throughput_tokens_per_s_per_instance is not None:
        tps = model.throughput_tokens_per_s_per_instance
        tps_source = model.throughput_note or "you"
        details["throughput_basis"] = "measured" if model.throughput_note else "you"
        if spec is not None and model.throughput_basis == "estimate":
            details["notes"] = _far_from_estimate(model, workload, spec, gpus, tps)
    elif model.throughput_basis == "seed_document":
        claim = seed_claim(model.model_size_b, model.gpu, gpus)
        tps, tps_source = claim.tokens_per_s, f"claimed — {claim.source} ({claim.date})"
        details["throughput_basis"] = "seed_claim"
    else:
        assert spec is not None  # a custom GPU's throughput is typed (FineTunedModel checks)
        tps, tps_source, details = _estimate(model, workload, spec, gpus)

    daily = workload.daily_tokens
    peak_fleet, hours, peak_util = fleet_instance_hours_per_day(
        daily, tps, model.target_utilisation,
        fixed_instances=model.num_instances,
        peak_hours_per_day=workload.peak_hours_per_day,
        off_peak_traffic_share=workload.off_peak_traffic_share,
    )
    needed, _, _ = fleet_instance_hours_per_day(
        daily, tps, model.target_utilisation,
        peak_hours_per_day=workload.peak_hours_per_day,
        off_peak_traffic_share=workload.off_peak_traffic_share,
    )
    fleet = int(peak_fleet)
    capacity = fleet * tps
    monthly_serving = price * float(hours) * 30
    monthly_tokens_m = daily * 30 / 1e6
    storage = (
        model.storage_usd_per_month
        if model.storage_usd_per_month is not None
        else model.model_size_b * STORAGE_BYTES_PER_PARAM * STORAGE_USD_PER_GB_MONTH
    )
    return ServingPlan(
        gpu=model.gpu,
        gpus_per_instance=gpus,
        instance_usd_per_hour=price,
        instance_price_source=price_source,
        instance_price_date=price_date,
        throughput_tokens_per_s_per_instance=tps,
        throughput_source=tps_source,
        required_tokens_per_s=daily / (SECONDS_PER_DAY * model.target_utilisation),
        instances_needed=int(needed),
        num_instances=fleet,
        sized_automatically=model.num_instances is None,
        capacity_tokens_per_s=capacity,
        utilisation=daily / SECONDS_PER_DAY / capacity,
        peak_utilisation=float(peak_util),
        instance_hours_per_day=float(hours),
        autoscale_share=float(hours) / (24 * fleet),
        monthly_serving_usd=monthly_serving,
        monthly_storage_usd=storage,
        usd_per_1m_at_full_use=price / (tps * 3600 / 1e6),
        usd_per_1m_effective=monthly_serving / monthly_tokens_m if monthly_tokens_m > 0 else None,
        **details,
    )


#: A typed or measured throughput this many times the estimate (or under its inverse) is
#: checked with the person: the estimate's held-out error is within 1.6× (benchmarks/serving.py).
FAR_FROM_ESTIMATE = 2.0


def _far_from_estimate(model: FineTunedModel, workload: Workload, spec: GpuSpec, gpus: int,
                       tps: float) -> list[ServingNote]:
    """A note when the throughput given is far from what this model, instance and workload
    are estimated to serve: measured on other hardware, another model or another mix?"""
    try:
        estimated, _, _ = _estimate(model, workload, spec, gpus)
    except EngineError:
        return []  # no estimate to hold it against (a fit the estimate refuses)
    ratio = tps / estimated
    if 1 / FAR_FROM_ESTIMATE <= ratio <= FAR_FROM_ESTIMATE:
        return []
    given = model.throughput_note or "typed"
    times = f"{ratio:.1f}×" if ratio > 1 else f"1/{1 / ratio:.1f}"
    return [ServingNote(
        code="throughput_far_from_estimate",
        message=f"The throughput given, {quantity(tps)} tokens/s per instance ({given}), is "
                f"{times} ftroi's estimate for a {model.model_size_b:g}B in "
                f"{model.quantisation} on {gpus}× {spec.name} at this workload's "
                f"{quantity(workload.avg_input_tokens_per_request)} in / "
                f"{quantity(workload.avg_output_tokens_per_request)} out tokens "
                f"({quantity(estimated)} tokens/s): check it was measured on this GPU, model "
                "and request mix — the serving cost rests on it.")]


def _estimate(model: FineTunedModel, workload: Workload, spec: GpuSpec,
              gpus: int) -> tuple[float, str, dict[str, Any]]:
    """The roofline estimate for this instance and workload, its source text and details."""
    e = estimate(
        model_size_b=model.model_size_b, spec=spec, gpus=gpus, quantisation=model.quantisation,
        input_tokens=workload.avg_input_tokens_per_request,
        output_tokens=workload.avg_output_tokens_per_request, engine=model.engine,
        concurrency=model.max_concurrency,
        min_stream_tokens_per_s=model.target_stream_tokens_per_s,
        max_ttft_s=None if model.target_ttft_ms is None else model.target_ttft_ms / 1000,
    )
    mix = (f"{quantity(workload.avg_input_tokens_per_request)} in / "
           f"{quantity(workload.avg_output_tokens_per_request)} out tokens")
    source = (f"estimated by ftroi's serving model (calibrated on published runs, "
              f"engine/data/serving_measurements.csv) for {mix}: " + "; ".join(e.rules))
    return e.tokens_per_s, source, {
        "throughput_basis": "estimate", "batch": e.batch, "batch_limit": e.batch_limit,
        "stream_tokens_per_s": e.stream_tokens_per_s, "ttft_ms": e.ttft_s * 1000,
        "weights_gb": e.weights_gb, "kv_cache_gb": e.kv_cache_gb,
        "kv_cache_share": e.kv_cache_share, "throughput_rules": e.rules, "notes": e.notes,
    }
