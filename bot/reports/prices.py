"""The price catalogs as plain text, each figure with its source and date (``ftroi prices``).

* :func:`render_prices` — everything: GPU specs, every GPU offer, the source document's 2024
  API prices, managed fine-tuning prices, and which genai-prices version prices the rest;
* :func:`render_gpu` — one GPU's specs, offers and default prices;
* :func:`render_model` — one API model's prices at a date, from genai-prices and, when it
  has one, the source document's 2024 book.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from bot.reports.card import gpu_label
from bot.reports.layout import heading, pairs, table, wrap
from engine.catalog.api_prices import ApiPrice, SeedPriceRow
from engine.catalog.gpus import GpuCatalog
from engine.catalog.managed_prices import ManagedPriceRow
from engine.errors import EngineError
from engine.figures import count, quantity, unit_usd

__all__ = ["render_gpu", "render_model", "render_prices"]


def _offers(catalog: GpuCatalog, key: str) -> str:
    offers = catalog.offers_for(key)
    if not offers:
        return "  No priced offers in the catalog: type the instance's $/hour."
    lines = []
    for o in offers:
        where = f"{o.provider} {o.instance_name}" + (f", {o.location}" if o.location else "")
        kind = "spot" if o.spot else "on-demand"
        lines.append(wrap(f"{where}: {o.gpu_count}× {o.gpu_name} {o.gpu_memory:g}GB, "
                          f"{unit_usd(o.price)}/hour ({unit_usd(o.price / o.gpu_count)}/GPU-hour)"
                          f", {kind}, {o.date}", first="  ", indent="      "))
        lines.append(wrap(f"source: {o.source}", indent="      "))
    return "\n".join(lines)


def _defaults(catalog: GpuCatalog, key: str) -> str:
    rows = []
    for pricing in ("on_demand", "spot", "reserved"):
        try:
            p = catalog.price(key, pricing)
        except EngineError as e:
            rows.append((pricing.replace("_", "-"), str(e)))
            continue
        rows.append((pricing.replace("_", "-"),
                     f"{unit_usd(p.usd_per_gpu_hour)}/GPU-hour ({p.source}, {p.date})"))
    return pairs(rows, indent="    ")


def render_gpu(catalog: GpuCatalog, key: str, *, colour: bool = False) -> str:
    """One GPU: its specs, the default price ftroi uses, and every offer."""
    spec = catalog.specs[key]
    return "\n".join([
        heading(f"{gpu_label(key, catalog=catalog)} ({key})", colour=colour),
        pairs([
            ("Memory", f"{spec.memory_gb:g} GB"),
            ("Peak dense bf16", f"{quantity(spec.bf16_tflops)} TFLOPS"),
            ("Peak dense FP8", f"{quantity(spec.fp8_tflops)} TFLOPS" if spec.fp8_tflops
             else "no FP8 tensor cores (FP8 weights run weight-only)"),
            ("Memory bandwidth", f"{count(spec.bandwidth_gbps)} GB/s"),
            ("Architecture", f"{spec.architecture}, {spec.interconnect.replace('_', ' ')} "
                             "between GPUs"),
            ("Also written", (spec.aliases or "").replace("|", ", ") or "—"),
            ("Source", f"{spec.source} ({spec.date})"),
        ]),
        "",
        wrap("Default price per GPU-hour (a single-GPU instance: the first single-GPU offer "
             "below, else the nearest; an instance of N GPUs is priced from an N-GPU offer; "
             "spot and reserved derived when the catalog has none):", indent="  "),
        _defaults(catalog, key),
        "",
        "  Offers:",
        _offers(catalog, key),
    ]) + "\n"


def render_model(
    *,
    name: str,
    at: date,
    genai_version: str,
    current: ApiPrice | None,
    current_problem: str | None,
    seed: SeedPriceRow | None,
    input_tokens: float,
    output_tokens: float,
    colour: bool = False,
) -> str:
    """One API model's prices: genai-prices at ``at``, and the 2024 book when it lists it."""
    lines = [heading(f"API prices for {name}", colour=colour)]
    if current is not None:
        lines += [
            wrap(f"genai-prices {genai_version} (bundled; no network), priced at {at.isoformat()} "
                 f"for a request of {quantity(input_tokens)} input and {quantity(output_tokens)} "
                 "output tokens, so tiered prices apply as billed:", indent="  "),
            pairs([
                ("Model", f"{current.provider}/{current.model}"),
                ("Input", f"{unit_usd(current.input_usd_per_1m_tokens)} per 1M tokens"),
                ("Output", f"{unit_usd(current.output_usd_per_1m_tokens)} per 1M tokens"),
                ("Source", f"{current.source} ({current.date})"),
            ], indent="    "),
        ]
    else:
        lines.append(wrap(f"genai-prices {genai_version}: {current_problem}", indent="  "))
    lines.append("")
    if seed is not None:
        lines += [
            "  The source document's 2024 prices (price_book = \"seed_2024\"):",
            pairs([
                ("Model", f"{seed.provider}/{seed.model}"),
                ("Input", f"{unit_usd(seed.input_usd_per_1m_tokens)} per 1M tokens"),
                ("Output", f"{unit_usd(seed.output_usd_per_1m_tokens)} per 1M tokens"),
                ("Source", f"{seed.source} ({seed.date})"),
            ], indent="    "),
        ]
    else:
        lines.append("  Not in the source document's 2024 prices.")
    return "\n".join(lines) + "\n"


def render_prices(
    catalog: GpuCatalog,
    *,
    seed_prices: Mapping[str, SeedPriceRow],
    managed_prices: Mapping[str, ManagedPriceRow],
    genai_version: str,
    at: date,
    colour: bool = False,
) -> str:
    """Every catalog ftroi prices with, and where each figure comes from."""
    specs = [[key, gpu_label(key, catalog=catalog), quantity(s.bf16_tflops),
              quantity(s.fp8_tflops) if s.fp8_tflops else "—", count(s.bandwidth_gbps),
              s.architecture, s.date, s.source] for key, s in catalog.specs.items()]
    offers = "\n\n".join(
        f"  {gpu_label(key, catalog=catalog)} ({key})\n{_offers(catalog, key)}"
        for key in catalog.specs
    )
    api = [[r.model, r.provider, unit_usd(r.input_usd_per_1m_tokens),
            unit_usd(r.output_usd_per_1m_tokens), r.date, r.source]
           for r in seed_prices.values()]
    managed = [[r.provider, _span_usd(r.training_usd_per_1m_tokens_low,
                                      r.training_usd_per_1m_tokens_high),
                _span_x(r.inference_multiple_low, r.inference_multiple_high), r.date, r.source]
               for r in managed_prices.values()]
    return "\n".join([
        heading("GPUs", colour=colour),
        table(["key", "GPU", "bf16 TFLOPS", "FP8 TFLOPS", "GB/s", "architecture", "date",
               "source"], specs, align="llrrrlll", indent="  "),
        heading("GPU offers (price for the whole instance)", colour=colour),
        offers,
        heading("API prices", colour=colour),
        wrap(f"Current prices come from genai-prices {genai_version}, bundled with ftroi (no "
             f"network), looked up at a date — today, {at.isoformat()}, unless a scenario has "
             "its own — for the average request's size. `ftroi prices MODEL` shows one model's. "
             "The source document's 2024 prices (price_book = \"seed_2024\"):", indent="  "),
        table(["model", "provider", "input/1M", "output/1M", "date", "source"], api,
              align="llrrll", indent="  "),
        heading("Managed fine-tuning", colour=colour),
        table(["provider", "training/1M tokens", "inference", "date", "source"], managed,
              indent="  "),
    ]) + "\n"


def _span_usd(low: float, high: float) -> str:
    return unit_usd(low) if low == high else f"{unit_usd(low)}–{unit_usd(high)}"


def _span_x(low: float, high: float) -> str:
    text = quantity(low) if low == high else f"{quantity(low)}–{quantity(high)}"
    return f"{text}× base"
