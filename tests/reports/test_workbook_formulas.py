"""The workbook recomputed by the ``formulas`` evaluator (pure Python, no LibreOffice)
agrees with the engine, as built and after an input cell is changed.

The same oracle and cases as test_workbook_recompute.py, for a second, independent
evaluator; a file of its own so that the two slow halves run on different test workers.
``formulas`` compiles a workbook in about 7 s and calculates it in about 2, so each
workbook is compiled once for all its calculations (workbook_support._formulas_model), and
the random scenarios are three where LibreOffice takes six: every random workbook is
recomputed by LibreOffice, this evaluator's extra ones would add about 11 s each.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.models import Scenario
from tests.reports.test_workbook import book
from tests.reports.test_workbook_recompute import (
    EDITS,
    RANDOM,
    _check,
    _random_jobs,
    edited,
    workbook_scenarios,
)
from tests.reports.workbook_support import recalculate_formulas


@pytest.mark.parametrize("stem", ["seed_worked_example_corrected", "case_code_generation"])
def test_formulas_evaluator_recomputes_an_example(stem: str) -> None:
    _check(book(stem), recalculate_formulas(book(stem).content))


@pytest.mark.parametrize("edit", ["volume", "gpu_price", "hourly_rate", "growth", "fleet"])
def test_formulas_evaluator_after_an_edit(edit: str) -> None:
    b, changes, expected = edited("quickstart", edit)
    _check(b, recalculate_formulas(b.content, changes), expected)


@settings(RANDOM, max_examples=3)
@given(s=workbook_scenarios(), edit=st.sampled_from(sorted(EDITS)))
def test_formulas_evaluator_on_random_scenarios(s: Scenario, edit: str) -> None:
    b, changes, expected, _ = _random_jobs(s, edit)
    _check(b, recalculate_formulas(b.content))
    _check(b, recalculate_formulas(b.content, changes), expected)
