"""The draft against the engine: compose it into a ``Scenario``, validate it whole, and say
where a problem is.

Every answer is applied to the draft and the **whole** scenario is validated by the engine's
models, then resolved against the catalogs (a model that does not fit its GPUs, a GPU with
no price): what the engine refuses comes back keyed by the field a person typed into, with
that field's label, what was typed and what is accepted.

>>> from datetime import date
>>> checked = check(Scenario(), {"model.target_utilisation": 3.0}, today=date(2026, 11, 24),
...                 texts={"model.target_utilisation": "300%"})
>>> checked.errors["model.target_utilisation"]
"target utilisation: '300%' is not accepted — Input should be less than or equal to 1"
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pydantic import ValidationError

from bot.dialogue.display import with_unit
from bot.dialogue.parse import FieldSpec
from bot.dialogue.parse.text import quote
from bot.dialogue.state import Scalar
from bot.dialogue.steps import STEPS, Step, field_of, step_of
from engine.errors import EngineError
from engine.models import Scenario
from engine.resolve import Resolved, resolve
from engine.serving import plan_serving
from engine.training import estimate_training_cost

__all__ = ["Checked", "check", "compose"]


def compose(base: Scenario, draft: Mapping[str, Scalar]) -> Scenario:
    """``base`` with the draft's values at their paths, validated whole (``ValidationError``)."""
    return base.with_values(draft)


@dataclass(frozen=True)
class Checked:
    """A draft that the engine accepts (``scenario`` and ``resolved`` set, no errors), or the
    problems by field path."""

    scenario: Scenario | None
    resolved: Resolved | None
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


def check(
    base: Scenario,
    draft: Mapping[str, Scalar],
    *,
    today: date,
    texts: Mapping[str, str] | None = None,
    prefer: Collection[str] = (),
    step_id: str | None = None,
) -> Checked:
    """Validate ``base`` + ``draft`` as one scenario and resolve it as of ``today``.

    ``texts``: what was typed, by path, to quote in a message. ``prefer``: the paths an
    answer just set, to which a problem of their whole part (e.g. the traffic shape) is
    attributed; failing those, the fields of ``step_id``.
    """
    texts = texts or {}
    try:
        scenario = compose(base, draft)
    except ValidationError as e:
        errors: dict[str, str] = {}
        for item in e.errors(include_url=False):
            loc = ".".join(str(part) for part in item["loc"])
            path = _attribute(loc, prefer, step_id)
            errors.setdefault(path, _message(path, loc, item, texts))
        return Checked(None, None, errors)
    try:
        return Checked(scenario, resolve(scenario, at=today))
    except (EngineError, LookupError) as e:
        path = _engine_error_path(scenario)
        hint = "; or type the compute per run" if path == "training.gpu" else ""
        return Checked(None, None, {path: f"{field_of(path).label}: {e}{hint}"})


def _attribute(loc: str, prefer: Collection[str], step_id: str | None) -> str:
    """The field to show a problem at ``loc`` on (a field's path, or a part's prefix)."""
    try:
        return field_of(loc).path
    except KeyError:
        pass
    under = [p for p in prefer if p.startswith(loc + ".")]
    if under:
        return field_of(under[0]).path
    steps: list[Step] = [s for s in STEPS if s.id == step_id] + list(STEPS)
    for s in steps:
        for f in s.fields:
            if f.path.startswith(loc + ".") or not loc:
                return f.path
    return STEPS[0].fields[0].path


def _readable(message: str, loc: str) -> str:
    """The engine's message with its field names replaced by the fields' labels."""
    message = message.removeprefix("Value error, ")
    try:
        fields: tuple[FieldSpec, ...] = step_of(loc).fields if "." in loc else tuple(
            f for s in STEPS for f in s.fields if f.path.startswith(loc + ".")
        )
    except KeyError:
        return message
    for f in fields:
        leaf = f.path.rpartition(".")[2]
        if "_" in leaf:  # an engine name, not an English word such as "model"
            message = re.sub(rf"\b{leaf}\b", f.label, message)
    return message


def _message(path: str, loc: str, item: Mapping[str, Any], texts: Mapping[str, str]) -> str:
    label = field_of(path).label
    message = _readable(str(item["msg"]), loc)
    if loc == path and path in texts:
        return f"{label}: {quote(texts[path])} is not accepted — {message}"
    if loc == path and "input" in item:
        try:
            shown = with_unit(field_of(path), item["input"])
        except (TypeError, ValueError, KeyError):
            shown = repr(item["input"])
        return f"{label}: {shown} is not accepted — {message}"
    return f"{label}: {message}"


def _engine_error_path(scenario: Scenario) -> str:
    """Which field an ``EngineError`` of ``resolve`` belongs to: serving, training or API."""
    try:
        plan_serving(scenario.model, scenario.workload)
    except EngineError:
        return "model.gpu"
    if scenario.project.compute_usd_per_run is None:
        try:
            estimate_training_cost(model_size_b=scenario.model.model_size_b,
                                   method=scenario.model.method, plan=scenario.training)
        except EngineError:
            return "training.gpu"
    return "api.model"
