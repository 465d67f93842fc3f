"""LiteLLM proxy spend logs: one row per request, as CSV or JSON.

The rows are the proxy's ``LiteLLM_SpendLogs`` table (BerriAI/litellm ``schema.prisma``,
``model LiteLLM_SpendLogs``; served by the proxy's ``/spend/logs`` endpoints, documented at
https://docs.litellm.ai/docs/proxy/cost_tracking): ``request_id``, ``call_type``,
``startTime``, ``endTime``, ``model``, ``prompt_tokens``, ``completion_tokens``,
``total_tokens``, ``spend``, ``cache_hit``, ``status``, ``metadata`` (JSON; its
``additional_usage_values`` hold provider-specific usage such as prompt caching) and more.
ftroi needs ``startTime``, ``model``, ``prompt_tokens`` and ``completion_tokens``; other
columns are optional and any extra ones are ignored. A CSV has them as its header (a table
export); JSON is an array of rows, ``{"data": [rows…]}`` (the paginated endpoint), or rows
one after another (JSON Lines). A time without an offset is read as UTC.

Left out, and counted in the notes: rows whose ``status`` is ``failure``, rows answered from
LiteLLM's own cache (``cache_hit`` true: no call reached the API) and calls that are not
text generation (embeddings, images, audio, moderation, rerank). Cached input comes from
``metadata.additional_usage_values`` (``cache_read_input_tokens``, or
``prompt_tokens_details.cached_tokens``) when the rows carry it. Rows are summed into hourly
buckets by model while reading, so a log of millions of rows is streamed in small memory.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

from bot.usage.fields import Export, UsageFileError, count, when
from engine.usage import HOUR, Bucket

__all__ = ["LITELLM", "REQUIRED", "SpendLogReader"]

LITELLM = "LiteLLM spend logs"
REQUIRED = ("startTime", "model", "prompt_tokens", "completion_tokens")
_NOT_GENERATION = ("embedding", "image", "transcription", "speech", "moderation", "rerank")
_UTC_ENDINGS = ("Z", "+00:00", "+00", "+0000")


class SpendLogReader:
    """Sums spend-log rows into hourly buckets by model, checking each row."""

    def __init__(self, *, label: str, now: int, place: str = "row") -> None:
        self.label, self.now, self.place = label, now, place
        self.hours: dict[str, int] = {}
        self.totals: dict[tuple[int, str | None], list[int]] = {}
        self.skipped = {"failed": 0, "cache": 0, "other": 0}
        self.rows = 0

    def hour_of(self, text: object, where: str) -> int:
        """The start of the UTC hour of a ``startTime``, parsed once per distinct hour."""
        if not isinstance(text, str) or len(text) < 13:
            raise UsageFileError(f"{where}: startTime is {text!r} — expected a date and time "
                                 "such as 2026-10-01T12:34:56Z")
        tail = text[19:].lstrip("0123456789.")
        key = text[:13] if tail in ("", *_UTC_ENDINGS) else text
        start = self.hours.get(key)
        if start is None:
            try:
                parsed = datetime.fromisoformat(text)
            except ValueError:
                raise UsageFileError(f"{where}: startTime is {text!r} — expected a date and "
                                     "time such as 2026-10-01T12:34:56Z") from None
            if parsed.tzinfo is None:
                parsed = parsed.replace(tzinfo=UTC)
            start = int(parsed.timestamp()) // HOUR * HOUR
            if start >= self.now:
                raise UsageFileError(f"{where}: startTime {text} is after now "
                                     f"({when(self.now)}) — expected requests that happened")
            if key is not text:
                self.hours[key] = start
        return start

    def add(self, row: Mapping[str, Any], n: int) -> None:
        """One row given as an object (JSON), numbered ``n`` in the messages."""
        self.add_values(row.get("startTime"), row.get("model"), row.get("prompt_tokens"),
                        row.get("completion_tokens"), row.get("status"), row.get("cache_hit"),
                        row.get("call_type"), row.get("metadata"), n)

    def add_values(self, when_: object, model: object, prompt_raw: object,
                   completion_raw: object, status: object, hit: object, call: object,
                   metadata: object, n: int) -> None:
        """One row's columns (a CSV row's cells, or a JSON row's values)."""
        self.rows += 1
        if isinstance(status, str) and status.lower() == "failure":
            self.skipped["failed"] += 1
            return
        if hit is True or (isinstance(hit, str) and hit and hit.strip().lower() == "true"):
            self.skipped["cache"] += 1
            return
        if isinstance(call, str) and call and any(k in call.lower() for k in _NOT_GENERATION):
            self.skipped["other"] += 1
            return
        where = f"{self.label}: {self.place} {n}"
        start = self.hour_of(when_, where)
        if model is not None and not isinstance(model, str):
            raise UsageFileError(f"{where}: model is {model!r} — expected a model name")
        prompt = _fast_count(prompt_raw)
        if prompt is None:
            prompt = count(prompt_raw, "prompt_tokens", where)
        completion = _fast_count(completion_raw)
        if completion is None:
            completion = count(completion_raw, "completion_tokens", where)
        cached = _cached(metadata, where)
        if cached > prompt:
            raise UsageFileError(f"{where}: metadata's cached input ({cached}) exceeds "
                                 f"prompt_tokens ({prompt}) — expected the cached part")
        key = (start, model or None)
        total = self.totals.get(key)
        if total is None:
            self.totals[key] = [1, prompt, completion, cached]
        else:
            total[0] += 1
            total[1] += prompt
            total[2] += completion
            total[3] += cached

    def add_all(self, rows: Iterable[object], first: int = 1) -> None:
        for n, row in enumerate(rows, first):
            if not isinstance(row, dict):
                raise UsageFileError(f"{self.label}: {self.place} {n}: {row!r:.60} — expected "
                                     "a spend-log row object")
            self.add(row, n)

    def export(self) -> Export:
        buckets = [Bucket(start, start + HOUR, model, v[0], v[1], v[2], v[3], None)
                   for (start, model), v in self.totals.items()]
        left = self.skipped
        parts = [f"{n:,} {what if n == 1 else plural}" for what, plural, n in (
            ("failed request", "failed requests", left["failed"]),
            ("request answered from LiteLLM's cache", "requests answered from LiteLLM's cache",
             left["cache"]),
            ("call that is not text generation", "calls that are not text generation",
             left["other"])) if n]
        notes = [f"left out: {', '.join(parts)}"] if parts else []
        if not buckets:
            raise UsageFileError(f"{self.label}: no spend-log rows of text generation "
                                 f"({self.rows} rows read) — expected rows with "
                                 + ", ".join(REQUIRED))
        return Export(LITELLM, buckets, tuple(notes))


def _fast_count(value: object) -> int | None:
    """A non-negative count the common way (an int, or digits), else None (checked slowly)."""
    if type(value) is int and value >= 0:
        return value
    if type(value) is str and value.isdigit():
        return int(value)
    return None


def _cached(metadata: object, where: str) -> int:
    """Cached input tokens recorded in a row's metadata (JSON text or an object), else 0."""
    if metadata is None or metadata == "" or (isinstance(metadata, str)
                                              and "cache" not in metadata):
        return 0
    if isinstance(metadata, str):
        try:
            metadata = json.loads(metadata)
        except json.JSONDecodeError:
            return 0  # metadata is free-form; only its usage values matter here
    extra = metadata.get("additional_usage_values") if isinstance(metadata, dict) else None
    if not isinstance(extra, dict):
        return 0
    value = extra.get("cache_read_input_tokens")
    details = extra.get("prompt_tokens_details")
    if value is None and isinstance(details, dict):
        value = details.get("cached_tokens")
    return 0 if value is None else count(value, "metadata cached input tokens", where)
