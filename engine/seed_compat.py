"""The source document's API, computed by ftroi's engine: a notebook switches by one import.

``from engine.seed_compat import APIConfig, FineTunedModelConfig, ProjectCostConfig,
compute_roi, estimate_training_cost, should_fine_tune`` gives the source document's three
dataclasses (same names, fields, order, types and defaults) and its three functions (same
signatures, same keys, same rounding — figures are rounded once, at the end, as it does).

Where the figures come from:

* ``compute_roi`` — the money figures are :func:`engine.roi.evaluate`'s, with the document's
  serving (instance $/hour × instances × 24 × 30) and storage (size × 2 GB × $0.023).
* ``estimate_training_cost`` — the document's benchmark table, read from the catalog rows
  attributed to it, and its own rules: the closest of the table's sizes (7, 13, 70B; a tie
  goes to the smaller), an exact (size, method, instance) key, else its fallback — 4,000
  tokens/s scaled by 7B / size (at least 100), one GPU per 30B (at least one) at $3.10/hour;
  spot at 35%, +15% overhead. (:mod:`engine.training` is stricter about sizes; this one is
  faithful.)
* ``serving_tokens_per_s`` (not one of the document's functions, so not in ``__all__``,
  which stays the document's surface) — the serving throughput
  the document claims for a 7B on an A10G, a 13B on an A100 40GB and a 70B on 2× A100 80GB,
  from the catalog rows that record those claims; ftroi's engine estimates throughput
  instead (its 5,000 tokens/s for the A10G is 2–3× above published runs).
* ``should_fine_tune`` — :func:`engine.decision.recommend`'s scoring, fed the document's
  blended bill (all tokens at one $/1M), its reasons word for word as the document writes
  them ("API cost $1,483/month …", not the report's $1,483.20).

The values equal the document's for every key — its own inconsistencies included, such as
the worked example's $2,966.40 of serving for "2x A10G" and its unused
``model_quality_multiplier``: the facade is faithful, the corrections live in the engine.
One known limit: the review delta is the engine's requests × 30 × (FT rate − API rate) ×
$/review, not the document's difference of two review bills, which cancels catastrophically
when the rates are close; where the document's float64 result sits on a half-cent tie, the
cent of ``monthly_quality_cost_delta`` (and the totals that include it) can differ.
The exceptions:

* ``break_even_tokens_per_day`` and ``is_above_break_even`` use the corrected break-even:
  API = serving + storage + review delta, the review delta counted as a cost per token. It
  is the document's figure, to the token, whenever the two review rates are equal (or a
  review costs nothing). When there is no break-even at any volume (the review delta per
  token is at least the API's price per token, or requests have no tokens), it is the
  string ``"never"`` — as the document's payback says — and ``is_above_break_even`` is
  False.
* With zero requests a day the document raises (``int`` of an infinite break-even); here
  the break-even comes from prices and the per-request token mix, defined at any volume.
* Numbers are floats where the document returns an ``int`` because every input was one
  (``engineering_cost`` of whole hours at a whole rate): the values compare equal.
* Inputs are checked first: a negative, NaN or infinite number, a review rate outside 0–1,
  a lifetime under one month, a level outside high/medium/low raise
  :class:`pydantic.ValidationError` naming the field, where the document would compute on
  (or fail on a division by zero).

``compute_roi(..., verbose=True)`` prints the document's report layout to stdout: the one
place in the engine that prints, kept because notebooks written against the document
expect it.

>>> api = APIConfig(input_price_per_1m_tokens=5.0, output_price_per_1m_tokens=15.0,
...                 avg_input_tokens_per_request=500, avg_output_tokens_per_request=200,
...                 requests_per_day=50_000)
>>> ft = FineTunedModelConfig(model_size_b=7.0, lora_or_full="lora", instance_type="a10g",
...                           num_instances=2, instance_cost_per_hour=1.03 * 2,
...                           model_quality_multiplier=0.92, human_review_rate_api=0.02,
...                           human_review_rate_ft=0.05, human_review_cost_per_review=5.0)
>>> project = ProjectCostConfig(num_training_runs=8, compute_cost_per_run=12.0,
...                             engineer_hours_data=40, engineer_hours_experiments=20,
...                             engineer_hours_evaluation=24, engineer_hours_deployment=16,
...                             engineer_hourly_rate=150, model_lifetime_months=18)
>>> r = compute_roi(api, ft, project, verbose=False)  # the source document's worked example
>>> r["monthly_api_cost"], r["monthly_serving_cost"], r["payback_months"]
(8250.0, 2966.4, 'never')
>>> r["break_even_tokens_per_day"], r["is_above_break_even"]  # the document: 12586093, True
('never', False)
"""

import math
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from engine.catalog.gpus import SPOT_FACTOR
from engine.catalog.throughput import TrainingBenchmark, training_benchmarks
from engine.decision import recommend
from engine.errors import EngineError
from engine.models import QualityFit
from engine.roi import DAYS_PER_MONTH, Point, evaluate
from engine.serving import STORAGE_BYTES_PER_PARAM, STORAGE_USD_PER_GB_MONTH, seed_claim

__all__ = [
    "APIConfig",
    "FineTunedModelConfig",
    "ProjectCostConfig",
    "compute_roi",
    "estimate_training_cost",
    "should_fine_tune",
]  # the document's names only: serving_tokens_per_s is reached as seed_compat.serving_tokens_per_s

HOURS_PER_DAY = 24
NEVER = "never"

# The document's training estimator: its table is the catalog rows with this source.
SEED_TABLE_SOURCE = "source document §Training Cost Estimator benchmark table"
OVERHEAD_FACTOR = 1.15  # "Add 15% overhead (checkpoint saving, eval, startup)"
# Its fallback for a (size, method, instance) the table lacks:
FALLBACK_TOKENS_PER_S_AT_7B = 4000  # scaled by 7B / size
FALLBACK_MIN_TOKENS_PER_S = 100
FALLBACK_B_PER_GPU = 30  # one GPU per 30B parameters, at least one
FALLBACK_USD_PER_GPU_HOUR = 3.10


@dataclass
class APIConfig:
    """The current API-based setup (source document, §ROI Calculator)."""

    input_price_per_1m_tokens: float
    output_price_per_1m_tokens: float
    avg_input_tokens_per_request: int
    avg_output_tokens_per_request: int
    requests_per_day: int


@dataclass
class FineTunedModelConfig:
    """The proposed fine-tuned model setup (source document, §ROI Calculator)."""

    model_size_b: float
    lora_or_full: str
    instance_type: str
    num_instances: int
    instance_cost_per_hour: float
    model_quality_multiplier: float  # collected, never used (as in the document)
    human_review_rate_api: float
    human_review_rate_ft: float
    human_review_cost_per_review: float


@dataclass
class ProjectCostConfig:
    """One-time costs of the fine-tuning project (source document, §ROI Calculator)."""

    num_training_runs: int
    compute_cost_per_run: float
    engineer_hours_data: float
    engineer_hours_experiments: float
    engineer_hours_evaluation: float
    engineer_hours_deployment: float
    engineer_hourly_rate: float
    model_lifetime_months: int = 18


# --- input rules: one strict model per dataclass or function, named after it ----------------

Amount = Annotated[float, Field(ge=0)]
Count = Annotated[int, Field(ge=0)]
Rate = Annotated[float, Field(ge=0, le=1)]


def _rules(title: str) -> ConfigDict:
    return ConfigDict(title=title, extra="forbid", allow_inf_nan=False, frozen=True,
                      from_attributes=True)


class _ApiRules(BaseModel):
    model_config = _rules("APIConfig")

    input_price_per_1m_tokens: Amount
    output_price_per_1m_tokens: Amount
    avg_input_tokens_per_request: Count
    avg_output_tokens_per_request: Count
    requests_per_day: Count


class _ModelRules(BaseModel):
    model_config = _rules("FineTunedModelConfig")

    model_size_b: Annotated[float, Field(gt=0)]
    lora_or_full: str
    instance_type: str
    num_instances: Count
    instance_cost_per_hour: Amount
    model_quality_multiplier: Amount
    human_review_rate_api: Rate
    human_review_rate_ft: Rate
    human_review_cost_per_review: Amount


class _ProjectRules(BaseModel):
    model_config = _rules("ProjectCostConfig")

    num_training_runs: Count
    compute_cost_per_run: Amount
    engineer_hours_data: Amount
    engineer_hours_experiments: Amount
    engineer_hours_evaluation: Amount
    engineer_hours_deployment: Amount
    engineer_hourly_rate: Amount
    model_lifetime_months: Annotated[int, Field(ge=1)]


class _TrainingRules(BaseModel):
    model_config = _rules("estimate_training_cost")

    model_size_b: Annotated[float, Field(gt=0)]
    method: str
    dataset_size_examples: Count
    avg_seq_len: Count
    epochs: Amount
    instance_type: str
    spot: bool


class _VolumeRules(BaseModel):
    model_config = _rules("should_fine_tune")

    daily_requests: Count
    avg_tokens_per_request: Count
    current_api_cost_per_1m: Amount


# --- compute_roi -----------------------------------------------------------------------------


def compute_roi(
    api: APIConfig,
    ft_model: FineTunedModelConfig,
    project: ProjectCostConfig,
    verbose: bool = True,
) -> dict[str, Any]:
    """The document's full ROI analysis: monthly costs, break-even and payback.

    Any objects with the dataclasses' attributes are accepted (the document's own
    dataclasses too). See the module's docstring for the corrected break-even.
    """
    a = _ApiRules.model_validate(api)
    m = _ModelRules.model_validate(ft_model)
    p = _ProjectRules.model_validate(project)

    serving = m.instance_cost_per_hour * m.num_instances * HOURS_PER_DAY * DAYS_PER_MONTH
    storage = m.model_size_b * STORAGE_BYTES_PER_PARAM * STORAGE_USD_PER_GB_MONTH
    engineer_hours = (p.engineer_hours_data + p.engineer_hours_experiments
                      + p.engineer_hours_evaluation + p.engineer_hours_deployment)
    o = evaluate(Point(
        requests_per_day=a.requests_per_day,
        avg_input_tokens=a.avg_input_tokens_per_request,
        avg_output_tokens=a.avg_output_tokens_per_request,
        input_usd_per_1m=a.input_price_per_1m_tokens,
        output_usd_per_1m=a.output_price_per_1m_tokens,
        serving_monthly_usd=serving,
        storage_monthly_usd=storage,
        review_rate_api=m.human_review_rate_api,
        review_rate_ft=m.human_review_rate_ft,
        usd_per_review=m.human_review_cost_per_review,
        num_training_runs=p.num_training_runs,
        compute_usd_per_run=p.compute_cost_per_run,
        engineer_hours=engineer_hours,
        engineer_usd_per_hour=p.engineer_hourly_rate,
        lifetime_months=p.model_lifetime_months,
    ))
    f = o.as_floats()
    daily_tokens = f["daily_tokens"]
    break_even = _break_even_tokens_per_day(a, serving + storage, f["review_usd_per_token"])
    payback = f["payback_months"]
    results: dict[str, Any] = {
        "monthly_api_cost": round(f["api_monthly_usd"], 2),
        "monthly_serving_cost": round(serving, 2),
        "monthly_storage_cost": round(storage, 2),
        "monthly_amortized_project_cost": round(f["amortised_monthly_usd"], 2),
        "monthly_quality_cost_delta": round(f["review_delta_monthly_usd"], 2),
        "monthly_ft_total": round(f["ft_total_monthly_usd"], 2),
        "monthly_savings": round(f["savings_monthly_usd"], 2),
        "total_project_cost": round(f["project_usd"], 2),
        "compute_cost": round(f["compute_usd"], 2),
        "engineering_cost": round(f["engineering_usd"], 2),
        "payback_months": NEVER if math.isinf(payback) else round(payback, 1),
        "break_even_tokens_per_day": NEVER if break_even is None else int(break_even),
        "current_daily_tokens": int(daily_tokens),
        "is_above_break_even": break_even is not None and daily_tokens >= break_even,
    }
    if verbose:
        _print_report(results, f, serving=serving, storage=storage, break_even=break_even)
    return results


def _break_even_tokens_per_day(
    a: _ApiRules, fixed_monthly_usd: float, review_usd_per_token: float
) -> float | None:
    """Daily tokens where API = serving + storage + review delta; None: none at any volume.

    The API's blended price per token is formed as the document forms it (its daily token
    mix, or one request's mix when there are no requests), so that with equal review rates
    (a review delta of exactly 0 per token) the figure is the document's to the last bit and
    ``int`` truncates it the same way.
    """
    per_request = a.avg_input_tokens_per_request + a.avg_output_tokens_per_request
    if per_request == 0:
        return None
    requests = a.requests_per_day or 1  # the mix of one request when there are none
    daily_in = requests * a.avg_input_tokens_per_request
    daily_out = requests * a.avg_output_tokens_per_request
    blended = (a.input_price_per_1m_tokens * daily_in + a.output_price_per_1m_tokens * daily_out
               ) / ((daily_in + daily_out) * 1e6)
    margin = blended - review_usd_per_token
    if not margin > 0:
        return None
    return fixed_monthly_usd / margin / DAYS_PER_MONTH


def _print_report(results: dict[str, Any], f: dict[str, float], *, serving: float,
                  storage: float, break_even: float | None) -> None:
    """The document's report layout, line for line."""
    rule = "=" * 60
    be = f"{NEVER:>15}" if break_even is None else f"{break_even:>15,.0f}"
    lines = [
        "\n" + rule,
        "FINE-TUNING ROI ANALYSIS",
        rule,
        f"\nCurrent volume: {f['daily_tokens']:>15,.0f} tokens/day",
        f"Break-even volume: {be} tokens/day",
        f"Above break-even: {results['is_above_break_even']}",
        "\nMONTHLY COSTS",
        f" Current API bill: ${f['api_monthly_usd']:>12,.2f}",
        f" FT serving: ${serving:>12,.2f}",
        f" Storage: ${storage:>12,.2f}",
        f" Amortized project: ${f['amortised_monthly_usd']:>12,.2f}",
        f" Quality delta: ${f['review_delta_monthly_usd']:>12,.2f}",
        f" FT total: ${f['ft_total_monthly_usd']:>12,.2f}",
        f" Monthly savings: ${f['savings_monthly_usd']:>12,.2f}",
        "\nPROJECT COSTS",
        f" Compute (training): ${f['compute_usd']:>12,.2f}",
        f" Engineering time: ${f['engineering_usd']:>12,.2f}",
        f" Total project cost: ${f['project_usd']:>12,.2f}",
        f"\nPayback period: {results['payback_months']} months",
        rule,
    ]
    print("\n".join(lines))


# --- estimate_training_cost ------------------------------------------------------------------


def _seed_table() -> dict[tuple[float, str, str], TrainingBenchmark]:
    return {(row.model_size_b, row.method, row.gpu): row
            for row in training_benchmarks() if row.source == SEED_TABLE_SOURCE}


def estimate_training_cost(
    model_size_b: float,
    method: str,  # "lora", "qlora", "full"
    dataset_size_examples: int,
    avg_seq_len: int,
    epochs: float,
    instance_type: str,
    spot: bool = True,
) -> dict[str, Any]:
    """One training run's compute cost by the document's table and its fallback.

    >>> r = estimate_training_cost(7, "lora", 50_000, 512, 3, "a10g", True)
    >>> r["num_gpus"], r["training_hours"], r["cost_per_hour"], r["total_cost_usd"]
    (1, 13.6, 0.36, 4.91)
    """
    args = _TrainingRules(model_size_b=model_size_b, method=method,
                          dataset_size_examples=dataset_size_examples, avg_seq_len=avg_seq_len,
                          epochs=epochs, instance_type=instance_type, spot=spot)
    size = args.model_size_b
    table = _seed_table()
    sizes = sorted({row_size for row_size, _, _ in table})
    closest = min(sizes, key=lambda s: abs(s - size))  # a tie keeps the smaller size
    row = table.get((closest, args.method, args.instance_type))
    tokens_per_sec: float
    if row is None:
        tokens_per_sec = max(FALLBACK_MIN_TOKENS_PER_S,
                             int(FALLBACK_TOKENS_PER_S_AT_7B * (7 / size)))
        num_gpus = max(1, int(size / FALLBACK_B_PER_GPU))
        cost_per_hour = num_gpus * FALLBACK_USD_PER_GPU_HOUR
    else:
        tps = row.tokens_per_s  # the document's table holds whole tokens/s
        tokens_per_sec = int(tps) if tps.is_integer() else tps
        assert row.instance_usd_per_hour is not None  # every row of the document's table has one
        num_gpus, cost_per_hour = row.gpus, row.instance_usd_per_hour
    if args.spot:
        cost_per_hour *= SPOT_FACTOR
    total_tokens = args.dataset_size_examples * args.avg_seq_len * args.epochs
    training_hours = total_tokens / (tokens_per_sec * 3600) * OVERHEAD_FACTOR
    return {
        "model_size_b": size,
        "method": args.method,
        "instance": args.instance_type,
        "num_gpus": num_gpus,
        "tokens_per_second": tokens_per_sec,
        "total_tokens": int(total_tokens),
        "training_hours": round(training_hours, 1),
        "cost_per_hour": round(cost_per_hour, 2),
        "total_cost_usd": round(training_hours * cost_per_hour, 2),
        "spot_pricing": args.spot,
    }


# --- serving_tokens_per_s --------------------------------------------------------------------

_GPUS_PER_INSTANCE = {"a10g": 1, "a100_40g": 1, "a100_80g": 2}


def serving_tokens_per_s(model_size_b: float, instance_type: str) -> int:
    """The tokens/s the document's §Serving claims for a model size on its instance type.

    >>> serving_tokens_per_s(7, "a10g"), serving_tokens_per_s(70, "a100_80g")
    (5000, 800)
    """
    gpus = _GPUS_PER_INSTANCE.get(instance_type)
    try:
        claim = seed_claim(model_size_b, instance_type, gpus or 1)
    except EngineError:
        raise EngineError(f"the source document claims serving throughput for 7B on a10g, 13B "
                          f"on a100_40g and 70B on a100_80g (2 GPUs) only, not "
                          f"{model_size_b:g}B on {instance_type}") from None
    return int(claim.tokens_per_s)


# --- should_fine_tune ------------------------------------------------------------------------


def _seed_dollars(value: float) -> str:
    """The bill as the document's reasons write it, ``f"${monthly_api_cost:,.0f}"``: whole
    dollars at any size (the engine's own reasons use the one rounding rule instead).

    >>> _seed_dollars(1_483.2), _seed_dollars(10_500)
    ('$1,483', '$10,500')
    """
    return f"${value:,.0f}"


def should_fine_tune(
    daily_requests: int,
    avg_tokens_per_request: int,
    current_api_cost_per_1m: float,
    task_consistency: str,  # "high", "medium", "low"
    latency_requirement_ms: int,
    quality_requirement: str,  # "high", "medium", "low"
    team_ml_expertise: bool,
    iteration_speed_priority: bool,
) -> dict[str, Any]:
    """The document's recommendation: score, verdict band, rationale and every reason.

    >>> r = should_fine_tune(50_000, 700, 10.0, "high", 300, "medium", True, False)
    >>> r["score"], r["verdict"], r["monthly_api_cost_estimate"]
    (7, 'STRONG: Fine-tune', 10500.0)
    """
    v = _VolumeRules(daily_requests=daily_requests, avg_tokens_per_request=avg_tokens_per_request,
                     current_api_cost_per_1m=current_api_cost_per_1m)
    quality = QualityFit(task_consistency=task_consistency,
                         latency_requirement_ms=latency_requirement_ms,
                         quality_requirement=quality_requirement,
                         team_ml_expertise=team_ml_expertise,
                         iteration_speed_priority=iteration_speed_priority)
    monthly_tokens = v.daily_requests * v.avg_tokens_per_request * DAYS_PER_MONTH
    monthly_api_cost = monthly_tokens * v.current_api_cost_per_1m / 1e6  # one blended price
    r = recommend(monthly_api_usd=monthly_api_cost, quality=quality, money=_seed_dollars)
    return {
        "verdict": r.verdict,
        "rationale": r.rationale,
        "score": r.score,
        "monthly_api_cost_estimate": round(monthly_api_cost, 2),
        "recommendations": list(r.reasons),
    }
