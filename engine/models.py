"""What a person tells ftroi: the inputs of one scenario, with units in the field names.

Defaults come from the source document (the "seed"); each says where in a comment. Every
model is strict: unknown fields, NaN, infinities, negative amounts, rates outside 0–1, a
lifetime under a month, an unknown GPU or API model all fail validation with the field, the
value and what is accepted.

>>> s = Scenario()
>>> s.workload.requests_per_day, s.model.gpu, s.project.engineer_usd_per_hour
(50000.0, 'a10g', 150.0)
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date
from functools import cache
from typing import Annotated, Literal, Self, get_args, get_origin

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from engine.catalog import api_prices, gpus
from engine.catalog.managed_prices import managed_finetuning_prices
from engine.errors import UnknownGpuError, UnknownModelError
from engine.measurement import Measurement

__all__ = [
    "LEGACY_DEFAULT_RANGES",
    "PHASES",
    "Alternatives",
    "ApiChoice",
    "Constraints",
    "EngineeringHours",
    "FineTunedModel",
    "Level",
    "ManagedOption",
    "Method",
    "Pricing",
    "Project",
    "QualityFit",
    "Quantisation",
    "Range",
    "Scenario",
    "ServingEngine",
    "ThroughputBasis",
    "TrainingPlan",
    "Workload",
    "default_value",
    "input_bounds",
]

# defer_build: each model's validator is built when first used, not at import, so that
# reading the field registry (``ftroi --help``) costs no schema building.
STRICT = ConfigDict(extra="forbid", allow_inf_nan=False, frozen=True, validate_default=True,
                    defer_build=True)

Method = Literal["lora", "qlora", "full"]
Pricing = Literal["on_demand", "spot", "reserved"]
Quantisation = Literal["bf16", "fp8", "int8", "int4"]
ServingEngine = Literal["vllm", "tensorrt-llm", "transformers"]
ThroughputBasis = Literal["estimate", "seed_document"]
Level = Literal["high", "medium", "low"]

Fraction = Annotated[float, Field(ge=0, le=1)]
Usd = Annotated[float, Field(ge=0, le=1e9)]
Hours = Annotated[float, Field(ge=0, le=100_000)]


class Workload(BaseModel):
    """The traffic the model serves."""

    model_config = STRICT

    requests_per_day: Annotated[float, Field(ge=0, le=1e10)] = 50_000.0  # seed worked example
    avg_input_tokens_per_request: Annotated[float, Field(ge=0, le=10_000_000)] = 500.0  # seed
    avg_output_tokens_per_request: Annotated[float, Field(ge=0, le=10_000_000)] = 200.0  # seed
    monthly_growth_rate: Annotated[float, Field(ge=-0.5, le=1.0)] = 0.0
    # Traffic shape, for autoscaling: both or neither.
    peak_hours_per_day: Annotated[float, Field(gt=0, le=24)] | None = None
    off_peak_traffic_share: Fraction | None = None

    @model_validator(mode="after")
    def _shape_is_whole(self) -> Self:
        if (self.peak_hours_per_day is None) != (self.off_peak_traffic_share is None):
            raise ValueError(
                "traffic shape needs both peak_hours_per_day (0–24) and off_peak_traffic_share "
                "(0–1), or neither"
            )
        return self

    @property
    def tokens_per_request(self) -> float:
        return self.avg_input_tokens_per_request + self.avg_output_tokens_per_request

    @property
    def daily_tokens(self) -> float:
        return self.requests_per_day * self.tokens_per_request


class ApiChoice(BaseModel):
    """The API the fine-tuned model would replace: a catalog model, or custom prices.

    A typed price always wins over the catalog's. ``priced_at`` fixes the catalog date so a
    saved scenario shows the same figures when reopened; the surface that creates a scenario
    fills it with today's date.
    """

    model_config = STRICT

    price_book: Literal["current", "seed_2024"] = "current"
    model: str | None = "gpt-4o"
    priced_at: date | None = None
    input_usd_per_1m_tokens: Annotated[float, Field(ge=0, le=100_000)] | None = None
    output_usd_per_1m_tokens: Annotated[float, Field(ge=0, le=100_000)] | None = None

    @model_validator(mode="after")
    def _priced_somehow(self) -> Self:
        overridden = (
            self.input_usd_per_1m_tokens is not None and self.output_usd_per_1m_tokens is not None
        )
        if self.model is None and not overridden:
            raise ValueError(
                "give an API model from the catalog (e.g. 'gpt-4o') or both "
                "input_usd_per_1m_tokens and output_usd_per_1m_tokens"
            )
        return self

    @field_validator("model")
    @classmethod
    def _known_model(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is None:
            return None
        try:
            return api_prices.canonical_model(value, price_book=info.data.get("price_book",
                                                                              "current"))
        except UnknownModelError as e:
            raise ValueError(str(e)) from None


class FineTunedModel(BaseModel):
    """The fine-tuned model and how it is served.

    ``gpus_per_instance`` None means "the fewest GPUs whose memory holds the weights";
    ``num_instances`` None means "size it for me" from throughput and target utilisation.
    ``instance_usd_per_hour`` is the price of one whole instance and beats the catalog.
    ``throughput_tokens_per_s_per_instance`` beats any estimate; ``throughput_note`` says
    where it was measured (``ftroi roi --throughput-from`` fills both from a ``vllm bench
    serve`` result). ``throughput_basis = "seed_document"`` uses the source document's
    claimed figures (7B on A10G, 13B on A100 40GB, 70B on 2× A100 80GB) instead of ftroi's
    estimate, to reproduce the document. ``max_concurrency`` (requests served at once) and a
    latency target (one stream's tokens/s, or the time to first token) cap the batch the
    estimate assumes.
    """

    model_config = STRICT

    model_size_b: Annotated[float, Field(gt=0, le=2_000)] = 7.0  # seed: 7B LoRA
    method: Method = "lora"
    gpu: str = "a10g"
    gpus_per_instance: Annotated[int, Field(ge=1, le=64)] | None = None
    num_instances: Annotated[int, Field(ge=1, le=10_000)] | None = None
    pricing: Pricing = "on_demand"
    instance_usd_per_hour: Annotated[float, Field(ge=0, le=100_000)] | None = None
    quantisation: Quantisation = "bf16"
    engine: ServingEngine = "vllm"
    # At least 1%: below it a fleet is sized for a thousand times its traffic, and a
    # subnormal share overflows the sizing.
    target_utilisation: Annotated[float, Field(ge=0.01, le=1)] = 0.20  # seed §Step 2
    # At least 1 token/s: an instance that serves less is no instance (and 1e-308 overflows).
    throughput_tokens_per_s_per_instance: Annotated[float, Field(ge=1, le=1e9)] | None = None
    throughput_note: Annotated[str, Field(min_length=3, max_length=600)] | None = None
    throughput_basis: ThroughputBasis = "estimate"
    max_concurrency: Annotated[int, Field(ge=1, le=100_000)] | None = None  # None: as fit
    target_stream_tokens_per_s: Annotated[float, Field(gt=0, le=10_000)] | None = None
    target_ttft_ms: Annotated[float, Field(gt=0, le=600_000)] | None = None
    storage_usd_per_month: Usd | None = None

    @field_validator("gpu")
    @classmethod
    def _known_gpu(cls, value: str) -> str:
        try:
            return gpus.canonical_gpu(value)
        except UnknownGpuError as e:
            raise ValueError(str(e)) from None

    @model_validator(mode="after")
    def _custom_gpu_is_priced(self) -> Self:
        if self.gpu == "custom" and (
            self.instance_usd_per_hour is None or self.throughput_tokens_per_s_per_instance is None
        ):
            raise ValueError(
                "a custom GPU needs instance_usd_per_hour and "
                "throughput_tokens_per_s_per_instance"
            )
        if self.throughput_note is not None and self.throughput_tokens_per_s_per_instance is None:
            raise ValueError("throughput_note describes a throughput: give "
                             "throughput_tokens_per_s_per_instance with it")
        return self


PHASES: dict[str, tuple[str, float, float]] = {
    # field: (label, low hours, high hours) — the seed's engineering-hours table
    "data_collection": ("Data collection and curation", 20, 60),
    "data_formatting": ("Data formatting and quality checks", 8, 16),
    "experiment_setup": ("Initial experiment setup", 4, 8),
    "hyperparameter_search": ("Hyperparameter search (3-5 runs)", 8, 16),
    "evaluation_setup": ("Evaluation framework setup", 8, 16),
    "model_evaluation": ("Model evaluation and iteration", 16, 40),
    "deployment": ("Deployment and integration", 8, 24),
    "monitoring": ("Monitoring setup", 4, 8),
}


class EngineeringHours(BaseModel):
    """Engineer hours by phase; defaults are the midpoints of the seed's table."""

    model_config = STRICT

    data_collection: Hours = 40.0
    data_formatting: Hours = 12.0
    experiment_setup: Hours = 6.0
    hyperparameter_search: Hours = 12.0
    evaluation_setup: Hours = 12.0
    model_evaluation: Hours = 28.0
    deployment: Hours = 16.0
    monitoring: Hours = 6.0

    @property
    def total(self) -> float:
        return float(sum(getattr(self, name) for name in PHASES))


class Project(BaseModel):
    """The one-time project: training runs and engineering time."""

    model_config = STRICT

    num_training_runs: Annotated[int, Field(ge=0, le=10_000)] = 8  # seed worked example
    # None: estimate one run from the training plan.
    compute_usd_per_run: Usd | None = None
    engineer_hours: EngineeringHours = EngineeringHours.model_construct()
    engineer_usd_per_hour: Annotated[float, Field(ge=0, le=100_000)] = 150.0  # seed table
    model_lifetime_months: Annotated[float, Field(ge=1, le=600)] = 18.0  # seed
    # Ongoing engineering (engine.ongoing states the sources of these defaults): a model you
    # run yourself is looked after every month and retrained from time to time.
    maintenance_hours_per_month: Annotated[float, Field(ge=0, le=10_000)] = 8.0
    retrain_every_months: Annotated[float, Field(ge=0, le=600)] = 6.0  # 0: never retrained
    retrain_runs: Annotated[int, Field(ge=0, le=10_000)] = 2
    retrain_evaluation_hours: Hours = 16.0


class TrainingPlan(BaseModel):
    """One training run's data and hardware, to estimate its compute cost."""

    model_config = STRICT

    dataset_examples: Annotated[int, Field(ge=1, le=10_000_000_000)] = 50_000  # seed table
    avg_sequence_tokens: Annotated[int, Field(ge=1, le=10_000_000)] = 512  # seed table
    epochs: Annotated[float, Field(gt=0, le=1_000)] = 3.0  # seed table
    gpu: str = "a10g"  # seed: "7B LoRA / 50K examples" on A10G
    spot: bool = True  # seed: spot at 35% of on-demand
    mfu: Annotated[float, Field(gt=0, le=1)] = 0.40  # FLOPs model's utilisation

    @field_validator("gpu")
    @classmethod
    def _known_gpu(cls, value: str) -> str:
        try:
            gpu = gpus.canonical_gpu(value)
        except UnknownGpuError as e:
            raise ValueError(str(e)) from None
        if gpu == "custom":
            raise ValueError("training needs a catalog GPU; type compute_usd_per_run instead")
        return gpu


class QualityFit(BaseModel):
    """Quality costs and the fit questions of the seed's recommendation."""

    model_config = STRICT

    # Equal rates by default: no review delta until someone measures one (seed Q5 uses 2%).
    # The fine-tuned model's rate None: the same as the API's, whatever that is set to.
    human_review_rate_api: Fraction = 0.02
    human_review_rate_ft: Fraction | None = None
    cost_per_review_usd: Annotated[float, Field(ge=0, le=100_000)] = 5.0  # seed
    # The seed collects this and never uses it; we keep it and warn when it is not costed.
    model_quality_multiplier: Annotated[float, Field(gt=0, le=2)] = 1.0
    task_consistency: Level = "medium"
    # Up to a day: "answers by tomorrow" is a latency requirement too, and the one under which
    # a provider's batch API (24-hour turnaround) qualifies.
    latency_requirement_ms: Annotated[int, Field(ge=1, le=86_400_000)] = 2_000
    quality_requirement: Level = "medium"
    team_ml_expertise: bool = True
    iteration_speed_priority: bool = False
    smaller_model_evaluated: bool = False

    @property
    def review_rate_ft(self) -> float:
        """The fine-tuned model's review rate: as given, else the API's (not yet measured)."""
        if self.human_review_rate_ft is None:
            return self.human_review_rate_api
        return self.human_review_rate_ft


class ManagedOption(BaseModel):
    """A managed fine-tuning service as the alternative to self-hosting."""

    model_config = STRICT

    provider: str = "openai"
    base_model: str = "gpt-4o-mini"
    training_usd_per_1m_tokens: Annotated[float, Field(ge=0, le=10_000)] | None = None
    inference_price_multiple: Annotated[float, Field(ge=1, le=100)] | None = None

    @model_validator(mode="after")
    def _known_provider(self) -> Self:
        known = managed_finetuning_prices()
        priced = (self.training_usd_per_1m_tokens is not None
                  and self.inference_price_multiple is not None)
        if self.provider not in known and not priced:
            raise ValueError(
                f"unknown managed fine-tuning provider {self.provider!r}; accepted: "
                + ", ".join(sorted(known))
                + ", or any name with training_usd_per_1m_tokens and inference_price_multiple"
            )
        return self

    @field_validator("base_model")
    @classmethod
    def _known_base_model(cls, value: str) -> str:
        try:
            return api_prices.canonical_model(value)
        except UnknownModelError as e:
            raise ValueError(str(e)) from None


class Alternatives(BaseModel):
    """How the other ways to pay less are costed (engine.options).

    ``candidates`` are API models the person wants costed beside the catalog's own picks;
    ``review_rate`` is a switched model's human-review rate (None: the fine-tuned model's, an
    assumption the report states); ``evaluation_hours`` is the one-time work of proving a
    switched model on your own test set; ``cached_input_share`` is the share of input tokens
    prompt caching would serve from the provider's cache (0: no caching option is costed).
    """

    model_config = STRICT

    candidates: tuple[str, ...] = ()
    review_rate: Fraction | None = None
    evaluation_hours: Hours = 16.0
    cached_input_share: Fraction = 0.0

    @field_validator("candidates")
    @classmethod
    def _known_candidates(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if len(value) > 20:
            raise ValueError(f"{len(value)} candidates given; accepted: at most 20")
        out = []
        for ref in value:
            try:
                out.append(api_prices.canonical_model(ref))
            except UnknownModelError as e:
                raise ValueError(str(e)) from None
        return tuple(dict.fromkeys(out))


class Constraints(BaseModel):
    """What an option must respect to qualify; one that does not stays listed, marked.

    ``data_in_our_cloud``: only options that run on your own GPUs qualify.
    ``no_api_change``: keep today's API or fine-tune; no switch to another model or mode.
    The latency requirement is ``quality.latency_requirement_ms``: a batch API qualifies only
    when answers may take as long as its turnaround.
    """

    model_config = STRICT

    data_in_our_cloud: bool = False
    no_api_change: bool = False


class Range(BaseModel):
    """A low–high range of one numeric input, for the tornado and the uncertainty.

    Either end may be negative only where the input itself may be (a measured monthly growth
    can be a decline): the scenario checks both ends against its input's own bounds.
    """

    model_config = STRICT

    low: Annotated[float, Field(ge=-1e12, le=1e12)]
    high: Annotated[float, Field(ge=-1e12, le=1e12)]

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.low > self.high:
            raise ValueError(f"low ({self.low:g}) must not exceed high ({self.high:g})")
        return self


def _legacy_default_ranges() -> dict[str, Range]:
    """The ranges every scenario carried before they were set around the person's values:
    the seed's hours table and its 5–15 runs. A stored scenario holding exactly these was
    never given ranges by anyone, so they are read as none. Constants, so built without
    validation (which would build Range's validator at import)."""
    ranges = {
        f"project.engineer_hours.{name}": Range.model_construct(low=float(low), high=float(high))
        for name, (_, low, high) in PHASES.items()
    }
    ranges["project.num_training_runs"] = Range.model_construct(low=5.0, high=15.0)  # seed
    return ranges


LEGACY_DEFAULT_RANGES: dict[str, Range] = _legacy_default_ranges()


class Scenario(BaseModel):
    """Every input of one fine-tune-or-API question."""

    model_config = STRICT

    workload: Workload = Workload.model_construct()
    # The two defaults that name an API model are built without validation: checking
    # "gpt-4o" against genai-prices here would load its whole price table whenever the
    # models are imported (``ftroi --help`` included); tests/engine/test_models.py checks
    # that each default validates to itself.
    api: ApiChoice = ApiChoice.model_construct()
    model: FineTunedModel = FineTunedModel.model_construct()
    project: Project = Project.model_construct()
    training: TrainingPlan = TrainingPlan.model_construct()
    quality: QualityFit = QualityFit.model_construct()
    managed: ManagedOption = ManagedOption.model_construct()
    alternatives: Alternatives = Alternatives.model_construct()
    constraints: Constraints = Constraints.model_construct()
    # Explicit low–high ranges; inputs without one get a range around their own value
    # (engine.spreads).
    ranges: dict[str, Range] = Field(default_factory=dict)
    # The usage export the workload was measured from, when it was (engine.measurement):
    # kept so every later analysis of this scenario says where those values came from.
    measured: Measurement | None = None

    @field_validator("ranges")
    @classmethod
    def _ranges_name_numeric_inputs(cls, value: dict[str, Range]) -> dict[str, Range]:
        if value == LEGACY_DEFAULT_RANGES:
            return {}
        for path, r in value.items():
            if path not in numeric_input_paths():
                raise ValueError(
                    f"range for {path!r}: not a numeric input; accepted: "
                    + ", ".join(sorted(numeric_input_paths()))
                )
            low, high = _NUMERIC_BOUNDS[path]
            for end, v in (("low", r.low), ("high", r.high)):
                if not low <= v <= high:
                    raise ValueError(f"range for {path!r}: {end} {v:g} is not accepted — the "
                                     f"input takes {low:g} to {high:g}")
        return value

    @model_validator(mode="after")
    def _ranges_fit_their_inputs(self) -> Self:
        """A range varies a value the scenario has (not one left to the catalogs) and stays
        within that input's own bounds (a review rate's range is within 0–1)."""
        for path, span in self.ranges.items():
            node: object = self
            for part in path.split("."):
                node = getattr(node, part)
            if path == "quality.human_review_rate_ft":
                node = self.quality.review_rate_ft  # the API's until measured: a value still
            if node is None:
                raise ValueError(f"range for {path!r}: this scenario leaves {path} to the "
                                 "catalogs or the engine; set a value for it to give it a range")
            low, low_open, high, high_open = input_bounds(path)
            limits = ", ".join(
                [*([f"{'more than' if low_open else 'at least'} {low:g}"] if low is not None
                   else []),
                 *([f"{'under' if high_open else 'at most'} {high:g}"] if high is not None
                   else [])])
            for end, x in (("low", span.low), ("high", span.high)):
                if (low is not None and (x < low or (low_open and x == low))) or \
                        (high is not None and (x > high or (high_open and x == high))):
                    raise ValueError(f"range for {path!r}: {end} {x:g} is outside the input's "
                                     f"own bounds ({limits})")
        return self

    def get(self, path: str) -> float:
        """The numeric input at a dotted path, e.g. ``workload.requests_per_day``."""
        node: object = self
        for part in path.split("."):
            node = getattr(node, part)
        if not isinstance(node, int | float) or isinstance(node, bool):
            raise ValueError(f"{path} is not a numeric input")
        return float(node)

    def with_value(self, path: str, value: object) -> Scenario:
        """A copy with one input changed, validated like any other input."""
        return self.with_values({path: value})

    def with_values(self, changes: Mapping[str, object]) -> Scenario:
        """A copy with inputs changed by dotted path, validated once as a whole."""
        data = self.model_dump()
        for path, value in changes.items():
            node = data
            *parents, leaf = path.split(".")
            for part in parents:
                child = node.get(part)
                node = child if isinstance(child, dict) else {}
            if leaf not in node:
                raise ValueError(f"{path} is not an input")
            node[leaf] = value
        return Scenario.model_validate(data)


@cache
def default_value(path: str) -> float:
    """The default scenario's numeric input at ``path`` (a constant: read once per path).

    >>> default_value("project.engineer_usd_per_hour")
    150.0
    """
    return Scenario().get(path)


def numeric_input_paths() -> frozenset[str]:
    """Every dotted path of a numeric input a range may be given for."""
    return _NUMERIC_PATHS


def input_bounds(path: str) -> tuple[float | None, bool, float | None, bool]:
    """(low, low is excluded, high, high is excluded) of a numeric input, from its model.

    >>> input_bounds("quality.human_review_rate_api"), input_bounds("project.num_training_runs")
    ((0, False, 1, False), (0, False, 10000, False))
    """
    model: type[BaseModel] = Scenario
    *tables, leaf = path.split(".")
    for table in tables:
        annotation = model.model_fields[table].annotation
        assert isinstance(annotation, type) and issubclass(annotation, BaseModel)
        model = annotation
    info = model.model_fields[leaf]
    metadata = list(info.metadata)
    for arg in get_args(info.annotation):
        if get_origin(arg) is Annotated:
            metadata += [m for extra in get_args(arg)[1:] for m in getattr(extra, "metadata", [])]
    low = high = None
    low_open = high_open = False
    for m in metadata:
        for name, is_low, is_open in (("ge", True, False), ("gt", True, True),
                                      ("le", False, False), ("lt", False, True)):
            bound = getattr(m, name, None)
            if bound is None:
                continue
            if is_low:
                low, low_open = bound, is_open
            else:
                high, high_open = bound, is_open
    return low, low_open, high, high_open


def _numeric_paths(model: type[BaseModel], prefix: str) -> set[str]:
    paths: set[str] = set()
    for name, field in model.model_fields.items():
        annotation = field.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            paths |= _numeric_paths(annotation, f"{prefix}{name}.")
        elif _is_number(annotation):
            paths.add(f"{prefix}{name}")
    return paths


def _bounds(model: type[BaseModel], prefix: str) -> dict[str, tuple[float, float]]:
    """The (lowest, highest) value each numeric input under ``model`` accepts."""
    bounds: dict[str, tuple[float, float]] = {}
    for name, field in model.model_fields.items():
        annotation = field.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            bounds |= _bounds(annotation, f"{prefix}{name}.")
        elif _is_number(annotation):
            low, high = -math.inf, math.inf
            for rule in [*field.metadata, *_nested_rules(annotation)]:
                low = max(low, float(getattr(rule, "ge", getattr(rule, "gt", low))))
                high = min(high, float(getattr(rule, "le", getattr(rule, "lt", high))))
            bounds[f"{prefix}{name}"] = (low, high)
    return bounds


def _nested_rules(annotation: object) -> list[object]:
    """The constraints inside ``Annotated[…, Field(…)] | None``."""
    if get_origin(annotation) is Annotated:
        return [rule for extra in get_args(annotation)[1:]
                for rule in getattr(extra, "metadata", [extra])]
    return [rule for arg in get_args(annotation) for rule in _nested_rules(arg)]


def _is_number(annotation: object) -> bool:
    leaves = set(_leaf_types(annotation))
    return bool(leaves & {int, float}) and bool not in leaves


def _leaf_types(annotation: object) -> list[object]:
    if get_origin(annotation) is Annotated:
        return _leaf_types(get_args(annotation)[0])
    args = get_args(annotation)
    if args:
        return [leaf for arg in args for leaf in _leaf_types(arg)]
    return [annotation]


_NUMERIC_PATHS = frozenset(
    _numeric_paths(Workload, "workload.")
    | _numeric_paths(FineTunedModel, "model.")
    | _numeric_paths(Project, "project.")
    | _numeric_paths(TrainingPlan, "training.")
    | _numeric_paths(QualityFit, "quality.")
    | _numeric_paths(ManagedOption, "managed.")
    | _numeric_paths(Alternatives, "alternatives.")
    | _numeric_paths(ApiChoice, "api.")
)
_NUMERIC_BOUNDS: dict[str, tuple[float, float]] = {
    path: bound
    for model, prefix in ((Workload, "workload."), (FineTunedModel, "model."),
                          (Project, "project."), (TrainingPlan, "training."),
                          (QualityFit, "quality."), (ManagedOption, "managed."),
                          (ApiChoice, "api."), (Alternatives, "alternatives."))
    for path, bound in _bounds(model, prefix).items()
}
