"""``ftroi roi FILE``: every example analyses, and the report prints the engine's figures."""

from __future__ import annotations

import json
import re

import pytest

from bot.reports.card import card
from bot.reports.layout import WIDTH
from bot.reports.text import render_report
from engine.analysis import Analysis
from engine.figures import (
    in_unit,
    months,
    percent,
    signed_usd,
    tokens,
    unit_usd,
    usd,
)
from tests.cli.conftest import AT, EXAMPLES, example_analysis, flat, too_wide

EXAMPLE_FILES = sorted(p.name for p in EXAMPLES.glob("*.toml"))


def expected_figures(a: Analysis) -> list[str]:
    """Every figure the report must show, formatted by the one rounding rule."""
    m, p, s = a.monthly, a.project, a.serving
    figures = [
        usd(m.api_usd), usd(m.ft_total_usd), usd(m.savings_usd), usd(m.serving_usd),
        usd(m.storage_usd), usd(m.amortised_project_usd), signed_usd(m.review_delta_usd),
        usd(m.net_before_amortisation_usd), usd(p.total_usd), usd(p.compute_usd),
        usd(p.engineering_usd), months(a.payback_months),
        tokens(a.break_even.current_tokens_per_day), unit_usd(s.usd_per_1m_at_full_use),
        percent(s.utilisation), unit_usd(s.instance_usd_per_hour),
        *(usd(cost) for cost in p.engineering_by_phase_usd.values()),
        usd(a.managed.project_usd), usd(a.managed.monthly_usd), months(a.managed.payback_months),
        *(in_unit(f.current, f.unit) for f in a.flip_points),
        *(in_unit(f.flip, f.unit) for f in a.flip_points if f.flip is not None),
        *(usd(bar.swing_usd) for bar in a.tornado),
        percent(a.uncertainty.probability_payback_within_lifetime),
        *(usd(v) for v in (a.uncertainty.project_usd.p10, a.uncertainty.project_usd.p50,
                           a.uncertainty.project_usd.p90) if v is not None),
        *(usd(v) for v in a.timeline.ft_cumulative_usd),
        a.recommendation.verdict, *a.recommendation.reasons,
        *(w.message for w in a.warnings),
        *(x.source for x in a.assumptions),
        *(x.date for x in a.assumptions if x.date),
        *(in_unit(x.value, x.unit) for x in a.assumptions),
    ]
    if a.break_even.tokens_per_day is not None:
        figures.append(tokens(a.break_even.tokens_per_day))
    if s.usd_per_1m_effective is not None:
        figures.append(unit_usd(s.usd_per_1m_effective))
    if a.training is not None:
        figures += [usd(a.training.total_usd), a.training.source]
    return figures


def test_the_examples_are_all_there():
    assert set(EXAMPLE_FILES) >= {
        "seed_worked_example.toml", "seed_worked_example_corrected.toml",
        "case_document_extraction.toml", "case_customer_support.toml",
        "case_code_generation.toml", "quickstart.toml",
    }


@pytest.mark.parametrize("name", EXAMPLE_FILES)
def test_every_example_prints_the_engines_figures(ftroi, name):
    result = ftroi("roi", EXAMPLES / name, "--at", AT.isoformat())
    assert (result.code, result.err) == (0, "")
    a = example_analysis(name)
    out = flat(result.out)
    assert flat(card(a).verdict) in out
    missing = [figure for figure in expected_figures(a) if flat(figure) not in out]
    assert missing == []


@pytest.mark.parametrize("name", EXAMPLE_FILES)
def test_the_report_fits_100_columns_without_escape_codes(ftroi, name):
    result = ftroi("roi", EXAMPLES / name, "--at", AT.isoformat())
    assert too_wide(result.out, WIDTH) == []
    assert "\x1b[" not in result.out  # capsys is not a terminal: no colour


def test_colour_only_when_asked():
    a = example_analysis("quickstart.toml")
    assert "\x1b[" not in render_report(a)
    coloured = render_report(a, colour=True)
    assert "\x1b[32m" in coloured  # a verdict that favours fine-tuning is green
    assert re.sub(r"\x1b\[\d+m", "", coloured) == render_report(a)


def test_the_card_comes_first_then_every_section(ftroi):
    out = ftroi("roi", EXAMPLES / "quickstart.toml", "--at", AT.isoformat()).out
    order = ["saves", "option", "per month", "one-time", "lifetime", "API bill per month",
             "Self-hosted per month",
             "Self-hosted savings per month", "One-time project", "Payback", "Break-even",
             "Cost per 1M tokens", "The source document's fit score:", "Warnings",
             "Every option", "Capacity", "The computation, per month",
             "Project cost by phase", "Training estimate", "Managed fine-tuning instead",
             "What flips the decision", "What it would take", "Tornado", "Uncertainty",
             "Over time", "Assumptions"]
    positions = [out.index(heading) for heading in order]
    assert positions == sorted(positions)


# Named oracles: the source document's own figures, and its known errors as ftroi corrects them.

def test_seed_worked_example_as_written_prices_four_a10gs_and_never_pays_back(ftroi):
    out = flat(ftroi("roi", EXAMPLES / "seed_worked_example.toml").out)
    assert "Serving $2,966.40" in out  # PRODUCT.md §5 known error 1: $2.06/h × 2 × 720
    assert "Review delta +$225,000" in out  # known error 2: 50,000 × 30 × 3% × $5
    assert "API bill per month $8,250.00" in out  # 3,750 input + 4,500 output at $5/$15
    assert "no break-even at any volume" in out  # known error 3: no "above break-even"
    assert "Payback never" in out
    assert out.split("option")[0].rstrip().endswith("more over it")  # "Keep gpt-4o: …"
    assert "Keep gpt-4o: nothing costs less over the 18-month lifetime" in out


def test_the_seed_examples_serve_at_the_documents_claimed_5_000_tokens_per_s(ftroi):
    for name in ("seed_worked_example.toml", "seed_worked_example_corrected.toml"):
        serving = json.loads(ftroi("roi", EXAMPLES / name, "--json").out)["serving"]
        assert serving["throughput_tokens_per_s_per_instance"] == 5_000  # source document §Serving
        assert serving["throughput_basis"] == "seed_claim"
        assert serving["throughput_source"].startswith("claimed — source document §Serving")


def test_seed_worked_example_corrected_serves_on_two_a10gs(ftroi):
    out = flat(ftroi("roi", EXAMPLES / "seed_worked_example_corrected.toml").out)
    assert "Serving $1,483.20" in out  # 2 × $1.03 × 720
    assert "One-time project $15,096 (compute $96.00, engineering $15,000)" in out


def test_customer_support_case_pays_back_in_4_6_months_not_6_4(ftroi):
    out = flat(ftroi("roi", EXAMPLES / "case_customer_support.toml").out)
    assert "paid back in 4.6 months" in out  # known error 5: 18,000 / 3,933
    assert "Payback 4.6 months, within the 18-month lifetime" in out
    assert "API bill per month $7,500.00" in out  # the document's bill
    assert "Review delta +$600.00" in out  # the document's quality delta


def test_document_extraction_case_breaks_even_at_the_documents_24_7m(ftroi):
    out = flat(ftroi("roi", EXAMPLES / "case_document_extraction.toml").out)
    # Source document §Step 3: 7B on A10G against $1/1M breaks even at ~24.7M tokens/day.
    assert "Break-even 61.5M tokens/day over the lifetime; you are at 5M (below it)" in out
    assert "operating break-even, without the project, 24.7M" in out  # the document's
    assert "Keep gpt-3.5-turbo: nothing costs less over the 18-month lifetime" in out
    assert "API bill per month $150.00" in out  # the document's "$150/month"
    assert "Strict latency (50ms)" in out


def test_code_generation_case_reproduces_the_documents_bill_and_serving(ftroi):
    out = flat(ftroi("roi", EXAMPLES / "case_code_generation.toml").out)
    assert "API bill per month $30,000" in out
    assert "Serving $5,932.80" in out  # 8 A10Gs at $1.03/h (the document rounds to $5,936)
    assert "Review delta -$2,004.00" in out  # the document's -$2,000/month
