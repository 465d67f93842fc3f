"""The engine's exceptions, and one way to describe a validation failure to a person.

Hierarchy::

    ValueError
    ├── pydantic.ValidationError      every invalid input (field, value, what is accepted)
    └── EngineError                   a well-formed input the engine still cannot use
        ├── UnknownModelError         an API model the price catalogs do not know
        ├── UnknownGpuError           a GPU the catalog does not know
        ├── DoesNotFitError           model weights larger than the serving GPUs' memory
        └── UsageDataError            usage that gives no workload (no whole day, no traffic)

Inside a pydantic validator these are raised as ``ValueError`` subclasses, so pydantic wraps
them into a ``ValidationError`` that names the field.
"""

from __future__ import annotations

from pydantic import ValidationError

__all__ = [
    "DoesNotFitError",
    "EngineError",
    "UnknownGpuError",
    "UnknownModelError",
    "UsageDataError",
    "describe_validation_error",
]


class EngineError(ValueError):
    """A well-formed input the engine cannot use."""


class UnknownModelError(EngineError):
    """An API model that neither price catalog knows."""


class UnknownGpuError(EngineError):
    """A GPU name that the GPU catalog does not list."""


class DoesNotFitError(EngineError):
    """The model's weights do not fit in the memory of the GPUs chosen to serve it."""


class UsageDataError(EngineError):
    """Measured usage that gives no workload: no whole day, or no traffic in the window."""


def describe_validation_error(error: ValidationError) -> list[str]:
    """One line per problem: ``field: value given — what is accepted``.

    >>> from engine.models import Workload
    >>> try:
    ...     Workload(requests_per_day=-5)
    ... except ValidationError as e:
    ...     print(describe_validation_error(e)[0])
    requests_per_day: -5 is not accepted — Input should be greater than or equal to 0
    """
    lines = []
    for item in error.errors(include_url=False):
        field = ".".join(str(part) for part in item["loc"]) or "input"
        message = item["msg"].removeprefix("Value error, ")
        if "input" in item and item["type"] not in ("missing", "model_type", "dict_type"):
            lines.append(f"{field}: {item['input']!r} is not accepted — {message}")
        else:
            lines.append(f"{field}: {message}")
    return lines
