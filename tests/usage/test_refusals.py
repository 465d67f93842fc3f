"""Every file that cannot be used is refused whole, naming the file, the place and what was
expected: none of these formats, empty, cut short, from the future, negative counts."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.usage import NoRequestCounts, UsageFileError, measure

SAMPLES = Path(__file__).parent / "samples"
NOW = datetime(2026, 11, 24, 12, tzinfo=UTC)
OCT1 = 1_790_812_800  # 2026-10-01T00:00:00Z


def refusal(tmp_path: Path, name: str, text: str, **kw: object) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(UsageFileError) as caught:
        measure(path, now=NOW, **kw)  # type: ignore[arg-type]
    return str(caught.value)


def openai_page(*results: dict[str, object], start: int = OCT1) -> str:
    return json.dumps({"object": "page", "data": [
        {"object": "bucket", "start_time": start, "end_time": start + 86_400,
         "results": list(results)}], "has_more": False})


OK = {"object": "organization.usage.completions.result", "input_tokens": 10,
      "output_tokens": 5, "input_cached_tokens": 0, "num_model_requests": 1, "model": "gpt-4o",
      "batch": None}

CASES = {
    "empty": ("u.json", "", "u.json: the file is empty — expected an OpenAI Usage API page"),
    "blank lines": ("u.csv", "\n\n  \n", "u.csv: the file is empty"),
    "another JSON": ("u.json", json.dumps({"users": [{"id": 1}]}),
                     "u.json: item 1 is an object with users — expected an OpenAI Usage"),
    "another CSV": ("u.csv", "name,email\nada,a@x\n",
                    "u.csv: line 1: the header is name, email — expected an OpenAI"),
    "truncated JSON": ("u.json", openai_page(OK)[:-30],
                       "u.json: line 1, column 281: the JSON ends before it is complete (is "
                       "the file cut short?) — expected an OpenAI Usage API page"),
    "invalid JSON": ("u.json", '{"data": [}', "u.json: line 1, column 11: not valid JSON"),
    "truncated CSV": ("u.csv", "date,requests,input_tokens,output_tokens\n2026-10-01,1,2,3\n"
                      "2026-10-02,1", "u.csv: line 3: 2 fields, expected 4 (date, requests, "
                      "input_tokens, output_tokens) — is the file cut short?"),
    "truncated spend log": ("l.csv", "startTime,model,prompt_tokens,completion_tokens\n"
                            "2026-10-01T00:00:00Z,gpt-4o,5,1\n2026-10-01T01:00:00Z,gpt",
                            "l.csv: line 3: 2 fields, expected 4 (as the header) — is the "
                            "file cut short?"),
    "header only": ("u.csv", "date,requests,input_tokens,output_tokens\n",
                    "u.csv: no usage rows after the header (line 1)"),
    "negative OpenAI": ("u.json", openai_page({**OK, "input_tokens": -5}),
                        "u.json: bucket 1 (starting 2026-10-01T00:00:00Z), result 1: "
                        "input_tokens is -5 — expected a whole number, 0 or more"),
    "negative CSV": ("u.csv", "date,requests,input_tokens,output_tokens\n2026-10-01,-3,2,3\n",
                     "u.csv: line 2: requests is '-3' — expected a whole number, 0 or more"),
    "negative spend log": ("l.json", json.dumps([{"startTime": "2026-10-01T00:00:00Z",
                                                  "model": "m", "prompt_tokens": 5,
                                                  "completion_tokens": -1}]),
                           "l.json: row 1: completion_tokens is -1 — expected a whole number"),
    "future OpenAI": ("u.json", openai_page(OK, start=OCT1 + 90 * 86_400),
                      "u.json: bucket 1 (starting 2026-12-30T00:00:00Z): starts "
                      "2026-12-30T00:00:00Z, after now (2026-11-24T12:00:00Z) — expected usage "
                      "that has happened"),
    "future CSV": ("u.csv", "date,requests,input_tokens,output_tokens\n2027-01-01,1,2,3\n",
                   "u.csv: line 2: date 2027-01-01 is after now (2026-11-24T12:00:00Z)"),
    "future spend log": ("l.csv", "startTime,model,prompt_tokens,completion_tokens\n"
                         "2027-03-01T10:00:00Z,gpt-4o,5,1\n",
                         "l.csv: line 2: startTime 2027-03-01T10:00:00Z is after now"),
    "future Anthropic": ("a.json", json.dumps({"data": [{
        "starting_at": "2027-01-01T00:00:00Z", "ending_at": "2027-01-02T00:00:00Z",
        "results": []}]}), "a.json: bucket 1 (starting 2027-01-01T00:00:00Z): starts"),
    "embeddings usage": ("u.json", openai_page({**OK, "object":
                                                "organization.usage.embeddings.result"}),
                         "result 1: object is 'organization.usage.embeddings.result' — "
                         "expected 'organization.usage.completions.result'"),
    "cached above input": ("u.json", openai_page({**OK, "input_cached_tokens": 11}),
                           "input_cached_tokens (11) exceeds input_tokens (10)"),
    "monthly buckets": ("u.json", json.dumps({"object": "page", "data": [
        {"object": "bucket", "start_time": OCT1, "end_time": OCT1 + 31 * 86_400,
         "results": [OK]}]}), "spans 31 days — expected daily, hourly or minute buckets"),
    "page twice": ("u.json", openai_page(OK) + openai_page(OK),
                   "u.json: bucket 2 (starting 2026-10-01T00:00:00Z): repeats the bucket "
                   "starting 2026-10-01T00:00:00Z — expected each bucket once"),
    "bad date": ("u.csv", "date,requests,input_tokens,output_tokens\n10/01/2026,1,2,3\n",
                 "u.csv: line 2: date is '10/01/2026' — expected YYYY-MM-DD"),
    "hour not on the hour": ("u.csv", "hour,requests,input_tokens,output_tokens\n"
                             "2026-10-01T13:30,1,2,3\n", "line 2: hour is '2026-10-01T13:30' "
                             "— expected the start of an hour"),
    "bad time in a spend log": ("l.csv", "startTime,model,prompt_tokens,completion_tokens\n"
                                "yesterday-ish,gpt-4o,5,1\n", "l.csv: line 2: startTime is "
                                "'yesterday-ish' — expected a date and time"),
    "no whole day": ("u.csv", "hour,requests,input_tokens,output_tokens\n"
                     "2026-10-01T13:00,1,2,3\n", "u.csv: no whole day of usage"),
    "no OpenAI buckets": ("u.json", json.dumps({"object": "page", "data": []}),
                          "u.json: the OpenAI pages hold no buckets"),
    "only failures": ("l.csv", "startTime,model,prompt_tokens,completion_tokens,status\n"
                      "2026-10-01T00:00:00Z,gpt-4o,0,0,failure\n",
                      "l.csv: no spend-log rows of text generation (1 rows read)"),
}


@pytest.mark.parametrize(("name", "text", "message"), CASES.values(), ids=list(CASES))
def test_refused_with_its_message(tmp_path: Path, name: str, text: str, message: str):
    assert message in refusal(tmp_path, name, text)


def test_an_anthropic_report_alone_asks_for_the_requests():
    with pytest.raises(NoRequestCounts) as caught:
        measure(SAMPLES / "anthropic_hourly.json", now=NOW)
    assert str(caught.value).startswith(
        "anthropic_hourly.json: an Anthropic Usage and Cost API (messages) export counts "
        "tokens but no requests — give the requests a day or the average input tokens per "
        "request as well")


def test_a_missing_file_is_named(tmp_path: Path):
    with pytest.raises(UsageFileError, match=r"nope\.json: no such file"):
        measure(tmp_path / "nope.json", now=NOW)


def test_binary_is_refused(tmp_path: Path):
    (tmp_path / "u.csv").write_bytes(b"\xff\xfe\x00garbage\x00")
    with pytest.raises(UsageFileError, match=r"u\.csv: not UTF-8 text"):
        measure(tmp_path / "u.csv", now=NOW)
