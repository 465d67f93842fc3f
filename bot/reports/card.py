"""The result card's content (PRODUCT.md §4), as words and figures, for any surface.

:func:`card` turns an analysis into a title, the headline (the cheapest way to pay over the
model's lifetime, :mod:`engine.choice`), every option costed side by side, the self-hosted
fine-tune's figures, the source document's fit score with its reasons, and the warnings.
The terminal prints it as text; the Slack app lays the same strings out as blocks, so both
say exactly the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from engine.analysis import Analysis
from engine.catalog.gpus import GpuCatalog, load_gpu_catalog
from engine.figures import count, months, percent, quantity, tokens, unit_usd, usd
from engine.options import METHOD_LABELS

__all__ = ["METHOD_LABELS", "Card", "OptionRow", "Tone", "card", "fleet_text", "gpu_label",
           "option_rows", "verdict"]

Tone = Literal["good", "bad", "neutral"]


@dataclass(frozen=True)
class OptionRow:
    """One option as every surface shows it: figures written by the one rounding rule."""

    label: str
    monthly: str
    one_time: str
    lifetime: str
    payback: str
    best: bool
    qualifies: bool
    note: str  # why it does not qualify, or its quality caveat; "" when none


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
    options: list[OptionRow] = field(default_factory=list)


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
    """The one line that answers the question: the headline, and its tone."""
    return a.decision.headline, a.decision.tone


def option_rows(a: Analysis) -> list[OptionRow]:
    """The options, cheapest over the lifetime first, those that fail a constraint last."""
    rows = []
    ranked = sorted(a.decision.options, key=lambda o: (not o.meets_constraints, o.lifetime_usd))
    for o in ranked:
        if o.kind == "current_api":
            payback = "today"
        elif o.payback_months == 0:
            payback = "at once"
        elif o.payback_months is None:
            payback = "not within the lifetime"
        else:
            payback = months(o.payback_months)
        rows.append(OptionRow(
            label=o.label, monthly=usd(o.monthly_usd), one_time=usd(o.one_time_usd),
            lifetime=usd(o.lifetime_usd), payback=payback, best=o.id == a.decision.best,
            qualifies=o.meets_constraints, note="; ".join(o.failed)))
    return rows


def _break_even_field(a: Analysis) -> str:
    be = a.break_even
    today = f"you are at {tokens(be.current_tokens_per_day)}"
    if be.lifetime_tokens_per_day is not None and be.tokens_per_day is not None:
        side = "above" if be.lifetime_above else "below"
        return (f"{tokens(be.lifetime_tokens_per_day)} tokens/day over the lifetime; {today} "
                f"({side} it); operating break-even, without the project, "
                f"{tokens(be.tokens_per_day)}")
    if be.api_usd_per_1m_blended is not None and be.reason:
        return f"{be.reason}; {today}"
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
    ft_parts = (f"serving {usd(m.serving_usd)} + storage {usd(m.storage_usd)} + ongoing "
                f"engineering {usd(m.ongoing_engineering_usd)} + amortised project "
                f"{usd(m.amortised_project_usd)} + review delta {usd(m.review_delta_usd)}")
    lifetime = quantity(p.lifetime_months)
    own = a.decision.self_hosted
    if a.pays_back_within_lifetime and own.payback_months is not None:
        payback = f"{months(own.payback_months)}, within the {lifetime}-month lifetime"
    elif a.payback_months is not None:
        payback = (f"not within the {lifetime}-month lifetime (the project alone takes "
                   f"{months(a.payback_months)} to recover)")
    else:
        payback = "never: the running costs exceed today's API bill"
    fields = [
        ("API bill per month", usd(m.api_usd)),
        ("Self-hosted per month", f"{usd(m.ft_total_usd)} with the project amortised "
                                  f"({ft_parts})"),
        ("Self-hosted savings per month",
         f"{usd(m.savings_usd)} with the project amortised; "
         f"{usd(m.savings_usd + m.amortised_project_usd)} in running costs"),
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
        recommendation=rec.label,
        rationale=rec.rationale,
        reasons=list(rec.reasons),
        warnings=[w.message for w in a.warnings],
        options=option_rows(a),
    )
