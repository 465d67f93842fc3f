"""The serving model against the published runs: each row's estimate ÷ published, in one place.

Used by ``benchmarks/serving.py`` (which prints the ratios and fits the constants) and by
the test that keeps :data:`engine.calibration.FIT` true of the data.

>>> from engine.calibration import FIT
>>> m = misses()
>>> len(m) == FIT.rows, summary(m).geo_mean_miss <= FIT.geo_mean_miss + 1e-9
(True, True)
"""

from __future__ import annotations

import math

from pydantic import BaseModel, ConfigDict

from engine.calibration import CALIBRATION, Calibration, FitFigures
from engine.catalog.gpus import GpuCatalog, load_gpu_catalog
from engine.catalog.throughput import PublishedServingRun, serving_measurements
from engine.roofline import estimate

__all__ = ["Miss", "misses", "summary"]


class Miss(BaseModel):
    """One published run, the model's estimate for it and their ratio."""

    model_config = ConfigDict(frozen=True)

    run: PublishedServingRun
    estimate_tokens_per_s: float
    batch: float

    @property
    def ratio(self) -> float:
        return self.estimate_tokens_per_s / self.run.tokens_per_s


def misses(calibration: Calibration = CALIBRATION, *,
           runs: tuple[PublishedServingRun, ...] | None = None,
           catalog: GpuCatalog | None = None) -> list[Miss]:
    """The estimate for every published run, in the file's order."""
    catalog = catalog or load_gpu_catalog()
    out = []
    for run in runs if runs is not None else serving_measurements():
        e = estimate(model_size_b=run.model_size_b, spec=catalog.specs[run.gpu],
                     gpus=run.gpus, quantisation=run.quantisation,
                     input_tokens=run.input_tokens, output_tokens=run.output_tokens,
                     engine=run.engine, concurrency=run.concurrency, calibration=calibration)
        out.append(Miss(run=run, estimate_tokens_per_s=e.tokens_per_s, batch=e.batch))
    return out


def summary(rows: list[Miss]) -> FitFigures:
    """Rows, geometric-mean miss and worst miss (each a factor ≥ 1)."""
    logs = [abs(math.log(m.ratio)) for m in rows]
    return FitFigures(rows=len(rows), geo_mean_miss=math.exp(sum(logs) / len(logs)),
                      worst_miss=math.exp(max(logs)))

