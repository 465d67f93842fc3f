"""Usage exports made for the Slack tests, in the providers' documented formats, with
figures known in advance: 28 days from 2025-12-01 (before the tests' clock, 2026-01-05) of
exactly 20,000 requests a day of 800 input and 200 output tokens."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

__all__ = ["DAYS", "FIRST_DAY", "anthropic_report", "openai_export"]

FIRST_DAY = date(2025, 12, 1)
DAYS = 28


def openai_export(*, days: int = DAYS, requests: int = 20_000) -> bytes:
    """An OpenAI Usage API page (/v1/organization/usage/completions), daily buckets."""
    start = int(datetime(FIRST_DAY.year, FIRST_DAY.month, FIRST_DAY.day, tzinfo=UTC).timestamp())
    buckets = [{"object": "bucket", "start_time": start + d * 86_400,
                "end_time": start + (d + 1) * 86_400,
                "results": [{"object": "organization.usage.completions.result",
                             "input_tokens": requests * 800, "output_tokens": requests * 200,
                             "input_cached_tokens": 0, "input_audio_tokens": 0,
                             "output_audio_tokens": 0, "num_model_requests": requests,
                             "project_id": None, "user_id": None, "api_key_id": None,
                             "model": "gpt-4o-mini-2024-07-18", "batch": False}]}
               for d in range(days)]
    page = {"object": "page", "data": buckets, "has_more": False, "next_page": None}
    return json.dumps(page, indent=1).encode()


def anthropic_report() -> bytes:
    """An Anthropic usage report (/v1/organizations/usage_report/messages), daily buckets:
    16M input and 4M output tokens a day, and no request counts."""
    buckets = []
    for d in range(DAYS):
        day = FIRST_DAY + timedelta(days=d)
        buckets.append({"starting_at": f"{day}T00:00:00Z",
                        "ending_at": f"{day + timedelta(days=1)}T00:00:00Z",
                        "results": [{"uncached_input_tokens": 16_000_000,
                                     "cache_creation": {"ephemeral_1h_input_tokens": 0,
                                                        "ephemeral_5m_input_tokens": 0},
                                     "cache_read_input_tokens": 0, "output_tokens": 4_000_000,
                                     "model": "claude-sonnet-4-20250514"}]})
    return json.dumps({"data": buckets, "has_more": False, "next_page": None}).encode()
