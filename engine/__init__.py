"""ftroi's cost engine: pure, typed computation of fine-tune-or-API economics.

No I/O beyond reading its own bundled data files; no Slack, no storage. The public surface
is below (pinned by ``tests/engine/test_public_api.py``); everything else is reachable by its
module for those who need the parts. :mod:`engine.figures` is public as a module: the one
rounding rule every figure is shown by, in the engine's sentences and on every surface.

>>> from datetime import date
>>> analysis = analyse(Scenario(), at=date(2026, 11, 24))
>>> analysis.recommendation.verdict
'LEAN: Fine-tune'
"""

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
