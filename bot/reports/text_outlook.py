"""The report's forward-looking sections in plain text: the managed alternative, the flip
points, the tornado, the uncertainty and the cost over time."""

from __future__ import annotations

from collections.abc import Callable

from bot.reports.layout import pairs, table, wrap
from engine.analysis import Analysis
from engine.figures import count, in_unit, months, percent, quantity, tokens, unit_usd, usd
from engine.models import PHASES
from engine.uncertainty import Percentiles

__all__ = [
    "render_every_option",
    "render_flip_points",
    "render_managed",
    "render_timeline",
    "render_tornado",
    "render_uncertainty",
    "render_what_it_takes",
    "span",
]

def render_managed(a: Analysis) -> str:
    g, m = a.managed, a.monthly
    training = (f"{count(g.num_training_runs)} runs × {tokens(g.training_tokens_per_run)} tokens "
                f"× {unit_usd(g.training_usd_per_1m_tokens)}/1M = {usd(g.training_usd)}")
    if g.training_usd_low is not None and g.training_usd_high is not None \
            and g.training_usd_low != g.training_usd_high:
        training += f" (range {usd(g.training_usd_low)}–{usd(g.training_usd_high)})"
    removed = ", ".join(PHASES[p][0] for p in g.phases_removed) or "none"
    return "\n".join([
        pairs([
            ("Service", f"{g.provider}, fine-tuning {g.base_model}"),
            ("Inference price", f"{quantity(g.inference_price_multiple)}× the base model's "
                                f"{unit_usd(g.base_input_usd_per_1m_tokens)} in / "
                                f"{unit_usd(g.base_output_usd_per_1m_tokens)} out per 1M"),
            ("Training", training),
            ("Engineering", f"{quantity(g.engineer_hours_kept)} hours = "
                            f"{usd(g.engineering_usd)} (dropped: {removed})"),
            ("One-time project", usd(g.project_usd)),
            ("Per month", f"{usd(g.monthly_usd)} (inference {usd(g.inference_monthly_usd)} + "
                          f"review delta {usd(g.review_delta_monthly_usd)}) against the API's "
                          f"{usd(g.api_monthly_usd)}"),
            ("Monthly savings", f"{usd(g.savings_monthly_usd)} after amortising "
                                f"{usd(g.amortised_monthly_usd)}/month"),
            ("Payback", months(g.payback_months)),
        ]),
        wrap(f"Self-hosted, for comparison: project {usd(a.project.total_usd)}, "
             f"{usd(m.ft_total_usd - m.amortised_project_usd)} a month before amortisation, "
             f"savings {usd(m.savings_usd)}, payback {months(a.payback_months)}.",
             indent="  "),
    ])


def render_every_option(a: Analysis) -> str:
    """Each option's reasons and the figures its costs rest on."""
    parts = []
    for o in a.decision.options:
        mark = " (best)" if o.id == a.decision.best else ""
        lines = [wrap(f"{o.label}{mark}: {usd(o.lifetime_usd)} over the lifetime; "
                      f"{usd(o.monthly_usd)}/month, {usd(o.one_time_usd)} one-time", indent="  ")]
        lines += [wrap(r, first="    - ", indent="      ") for r in o.reasons]
        lines += [wrap(f"{x.name}: {in_unit(x.value, x.unit)} — {x.source}"
                       + (f" ({x.date})" if x.date else ""), first="    · ", indent="      ")
                  for x in o.assumptions]
        parts.append("\n".join(lines))
    return "\n".join(parts)


def render_what_it_takes(a: Analysis) -> str:
    """For each main input, the value at which self-hosting pays back within the target."""
    target = a.target_payback_months
    if target is None:
        return wrap("Ask with --target-payback MONTHS for each input's value at which the "
                    "self-hosted fine-tune would pay back within that many months.",
                    indent="  ")
    rows = []
    for f in a.what_it_takes:
        need = (f"{in_unit(f.flip, f.unit)}" + (f" (×{quantity(f.ratio)} today's)"
                                                if f.ratio is not None else "")
                if f.flip is not None else f.reason or "not reachable by this input alone")
        rows.append([f.label, in_unit(f.current, f.unit), need])
    now = a.payback_months
    lead = (f"It pays back in {months(now)} today, within {quantity(target)}: each value is how "
            "far that input alone can move before it no longer does."
            if now is not None and now <= target else
            f"Each input alone, everything else as today: the value at which the self-hosted "
            f"fine-tune would pay back in {quantity(target)} months.")
    return "\n".join([
        wrap(lead, indent="  "),
        table(["input", "today", f"for payback in {quantity(target)} months"], rows,
              indent="  ")])


def render_flip_points(a: Analysis) -> str:
    rows = []
    for f in a.flip_points:
        if f.flip is None:
            at = f"none: {f.reason}"
        else:
            at = f"{f.flips_when or 'at'} {in_unit(f.flip, f.unit)}"
            if f.ratio is not None:
                at += f" (×{quantity(f.ratio)} today's)"
        if f.note:
            at += f"; {f.note}"
        rows.append([f.label, in_unit(f.current, f.unit), at])
    intro = wrap("The value at which monthly savings (after amortisation) cross zero, each input "
                 "alone, everything else as today.", indent="  ")
    return "\n".join([intro, table(["input", "today", "the decision flips"], rows,
                                   indent="  ")])


def span(low: str, high: str) -> str:
    """"100,000 – 300,000 requests/day": a unit both ends share is written once.

    >>> span("$2.12/1M tokens", "$6.35/1M tokens"), span("1.5%", "2.5%")
    ('$2.12 – $6.35/1M tokens', '1.5% – 2.5%')
    >>> span("25,000 requests/day", "75,000 requests/day"), span("13 GB", "24 GB")
    ('25,000 – 75,000 requests/day', '13 – 24 GB')
    """
    shared = 0
    while shared < min(len(low), len(high)) and low[-1 - shared] == high[-1 - shared]:
        shared += 1
    for i in range(len(low) - shared, len(low)):
        if i > 0 and low[i] in " /" and (low[i - 1].isdigit() or low[i - 1] == "%"):
            return f"{low[:i]} – {high}"
    return f"{low} – {high}"


def render_tornado(a: Analysis) -> str:
    rows = [
        [bar.label, span(in_unit(bar.low, bar.unit), in_unit(bar.high, bar.unit)),
         usd(bar.savings_at_low_usd), usd(bar.savings_at_high_usd), usd(bar.swing_usd)]
        for bar in a.tornado
    ]
    spreads: dict[str, list[str]] = {}
    for bar in a.tornado:
        spreads.setdefault(bar.spread, []).append(bar.label)
    note = "Ranges: " + "; ".join(f"{spread} for {' / '.join(labels)}"
                                  for spread, labels in spreads.items()) + "."
    return "\n".join([
        table(["input", "low – high", "savings: low", "high", "swing"], rows,
              align="llrrr", indent="  ", wraps=1),
        wrap(note, indent="  "),
    ])


def render_uncertainty(a: Analysis) -> str:
    u = a.uncertainty

    def three(p: Percentiles, fmt: Callable[[float], str]) -> list[str]:
        return [fmt(v) if v is not None else "—" for v in (p.p10, p.p50, p.p90)]

    rows = [
        ["Lifetime savings, self-hosted", *three(u.lifetime_savings_usd, usd)],
        ["One-time project", *three(u.project_usd, usd)],
        ["Monthly savings", *three(u.savings_monthly_usd, usd)],
        ["Payback", *(months(v) for v in (u.payback_months.p10, u.payback_months.p50,
                                          u.payback_months.p90))],
    ]
    lines = [
        table(["figure", "P10", "P50", "P90"], rows, align="lrrr", indent="  "),
        "",
        wrap(f"Samples in which the self-hosted fine-tune costs less than today's API over the "
             f"{quantity(a.project.lifetime_months)}-month lifetime: "
             f"{percent(u.probability_payback_within_lifetime)} ({count(u.samples)} samples, "
             f"seed {u.seed}).", indent="  "),
        wrap("How often each option is the cheapest: " + "; ".join(
            f"{_label(a, option_id)} {percent(share)}" for option_id, share in sorted(
                u.cheapest_share.items(), key=lambda item: -item[1]) if share > 0) + ".",
             indent="  "),
    ]
    lines.append(wrap("Sampled, triangular (low, today, high): " + "; ".join(
        f"{s.path} ({quantity(s.low)}, {quantity(s.mode)}, {quantity(s.high)}: {s.source})"
        for s in u.sampled) + ".", indent="  "))
    lines += [wrap(f"Not sampled: {path}: {why}.", indent="  ")
              for path, why in u.not_sampled.items()]
    return "\n".join(lines)


def _label(a: Analysis, option_id: str) -> str:
    return next((o.label for o in a.decision.options if o.id == option_id), option_id)


def render_timeline(a: Analysis) -> str:
    t = a.timeline
    rows = []
    for m in t.months:
        api, ft = t.api_cumulative_usd[m], t.ft_cumulative_usd[m]
        mark = "<- crossover" if m == t.crossover_month else ""
        rows.append([str(m), tokens(t.requests_per_day[m]), usd(api), usd(ft), usd(api - ft),
                     mark])
    if t.crossover_month is None or not a.pays_back_within_lifetime:
        crossover = (f"No crossover within the lifetime ({len(t.months) - 1} months): the "
                     "fine-tuned side stays more expensive in total.")
    else:
        crossover = (f"The fine-tuned side is cheaper in total from month {t.crossover_month} "
                     "on.")
    growth = (f"Volume grows {percent(t.monthly_growth_rate)} a month"
              + ("; the fleet is re-sized each month." if t.fleet_resized
                 else "; the fleet stays at today's size.")
              if t.monthly_growth_rate else "Volume stays at today's.")
    return "\n".join([
        wrap(f"Cumulative cost. Month 0 is launch: the project ({usd(t.project_usd)}) is paid "
             f"then. {growth} {crossover}", indent="  "),
        table(["month", "requests/day", "API, cumulative", "fine-tuned, cumulative",
               "API − fine-tuned", ""], rows, align="rrrrrl", indent="  "),
    ])
