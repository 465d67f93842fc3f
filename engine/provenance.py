"""Where a figure came from: every input and catalog value an analysis used."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

__all__ = ["Assumption"]


class Assumption(BaseModel):
    """One value an analysis used, with its unit, source and date.

    ``source`` is "you" for a value the person typed, "default" for an ftroi default, or
    the catalog row / document section it came from.
    """

    model_config = ConfigDict(frozen=True, defer_build=True)

    name: str
    value: float | str | None
    unit: str
    source: str
    date: str | None = None
