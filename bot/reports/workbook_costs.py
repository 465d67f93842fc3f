"""The workbook's Monthly costs sheet: the self-hosted fine-tune's figures as formulas.

Each row is a :class:`Formula` over the Inputs sheet's named cells (and the rows above it),
written in the order of :mod:`engine.roi`'s formulas, with the engine's own figure beside
it: that figure is what a spreadsheet program must recompute, to the cent. The serving fleet
is sized as :func:`engine.serving.fleet_instance_hours_per_day` sizes it: a count you fix,
or the fewest instances whose throughput at the target utilisation carries the peak
traffic.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.reports.workbook_inputs import Style
from engine.analysis import Analysis
from engine.models import PHASES
from engine.roi import Outcome

__all__ = ["TOKENS", "Formula", "fleet_hours_formula", "monthly_formulas"]

#: Tokens per request, as the formulas write it.
TOKENS = "(input_tokens+output_tokens)"
_OFF_SHARE = "IF(peak_hours<24,off_peak_share,0)"
_PER_INSTANCE = "(throughput*target_utilisation)"


@dataclass(frozen=True)
class Formula:
    """One computed cell: its defined name, words, unit, formula and the engine's figure."""

    name: str
    label: str
    unit: str
    formula: str
    expected: float | str
    style: Style = "money"
    how: str = ""


def _ceil(x: str) -> str:
    """⌈x − 10⁻⁹⌉ for x ≥ 0, as the engine rounds a fleet or a count of retrains up."""
    return f"CEILING(MAX(0,{x}-1E-9),1)"


def fleet_hours_formula(daily_tokens: str) -> str:
    """Instance-hours a day of a fleet ftroi sizes for ``daily_tokens`` (a formula): the peak
    fleet the peak hours, a fleet sized for the off-peak share the other hours."""
    peak = f"MAX(1,{_ceil(f'{daily_tokens}*(1-{_OFF_SHARE})/(peak_hours*3600)/{_PER_INSTANCE}')})"
    off = _ceil(f"{daily_tokens}*off_peak_share/((24-peak_hours)*3600)/{_PER_INSTANCE}")
    return (f"IF(fixed_instances>0,fixed_instances,{peak})*peak_hours"
            f"+IF(peak_hours<24,MIN(IF(fixed_instances>0,fixed_instances,{peak}),{off}),0)"
            "*(24-peak_hours)")


def _none(value: float | None, text: str) -> float | str:
    return text if value is None else value


def monthly_formulas(a: Analysis, outcome: Outcome) -> list[Formula]:
    """The Monthly costs rows, top to bottom (each may use the names of the rows above)."""
    m, p, be, sv = a.monthly, a.project, a.break_even, a.serving
    hours = "+".join(f"hours_{phase}" for phase in PHASES)
    api_tok = (f"IF({TOKENS}>0,(input_tokens*api_input_price+output_tokens*api_output_price)"
               f"/{TOKENS},\"n/a\")")
    margin = "(api_per_1m-review_per_1m)"
    be_if = f"IF(NOT(ISNUMBER(api_per_1m)),\"none\",IF({margin}>0,"
    return [
        Formula("daily_tokens", "Tokens per day", "tokens/day",
                f"requests_per_day*{TOKENS}", be.current_tokens_per_day, "count"),
        Formula("api_bill", "API bill", "$/month",
                "requests_per_day*input_tokens*days_per_month*api_input_price/1000000"
                "+requests_per_day*output_tokens*days_per_month*api_output_price/1000000",
                m.api_usd, how="daily input tokens × 30 × input $/1M + output likewise"),
        Formula("peak_instances", "Serving instances", "instances",
                f"IF(fixed_instances>0,fixed_instances,MAX(1,"
                f"{_ceil(f'daily_tokens*(1-{_OFF_SHARE})/(peak_hours*3600)/{_PER_INSTANCE}')}))",
                float(sv.num_instances), "count",
                "the count you fix, else ⌈peak tokens/s ÷ (throughput × target utilisation)⌉"),
        Formula("instance_hours", "Instance-hours per day", "hours/day",
                fleet_hours_formula("daily_tokens"), sv.instance_hours_per_day, "number",
                "peak fleet × peak hours + off-peak fleet × the other hours"),
        Formula("serving", "Serving", "$/month", "instance_price*instance_hours*days_per_month",
                m.serving_usd, how="instance $/hour × instance-hours a day × 30"),
        Formula("storage", "Storage", "$/month", "storage_per_month", m.storage_usd),
        Formula("review_delta", "Review cost delta", "$/month",
                "requests_per_day*days_per_month*((review_rate_ft-review_rate_api)"
                "*cost_per_review)", m.review_delta_usd,
                how="requests × 30 × (fine-tuned − API review rate) × $/review"),
        Formula("retrains", "Retrains within the lifetime", "retrains",
                f"IF(retrain_every>0,MAX({_ceil('lifetime_months/retrain_every')}-1,0),0)",
                float(outcome.retrains_in_lifetime), "count", "⌈lifetime ÷ interval⌉ − 1"),
        Formula("retrain_cost", "Cost of one retraining", "$",
                "retrain_runs*compute_per_run+retrain_eval_hours*engineer_rate",
                _retrain_cost(a)),
        Formula("ongoing", "Ongoing engineering", "$/month",
                "maintenance_hours*engineer_rate+retrains*retrain_cost/lifetime_months",
                m.ongoing_engineering_usd,
                how="maintenance hours × $/hour + retraining spread over the lifetime"),
        Formula("compute", "Project compute", "$", "training_runs*compute_per_run",
                p.compute_usd),
        Formula("engineer_hours", "Project engineer hours", "hours", hours,
                p.engineering_hours, "number"),
        Formula("engineering", "Project engineering", "$", "engineer_hours*engineer_rate",
                p.engineering_usd),
        Formula("project", "One-time project", "$", "compute+engineering", p.total_usd),
        Formula("amortised", "Amortised project", "$/month", "project/lifetime_months",
                m.amortised_project_usd, how="the project spread over the lifetime"),
        Formula("ft_running", "Self-hosted before amortisation", "$/month",
                "serving+storage+ongoing+review_delta", m.api_usd - m.net_before_amortisation_usd),
        Formula("ft_total", "Fine-tuned total", "$/month",
                "serving+storage+ongoing+amortised+review_delta", m.ft_total_usd),
        Formula("net_monthly", "Net before amortisation", "$/month", "api_bill-ft_running",
                m.net_before_amortisation_usd),
        Formula("savings", "Monthly savings", "$/month", "api_bill-ft_total", m.savings_usd),
        Formula("payback", "Payback (the source document's)", "months",
                "IF(net_monthly>0,project/net_monthly,\"never\")",
                _none(a.payback_months, "never"), "months",
                "project ÷ month 1's net; the Options sheet's payback counts growth"),
        Formula("api_per_1m", "API price, blended", "$/1M tokens", f"{api_tok}",
                _none(be.api_usd_per_1m_blended, "n/a"), "unit_money"),
        Formula("review_per_1m", "Review delta per 1M tokens", "$/1M tokens",
                f"IF({TOKENS}>0,(review_rate_ft-review_rate_api)*cost_per_review/{TOKENS}"
                "*1000000,\"n/a\")", _none(be.review_delta_usd_per_1m, "n/a"), "unit_money"),
        Formula("operating_break_even", "Operating break-even", "tokens/day",
                f"{be_if}(serving+storage+ongoing)/({margin}/1000000*days_per_month),\"none\"))",
                _none(be.tokens_per_day, "none"), "count",
                "the source document's: without the project"),
        Formula("lifetime_break_even", "Lifetime break-even", "tokens/day",
                f"{be_if}(serving+storage+ongoing+amortised)/({margin}/1000000"
                "*days_per_month),\"none\"))", _none(be.lifetime_tokens_per_day, "none"),
                "count", "with the project amortised: above it, monthly savings are positive"),
    ]


def _retrain_cost(a: Analysis) -> float:
    """One retraining's cost: the terms :mod:`engine.roi` multiplies by the retrains."""
    pr = a.inputs.project
    return (pr.retrain_runs * a.project.compute_per_run_usd
            + pr.retrain_evaluation_hours * pr.engineer_usd_per_hour)
