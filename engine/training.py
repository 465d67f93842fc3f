"""Training compute for one fine-tuning run: the source document's benchmarks, else a FLOPs model.

**Table basis** (source document, §Training Cost Estimator). A benchmark row of the same
method and GPU applies when the model is within ±15% of the row's size — the 7B rows serve
5.95–8.05B (Mistral 7.2B, Llama 3 8B), the 13B rows 11.05–14.95B, the 70B rows 59.5–80.5B;
the nearest row wins and is used as it stands. Its tokens/s is the whole instance's; hours
get +15% overhead; cost = hours × $/hour. Rows marked ``replaced`` in the table (full
fine-tuning on A100 80GB and 70B LoRA, 2–22× slower than published runs and the FLOPs
model) are not used: the FLOPs model estimates those. Unlike the source, a size far from
every row (34B) is estimated below, not treated as the nearest row.

**Prices**, on both bases: the GPU catalog's price for an instance of that many GPUs
(:meth:`~engine.catalog.gpus.GpuCatalog.instance_price`: spot when asked, else on-demand) —
the same offer serving uses for the same GPU and count. The source document's own $/hour
stay in the table for :mod:`engine.seed_compat`.

**FLOPs basis** — an estimate, not a measurement. Tokens/s per GPU = MFU × peak dense bf16
FLOP/s ÷ (k · N): k = 6 for full fine-tuning (forward 2 + backward 4), 4 for LoRA (the
frozen base needs no weight gradients); QLoRA runs at 0.7× LoRA (de-quantising 4-bit
weights). GPUs: the fewest, a power of two, whose memory (90% usable) holds the state —
full 16 bytes/param (Adam in mixed precision: bf16 weights 2 + gradients 2 + fp32 master 4 +
moments 8, sharded by ZeRO-3/FSDP); LoRA 2.4 (bf16 weights 2 + adapters, their optimiser
state, checkpointed activations); QLoRA 0.7 (NF4 weights 0.5 + the same extras). Throughput
scales linearly with GPUs (communication is inside the MFU); +15% overhead. More than 64
GPUs raises :class:`~engine.errors.DoesNotFitError`.

>>> from engine.models import TrainingPlan
>>> e = estimate_training_cost(model_size_b=7, method="lora", plan=TrainingPlan())
>>> e.basis, e.num_gpus, round(e.training_hours, 1), round(e.total_usd, 2)  # seed: 7B on A10G
('table', 1, 13.6, 4.91)
>>> e = estimate_training_cost(model_size_b=34, method="lora", plan=TrainingPlan(gpu="a100_80g"))
>>> e.basis, e.num_gpus, round(e.tokens_per_s), round(e.total_usd, 2)  # 2 A100s at $5.00
('flops', 2, 1835, 23.39)
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, validate_call

from engine.catalog.gpus import GpuCatalog, GpuSpec, load_gpu_catalog
from engine.catalog.throughput import TrainingBenchmark, training_benchmarks
from engine.errors import DoesNotFitError
from engine.figures import percent, quantity, unit_usd
from engine.models import Method, TrainingPlan
from engine.provenance import Assumption

__all__ = [
    "FLOPS_PER_PARAM_TOKEN", "MAX_GPUS", "OVERHEAD_FACTOR", "QLORA_SPEED_FACTOR",
    "TABLE_SIZE_TOLERANCE", "TRAINING_BYTES_PER_PARAM", "USABLE_MEMORY_SHARE",
    "TrainingEstimate", "estimate_training_cost",
]

SEED = "source document §Training Cost Estimator"
OVERHEAD_FACTOR = 1.15  # seed: "Add 15% overhead (checkpoint saving, eval, startup)"
OVERHEAD_SHARE = 0.15  # the same, as a share of the hours (for the assumptions list)
TABLE_SIZE_TOLERANCE = 0.15  # a benchmark row serves sizes within ±15% of its own
FLOPS_PER_PARAM_TOKEN: dict[Method, float] = {"full": 6.0, "lora": 4.0, "qlora": 4.0}
QLORA_SPEED_FACTOR = 0.7
TRAINING_BYTES_PER_PARAM: dict[Method, float] = {"full": 16.0, "lora": 2.4, "qlora": 0.7}
BYTES_EXPLAINED: dict[Method, str] = {
    "full": "Adam mixed precision: bf16 weights 2 + grads 2 + fp32 master 4 + moments 8",
    "lora": "frozen bf16 weights 2 + 0.4 for adapters, their optimiser state, activations",
    "qlora": "4-bit NF4 weights 0.5 + 0.2 for quantisation constants, adapters, activations",
}
USABLE_MEMORY_SHARE = 0.9  # the rest: CUDA context, allocator fragmentation
MAX_GPUS = 64
DEFAULT_MFU_SOURCE = "default: published runs reach ~40% MFU on H100, 50–60% on A100 80GB"


class TrainingEstimate(BaseModel):
    """One run's compute: throughput, hours (overhead included) and cost, with its sources."""

    model_config = ConfigDict(frozen=True)

    basis: Literal["table", "flops"]
    model_size_b: float
    method: Method
    gpu: str
    num_gpus: int
    tokens_per_s: float  # the whole job, all GPUs
    total_tokens: float
    compute_hours: float  # before overhead
    training_hours: float  # compute_hours × OVERHEAD_FACTOR
    usd_per_hour: float  # all GPUs, after the spot discount
    total_usd: float
    spot: bool
    source: str
    assumptions: list[Assumption]


@validate_call(config=ConfigDict(allow_inf_nan=False))
def estimate_training_cost(
    *,
    model_size_b: Annotated[float, Field(gt=0, le=2_000)],
    method: Method,
    plan: TrainingPlan,
    catalog: GpuCatalog | None = None,
    benchmarks: tuple[TrainingBenchmark, ...] | None = None,
) -> TrainingEstimate:
    """The compute cost of one training run of ``plan`` (see the module's docstring).

    >>> from engine.models import TrainingPlan
    >>> plan = TrainingPlan(dataset_examples=100_000, epochs=2, gpu="a100_80g", spot=False)
    >>> e = estimate_training_cost(model_size_b=7, method="full", plan=plan)  # seed scenario 5
    >>> e.basis, e.num_gpus, round(e.tokens_per_s), round(e.training_hours, 1)
    ('flops', 2, 5943, 5.5)
    """
    catalog = catalog or load_gpu_catalog()
    rows = tuple(r for r in (benchmarks if benchmarks is not None else training_benchmarks())
                 if r.replaced is None)
    total_tokens = plan.dataset_examples * plan.avg_sequence_tokens * plan.epochs
    tokens_note = Assumption(name="training tokens per run", value=total_tokens, unit="tokens",
                             source="dataset examples × average sequence tokens × epochs")
    row = _table_row(model_size_b, method, plan.gpu, rows)
    if row is not None:
        price = catalog.instance_price(plan.gpu, row.gpus, "spot" if plan.spot else "on_demand")
        usd_per_hour = price.usd_per_hour
        basis, gpus, tokens_per_s = "table", row.gpus, row.tokens_per_s
        source = (f"benchmark: {row.model_size_b:g}B {method} on {row.gpus}× {plan.gpu} at "
                  f"{quantity(row.tokens_per_s)} tokens/s ({row.source}, {row.date}); "
                  f"{unit_usd(usd_per_hour)}/hour {price.pricing.replace('_', '-')} from the "
                  f"GPU catalog ({price.date})")
        used = [
            Assumption(name="benchmark row", value=f"{row.model_size_b:g}B {method} {plan.gpu}",
                       unit="", source=f"nearest row within ±15% of {model_size_b:g}B"),
            Assumption(name="training throughput", value=row.tokens_per_s, unit="tokens/s",
                       source=row.source, date=row.date),
            Assumption(name="training GPUs", value=row.gpus, unit="GPUs", source=row.source,
                       date=row.date),
            Assumption(name="training instance price", value=usd_per_hour, unit="USD/hour",
                       source=price.source, date=price.date),
        ]
    else:
        basis = "flops"
        gpus, tokens_per_s, usd_per_hour, source, used = _flops_model(
            model_size_b, method, plan, catalog.spec(plan.gpu), catalog)
    compute_hours = total_tokens / (tokens_per_s * 3600)
    training_hours = compute_hours * OVERHEAD_FACTOR
    used += [tokens_note, Assumption(name="training overhead", value=OVERHEAD_SHARE,
                                     unit="share of hours", date="2024",
                                     source=f"{SEED}: checkpoint saving, eval, startup")]
    return TrainingEstimate(
        basis=basis, model_size_b=model_size_b, method=method, gpu=plan.gpu, num_gpus=gpus,
        tokens_per_s=tokens_per_s, total_tokens=total_tokens, compute_hours=compute_hours,
        training_hours=training_hours, usd_per_hour=usd_per_hour,
        total_usd=training_hours * usd_per_hour, spot=plan.spot,
        source=source + "; +15% overhead", assumptions=used,
    )


def _table_row(model_size_b: float, method: Method, gpu: str,
               rows: tuple[TrainingBenchmark, ...]) -> TrainingBenchmark | None:
    """The nearest benchmark row of this method and GPU within ±15% of the size, if any."""
    near = [r for r in rows if r.method == method and r.gpu == gpu
            and abs(model_size_b - r.model_size_b) <= TABLE_SIZE_TOLERANCE * r.model_size_b]
    return min(near, key=lambda r: abs(model_size_b - r.model_size_b) / r.model_size_b,
               default=None)


def _gpus_to_hold(model_size_b: float, method: Method, spec: GpuSpec) -> int:
    """The fewest GPUs (a power of two) whose usable memory holds the training state."""
    state_gb = model_size_b * TRAINING_BYTES_PER_PARAM[method]
    gpus = 1
    while gpus * spec.memory_gb * USABLE_MEMORY_SHARE < state_gb:
        gpus *= 2
        if gpus > MAX_GPUS:
            raise DoesNotFitError(
                f"{method} fine-tuning of a {model_size_b:g}B model needs about "
                f"{quantity(state_gb)} GB of training state "
                f"({TRAINING_BYTES_PER_PARAM[method]:g} bytes/param): more than {MAX_GPUS} "
                f"{spec.name} {spec.memory_gb:g} GB GPUs ({spec.key}); choose LoRA/QLoRA, "
                "a smaller model or a GPU with more memory"
            )
    return gpus


def _flops_model(
    model_size_b: float, method: Method, plan: TrainingPlan, spec: GpuSpec, catalog: GpuCatalog
) -> tuple[int, float, float, str, list[Assumption]]:
    """(GPUs, tokens/s of the job, $/hour of all GPUs, source text, assumptions)."""
    k = FLOPS_PER_PARAM_TOKEN[method]
    speed = QLORA_SPEED_FACTOR if method == "qlora" else 1.0
    per_gpu = plan.mfu * spec.bf16_tflops * 1e12 / (k * model_size_b * 1e9) * speed
    gpus = _gpus_to_hold(model_size_b, method, spec)
    price = catalog.instance_price(plan.gpu, gpus, "spot" if plan.spot else "on_demand")
    source = (f"estimate from a FLOPs model, not a measurement: {percent(plan.mfu)} MFU × "
              f"{quantity(spec.bf16_tflops)} TFLOPS ÷ ({k:g} × {model_size_b:g}B params)"
              + (" × 0.7 for QLoRA" if method == "qlora" else "")
              + f" = {quantity(per_gpu)} tokens/s per GPU on {gpus}× {plan.gpu}; "
              f"{unit_usd(price.usd_per_hour)}/hour {price.pricing.replace('_', '-')} for "
              f"{gpus} GPUs from the GPU catalog ({price.date})")
    mfu_source = "you" if plan.mfu != TrainingPlan().mfu else DEFAULT_MFU_SOURCE
    used = [
        Assumption(name="model FLOPs utilisation (MFU)", value=plan.mfu, unit="share of peak",
                   source=mfu_source),
        Assumption(name=f"{spec.name} {spec.memory_gb:g} GB peak dense bf16",
                   value=spec.bf16_tflops, unit="TFLOPS", source=spec.source, date=spec.date),
        Assumption(name="training FLOPs", value=k, unit="FLOPs per parameter per token",
                   source="6 for full fine-tuning (forward 2 + backward 4); 4 for LoRA and "
                          "QLoRA: the frozen base needs no weight gradients"),
        Assumption(name="training state", value=TRAINING_BYTES_PER_PARAM[method],
                   unit="bytes/param", source=BYTES_EXPLAINED[method]),
        Assumption(name="usable GPU memory", value=USABLE_MEMORY_SHARE, unit="share",
                   source="ftroi: the rest is CUDA context and fragmentation"),
        Assumption(name="training GPUs", value=gpus, unit="GPUs",
                   source="fewest (power of two) whose memory holds the training state"),
        Assumption(name="GPU price", value=price.usd_per_gpu_hour, unit="USD/GPU-hour",
                   source=price.source, date=price.date),
    ]
    if method == "qlora":
        used.append(Assumption(name="QLoRA speed", value=QLORA_SPEED_FACTOR, unit="× LoRA",
                               source="ftroi: 4-bit weights are de-quantised on every pass"))
    return gpus, per_gpu * gpus, price.usd_per_hour, source, used
