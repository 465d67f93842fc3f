"""One full analysis of a scenario: every figure a report shows, with where it came from.

>>> from datetime import date
>>> from engine.models import Scenario
>>> a = analyse(Scenario(), at=date(2026, 11, 24))
>>> round(a.monthly.api_usd, 2)  # 50k requests × (500 in at $2.50 + 200 out at $10) × 30
4875.0
"""

from __future__ import annotations

import math
from datetime import date

from pydantic import BaseModel

from engine.catalog.api_prices import ApiPrice
from engine.catalog.gpus import GpuCatalog
from engine.choice import Decision, decide
from engine.decision import Recommendation, recommend
from engine.figures import quantity, unit_usd
from engine.managed import ManagedComparison, compare_managed
from engine.measurement import MIX_SOURCE, with_provenance
from engine.mistakes import Caution, check
from engine.models import PHASES, Scenario, default_value
from engine.options import option_terms, options
from engine.provenance import Assumption
from engine.resolve import Resolved, point, resolve
from engine.roi import Outcome, evaluate
from engine.sensitivity import FlipPoint, TornadoBar, flip_points, tornado
from engine.serving import ServingPlan
from engine.timeline import Timeline, cumulative
from engine.training import TrainingEstimate
from engine.uncertainty import Uncertainty, simulate

__all__ = ["DEFAULT_TARGET_PAYBACK_MONTHS", "Analysis", "BreakEven", "MonthlyCosts",
           "ProjectCost", "analyse", "summarise"]

#: The payback the Slack card's Details ask "what would it take" for (a CLI flag sets any).
DEFAULT_TARGET_PAYBACK_MONTHS = 6.0


class MonthlyCosts(BaseModel):
    api_usd: float
    serving_usd: float
    storage_usd: float
    review_delta_usd: float
    ongoing_engineering_usd: float
    amortised_project_usd: float
    ft_total_usd: float
    savings_usd: float
    net_before_amortisation_usd: float


class ProjectCost(BaseModel):
    num_training_runs: int
    compute_per_run_usd: float
    compute_per_run_source: str
    compute_usd: float
    engineering_hours: float
    engineering_usd: float
    engineering_by_phase_usd: dict[str, float]
    total_usd: float
    lifetime_months: float


class BreakEven(BaseModel):
    """The daily tokens at which fine-tuning and self-hosting costs what the API does.

    ``lifetime_tokens_per_day`` — the break-even people read — counts everything: serving,
    storage, ongoing engineering, the review delta and the project amortised over the
    lifetime; above it, monthly savings are positive. ``tokens_per_day`` is the operating
    break-even (the source document's, without the project): above it, the project is paid
    back some day. Either is None when there is none: ``reason`` says why.
    """

    tokens_per_day: float | None
    lifetime_tokens_per_day: float | None
    current_tokens_per_day: float
    above: bool
    lifetime_above: bool
    api_usd_per_1m_blended: float | None
    review_delta_usd_per_1m: float | None
    reason: str | None


class Analysis(BaseModel):
    inputs: Scenario
    priced_at: date
    api_price: ApiPrice
    serving: ServingPlan
    training: TrainingEstimate | None
    project: ProjectCost
    monthly: MonthlyCosts
    payback_months: float | None  # project ÷ month 1's net (the source document's formula)
    pays_back_within_lifetime: bool  # the self-hosted fine-tune costs less over the lifetime
    break_even: BreakEven
    decision: Decision
    recommendation: Recommendation
    warnings: list[Caution]
    managed: ManagedComparison
    flip_points: list[FlipPoint]
    target_payback_months: float | None
    what_it_takes: list[FlipPoint]
    tornado: list[TornadoBar]
    uncertainty: Uncertainty
    timeline: Timeline
    assumptions: list[Assumption]


def summarise(scenario: Scenario, resolved: Resolved) -> tuple[Outcome, BreakEven]:
    """The core figures only (no sensitivity, uncertainty or timeline): fast, for sweeps."""
    outcome = evaluate(point(scenario, resolved))
    return outcome, _break_even(outcome)


def _break_even(o: Outcome) -> BreakEven:
    be = o.item("break_even_tokens_per_day")
    life = o.item("lifetime_break_even_tokens_per_day")
    api_tok, review_tok = o.item("api_usd_per_token"), o.item("review_usd_per_token")
    current = o.item("daily_tokens")
    if math.isnan(be):
        return BreakEven(tokens_per_day=None, lifetime_tokens_per_day=None,
                         current_tokens_per_day=current, above=False, lifetime_above=False,
                         api_usd_per_1m_blended=None, review_delta_usd_per_1m=None,
                         reason="no tokens per request: the break-even needs the average "
                         "request's size")
    reason: str | None = None
    if math.isinf(be):
        reason = (f"no break-even at any volume: extra review costs {unit_usd(review_tok * 1e6)} "
                  f"per 1M tokens, at least the API's {unit_usd(api_tok * 1e6)} per 1M")
    return BreakEven(
        tokens_per_day=None if math.isinf(be) else be,
        lifetime_tokens_per_day=None if math.isinf(life) else life,
        current_tokens_per_day=current,
        above=not math.isinf(be) and current >= be,
        lifetime_above=not math.isinf(life) and current >= life,
        api_usd_per_1m_blended=api_tok * 1e6,
        review_delta_usd_per_1m=review_tok * 1e6,
        reason=reason,
    )


def analyse(
    scenario: Scenario,
    *,
    at: date,
    seed: int = 0,
    samples: int = 10_000,
    timeline_months: int | None = None,
    catalog: GpuCatalog | None = None,
    target_payback_months: float | None = None,
) -> Analysis:
    """Everything about one scenario. ``at`` prices it unless the scenario has a price date.

    ``target_payback_months`` asks, for each main input, the value at which the self-hosted
    fine-tune would pay back in that many months (``what_it_takes``).
    """
    if target_payback_months is not None and not 0 < target_payback_months <= 600:
        raise ValueError(f"target payback: {target_payback_months:g} months is not accepted — "
                         "give more than 0 and at most 600 months")
    resolved = resolve(scenario, at=at, catalog=catalog)
    outcome, break_even = summarise(scenario, resolved)
    f = outcome.as_floats()
    payback = None if math.isinf(f["payback_months"]) else f["payback_months"]
    lifetime = scenario.project.model_lifetime_months
    serving = resolved.serving
    rec = recommend(monthly_api_usd=f["api_monthly_usd"], quality=scenario.quality,
                    models=(scenario.model.model_size_b, resolved.api.model))
    warnings = check(
        scenario, serving=serving, api_monthly_usd=f["api_monthly_usd"],
        review_delta_monthly_usd=f["review_delta_monthly_usd"],
        net_before_amortisation_usd=f["net_before_amortisation_monthly_usd"],
        payback_months=payback, recommendation=rec,
    )
    pr = scenario.project
    project = ProjectCost(
        num_training_runs=pr.num_training_runs,
        compute_per_run_usd=resolved.compute_usd_per_run,
        compute_per_run_source=resolved.compute_source,
        compute_usd=f["compute_usd"],
        engineering_hours=pr.engineer_hours.total,
        engineering_usd=f["engineering_usd"],
        engineering_by_phase_usd={
            phase: getattr(pr.engineer_hours, phase) * pr.engineer_usd_per_hour
            for phase in PHASES
        },
        total_usd=f["project_usd"],
        lifetime_months=lifetime,
    )
    monthly = MonthlyCosts(
        api_usd=f["api_monthly_usd"],
        serving_usd=serving.monthly_serving_usd,
        storage_usd=serving.monthly_storage_usd,
        review_delta_usd=f["review_delta_monthly_usd"],
        ongoing_engineering_usd=f["ongoing_monthly_usd"],
        amortised_project_usd=f["amortised_monthly_usd"],
        ft_total_usd=f["ft_total_monthly_usd"],
        savings_usd=f["savings_monthly_usd"],
        net_before_amortisation_usd=f["net_before_amortisation_monthly_usd"],
    )
    managed = compare_managed(
        option=scenario.managed, workload=scenario.workload, plan=scenario.training,
        project=pr, quality=scenario.quality, api_monthly_usd=f["api_monthly_usd"],
        at=resolved.priced_at,
    )
    drafts = option_terms(scenario, resolved)
    listed = options(scenario, resolved, drafts)
    decision = decide(listed, scenario)
    shown = {o.id for o in listed}
    return Analysis(
        inputs=scenario,
        priced_at=resolved.priced_at,
        api_price=resolved.api,
        serving=serving,
        training=resolved.training,
        project=project,
        monthly=monthly,
        payback_months=payback,
        # Over the lifetime, with growth: the one test every "pays back" sentence rests on.
        pays_back_within_lifetime=decision.self_hosted.lifetime_usd < decision.current.lifetime_usd,
        break_even=break_even,
        decision=decision,
        recommendation=rec,
        warnings=warnings,
        managed=managed,
        flip_points=flip_points(scenario, resolved),
        target_payback_months=target_payback_months,
        what_it_takes=[] if target_payback_months is None else flip_points(
            scenario, resolved, within=target_payback_months),
        tornado=tornado(scenario, resolved),
        uncertainty=simulate(
            scenario, resolved, samples=samples, seed=seed,
            terms=[d.terms for d in drafts if d.terms.id in shown],
            qualifying=frozenset(o.id for o in listed if o.meets_constraints)),
        timeline=cumulative(scenario, resolved, months=timeline_months or math.ceil(lifetime)),
        assumptions=with_provenance(assumptions(scenario, resolved), scenario,
                                    resolved.api.model,
                                    mix_priced=resolved.api.source.startswith(MIX_SOURCE)),
    )


def assumptions(scenario: Scenario, resolved: Resolved) -> list[Assumption]:
    """Every value the analysis used, with its source and date."""
    s, r = scenario, resolved

    def origin(path: str, default_source: str) -> str:
        return "you" if s.get(path) != default_value(path) else default_source

    seed_example = "default: source document worked example"
    sv = r.serving

    def item(name: str, path: str, unit: str, default_source: str) -> Assumption:
        return Assumption(name=name, value=s.get(path), unit=unit,
                          source=origin(path, default_source))

    out = [
        item("Requests per day", "workload.requests_per_day", "requests/day", seed_example),
        item("Average input tokens", "workload.avg_input_tokens_per_request", "tokens/request",
             seed_example),
        item("Average output tokens", "workload.avg_output_tokens_per_request",
             "tokens/request", seed_example),
        Assumption(name=f"API input price ({r.api.model or 'custom'})",
                   value=r.api.input_usd_per_1m_tokens, unit="$/1M tokens", source=r.api.source,
                   date=r.api.date),
        Assumption(name=f"API output price ({r.api.model or 'custom'})",
                   value=r.api.output_usd_per_1m_tokens, unit="$/1M tokens", source=r.api.source,
                   date=r.api.date),
        Assumption(name="Instance price", value=sv.instance_usd_per_hour,
                   unit=f"$/hour ({sv.gpus_per_instance}× {sv.gpu})",
                   source=sv.instance_price_source, date=sv.instance_price_date),
        Assumption(name="Throughput per instance", value=sv.throughput_tokens_per_s_per_instance,
                   unit="tokens/s", source=sv.throughput_source),
        Assumption(name="Instances", value=sv.num_instances, unit="instances",
                   source="sized for you" if sv.sized_automatically else "you"),
        item("Target utilisation", "model.target_utilisation", "fraction",
             "default: source document §Step 2"),
        Assumption(name="Storage", value=sv.monthly_storage_usd, unit="$/month",
                   source="you" if s.model.storage_usd_per_month is not None else
                   "source document: model size × 2 GB × $0.023/GB-month (S3)"),
        Assumption(name="Compute per training run", value=r.compute_usd_per_run, unit="$/run",
                   source=r.compute_source),
        item("Training runs", "project.num_training_runs", "runs", seed_example),
        item("Engineer hourly rate", "project.engineer_usd_per_hour", "$/hour",
             "default: source document table ($150/h)"),
        *[
            item(f"Engineer hours: {label}", f"project.engineer_hours.{phase}", "hours",
                 f"default: source document table midpoint ({quantity(low)}–{quantity(high)} h)")
            for phase, (label, low, high) in PHASES.items()
        ],
        item("Model lifetime", "project.model_lifetime_months", "months",
             "default: source document (18 months)"),
        item("Maintenance", "project.maintenance_hours_per_month", "hours/month",
             "default: ftroi assumption, one engineer-day a month for on-call, upgrades and "
             "monitoring (the source document counts 'ongoing maintenance cost' and gives no "
             "figure)"),
        item("Retraining interval", "project.retrain_every_months", "months",
             "default: ftroi assumption, retrain twice a year as the data drifts (0: never)"),
        item("Runs per retraining", "project.retrain_runs", "runs",
             "default: ftroi assumption, two runs (a retrain and a check)"),
        item("Evaluation hours per retraining", "project.retrain_evaluation_hours", "hours",
             "default: ftroi assumption, two engineer-days (the source document's evaluation "
             "framework setup is 8–16 h)"),
        item("Review rate with the API", "quality.human_review_rate_api", "fraction",
             "default: source document Q5 (2%)"),
        Assumption(name="Review rate with the fine-tuned model", value=s.quality.review_rate_ft,
                   unit="fraction", source="default: the same as the API until measured"
                   if s.quality.human_review_rate_ft is None else "you"),
        item("Cost per review", "quality.cost_per_review_usd", "$",
             "default: source document ($5)"),
        Assumption(name="Days per month", value=30, unit="days",
                   source="source document convention (720 hours)"),
    ]
    if r.training is not None:
        out.extend(r.training.assumptions)
    return out
