"""The scenario inputs a modal offers, and how each is written so the parser reads it back.

A :class:`ModalField` pairs the dialogue's :class:`~bot.dialogue.parse.FieldSpec` (path,
label, kind, unit) with how the modal shows it. Fields with ``choices`` are a static select
whose option values are the scenario's own values; the others are plain-text inputs whose
initial value :func:`initial_text` writes by :mod:`engine.figures`'s rule when that reads
back exactly with :func:`~bot.dialogue.parse.read_field`, and exactly otherwise (so
``0.123456`` is not shown as ``12.3%``). A submission is therefore read with
``read_field(text, field.spec)``, the same parser a typed answer goes through.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.dialogue.parse import FieldSpec, ParseError, format_count, format_money, read_field
from bot.reports.card import gpu_label
from engine.catalog.gpus import GpuCatalog, load_gpu_catalog
from engine.figures import count, months, percent, quantity, unit_usd, usd
from engine.models import Scenario

__all__ = ["GROUPS", "ModalField", "current", "initial_text", "scenario_fields"]

GROUPS = ("Workload", "Current API", "Fine-tuned model and serving", "Project and team",
          "Quality and fit")
_LEVELS = (("high", "High"), ("medium", "Medium"), ("low", "Low"))
_YES_NO = (("yes", "Yes"), ("no", "No"))
_SUFFIX = {"USD/hour": "/hour", "USD/1M tokens": "/1M tokens", "USD/review": " per review",
           "USD/run": " per run", "USD/month": "/month", "USD": ""}


@dataclass(frozen=True)
class ModalField:
    """One input: its spec, its group, a hint, whether empty is allowed (and means "not
    set": the catalog's price, an estimate), and the choices of a select."""

    spec: FieldSpec
    group: str
    hint: str | None = None
    optional: bool = False
    choices: tuple[tuple[str, str], ...] = ()


def _f(path: str, label: str, kind: str, unit: str | None, group: int, *,
       hint: str | None = None, optional: bool = False,
       choices: tuple[tuple[str, str], ...] = ()) -> ModalField:
    spec = FieldSpec(path, label, kind, unit)  # type: ignore[arg-type]
    return ModalField(spec, GROUPS[group], hint, optional, choices)


def scenario_fields(catalog: GpuCatalog | None = None) -> tuple[ModalField, ...]:
    """The main inputs of a scenario, by the intake's steps."""
    gpus = catalog or load_gpu_catalog()
    gpu_choices = (*((k, gpu_label(k, catalog=gpus)) for k in gpus.specs),
                   ("custom", "Custom GPU (its price below)"))
    return (
        _f("workload.requests_per_day", "Requests per day", "count", "requests/day", 0),
        _f("workload.avg_input_tokens_per_request", "Input tokens per request", "count",
           "tokens/request", 0),
        _f("workload.avg_output_tokens_per_request", "Output tokens per request", "count",
           "tokens/request", 0),
        _f("workload.monthly_growth_rate", "Monthly growth", "rate", "fraction/month", 0,
           hint="e.g. 5% or -2%; 0% for flat traffic"),
        _f("api.model", "API model", "api_model", None, 1, optional=True,
           hint="e.g. gpt-4o, claude 3.5 sonnet; empty to use only the prices below"),
        _f("api.input_usd_per_1m_tokens", "API input price per 1M tokens", "money",
           "USD/1M tokens", 1, optional=True, hint="Empty: the catalog's price"),
        _f("api.output_usd_per_1m_tokens", "API output price per 1M tokens", "money",
           "USD/1M tokens", 1, optional=True, hint="Empty: the catalog's price"),
        _f("model.model_size_b", "Model size (billions of parameters)", "ft_model", None, 2,
           hint="e.g. 7, 13, 70"),
        _f("model.method", "Method", "method", None, 2,
           choices=(("lora", "LoRA"), ("qlora", "QLoRA"), ("full", "Full fine-tuning"))),
        _f("model.gpu", "GPU", "gpu", None, 2, choices=tuple(gpu_choices)),
        _f("model.gpus_per_instance", "GPUs per instance", "integer", None, 2, optional=True,
           hint="Empty: as many as the model needs"),
        _f("model.num_instances", "Instances", "instances", None, 2,
           hint="A number, or 'auto' to size the fleet from throughput and utilisation"),
        _f("model.pricing", "Pricing", "pricing", None, 2,
           choices=(("on_demand", "On-demand"), ("spot", "Spot"), ("reserved", "Reserved"))),
        _f("model.instance_usd_per_hour", "Instance price per hour", "money", "USD/hour", 2,
           optional=True, hint="The whole instance; empty: the catalog's"),
        _f("model.quantisation", "Quantisation", "quantisation", None, 2,
           choices=(("bf16", "bf16 (none)"), ("fp8", "fp8"), ("int8", "int8"),
                    ("int4", "int4"))),
        _f("model.engine", "Inference engine", "engine", None, 2,
           choices=(("vllm", "vLLM"), ("tensorrt-llm", "TensorRT-LLM"),
                    ("transformers", "Transformers"))),
        _f("model.target_utilisation", "Target utilisation", "rate", "fraction", 2),
        _f("project.num_training_runs", "Training runs", "integer", "runs", 3),
        _f("project.compute_usd_per_run", "Compute per training run", "money", "USD/run", 3,
           optional=True, hint="Empty: estimated from the training plan"),
        _f("project.engineer_usd_per_hour", "Engineer rate per hour", "money", "USD/hour", 3),
        _f("project.model_lifetime_months", "Model lifetime", "duration", "months", 3),
        _f("quality.human_review_rate_api", "Human review rate with the API", "rate",
           "fraction", 4),
        _f("quality.human_review_rate_ft", "Human review rate with the fine-tuned model",
           "rate", "fraction", 4),
        _f("quality.cost_per_review_usd", "Cost per review", "money", "USD/review", 4),
        _f("quality.task_consistency", "Task consistency", "level", None, 4, choices=_LEVELS),
        _f("quality.quality_requirement", "Quality requirement", "level", None, 4,
           choices=_LEVELS),
        _f("quality.latency_requirement_ms", "Latency requirement", "duration", "ms", 4),
        _f("quality.team_ml_expertise", "Team has ML expertise", "bool", None, 4,
           choices=_YES_NO),
        _f("quality.iteration_speed_priority", "Iteration speed is a priority", "bool", None,
           4, choices=_YES_NO),
    )


def current(inputs: Scenario, path: str) -> object:
    """The scenario's value at a dotted path, whatever its type."""
    node: object = inputs
    for part in path.split("."):
        node = getattr(node, part)
    return node


def _candidates(spec: FieldSpec, value: object) -> list[str]:
    """Ways to write ``value``, the display rule first, an exact form last."""
    if value is None:
        return ["auto"] if spec.kind == "instances" else [""]
    if isinstance(value, bool):
        return ["yes" if value else "no"]
    if isinstance(value, str):
        return [value]
    v = float(value)  # type: ignore[arg-type]
    unit = spec.unit or ""
    if spec.kind in ("count", "integer", "instances"):
        return [count(v), format_count(v)]
    if spec.kind == "money":
        suffix = _SUFFIX.get(unit, "")
        return [unit_usd(v) + suffix, usd(v) + suffix, format_money(v, unit or "USD")]
    if spec.kind == "rate":
        return [percent(v), repr(v)]
    if spec.kind == "duration":
        if unit == "months":
            return [months(v), f"{quantity(v)} months", f"{v!r} months"]
        return [f"{quantity(v)} {unit}", f"{v!r} {unit}"]
    return [quantity(v), repr(v)]


def initial_text(field: ModalField, value: object) -> str:
    """``value`` written for ``field``'s input: the display rule's text when it reads back
    to exactly ``value``, else an exact form; "" for an empty optional value."""
    options = _candidates(field.spec, value)
    for text in options:
        if not text:
            return text
        try:
            if read_field(text, field.spec).values.get(field.spec.path) == value:
                return text
        except ParseError:
            continue
    return options[-1]
