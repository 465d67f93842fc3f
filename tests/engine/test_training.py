"""Training compute: the source document's benchmark table, and the FLOPs model beyond it.

Oracles: "source document, §Training Cost Estimator" (its benchmark table, spot at 35% of
on-demand, +15% overhead, and the scenario loop under it) and, for the FLOPs model, the
arithmetic of PRODUCT.md §6 done by hand in each test. Since issue 11 the engine prices a
table row's GPUs from the GPU catalog (the offer serving uses) and no longer uses the four
rows shown 2–22× too slow; ``engine.seed_compat`` keeps the document's own figures
(``tests/engine/test_seed_figures.py``).
"""

from __future__ import annotations

import math

import pytest
from pydantic import ValidationError

from engine.catalog.gpus import GpuCatalog, GpuOffer, GpuSpec, load_gpu_catalog
from engine.catalog.throughput import TrainingBenchmark
from engine.errors import DoesNotFitError
from engine.models import TrainingPlan
from engine.training import estimate_training_cost


def _spec(key: str, name: str, memory_gb: float, tflops: float) -> GpuSpec:
    return GpuSpec(key=key, name=name, memory_gb=memory_gb, bf16_tflops=tflops,
                   bandwidth_gbps=1000, architecture="ampere", interconnect="nvlink",
                   source="test spec", date="2024")


def _offer(name: str, memory_gb: float, price: float, gpus: int) -> GpuOffer:
    return GpuOffer(provider="test", instance_name=f"{gpus}x {name}", price=price,
                    gpu_count=gpus, gpu_name=name, gpu_memory=memory_gb, spot=False,
                    source="test offer", date="2024")


# A catalog with round figures, so the FLOPs model's arithmetic can be done by hand here and
# does not move when someone adds an offer to the bundled CSV.
CATALOG = GpuCatalog(
    specs={
        "a10g": _spec("a10g", "A10G", 24, 70),
        "a100_80g": _spec("a100_80g", "A100", 80, 312),
        "h100": _spec("h100", "H100", 80, 989),
    },
    offers=[
        _offer("A10G", 24, 1.00, 1),
        _offer("A100", 80, 5.00, 2),  # $2.50 per GPU-hour
        _offer("H100", 80, 32.00, 8),  # $4.00 per GPU-hour
    ],
)


def _plan(**changes: object) -> TrainingPlan:
    return TrainingPlan.model_validate(changes)


# The source document's scenario loop whose rows the engine still uses:
# (examples, seq, epochs, gpu, spot) and the matching benchmark row (tok/s, GPUs).
SEED_SCENARIOS = [
    pytest.param(7, "lora", 50_000, 512, 3, "a10g", True, 1800, 1, id="7B LoRA / 50K examples"),
    pytest.param(7, "lora", 200_000, 512, 2, "a100_80g", True, 4000, 1,
                 id="7B LoRA / 200K examples"),
    pytest.param(13, "lora", 50_000, 512, 3, "a100_80g", True, 2500, 1,
                 id="13B LoRA / 50K examples"),
    pytest.param(70, "qlora", 50_000, 512, 1, "a100_80g", True, 600, 2,
                 id="70B QLoRA / 50K examples"),
]


@pytest.mark.parametrize(
    ("size", "method", "examples", "seq", "epochs", "gpu", "spot", "tok_s", "gpus"),
    SEED_SCENARIOS,
)
def test_seed_scenarios_follow_the_seed_formulas_at_the_catalogs_prices(
    size: float, method: str, examples: int, seq: int, epochs: int, gpu: str, spot: bool,
    tok_s: float, gpus: int,
) -> None:
    e = estimate_training_cost(
        model_size_b=size, method=method,  # type: ignore[arg-type]
        plan=_plan(dataset_examples=examples, avg_sequence_tokens=seq, epochs=epochs,
                   gpu=gpu, spot=spot),
        catalog=CATALOG,
    )
    # The seed: tokens = examples × seq_len × epochs; hours = tokens / (tok/s × 3600) × 1.15;
    # cost = hours × $/hour, the $/hour being the catalog's for that many GPUs (spot: 35%).
    tokens = examples * seq * epochs
    hours = tokens / (tok_s * 3600) * 1.15
    per_hour = CATALOG.instance_price(gpu, gpus, "spot" if spot else "on_demand").usd_per_hour
    assert e.basis == "table"
    assert (e.num_gpus, e.tokens_per_s, e.total_tokens) == (gpus, tok_s, tokens)
    assert e.usd_per_hour == pytest.approx(per_hour, rel=1e-12)
    assert e.training_hours == pytest.approx(hours, rel=1e-12)
    assert e.total_usd == pytest.approx(hours * per_hour, rel=1e-12)


@pytest.mark.parametrize(
    ("size", "method", "examples", "epochs", "gpu", "hours"),
    [
        # 76.8M tokens / (1,800 × 3,600) × 1.15 = 13.63 h
        (7, "lora", 50_000, 3, "a10g", 13.6),
        # 204.8M / (4,000 × 3,600) × 1.15 = 16.36 h
        (7, "lora", 200_000, 2, "a100_80g", 16.4),
        # 76.8M / (2,500 × 3,600) × 1.15 = 9.81 h
        (13, "lora", 50_000, 3, "a100_80g", 9.8),
        # 25.6M / (600 × 3,600) × 1.15 = 13.63 h
        (70, "qlora", 50_000, 1, "a100_80g", 13.6),
    ],
)
def test_seed_scenarios_take_the_hours_the_seed_prints(
    size: float, method: str, examples: int, epochs: int, gpu: str, hours: float,
) -> None:
    """The hours the source document's scenario loop prints; the bundled catalog's price."""
    e = estimate_training_cost(
        model_size_b=size, method=method,  # type: ignore[arg-type]
        plan=_plan(dataset_examples=examples, epochs=epochs, gpu=gpu),
    )
    price = load_gpu_catalog().instance_price(gpu, e.num_gpus, "spot")
    assert round(e.training_hours, 1) == hours
    assert e.usd_per_hour == pytest.approx(price.usd_per_hour)
    assert price.source in e.assumptions[3].source


@pytest.mark.parametrize(("size", "method", "gpus", "row_tok_s", "factor"), [
    (7, "full", 4, 1800, 6.6),  # issue 11: 6.6× below ftroi's own FLOPs model
    (70, "lora", 4, 800, 2.2),  # issue 11: 2.2× too slow
    (13, "full", 8, 900, 14.2),
    (70, "full", 16, 220, 21.6),
])
def test_the_seed_rows_shown_too_slow_are_replaced_by_the_flops_model(
    size: float, method: str, gpus: int, row_tok_s: float, factor: float,
) -> None:
    k = 6 if method == "full" else 4
    # The row's own GPUs at 40% MFU: 0.4 × 312e12 / (k × N) × GPUs ≈ factor × the row.
    assert 0.4 * 312e12 / (k * size * 1e9) * gpus / row_tok_s == pytest.approx(factor, abs=0.05)
    e = estimate_training_cost(model_size_b=size, method=method,  # type: ignore[arg-type]
                               plan=_plan(gpu="a100_80g"))
    assert e.basis == "flops"
    assert e.tokens_per_s == pytest.approx(0.4 * 312e12 / (k * size * 1e9) * e.num_gpus)


def test_spot_is_35_percent_of_on_demand_on_both_bases() -> None:
    for size, gpu in [(7, "a10g"), (34, "a100_80g")]:  # table, then FLOPs model
        spot = estimate_training_cost(model_size_b=size, method="lora",
                                      plan=_plan(gpu=gpu, spot=True), catalog=CATALOG)
        on_demand = estimate_training_cost(model_size_b=size, method="lora",
                                           plan=_plan(gpu=gpu, spot=False), catalog=CATALOG)
        assert spot.spot and not on_demand.spot
        assert spot.training_hours == on_demand.training_hours
        assert spot.usd_per_hour == pytest.approx(on_demand.usd_per_hour * 0.35)
        assert spot.total_usd == pytest.approx(on_demand.total_usd * 0.35)


def test_overhead_adds_15_percent_to_the_hours() -> None:
    e = estimate_training_cost(model_size_b=7, method="lora", plan=_plan())
    assert e.compute_hours == pytest.approx(76_800_000 / (1800 * 3600))
    assert e.training_hours == pytest.approx(e.compute_hours * 1.15)
    assert e.total_usd == pytest.approx(e.training_hours * e.usd_per_hour)
    assert any(a.name == "training overhead" and a.value == pytest.approx(0.15)
               for a in e.assumptions)


@pytest.mark.parametrize(
    ("size", "basis"),
    [(7.2, "table"), (8.0, "table"), (6.0, "table"), (5.9, "flops"), (8.2, "flops"),
     (12.0, "table"), (15.5, "flops"), (34, "flops"), (65, "table"), (81, "flops")],
)
def test_a_benchmark_row_serves_sizes_within_15_percent(size: float, basis: str) -> None:
    # QLoRA: the table's 70B LoRA row is replaced (issue 11), its QLoRA row is not.
    e = estimate_training_cost(model_size_b=size, method="qlora", plan=_plan(gpu="a100_80g"),
                               catalog=CATALOG)
    assert e.basis == basis


def test_table_row_keeps_its_throughput_for_a_nearby_size() -> None:
    """Mistral 7.2B uses the 7B row as it stands (the seed's nearest-size lookup)."""
    e = estimate_training_cost(model_size_b=7.2, method="lora", plan=_plan())
    assert (e.tokens_per_s, e.num_gpus) == (1800, 1)
    assert e.usd_per_hour == pytest.approx(1.03 * 0.35)  # the catalog's A10G: the seed's
    assert "7B lora" in e.source and "Training Cost Estimator" in e.source


def test_flops_model_arithmetic_by_hand() -> None:
    """34B LoRA on A100 80GB, 50K × 512 × 3 epochs, spot — no row in the seed's table."""
    e = estimate_training_cost(model_size_b=34, method="lora", plan=_plan(gpu="a100_80g"),
                               catalog=CATALOG)
    # State: 34B × 2.4 bytes = 81.6 GB > 80 × 0.9 = 72 GB usable → 2 GPUs (144 GB).
    # Per GPU: 0.40 × 312e12 / (4 × 34e9) = 917.647 tok/s; ×2 GPUs = 1,835.29 tok/s.
    # Hours: 76.8e6 / (1,835.29 × 3,600) × 1.15 = 13.368 h.
    # $/hour: $2.50 per GPU × 0.35 spot × 2 GPUs = $1.75; cost 13.368 × 1.75 = $23.39.
    assert e.basis == "flops"
    assert e.num_gpus == 2
    assert e.tokens_per_s == pytest.approx(2 * 0.40 * 312e12 / (4 * 34e9))
    assert e.training_hours == pytest.approx(76.8e6 / (1835.294 * 3600) * 1.15, rel=1e-6)
    assert e.usd_per_hour == pytest.approx(1.75)
    assert round(e.training_hours, 3) == 13.368
    assert round(e.total_usd, 2) == 23.39
    assert e.source.startswith("estimate from a FLOPs model, not a measurement")


def test_flops_model_seven_b_on_h100() -> None:
    """The seed's table has no H100 row: full FT needs 2 GPUs, LoRA 1, and LoRA is cheaper."""
    plan = _plan(gpu="h100", spot=False)
    full = estimate_training_cost(model_size_b=7, method="full", plan=plan, catalog=CATALOG)
    lora = estimate_training_cost(model_size_b=7, method="lora", plan=plan, catalog=CATALOG)
    qlora = estimate_training_cost(model_size_b=7, method="qlora", plan=plan, catalog=CATALOG)
    # Full: 7 × 16 = 112 GB > 72 → 2 GPUs; per GPU 0.4 × 989e12 / (6 × 7e9) = 9,419 tok/s.
    assert (full.basis, full.num_gpus) == ("flops", 2)
    assert full.tokens_per_s == pytest.approx(2 * 0.4 * 989e12 / (6 * 7e9))
    assert full.usd_per_hour == pytest.approx(8.0)
    # LoRA: 7 × 2.4 = 16.8 GB → 1 GPU at 0.4 × 989e12 / (4 × 7e9) = 14,129 tok/s.
    assert lora.num_gpus == 1
    assert lora.tokens_per_s == pytest.approx(0.4 * 989e12 / (4 * 7e9))
    assert lora.total_usd < full.total_usd
    # QLoRA: 0.7× LoRA's throughput on the same single GPU: slower, so more hours.
    assert qlora.num_gpus == 1
    assert qlora.tokens_per_s == pytest.approx(0.7 * lora.tokens_per_s)
    assert qlora.training_hours > lora.training_hours


def test_full_fine_tuning_needs_more_gpus_than_lora_and_qlora() -> None:
    plan = _plan(gpu="a10g")
    gpus = {m: estimate_training_cost(model_size_b=34, method=m, plan=plan,
                                      catalog=CATALOG).num_gpus
            for m in ("full", "lora", "qlora")}
    # 34B on 21.6 GB usable: full 544 GB → 32; LoRA 81.6 GB → 4; QLoRA 23.8 GB → 2.
    assert gpus == {"full": 32, "lora": 4, "qlora": 2}


def test_full_fine_tuning_on_a10g_has_no_row_and_is_estimated() -> None:
    e = estimate_training_cost(model_size_b=7, method="full", plan=_plan(gpu="a10g"),
                               catalog=CATALOG)
    # 112 GB over 21.6 GB usable per A10G → 8 GPUs.
    assert (e.basis, e.num_gpus) == ("flops", 8)


def test_more_than_64_gpus_does_not_fit() -> None:
    # 100B × 16 bytes = 1,600 GB; 64 A10Gs hold 64 × 21.6 = 1,382 GB.
    with pytest.raises(DoesNotFitError, match=r"full fine-tuning of a 100B model.*A10G.*a10g"):
        estimate_training_cost(model_size_b=100, method="full", plan=_plan(gpu="a10g"),
                               catalog=CATALOG)
    # 70B full on A10G just fits (1,120 GB ≤ 1,382 GB).
    assert estimate_training_cost(model_size_b=70, method="full", plan=_plan(gpu="a10g"),
                                  catalog=CATALOG).num_gpus == 64


def test_flops_estimate_states_its_assumptions() -> None:
    e = estimate_training_cost(model_size_b=34, method="qlora", plan=_plan(gpu="a100_80g"),
                               catalog=CATALOG)
    by_name = {a.name: a for a in e.assumptions}
    assert by_name["model FLOPs utilisation (MFU)"].value == 0.40
    assert "~40% MFU on H100" in by_name["model FLOPs utilisation (MFU)"].source
    assert by_name["training state"].value == 0.7
    assert by_name["QLoRA speed"].value == 0.7
    assert "test 2x A100" in by_name["GPU price"].source
    typed = estimate_training_cost(model_size_b=34, method="qlora",
                                   plan=_plan(gpu="a100_80g", mfu=0.55), catalog=CATALOG)
    assert {a.name: a for a in typed.assumptions}["model FLOPs utilisation (MFU)"].source == "you"


def test_table_estimate_cites_its_row() -> None:
    e = estimate_training_cost(model_size_b=13, method="lora", plan=_plan(gpu="a100_80g"))
    sources = {a.name: (a.source, a.date) for a in e.assumptions}
    assert sources["training throughput"] == (
        "source document §Training Cost Estimator benchmark table", "2024")
    assert "35% of on-demand" in sources["training instance price"][0]


def test_benchmarks_are_an_argument_priced_from_the_catalog() -> None:
    # The row's own $/hour is the document's kind of figure: the engine prices the GPUs from
    # the catalog, as serving does (2 A100 80GB: $5.00/h, spot 35%).
    row = TrainingBenchmark(model_size_b=34, method="lora", gpu="a100_80g", tokens_per_s=1000,
                            gpus=2, instance_usd_per_hour=6.0, source="my run", date="2025-01")
    e = estimate_training_cost(model_size_b=34, method="lora", plan=_plan(gpu="a100_80g"),
                               benchmarks=(row,), catalog=CATALOG)
    assert (e.basis, e.tokens_per_s, e.num_gpus) == ("table", 1000, 2)
    assert e.total_usd == pytest.approx(76.8e6 / 3.6e6 * 1.15 * 5.0 * 0.35)
    replaced = row.model_copy(update={"replaced": "too slow"})
    assert estimate_training_cost(model_size_b=34, method="lora", plan=_plan(gpu="a100_80g"),
                                  benchmarks=(replaced,), catalog=CATALOG).basis == "flops"


def test_serving_and_training_on_the_same_gpus_use_the_same_offer() -> None:
    from engine.models import FineTunedModel, Workload
    from engine.serving import plan_serving

    e = estimate_training_cost(model_size_b=70, method="qlora",
                               plan=_plan(gpu="a100_80g", spot=False))
    serving = plan_serving(FineTunedModel(model_size_b=70, gpu="a100_80g", gpus_per_instance=2),
                           Workload())
    assert e.num_gpus == serving.gpus_per_instance == 2
    assert e.usd_per_hour == serving.instance_usd_per_hour


def test_bundled_catalog_is_the_default() -> None:
    e = estimate_training_cost(model_size_b=34, method="lora", plan=_plan(gpu="a100_80g"))
    same = estimate_training_cost(model_size_b=34, method="lora", plan=_plan(gpu="a100_80g"),
                                  catalog=load_gpu_catalog())
    assert e == same


@pytest.mark.parametrize(
    "changes",
    [{"epochs": 0}, {"dataset_examples": 0}, {"avg_sequence_tokens": -1}, {"mfu": 1.5},
     {"mfu": 0}, {"gpu": "custom"}, {"gpu": "tpu-v5"}, {"epochs": math.inf}, {"batch": 8}],
)
def test_invalid_plan_is_a_validation_error(changes: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        TrainingPlan.model_validate(changes)


@pytest.mark.parametrize(
    ("size", "method"), [(0, "lora"), (-7, "lora"), (math.nan, "lora"), (7, "adapter")]
)
def test_invalid_arguments_are_a_validation_error(size: float, method: str) -> None:
    with pytest.raises(ValidationError) as info:
        estimate_training_cost(model_size_b=size, method=method,  # type: ignore[arg-type]
                               plan=_plan())
    assert info.value.errors()[0]["loc"][0] in ("model_size_b", "method")


def test_options_are_keyword_only() -> None:
    with pytest.raises(ValidationError, match="Unexpected positional argument"):
        estimate_training_cost(7, "lora", _plan())  # type: ignore[call-arg]


def test_a_stored_plan_does_not_credit_the_default_mfu_to_the_person() -> None:
    # A plan read back from JSON has every field "set"; only a changed value is the person's.
    stored = TrainingPlan.model_validate_json(TrainingPlan(gpu="h100").model_dump_json())
    estimate = estimate_training_cost(model_size_b=34, method="lora", plan=stored)
    mfu = next(a for a in estimate.assumptions if "MFU" in a.name or "utilisation" in a.name)
    assert mfu.source != "you"
    typed = estimate_training_cost(model_size_b=34, method="lora",
                                   plan=TrainingPlan(gpu="h100", mfu=0.5))
    assert next(a for a in typed.assumptions if a.name == mfu.name).source == "you"
