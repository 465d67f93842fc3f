"""How fast one serving instance generates tokens: a roofline of the GPU, the model and the mix.

Per request of I input and O output tokens on G GPUs, the instance spends

* **compute** — 2·N FLOPs per token (N parameters), prompt and output alike, at the GPUs'
  dense peak (FP8 where the GPU has FP8 tensor cores and the weights are FP8) × the
  architecture's compute efficiency (MFU) × tensor-parallel efficiency;
* **memory** — every decode step reads the weights once and each running sequence's KV
  cache (its average context, I + O/2 tokens), at the GPUs' bandwidth × MBU; a step serves
  the whole batch B, so a request pays O / B of these steps, plus a fixed host overhead
  per step.

Time per request t = 2·N·(I + O)/F + (O/B)·(bytes(B)/W + overhead); throughput = (I + O)/t.
The batch B is the least of: the KV cache that fits ((memory × GPUs × 0.9 − weights −
runtime overhead) ÷ KV per sequence), the engine's sequence limit, the concurrency asked
for, and what a latency target allows. Tensor parallelism costs a stated efficiency per
doubling of GPUs (NVLink or PCIe), not linear scaling. Weight-only formats (int8, int4, and
FP8 on GPUs without FP8 tensor cores) shrink the weights but run their matrix products
slower under load. Every rule that shaped the figure is said in :attr:`Estimate.rules`.

>>> from engine.catalog.gpus import load_gpu_catalog
>>> e = estimate(model_size_b=8, spec=load_gpu_catalog().specs["h100"], gpus=1,
...              quantisation="bf16", input_tokens=500, output_tokens=200)
>>> e.batch_limit, round(e.kv_cache_gb, 1), round(e.batch)  # 72 − 16 − 1.13 GB of KV cache
('kv_cache', 54.9, 698)
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Literal

from pydantic import BaseModel, ConfigDict

from engine.calibration import CALIBRATION, Calibration
from engine.catalog.gpus import GpuSpec
from engine.catalog.throughput import ModelArchitecture, model_architectures
from engine.errors import DoesNotFitError
from engine.figures import percent, quantity

__all__ = [
    "BYTES_PER_PARAM", "GPU_MEMORY_UTILISATION", "SMALL_KV_SHARE", "Engine", "Estimate",
    "ServingNote", "architecture", "estimate", "kv_bytes_per_token", "weights_gb",
]

Engine = Literal["vllm", "tensorrt-llm", "transformers"]
Quant = Literal["bf16", "fp8", "int8", "int4"]
# Weights per parameter; int4 is 4 bits plus group-128 scales and the unquantised
# embeddings, about 4.4 bits in all.
BYTES_PER_PARAM: dict[str, float] = {"bf16": 2.0, "fp8": 1.0, "int8": 1.0, "int4": 0.55}
GPU_MEMORY_UTILISATION = 0.90  # vLLM's default --gpu-memory-utilization
TRT_KV_FREE_SHARE = 0.95  # TensorRT-LLM perf overview: kv_cache_free_gpu_mem_fraction 0.95
SMALL_KV_SHARE = 0.20  # warn when the KV cache gets less than 20% of the usable memory
FP8_COMPUTE = ("ada", "hopper", "blackwell", "cdna3")  # vLLM docs: FP8 W8A8 hardware


class ServingNote(BaseModel):
    """A warning about a serving estimate: a stable code and a sentence."""

    code: str
    message: str


class Estimate(BaseModel):
    """One instance's throughput under a workload, and the rules that made it."""

    model_config = ConfigDict(frozen=True)

    tokens_per_s: float  # input + output tokens per second, the whole instance
    batch: float  # sequences decoded together
    batch_limit: Literal["kv_cache", "engine", "concurrency", "latency"]
    weights_gb: float
    kv_cache_gb: float
    kv_cache_share: float  # of the memory left to the model
    stream_tokens_per_s: float  # one user's generation speed
    ttft_s: float
    rules: list[str]
    notes: list[ServingNote]


def architecture(model_size_b: float) -> tuple[float, str]:
    """KV bytes per token for a size, and how: the table's row, or log-log interpolation.

    >>> kv, how = architecture(8)
    >>> kv, how.startswith("7-9B")
    (131072.0, True)
    >>> round(architecture(50)[0] / 1024)  # KiB, between the 32-34B and the 70B rows
    289
    """
    rows = model_architectures()
    for row in rows:
        if abs(model_size_b / row.params_b - 1) <= 0.15:
            return row.kv_bytes_per_token, f"{row.size_class} ({row.example}: {_shape(row)})"
    lo, hi = _bracket(rows, model_size_b)
    slope = (math.log(hi.kv_bytes_per_token / lo.kv_bytes_per_token)
             / math.log(hi.params_b / lo.params_b))
    kv = lo.kv_bytes_per_token * (model_size_b / lo.params_b) ** slope
    return kv, (f"{model_size_b:g}B: log-log between {lo.size_class} ({_shape(lo)}) and "
                f"{hi.size_class} ({_shape(hi)})")


def _shape(row: ModelArchitecture) -> str:
    return (f"{row.layers} layers × {row.kv_heads} KV heads × {row.head_dim} = "
            f"{quantity(row.kv_bytes_per_token / 1024)} KiB/token")


def _bracket(rows: tuple[ModelArchitecture, ...],
             size: float) -> tuple[ModelArchitecture, ModelArchitecture]:
    below = [r for r in rows if r.params_b < size]
    above = [r for r in rows if r.params_b > size]
    if not below:
        return rows[0], rows[1]
    if not above:
        return rows[-2], rows[-1]
    return below[-1], above[0]


def kv_bytes_per_token(model_size_b: float, *, kv_bytes: float = 2.0) -> float:
    return architecture(model_size_b)[0] * kv_bytes / 2.0


def weights_gb(model_size_b: float, quantisation: Quant) -> float:
    return model_size_b * BYTES_PER_PARAM[quantisation]


def _precision(spec: GpuSpec, quant: Quant, c: Calibration) -> tuple[float, float, str]:
    """(peak dense TFLOPS used, compute factor, rule) for the weights' format on this GPU."""
    if quant == "fp8" and spec.fp8_tflops is not None and spec.architecture in FP8_COMPUTE:
        return spec.fp8_tflops, 1.0, (f"fp8 on {spec.architecture}: FP8 tensor cores, "
                                      f"{quantity(spec.fp8_tflops)} TFLOPS dense")
    if quant == "bf16":
        return spec.bf16_tflops, 1.0, f"bf16: {quantity(spec.bf16_tflops)} TFLOPS dense"
    factor = c.weight_only_compute[quant]
    why = (f"fp8 on {spec.architecture}: no FP8 tensor cores, so weight-only (W8A16, Marlin)"
           if quant == "fp8" else f"{quant}: weight-only")
    return spec.bf16_tflops, factor, (f"{why}; weights de-quantised into bf16 matrix products "
                                      f"at {percent(factor)} of bf16's speed under load")


def _tp(spec: GpuSpec, gpus: int, c: Calibration) -> tuple[float, str]:
    if gpus == 1:
        return 1.0, "one GPU: no tensor parallelism"
    link = "pcie" if spec.interconnect == "pcie" else "nvlink"
    per = c.tp_efficiency[link]
    eff = per ** math.log2(gpus)
    return eff, (f"tensor parallel over {gpus} GPUs on {spec.interconnect.replace('_', ' ')}: "
                 f"{percent(per)} per doubling = {percent(eff)}")


def _batch_cap(engine: Engine, spec: GpuSpec) -> tuple[int, str]:
    if engine == "tensorrt-llm":
        return 2048, "TensorRT-LLM: up to 2,048 sequences (ftroi assumption)"
    big = spec.memory_gb >= 70 and spec.name != "A100"
    cap = 1024 if big else 256
    return cap, (f"vLLM max_num_seqs {cap} (its default on "
                 + ("GPUs of 70 GB or more other than A100)" if big else "this GPU)"))


def estimate(
    *, model_size_b: float, spec: GpuSpec, gpus: int, quantisation: Quant,
    input_tokens: float, output_tokens: float, engine: Engine = "vllm",
    concurrency: float | None = None, min_stream_tokens_per_s: float | None = None,
    max_ttft_s: float | None = None, calibration: Calibration = CALIBRATION,
) -> Estimate:
    """Tokens/s of one instance (see the module); raises :class:`DoesNotFitError`."""
    c = calibration
    i, o = max(input_tokens, 1.0), max(output_tokens, 1.0)
    kv_token_bytes = 2.0 if engine != "tensorrt-llm" or quantisation != "fp8" else 1.0
    kv_per_token, arch_rule = architecture(model_size_b)
    kv_per_token *= kv_token_bytes / 2.0
    w_gb = weights_gb(model_size_b, quantisation)
    total_gb = spec.memory_gb * gpus
    runtime_gb = c.runtime_gb_per_gpu * gpus
    if engine == "tensorrt-llm":
        kv_gb = TRT_KV_FREE_SHARE * (total_gb - w_gb - runtime_gb)
        budget = total_gb
    else:
        budget = GPU_MEMORY_UTILISATION * total_gb
        kv_gb = budget - w_gb - runtime_gb
    seq_gb = kv_per_token * (i + o) / 1e9
    if kv_gb < seq_gb:
        raise DoesNotFitError(_no_fit(model_size_b, quantisation, spec, gpus, w_gb, budget,
                                      runtime_gb, seq_gb))
    ctx = i + o / 2
    kv_batch = kv_gb * 1e9 / (kv_per_token * ctx)
    cap, cap_rule = _batch_cap(engine, spec)
    limits = {"kv_cache": kv_batch, "engine": float(cap)}
    if concurrency is not None:
        limits["concurrency"] = concurrency
    peak, qfactor, q_rule = _precision(spec, quantisation, c)
    tp, tp_rule = _tp(spec, gpus, c)
    speed = c.engine_speed[engine] if engine == "tensorrt-llm" else 1.0
    naive = c.engine_speed[engine] if engine == "transformers" else 1.0
    mfu = c.compute_efficiency[spec.architecture]
    flops = gpus * peak * 1e12 * mfu * qfactor * tp * speed
    bandwidth = gpus * spec.bandwidth_gbps * 1e9 * c.bandwidth_efficiency * tp * speed
    weights = w_gb * 1e9

    def cycle(b: float) -> float:  # one decode step plus its share of prefill, seconds
        step = (weights + b * kv_per_token * ctx) / bandwidth + c.step_overhead_s
        return (2 * model_size_b * 1e9 * (i + o) / flops) * b / o + step

    def ttft(b: float) -> float:
        return 2 * model_size_b * 1e9 * i / flops + cycle(b)

    limit, batch = min(limits.items(), key=lambda kv: kv[1])
    notes: list[ServingNote] = []
    latency_batch = _latency_batch(cycle, ttft, batch, min_stream_tokens_per_s, max_ttft_s,
                                   notes)
    if latency_batch < batch:
        limit, batch = "latency", latency_batch
    t = cycle(batch) * o / batch
    share = kv_gb / (budget - runtime_gb)
    if share < SMALL_KV_SHARE:
        notes.append(ServingNote(code="kv_cache_small", message=(
            f"The weights leave {quantity(kv_gb)} GB ({percent(share)}) for the KV cache on "
            f"{gpus}× {spec.name}: about {quantity(kv_batch)} sequences of {quantity(ctx)} "
            "tokens fit, so throughput is memory-starved; more GPUs or int4/fp8 weights "
            "would batch more.")))
    rules = [
        f"model: {arch_rule}" + ("; KV cache in FP8" if kv_token_bytes == 1 else ""),
        f"memory: {quantity(total_gb)} GB" + (f" × {percent(GPU_MEMORY_UTILISATION)}"
                                             if engine != "tensorrt-llm" else "")
        + f" − weights {quantity(w_gb)} GB − runtime {quantity(runtime_gb)} GB → KV cache "
        f"{quantity(kv_gb)} GB = {quantity(kv_batch)} sequences at {quantity(ctx)} tokens",
        f"batch {quantity(batch)}, limited by {limit.replace('_', ' ')} ({cap_rule})",
        q_rule, f"compute at {percent(mfu)} of peak ({spec.architecture}); bandwidth "
        f"{quantity(spec.bandwidth_gbps)} GB/s at {percent(c.bandwidth_efficiency)}; "
        f"{quantity(c.step_overhead_s * 1000)} ms per step", tp_rule,
    ]
    if speed != 1:
        rules.append(f"TensorRT-LLM: ×{speed:.3g} vLLM's compute and bandwidth efficiency "
                     "(fitted on published runs of both)")
    if naive != 1:
        rules.append(f"plain Transformers: ×{naive:.3g} of vLLM (source document: vLLM is "
                     "10–20× faster than naive Hugging Face inference)")
    return Estimate(
        tokens_per_s=(i + o) / t * naive, batch=batch, batch_limit=limit, weights_gb=w_gb,
        kv_cache_gb=kv_gb, kv_cache_share=share, stream_tokens_per_s=naive / cycle(batch),
        ttft_s=ttft(batch) / naive, rules=rules, notes=notes,
    )


def _latency_batch(cycle: Callable[[float], float], ttft: Callable[[float], float],
                   batch: float, stream: float | None, ttft_max: float | None,
                   notes: list[ServingNote]) -> float:
    """The largest batch (≤ ``batch``) meeting the latency targets; both worsen with the batch."""
    checks: list[Callable[[float], bool]] = []
    if stream is not None:
        checks.append(lambda b: 1 / cycle(b) >= stream)
    if ttft_max is not None:
        checks.append(lambda b: ttft(b) <= ttft_max)
    if all(ok(batch) for ok in checks):
        return batch
    if not all(ok(1.0) for ok in checks):
        notes.append(ServingNote(code="latency_target_unmet", message=(
            "No batch meets the latency target on this instance, not even one stream at a "
            f"time ({quantity(1 / cycle(1.0))} tokens/s, first token in "
            f"{quantity(ttft(1.0) * 1000)} ms): the figure is one stream's.")))
        return 1.0
    lo, hi = 1.0, batch
    for _ in range(60):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if all(ok(mid) for ok in checks) else (lo, mid)
    return lo


def _no_fit(size: float, quant: Quant, spec: GpuSpec, gpus: int, w_gb: float, budget: float,
            runtime_gb: float, seq_gb: float) -> str:
    """Why the model does not fit, and what would: more GPUs, or smaller weights."""
    per_gpu_runtime = runtime_gb / gpus

    def fewest(q: Quant) -> int | None:
        for n in (1 << k for k in range(7)):
            free = (GPU_MEMORY_UTILISATION * spec.memory_gb - per_gpu_runtime) * n
            if n >= gpus and free - size * BYTES_PER_PARAM[q] >= seq_gb:
                return n
        return None

    smaller: list[Quant] = [q for q in ("fp8", "int4")
                            if BYTES_PER_PARAM[q] < BYTES_PER_PARAM[quant]]
    ways = [f"{n}× {spec.name} ({spec.key})" if q == quant else f"{q} weights on {n}× {spec.name}"
            for q in [quant, *smaller] for n in [fewest(q)] if n is not None]
    need = w_gb + runtime_gb + seq_gb
    return (f"a {size:g}B model in {quant} does not fit on {gpus}× {spec.name} "
            f"{spec.memory_gb:g} GB: it needs {quantity(need)} GB (weights {quantity(w_gb)} GB, "
            f"runtime {quantity(runtime_gb)} GB, one request's KV cache {quantity(seq_gb)} GB) "
            f"and they offer {quantity(budget)} GB; "
            + (f"what fits: {'; '.join(ways)}" if ways
               else "no count of these GPUs up to 64 holds it"))
