"""The charts: valid PNGs of the declared size, and plotted numbers that are the analysis's.

Oracles: the engine itself, called independently of the chart code (``resolve`` again, then
``evaluate(point(...))`` at the chart's own volumes), and the analysis's figures (break-even,
today's volume, the timeline, the tornado bars). Every chart is rendered under pytest's
``filterwarnings = error``, so a chart that warns fails.
"""

from __future__ import annotations

import doctest
import importlib
import json
import math
import struct
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import date
from functools import cache
from io import BytesIO
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from bot.reports.chart_plans import CumulativePlan
from bot.reports.charts import (
    Chart,
    break_even_chart,
    comparison_chart,
    cumulative_chart,
    tornado_chart,
)
from bot.reports.charts_base import DPI, SIZE
from bot.reports.charts_cumulative import cumulative_figure
from bot.reports.plan_cumulative import plan_cumulative
from bot.scenario_files import load_scenario
from engine.analysis import Analysis, analyse
from engine.figures import tokens
from engine.models import Scenario
from engine.resolve import point, resolve
from engine.roi import evaluate

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = sorted(p.stem for p in (REPO / "examples").glob("*.toml"))
AT = date(2026, 11, 24)  # a fixed price date: genai-prices' scheduled changes move nothing
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

#: Hand-built scenarios for the edges the examples do not reach.
HAND_BUILT = {
    # 3 extra review points at $5 cost $0.15 a request, more than GPT-4o's $0.00325.
    "no_break_even": Scenario(quality={"human_review_rate_ft": 0.05}),
    "zero_volume": Scenario(workload={"requests_per_day": 0}),
    "auto_sized": Scenario(workload={"requests_per_day": 400_000}, model={"num_instances": None}),
    "huge_volume": Scenario(workload={"requests_per_day": 1e9}, model={"num_instances": None}),
    "growing": Scenario(workload={"monthly_growth_rate": 0.1}, model={"num_instances": None},
                        project={"compute_usd_per_run": 100}),
    "no_tokens": Scenario(workload={"avg_input_tokens_per_request": 0,
                                    "avg_output_tokens_per_request": 0}),
}
ALL = [*EXAMPLES, *HAND_BUILT]


def scenario(name: str) -> Scenario:
    if name in HAND_BUILT:
        return HAND_BUILT[name]
    return load_scenario(REPO / "examples" / f"{name}.toml")


@cache
def analysis(name: str) -> Analysis:
    return analyse(scenario(name), at=AT)


@cache
def chart(kind: str, name: str) -> Chart:
    draw = {"break_even": break_even_chart, "cumulative": cumulative_chart,
            "tornado": tornado_chart}[kind]
    return draw(analysis(name))


def engine_sweep(name: str, tokens_per_day: list[float], *, resize_fleet: bool):
    """The engine's own figures at these volumes, from a fresh ``resolve``."""
    s = scenario(name)
    requests = np.asarray(tokens_per_day) / s.workload.tokens_per_request
    return evaluate(point(s, resolve(s, at=AT), {"workload.requests_per_day": requests},
                          resize_fleet=resize_fleet))


def xs_ys(line: list[tuple[float, float]]) -> tuple[np.ndarray, np.ndarray]:
    xs, ys = zip(*line, strict=True)
    return np.asarray(xs), np.asarray(ys)


# --- every chart: a PNG of the declared size, words, and plain numbers ----------------------

@pytest.mark.parametrize("kind", ["break_even", "cumulative", "tornado"])
@pytest.mark.parametrize("name", ALL)
def test_a_valid_png_of_the_declared_size(kind: str, name: str) -> None:
    c = chart(kind, name)
    assert c.png.startswith(PNG_SIGNATURE)
    assert c.png[12:16] == b"IHDR"
    assert struct.unpack(">II", c.png[16:24]) == (c.width_px, c.height_px)
    assert (c.width_px, c.height_px) == (1200, 700)
    with Image.open(BytesIO(c.png)) as image:  # the whole file decodes, not just its header
        image.load()
        assert image.size == (c.width_px, c.height_px)


@pytest.mark.parametrize("kind", ["break_even", "cumulative", "tornado"])
@pytest.mark.parametrize("name", ALL)
def test_words_are_one_title_and_one_sentence_and_data_is_plain(kind: str, name: str) -> None:
    c = chart(kind, name)
    assert c.title and "\n" not in c.title and "\\" not in c.title
    assert c.alt_text.endswith(".") and "\n" not in c.alt_text
    assert c.alt_text.count(". ") == 0  # one sentence
    assert json.loads(json.dumps(c.data)) is not None  # plain numbers, strings and lists
    assert c.data["caption"] and c.data["subtitle"]


def test_text_is_at_least_12_points_at_100_to_150_dpi() -> None:
    assert min(SIZE.values()) >= 12
    assert 100 <= DPI <= 150


def test_chart_is_frozen() -> None:
    c = chart("cumulative", "quickstart")
    with pytest.raises(AttributeError):
        c.title = "other"  # type: ignore[misc]


# --- the break-even chart ----------------------------------------------------------------

@pytest.mark.parametrize("name", [n for n in ALL if n != "no_tokens"])
def test_break_even_lines_are_the_engines_figures_at_those_volumes(name: str) -> None:
    c = chart("break_even", name)
    xs, api = xs_ys(c.data["api"])
    resized = analysis(name).serving.sized_automatically
    assert c.data["fleet_resized"] is resized
    o = engine_sweep(name, list(xs), resize_fleet=resized)
    np.testing.assert_allclose(api, o.api_monthly_usd, rtol=1e-12)
    np.testing.assert_allclose(xs_ys(c.data["ft"])[1], o.ft_before_amortisation_monthly_usd,
                               rtol=1e-12)
    np.testing.assert_allclose(xs_ys(c.data["ft_with_project"])[1], o.ft_total_monthly_usd,
                               rtol=1e-12)
    # An independent oracle for the API line: tokens × 30 × the blended $/1M.
    blended = analysis(name).break_even.api_usd_per_1m_blended
    np.testing.assert_allclose(api, xs * 30 * blended / 1e6, rtol=1e-9)


@pytest.mark.parametrize("name", [n for n in ALL if n != "no_tokens"])
def test_break_even_marker_and_today_marker(name: str) -> None:
    a, c = analysis(name), chart("break_even", name)
    be = a.break_even
    today_x, today_y = c.data["today"]
    assert today_x == pytest.approx(be.current_tokens_per_day, rel=1e-12)
    assert today_y == pytest.approx(a.monthly.api_usd, rel=1e-12)
    assert c.data["today_ft"][1] == pytest.approx(a.monthly.ft_total_usd
                                                  - a.monthly.amortised_project_usd, rel=1e-9)
    if be.lifetime_tokens_per_day is None:
        assert c.data["break_even"] is None
        return
    x, y = c.data["break_even"]
    assert x == pytest.approx(be.lifetime_tokens_per_day, rel=1e-12)
    at_fleet_today = engine_sweep(name, [x], resize_fleet=False)
    assert y == pytest.approx(float(at_fleet_today.api_monthly_usd[0]), rel=1e-12)
    # The marker is where the API bill meets today's fleet's cost with the project amortised:
    # the lifetime break-even, the one people read.
    assert y == pytest.approx(float(at_fleet_today.ft_total_monthly_usd[0]), rel=1e-9)
    assert tokens(be.lifetime_tokens_per_day) in c.title
    # ... and a line drawn there meets the API line at the marker: today's fleet held when
    # the fleet is re-sized along the sweep, else the line with the project amortised.
    held = c.data["ft_today_fleet"] if c.data["fleet_resized"] else c.data["ft_with_project"]
    assert np.interp(x, *xs_ys(held)) == pytest.approx(y, rel=1e-9)


@pytest.mark.parametrize("name", [n for n in ALL if n != "no_tokens"])
def test_break_even_range_reaches_well_past_today_and_the_break_even(name: str) -> None:
    c, be = chart("break_even", name), analysis(name).break_even
    xs = xs_ys(c.data["api"])[0]
    marks = [v for v in (be.current_tokens_per_day, be.lifetime_tokens_per_day) if v]
    assert xs.max() >= 2.5 * max(marks)
    if c.data["log_x"]:
        assert xs.min() <= min(marks) / 5
        assert math.log10(xs.max() / xs.min()) > 2  # log only where it spans > 2 decades
    else:
        assert xs.min() == 0


def test_log_scale_where_the_range_spans_decades_linear_otherwise() -> None:
    # Today against the lifetime break-even: log when they are 5 or more times apart.
    assert chart("break_even", "case_document_extraction").data["log_x"]  # 5M and 61.5M
    assert chart("break_even", "huge_volume").data["log_x"]
    assert not chart("break_even", "quickstart").data["log_x"]  # 130M and 43.6M
    assert not chart("break_even", "case_customer_support").data["log_x"]  # 50M and 28.7M
    assert not chart("break_even", "zero_volume").data["log_x"]  # 0 has no place on a log axis


@pytest.mark.parametrize("name", ["no_break_even", "seed_worked_example",
                                  "seed_worked_example_corrected", "no_tokens"])
def test_no_break_even_draws_no_marker_and_says_so(name: str) -> None:
    c = chart("break_even", name)
    assert analysis(name).break_even.tokens_per_day is None
    assert c.data["break_even"] is None
    assert "no break-even" in c.title.lower()
    assert "no break-even" in c.data["caption"].lower()
    assert "never crosses" in c.alt_text or "nothing to plot" in c.alt_text


def test_no_tokens_per_request_plots_nothing_and_still_renders() -> None:
    c = chart("break_even", "no_tokens")
    assert c.data["api"] == [] and c.data["ft"] == []
    assert c.png.startswith(PNG_SIGNATURE)


def test_zero_volume_marks_today_at_zero() -> None:
    c = chart("break_even", "zero_volume")
    assert c.data["today"] == (0.0, 0.0)
    assert c.data["break_even"] is not None
    assert "you are at 0" in c.title


@pytest.mark.parametrize("name", ["auto_sized", "quickstart", "huge_volume"])
def test_auto_sized_fleet_steps_and_break_even_says_todays_fleet(name: str) -> None:
    c, a = chart("break_even", name), analysis(name)
    assert c.data["fleet_resized"]
    xs, ft = xs_ys(c.data["ft"])
    held = xs_ys(c.data["ft_today_fleet"])[1]
    fixed = engine_sweep(name, list(xs), resize_fleet=False)
    np.testing.assert_allclose(held, fixed.ft_total_monthly_usd, rtol=1e-9)
    serving = ft - np.asarray(engine_sweep(name, list(xs), resize_fleet=True)
                              .review_delta_monthly_usd) - a.monthly.storage_usd \
        - a.monthly.ongoing_engineering_usd
    steps = np.unique(np.round(serving, 6))
    assert len(steps) > 1  # the fleet is re-sized along the sweep: a step function
    per_instance = a.monthly.serving_usd / a.serving.num_instances
    np.testing.assert_allclose(steps / per_instance, np.round(steps / per_instance), atol=1e-9)
    assert "today's fleet" in c.data["caption"]
    assert any("held" in label for label in c.data["legend"])


def test_fixed_fleet_draws_no_second_fleet_line() -> None:
    c = chart("break_even", "case_customer_support")
    assert not c.data["fleet_resized"]
    assert c.data["ft_today_fleet"] is None
    assert len(c.data["legend"]) == 3


def test_legend_names_both_fine_tuned_lines() -> None:
    labels = chart("break_even", "case_customer_support").data["legend"]
    assert labels[0] == "API bill"
    assert "serving + storage + upkeep + review" in labels[1]
    assert "amortised over 18 months" in labels[2]


def test_titles_state_the_answer() -> None:
    assert chart("break_even", "quickstart").title == (
        "Fine-tuning costs less than the API over the 18-month lifetime above 43.6M tokens/day "
        "— you are at 130M")
    assert chart("break_even", "case_document_extraction").title == (
        "The API is cheaper at your volume: over the 18-month lifetime fine-tuning breaks even "
        "only above 61.5M tokens/day — you are at 5M")


# --- the cumulative chart ------------------------------------------------------------------

@pytest.mark.parametrize("name", ALL)
def test_cumulative_lines_and_crossover_are_the_timelines(name: str) -> None:
    t, c = analysis(name).timeline, chart("cumulative", name)
    assert c.data["api"] == list(zip(t.months, t.api_cumulative_usd, strict=True))
    assert c.data["ft"] == list(zip(t.months, t.ft_cumulative_usd, strict=True))
    assert c.data["months"] == t.months[-1]
    if t.crossover_month is None:
        assert c.data["crossover"] is None
        assert c.title.startswith("No crossover within the lifetime")
    else:
        assert c.data["crossover"] == (t.crossover_month,
                                       t.ft_cumulative_usd[t.crossover_month])
        assert f"month {t.crossover_month} of {t.months[-1]}" in c.title


def test_cumulative_crossover_is_the_payback_rounded_up_without_growth() -> None:
    a = analysis("case_customer_support")  # payback 4.58 months: ahead from month 5
    assert chart("cumulative", "case_customer_support").data["crossover"][0] == math.ceil(
        a.payback_months) == 5


def test_cumulative_with_growth_says_so() -> None:
    c = chart("cumulative", "growing")
    assert "grows 10% a month" in c.data["caption"]
    assert "re-sized" in c.data["caption"]


def drawn_texts(plan: CumulativePlan) -> list[str]:
    return [t.get_text() for t in cumulative_figure(plan).axes[0].texts]


def test_the_lead_is_left_out_where_the_api_line_would_cross_it() -> None:
    # The chat's default: $14,788 ahead at month 18, but across the note's width the API
    # line climbs ~$4,900 a month, through where the note would be; the subtitle says it.
    plan = plan_cumulative(analyse(Scenario(), at=AT)).plan
    assert plan.lead is not None and plan.lead.startswith("fine-tuning ahead")
    assert "saves" in plan.words.subtitle
    assert [t for t in drawn_texts(plan) if "ahead\nby" in t] == []


def test_the_lead_is_written_between_the_lines_where_they_are_far_apart() -> None:
    # $50k a month against $20k + $5k a month: the gap is wide enough for the note.
    base = plan_cumulative(analyse(Scenario(), at=AT)).plan
    months = np.arange(19, dtype=float)
    api, ft = 50_000 * months, 20_000 + 5_000 * months
    plan = replace(base, months=months, api=api, ft=ft, ahead=ft <= api,
                   top=float(api[-1]) * 1.1, lead="fine-tuning ahead\nby $790,000",
                   crossover=None)
    figure = cumulative_figure(plan)
    lead = next(t for t in figure.axes[0].texts if t.get_text().startswith("fine-tuning"))
    box = lead.get_window_extent(figure.canvas.get_renderer())
    to_pixels = figure.axes[0].transData.transform
    for x in np.linspace(*figure.axes[0].transData.inverted().transform(
            [(box.x0, box.y0), (box.x1, box.y0)])[:, 0], 10):
        assert to_pixels((x, np.interp(x, months, api)))[1] > box.y1  # above the note
        assert to_pixels((x, np.interp(x, months, ft)))[1] < box.y0  # below it


# --- the tornado chart ----------------------------------------------------------------------

@pytest.mark.parametrize("name", ALL)
def test_tornado_bars_are_the_analysis_bars_in_its_order(name: str) -> None:
    a, c = analysis(name), chart("tornado", name)
    assert [bar["label"] for bar in c.data["bars"]] == [bar.label for bar in a.tornado]
    for drawn, bar in zip(c.data["bars"], a.tornado, strict=True):
        assert (drawn["low"], drawn["high"]) == (bar.low, bar.high)
        assert drawn["savings_at_low"] == bar.savings_at_low_usd
        assert drawn["savings_at_high"] == bar.savings_at_high_usd
    swings = [abs(b["savings_at_high"] - b["savings_at_low"]) for b in c.data["bars"]]
    assert swings == sorted(swings, reverse=True)
    assert c.data["baseline"] == a.monthly.savings_usd
    assert c.data["zero"] == 0.0


def test_tornado_title_names_the_inputs_that_flip() -> None:
    a = analysis("case_customer_support")
    flipping = [b.label for b in a.tornado
                if min(b.savings_at_low_usd, b.savings_at_high_usd) < 0
                < max(b.savings_at_low_usd, b.savings_at_high_usd)]
    assert len(flipping) == 3
    assert chart("tornado", "case_customer_support").title == (
        f"3 inputs can each flip the decision, “{flipping[0]}” most")
    assert chart("tornado", "seed_worked_example").title == (
        "The API stays cheaper across every input's range")


def test_tornado_legend_gives_the_flip_and_today() -> None:
    labels = chart("tornado", "case_customer_support").data["legend"]
    assert "flip: savings $0" in labels
    assert "today: $2,933.28" in labels


# --- the comparison chart ------------------------------------------------------------------

def test_comparison_bars_are_lifetime_costs_and_the_winner_costs_the_company_least() -> None:
    names = ["case_document_extraction", "case_customer_support", "case_code_generation"]
    c = comparison_chart([(n, analysis(n)) for n in names])
    assert [row["name"] for row in c.data["scenarios"]] == names
    for row, name in zip(c.data["scenarios"], names, strict=True):
        d = analysis(name).decision
        assert (row["api"], row["ft"], row["best"], row["best_label"]) == (
            d.current.lifetime_usd, d.self_hosted.lifetime_usd, d.best_option.lifetime_usd,
            d.best_option.label)
    cheapest = min(names, key=lambda n: analysis(n).decision.best_option.lifetime_usd)
    assert c.data["winner"] == cheapest == "case_document_extraction"
    assert c.title.startswith("case_document_extraction costs least: keep gpt-3.5-turbo")
    assert (c.width_px, c.height_px) == struct.unpack(">II", c.png[16:24]) == (1200, 700)


def test_comparison_never_crowns_a_fine_tune_a_cheaper_bar_beats() -> None:
    # The case: the winner's bar is the lowest of every best option's, whatever the
    # savings of any fine-tune.
    names = ["quickstart", "case_customer_support", "seed_worked_example_corrected",
             "zero_volume"]
    c = comparison_chart([(n, analysis(n)) for n in names])
    winner = next(r for r in c.data["scenarios"] if r["name"] == c.data["winner"])
    assert winner["best"] == min(r["best"] for r in c.data["scenarios"])
    assert c.data["winner"] == "zero_volume"  # no traffic: today's API costs $0


@pytest.mark.parametrize("count", [0, 1, 5])
def test_comparison_takes_two_to_four(count: int) -> None:
    rows = [(f"s{i}", analysis("quickstart")) for i in range(count)]
    with pytest.raises(ValueError, match=f"{count} scenarios cannot be compared — give 2 to 4"):
        comparison_chart(rows)


def test_comparison_of_four() -> None:
    names = ["quickstart", "case_customer_support", "seed_worked_example_corrected",
             "zero_volume"]
    c = comparison_chart([(n.replace("_", " "), analysis(n)) for n in names])
    assert len(c.data["scenarios"]) == 4
    assert c.data["winner"] == "zero volume"


# --- rendering: no pyplot, thread-safe, deterministic ------------------------------------

def test_rendering_never_imports_pyplot() -> None:
    code = ("import sys; from datetime import date; from engine.analysis import analyse; "
            "from engine.models import Scenario; import bot.reports.charts as c; "
            "a = analyse(Scenario(), at=date(2026, 11, 24)); c.break_even_chart(a); "
            "c.tornado_chart(a); print('matplotlib.pyplot' in sys.modules)")
    out = subprocess.run([sys.executable, "-W", "error", "-c", code], cwd=REPO, check=True,
                         capture_output=True, text=True)
    assert out.stdout.strip() == "False"


def test_renders_from_several_threads_give_the_same_pngs() -> None:
    a = analysis("quickstart")
    alone = [break_even_chart(a).png, tornado_chart(a).png]
    with ThreadPoolExecutor(max_workers=4) as pool:
        together = list(pool.map(lambda draw: draw(a).png,
                                 [break_even_chart, tornado_chart] * 2))
    assert together == alone * 2


@pytest.mark.parametrize("module", ["bot.reports.charts_base", "bot.reports.plan_tornado"])
def test_docstring_examples(module: str) -> None:
    result = doctest.testmod(importlib.import_module(module))
    assert result.attempted > 0
    assert result.failed == 0


@pytest.mark.parametrize("title", [
    "Short title",
    "The API is cheaper at your volume: over the 18-month lifetime fine-tuning breaks even "
    "only above 396M tokens/day — you are at 350M",
    # as long as a title gets: a 150-character one
    ("Fine-tuning costs less than the API over the 600-month lifetime above 1.37B "
     "tokens/day — you are at 350M, with a fleet re-sized as the volume grows"),
])
def test_a_title_of_any_length_fits_in_the_image(title: str) -> None:
    from bot.reports.charts_base import add_header, new_figure

    fig, _ = new_figure()
    add_header(fig, title, "a subtitle")
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    (drawn, _) = fig.texts
    box = drawn.get_window_extent(renderer)
    assert box.x0 >= 0 and box.x1 <= fig.get_figwidth() * fig.dpi, (box.x1, drawn.get_fontsize())
    if len(title) < 60:
        assert drawn.get_fontsize() == SIZE["title"]  # short titles keep their size
