"""``ftroi roi --throughput-from FILE``: a person's ``vllm bench serve`` result is the figure.

``data/vllm_bench_serve_result.json`` has the key layout ``vllm bench serve --save-result``
writes (``vllm/benchmarks/serve.py``: the settings ``date``, ``backend``, ``model_id``,
``num_prompts``, ``request_rate``, ``burstiness``, ``max_concurrency`` merged with the
results). Its totals are those vLLM PR #18566 printed for Llama 3.1 8B on 1,000 ShareGPT
prompts (229,711 input + 203,068 output tokens in 30.85 s, 14,029.44 tokens/s total); the
spread and peak fields, which that output does not print, only fill the layout.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from engine.errors import EngineError
from engine.measured import from_vllm_result
from tests.cli.conftest import AT, EXAMPLES

RESULT = Path(__file__).parent / "data" / "vllm_bench_serve_result.json"


def analysed(ftroi, *args: str) -> dict:
    result = ftroi("roi", EXAMPLES / "quickstart.toml", "--at", AT.isoformat(), "--json", *args)
    assert result.code == 0, result.err
    return json.loads(result.out)


def test_the_files_total_token_throughput_is_the_instances_figure(ftroi):
    a = analysed(ftroi, "--gpu", "h100", "--throughput-from", RESULT)
    serving = a["serving"]
    assert serving["throughput_tokens_per_s_per_instance"] == 14_029.44
    assert serving["throughput_basis"] == "measured"
    source = serving["throughput_source"]
    assert source.startswith("measured — vllm bench serve result vllm_bench_serve_result.json "
                             "(2025-05-22; model meta-llama/Llama-3.1-8B-Instruct")
    assert "1,000 prompts" in source and "request rate inf" in source
    assert "no concurrency limit" in source and "230 in / 203 out tokens per request" in source
    assert a["inputs"]["model"]["throughput_note"] == source


def test_a_typed_throughput_wins_over_the_file(ftroi):
    a = analysed(ftroi, "--throughput-from", RESULT, "--throughput", "2000")
    assert a["serving"]["throughput_tokens_per_s_per_instance"] == 2000
    assert a["serving"]["throughput_basis"] == "you"


def test_an_older_result_without_the_total_is_input_plus_output_over_duration(tmp_path):
    data = json.loads(RESULT.read_text())
    del data["total_token_throughput"]
    m = from_vllm_result(data, filename="old.json")
    assert m.tokens_per_s == pytest.approx((229_711 + 203_068) / 30.85)
    assert "(input + output tokens) ÷ duration" in m.note


@pytest.mark.parametrize(("content", "expected"), [
    ("[1, 2]", "not a vllm bench serve result"),
    ('{"completed": 0, "total_token_throughput": 5}', "no request completed"),
    ('{"date": "20250101-000000", "output_throughput": 10}', "no positive total token"),
    ("{not json", "not valid JSON"),
])
def test_a_file_that_is_not_a_result_is_refused_naming_the_flag(ftroi, tmp_path, content,
                                                                 expected):
    path = tmp_path / "bad.json"
    path.write_text(content)
    result = ftroi("roi", "--throughput-from", path)
    assert result.code == 2 and result.out == ""
    assert expected in result.err and "Traceback" not in result.err


def test_a_missing_file_is_refused(ftroi, tmp_path):
    result = ftroi("roi", "--throughput-from", tmp_path / "nowhere.json")
    assert result.code == 2
    assert "nowhere.json: no such file (expected a vllm bench serve result)" in result.err


def test_the_parser_is_pure_and_refuses_non_objects():
    with pytest.raises(EngineError, match="expected a JSON object"):
        from_vllm_result("a string", filename="x.json")
