"""Measured throughputs: serving (tokens/s per instance) and training (the seed's table)."""

from __future__ import annotations

from functools import cache
from typing import Annotated, Literal

from pydantic import Field

from engine.catalog._csv import CatalogRow, read_rows

__all__ = ["ServingMeasurement", "TrainingBenchmark", "serving_measurements", "training_benchmarks"]


class ServingMeasurement(CatalogRow):
    model_size_b: Annotated[float, Field(gt=0)]
    gpu: str
    gpus: Annotated[int, Field(ge=1)]
    engine: Literal["vllm", "transformers"]
    quantisation: Literal["bf16", "int8", "int4"]
    tokens_per_s: Annotated[float, Field(gt=0)]


class TrainingBenchmark(CatalogRow):
    model_size_b: Annotated[float, Field(gt=0)]
    method: Literal["lora", "qlora", "full"]
    gpu: str
    tokens_per_s: Annotated[float, Field(gt=0)]
    gpus: Annotated[int, Field(ge=1)]
    instance_usd_per_hour: Annotated[float, Field(ge=0)]


@cache
def serving_measurements() -> tuple[ServingMeasurement, ...]:
    return tuple(read_rows("serving_throughput.csv", ServingMeasurement))


@cache
def training_benchmarks() -> tuple[TrainingBenchmark, ...]:
    return tuple(read_rows("training_throughput.csv", TrainingBenchmark))
