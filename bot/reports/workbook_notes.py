"""The workbook's Assumptions sheet: every assumption with its source and date, and the
figures a spreadsheet cannot recompute, shown as values and labelled as such.

A spreadsheet recomputes closed-form arithmetic; it cannot rerun the simulation (10,000
sampled scenarios), the throughput model, the fleet sizing's catalog look-ups or the
training estimate. Those figures are the engine's, as of the analysis, and say so.
"""

from __future__ import annotations

from dataclasses import dataclass

from engine.analysis import Analysis
from engine.figures import count, in_unit, usd

__all__ = ["NoteRow", "assumption_rows", "value_rows"]

Value = float | str | None


@dataclass(frozen=True)
class NoteRow:
    name: str
    value: Value
    unit: str
    source: str
    date: str | None = None


def assumption_rows(a: Analysis) -> list[NoteRow]:
    """Every assumption of the analysis and of its options, each once."""
    seen: set[str] = set()
    out = []
    for x in [*a.assumptions, *(x for o in a.decision.options for x in o.assumptions)]:
        if x.name in seen:
            continue
        seen.add(x.name)
        out.append(NoteRow(x.name, x.value, x.unit, x.source, x.date))
    return out


def _label(a: Analysis, option_id: str) -> str:
    return next((o.label for o in a.decision.options if o.id == option_id), option_id)


def value_rows(a: Analysis) -> list[NoteRow]:
    """The figures the workbook shows as values: none of them is a formula."""
    u, sv = a.uncertainty, a.serving
    sim = f"the engine's simulation: {count(u.samples)} samples, seed {u.seed}"
    rows = [
        NoteRow("Throughput per instance", sv.throughput_tokens_per_s_per_instance, "tokens/s",
                f"value, the throughput model's: {sv.throughput_source}"),
        NoteRow("Instances at today's volume", float(sv.num_instances), "instances",
                "value: sized for you from the throughput and target utilisation (the "
                "Monthly costs sheet re-sizes it by formula)" if sv.sized_automatically
                else "value: the count you fixed"),
        NoteRow("Compute per training run", a.project.compute_per_run_usd, "$/run",
                f"value: {a.project.compute_per_run_source}"),
    ]
    for label, p, unit in (("Lifetime savings, self-hosted vs today's API",
                            u.lifetime_savings_usd, "$"),
                           ("Monthly savings, self-hosted", u.savings_monthly_usd, "$/month"),
                           ("One-time project", u.project_usd, "$"),
                           ("Payback, self-hosted", u.payback_months, "months (blank: never)")):
        rows += [NoteRow(f"{label}: {tag}", value, unit, f"value, {sim}")
                 for tag, value in (("P10", p.p10), ("P50", p.p50), ("P90", p.p90))]
    rows.append(NoteRow("Samples in which the self-hosted fine-tune costs less over the "
                        "lifetime", u.probability_payback_within_lifetime, "fraction",
                        f"value, {sim}"))
    rows += [NoteRow(f"Cheapest in: {_label(a, option_id)}", share, "fraction",
                     f"value, {sim}")
             for option_id, share in sorted(u.cheapest_share.items(), key=lambda i: -i[1])]
    rows += [NoteRow(f"Savings swing over {bar.label} ({in_unit(bar.low, bar.unit)} – "
                     f"{in_unit(bar.high, bar.unit)})", bar.swing_usd, "$/month",
                     f"value, the engine's tornado ({bar.spread}): monthly savings "
                     f"{usd(bar.savings_at_low_usd)} at the low end, "
                     f"{usd(bar.savings_at_high_usd)} at the high end") for bar in a.tornado]
    rows.append(NoteRow("The source document's fit score", a.recommendation.label, "",
                        f"value: {a.recommendation.rationale}"))
    return rows
