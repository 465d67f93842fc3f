"""The report's details in plain text: capacity, every line of the computation, the project
by phase, the training estimate and every assumption with its source and date.

The forward-looking sections (managed alternative, flip points, tornado, uncertainty,
timeline) are in :mod:`bot.reports.text_outlook`; :func:`render_details` puts them together.
"""

from __future__ import annotations

from bot.reports.card import gpu_label
from bot.reports.layout import heading, pairs, table, wrap
from bot.reports.text_outlook import (
    render_every_option,
    render_flip_points,
    render_managed,
    render_timeline,
    render_tornado,
    render_uncertainty,
    render_what_it_takes,
)
from engine.analysis import Analysis
from engine.figures import (
    count,
    in_unit,
    months,
    percent,
    quantity,
    signed_usd,
    tokens,
    unit_usd,
    usd,
)
from engine.models import PHASES
from engine.serving import HOURS_PER_MONTH, STORAGE_BYTES_PER_PARAM, STORAGE_USD_PER_GB_MONTH
from engine.training import OVERHEAD_FACTOR

__all__ = [
    "render_assumptions",
    "render_capacity",
    "render_computation",
    "render_details",
    "render_project",
    "render_training",
]


def render_capacity(a: Analysis) -> str:
    s, target = a.serving, a.inputs.model.target_utilisation
    daily = a.break_even.current_tokens_per_day
    fleet = f"{count(s.num_instances)} (" + ("sized for you" if s.sized_automatically
                                              else "your choice")
    fleet += f"); {count(s.instances_needed)} needed at the {percent(target)} target"
    rows = [
        ("GPUs per instance", f"{s.gpus_per_instance}× {gpu_label(s.gpu)}"),
        ("Throughput per instance", f"{quantity(s.throughput_tokens_per_s_per_instance)} "
                                    f"tokens/s ({s.throughput_source})"),
        ("Today's volume", f"{tokens(daily)} tokens/day = {quantity(daily / 86_400)} tokens/s "
                           "on average"),
        ("Required throughput", f"{quantity(s.required_tokens_per_s)} tokens/s (average ÷ "
                                f"{percent(target)} target utilisation)"),
        ("Instances", fleet),
        ("Fleet capacity", f"{quantity(s.capacity_tokens_per_s)} tokens/s"),
        ("Utilisation", f"{percent(s.utilisation)} on average, {percent(s.peak_utilisation)} "
                        "at peak"),
        ("Instance-hours per day", f"{quantity(s.instance_hours_per_day)} "
                                   f"({percent(s.autoscale_share)} of running 24/7)"),
        ("Instance price", f"{unit_usd(s.instance_usd_per_hour)}/hour "
                           f"({s.instance_price_source}"
                           + (f", {s.instance_price_date})" if s.instance_price_date else ")")),
        ("Cost per 1M tokens", f"{unit_usd(s.usd_per_1m_at_full_use)} at full use; "
                               + (f"{unit_usd(s.usd_per_1m_effective)} at today's utilisation"
                                  if s.usd_per_1m_effective is not None else "no traffic today")),
    ]
    return pairs(rows)


def render_computation(a: Analysis) -> str:
    """Every line of the monthly comparison, payback and break-even, with its formula."""
    w, q = a.inputs.workload, a.inputs.quality
    m, p, s, be, price = a.monthly, a.project, a.serving, a.break_even, a.api_price
    req = count(w.requests_per_day)
    if s.autoscale_share < 1:
        serving = (f"{unit_usd(s.instance_usd_per_hour)}/hour × "
                   f"{quantity(s.instance_hours_per_day)} instance-hours/day × 30 days")
    else:
        serving = (f"{unit_usd(s.instance_usd_per_hour)}/hour × {count(s.num_instances)} "
                   f"instance(s) × {HOURS_PER_MONTH} hours")
    storage = ("typed by you" if a.inputs.model.storage_usd_per_month is not None else
               f"{a.inputs.model.model_size_b:g}B params × {STORAGE_BYTES_PER_PARAM:g} bytes = "
               f"{quantity(a.inputs.model.model_size_b * STORAGE_BYTES_PER_PARAM)} GB × "
               f"{unit_usd(STORAGE_USD_PER_GB_MONTH)}/GB-month")
    if a.payback_months is not None:
        payback = f"project {usd(p.total_usd)} ÷ net {usd(m.net_before_amortisation_usd)}/month"
    else:
        payback = (f"never: the net before amortisation is {usd(m.net_before_amortisation_usd)}"
                   "/month, not positive")
    if be.tokens_per_day is not None and be.api_usd_per_1m_blended is not None \
            and be.lifetime_tokens_per_day is not None:
        margin = be.api_usd_per_1m_blended - (be.review_delta_usd_per_1m or 0)
        per_token = (f"(API {unit_usd(be.api_usd_per_1m_blended)} − review "
                     f"{unit_usd(be.review_delta_usd_per_1m or 0)} = {unit_usd(margin)} "
                     "per 1M tokens × 30 days)")
        running = (f"serving {usd(m.serving_usd)} + storage {usd(m.storage_usd)} + ongoing "
                   f"{usd(m.ongoing_engineering_usd)}")
        break_even = f"({running}) ÷ {per_token}"
        lifetime_break_even = (f"({running} + amortised project "
                               f"{usd(m.amortised_project_usd)}) ÷ {per_token}")
        break_even_value = f"{tokens(be.tokens_per_day)}/day"
        lifetime_value = f"{tokens(be.lifetime_tokens_per_day)}/day"
    else:
        break_even, break_even_value = (be.reason or "none"), "none"
        lifetime_break_even, lifetime_value = break_even, "none"
    pr = a.inputs.project
    retrain = (f"{quantity(pr.maintenance_hours_per_month)} maintenance hours × "
               f"{unit_usd(pr.engineer_usd_per_hour)} + retraining every "
               f"{quantity(pr.retrain_every_months)} months "
               f"({count(pr.retrain_runs)} runs + {quantity(pr.retrain_evaluation_hours)} h "
               "of evaluation) spread over the lifetime" if pr.retrain_every_months else
               f"{quantity(pr.maintenance_hours_per_month)} maintenance hours × "
               f"{unit_usd(pr.engineer_usd_per_hour)}; never retrained")
    rows = [
        ("API bill", usd(m.api_usd),
         f"{req} requests/day × 30 × ({quantity(w.avg_input_tokens_per_request)} input tokens "
         f"× {unit_usd(price.input_usd_per_1m_tokens)} + "
         f"{quantity(w.avg_output_tokens_per_request)} output tokens × "
         f"{unit_usd(price.output_usd_per_1m_tokens)}) per 1M"),
        ("Serving", usd(m.serving_usd), serving),
        ("Storage", usd(m.storage_usd), storage),
        ("Ongoing engineering", usd(m.ongoing_engineering_usd), retrain),
        ("Review delta", signed_usd(m.review_delta_usd),
         f"{req} requests/day × 30 × ({percent(q.review_rate_ft)} fine-tuned − "
         f"{percent(q.human_review_rate_api)} API) × {unit_usd(q.cost_per_review_usd)} a review"),
        ("Amortised project", usd(m.amortised_project_usd),
         f"project {usd(p.total_usd)} ÷ {quantity(p.lifetime_months)} months"),
        ("Fine-tuned total", usd(m.ft_total_usd),
         "serving + storage + ongoing engineering + review delta + amortised project"),
        ("Monthly savings", usd(m.savings_usd), "API bill − fine-tuned total"),
        ("Net before amortisation", usd(m.net_before_amortisation_usd),
         "API bill − serving − storage − ongoing engineering − review delta"),
        ("Payback", months(a.payback_months), payback + " (at today's volume)"),
        ("Lifetime break-even", lifetime_value, lifetime_break_even),
        ("Operating break-even", break_even_value, break_even + " — the source document's, "
         "without the project"),
    ]
    return table(["line", "per month", "how"], rows, align="lrl", indent="  ")


def render_project(a: Analysis) -> str:
    p, pr = a.project, a.inputs.project
    rate = unit_usd(pr.engineer_usd_per_hour)
    rows = [
        [PHASES[phase][0], quantity(getattr(pr.engineer_hours, phase)),
         usd(p.engineering_by_phase_usd[phase])]
        for phase in PHASES
    ]
    rows.append([f"Engineering at {rate}/hour", quantity(p.engineering_hours),
                 usd(p.engineering_usd)])
    rows.append([f"Training compute: {count(p.num_training_runs)} runs × "
                 f"{unit_usd(p.compute_per_run_usd)}", "", usd(p.compute_usd)])
    rows.append(["Project total", "", usd(p.total_usd)])
    return "\n".join([
        table(["phase", "hours", "cost"], rows, align="lrr", indent="  "),
        wrap(f"Compute per run: {p.compute_per_run_source}.", indent="  "),
    ])


def render_training(a: Analysis) -> str:
    t = a.training
    if t is None:
        return wrap(f"Compute per run typed by you: {unit_usd(a.project.compute_per_run_usd)}; "
                    "no estimate made.", indent="  ")
    basis = ("the source document's benchmark table" if t.basis == "table"
             else "a FLOPs model — an estimate, not a measurement")
    return pairs([
        ("Basis", basis),
        ("Run", f"{t.model_size_b:g}B {t.method} on {t.num_gpus}× {gpu_label(t.gpu)}"
                + (" (spot)" if t.spot else " (on-demand)")),
        ("Throughput", f"{quantity(t.tokens_per_s)} tokens/s for the whole job"),
        ("Tokens per run", f"{tokens(t.total_tokens)} tokens"),
        ("Hours per run", f"{quantity(t.training_hours)} ({quantity(t.compute_hours)} of "
                          f"compute + {percent(OVERHEAD_FACTOR - 1)} overhead)"),
        ("Price", f"{unit_usd(t.usd_per_hour)}/hour for all GPUs"),
        ("Cost per run", usd(t.total_usd)),
        ("Source", t.source),
    ])


def render_assumptions(a: Analysis) -> str:
    """Each value the analysis used, then its source and date on the line below."""
    width = max((len(x.name) for x in a.assumptions), default=0)
    lines = []
    for x in a.assumptions:
        lines.append(f"  {x.name.ljust(width)}  {in_unit(x.value, x.unit)}")
        lines.append(wrap(x.source + (f" ({x.date})" if x.date else ""), indent="      "))
    return "\n".join(lines)


def render_details(a: Analysis, *, colour: bool = False) -> str:
    """Every section after the card, each under its heading."""
    sections = [
        ("Every option", render_every_option(a)),
        ("Capacity", render_capacity(a)),
        ("The computation, per month", render_computation(a)),
        ("Project cost by phase", render_project(a)),
        ("Training estimate, one run", render_training(a)),
        ("Managed fine-tuning instead", render_managed(a)),
        ("What flips the decision", render_flip_points(a)),
        ("What it would take", render_what_it_takes(a)),
        ("Tornado: monthly savings over each input's range", render_tornado(a)),
        ("Uncertainty", render_uncertainty(a)),
        ("Over time", render_timeline(a)),
        ("Assumptions", render_assumptions(a)),
    ]
    return "\n".join(f"{heading(title, colour=colour)}\n{body}" for title, body in sections)
