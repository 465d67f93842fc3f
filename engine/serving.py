"""Serving: how many GPUs hold the model, how fast they serve, how many instances, at what cost.

Capacity follows PRODUCT.md §5: required throughput = daily tokens / (86,400 × target
utilisation); instances = ⌈required / per-instance throughput⌉ (at least one); real
utilisation = average tokens/s ÷ fleet capacity; effective $/1M = monthly serving cost ÷
monthly tokens. A month is 720 hours.

Per-instance throughput is, in order: the person's figure; a measurement from the catalog
for the same model size, GPU, GPU count, engine and quantisation; otherwise the nearest
measurement scaled by peak bf16 FLOPs and parameter count, with the source document's
speed-ups for quantisation and the inference engine. The estimate says which it is.

>>> from engine.models import FineTunedModel, Workload
>>> plan = plan_serving(FineTunedModel(), Workload(requests_per_day=0))
>>> round(plan.monthly_serving_usd, 2), round(plan.usd_per_1m_at_full_use, 4)
(741.6, 0.0572)
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from pydantic import BaseModel

from engine.catalog.gpus import GpuCatalog, load_gpu_catalog
from engine.catalog.throughput import ServingMeasurement, serving_measurements
from engine.errors import DoesNotFitError
from engine.figures import quantity
from engine.models import FineTunedModel, Quantisation, ServingEngine, Workload

__all__ = [
    "BYTES_PER_PARAM",
    "ENGINE_SPEEDUP",
    "HOURS_PER_MONTH",
    "QUANT_SPEEDUP",
    "STORAGE_USD_PER_GB_MONTH",
    "ServingPlan",
    "fleet_instance_hours_per_day",
    "gpus_to_fit",
    "plan_serving",
    "throughput_per_instance",
]

HOURS_PER_MONTH = 720  # 24 × 30, as in the source document
SECONDS_PER_DAY = 86_400
BYTES_PER_PARAM: dict[str, float] = {"bf16": 2.0, "int8": 1.0, "int4": 0.5}
# Source document, §Cutting Serving Costs: int4 cuts cost per token ~40–50% (×1.8 throughput);
# int8 taken halfway (×1.4, ftroi assumption). vLLM is 10–20× naive Transformers (×1/15).
QUANT_SPEEDUP: dict[str, float] = {"bf16": 1.0, "int8": 1.4, "int4": 1.8}
ENGINE_SPEEDUP: dict[str, float] = {"vllm": 1.0, "transformers": 1 / 15}
WEIGHT_MEMORY_SHARE = 0.9  # weights may use 90% of GPU memory; the rest is KV cache and runtime
STORAGE_USD_PER_GB_MONTH = 0.023  # source document: S3 standard
STORAGE_BYTES_PER_PARAM = 2.0  # source document: bf16 checkpoints


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


def gpus_to_fit(model_size_b: float, quantisation: Quantisation, gpu_memory_gb: float) -> int:
    """The fewest GPUs (a power of two, tensor parallel) whose memory holds the weights.

    >>> gpus_to_fit(7, "bf16", 24), gpus_to_fit(70, "bf16", 80), gpus_to_fit(70, "int4", 24)
    (1, 2, 2)
    """
    weights_gb = model_size_b * BYTES_PER_PARAM[quantisation]
    gpus = 1
    while gpus * gpu_memory_gb * WEIGHT_MEMORY_SHARE < weights_gb:
        gpus *= 2
        if gpus > 64:
            raise DoesNotFitError(
                f"a {model_size_b:g}B model in {quantisation} needs {quantity(weights_gb)} GB "
                f"for its weights: more than 64 GPUs of {gpu_memory_gb:g} GB"
            )
    return gpus


def throughput_per_instance(
    model_size_b: float,
    gpu: str,
    gpus: int,
    engine: ServingEngine,
    quantisation: Quantisation,
    *,
    catalog: GpuCatalog,
    measurements: tuple[ServingMeasurement, ...],
) -> tuple[float, str]:
    """Tokens/s one instance serves, and how that figure was obtained."""
    for m in measurements:
        if (m.model_size_b, m.gpu, m.gpus, m.engine, m.quantisation) == (
            model_size_b, gpu, gpus, engine, quantisation
        ):
            return m.tokens_per_s, f"measured — {m.source} ({m.date})"
    base = [m for m in measurements if m.engine == "vllm" and m.quantisation == "bf16"]
    same_setup = [m for m in base if (m.model_size_b, m.gpu, m.gpus) == (model_size_b, gpu, gpus)]
    ref = same_setup[0] if same_setup else min(
        base, key=lambda m: (abs(math.log(m.model_size_b / model_size_b)), m.model_size_b)
    )
    ref_flops = catalog.specs[ref.gpu].bf16_tflops * ref.gpus
    flops = catalog.specs[gpu].bf16_tflops * gpus
    tokens = (
        ref.tokens_per_s
        * (flops / ref_flops)
        * (ref.model_size_b / model_size_b)
        * QUANT_SPEEDUP[quantisation]
        * ENGINE_SPEEDUP[engine]
    )
    how = (
        f"estimated from {ref.model_size_b:g}B on {ref.gpus}× {ref.gpu} at "
        f"{quantity(ref.tokens_per_s)} tok/s ({ref.source}, {ref.date}), scaled by peak bf16 "
        f"FLOPs and parameter count, ×{QUANT_SPEEDUP[quantisation]:g} for {quantisation}, "
        f"×{ENGINE_SPEEDUP[engine]:.3g} for {engine}"
    )
    return tokens, how


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
    daily_tokens = np.asarray(daily_tokens, dtype=float)
    throughput = np.asarray(throughput, dtype=float)
    util = np.asarray(target_utilisation, dtype=float)
    if peak_hours_per_day is None or off_peak_traffic_share is None:
        peak_hours, off_share = 24.0, 0.0
    else:
        peak_hours, off_share = peak_hours_per_day, off_peak_traffic_share
    off_hours = 24.0 - peak_hours
    if off_hours <= 0:
        off_share = 0.0  # no off-peak hours: all traffic is peak traffic
    peak_tps = daily_tokens * (1 - off_share) / (peak_hours * 3600)
    needed = np.maximum(1.0, np.ceil(peak_tps / (throughput * util) - 1e-9))
    if fixed_instances is None:
        peak_fleet = needed
    else:
        needed, peak_fleet = np.broadcast_arrays(needed, np.asarray(fixed_instances, dtype=float))
    if off_hours > 0:
        off_tps = daily_tokens * off_share / (off_hours * 3600)
        off_fleet = np.minimum(peak_fleet, np.ceil(off_tps / (throughput * util) - 1e-9))
    else:
        off_fleet = np.zeros_like(peak_fleet)
    hours = peak_fleet * peak_hours + off_fleet * off_hours
    peak_util = peak_tps / (peak_fleet * throughput)
    return peak_fleet, hours, peak_util


def plan_serving(
    model: FineTunedModel,
    workload: Workload,
    *,
    catalog: GpuCatalog | None = None,
    measurements: tuple[ServingMeasurement, ...] | None = None,
) -> ServingPlan:
    """Size and price the serving fleet for today's volume."""
    catalog = catalog or load_gpu_catalog()
    measurements = measurements if measurements is not None else serving_measurements()

    if model.gpu == "custom":
        gpus = model.gpus_per_instance or 1
    else:
        spec = catalog.specs[model.gpu]
        fit = gpus_to_fit(model.model_size_b, model.quantisation, spec.memory_gb)
        gpus = model.gpus_per_instance or fit
        if gpus < fit:
            raise DoesNotFitError(
                f"a {model.model_size_b:g}B model in {model.quantisation} does not fit on "
                f"{gpus}× {spec.name} {spec.memory_gb:g} GB; it needs {fit}"
            )

    if model.instance_usd_per_hour is not None:
        price, price_source, price_date = model.instance_usd_per_hour, "you", None
    else:
        gpu_price = catalog.price(model.gpu, model.pricing)
        price = gpu_price.usd_per_gpu_hour * gpus
        price_source, price_date = gpu_price.source, gpu_price.date

    if model.throughput_tokens_per_s_per_instance is not None:
        tps, tps_source = model.throughput_tokens_per_s_per_instance, "you"
    else:
        tps, tps_source = throughput_per_instance(
            model.model_size_b, model.gpu, gpus, model.engine, model.quantisation,
            catalog=catalog, measurements=measurements,
        )

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
    )
