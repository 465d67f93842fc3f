"""Managed fine-tuning as the alternative to self-hosting a fine-tuned model.

Source document, §Managed Fine-Tuning Services: managed services "charge more for compute but
reduce engineering time to near zero" — OpenAI at $8/1M training tokens with fine-tuned
models at 2–3× the base model's price, Together.ai at $1–3/1M training tokens (2024). Today's
prices come first: the provider's training price for the base model
(``engine/data/managed_finetuning.csv``) and the fine-tuned model's inference price from
genai-prices, as a multiple of the base model's at the average request's size. A base model
the table does not list, or a scenario in the source document's price book, takes the
document's 2024 claims (``managed_finetuning_2024.csv``, the midpoint of each range) unless
the option gives its own figures. The base model's per-1M prices come from the API catalog
at an explicit date.

Engineering kept (:data:`KEPT_PHASES`): the data work (collection, formatting) and the
evaluation work (framework, evaluating and iterating) — no service knows your task. Removed:
experiment setup, hyperparameter search, deployment and monitoring — the provider runs the
training and serves the model behind its API ("No infra work needed").

Formulas (USD, a month is 30 days, as in PRODUCT.md §5):

* training tokens per run = dataset examples × average sequence tokens × epochs
* training = runs × tokens per run ÷ 1M × $/1M training tokens
* inference = requests × 30 × (input tokens × base input $/1M + output tokens × base
  output $/1M) ÷ 1M × price multiple
* review delta = requests × 30 × (FT review rate − API review rate) × $/review, the same
  rates as the self-hosted fine-tuned model
* project = training + kept engineer hours × $/hour; monthly = inference + review delta
* net = API − monthly; savings = net − project ÷ lifetime (as self-hosting's savings);
  payback = project ÷ net, None when net ≤ 0 (never)
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, validate_call

from engine.catalog.api_prices import ApiPrice, PriceBook, price_request
from engine.catalog.managed_prices import (
    ManagedPriceRow,
    managed_finetune_rows,
    managed_finetuning_prices,
)
from engine.errors import EngineError
from engine.models import PHASES, ManagedOption, Project, QualityFit, TrainingPlan, Workload
from engine.provenance import Assumption

__all__ = ["KEPT_PHASES", "ManagedComparison", "compare_managed"]

KEPT_PHASES: tuple[str, ...] = (
    "data_collection", "data_formatting", "evaluation_setup", "model_evaluation",
)
SEED = "source document §Managed Fine-Tuning Services"


class ManagedComparison(BaseModel):
    """The managed alternative's one-time and monthly costs against today's API bill."""

    model_config = ConfigDict(frozen=True)

    provider: str
    base_model: str
    base_input_usd_per_1m_tokens: float
    base_output_usd_per_1m_tokens: float
    inference_price_multiple: float
    training_tokens_per_run: float
    num_training_runs: int
    training_usd_per_1m_tokens: float
    training_usd_per_1m_tokens_low: float | None  # the catalog's range; None: not listed
    training_usd_per_1m_tokens_high: float | None
    training_usd: float
    training_usd_low: float | None
    training_usd_high: float | None
    phases_kept: list[str]
    phases_removed: list[str]
    engineer_hours_kept: float
    engineering_usd: float
    project_usd: float
    inference_monthly_usd: float
    review_delta_monthly_usd: float
    monthly_usd: float
    api_monthly_usd: float
    net_before_amortisation_monthly_usd: float
    amortised_monthly_usd: float
    savings_monthly_usd: float
    payback_months: float | None  # None: never pays back
    assumptions: list[Assumption]


@validate_call(config=ConfigDict(allow_inf_nan=False))
def compare_managed(
    *,
    option: ManagedOption,
    workload: Workload,
    plan: TrainingPlan,
    project: Project,
    quality: QualityFit,
    api_monthly_usd: Annotated[float, Field(ge=0)],
    at: date,
    price_book: PriceBook = "current",
    prices: Mapping[str, ManagedPriceRow] | None = None,
    kept_phases: tuple[str, ...] = KEPT_PHASES,
) -> ManagedComparison:
    """Cost the managed option for this workload and project (see the module's docstring).

    >>> from engine.models import ManagedOption, Project, QualityFit, TrainingPlan, Workload
    >>> m = compare_managed(option=ManagedOption(), workload=Workload(), plan=TrainingPlan(),
    ...                     project=Project(), quality=QualityFit(), api_monthly_usd=4875,
    ...                     at=date(2026, 11, 24))
    >>> m.training_usd_per_1m_tokens, m.inference_price_multiple  # $3/1M; $0.30/$1.20
    (3.0, 2.0)
    >>> round(m.training_usd, 2), m.inference_monthly_usd  # 8 × 76.8M × $3; 2 × $292.50
    (1843.2, 585.0)
    """
    unknown = [p for p in kept_phases if p not in PHASES]
    if unknown:
        raise ValueError(f"kept_phases: {unknown[0]!r} is not a phase; accepted: "
                         + ", ".join(PHASES))
    table = prices if prices is not None else managed_finetuning_prices()
    row = table.get(option.provider)
    if prices is None and price_book == "current":
        row = _today(option, workload, at) or row
    if row is None and (option.training_usd_per_1m_tokens is None
                        or option.inference_price_multiple is None):
        raise EngineError(
            f"unknown managed fine-tuning provider {option.provider!r}; accepted: "
            f"{', '.join(sorted(table))}, or give both training_usd_per_1m_tokens and "
            "inference_price_multiple"
        )
    train_per_1m, train_note = _chosen(
        option.training_usd_per_1m_tokens, row, "managed training price",
        "USD/1M training tokens", row.training_usd_per_1m_tokens_mid if row else 0.0)
    multiple, multiple_note = _chosen(
        option.inference_price_multiple, row, "fine-tuned inference price",
        "× base model price", row.inference_multiple_mid if row else 0.0)
    used = [train_note, multiple_note]

    base = price_request(option.base_model, at=at, price_book=price_book,
                         avg_input_tokens=workload.avg_input_tokens_per_request,
                         avg_output_tokens=workload.avg_output_tokens_per_request)
    tokens_per_run = plan.dataset_examples * plan.avg_sequence_tokens * plan.epochs
    training_m = project.num_training_runs * tokens_per_run / 1e6  # millions of tokens
    hours = sum(getattr(project.engineer_hours, p) for p in kept_phases)
    engineering = hours * project.engineer_usd_per_hour
    training = training_m * train_per_1m
    project_usd = training + engineering

    monthly_requests = workload.requests_per_day * 30
    inference = monthly_requests * (
        workload.avg_input_tokens_per_request * base.input_usd_per_1m_tokens
        + workload.avg_output_tokens_per_request * base.output_usd_per_1m_tokens
    ) / 1e6 * multiple
    review = monthly_requests * (
        quality.review_rate_ft - quality.human_review_rate_api
    ) * quality.cost_per_review_usd
    monthly = inference + review
    net = api_monthly_usd - monthly
    amortised = project_usd / project.model_lifetime_months

    kept_labels = ", ".join(PHASES[p][0] for p in kept_phases) or "none"
    used += [
        Assumption(name=f"{base.model} input price", value=base.input_usd_per_1m_tokens,
                   unit="USD/1M tokens", source=base.source, date=base.date),
        Assumption(name=f"{base.model} output price", value=base.output_usd_per_1m_tokens,
                   unit="USD/1M tokens", source=base.source, date=base.date),
        Assumption(name="training tokens per run", value=tokens_per_run, unit="tokens",
                   source="dataset examples × average sequence tokens × epochs"),
        Assumption(name="engineering phases kept", value=kept_labels, unit="",
                   source=f"{SEED}: \"reduce engineering time to near zero\"; ftroi keeps "
                          "the data and evaluation work, which no service does for you"),
        Assumption(name="engineer hours kept", value=hours, unit="hours",
                   source="your hours for the kept phases"),
        Assumption(name="managed model review rate", value=quality.review_rate_ft,
                   unit="share of requests", source="same as the self-hosted fine-tuned model"),
    ]
    return ManagedComparison(
        provider=option.provider, base_model=base.model or option.base_model,
        base_input_usd_per_1m_tokens=base.input_usd_per_1m_tokens,
        base_output_usd_per_1m_tokens=base.output_usd_per_1m_tokens,
        inference_price_multiple=multiple, training_tokens_per_run=tokens_per_run,
        num_training_runs=project.num_training_runs, training_usd_per_1m_tokens=train_per_1m,
        training_usd_per_1m_tokens_low=row.training_usd_per_1m_tokens_low if row else None,
        training_usd_per_1m_tokens_high=row.training_usd_per_1m_tokens_high if row else None,
        training_usd=training,
        training_usd_low=training_m * row.training_usd_per_1m_tokens_low if row else None,
        training_usd_high=training_m * row.training_usd_per_1m_tokens_high if row else None,
        phases_kept=list(kept_phases),
        phases_removed=[p for p in PHASES if p not in kept_phases],
        engineer_hours_kept=hours, engineering_usd=engineering, project_usd=project_usd,
        inference_monthly_usd=inference, review_delta_monthly_usd=review, monthly_usd=monthly,
        api_monthly_usd=api_monthly_usd, net_before_amortisation_monthly_usd=net,
        amortised_monthly_usd=amortised, savings_monthly_usd=net - amortised,
        payback_months=project_usd / net if net > 0 else None, assumptions=used,
    )


def _today(option: ManagedOption, workload: Workload, at: date) -> ManagedPriceRow | None:
    """Today's price row for the option's base model, its inference as a multiple of the
    base model's; None when the table lists no such base model."""
    rows = [r for r in managed_finetune_rows(option.provider)
            if r.base_model and r.base_model.startswith(option.base_model)
            and r.date <= at.isoformat()]  # a row dated 2026-09 holds from then on
    if not rows:
        return None
    r = rows[0]
    tin, tout = workload.avg_input_tokens_per_request, workload.avg_output_tokens_per_request
    tuned = price_request(f"{r.provider}/{r.inference_model}", at=at, avg_input_tokens=tin,
                          avg_output_tokens=tout)
    base = price_request(option.base_model, at=at, avg_input_tokens=tin, avg_output_tokens=tout)

    def cost(p: ApiPrice) -> float:
        return (tin or 1) * p.input_usd_per_1m_tokens + (tout or 1) * p.output_usd_per_1m_tokens

    multiple = max(cost(tuned) / cost(base), 1.0)
    return ManagedPriceRow(
        provider=r.provider, training_usd_per_1m_tokens_low=r.training_usd_per_1m_tokens,
        training_usd_per_1m_tokens_high=r.training_usd_per_1m_tokens,
        inference_multiple_low=multiple, inference_multiple_high=multiple,
        source=f"{r.source}; fine-tuned inference: {tuned.source}", date=r.date)


def _chosen(given: float | None, row: ManagedPriceRow | None, name: str, unit: str,
            midpoint: float) -> tuple[float, Assumption]:
    """The person's figure when given, else the catalog row's midpoint, with its source."""
    if given is not None or row is None:
        value = given if given is not None else midpoint
        return value, Assumption(name=name, value=value, unit=unit, source="you")
    ranged = row.training_usd_per_1m_tokens_low != row.training_usd_per_1m_tokens_high \
        or row.inference_multiple_low != row.inference_multiple_high
    how = "midpoint of the range: " if ranged else ""
    return midpoint, Assumption(name=name, value=midpoint, unit=unit, date=row.date,
                                source=f"{row.provider}, {how}{row.source}")
