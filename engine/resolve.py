"""From a scenario to plain numbers: catalog look-ups done once, then points to evaluate.

:func:`resolve` does every catalog look-up a scenario needs (API prices at a date, the serving
fleet and its price, one training run's compute). :func:`point` turns the scenario and those
look-ups into the numbers of :class:`engine.roi.Point`, with any inputs replaced by scalars or
arrays — the one path that the single analysis, sweeps, flip points, the tornado, the
uncertainty and the timeline all share.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

import numpy as np
from pydantic import BaseModel

from engine.catalog.api_prices import ApiPrice, canonical_model, mix_price, price_request
from engine.catalog.gpus import GpuCatalog, load_gpu_catalog
from engine.errors import UnknownModelError
from engine.measurement import bill_mix
from engine.models import PHASES, Scenario
from engine.roi import Point
from engine.serving import ServingPlan, fleet_instance_hours_per_day, plan_serving
from engine.training import TrainingEstimate, estimate_training_cost

__all__ = ["HOURS_FACTOR", "PHASE_PATHS", "POINT_INPUTS", "Resolved", "phase_hours", "point",
           "resolve"]


class Resolved(BaseModel):
    """What the catalogs said for one scenario on one date."""

    priced_at: date
    api: ApiPrice
    serving: ServingPlan
    compute_usd_per_run: float
    compute_source: str
    training: TrainingEstimate | None


def resolve(scenario: Scenario, *, at: date, catalog: GpuCatalog | None = None) -> Resolved:
    """Look up everything the scenario leaves to the catalogs, as of ``at``.

    A price date saved in the scenario wins over ``at``; a typed price wins over both.
    """
    catalog = catalog or load_gpu_catalog()
    priced_at = scenario.api.priced_at or at
    w, api = scenario.workload, scenario.api
    if api.input_usd_per_1m_tokens is not None and api.output_usd_per_1m_tokens is not None:
        api_price = ApiPrice(
            model=api.model, provider=None,
            input_usd_per_1m_tokens=api.input_usd_per_1m_tokens,
            output_usd_per_1m_tokens=api.output_usd_per_1m_tokens,
            source="you", date=None,
        )
    elif (mix := bill_mix(scenario, _priced_id)) is not None:
        assert api.model is not None  # the mix is priced only while it is the measured model
        api_price = mix_price(mix.shares, at=priced_at,
                              avg_input_tokens=w.avg_input_tokens_per_request,
                              avg_output_tokens=w.avg_output_tokens_per_request,
                              cached_share=mix.cached_share, batch_share=mix.batch_share,
                              model=api.model, source=mix.source)
    else:
        assert api.model is not None  # the model's validator guarantees one or the other
        api_price = price_request(
            api.model, at=priced_at, price_book=api.price_book,
            avg_input_tokens=w.avg_input_tokens_per_request,
            avg_output_tokens=w.avg_output_tokens_per_request,
        )
        if api.input_usd_per_1m_tokens is not None or api.output_usd_per_1m_tokens is not None:
            api_price = api_price.model_copy(update={
                "input_usd_per_1m_tokens": api.input_usd_per_1m_tokens
                if api.input_usd_per_1m_tokens is not None else api_price.input_usd_per_1m_tokens,
                "output_usd_per_1m_tokens": api.output_usd_per_1m_tokens
                if api.output_usd_per_1m_tokens is not None
                else api_price.output_usd_per_1m_tokens,
                "source": f"you, and {api_price.source} for the other price",
            })
    serving = plan_serving(scenario.model, w, catalog=catalog)
    if scenario.project.compute_usd_per_run is not None:
        training = None
        per_run, source = scenario.project.compute_usd_per_run, "you"
    else:
        training = estimate_training_cost(
            model_size_b=scenario.model.model_size_b, method=scenario.model.method,
            plan=scenario.training, catalog=catalog,
        )
        per_run, source = training.total_usd, f"estimated: {training.source}"
    return Resolved(priced_at=priced_at, api=api_price, serving=serving,
                    compute_usd_per_run=per_run, compute_source=source, training=training)


def _priced_id(name: str) -> str | None:
    """A measured model's catalog id, None when the catalog does not price it."""
    try:
        return canonical_model(name)
    except UnknownModelError:
        return None


HOURS_FACTOR = "project.engineer_hours.factor"
#: The dotted path of each engineering phase's hours.
PHASE_PATHS = frozenset(f"project.engineer_hours.{phase}" for phase in PHASES)

#: Inputs :func:`point` can replace, by dotted path. ``api.price_scale`` multiplies both
#: API prices; ``project.engineer_hours.total`` replaces the sum of all phases;
#: ``project.engineer_hours.factor`` multiplies every phase not replaced by its own path
#: (hours that overrun together, as the simulation draws them: one factor, not one array
#: per phase).
POINT_INPUTS: frozenset[str] = frozenset({
    "workload.requests_per_day",
    "workload.avg_input_tokens_per_request",
    "workload.avg_output_tokens_per_request",
    "api.input_usd_per_1m_tokens",
    "api.output_usd_per_1m_tokens",
    "api.price_scale",
    "model.instance_usd_per_hour",
    "model.num_instances",
    "model.target_utilisation",
    "model.throughput_tokens_per_s_per_instance",
    "model.storage_usd_per_month",
    "quality.human_review_rate_api",
    "quality.human_review_rate_ft",
    "quality.cost_per_review_usd",
    "project.num_training_runs",
    "project.compute_usd_per_run",
    "project.engineer_usd_per_hour",
    "project.model_lifetime_months",
    "project.maintenance_hours_per_month",
    "project.retrain_every_months",
    "project.retrain_runs",
    "project.retrain_evaluation_hours",
    "project.engineer_hours.total",
    HOURS_FACTOR,
    *(f"project.engineer_hours.{phase}" for phase in PHASES),
})


def phase_hours(scenario: Scenario, o: dict[str, Any], phases: Iterable[str]) -> Any:
    """The hours of ``phases`` together with the overrides ``o`` gives: a phase's own path,
    else today's hours × the hours factor (one multiplication for all of them: the
    simulation's factor is an array of samples), else today's hours."""
    hours = scenario.project.engineer_hours
    given = [o[path] for phase in phases if (path := f"project.engineer_hours.{phase}") in o]
    kept = sum(getattr(hours, phase) for phase in phases
               if f"project.engineer_hours.{phase}" not in o)
    total: Any = np.multiply(kept, o[HOURS_FACTOR]) if HOURS_FACTOR in o else float(kept)
    for value in given:
        total = np.add(total, value)
    return total


def point(
    scenario: Scenario,
    resolved: Resolved,
    overrides: dict[str, Any] | None = None,
    *,
    resize_fleet: bool = False,
) -> Point:
    """The numbers of one evaluation, with ``overrides`` (scalars or arrays) by dotted path.

    The serving fleet is today's unless the instances are varied, or the scenario asked to be
    sized automatically and either ``resize_fleet`` is set or the throughput or target
    utilisation is varied: then the fleet follows the volume, instance by instance.
    """
    o = dict(overrides or {})
    unknown = set(o) - POINT_INPUTS
    if unknown:
        raise ValueError(f"cannot vary {sorted(unknown)}; accepted: {sorted(POINT_INPUTS)}")
    s, r = scenario, resolved
    w, q, pr = s.workload, s.quality, s.project

    requests = o.get("workload.requests_per_day", w.requests_per_day)
    tin = o.get("workload.avg_input_tokens_per_request", w.avg_input_tokens_per_request)
    tout = o.get("workload.avg_output_tokens_per_request", w.avg_output_tokens_per_request)
    scale = o.get("api.price_scale", 1.0)
    price_in = np.multiply(o.get("api.input_usd_per_1m_tokens", r.api.input_usd_per_1m_tokens),
                           scale)
    price_out = np.multiply(
        o.get("api.output_usd_per_1m_tokens", r.api.output_usd_per_1m_tokens), scale
    )

    plan = r.serving
    price_hour = o.get("model.instance_usd_per_hour", plan.instance_usd_per_hour)
    tps = o.get("model.throughput_tokens_per_s_per_instance",
                plan.throughput_tokens_per_s_per_instance)
    util = o.get("model.target_utilisation", s.model.target_utilisation)
    sizing_changed = "model.throughput_tokens_per_s_per_instance" in o or (
        "model.target_utilisation" in o)
    hours: Any = plan.instance_hours_per_day
    if "model.num_instances" in o or (
        plan.sized_automatically and (resize_fleet or sizing_changed)
    ):
        _, hours, _ = fleet_instance_hours_per_day(
            np.multiply(requests, np.add(tin, tout)), tps, util,
            fixed_instances=o.get("model.num_instances"),
            peak_hours_per_day=w.peak_hours_per_day,
            off_peak_traffic_share=w.off_peak_traffic_share,
        )
    serving = np.multiply(np.multiply(price_hour, hours), 30)

    phase_total: Any = pr.engineer_hours.total
    if HOURS_FACTOR in o or PHASE_PATHS & o.keys():
        phase_total = phase_hours(s, o, PHASES)
    hours_total = o.get("project.engineer_hours.total", phase_total)

    return Point(
        requests_per_day=requests,
        avg_input_tokens=tin,
        avg_output_tokens=tout,
        input_usd_per_1m=price_in,
        output_usd_per_1m=price_out,
        serving_monthly_usd=serving,
        storage_monthly_usd=o.get("model.storage_usd_per_month", plan.monthly_storage_usd),
        review_rate_api=o.get("quality.human_review_rate_api", q.human_review_rate_api),
        # Not yet measured, the fine-tuned model's rate is the API's, varied with it.
        review_rate_ft=o.get("quality.human_review_rate_ft", o.get(
            "quality.human_review_rate_api", q.human_review_rate_api)
            if q.human_review_rate_ft is None else q.human_review_rate_ft),
        usd_per_review=o.get("quality.cost_per_review_usd", q.cost_per_review_usd),
        num_training_runs=o.get("project.num_training_runs", pr.num_training_runs),
        compute_usd_per_run=o.get("project.compute_usd_per_run", r.compute_usd_per_run),
        engineer_hours=hours_total,
        engineer_usd_per_hour=o.get("project.engineer_usd_per_hour", pr.engineer_usd_per_hour),
        lifetime_months=o.get("project.model_lifetime_months", pr.model_lifetime_months),
        maintenance_hours_per_month=o.get("project.maintenance_hours_per_month",
                                          pr.maintenance_hours_per_month),
        retrain_every_months=o.get("project.retrain_every_months", pr.retrain_every_months),
        retrain_runs=o.get("project.retrain_runs", pr.retrain_runs),
        retrain_evaluation_hours=o.get("project.retrain_evaluation_hours",
                                       pr.retrain_evaluation_hours),
    )
