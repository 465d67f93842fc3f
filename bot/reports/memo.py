"""The decision memo: one page of Markdown for a doc or a Slack canvas.

Question, recommendation, the decision recorded (when there is one: which option, chosen
by whom, on which version), the options side by side, the numbers behind the answer, the
risks and what would flip it, and every assumption with its source and date. The figures
are the engine's, written by :mod:`engine.figures`' one rounding rule — the same strings
the brief, the card and the report show.
"""

from __future__ import annotations

from bot.reports.brief import movers, spread
from bot.reports.card import option_rows
from engine.analysis import Analysis
from engine.figures import count, in_unit, months, quantity, tokens, unit_usd, usd
from engine.options import METHOD_LABELS
from storage.records import RecordedDecision

__all__ = ["FLIPS_SHOWN", "decided_by", "memo"]

FLIPS_SHOWN = 4


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _table(headers: list[str], rows: list[list[str]], align: str) -> list[str]:
    rule = ["---:" if a == "r" else "---" for a in align]
    return [f"| {' | '.join(headers)} |", f"| {' | '.join(rule)} |",
            *(f"| {' | '.join(_cell(c) for c in row)} |" for row in rows)]


def _question(a: Analysis) -> str:
    w, m = a.inputs.workload, a.inputs.model
    api = a.api_price.model or "custom API prices"
    growth = (f", growing {in_unit(w.monthly_growth_rate, 'fraction')} a month"
              if w.monthly_growth_rate else "")
    return (f"We send {count(w.requests_per_day)} requests a day "
            f"({count(w.avg_input_tokens_per_request)} input and "
            f"{count(w.avg_output_tokens_per_request)} output tokens each{growth}) to {api}, "
            f"at {usd(a.monthly.api_usd)} a month. Could we pay less — by switching models, "
            f"batching, or fine-tuning a {m.model_size_b:g}B model "
            f"({METHOD_LABELS[m.method]}) and serving it ourselves — over the model's "
            f"{quantity(a.project.lifetime_months)}-month lifetime?")


def _numbers(a: Analysis) -> list[str]:
    m, p, be, best = a.monthly, a.project, a.break_even, a.decision.best_option
    price = a.api_price
    lines = [
        f"- **Today:** {usd(m.api_usd)}/month — {price.model or 'custom prices'} at "
        f"{unit_usd(price.input_usd_per_1m_tokens)} in / "
        f"{unit_usd(price.output_usd_per_1m_tokens)} out per 1M tokens "
        f"({tokens(be.current_tokens_per_day)} tokens/day).",
        f"- **Best option:** {best.label} — {usd(best.monthly_usd)}/month, "
        f"{usd(best.one_time_usd)} up front, {usd(best.lifetime_usd)} over the lifetime "
        f"against today's {usd(a.decision.current.lifetime_usd)}.",
        f"- **Self-hosted fine-tune:** {usd(m.ft_total_usd)}/month with the project amortised "
        f"(serving {usd(m.serving_usd)}, storage {usd(m.storage_usd)}, ongoing engineering "
        f"{usd(m.ongoing_engineering_usd)}, amortised project {usd(m.amortised_project_usd)}, "
        f"review delta {usd(m.review_delta_usd)}); one-time {usd(p.total_usd)} (compute "
        f"{usd(p.compute_usd)}, engineering {usd(p.engineering_usd)}); monthly savings "
        f"{usd(m.savings_usd)}; payback by the source document's formula "
        f"{months(a.payback_months)}.",
    ]
    if be.lifetime_tokens_per_day is not None and be.tokens_per_day is not None:
        side = "above" if be.lifetime_above else "below"
        lines.append(f"- **Break-even:** {tokens(be.lifetime_tokens_per_day)} tokens/day over "
                     f"the lifetime (operating break-even, without the project, "
                     f"{tokens(be.tokens_per_day)}); today's volume is {side} it.")
    else:
        lines.append(f"- **Break-even:** none — {be.reason or 'no volume pays for it'}.")
    return lines


def _risks(a: Analysis) -> list[str]:
    lines = [f"- {spread(a)}", *(f"- What moves it most: {m}." for m in movers(a))]
    flips = [f for f in a.flip_points if f.flip is not None][:FLIPS_SHOWN]
    lines += [f"- The self-hosted savings cross zero when {f.label} is "
              f"{f.flips_when or 'at'} {in_unit(f.flip, f.unit)} (today "
              f"{in_unit(f.current, f.unit)})." for f in flips if f.flip is not None]
    lines += [f"- Warning: {w.message}" for w in a.warnings]
    return lines


def decided_by(d: RecordedDecision) -> str:
    """Who chose: ``alice (Slack user U0ALICE0001)``, or the id alone."""
    return f"{d.decided_by_name} (Slack user {d.decided_by})" if d.decided_by_name \
        else f"Slack user {d.decided_by}"


def _decision(d: RecordedDecision | None, version: int | None) -> list[str]:
    if d is None:
        return []
    other = (f" This memo is of version {version}, whose options and figures may differ."
             if version is not None and version != d.version else "")
    return ["## Decision", "",
            f"**{d.option_label}** (option `{d.option_id}`), chosen by {decided_by(d)} on "
            f"version {d.version}, {d.decided_at:%Y-%m-%d %H:%M} UTC.{other}", ""]


def memo(a: Analysis, *, name: str, version: int | None = None,
         decision: RecordedDecision | None = None) -> str:
    """The decision memo of a saved scenario ``name`` (at ``version``, when known), as
    Markdown, with the latest ``decision`` recorded on it."""
    lifetime = in_unit(a.project.lifetime_months, "months")
    options = [[("**" + r.label + "**") if r.best else r.label, r.monthly, r.one_time,
                r.lifetime, r.payback, "yes" if r.qualifies else f"no: {r.note}"]
               for r in option_rows(a)]
    assumptions = [[x.name, in_unit(x.value, x.unit), x.source, x.date or ""]
                   for x in a.assumptions]
    return "\n".join([
        f"# Decision memo: {name}",
        "",
        f"*Priced at {a.priced_at.isoformat()}. Money in USD; a month is 30 days. Figures "
        "from ftroi's engine.*",
        "",
        "## Question", "", _question(a), "",
        "## Recommendation", "", f"**{a.decision.headline}.**", "",
        *_decision(decision, version),
        "## Options", "",
        *_table(["Option", "Per month", "One-time", f"Lifetime ({lifetime})", "Payback",
                 "Meets the constraints"], options, "lrrrll"),
        "",
        "## The numbers behind it", "", *_numbers(a), "",
        "## Risks, and what would flip it", "", *_risks(a), "",
        "## Assumptions", "",
        *_table(["Assumption", "Value", "Source", "Date"], assumptions, "lrll"),
        "",
        f"*The source document's fit score: {a.recommendation.label} — "
        f"{a.recommendation.rationale}.*",
        "",
    ])
