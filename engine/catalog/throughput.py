"""Throughput catalogs: published serving measurements, model architectures, the source
document's serving claims, and the training tables.

* ``serving_measurements.csv`` — published serving runs (model, GPU, precision, engine and
  version, input/output tokens, concurrency, total tokens/s), each with where it was read:
  the data :mod:`engine.roofline` is calibrated on (``benchmarks/serving.py``).
* ``model_architectures.csv`` — layers, KV heads and head size of the common model sizes,
  for the KV cache a sequence holds.
* ``seed_serving_claims.csv`` — the source document's three serving figures: claims it
  makes, not measurements; used only where a scenario asks for the document's figures.
* ``training_throughput.csv`` — the source document's training benchmark table, as it is
  for :mod:`engine.seed_compat`; :mod:`engine.training` uses the rows not marked
  ``replaced`` (the four that the FLOPs model and published runs show 2–22× too slow).
"""

from __future__ import annotations

from functools import cache
from typing import Annotated, Literal

from pydantic import Field

from engine.catalog._csv import CatalogRow, read_rows

__all__ = [
    "ModelArchitecture",
    "PublishedServingRun",
    "SeedServingClaim",
    "TrainingBenchmark",
    "model_architectures",
    "seed_serving_claims",
    "serving_measurements",
    "training_benchmarks",
]

Precision = Literal["bf16", "fp8", "int8", "int4"]
Positive = Annotated[float, Field(gt=0)]


class PublishedServingRun(CatalogRow):
    """One published serving benchmark: what ran and the total tokens/s it reached."""

    model: str
    model_size_b: Positive
    gpu: str
    gpus: Annotated[int, Field(ge=1)]
    quantisation: Precision
    engine: Literal["vllm", "tensorrt-llm"]
    engine_version: str | None = None
    input_tokens: Positive
    output_tokens: Positive
    concurrency: Annotated[int, Field(ge=1)] | None = None  # None: requests at an infinite rate
    tokens_per_s: Positive  # input + output tokens per second


class ModelArchitecture(CatalogRow):
    """The attention shape of one common model size: what its KV cache holds per token."""

    size_class: str
    params_b: Positive
    layers: Annotated[int, Field(ge=1)]
    kv_heads: Annotated[int, Field(ge=1)]
    head_dim: Annotated[int, Field(ge=1)]
    example: str

    @property
    def kv_bytes_per_token(self) -> float:
        """Keys and values of every layer for one token, in 16-bit: 2 × L × heads × dim × 2."""
        return 2.0 * self.layers * self.kv_heads * self.head_dim * 2.0


class SeedServingClaim(CatalogRow):
    """A serving figure the source document states (not a measurement)."""

    model_size_b: Positive
    gpu: str
    gpus: Annotated[int, Field(ge=1)]
    engine: Literal["vllm"]
    quantisation: Literal["bf16"]
    tokens_per_s: Positive


class TrainingBenchmark(CatalogRow):
    """A training run's throughput on some GPUs. ``instance_usd_per_hour`` is the source
    document's price, read only by :mod:`engine.seed_compat` (the engine prices GPUs from
    the GPU catalog); ``replaced`` says why ftroi's engine does not use a row."""

    model_size_b: Positive
    method: Literal["lora", "qlora", "full"]
    gpu: str
    tokens_per_s: Positive
    gpus: Annotated[int, Field(ge=1)]
    instance_usd_per_hour: Annotated[float, Field(ge=0)] | None = None
    replaced: str | None = None


@cache
def serving_measurements() -> tuple[PublishedServingRun, ...]:
    return tuple(read_rows("serving_measurements.csv", PublishedServingRun))


@cache
def model_architectures() -> tuple[ModelArchitecture, ...]:
    return tuple(sorted(read_rows("model_architectures.csv", ModelArchitecture),
                        key=lambda a: a.params_b))


@cache
def seed_serving_claims() -> tuple[SeedServingClaim, ...]:
    return tuple(read_rows("seed_serving_claims.csv", SeedServingClaim))


@cache
def training_benchmarks() -> tuple[TrainingBenchmark, ...]:
    return tuple(read_rows("training_throughput.csv", TrainingBenchmark))
