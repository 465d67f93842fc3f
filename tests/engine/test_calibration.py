"""The serving model's constants and the published runs they were fitted to stay in step.

``engine/calibration.py`` records what the fit reached (``FIT``); here the misses are
recomputed from ``engine/data/serving_measurements.csv`` and the constants as they are, so
a changed row or constant that makes the model worse fails until it is refitted
(``python benchmarks/serving.py --fit``) and recorded.
"""

from __future__ import annotations

import math
import re
from datetime import date

import pytest

from engine.calibration import CALIBRATION, FIT
from engine.catalog.gpus import load_gpu_catalog
from engine.catalog.throughput import model_architectures, serving_measurements
from engine.serving_fit import misses, summary

AIM_GEO_MEAN, AIM_WORST = 1.5, 2.5  # issue 11's aims for published runs


def test_the_recorded_fit_is_what_the_data_and_constants_give():
    figures = summary(misses())
    assert figures.rows == FIT.rows == len(serving_measurements())
    assert figures.geo_mean_miss <= FIT.geo_mean_miss
    assert figures.worst_miss <= FIT.worst_miss
    assert FIT.geo_mean_miss <= AIM_GEO_MEAN and FIT.worst_miss <= AIM_WORST


def test_no_published_run_is_off_by_more_than_the_aim():
    for m in misses():
        assert 1 / AIM_WORST <= m.ratio <= AIM_WORST, (m.run.model, m.run.gpu, m.ratio)


def test_the_miss_is_measured_both_ways():
    # Twice too high and twice too low are the same miss.
    rows = misses()
    halved = [m.model_copy(update={"estimate_tokens_per_s": m.run.tokens_per_s / 2})
              for m in rows]
    doubled = [m.model_copy(update={"estimate_tokens_per_s": m.run.tokens_per_s * 2})
               for m in rows]
    assert summary(halved).geo_mean_miss == pytest.approx(2) == summary(doubled).worst_miss


def test_the_constants_are_physical():
    c = CALIBRATION
    assert all(0.2 <= v <= 0.9 for v in c.compute_efficiency.values())
    assert 0.5 <= c.bandwidth_efficiency <= 0.95
    assert c.tp_efficiency["pcie"] < c.tp_efficiency["nvlink"] < 1
    assert all(v < 1 for v in c.weight_only_compute.values())
    assert c.engine_speed["vllm"] == 1 and c.engine_speed["transformers"] == pytest.approx(1 / 15)
    # The architectures the data has no row for borrow a fitted value.
    assert c.compute_efficiency["blackwell"] == c.compute_efficiency["hopper"]
    assert c.compute_efficiency["turing"] == c.compute_efficiency["ampere"]


# --- the published runs themselves ----------------------------------------------------------

def test_the_runs_cover_the_sizes_gpus_and_counts_people_serve_on():
    runs = serving_measurements()
    assert len(runs) >= 20
    assert {"l4", "a10g", "a100_80g", "h100", "h200"} <= {r.gpu for r in runs}
    assert min(r.model_size_b for r in runs) <= 8 and max(r.model_size_b for r in runs) >= 70
    assert {1, 2, 4, 8} <= {r.gpus for r in runs}
    assert {"bf16", "fp8", "int8", "int4"} <= {r.quantisation for r in runs}


def test_every_run_says_where_it_was_read_and_when():
    catalog = load_gpu_catalog()
    for r in serving_measurements():
        assert r.gpu in catalog.specs, r.gpu
        assert re.search(r"github\.com/[\w.-]+/[\w.-]+ [\w./-]+\.(md|json)", r.source), r.source
        assert re.search(r"\d", r.source) and len(r.source) > 60, r.source
        year = int(r.date[:4])
        assert 2023 <= year <= date.today().year, r.date


def test_no_run_is_listed_twice():
    keys = [(r.model, r.gpu, r.gpus, r.quantisation, r.engine, r.engine_version,
             r.input_tokens, r.output_tokens, r.tokens_per_s) for r in serving_measurements()]
    assert len(keys) == len(set(keys))


def test_totals_derived_from_output_throughput_say_so():
    # TensorRT-LLM's tables print output tokens/s: the file keeps the arithmetic beside it.
    for r in serving_measurements():
        if r.engine == "tensorrt-llm":
            m = re.search(r"([\d,.]+) output tokens/s x \((\d+)\+(\d+)\)/(\d+)", r.source)
            assert m, r.source
            out, i, o, o2 = (float(g.replace(",", "")) for g in m.groups())
            assert (i, o, o2) == (r.input_tokens, r.output_tokens, r.output_tokens)
            assert r.tokens_per_s == pytest.approx(out * (i + o) / o, abs=0.06)


def test_the_architecture_rows_are_sourced_and_ordered():
    rows = model_architectures()
    assert [r.size_class for r in rows] == ["7-9B", "13-14B", "32-34B", "70B"]
    for r in rows:
        assert "config.json" in r.source and r.kv_heads <= 8 < r.layers
        assert math.isclose(r.kv_bytes_per_token, 2 * r.layers * r.kv_heads * r.head_dim * 2)
