"""The result card's content (PRODUCT.md §4), as words and figures, for any surface.

:func:`card` turns an analysis into a title, one verdict line, the card's fields, the
recommendation with its reasons, and the warnings. The terminal prints it as text; the Slack
app lays the same strings out as blocks, so both say exactly the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from engine.analysis import Analysis
from engine.catalog.gpus import GpuCatalog, load_gpu_catalog
from engine.figures import count, months, percent, quantity, tokens, unit_usd, usd

__all__ = ["METHOD_LABELS", "Card", "Tone", "card", "fleet_text", "gpu_label", "verdict"]

Tone = Literal["good", "bad", "neutral"]
METHOD_LABELS = {"lora": "LoRA", "qlora": "QLoRA", "full": "full fine-tune"}


@dataclass(frozen=True)
class Card:
    title: str
    subtitle: str
    verdict: str
    tone: Tone
    fields: list[tuple[str, str]]
    recommendation: str
    rationale: str
    reasons: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def gpu_label(key: str, *, catalog: GpuCatalog | None = None) -> str:
    """A GPU as people name it: "A10G 24GB", "A100 80GB", "custom GPU"."""
    if key == "custom":
        return "custom GPU"
    spec = (catalog or load_gpu_catalog()).specs.get(key)
    return f"{spec.name} {spec.memory_gb:g}GB" if spec else key


def fleet_text(a: Analysis, *, catalog: GpuCatalog | None = None) -> str:
    """The serving fleet in words: "2 instances of 1× A10G 24GB"."""
    s = a.serving
    noun = "instance" if s.num_instances == 1 else "instances"
    return f"{count(s.num_instances)} {noun} of {s.gpus_per_instance}× " \
           f"{gpu_label(s.gpu, catalog=catalog)}"


def verdict(a: Analysis) -> tuple[str, Tone]:
    """The one line that answers the question, and whether it favours fine-tuning."""
    be, lifetime = a.break_even, a.project.lifetime_months
    if a.payback_months is not None:
        if a.pays_back_within_lifetime:
            return f"Fine-tuning pays back in {months(a.payback_months)}", "good"
        return (f"Fine-tuning pays back in {months(a.payback_months)}, after the model's "
                f"{quantity(lifetime)}-month lifetime: the API is cheaper over that lifetime",
                "bad")
    if be.tokens_per_day is not None:
        return (f"The API is cheaper at this volume: break-even is {tokens(be.tokens_per_day)} "
                f"tokens/day, you are at {tokens(be.current_tokens_per_day)}", "bad")
    if be.review_delta_usd_per_1m is not None and be.api_usd_per_1m_blended is not None:
        return (f"No break-even at any volume: the extra review costs "
                f"{unit_usd(be.review_delta_usd_per_1m)} per 1M tokens, at least the API's "
                f"{unit_usd(be.api_usd_per_1m_blended)} per 1M", "bad")
    return f"No break-even: {be.reason}", "neutral"


def _break_even_field(a: Analysis) -> str:
    be = a.break_even
    today = f"you are at {tokens(be.current_tokens_per_day)}"
    if be.tokens_per_day is not None:
        side = "above" if be.above else "below"
        return f"{tokens(be.tokens_per_day)} tokens/day; {today} ({side} it)"
    if be.api_usd_per_1m_blended is not None:
        return f"none at any volume; {today}"
    return f"none: {be.reason}"


def _effective_field(a: Analysis) -> str:
    s, api = a.serving, a.break_even.api_usd_per_1m_blended
    if s.usd_per_1m_effective is None:
        self_hosted = f"no traffic to serve ({unit_usd(s.usd_per_1m_at_full_use)} at full use)"
    else:
        self_hosted = (f"self-hosted {unit_usd(s.usd_per_1m_effective)} at "
                       f"{percent(s.utilisation)} utilisation")
    versus = f"the API's {unit_usd(api)} blended" if api is not None else "no API price per token"
    return f"{self_hosted} vs {versus}"


def card(a: Analysis, *, name: str | None = None, catalog: GpuCatalog | None = None) -> Card:
    """The result card of an analysis; ``name`` is the scenario's, when it has one."""
    m, p, inputs = a.monthly, a.project, a.inputs
    model = inputs.model
    api_name = a.api_price.model or "custom API prices"
    title = f"{api_name} vs a fine-tuned {model.model_size_b:g}B ({METHOD_LABELS[model.method]})"
    if name:
        title = f"{name}: {title}"
    price = a.api_price
    subtitle = (f"Serving: {fleet_text(a, catalog=catalog)}. API: {api_name} at "
                f"{unit_usd(price.input_usd_per_1m_tokens)} in / "
                f"{unit_usd(price.output_usd_per_1m_tokens)} out per 1M tokens ({price.source}"
                + (f", {price.date}" if price.date else "") + ").")
    text, tone = verdict(a)
    ft_parts = (f"serving {usd(m.serving_usd)} + storage {usd(m.storage_usd)} + amortised "
                f"project {usd(m.amortised_project_usd)} + review delta "
                f"{usd(m.review_delta_usd)}")
    payback = months(a.payback_months)
    if a.payback_months is not None:
        within = "within" if a.pays_back_within_lifetime else "after"
        payback += f", {within} the {quantity(p.lifetime_months)}-month lifetime"
    fields = [
        ("API bill per month", usd(m.api_usd)),
        ("Fine-tuned total per month", f"{usd(m.ft_total_usd)} ({ft_parts})"),
        ("Monthly savings", usd(m.savings_usd)),
        ("One-time project", f"{usd(p.total_usd)} (compute {usd(p.compute_usd)}, engineering "
                             f"{usd(p.engineering_usd)})"),
        ("Payback", payback),
        ("Break-even", _break_even_field(a)),
        ("Cost per 1M tokens", _effective_field(a)),
    ]
    rec = a.recommendation
    return Card(
        title=title,
        subtitle=subtitle,
        verdict=text,
        tone=tone,
        fields=fields,
        recommendation=f"{rec.verdict} (score {rec.score:+d})",
        rationale=rec.rationale,
        reasons=list(rec.reasons),
        warnings=[w.message for w in a.warnings],
    )
