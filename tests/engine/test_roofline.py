"""The serving model's physical rules, one at a time (``engine/roofline.py``).

Oracles: the roofline arithmetic done by hand from the GPU catalog's datasheet figures and
the constants of ``engine/calibration.py``; vLLM's docs for where FP8 runs natively; the
issue's own findings (an L4 is slower than an A10G; 7B and 13B share one physics).
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.calibration import CALIBRATION as C
from engine.catalog.gpus import GpuSpec, load_gpu_catalog
from engine.errors import DoesNotFitError
from engine.roofline import GPU_MEMORY_UTILISATION, architecture, estimate

SPECS = load_gpu_catalog().specs


def tps(size: float = 8, gpu: str | GpuSpec = "h100", gpus: int = 1, quant: str = "bf16",
        i: float = 500, o: float = 200, **options: object) -> float:
    return run(size, gpu, gpus, quant, i, o, **options).tokens_per_s


def run(size: float = 8, gpu: str | GpuSpec = "h100", gpus: int = 1, quant: str = "bf16",
        i: float = 500, o: float = 200, **options: object):  # type: ignore[no-untyped-def]
    spec = SPECS[gpu] if isinstance(gpu, str) else gpu
    return estimate(model_size_b=size, spec=spec, gpus=gpus, quantisation=quant,  # type: ignore[arg-type]
                    input_tokens=i, output_tokens=o, **options)  # type: ignore[arg-type]


def variant(key: str, **changes: object) -> GpuSpec:
    return SPECS[key].model_copy(update=changes)


# --- decode is bandwidth-bound, prefill compute-bound ---------------------------------------

def test_one_stream_decodes_at_the_memory_bandwidth():
    # One stream, 1 token in, 1,000 out: each step reads the 16 GB of weights at 3,350 GB/s ×
    # MBU, plus the host overhead; compute is 2 × 8e9 FLOPs a token (1,001 tokens over 1,000
    # steps) at 989 TFLOPS × MFU.
    e = run(i=1, o=1000, concurrency=1)
    step = 16e9 / (3350e9 * C.bandwidth_efficiency) + C.step_overhead_s
    compute = 2 * 8e9 * 1001 / 1000 / (989e12 * C.compute_efficiency["hopper"])
    kv = 131_072 * 501 / (3350e9 * C.bandwidth_efficiency)
    assert e.stream_tokens_per_s == pytest.approx(1 / (step + kv + compute), rel=1e-9)
    faster_memory = run(gpu=variant("h100", bandwidth_gbps=6700), i=1, o=1000, concurrency=1)
    faster_compute = run(gpu=variant("h100", bf16_tflops=1978), i=1, o=1000, concurrency=1)
    memory_time = (16e9 + 131_072 * 501) / (3350e9 * C.bandwidth_efficiency)
    whole = memory_time + C.step_overhead_s + compute
    # Doubling the bandwidth halves the memory time (most of the step); doubling the FLOPs
    # only halves the small compute time.
    assert faster_memory.tokens_per_s / e.tokens_per_s == pytest.approx(
        whole / (memory_time / 2 + C.step_overhead_s + compute), rel=1e-9)
    assert faster_memory.tokens_per_s / e.tokens_per_s > 1.4
    assert faster_compute.tokens_per_s / e.tokens_per_s < 1.05


def test_a_prompt_heavy_batch_is_compute_bound():
    # 4,000 tokens in, 1 out: the prompt's 2·N FLOPs per token dominate.
    e = run(i=4000, o=1)
    flops = 989e12 * C.compute_efficiency["hopper"]
    assert e.tokens_per_s == pytest.approx(flops / (2 * 8e9), rel=0.05)
    assert tps(gpu=variant("h100", bf16_tflops=1978), i=4000, o=1) / e.tokens_per_s > 1.9
    assert tps(gpu=variant("h100", bandwidth_gbps=6700), i=4000, o=1) / e.tokens_per_s < 1.05


def test_an_l4_is_slower_than_an_a10g_for_a_7b_model():
    # Issue 11: scaling by FLOPs alone made the L4 (121 TFLOPS, 300 GB/s) 1.7× faster than
    # the A10G (70 TFLOPS, 600 GB/s); decode reads memory, so it is slower.
    assert tps(7, "l4") < tps(7, "a10g")


def test_seven_and_thirteen_b_share_one_physics():
    # The old extrapolation made a 7B on an A100 40GB 7.4× faster than a 13B.
    ratio = tps(7, "a100_40g") / tps(13, "a100_40g")
    assert 1.5 < ratio < 4


# --- the KV cache limits the batch ----------------------------------------------------------

def test_the_batch_is_the_kv_cache_that_fits():
    # 8B bf16 on one L4: 24 GB × 0.9 − 16 GB − runtime = KV cache; ÷ 128 KiB per token ×
    # (500 + 200/2) tokens per sequence.
    e = run(8, "l4")
    kv_gb = 24 * GPU_MEMORY_UTILISATION - 16 - C.runtime_gb_per_gpu
    assert e.kv_cache_gb == pytest.approx(kv_gb)
    assert e.batch == pytest.approx(kv_gb * 1e9 / (131_072 * 600))
    assert e.batch_limit == "kv_cache"
    assert "KV cache" in e.rules[1] and "sequences at 600 tokens" in e.rules[1]


def test_longer_contexts_and_smaller_memories_batch_less():
    assert run(8, "h100", i=4000, o=1000).batch < run(8, "h100", i=500, o=200).batch
    assert run(8, "l4").batch < run(8, "l40s").batch


def test_the_engines_sequence_limit_and_a_concurrency_cap_the_batch():
    assert run(8, "a100_80g", i=100, o=100).batch == 256  # vLLM's default on an A100
    assert run(8, "h200", i=100, o=100).batch == 1024  # ≥ 70 GB, not an A100
    capped = run(8, "h100", concurrency=16)
    assert (capped.batch, capped.batch_limit) == (16, "concurrency")


def test_the_architecture_table_and_the_rule_between_its_rows():
    assert architecture(7)[0] == architecture(8)[0] == 2 * 32 * 8 * 128 * 2  # Llama 3.1 8B
    assert architecture(70)[0] == 2 * 80 * 8 * 128 * 2
    assert architecture(14)[0] < architecture(24)[0] < architecture(32)[0]
    assert "log-log between" in architecture(24)[1]
    assert architecture(3)[0] < architecture(8)[0] < architecture(120)[0]


# --- tensor parallelism is below linear ------------------------------------------------------

def test_tensor_parallelism_costs_a_stated_efficiency_per_doubling():
    two, four = run(8, "h100", 2, i=4000, o=1), run(8, "h100", 4, i=4000, o=1)
    # Compute-bound: 4 GPUs do 2× the FLOPs at 85% per doubling.
    assert four.tokens_per_s / two.tokens_per_s == pytest.approx(
        2 * C.tp_efficiency["nvlink"], rel=0.02)
    assert four.tokens_per_s < 2 * two.tokens_per_s
    assert "85% per doubling = 72.2%" in four.rules[-1]


def test_pcie_scales_worse_than_nvlink():
    pcie = variant("h100", interconnect="pcie")
    assert tps(70, pcie, 4) < tps(70, "h100", 4)
    assert tps(8, pcie, 1) == tps(8, "h100", 1)  # one GPU: no communication


# --- quantisation by GPU architecture -------------------------------------------------------

def test_fp8_runs_on_fp8_tensor_cores_only_where_the_gpu_has_them():
    hopper = run(8, "h100", quant="fp8")
    assert "FP8 tensor cores" in hopper.rules[3]
    assert run(8, "l4", quant="fp8").rules[3].startswith("fp8 on ada: FP8 tensor cores")
    for key in ("a100_80g", "a10g", "t4"):  # Ampere, Turing: weight-only (W8A16, Marlin)
        rule = run(8, key, quant="fp8").rules[3]
        assert rule.startswith(f"fp8 on {SPECS[key].architecture}: no FP8 tensor cores")
    # Natively, FP8 doubles the compute of a prompt-heavy load; weight-only slows it.
    assert tps(8, "h100", quant="fp8", i=4000, o=1) > 1.8 * tps(8, "h100", i=4000, o=1)
    assert tps(8, "a100_80g", quant="fp8", i=4000, o=1) == pytest.approx(
        C.weight_only_compute["fp8"] * tps(8, "a100_80g", i=4000, o=1), rel=0.02)


def test_weight_only_formats_shrink_the_weights_and_slow_the_matrix_products():
    bf16, int4 = run(8, "h100"), run(8, "h100", quant="int4")
    assert (bf16.weights_gb, int4.weights_gb) == (16, pytest.approx(4.4))
    assert "int4: weight-only" in int4.rules[3]
    # Where memory starves the batch (a 24 GB RTX 4090), int4's room for KV cache wins:
    assert tps(8, "rtx4090", quant="int4") > tps(8, "rtx4090")
    # Prompt-heavy on an H100, int4 is slower than bf16 (vLLM: AWQ "lower throughput").
    assert tps(8, "h100", quant="int4", i=4000, o=1) < tps(8, "h100", i=4000, o=1)


# --- what does not fit is refused, saying what would -----------------------------------------

def test_a_model_that_does_not_fit_is_refused_with_what_would():
    with pytest.raises(DoesNotFitError) as refused:
        run(70, "a100_80g", 1)
    message = str(refused.value)
    assert message.startswith("a 70B model in bf16 does not fit on 1× A100 80 GB")
    assert "what fits: 2× A100 (a100_80g); fp8 weights on 1× A100; int4 weights on 1× A100" \
        in message
    with pytest.raises(DoesNotFitError, match="int4 weights on 2× A10G"):
        run(70, "a10g", 1)


def test_a_fit_that_starves_the_kv_cache_is_warned():
    e = run(70, "a100_80g", 2)  # 144 GB × 0.9 holds 140 GB of weights and little else
    assert e.kv_cache_share < 0.2
    [note] = e.notes
    assert note.code == "kv_cache_small" and "more GPUs or int4/fp8 weights" in note.message
    assert not run(8, "h100").notes


# --- a latency target caps the batch ---------------------------------------------------------

def test_a_stream_speed_target_caps_the_batch_and_is_met():
    free = run(8, "h100")
    e = run(8, "h100", min_stream_tokens_per_s=60)
    assert e.batch_limit == "latency" and e.batch < free.batch
    assert e.stream_tokens_per_s == pytest.approx(60, rel=1e-3)
    assert e.tokens_per_s < free.tokens_per_s


def test_a_time_to_first_token_target_caps_the_batch():
    free = run(8, "h100", i=2000, o=200)
    one = run(8, "h100", i=2000, o=200, concurrency=1)
    target = (one.ttft_s + free.ttft_s) / 2
    e = run(8, "h100", i=2000, o=200, max_ttft_s=target)
    assert e.batch_limit == "latency" and 1 < e.batch < free.batch
    assert e.ttft_s == pytest.approx(target, rel=1e-3)


def test_a_target_no_batch_meets_is_said_and_gives_one_stream():
    e = run(70, "a100_80g", 4, min_stream_tokens_per_s=5_000)
    assert e.batch == 1
    assert [n.code for n in e.notes] == ["latency_target_unmet"]


def test_plain_transformers_is_the_documents_fifteenth_of_vllm():
    assert tps(engine="transformers") == pytest.approx(tps() / 15)


# --- more bandwidth or more memory never lowers throughput -----------------------------------

@settings(max_examples=200, deadline=None)
@given(st.sampled_from(sorted(SPECS)), st.sampled_from([3, 8, 14, 32, 70]),
       st.sampled_from(["bf16", "fp8", "int8", "int4"]), st.integers(1, 4000),
       st.integers(1, 2000), st.sampled_from([1, 2, 4, 8]),
       st.floats(1.0, 4.0), st.floats(0, 200), st.sampled_from([None, 5.0, 40.0]))
def test_more_bandwidth_or_more_memory_never_lowers_throughput(
        key, size, quant, i, o, gpus, factor, extra_gb, stream):
    spec = SPECS[key]
    options = {"min_stream_tokens_per_s": stream}
    try:
        base = tps(size, spec, gpus, quant, i, o, **options)
    except DoesNotFitError:
        return
    wider = variant(key, bandwidth_gbps=spec.bandwidth_gbps * factor)
    bigger = variant(key, memory_gb=spec.memory_gb + extra_gb)
    assert tps(size, wider, gpus, quant, i, o, **options) >= base * (1 - 1e-9)
    assert tps(size, bigger, gpus, quant, i, o, **options) >= base * (1 - 1e-9)
