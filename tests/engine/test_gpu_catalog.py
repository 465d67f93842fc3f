"""The bundled GPU catalog: every row valid and sourced, every GPU priced, the seed's defaults kept.

Oracles: the source document's serving figures (A10G $742/month = $1.03/h × 720 h; 13B on
A100 40GB $1,440/month = $2.00/h; 70B on 2× A100 80GB $3,600/month = $5.00/h for the pair) and
its rule "spot 60–70% off on-demand" (× 0.35); ftroi's reserved rule (× 0.60 of on-demand);
issue 11's instance rule (an N-GPU instance from an N-GPU offer: g5.48xlarge is $16.288/h).
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from datetime import date
from importlib import resources

import pytest

from engine.catalog.gpus import (
    RESERVED_FACTOR,
    SPOT_FACTOR,
    GpuCatalog,
    GpuOffer,
    _squash,
    canonical_gpu,
    load_gpu_catalog,
)
from engine.errors import UnknownGpuError

HOURS_PER_MONTH = 720  # the source document's 24/7 month
FIRST_PRICE_DATE = date(2020, 1, 1)  # no offer in the catalog is older than 2020
FIRST_SPEC_DATE = date(2018, 1, 1)  # the oldest GPU in the catalog, the T4, dates from 2018
TODAY = date.today()


def _raw_rows(filename: str) -> list[dict[str, str]]:
    text = resources.files("engine").joinpath("data", filename).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


@pytest.fixture(scope="module")
def catalog() -> GpuCatalog:
    return load_gpu_catalog()


# --- every row of both files validates -----------------------------------------------------


def test_both_files_load_and_are_not_empty(catalog: GpuCatalog) -> None:
    assert len(catalog.specs) == len(_raw_rows("gpu_specs.csv")) >= 7
    assert len(catalog.offers) == len(_raw_rows("gpu_offers.csv")) >= 3 + 4


def test_csv_headers_are_the_gpuhunt_layout_plus_source_and_date() -> None:
    offers = _raw_rows("gpu_offers.csv")
    assert list(offers[0]) == ["provider", "instance_name", "location", "price", "cpu", "memory",
                               "gpu_count", "gpu_name", "gpu_memory", "spot", "source", "date"]
    assert list(_raw_rows("gpu_specs.csv")[0]) == [
        "key", "name", "memory_gb", "bf16_tflops", "fp8_tflops", "bandwidth_gbps",
        "architecture", "interconnect", "aliases", "source", "date"]


def test_spot_column_holds_only_true_or_false() -> None:
    # pydantic would also accept "1", "yes", "on"...; the file keeps gpuhunt's spelling.
    assert {row["spot"] for row in _raw_rows("gpu_offers.csv")} <= {"True", "False"}


# --- every GPU in the specs has an on-demand price -----------------------------------------


def test_every_gpu_has_an_on_demand_price(catalog: GpuCatalog) -> None:
    for key in catalog.specs:
        price = catalog.price(key, "on_demand")
        assert price.usd_per_gpu_hour > 0, key
        assert price.pricing == "on_demand"
        assert price.source and price.date, key


@pytest.mark.parametrize("key", ["l4", "h100", "h100_pcie", "h200"])
def test_gpus_the_seed_did_not_price_default_to_a_real_dated_offer(
    catalog: GpuCatalog, key: str
) -> None:
    price = catalog.price(key, "on_demand")
    assert not price.source.startswith("seed-2024"), price.source
    assert "http" in price.source or ".com" in price.source or ".ai" in price.source
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", price.date), price.date


# --- every offer matches a known GPU; names and aliases are unambiguous ---------------------


def test_every_offer_matches_a_known_gpu_spec(catalog: GpuCatalog) -> None:
    known = {(s.name, s.memory_gb) for s in catalog.specs.values()}
    unmatched = [(o.provider, o.instance_name, o.gpu_name, o.gpu_memory)
                 for o in catalog.offers if (o.gpu_name, o.gpu_memory) not in known]
    assert not unmatched, f"offers whose gpu_name + gpu_memory match no spec: {unmatched}"


def test_each_spec_is_one_name_and_memory(catalog: GpuCatalog) -> None:
    pairs = [(s.name, s.memory_gb) for s in catalog.specs.values()]
    assert len(pairs) == len(set(pairs)), "two specs share a name + memory: offers are ambiguous"


def test_every_offer_belongs_to_exactly_one_gpu(catalog: GpuCatalog) -> None:
    counted = sum(len(catalog.offers_for(key)) for key in catalog.specs)
    assert counted == len(catalog.offers)


def test_no_two_aliases_map_to_different_gpus(catalog: GpuCatalog) -> None:
    # Built from the raw rows: the catalog's own alias table keeps only the last spec that
    # claims an alias, so a clash would be invisible there.
    owners: dict[str, set[str]] = defaultdict(set)
    for spec in catalog.specs.values():
        for alias in [spec.key, *(spec.aliases or "").split("|")]:
            if alias:
                owners[_squash(alias)].add(spec.key)
    clashes = {alias: keys for alias, keys in owners.items() if len(keys) > 1}
    assert not clashes, f"aliases claimed by more than one GPU: {clashes}"
    assert "custom" not in owners, "'custom' is reserved for a typed-in price"
    for alias, keys in owners.items():
        assert catalog.aliases[alias] == next(iter(keys))


# --- sources, dates, prices ----------------------------------------------------------------

PLACEHOLDER = re.compile(r"\b(todo|tbd|fixme|unknown|n/?a|xxx|placeholder|lorem)\b", re.I)


def _check_source(source: str) -> None:
    assert len(source) >= 30, f"source too short to check: {source!r}"
    assert len(source.split()) >= 5, f"source is not a description: {source!r}"
    assert not PLACEHOLDER.search(source), f"placeholder source: {source!r}"
    assert re.search(r"\d", source), f"source quotes no figure or date: {source!r}"


def _check_date(text: str, first: date = FIRST_PRICE_DATE) -> None:
    m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", text)
    assert m, f"date {text!r} is not YYYY, YYYY-MM or YYYY-MM-DD"
    year, month, day = (int(g) if g else 1 for g in m.groups())
    when = date(year, month, day)  # raises for a month 13 or a 30 February
    assert first <= when <= TODAY, f"date {text!r} is outside {first.year}..today"


@pytest.mark.parametrize("filename", ["gpu_specs.csv", "gpu_offers.csv"])
def test_sources_are_non_trivial_and_dates_well_formed(filename: str) -> None:
    for line, row in enumerate(_raw_rows(filename), start=2):
        try:
            _check_source(row["source"])
            _check_date(row["date"], FIRST_SPEC_DATE if filename == "gpu_specs.csv"
                        else FIRST_PRICE_DATE)
        except (AssertionError, ValueError) as e:
            pytest.fail(f"engine/data/{filename} line {line}: {e}")


def test_offers_without_a_url_are_the_seed_document(catalog: GpuCatalog) -> None:
    for o in catalog.offers:
        if o.provider == "seed-2024":
            assert o.source.startswith("source document §"), o.source
        else:
            assert re.search(r"[a-z0-9-]+\.(com|ai|io|sh|net)\b", o.source), (
                f"{o.provider} {o.instance_name}: the source names no site to check it on")


def test_prices_are_positive_and_per_gpu_prices_plausible(catalog: GpuCatalog) -> None:
    for o in catalog.offers:
        assert o.price > 0, f"{o.provider} {o.instance_name}"
        per_gpu = o.price / o.gpu_count
        assert 0.05 <= per_gpu <= 25, f"{o.provider} {o.instance_name}: ${per_gpu:.2f}/GPU-hour"


def test_no_offer_is_listed_twice(catalog: GpuCatalog) -> None:
    keys = [(o.provider, o.instance_name, o.location, o.spot) for o in catalog.offers]
    assert len(keys) == len(set(keys))


def test_instance_cpu_and_memory_when_given_are_whole_machines(catalog: GpuCatalog) -> None:
    for o in catalog.offers:
        if o.cpu is not None:
            assert o.cpu >= o.gpu_count, f"{o.provider} {o.instance_name}"
        if o.memory is not None:
            assert o.memory >= 8 * o.gpu_count, f"{o.provider} {o.instance_name}"


# --- the seed's figures stay the defaults ---------------------------------------------------


def test_a10g_default_is_the_seeds_1_03_per_hour(catalog: GpuCatalog) -> None:
    price = catalog.price("a10g", "on_demand")
    assert price.usd_per_gpu_hour == pytest.approx(1.03)
    assert price.usd_per_gpu_hour * HOURS_PER_MONTH == pytest.approx(741.60)
    assert "source document" in price.source and price.date == "2024"


def test_a100_40gb_default_is_the_seeds_2_00_per_hour(catalog: GpuCatalog) -> None:
    price = catalog.price("a100_40g", "on_demand")
    assert price.usd_per_gpu_hour == pytest.approx(2.00)
    assert price.usd_per_gpu_hour * HOURS_PER_MONTH == pytest.approx(1440)
    assert "source document" in price.source and price.date == "2024"


def test_two_a100_80gb_are_the_seeds_5_00_per_hour(catalog: GpuCatalog) -> None:
    price = catalog.instance_price("a100_80g", 2, "on_demand")
    assert price.usd_per_hour == pytest.approx(5.00)
    assert price.usd_per_hour * HOURS_PER_MONTH == pytest.approx(3600)  # 2x A100 80GB
    assert "source document" in price.source and price.date == "2024"


def test_one_a100_80gb_is_a_single_gpu_offer_not_half_the_seeds_pair(catalog: GpuCatalog) -> None:
    # Issue 11: a single GPU is not priced from a bigger node's per-GPU rate when a
    # single-GPU offer exists (it was $2.50, half the seed's 2-GPU $5.00).
    one = catalog.instance_price("a100_80g", 1, "on_demand")
    first_single = next(o for o in catalog.offers_for("a100_80g")
                        if o.gpu_count == 1 and not o.spot)
    assert one.usd_per_hour == pytest.approx(first_single.price)
    assert catalog.price("a100_80g", "on_demand").usd_per_gpu_hour == one.usd_per_hour


def test_seed_rows_come_first_for_their_gpus(catalog: GpuCatalog) -> None:
    for key in ["a10g", "a100_40g", "a100_80g"]:
        first = catalog.offers_for(key)[0]
        assert (first.provider, first.spot) == ("seed-2024", False), key


# --- spot and reserved ----------------------------------------------------------------------


def _spot_offers(catalog: GpuCatalog, key: str) -> list[GpuOffer]:
    return [o for o in catalog.offers_for(key) if o.spot]


def test_spot_falls_back_to_35_percent_of_on_demand_without_a_spot_offer(
    catalog: GpuCatalog,
) -> None:
    assert SPOT_FACTOR == 0.35
    without = [key for key in catalog.specs if not _spot_offers(catalog, key)]
    assert {"a10g", "a100_40g", "a100_80g"} <= set(without)  # the seed's GPUs keep its rule
    for key in without:
        on_demand = catalog.price(key, "on_demand")
        spot = catalog.price(key, "spot")
        assert spot.pricing == "spot"
        assert spot.usd_per_gpu_hour == pytest.approx(0.35 * on_demand.usd_per_gpu_hour), key
        assert "35% of on-demand" in spot.source
        assert spot.date == on_demand.date


def test_seed_spot_figures(catalog: GpuCatalog) -> None:
    assert catalog.price("a10g", "spot").usd_per_gpu_hour == pytest.approx(0.3605)
    assert catalog.price("a100_40g", "spot").usd_per_gpu_hour == pytest.approx(0.70)
    pair = catalog.instance_price("a100_80g", 2, "spot")
    assert pair.usd_per_gpu_hour == pytest.approx(0.875)


def test_a_spot_offer_is_used_as_it_is_when_there_is_one(catalog: GpuCatalog) -> None:
    with_spot = [key for key in catalog.specs if _spot_offers(catalog, key)]
    assert with_spot, "the catalog should carry some real spot offers"
    for key in with_spot:
        first = _spot_offers(catalog, key)[0]
        spot = catalog.price(key, "spot")
        assert spot.usd_per_gpu_hour == pytest.approx(first.price / first.gpu_count), key
        assert spot.date == first.date
        assert "35%" not in spot.source
        assert spot.usd_per_gpu_hour < catalog.price(key, "on_demand").usd_per_gpu_hour


def test_reserved_is_60_percent_of_on_demand(catalog: GpuCatalog) -> None:
    assert RESERVED_FACTOR == 0.60
    for key in catalog.specs:
        on_demand = catalog.price(key, "on_demand")
        reserved = catalog.price(key, "reserved")
        assert reserved.pricing == "reserved"
        assert reserved.usd_per_gpu_hour == pytest.approx(0.60 * on_demand.usd_per_gpu_hour), key
        assert "60% of on-demand" in reserved.source


# --- the ways people write GPUs -------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("A10G", "a10g"),
        ("nvidia a10g", "a10g"),
        ("a100 80gb", "a100_80g"),
        ("A100-80GB", "a100_80g"),
        ("A100-40GB", "a100_40g"),
        ("a100 40gb", "a100_40g"),
        ("h100 sxm", "h100"),
        ("H100-SXM", "h100"),
        ("H100", "h100"),
        ("H100 PCIe", "h100_pcie"),
        ("h100-pcie", "h100_pcie"),
        ("h200", "h200"),
        ("H200 SXM", "h200"),
        ("L4", "l4"),
        ("nvidia l4", "l4"),
        ("NVIDIA L4", "l4"),
        ("L40S", "l40s"),
        ("A10", "a10"),
        ("RTX A6000", "a6000"),
        ("RTX 4090", "rtx4090"),
        ("T4", "t4"),
        ("H100 NVL", "h100_nvl"),
        ("GH200", "gh200"),
        ("B200", "b200"),
        ("MI300X", "mi300x"),
        ("custom", "custom"),
    ],
)
def test_canonical_gpu_accepts_the_ways_people_write_gpus(written: str, key: str) -> None:
    assert canonical_gpu(written) == key


@pytest.mark.parametrize("written", ["RTX 3090", "V100", "GB200", "a100 60gb", "TPU v5e", ""])
def test_canonical_gpu_rejects_unknown_gpus_and_lists_what_is_accepted(written: str) -> None:
    with pytest.raises(UnknownGpuError) as raised:
        canonical_gpu(written)
    message = str(raised.value)
    assert repr(written) in message
    accepted = message.split("accepted:", 1)[1]
    for key in [*load_gpu_catalog().specs, "custom"]:
        assert re.search(rf"\b{key}\b", accepted), f"{key} missing from: {message}"


def test_an_unknown_gpu_is_also_a_value_error() -> None:
    with pytest.raises(ValueError, match="unknown GPU"):
        canonical_gpu("Voodoo 3")


def test_every_listed_alias_resolves_to_its_gpu(catalog: GpuCatalog) -> None:
    for spec in catalog.specs.values():
        for alias in [spec.key, *(spec.aliases or "").split("|")]:
            if alias:
                assert canonical_gpu(alias) == spec.key
                assert canonical_gpu(alias.upper()) == spec.key


# --- instances of several GPUs (issue 11) ---------------------------------------------------


@pytest.mark.parametrize(("key", "gpus", "usd"), [
    ("a10g", 4, 5.672),     # g5.12xlarge, not 4 × $1.03
    ("a10g", 8, 16.288),    # g5.48xlarge, not 8 × $1.03
    ("l4", 8, 13.3504),     # g6.48xlarge
    ("h100", 1, 4.29),      # Lambda's 1-GPU offer, not its 8-GPU node's $3.99 per GPU
    ("h100", 8, 31.92),     # Lambda's 8-GPU node
    ("a100_80g", 2, 5.00),  # the source document's pair
])
def test_an_instance_of_n_gpus_is_priced_from_an_offer_of_n_gpus(
    catalog: GpuCatalog, key: str, gpus: int, usd: float
) -> None:
    price = catalog.instance_price(key, gpus, "on_demand")
    assert price.usd_per_hour == pytest.approx(usd)
    assert price.gpus == gpus
    assert "per-GPU rate" not in price.source


def test_with_no_offer_of_that_size_the_nearest_count_is_scaled_and_said(
    catalog: GpuCatalog,
) -> None:
    # No 4-GPU H100 offer: Lambda's 2-GPU $8.38 and 8-GPU $31.92 are equally near (×2 away);
    # the smaller wins: 4 × $4.19.
    price = catalog.instance_price("h100", 4, "on_demand")
    assert price.usd_per_hour == pytest.approx(4 * 8.38 / 2)
    assert price.source.startswith("4× the per-GPU rate of lambda gpu_2x_h100_sxm5 (2 GPUs")


def test_a_gpu_priced_only_by_the_gpu_counts_like_crusoe_scales_linearly(
    catalog: GpuCatalog,
) -> None:
    price = catalog.instance_price("mi300x", 8, "on_demand")
    assert price.usd_per_hour == pytest.approx(8 * 3.45)
    assert "8× the per-GPU rate" in price.source


def test_spot_and_reserved_follow_the_same_instance(catalog: GpuCatalog) -> None:
    assert catalog.instance_price("a10g", 8, "spot").usd_per_hour == pytest.approx(16.288 * 0.35)
    assert catalog.instance_price("a10g", 8, "reserved").usd_per_hour == pytest.approx(
        16.288 * 0.60)
    # A real spot offer wins over the 35% rule: Crusoe's H100 spot, per GPU, for 2 GPUs.
    assert catalog.instance_price("h100", 2, "spot").usd_per_hour == pytest.approx(2 * 1.60)


# --- the specs carry what the serving model reads -------------------------------------------


def test_fp8_tensor_cores_only_on_the_generations_that_have_them(catalog: GpuCatalog) -> None:
    for spec in catalog.specs.values():
        has_fp8 = spec.architecture in ("ada", "hopper", "blackwell", "cdna3")
        assert (spec.fp8_tflops is not None) == has_fp8, spec.key
        if spec.fp8_tflops is not None:
            assert spec.fp8_tflops == pytest.approx(2 * spec.bf16_tflops, rel=0.02), spec.key


@pytest.mark.parametrize("key", ["l40s", "a10", "a6000", "rtx4090", "t4", "h100_nvl", "gh200",
                                 "b200", "mi300x"])
def test_the_gpus_people_serve_on_today_are_in_the_catalog(catalog: GpuCatalog, key: str) -> None:
    spec = catalog.specs[key]
    assert spec.memory_gb > 0 and spec.bandwidth_gbps > 0 and spec.bf16_tflops > 0
    assert catalog.instance_price(key, 1, "on_demand").usd_per_hour > 0
