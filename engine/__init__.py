"""ftroi's cost engine: pure, typed computation of fine-tune-or-API economics.

No I/O beyond reading its own bundled data files; no Slack, no storage. The public surface
is below (pinned by ``tests/engine/test_public_api.py``); everything else is reachable by its
module for those who need the parts. :mod:`engine.figures` is public as a module: the one
rounding rule every figure is shown by, in the engine's sentences and on every surface.

The names are loaded when first used (PEP 562), so importing one part of the engine — its
errors, its figures, its models — does not load the analysis and NumPy with it; that keeps
``ftroi --help`` and the commands that never analyse quick to start.

>>> from datetime import date
>>> from engine import Scenario, analyse
>>> analysis = analyse(Scenario(), at=date(2026, 11, 24))
>>> analysis.recommendation.verdict
'LEAN: Fine-tune'
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from engine import figures
    from engine.analysis import Analysis, analyse
    from engine.errors import (
        DoesNotFitError,
        EngineError,
        UnknownGpuError,
        UnknownModelError,
        describe_validation_error,
    )
    from engine.models import (
        ApiChoice,
        EngineeringHours,
        FineTunedModel,
        ManagedOption,
        Project,
        QualityFit,
        Range,
        Scenario,
        TrainingPlan,
        Workload,
    )

#: Where each public name lives: ``module: names``.
_MODULES: dict[str, tuple[str, ...]] = {
    "engine.figures": ("figures",),
    "engine.analysis": ("Analysis", "analyse"),
    "engine.errors": ("DoesNotFitError", "EngineError", "UnknownGpuError", "UnknownModelError",
                      "describe_validation_error"),
    "engine.models": ("ApiChoice", "EngineeringHours", "FineTunedModel", "ManagedOption",
                      "Project", "QualityFit", "Range", "Scenario", "TrainingPlan", "Workload"),
}
_HOMES = {name: module for module, names in _MODULES.items() for name in names}

__all__ = [
    "Analysis",
    "ApiChoice",
    "DoesNotFitError",
    "EngineError",
    "EngineeringHours",
    "FineTunedModel",
    "ManagedOption",
    "Project",
    "QualityFit",
    "Range",
    "Scenario",
    "TrainingPlan",
    "UnknownGpuError",
    "UnknownModelError",
    "Workload",
    "analyse",
    "describe_validation_error",
    "figures",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'engine' has no attribute {name!r}")
    module = importlib.import_module(home)
    value = module if name == "figures" else getattr(module, name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_HOMES))
