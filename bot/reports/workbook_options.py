"""The workbook's Options sheet: every option's monthly, one-time and lifetime cost as formulas.

An option that pays per token is costed from its own $/1M prices (cells you may change) and
the Inputs sheet's volume, tokens, growth and review figures, as
:mod:`engine.option_costs` costs it:

* one-time = training fees (runs × the fee of one run) + hours up front × $/hour;
* fixed a month = the retraining a fine-tune needs (retrains × its cost ÷ lifetime);
* variable a month = requests × 30 × (tokens × prices ÷ 1M + extra review rate × $/review);
* lifetime = one-time + fixed × lifetime + variable × G, with G the growth factor.

Today's API and the self-hosted fine-tune take their figures from the Monthly costs sheet;
the fine-tune's serving over the lifetime is the Timeline's, month by month. An option's
payback is where its cumulative cost meets today's API's (the Timeline's helper columns).
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.reports.workbook_grid import (
    OPTIONS_FIRST_ROW,
    TIMELINE,
    Col,
    TCol,
    cell,
    month_row,
    timeline_cost_col,
    timeline_cross_col,
)
from bot.reports.workbook_inputs import Style
from engine.models import Scenario
from engine.option_costs import Money, Terms
from engine.options import Option

__all__ = ["NOT_WITHIN", "Entry", "option_entries", "summary_formulas"]

NOT_WITHIN = "not within the lifetime"


@dataclass(frozen=True)
class Entry:
    """One cell of the table: a formula with the engine's figure, or a value."""

    col: int
    expected: float | str | None
    formula: str | None = None
    style: Style = "money"
    editable: bool = False


def _training_price(o: Option) -> float | None:
    return next((float(x.value) for x in o.assumptions
                 if x.unit == "$/1M training tokens" and isinstance(x.value, int | float)), None)


def _row(k: int) -> int:
    return OPTIONS_FIRST_ROW + k


def _at(k: int, col: Col) -> str:
    return cell(_row(k), col, absolute=False)


def _payback(k: int, o: Option, months: int, options: int) -> Entry:
    cross = timeline_cross_col(k, options)
    span = f"{cell(month_row(1), cross, sheet=TIMELINE)}:{cell(month_row(months), cross)}"
    first = cell(month_row(1), timeline_cost_col(k), sheet=TIMELINE)
    today = cell(month_row(1), timeline_cost_col(0), sheet=TIMELINE)
    formula = (f"IF({_at(k, Col.LIFETIME)}<{cell(_row(0), Col.LIFETIME)},"
               f"IF(AND({_at(k, Col.ONE_TIME)}<=0,{first}<={today}),0,"
               f"IF(COUNT({span})=0,\"{NOT_WITHIN}\",MIN({span}))),\"{NOT_WITHIN}\")")
    value = NOT_WITHIN if o.payback_months is None else o.payback_months
    return Entry(Col.PAYBACK, value, formula, "months")


def _per_token(k: int, o: Option, t: Terms, m: Money, s: Scenario) -> list[Entry]:
    q = s.quality
    review: Entry
    if t.review == "fixed":
        review = Entry(Col.REVIEW_RATE, t.review_rate, style="share", editable=True)
    elif t.review == "api":
        review = Entry(Col.REVIEW_RATE, q.human_review_rate_api, "review_rate_api", "share")
    else:
        review = Entry(Col.REVIEW_RATE, q.review_rate_ft, "review_rate_ft", "share")
    parts = [f"hours_{p}" for p in t.phases]
    hours = sum(getattr(s.project.engineer_hours, p) for p in t.phases)
    if t.hours_path == "alternatives.evaluation_hours":
        parts.append("evaluation_hours")
        hours += s.alternatives.evaluation_hours
    elif t.hours:
        raise ValueError(f"{t.id}: hours up front with no input to name them")
    price = _training_price(o) if t.fee_usd or t.retrained else None
    fee = _at(k, Col.FEE_PER_RUN)
    entries = [
        Entry(Col.INPUT_PRICE, t.input_usd_per_1m, style="unit_money", editable=True),
        Entry(Col.OUTPUT_PRICE, t.output_usd_per_1m, style="unit_money", editable=True),
        review,
        Entry(Col.HOURS, hours, "+".join(parts) or None, "number"),
        Entry(Col.VARIABLE, float(m.variable),
              f"requests_per_day*days_per_month*((input_tokens*{_at(k, Col.INPUT_PRICE)}"
              f"+output_tokens*{_at(k, Col.OUTPUT_PRICE)})/1000000"
              f"+({_at(k, Col.REVIEW_RATE)}-review_rate_api)*cost_per_review)"),
    ]
    paid = f"{_at(k, Col.HOURS)}*engineer_rate"
    if price is None:
        entries += [Entry(Col.ONE_TIME, float(m.one_time), paid),
                    Entry(Col.FIXED, float(m.fixed))]
    else:
        entries += [
            Entry(Col.TRAINING_PRICE, price, style="unit_money", editable=True),
            Entry(Col.FEE_PER_RUN, t.retrain_fee_usd,
                  f"dataset_examples*sequence_tokens*epochs/1000000*{_at(k, Col.TRAINING_PRICE)}"),
            Entry(Col.ONE_TIME, float(m.one_time), f"{fee}*training_runs+{paid}"),
            Entry(Col.FIXED, float(m.fixed),
                  f"retrains*(retrain_runs*{fee}+retrain_eval_hours*engineer_rate)"
                  "/lifetime_months"),
        ]
    return entries


def option_entries(k: int, o: Option, t: Terms | None, m: Money, s: Scenario, *,
                   months: int, options: int, api: tuple[float, float],
                   engineer_hours: float) -> list[Entry]:
    """Option ``k``'s row (``t`` None for today's API): its terms, then its costs."""
    monthly, lifetime = (f"{_at(k, Col.FIXED)}+{_at(k, Col.VARIABLE)}",
                         f"{_at(k, Col.ONE_TIME)}+{_at(k, Col.FIXED)}*lifetime_months"
                         f"+{_at(k, Col.VARIABLE)}*growth_factor")
    if t is None:
        entries = [Entry(Col.INPUT_PRICE, api[0], "api_input_price", "unit_money"),
                   Entry(Col.OUTPUT_PRICE, api[1], "api_output_price", "unit_money"),
                   Entry(Col.REVIEW_RATE, s.quality.human_review_rate_api, "review_rate_api",
                         "share"),
                   Entry(Col.ONE_TIME, 0.0), Entry(Col.FIXED, 0.0),
                   Entry(Col.VARIABLE, float(m.variable), "api_bill"),
                   Entry(Col.PAYBACK, "today", style="text")]
    elif t.self_hosted:
        entries = [Entry(Col.REVIEW_RATE, s.quality.review_rate_ft, "review_rate_ft",
                         "share"),
                   Entry(Col.HOURS, engineer_hours, "engineer_hours", "number"),
                   Entry(Col.ONE_TIME, float(m.one_time), "project"),
                   Entry(Col.FIXED, float(m.fixed), "storage+ongoing"),
                   Entry(Col.VARIABLE, float(m.variable), "review_delta"),
                   Entry(Col.SERVING, float(m.serving), "serving"),
                   _payback(k, o, months, options)]
        monthly += f"+{_at(k, Col.SERVING)}"
        lifetime += "+serving_lifetime"
    else:
        entries = [*_per_token(k, o, t, m, s), _payback(k, o, months, options)]
    qualifies = "yes" if o.meets_constraints else "no"
    return [
        Entry(Col.OPTION, o.label, style="text"),
        Entry(Col.ID, o.id, style="text"),
        Entry(Col.QUALIFIES, qualifies, style="text", editable=True),
        *entries,
        Entry(Col.MONTHLY, o.monthly_usd, monthly),
        Entry(Col.LIFETIME, o.lifetime_usd, lifetime),
        Entry(Col.SAVINGS, o.lifetime_savings_usd,
              f"{cell(_row(0), Col.LIFETIME)}-{_at(k, Col.LIFETIME)}"),
        Entry(Col.QUALIFYING_LIFETIME, o.lifetime_usd if o.meets_constraints else "",
              f"IF({_at(k, Col.QUALIFIES)}=\"yes\",{_at(k, Col.LIFETIME)},\"\")"),
        Entry(Col.NOTES, "; ".join(o.reasons), style="text"),
    ]


def summary_formulas(*, options: int, months: int, growth: float,
                     serving_lifetime: float, best_label: str) -> list[tuple[str, str, str,
                                                                             float | str, str]]:
    """The cells above the table: (name, label, formula, the engine's figure, how)."""
    whole = "INT(lifetime_months)"
    first, last = _row(0), _row(options - 1)
    labels = f"{cell(first, Col.OPTION)}:{cell(last, Col.OPTION)}"
    lifetimes = f"{cell(first, Col.QUALIFYING_LIFETIME)}:{cell(last, Col.QUALIFYING_LIFETIME)}"
    weights = (f"{cell(month_row(1), TCol.WEIGHT, sheet=TIMELINE)}:"
               f"{cell(month_row(months), TCol.WEIGHT)}")
    serving = (f"{cell(month_row(1), TCol.SERVING, sheet=TIMELINE)}:"
               f"{cell(month_row(months), TCol.SERVING)}")
    return [
        ("growth_factor", "Growth factor over the lifetime (G)",
         f"IF(ABS(monthly_growth)<1E-9,{whole},((1+monthly_growth)^{whole}-1)/monthly_growth)"
         f"+(lifetime_months-{whole})*(1+monthly_growth)^{whole}", growth,
         "Σ of each month's volume ÷ today's over the lifetime: a cost that grows with volume "
         "costs month 1's × G"),
        ("serving_lifetime", "Self-hosted serving over the lifetime",
         f"SUMPRODUCT({weights},{serving})", serving_lifetime,
         "the Timeline's serving, month by month (the fleet re-sized when ftroi sizes it)"),
        ("best_option", "Cheapest qualifying option over the lifetime",
         f"INDEX({labels},MATCH(MIN({lifetimes}),{lifetimes},0))", best_label,
         "the lowest lifetime cost among the options marked yes"),
    ]

