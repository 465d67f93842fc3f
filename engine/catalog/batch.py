"""How long a provider's batch API may take: ``engine/data/batch_turnaround.csv``.

genai-prices holds each model's batch *prices* (its ``processing: batch`` price variants);
what it does not hold is the completion window each provider promises, which decides
whether a batch API meets a latency requirement. A provider without a row promises none,
so its batch API never meets one.

>>> batch_turnaround_hours()["openai"]
24.0
"""

from __future__ import annotations

from functools import cache
from typing import Annotated

from pydantic import Field

from engine.catalog._csv import CatalogRow, read_rows

__all__ = ["BatchTurnaround", "batch_turnaround_hours"]


class BatchTurnaround(CatalogRow):
    provider: str
    turnaround_hours: Annotated[float, Field(gt=0, le=24 * 30)]


@cache
def batch_turnaround_rows() -> dict[str, BatchTurnaround]:
    return {r.provider: r for r in read_rows("batch_turnaround.csv", BatchTurnaround)}


def batch_turnaround_hours() -> dict[str, float]:
    return {p: r.turnaround_hours for p, r in batch_turnaround_rows().items()}
