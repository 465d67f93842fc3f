"""The guided intake's steps (PRODUCT.md §3): what each asks, its presets and its help.

A step is one :class:`Step`: an id, a title, the question and a note, and presets. Its
fields are the registry's (:mod:`bot.dialogue.parse.registry`: each field names the step
that asks it), so adding a field is one registry entry, and the step's help — every field
with an example that reads as it — is built from them. Nothing here states a default: every
default is the engine's (``Scenario()``, or the catalogs for the values left to them), and a
preset is written as the answer a person would type (read by the parser, like any answer)
or computed from the engine's own tables.

The last step, ``name``, has no scenario fields: it names the scenario and saves it.

>>> [s.id for s in STEPS]
['workload', 'api', 'serving', 'project', 'quality', 'name']
>>> step("api").presets[1].label
'GPT-4o mini'
>>> field_of("model.gpus_per_instance").label
'GPU'
>>> print(step("api").help)  # doctest: +ELLIPSIS
Type several values in one line; typed prices win over the catalog's, and a saved ...
API model, e.g. 'gpt-4o', 'claude 3.5 sonnet', 'we're on gpt-4o-mini'
API input price, e.g. '$2.50/1M in'
API output price, e.g. '$10/1M out'
models to compare, e.g. 'compare with claude-haiku-4-5, gpt-5-mini'
cached input share, e.g. '40% cached'
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from bot.dialogue.parse import FieldSpec, ParseError, asked_by, parse_step_answer
from bot.dialogue.parse.registry import in_step
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
    """One message of the intake: its fields are the registry's for its ``id``."""

    id: str
    title: str
    question: str
    note: str = ""
    presets: tuple[Preset, ...] = ()

    @property
    def fields(self) -> tuple[FieldSpec, ...]:
        return in_step(self.id)

    @property
    def paths(self) -> tuple[str, ...]:
        return tuple(f.path for f in self.fields)

    @property
    def owned(self) -> Mapping[str, str]:
        """Scenario paths no field asks for but a field's answers set, to that field (``2x
        a10g`` sets ``model.gpus_per_instance`` through the GPU), so an error there is shown
        on the field a person typed into."""
        return {owned: f.path for f in self.fields for owned in f.owns}

    @property
    def help(self) -> str:
        """The note, then every field with the registry's examples of it."""
        lines = [self.note] if self.note else []
        for f in self.fields:
            examples = ", ".join(f"'{e}'" for e in f.examples) or f.kind.example
            lines.append(f"{f.label}, e.g. {examples}")
        return "\n".join(lines)


def _phase_hours(pick: int) -> dict[str, object]:
    """Every phase's hours from the source document's table: 0 low, 1 high, 2 midpoint."""
    return {
        f"project.engineer_hours.{phase}": (low, high, (low + high) / 2)[pick]
        for phase, (_, low, high) in PHASES.items()
    }


STEPS: tuple[Step, ...] = (
    Step(
        id="workload",
        title="Workload",
        question="How much traffic will the model serve? Requests a day and the average "
                 "request's input and output tokens (or tokens a day with an in/out split); "
                 "optionally monthly growth and a traffic shape for autoscaling.",
        note="Type several values in one line, e.g. '80k requests a day, 600 in and 250 out' "
             "or '2.5M tokens/day, 70% input'. A traffic shape needs both the peak hours and "
             "the off-peak share; without one the fleet serves 24/7.",
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
        note="Type several values in one line; typed prices win over the catalog's, and a "
             "saved scenario keeps the date it was priced at.",
        presets=(
            Preset("GPT-4o", "gpt-4o"),
            Preset("GPT-4o mini", "gpt-4o mini"),
            Preset("Claude 3.5 Sonnet", "claude 3.5 sonnet"),
            Preset("Claude 3 Haiku", "claude 3 haiku"),
        ),
    ),
    Step(
        id="serving",
        title="Fine-tuned model and serving",
        question="Which open model would you fine-tune, and how would you serve it? Model "
                 "size and method, GPU instance, how many instances (or 'auto'), on-demand / "
                 "spot / reserved, quantisation and inference engine.",
        note="Type several values in one line, e.g. '70b qlora on 2x a100 80gb, spot'. A "
             "custom GPU is typed with its instance price and throughput ('$3.20/h custom "
             "gpu, 2,000 tok/s throughput'); typed prices win over the catalog's.",
        presets=(
            Preset("7B LoRA on A10G ×1", "7b lora, 1x a10g"),
            Preset("13B LoRA on A100 40GB", "13b lora, a100 40gb"),
            Preset("70B QLoRA on 2× A100 80GB", "70b qlora, 2x a100 80gb"),
            Preset("8B LoRA on L4", "8b lora, l4"),
        ),
    ),
    Step(
        id="project",
        title="Project and team",
        question="What does building it take? Training runs, compute per run (typed, or "
                 "estimated from dataset examples × sequence length × epochs on a training "
                 "GPU), engineering time (in total, or for each phase), the engineer rate, the "
                 "model's lifetime, and its upkeep: maintenance hours a month and retraining.",
        note="Type several values in one line, e.g. '8 runs, 2 people for 6 weeks, $200k/year'."
             " Leave compute per run unset to estimate it. Effort in total is spread over the "
             "phases in the source document's proportions; a salary is per working hour "
             "(2,080 a year). The presets fill every phase from the source document's table.",
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
                 "fit score: task consistency, latency requirement, quality bar, the team's ML "
                 "expertise and whether iteration speed comes first. And any constraint: must "
                 "the data stay in your cloud, or the API stay as it is?",
        note="Type several values in one line, e.g. '2% api, 5% fine-tuned, $5 per review'. "
             "A higher review rate for the fine-tuned model is a cost that grows with volume.",
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
        note="Any name of 1–80 characters, unique in the workspace. To name a scenario after "
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
    return asked_by(path)


def step_of(path: str) -> Step:
    """The step that asks for (or owns) ``path``; the name step for ``"name"``."""
    if path == NAME:
        return _BY_ID[NAME]
    step_id = asked_by(path).step
    assert step_id is not None
    return _BY_ID[step_id]


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

