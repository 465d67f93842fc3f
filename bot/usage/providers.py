"""The providers' usage reports: OpenAI's Usage API and Anthropic's Usage and Cost API.

**OpenAI** — ``GET /v1/organization/usage/completions``
(https://platform.openai.com/docs/api-reference/usage/completions; worked through in
https://cookbook.openai.com/examples/completions_usage_api). A response is a page
``{"object": "page", "data": [bucket…], "has_more", "next_page"}``; each bucket
``{"object": "bucket", "start_time", "end_time", "results": [result…]}`` has Unix-second
bounds (``bucket_width`` 1d, 1h or 1m) and one result per group (``group_by`` model, batch,
project…), each with ``input_tokens`` (cached tokens included), ``input_cached_tokens``,
``output_tokens``, ``num_model_requests``, and ``model`` / ``batch`` when grouped by them
(null otherwise). A bucket with no usage has no results. Pages may be given one per file, as
a JSON array, or concatenated one after another.

**Anthropic** — ``GET /v1/organizations/usage_report/messages``
(https://docs.anthropic.com/en/api/admin-api/usage-cost/get-messages-usage-report). A page
``{"data": [bucket…], "has_more", "next_page"}``; each bucket has RFC 3339 ``starting_at`` /
``ending_at`` and ``results`` with ``uncached_input_tokens``, ``cache_creation``
(``ephemeral_1h_input_tokens``, ``ephemeral_5m_input_tokens``),
``cache_read_input_tokens``, ``output_tokens``, and ``model`` / ``service_tier`` (standard,
batch, priority) when grouped by them. Input here is uncached + cache writes + cache reads;
the cached input is the cache reads. The report counts **no requests**: the person gives the
requests a day or the average request's input tokens (:mod:`engine.usage`'s
``with_request_count`` / ``with_request_size``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

from bot.usage.fields import Export, UsageFileError, count, moment, when
from engine.usage import DAY, Bucket

__all__ = ["ANTHROPIC", "OPENAI", "read_anthropic", "read_openai"]

OPENAI = "OpenAI Usage API (completions)"
ANTHROPIC = "Anthropic Usage and Cost API (messages)"
_OPENAI_RESULT = "organization.usage.completions.result"


def _checked_span(start: int, end: int, where: str, now: int) -> None:
    if end <= start:
        raise UsageFileError(f"{where}: ends at {when(end)}, not after it starts — expected "
                             "a bucket's end after its start")
    if end - start > DAY:
        raise UsageFileError(f"{where}: spans {(end - start) / DAY:g} days — expected daily, "
                             "hourly or minute buckets (bucket_width 1d, 1h or 1m)")
    if start >= now:
        raise UsageFileError(f"{where}: starts {when(start)}, after now ({when(now)}) — "
                             "expected usage that has happened")


def _results(bucket: Mapping[str, Any], where: str) -> list[Mapping[str, Any]]:
    results = bucket.get("results")
    if not isinstance(results, list) or not all(isinstance(r, dict) for r in results):
        raise UsageFileError(f"{where}: results is {results!r:.60} — expected a list of "
                             "usage results")
    return results


def _no_repeats(seen: set[tuple[int, int]], start: int, end: int, where: str) -> None:
    if (start, end) in seen:
        raise UsageFileError(f"{where}: repeats the bucket starting {when(start)} — expected "
                             "each bucket once (is a page in the file twice?)")
    seen.add((start, end))


Bounds = Callable[[Mapping[str, Any], str], tuple[int, int]]


def _buckets(pages: list[Mapping[str, Any]], *, label: str, now: int,
             bounds: Bounds) -> Iterator[tuple[str, int, int, list[Mapping[str, Any]]]]:
    """Each bucket of the pages, checked: (where, start, end, results)."""
    seen: set[tuple[int, int]] = set()
    n = 0
    for page in pages:
        for raw in page.get("data") or []:
            n += 1
            where = f"{label}: bucket {n}"
            if not isinstance(raw, dict):
                raise UsageFileError(f"{where}: {raw!r:.60} — expected a bucket object")
            start, end = bounds(raw, where)
            where = f"{where} (starting {when(start)})"
            _checked_span(start, end, where, now)
            _no_repeats(seen, start, end, where)
            yield where, start, end, _results(raw, where)


def _unix_bounds(raw: Mapping[str, Any], where: str) -> tuple[int, int]:
    return (count(raw.get("start_time"), "start_time", where),
            count(raw.get("end_time"), "end_time", where))


def _rfc3339_bounds(raw: Mapping[str, Any], where: str) -> tuple[int, int]:
    return (moment(raw.get("starting_at"), "starting_at", where),
            moment(raw.get("ending_at"), "ending_at", where))


def read_openai(pages: list[Mapping[str, Any]], *, label: str, now: int) -> Export:
    """Buckets of OpenAI Usage API pages, in the order given."""
    buckets: list[Bucket] = []
    for where, start, end, results in _buckets(pages, label=label, now=now,
                                               bounds=_unix_bounds):
        if not results:
            buckets.append(Bucket(start, end, None, 0, 0, 0, 0, None))
        for k, r in enumerate(results, 1):
            at = f"{where}, result {k}"
            kind = r.get("object", _OPENAI_RESULT)
            if kind != _OPENAI_RESULT:
                raise UsageFileError(f"{at}: object is {kind!r} — expected {_OPENAI_RESULT!r}"
                                     " (export /v1/organization/usage/completions)")
            tin = count(r.get("input_tokens"), "input_tokens", at)
            cached = count(r.get("input_cached_tokens") or 0, "input_cached_tokens", at)
            if cached > tin:
                raise UsageFileError(f"{at}: input_cached_tokens ({cached}) exceeds "
                                     f"input_tokens ({tin}) — expected the cached part of "
                                     "the input")
            model, batch = r.get("model"), r.get("batch")
            if model is not None and not isinstance(model, str):
                raise UsageFileError(f"{at}: model is {model!r} — expected a model name")
            if batch is not None and not isinstance(batch, bool):
                raise UsageFileError(f"{at}: batch is {batch!r} — expected true or false")
            buckets.append(Bucket(
                start, end, model or None,
                count(r.get("num_model_requests"), "num_model_requests", at), tin,
                count(r.get("output_tokens"), "output_tokens", at), cached, batch))
    notes = _more_pages(pages)
    return Export(OPENAI, buckets, notes)


def read_anthropic(pages: list[Mapping[str, Any]], *, label: str, now: int) -> Export:
    """Buckets of Anthropic usage-report pages (no request counts)."""
    buckets: list[Bucket] = []
    for where, start, end, results in _buckets(pages, label=label, now=now,
                                               bounds=_rfc3339_bounds):
        if not results:
            buckets.append(Bucket(start, end, None, None, 0, 0, 0, None))
        for k, r in enumerate(results, 1):
            at = f"{where}, result {k}"
            writes = r.get("cache_creation") or {}
            if not isinstance(writes, dict):
                raise UsageFileError(f"{at}: cache_creation is {writes!r:.60} — expected "
                                     "an object of ephemeral_1h_input_tokens and "
                                     "ephemeral_5m_input_tokens")
            read = count(r.get("cache_read_input_tokens") or 0, "cache_read_input_tokens",
                         at)
            tin = (count(r.get("uncached_input_tokens"), "uncached_input_tokens", at)
                   + count(writes.get("ephemeral_1h_input_tokens") or 0,
                           "cache_creation.ephemeral_1h_input_tokens", at)
                   + count(writes.get("ephemeral_5m_input_tokens") or 0,
                           "cache_creation.ephemeral_5m_input_tokens", at) + read)
            model, tier = r.get("model"), r.get("service_tier")
            if model is not None and not isinstance(model, str):
                raise UsageFileError(f"{at}: model is {model!r} — expected a model name")
            if tier is not None and tier not in ("standard", "batch", "priority"):
                raise UsageFileError(f"{at}: service_tier is {tier!r} — expected "
                                     "standard, batch or priority")
            buckets.append(Bucket(
                start, end, model or None, None, tin,
                count(r.get("output_tokens"), "output_tokens", at), read,
                None if tier is None else tier == "batch"))
    return Export(ANTHROPIC, buckets, _more_pages(pages))


def _more_pages(pages: list[Mapping[str, Any]]) -> tuple[str, ...]:
    if pages and pages[-1].get("has_more") is True:
        return ("the last page says has_more: true — later pages were not in the file",)
    return ()
