"""Serving capacity and cost (PRODUCT.md §5 "Capacity", source document §Serving).

The capacity arithmetic is checked at the source document's claimed 5,000 tokens/s for a
7B on an A10G (``throughput_basis="seed_document"``), the figure its examples use; what
ftroi estimates instead is tested in ``test_roofline.py``.
"""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from engine.errors import DoesNotFitError, EngineError
from engine.models import FineTunedModel, Workload
from engine.serving import gpus_to_fit, plan_serving

SEED = {"throughput_basis": "seed_document"}  # the document's claimed serving figures


def workload(tokens_per_day: float) -> Workload:
    return Workload(requests_per_day=tokens_per_day / 1000, avg_input_tokens_per_request=700,
                    avg_output_tokens_per_request=300)


def test_required_throughput_at_the_target_utilisation():
    # Source document §Step 2: 10M tokens / (86,400 s × 0.20) = 578 tokens/s.
    plan = plan_serving(FineTunedModel(num_instances=None, **SEED), workload(10e6))
    assert plan.required_tokens_per_s == pytest.approx(578.7, abs=0.1)
    assert plan.instances_needed == 1  # "a 7B model on A10G can handle this with headroom"
    assert plan.utilisation == pytest.approx(10e6 / 86_400 / 5_000)


def test_sizing_adds_instances_as_volume_grows():
    # 5,000 tok/s per A10G at a 20% target: 1,000 tok/s of average traffic per instance.
    plan = plan_serving(FineTunedModel(num_instances=None, **SEED), workload(86_400 * 2_500))
    assert plan.instances_needed == 3
    assert plan.num_instances == 3
    assert plan.monthly_serving_usd == pytest.approx(3 * 1.03 * 720)
    assert plan.sized_automatically


def test_a_fixed_fleet_is_kept_and_its_shortfall_shown():
    plan = plan_serving(FineTunedModel(num_instances=1, **SEED), workload(86_400 * 6_000))
    assert plan.num_instances == 1
    assert plan.instances_needed == 6
    assert plan.utilisation == pytest.approx(1.2)


def test_effective_price_per_million_at_real_utilisation():
    plan = plan_serving(FineTunedModel(), workload(10e6))
    assert plan.usd_per_1m_effective == pytest.approx(741.6 / 300)  # 300M tokens a month
    assert plan_serving(FineTunedModel(), workload(0)).usd_per_1m_effective is None


def test_scale_to_zero_off_peak_saves_the_idle_hours():
    # Source document: no traffic midnight to 6am → 6 of 24 hours saved (25%).
    shaped = Workload(requests_per_day=10_000, peak_hours_per_day=18, off_peak_traffic_share=0)
    plan = plan_serving(FineTunedModel(), shaped)
    assert plan.autoscale_share == pytest.approx(0.75)
    assert plan.monthly_serving_usd == pytest.approx(741.6 * 0.75)


def test_off_peak_traffic_keeps_one_instance_running():
    # 10% of traffic off-peak: an instance must stay up, so nothing is saved at low volume.
    shaped = Workload(requests_per_day=10_000, peak_hours_per_day=18, off_peak_traffic_share=0.1)
    assert plan_serving(FineTunedModel(), shaped).autoscale_share == 1


def test_peak_fleet_shrinks_off_peak():
    # 4 instances at peak (10 h carrying 90% of 1.2B tokens), 1 in the 14 quiet hours.
    shaped = Workload(requests_per_day=1_200_000, avg_input_tokens_per_request=700,
                      avg_output_tokens_per_request=300, peak_hours_per_day=10,
                      off_peak_traffic_share=0.1)
    plan = plan_serving(FineTunedModel(num_instances=None, target_utilisation=0.8, **SEED),
                        shaped)
    peak_tps = 1.2e9 * 0.9 / 36_000  # 30,000 tok/s → ⌈30,000 / (5,000 × 0.8)⌉ = 8
    assert plan.num_instances == 8
    off_tps = 1.2e9 * 0.1 / (14 * 3600)  # 2,381 tok/s → 1 instance
    assert plan.instance_hours_per_day == 8 * 10 + 1 * 14
    assert plan.peak_utilisation == pytest.approx(peak_tps / 40_000)
    assert off_tps < 4_000


def test_weights_decide_the_gpus_per_instance():
    assert gpus_to_fit(7, "bf16", 24) == 1
    assert gpus_to_fit(13, "bf16", 24) == 2
    assert gpus_to_fit(70, "bf16", 80) == 2  # the source document's 2× A100 80GB
    assert gpus_to_fit(70, "int4", 80) == 1
    with pytest.raises(DoesNotFitError, match="more than 64 GPUs"):
        gpus_to_fit(2_000, "bf16", 24)


def test_too_few_gpus_for_the_weights_is_refused_saying_what_would_fit():
    fits = r"what fits: 2× A100 \(a100_80g\); fp8 weights on 1× A100; int4"
    with pytest.raises(DoesNotFitError, match=fits):
        plan_serving(FineTunedModel(model_size_b=70, gpu="a100_80g", gpus_per_instance=1),
                     workload(1e6))


def test_the_documents_claims_are_used_only_where_it_makes_them():
    plan = plan_serving(FineTunedModel(model_size_b=70, gpu="a100_80g", **SEED), workload(1e6))
    assert plan.throughput_tokens_per_s_per_instance == 800
    assert plan.throughput_basis == "seed_claim"
    assert plan.throughput_source.startswith("claimed — source document §Serving, a claim")
    with pytest.raises(EngineError, match="only for 7B on 1× a10g; 13B on 1× a100_40g; 70B "
                                          "on 2× a100_80g; it has none for 7B on 1× h100"):
        plan_serving(FineTunedModel(gpu="h100", **SEED), workload(1e6))


def test_without_a_figure_the_throughput_is_ftrois_estimate_and_says_its_rules():
    plan = plan_serving(FineTunedModel(gpu="h100"), workload(1e6))
    assert plan.throughput_basis == "estimate"
    assert plan.throughput_source.startswith("estimated by ftroi's serving model")
    assert "700 in / 300 out tokens" in plan.throughput_source
    assert plan.throughput_rules and plan.batch and plan.batch_limit
    assert plan.stream_tokens_per_s and plan.ttft_ms and plan.weights_gb == 14


def test_a_measured_figure_wins_and_its_note_is_the_source():
    note = "measured — vllm bench serve result run.json (2026-05-01, 1,000 prompts)"
    plan = plan_serving(FineTunedModel(throughput_tokens_per_s_per_instance=1_234,
                                       throughput_note=note, **SEED), workload(1e6))
    assert plan.throughput_tokens_per_s_per_instance == 1_234
    assert plan.throughput_source == note
    assert plan.throughput_basis == "measured"
    with pytest.raises(ValidationError, match="throughput_note describes a throughput"):
        FineTunedModel(throughput_note=note)


def test_a_multi_gpu_instance_is_priced_from_its_own_offer():
    # 8 A10Gs in one instance: AWS's g5.48xlarge at $16.288/h, not 8 × $1.03.
    plan = plan_serving(FineTunedModel(gpus_per_instance=8), workload(1e6))
    assert plan.instance_usd_per_hour == pytest.approx(16.288)
    assert plan.instance_price_source.startswith("aws g5.48xlarge")


def test_a_typed_price_and_throughput_win_over_the_catalog():
    plan = plan_serving(FineTunedModel(instance_usd_per_hour=0.75,
                                       throughput_tokens_per_s_per_instance=3_000), workload(1e6))
    assert plan.instance_usd_per_hour == 0.75
    assert plan.instance_price_source == "you"
    assert plan.throughput_tokens_per_s_per_instance == 3_000


def test_spot_and_reserved_prices():
    spot = plan_serving(FineTunedModel(pricing="spot"), workload(1e6))
    reserved = plan_serving(FineTunedModel(pricing="reserved"), workload(1e6))
    assert spot.instance_usd_per_hour == pytest.approx(1.03 * 0.35)
    assert reserved.instance_usd_per_hour == pytest.approx(1.03 * 0.60)


def test_storage_is_two_gigabytes_per_billion_parameters_at_s3_prices():
    plan = plan_serving(FineTunedModel(model_size_b=70, gpu="a100_80g"), workload(1e6))
    assert plan.monthly_storage_usd == pytest.approx(70 * 2 * 0.023)
    typed = plan_serving(FineTunedModel(storage_usd_per_month=40), workload(1e6))
    assert typed.monthly_storage_usd == 40


def test_a_concurrency_and_a_latency_target_reach_the_estimate():
    free = plan_serving(FineTunedModel(gpu="h100"), workload(1e6))
    capped = plan_serving(FineTunedModel(gpu="h100", max_concurrency=8), workload(1e6))
    assert (capped.batch, capped.batch_limit) == (8, "concurrency")
    assert capped.throughput_tokens_per_s_per_instance < free.throughput_tokens_per_s_per_instance
    fast = plan_serving(FineTunedModel(gpu="h100", target_stream_tokens_per_s=50), workload(1e6))
    assert fast.batch_limit == "latency"
    assert fast.stream_tokens_per_s == pytest.approx(50, rel=1e-3)
