"""The guided intake's steps as data (PRODUCT.md §3): what each asks, its fields, its presets.

A step is one :class:`Step`: an id, a title, the question, its fields (the parser's
:class:`~bot.dialogue.parse.FieldSpec`, so a typed answer is read by the same rules
everywhere), presets and help. Adding a field is one ``FieldSpec`` line in its step; adding a
step is one ``Step`` in :data:`STEPS`. Nothing here states a default: every default is the
engine's (``Scenario()``, or the catalogs for the values left to them), and a preset is
written as the answer a person would type (read by the parser, like any answer) or computed
from the engine's own tables.

The last step, ``name``, has no scenario fields: it names the scenario and saves it.

>>> [s.id for s in STEPS]
['workload', 'api', 'serving', 'project', 'quality', 'name']
>>> step("api").presets[1].label
'GPT-4o mini'
>>> field_of("model.gpus_per_instance").label
'GPU'
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache

from bot.dialogue.parse import FieldSpec, ParseError, parse_step_answer
from engine.models import PHASES

__all__ = [
    "NAME",
    "STEPS",
    "Preset",
    "Step",
    "all_fields",
    "field_of",
    "preset_values",
    "step",
    "step_of",
]

NAME = "name"
"""The id of the last step and the key of its one value: the scenario's name."""


@dataclass(frozen=True)
class Preset:
    """A one-click answer: ``answer`` is read by the parser like typed text; ``values``
    (dotted path → value) is used as is. One of the two is given."""

    label: str
    answer: str | None = None
    values: Mapping[str, object] | None = None

    def __post_init__(self) -> None:
        if (self.answer is None) == (self.values is None):
            raise ValueError(f"preset {self.label!r}: give exactly one of answer and values")


@dataclass(frozen=True)
class Step:
    """One message of the intake.

    ``owned`` maps a scenario path that no field asks for, but that a field's answers set,
    to that field (``2x a10g`` sets ``model.gpus_per_instance`` through the GPU field), so
    an error there is shown on the field a person typed into.
    """

    id: str
    title: str
    question: str
    help: str
    fields: tuple[FieldSpec, ...] = ()
    presets: tuple[Preset, ...] = ()
    owned: Mapping[str, str] = field(default_factory=dict)

    @property
    def paths(self) -> tuple[str, ...]:
        return tuple(f.path for f in self.fields)


def _hours(phase: str, label: str, *cues: str) -> FieldSpec:
    return FieldSpec(f"project.engineer_hours.{phase}", f"{label} hours", "count", "hours", cues)


def _phase_hours(pick: int) -> dict[str, object]:
    """Every phase's hours from the source document's table: 0 low, 1 high, 2 midpoint."""
    return {
        f"project.engineer_hours.{phase}": (low, high, (low + high) / 2)[pick]
        for phase, (_, low, high) in PHASES.items()
    }


_PHASE_CUES: dict[str, tuple[str, ...]] = {
    "data_collection": ("collection", "curation"),
    "data_formatting": ("formatting",),
    "experiment_setup": ("experiment",),
    "hyperparameter_search": ("hyperparameter", "hyperparameters", "hparam"),
    "evaluation_setup": ("evaluation setup", "eval setup"),
    "model_evaluation": ("model evaluation", "iteration"),
    "deployment": ("deployment", "integration"),
    "monitoring": ("monitoring",),
}

STEPS: tuple[Step, ...] = (
    Step(
        id="workload",
        title="Workload",
        question="How much traffic will the model serve? Requests a day and the average "
                 "request's input and output tokens (or tokens a day with an in/out split); "
                 "optionally monthly growth and a traffic shape for autoscaling.",
        help="Type several values in one line, e.g. '80k requests a day, 600 in and 250 out' "
             "or '2.5M tokens/day, 70% input'. Growth is monthly ('5% growth'). A traffic "
             "shape needs both peak hours a day and the off-peak share of traffic "
             "('10 peak hours, 15% off-peak'); without one the fleet serves 24/7.",
        fields=(
            FieldSpec("workload.requests_per_day", "requests/day", "count", "requests/day",
                      ("requests", "req", "calls")),
            FieldSpec("workload.avg_input_tokens_per_request", "input tokens/request", "count",
                      "tokens/request", ("input", "in", "prompt")),
            FieldSpec("workload.avg_output_tokens_per_request", "output tokens/request",
                      "count", "tokens/request", ("output", "out", "completion")),
            FieldSpec("workload.monthly_growth_rate", "monthly growth", "rate",
                      "fraction/month", ("growth", "growing", "grows")),
            FieldSpec("workload.peak_hours_per_day", "peak hours/day", "duration", "hours",
                      ("peak",)),
            FieldSpec("workload.off_peak_traffic_share", "off-peak traffic share", "rate",
                      "fraction", ("off-peak", "off peak", "offpeak")),
        ),
        presets=(
            Preset("Support chat: 50k requests/day, 500 in, 200 out",
                   "50k requests a day, 500 in, 200 out"),
            Preset("Classifier: 200k requests/day, 300 in, 5 out",
                   "200k requests a day, 300 in, 5 out"),
            Preset("RAG answers: 20k requests/day, 3,000 in, 300 out",
                   "20k requests a day, 3000 in, 300 out"),
            Preset("Document summaries: 5k requests/day, 4,000 in, 500 out",
                   "5k requests a day, 4000 in, 500 out"),
            Preset("Office-hours traffic: 10 peak hours/day, 10% off-peak",
                   "10 hours peak, 10% off-peak"),
        ),
    ),
    Step(
        id="api",
        title="Current API",
        question="Which API model do you use today? Its prices come from the catalog at "
                 "today's date; or type your own $/1M input and output prices.",
        help="Name a model as you would say it ('gpt-4o', 'claude 3.5 sonnet', 'GPT-4o "
             "mini') or type prices per 1M tokens ('$2.50/1M in, $10/1M out'); typed prices "
             "win over the catalog's. A saved scenario keeps the date it was priced at.",
        fields=(
            FieldSpec("api.model", "API model", "api_model", None, ("model",)),
            FieldSpec("api.input_usd_per_1m_tokens", "API input price", "money",
                      "USD/1M tokens", ("input", "in", "prompt")),
            FieldSpec("api.output_usd_per_1m_tokens", "API output price", "money",
                      "USD/1M tokens", ("output", "out", "completion")),
        ),
        presets=(
            Preset("GPT-4o", "gpt-4o"),
            Preset("GPT-4o mini", "gpt-4o mini"),
            Preset("Claude 3.5 Sonnet", "claude 3.5 sonnet"),
            Preset("Claude 3 Haiku", "claude 3 haiku"),
        ),
        owned={"api.priced_at": "api.model", "api.price_book": "api.model"},
    ),
    Step(
        id="serving",
        title="Fine-tuned model and serving",
        question="Which open model would you fine-tune, and how would you serve it? Model "
                 "size and method, GPU instance, how many instances (or 'auto'), on-demand / "
                 "spot / reserved, quantisation and inference engine.",
        help="'7b qlora', '2x a10g' (two GPUs in one instance), '3 instances' (replicas) or "
             "'auto' to size the fleet from throughput and the target utilisation, 'spot', "
             "'fp8', 'int4', 'vllm'. A custom GPU is typed with its instance price and throughput "
             "('$3.20/h custom gpu, 2,000 tok/s'). Typed prices win over the catalog's.",
        fields=(
            FieldSpec("model.model_size_b", "fine-tuned model", "ft_model", None,
                      ("model", "size")),
            FieldSpec("model.method", "method", "method", None, ("method",)),
            FieldSpec("model.gpu", "GPU", "gpu", None, ("gpu", "gpus")),
            FieldSpec("model.num_instances", "instances", "instances", None,
                      ("instances", "instance", "replicas")),
            FieldSpec("model.pricing", "pricing", "pricing", None, ("pricing",)),
            FieldSpec("model.quantisation", "quantisation", "quantisation", None,
                      ("quantisation", "quantization")),
            FieldSpec("model.engine", "inference engine", "engine", None, ("engine",)),
            FieldSpec("model.instance_usd_per_hour", "instance price", "money", "USD/hour",
                      ("instance price", "price")),
            FieldSpec("model.target_utilisation", "target utilisation", "rate", "fraction",
                      ("utilisation", "utilization", "target")),
            FieldSpec("model.throughput_tokens_per_s_per_instance", "throughput per instance",
                      "count", "tokens/second", ("throughput",)),
        ),
        presets=(
            Preset("7B LoRA on A10G ×1", "7b lora, 1x a10g"),
            Preset("13B LoRA on A100 40GB", "13b lora, a100 40gb"),
            Preset("70B QLoRA on 2× A100 80GB", "70b qlora, 2x a100 80gb"),
            Preset("8B LoRA on L4", "8b lora, l4"),
        ),
        owned={"model.gpus_per_instance": "model.gpu"},
    ),
    Step(
        id="project",
        title="Project and team",
        question="What does building it take? Training runs, compute per run (typed, or "
                 "estimated from dataset examples × sequence length × epochs on a training "
                 "GPU), engineer hours for each phase, the hourly rate and the model's "
                 "lifetime.",
        help="'8 runs, $40 compute per run', '50k examples, 512 sequence tokens, 3 epochs, "
             "training gpu a100 80gb', 'collection 60h, deployment 24h', '$150/h engineer "
             "rate', 'lifetime 18 months'. Leave compute per run unset to estimate it. The "
             "presets fill every phase from the source document's table (low, midpoint or "
             "high hours).",
        fields=(
            FieldSpec("project.num_training_runs", "training runs", "integer", "runs",
                      ("runs",)),
            FieldSpec("project.compute_usd_per_run", "compute per run", "money", "USD/run",
                      ("compute",)),
            FieldSpec("training.dataset_examples", "dataset examples", "integer", "examples",
                      ("examples", "dataset")),
            FieldSpec("training.avg_sequence_tokens", "sequence tokens/example", "integer",
                      "tokens", ("sequence", "seq")),
            FieldSpec("training.epochs", "epochs", "count", "epochs", ("epochs",)),
            FieldSpec("training.gpu", "training GPU", "gpu", None, ("training gpu", "train on")),
            FieldSpec("training.spot", "train on spot instances", "bool", None, ("spot",)),
            *(_hours(phase, label.split(" (")[0].lower(), *_PHASE_CUES[phase])
              for phase, (label, _, _) in PHASES.items()),
            FieldSpec("project.engineer_usd_per_hour", "engineer rate", "money", "USD/hour",
                      ("rate", "engineer", "hourly")),
            FieldSpec("project.model_lifetime_months", "model lifetime", "duration", "months",
                      ("lifetime", "life")),
        ),
        presets=(
            Preset("Seed table: low hours", values=_phase_hours(0)),
            Preset("Seed table: midpoint hours", values=_phase_hours(2)),
            Preset("Seed table: high hours", values=_phase_hours(1)),
        ),
    ),
    Step(
        id="quality",
        title="Quality and fit",
        question="How often does a person review an answer, with the API and with the "
                 "fine-tuned model, and what does a review cost? Then, for the "
                 "recommendation: task consistency, latency requirement, quality bar, the "
                 "team's ML expertise and whether iteration speed comes first.",
        help="'2% api, 5% fine-tuned, $5 per review', 'high consistency', 'latency 500 ms', "
             "'quality high', 'expertise no', 'iteration yes'. A higher review rate for the "
             "fine-tuned model is a cost that grows with volume.",
        fields=(
            FieldSpec("quality.human_review_rate_api", "review rate with the API", "rate",
                      "fraction", ("api",)),
            FieldSpec("quality.human_review_rate_ft", "review rate fine-tuned", "rate",
                      "fraction", ("fine-tuned", "finetuned", "ft")),
            FieldSpec("quality.cost_per_review_usd", "cost per review", "money", "USD/review",
                      ("review", "per review")),
            FieldSpec("quality.task_consistency", "task consistency", "level", None,
                      ("consistency", "consistent")),
            FieldSpec("quality.latency_requirement_ms", "latency requirement", "duration", "ms",
                      ("latency",)),
            FieldSpec("quality.quality_requirement", "quality requirement", "level", None,
                      ("quality",)),
            FieldSpec("quality.team_ml_expertise", "team has ML expertise", "bool", None,
                      ("expertise",)),
            FieldSpec("quality.iteration_speed_priority", "iteration speed is a priority",
                      "bool", None, ("iteration",)),
            FieldSpec("quality.smaller_model_evaluated", "a smaller model was tried", "bool",
                      None, ("smaller",)),
        ),
        presets=(
            Preset("Source document: review 2% with the API, 5% fine-tuned, $5 each",
                   "2% api, 5% fine-tuned, $5 per review"),
            Preset("Narrow, consistent task: high consistency, 500 ms latency",
                   "high consistency, latency 500 ms"),
            Preset("Open-ended task: low consistency, high quality bar",
                   "low consistency, quality high"),
        ),
    ),
    Step(
        id=NAME,
        title="Name and save",
        question="What should this scenario be called? Enter keeps the name shown.",
        help="Any name of 1–80 characters, unique in the workspace. To name a scenario after "
             "a command word, write 'name: back'.",
    ),
)

_BY_ID = {s.id: s for s in STEPS}


def step(step_id: str) -> Step:
    """The step with this id; ``KeyError`` naming the accepted ids otherwise."""
    try:
        return _BY_ID[step_id]
    except KeyError:
        raise KeyError(f"unknown step {step_id!r}; accepted: {', '.join(_BY_ID)}") from None


def all_fields() -> tuple[FieldSpec, ...]:
    """Every field of every step, in the order asked."""
    return tuple(f for s in STEPS for f in s.fields)


def field_of(path: str) -> FieldSpec:
    """The field a scenario path is asked by (or set through, for an owned path)."""
    for s in STEPS:
        owner = s.owned.get(path, path)
        for f in s.fields:
            if f.path == owner:
                return f
    raise KeyError(f"no step asks for {path!r}")


def step_of(path: str) -> Step:
    """The step that asks for (or owns) ``path``; the name step for ``"name"``."""
    if path == NAME:
        return _BY_ID[NAME]
    for s in STEPS:
        if path in s.paths or path in s.owned:
            return s
    raise KeyError(f"no step asks for {path!r}")


@cache
def preset_values(step_id: str, index: int) -> Mapping[str, object]:
    """What a preset sets, by dotted path (a typed-answer preset is read by the parser).

    >>> preset_values("serving", 0)["model.gpus_per_instance"]
    1
    """
    s = step(step_id)
    preset = s.presets[index]
    if preset.values is not None:
        return dict(preset.values)
    parsed = parse_step_answer(preset.answer or "", s.fields)
    if not parsed.complete:
        raise ParseError(f"preset {preset.label!r} of step {step_id!r} does not read whole: "
                         + "; ".join(u.message for u in parsed.unread))
    return parsed.values

