"""A person's own throughput measurement: the result ``vllm bench serve --save-result`` writes.

vLLM's benchmark (``vllm bench serve``, formerly ``benchmarks/benchmark_serving.py``) saves
one JSON object: the run's settings (``date`` as ``YYYYMMDD-HHMMSS``, ``backend``,
``model_id``, ``num_prompts``, ``request_rate``, ``max_concurrency``, ``burstiness``) merged
with its results (``duration``, ``completed``, ``failed``, ``total_input_tokens``,
``total_output_tokens``, ``request_throughput``, ``output_throughput``,
``total_token_throughput``, latencies in ms). Older versions have no
``total_token_throughput``: it is then (input + output tokens) ÷ duration, as vLLM computes
it. The figure ftroi uses is the total (input + output) tokens/s, the unit of every
throughput in ftroi; the source says the file, the date and the settings.

This module only reads a parsed object; opening the file is the caller's (the command line's).

>>> m = from_vllm_result({"date": "20240813-143958", "model_id": "meta-llama/Llama-3.1-8B",
...     "backend": "vllm", "num_prompts": 1000, "request_rate": "inf", "duration": 385.3,
...     "completed": 1000, "total_input_tokens": 215196, "total_output_tokens": 197739},
...     filename="l4.json")
>>> round(m.tokens_per_s, 1), m.date
(1071.7, '2024-08-13')
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict

from engine.errors import EngineError
from engine.figures import count, quantity

__all__ = ["MeasuredThroughput", "from_vllm_result"]

RESULT_KEYS = ("total_token_throughput", "total_input_tokens", "total_output_tokens",
               "duration")


class MeasuredThroughput(BaseModel):
    """A measured figure with the sentence that says where it came from."""

    model_config = ConfigDict(frozen=True)

    tokens_per_s: float
    date: str | None
    note: str
    input_tokens_per_request: float | None
    output_tokens_per_request: float | None


def _number(data: Mapping[str, Any], key: str) -> float | None:
    value = data.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if value == value and abs(value) != float("inf") else None


def from_vllm_result(data: object, *, filename: str) -> MeasuredThroughput:
    """The total tokens/s of a ``vllm bench serve`` result, or an error naming what is missing."""
    if not isinstance(data, Mapping):
        raise EngineError(f"{filename}: not a vllm bench serve result — expected a JSON object "
                          f"with {', '.join(RESULT_KEYS)}")
    completed = _number(data, "completed")
    if completed is not None and completed <= 0:
        raise EngineError(f"{filename}: no request completed in this run (completed = 0)")
    tokens_in = _number(data, "total_input_tokens")
    tokens_out = _number(data, "total_output_tokens")
    duration = _number(data, "duration")
    total = _number(data, "total_token_throughput")
    how = "total_token_throughput"
    if total is None and None not in (tokens_in, tokens_out, duration) and duration:
        assert tokens_in is not None and tokens_out is not None and duration is not None
        total, how = (tokens_in + tokens_out) / duration, "(input + output tokens) ÷ duration"
    if total is None or total <= 0:
        raise EngineError(f"{filename}: no positive total token throughput — a vllm bench "
                          "serve result has total_token_throughput, or total_input_tokens, "
                          "total_output_tokens and duration")
    when = _date(data.get("date"))
    settings = _settings(data, tokens_in, tokens_out, duration, completed)
    note = (f"measured — vllm bench serve result {filename}"
            + (f" ({when}" if when else " (undated") + (f"; {settings}" if settings else "")
            + f"): {quantity(total)} tokens/s total, {how}")
    per = completed or _number(data, "num_prompts")
    return MeasuredThroughput(
        tokens_per_s=total, date=when, note=note,
        input_tokens_per_request=tokens_in / per if tokens_in is not None and per else None,
        output_tokens_per_request=tokens_out / per if tokens_out is not None and per else None,
    )


def _date(value: object) -> str | None:
    """vLLM writes ``%Y%m%d-%H%M%S``; the date part, as ISO."""
    if not isinstance(value, str):
        return None
    try:
        return datetime.strptime(value, "%Y%m%d-%H%M%S").date().isoformat()
    except ValueError:
        return None


def _settings(data: Mapping[str, Any], tokens_in: float | None, tokens_out: float | None,
              duration: float | None, completed: float | None) -> str:
    parts = []
    for key, label in (("model_id", "model"), ("backend", "backend")):
        if isinstance(data.get(key), str):
            parts.append(f"{label} {data[key]}")
    prompts = _number(data, "num_prompts")
    if prompts is not None:
        parts.append(f"{count(prompts)} prompts")
    rate = data.get("request_rate")
    if rate is not None:
        parts.append(f"request rate {rate}")
    concurrency = _number(data, "max_concurrency")
    parts.append(f"max concurrency {count(concurrency)}" if concurrency is not None
                 else "no concurrency limit")
    if tokens_in is not None and tokens_out is not None and completed:
        parts.append(f"{quantity(tokens_in / completed)} in / {quantity(tokens_out / completed)}"
                     " out tokens per request")
    if duration is not None:
        parts.append(f"{quantity(duration)} s")
    failed = _number(data, "failed")
    if failed:
        parts.append(f"{count(failed)} failed")
    return ", ".join(parts)
