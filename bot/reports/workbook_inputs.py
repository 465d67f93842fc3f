"""The workbook's Inputs sheet: every input of one analysis, with its unit, value and source.

Each row becomes one cell with a defined name (``requests_per_day``, ``api_input_price``…)
that every formula of the workbook refers to, so a person who types a new volume or a new
GPU price sees everything that follows from it recompute. A row is ``editable`` when
changing it recomputes exactly what the engine would for the same change; the few values
ftroi looked up or estimated (the throughput model's figure, an estimated training run) are
editable too, but their source says what the workbook cannot re-estimate when something
else changes.

>>> from datetime import date
>>> from engine.analysis import analyse
>>> from engine.models import Scenario
>>> rows = input_rows(analyse(Scenario(), at=date(2026, 1, 5), samples=200))
>>> [r.name for r in rows][:3], rows[0].value
(['requests_per_day', 'input_tokens', 'output_tokens'], 50000.0)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from engine.analysis import Analysis
from engine.models import PHASES, Scenario

__all__ = ["InputRow", "Style", "input_rows"]

Style = Literal["count", "money", "unit_money", "share", "number", "months", "text"]


@dataclass(frozen=True)
class InputRow:
    """One input: its defined name, words, unit, value (full precision) and provenance."""

    section: str
    name: str
    label: str
    unit: str
    value: float
    source: str
    date: str | None = None
    style: Style = "number"
    path: str | None = None  # the scenario input it is, when it is one
    editable: bool = True  # False: a convention the engine holds fixed


_SEED = "default: source document worked example"


def _source(s: Scenario, path: str, default: str) -> str:
    return "you" if s.get(path) != Scenario().get(path) else default


def _input(s: Scenario, section: str, name: str, label: str, unit: str, path: str,
           default: str, style: Style = "number") -> InputRow:
    return InputRow(section=section, name=name, label=label, unit=unit, value=s.get(path),
                    source=_source(s, path, default), style=style, path=path)


def _serving(a: Analysis) -> list[InputRow]:
    s, sv, w = a.inputs, a.serving, a.inputs.workload
    shaped = w.peak_hours_per_day is not None and w.off_peak_traffic_share is not None
    estimated = "" if sv.throughput_source == "you" else (
        "; a value the workbook cannot re-estimate (change it if you measure another)")
    fleet = ("you" if not sv.sized_automatically else
             f"0: ftroi sizes the fleet from volume, throughput and target utilisation "
             f"({sv.num_instances} at today's volume); type a count to fix it")
    section = "Serving"
    return [
        InputRow(section=section, name="instance_price", label="Instance price",
                 unit=f"$/hour ({sv.gpus_per_instance}× {sv.gpu})",
                 value=sv.instance_usd_per_hour, source=sv.instance_price_source,
                 date=sv.instance_price_date, style="unit_money",
                 path="model.instance_usd_per_hour"),
        InputRow(section=section, name="fixed_instances", label="Instances you fix",
                 unit="instances (0: sized for you)",
                 value=float(s.model.num_instances or 0), source=fleet, style="count",
                 path="model.num_instances"),
        InputRow(section=section, name="throughput", label="Throughput per instance",
                 unit="tokens/s", value=sv.throughput_tokens_per_s_per_instance,
                 source=sv.throughput_source + estimated,
                 path="model.throughput_tokens_per_s_per_instance"),
        _input(s, section, "target_utilisation", "Target utilisation", "fraction",
               "model.target_utilisation", "default: source document §Step 2", "share"),
        InputRow(section=section, name="peak_hours", label="Peak hours per day", unit="hours",
                 value=w.peak_hours_per_day or 24.0,
                 source="you" if shaped else "no traffic shape: the fleet runs 24 hours"),
        InputRow(section=section, name="off_peak_share", label="Off-peak traffic share",
                 unit="fraction", value=w.off_peak_traffic_share or 0.0,
                 source="you" if shaped else "no traffic shape", style="share"),
        InputRow(section=section, name="storage_per_month", label="Model storage",
                 unit="$/month", value=sv.monthly_storage_usd, style="money",
                 source="you" if s.model.storage_usd_per_month is not None else
                 f"source document: {s.model.model_size_b:g}B × 2 GB × $0.023/GB-month (S3)",
                 path="model.storage_usd_per_month"),
    ]


def _project(a: Analysis) -> list[InputRow]:
    s, section = a.inputs, "Project"
    per_run = a.project.compute_per_run_source
    if per_run != "you":
        per_run += "; a value the workbook cannot re-estimate when the training plan changes"
    rows = [
        _input(s, section, "training_runs", "Training runs", "runs",
               "project.num_training_runs", _SEED, "count"),
        InputRow(section=section, name="compute_per_run", label="Compute per training run",
                 unit="$/run", value=a.project.compute_per_run_usd, source=per_run,
                 style="money", path="project.compute_usd_per_run"),
        _input(s, section, "engineer_rate", "Engineer hourly rate", "$/hour",
               "project.engineer_usd_per_hour", "default: source document table ($150/h)",
               "unit_money"),
    ]
    rows += [_input(s, section, f"hours_{phase}", f"Engineer hours: {label}", "hours",
                    f"project.engineer_hours.{phase}",
                    f"default: source document table midpoint ({low:g}–{high:g} h)")
             for phase, (label, low, high) in PHASES.items()]
    rows.append(_input(s, section, "lifetime_months", "Model lifetime", "months",
                       "project.model_lifetime_months", "default: source document (18 months)"))
    return rows


def _ongoing(s: Scenario) -> list[InputRow]:
    section = "Ongoing engineering"
    return [
        _input(s, section, "maintenance_hours", "Maintenance", "hours/month",
               "project.maintenance_hours_per_month",
               "default: ftroi assumption, one engineer-day a month"),
        _input(s, section, "retrain_every", "Retraining interval", "months (0: never)",
               "project.retrain_every_months", "default: ftroi assumption, twice a year"),
        _input(s, section, "retrain_runs", "Runs per retraining", "runs",
               "project.retrain_runs", "default: ftroi assumption, two runs", "count"),
        _input(s, section, "retrain_eval_hours", "Evaluation hours per retraining", "hours",
               "project.retrain_evaluation_hours", "default: ftroi assumption, two engineer-days"),
    ]


def _alternatives(s: Scenario) -> list[InputRow]:
    section = "Other options"
    return [
        _input(s, section, "evaluation_hours", "Hours to evaluate a switched model", "hours",
               "alternatives.evaluation_hours", "default: ftroi assumption, two engineer-days"),
        _input(s, section, "dataset_examples", "Training examples", "examples",
               "training.dataset_examples", "default: source document table", "count"),
        _input(s, section, "sequence_tokens", "Tokens per training example", "tokens",
               "training.avg_sequence_tokens", "default: source document table", "count"),
        _input(s, section, "epochs", "Epochs", "epochs", "training.epochs",
               "default: source document table"),
    ]


def input_rows(a: Analysis) -> list[InputRow]:
    """Every input of the analysis, in the order the Inputs sheet lists them."""
    s, api, section = a.inputs, a.api_price, "Workload"
    model = api.model or "custom"
    return [
        _input(s, section, "requests_per_day", "Requests per day", "requests/day",
               "workload.requests_per_day", _SEED, "count"),
        _input(s, section, "input_tokens", "Average input tokens", "tokens/request",
               "workload.avg_input_tokens_per_request", _SEED),
        _input(s, section, "output_tokens", "Average output tokens", "tokens/request",
               "workload.avg_output_tokens_per_request", _SEED),
        _input(s, section, "monthly_growth", "Monthly volume growth", "fraction",
               "workload.monthly_growth_rate", "default: no growth", "share"),
        InputRow(section="Today's API", name="api_input_price",
                 label=f"API input price ({model})", unit="$/1M tokens",
                 value=api.input_usd_per_1m_tokens, source=api.source, date=api.date,
                 style="unit_money", path="api.input_usd_per_1m_tokens"),
        InputRow(section="Today's API", name="api_output_price",
                 label=f"API output price ({model})", unit="$/1M tokens",
                 value=api.output_usd_per_1m_tokens, source=api.source, date=api.date,
                 style="unit_money", path="api.output_usd_per_1m_tokens"),
        *_serving(a),
        _input(s, "Quality", "review_rate_api", "Review rate with the API", "fraction",
               "quality.human_review_rate_api", "default: source document Q5 (2%)", "share"),
        InputRow(section="Quality", name="review_rate_ft",
                 label="Review rate with the fine-tuned model", unit="fraction",
                 value=s.quality.review_rate_ft, style="share",
                 path="quality.human_review_rate_ft",
                 source="default: the same as the API until measured"
                 if s.quality.human_review_rate_ft is None else "you"),
        _input(s, "Quality", "cost_per_review", "Cost per review", "$",
               "quality.cost_per_review_usd", "default: source document ($5)", "unit_money"),
        *_project(a),
        *_ongoing(s),
        *_alternatives(s),
        InputRow(section="Conventions", name="days_per_month", label="Days per month",
                 unit="days", value=30.0, source="source document convention (720 hours)",
                 editable=False),
    ]
