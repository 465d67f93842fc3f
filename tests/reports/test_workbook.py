"""The workbook's structure: its sheets, named input cells styled as inputs, formulas that
hold no hard-coded figure, the engine's results cached beside them, and the chart.

Oracles: the analysis itself (every input row's value is the scenario's; every cached
result is the engine's figure), and the rule that a formula names its inputs — the only
numbers written into a formula are units and conventions (1M tokens, 24 hours, 3,600
seconds, the engine's 10⁻⁹ rounding tolerance), never a price, a volume or an hour figure.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date
from functools import cache
from pathlib import Path

import openpyxl
import pytest

from bot.reports.workbook import Workbook, build_workbook
from bot.reports.workbook_grid import INPUTS, MONTHLY, NOTES, OPTIONS, TIMELINE
from bot.scenario_files import load_scenario
from engine.analysis import Analysis, analyse
from tests.reports.workbook_support import SAMPLES, within

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = sorted(p.stem for p in (REPO / "examples").glob("*.toml"))
AT = date(2026, 11, 24)
#: The numbers a formula may hold: units and conventions, not figures.
ALLOWED_LITERALS = {"0", "1", "24", "3600", "1000000", "1E-9"}
_NUMBER = re.compile(r"(?<![A-Za-z_$\d.])(\d+(?:\.\d+)?(?:E-?\d+)?)(?![\d(])")


@cache
def analysis(stem: str) -> Analysis:
    return analyse(load_scenario(REPO / "examples" / f"{stem}.toml"), at=AT, samples=SAMPLES)


@cache
def book(stem: str) -> Workbook:
    return build_workbook(analysis(stem), name=stem)


def _open(b: Workbook, *, data_only: bool = False) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(b.content), data_only=data_only)


def _literals(formula: str) -> set[str]:
    text = re.sub(r'"[^"]*"', '""', formula)  # strings are words, not figures
    text = re.sub(r"\$?[A-Z]{1,3}\$?\d+", "REF", text)  # cell references
    text = re.sub(r"'[^']*'!|[A-Za-z_]+!", "", text)
    return set(_NUMBER.findall(text))


def test_literal_finder_finds_figures() -> None:
    """The check below can fail: a figure typed into a formula is found."""
    assert _literals("requests_per_day*30*2.5/1000000") == {"30", "2.5", "1000000"}
    assert _literals("'Monthly costs'!$C$5+Timeline!H7*1E-9") == {"1E-9"}
    assert _literals('IF(A1>0,"pays back in 4.6 months",hours_data_collection)') == {"0"}


@pytest.mark.parametrize("stem", EXAMPLES)
def test_sheets_and_named_inputs(stem: str) -> None:
    b, a = book(stem), analysis(stem)
    wb = _open(b)
    assert wb.sheetnames == [INPUTS, MONTHLY, OPTIONS, TIMELINE, NOTES]
    inputs = wb[INPUTS]
    for row in b.inputs:
        sheet, ref = b.names[row.name].split("!")
        assert sheet == INPUTS and row.name in wb.defined_names
        c = inputs[ref.replace("$", "")]
        assert c.value == pytest.approx(row.value, rel=1e-15, abs=0)
        label, unit = (inputs.cell(c.row, i).value for i in (1, 2))
        assert (label, unit) == (row.label, row.unit) and row.source
        assert (c.fill.fgColor.rgb == "FFFFF2CC") is row.editable, row.name
        if row.path is not None and row.path in ("workload.requests_per_day",
                                                 "project.engineer_usd_per_hour"):
            assert row.value == a.inputs.get(row.path)
    listed = [wb[OPTIONS].cell(8 + k, 2).value for k in range(len(a.decision.options))]
    assert listed == [o.id for o in a.decision.options]


@pytest.mark.parametrize("stem", EXAMPLES)
def test_every_formula_names_its_inputs(stem: str) -> None:
    b = book(stem)
    wb = _open(b)
    formulas = {(ws.title, c.coordinate): c.value for ws in wb for row in ws.iter_rows()
                for c in row if isinstance(c.value, str) and c.value.startswith("=")}
    assert set(formulas) == {(c.sheet, c.ref) for c in b.cells}
    for (sheet, ref), formula in formulas.items():
        extra = _literals(formula) - ALLOWED_LITERALS
        assert not extra, f"{sheet}!{ref} holds {extra}: {formula}"
    monthly = wb[MONTHLY]
    assert all(monthly.cell(r, 3).value.startswith("=") for r in range(5, monthly.max_row + 1))


@pytest.mark.parametrize("stem", EXAMPLES)
def test_cached_results_are_the_engines(stem: str) -> None:
    """A viewer that does not recalculate shows the engine's figures."""
    b, a = book(stem), analysis(stem)
    wb = _open(b, data_only=True)
    for c in b.cells:
        assert within(wb[c.sheet][c.ref].value, c.expected), c.key
    by_key = {c.key: c.expected for c in b.cells}
    assert by_key["api_bill"] == a.monthly.api_usd
    assert by_key["savings"] == a.monthly.savings_usd
    assert by_key["best_option"] == a.decision.best_option.label
    for o in a.decision.options:
        assert by_key[f"{o.id}:lifetime"] == o.lifetime_usd
        assert by_key[f"{o.id}:monthly"] == o.monthly_usd


def test_chart_and_the_unrecomputable_values() -> None:
    b, a = book("quickstart"), analysis("quickstart")
    with zipfile.ZipFile(io.BytesIO(b.content)) as z:
        chart = z.read("xl/charts/chart1.xml").decode()
    assert "Cumulative cost over the lifetime" in chart and "Timeline" in chart
    notes = _open(b)[NOTES]
    rows = {notes.cell(r, 1).value: (notes.cell(r, 2).value, notes.cell(r, 4).value)
            for r in range(1, notes.max_row + 1)}
    p10 = rows["Lifetime savings, self-hosted vs today's API: P10"]
    assert p10[0] == pytest.approx(a.uncertainty.lifetime_savings_usd.p10)
    assert p10[1].startswith("value, the engine's simulation")
    assert rows["Throughput per instance"][1].startswith("value, the throughput model's")
    assert not any(isinstance(v, str) and v.startswith("=") for v, _ in rows.values())
