"""The workbook agrees with the engine when a real spreadsheet program recomputes it.

Oracle: the engine. Every formula cell, recomputed by LibreOffice headless from the Inputs
alone (cached results dropped; test_workbook_formulas.py does the same with the
``formulas`` evaluator), equals the engine's figure to the cent; and after an input cell is
changed — volume, prices, hours, rates, growth, lifetime, the fleet — it equals the
engine's analysis of the same change (the workbook built from that analysis says, cell by
cell, what each formula must give). Cases: the source document's worked example, the case
studies, the quick start, and random scenarios.
"""

from __future__ import annotations

import os
from datetime import date
from functools import cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.reports.workbook import Workbook, build_workbook
from engine.analysis import Analysis, analyse
from engine.models import Scenario
from tests.engine.strategies import (
    api_choices,
    fine_tuned_models,
    projects,
    quality_fits,
    training_plans,
)
from tests.reports.test_workbook import EXAMPLES, analysis, book
from tests.reports.workbook_support import (
    SAMPLES,
    agree,
    changed_analysis,
    input_ref,
    libreoffice_problem,
    recalculate_libreoffice,
    require_libreoffice,
)

AT = date(2026, 11, 24)
#: Changes a person makes in the Inputs: (defined name, new value as a function of today's).
EDITS = {
    "volume": ("requests_per_day", lambda v: v * 3 + 1_000),
    "input_price": ("api_input_price", lambda v: v * 0.6 + 0.1),
    "output_price": ("api_output_price", lambda v: v * 1.7),
    "gpu_price": ("instance_price", lambda v: v * 2.5),
    "hourly_rate": ("engineer_rate", lambda v: v + 55),
    "maintenance": ("maintenance_hours", lambda v: v + 12),
    "review_rate": ("review_rate_ft", lambda v: min(1.0, v + 0.013)),
    "growth": ("monthly_growth", lambda v: 0.04),
    "lifetime": ("lifetime_months", lambda v: v + 5.5),
    "fleet": ("fixed_instances", lambda v: 3.0),
    "hours": ("hours_data_collection", lambda v: v * 2 + 7),
}


@pytest.fixture(scope="module")
def soffice() -> None:
    require_libreoffice(libreoffice_problem(), environ=os.environ)


@cache
def edited(stem: str, edit: str) -> tuple[Workbook, dict[str, float], Workbook]:
    """The example's workbook, the Inputs edit, and the workbook of the engine's analysis of
    the same change (its cells hold what the edited formulas must give)."""
    b, a = book(stem), analysis(stem)
    name, new = EDITS[edit]
    row = next(r for r in b.inputs if r.name == name)
    value = float(new(row.value))
    return b, {input_ref(b, name): value}, build_workbook(changed_analysis(a, b, name, value))


def _check(b: Workbook, read: object, expected: Workbook | None = None) -> float:
    bad, worst = agree(b, read, expected)
    assert not bad, f"{len(bad)} cells disagree, e.g. {bad[:5]}"
    return worst


def test_libreoffice_recomputes_every_example(soffice: None) -> None:
    results = recalculate_libreoffice({stem: (book(stem).content, {}) for stem in EXAMPLES})
    for stem in EXAMPLES:
        assert _check(book(stem), results[stem]) < 0.005


@pytest.mark.parametrize("stem", ["seed_worked_example", "quickstart", "case_customer_support"])
def test_libreoffice_after_an_edit_equals_the_engines_change(soffice: None, stem: str) -> None:
    jobs = {edit: edited(stem, edit) for edit in EDITS}
    results = recalculate_libreoffice({edit: (b.content, changes)
                                       for edit, (b, changes, _) in jobs.items()})
    for edit, (b, _, expected) in jobs.items():
        _check(b, results[edit], expected)


# --- Random scenarios ------------------------------------------------------------------

@st.composite
def workbook_scenarios(draw: st.DrawFn) -> Scenario:
    """Valid scenarios whose figures a float64 spreadsheet holds to the cent: volumes up to
    2M requests of up to 8k tokens, growth 0 or at least ½% a month in size (a smaller
    one is the engine's zero), lifetimes up to five years."""
    shaped = draw(st.booleans())
    growth = draw(st.one_of(st.just(0.0), st.floats(0.005, 0.15), st.floats(-0.15, -0.005)))
    workload = {
        "requests_per_day": draw(st.one_of(st.sampled_from([0.0, 50_000.0]),
                                           st.floats(1, 2e6))),
        "avg_input_tokens_per_request": draw(st.floats(0, 8_000)),
        "avg_output_tokens_per_request": draw(st.floats(0, 2_000)),
        "monthly_growth_rate": growth,
        "peak_hours_per_day": draw(st.floats(1, 24)) if shaped else None,
        "off_peak_traffic_share": draw(st.floats(0, 1)) if shaped else None,
    }
    project = draw(projects()).model_copy(update={
        "model_lifetime_months": draw(st.floats(1, 60)),
        "maintenance_hours_per_month": draw(st.floats(0, 80)),
        "retrain_every_months": draw(st.sampled_from([0.0, 3.0, 6.0, 7.5])),
    })
    model = draw(fine_tuned_models())
    if model.model_size_b > 40:
        model = model.model_copy(update={"model_size_b": 13.0})
    return Scenario.model_validate({
        "workload": workload, "api": draw(api_choices()).model_dump(),
        "model": model.model_dump(), "project": project.model_dump(),
        "training": draw(training_plans()).model_dump(),
        "quality": draw(quality_fits()).model_dump()})


# Each example recomputes a whole workbook in LibreOffice (seconds): 6, on purpose.
RANDOM = settings(max_examples=6, deadline=None, derandomize=True,
                  suppress_health_check=[HealthCheck.too_slow])


def _random_jobs(s: Scenario, edit: str) -> tuple[Workbook, dict[str, float], Workbook,
                                                  Analysis]:
    a = analyse(s, at=AT, samples=SAMPLES)
    b = build_workbook(a)
    name, new = EDITS[edit]
    row = next(r for r in b.inputs if r.name == name)
    value = float(new(row.value))
    return b, {input_ref(b, name): value}, build_workbook(changed_analysis(a, b, name, value)), a


@RANDOM
@given(s=workbook_scenarios(), edit=st.sampled_from(sorted(EDITS)))
def test_libreoffice_on_random_scenarios(s: Scenario, edit: str) -> None:
    require_libreoffice(libreoffice_problem(), environ=os.environ)
    b, changes, expected, _ = _random_jobs(s, edit)
    results = recalculate_libreoffice({"as_built": (b.content, {}), "edited": (b.content,
                                                                               changes)})
    _check(b, results["as_built"])
    _check(b, results["edited"], expected)
