"""The serving model's free constants, fitted to published measurements.

``benchmarks/serving.py --fit`` fits them to ``engine/data/serving_measurements.csv`` (each
row a published run with its source) by least squares on log(estimate ÷ published), and
prints the values below; ``tests/engine/test_calibration.py`` recomputes the misses from the
data and these constants and checks them against :data:`FIT`.

Where the data has no row (Turing, Blackwell, CDNA 3) a constant is borrowed and said so:
Turing takes Ampere's compute efficiency, Blackwell and CDNA 3 take Hopper's. Plain
Transformers is the source document's claim that vLLM is 10–20× faster (×1/15).
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["CALIBRATION", "FIT", "Calibration", "FitFigures"]

Share = Annotated[float, Field(gt=0, le=1)]


class Calibration(BaseModel):
    """Efficiencies the physics cannot give: what software reaches of the hardware's peak."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    compute_efficiency: dict[str, Share]  # MFU by GPU architecture
    bandwidth_efficiency: Share  # MBU: share of peak memory bandwidth a decode step reaches
    step_overhead_s: Annotated[float, Field(ge=0, le=1)]  # host work per decode step
    runtime_gb_per_gpu: Annotated[float, Field(ge=0, le=64)]  # activations, CUDA graphs
    tp_efficiency: dict[str, Share]  # per doubling of tensor-parallel GPUs: nvlink, pcie
    weight_only_compute: dict[str, Share]  # matrix-product speed vs bf16: fp8, int8, int4
    engine_speed: dict[str, Annotated[float, Field(gt=0, le=10)]]  # vs vLLM


class FitFigures(BaseModel):
    """What the fit reached on the published rows: the test keeps the data and constants in
    step with these figures."""

    model_config = ConfigDict(frozen=True)

    rows: int
    geo_mean_miss: float  # exp(mean |log(estimate / published)|)
    worst_miss: float  # the largest estimate/published or published/estimate


# Fitted by benchmarks/serving.py --fit on the 34 rows of serving_measurements.csv (rounded
# to two or three figures). Hopper's compute efficiency sits at the fit's lower bound (30%):
# vLLM reaches a smaller share of the H100's 989 TFLOPS than of the A100's 312.
_HOPPER_MFU = 0.30
_AMPERE_MFU = 0.60

CALIBRATION = Calibration(
    compute_efficiency={
        "ampere": _AMPERE_MFU,
        "ada": 0.80,
        "hopper": _HOPPER_MFU,
        "turing": _AMPERE_MFU,  # no published row: Ampere's
        "blackwell": _HOPPER_MFU,  # no published row: Hopper's
        "cdna3": _HOPPER_MFU,  # no published row: Hopper's
    },
    bandwidth_efficiency=0.60,
    step_overhead_s=0.0045,
    runtime_gb_per_gpu=1.13,
    tp_efficiency={"nvlink": 0.85, "pcie": 0.57},
    weight_only_compute={"fp8": 0.60, "int8": 0.82, "int4": 0.87},
    engine_speed={"vllm": 1.0, "tensorrt-llm": 1.69, "transformers": 1 / 15},
)

FIT = FitFigures(rows=34, geo_mean_miss=1.16, worst_miss=1.61)
