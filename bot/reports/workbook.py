"""A live spreadsheet of one analysis: an .xlsx workbook whose figures are formulas.

Sheets: **Inputs** (every input with its unit, value, source and date; editable cells in
the input style, each a defined name), **Monthly costs** (:mod:`bot.reports.workbook_costs`),
**Options** (:mod:`bot.reports.workbook_options`), **Timeline** with a chart of cumulative
cost (:mod:`bot.reports.workbook_timeline`) and **Assumptions**
(:mod:`bot.reports.workbook_notes`). Change requests/day or the GPU price in the Inputs and
everything that follows from it recomputes in closed form, as the engine computes it.

Written with XlsxWriter: it writes each formula's result beside the formula, so a viewer
that does not recalculate (a file preview, a phone) still shows the engine's figures, and it
draws native charts. :attr:`Workbook.cells` lists every formula cell with the engine's figure,
which is what the tests hold a real spreadsheet program's recomputation to.

>>> from datetime import date
>>> from engine.analysis import analyse
>>> from engine.models import Scenario
>>> book = build_workbook(analyse(Scenario(), at=date(2026, 1, 5), samples=200))
>>> book.content[:2], book.names["requests_per_day"]
(b'PK', 'Inputs!$C$6')
"""

from __future__ import annotations

import io
import math
from datetime import datetime

import xlsxwriter
from xlsxwriter.worksheet import Worksheet

from bot.reports.workbook_costs import monthly_formulas
from bot.reports.workbook_grid import (
    INPUTS,
    MONTHLY,
    NOTES,
    OPTIONS,
    OPTIONS_FIRST_ROW,
    TIMELINE,
    Col,
    TCol,
    cell,
    month_row,
    timeline_cumulative_col,
)
from bot.reports.workbook_inputs import InputRow, Style, input_rows
from bot.reports.workbook_notes import NoteRow, assumption_rows, value_rows
from bot.reports.workbook_options import option_entries, summary_formulas
from bot.reports.workbook_timeline import timeline_entries, timeline_months
from bot.reports.workbook_writer import FormulaCell, Workbook, Writer
from engine.analysis import Analysis
from engine.lifetime import growth_factor
from engine.option_costs import Money, cost
from engine.options import option_terms
from engine.resolve import Resolved, point
from engine.roi import evaluate

__all__ = ["FormulaCell", "Workbook", "build_workbook"]


def _inputs(w: Writer, rows: list[InputRow]) -> None:
    ws = w.sheet(INPUTS, "Inputs", "Blue cells on yellow are inputs: change them and every "
                 "sheet recomputes. Each has the defined name in column F.")
    for col, text in enumerate(("Input", "Unit", "Value", "Source", "Date", "Name")):
        ws.write_string(3, col, text, w.head)
    row, section = 4, None
    for r in rows:
        if r.section != section:
            if section is not None:
                row += 1
            section = r.section
            ws.write_string(row, 0, section, w.bold)
            row += 1
        ws.write_string(row, 0, r.label)
        ws.write_string(row, 1, r.unit)
        w.value(ws, row, 2, r.value, r.style, editable=r.editable)
        ws.write_string(row, 3, r.source, w.wrap)
        w.value(ws, row, 4, r.date or "", "text")
        ws.write_string(row, 5, r.name)
        w.name(r.name, INPUTS, row, 2)
        row += 1
    ws.set_column(0, 0, 38)
    ws.set_column(1, 1, 26)
    ws.set_column(2, 2, 16)
    ws.set_column(3, 3, 80)
    ws.set_column(4, 5, 18)
    ws.freeze_panes(4, 0)


def _monthly(w: Writer, a: Analysis, resolved: Resolved) -> None:
    ws = w.sheet(MONTHLY, "Monthly costs: fine-tune and self-host, against today's API",
                 "Every figure is a formula over the Inputs (month 1, today's volume).")
    for col, text in enumerate(("Figure", "Unit", "Value", "How", "Name")):
        ws.write_string(3, col, text, w.head)
    outcome = evaluate(point(a.inputs, resolved))
    for i, f in enumerate(monthly_formulas(a, outcome)):
        row = 4 + i
        ws.write_string(row, 0, f.label)
        ws.write_string(row, 1, f.unit)
        w.formula(ws, f.name, row, 2, f.formula, f.expected, f.style)
        ws.write_string(row, 3, f.how, w.wrap)
        ws.write_string(row, 4, f.name)
        w.name(f.name, MONTHLY, row, 2)
    ws.set_column(0, 0, 34)
    ws.set_column(1, 1, 14)
    ws.set_column(2, 2, 16)
    ws.set_column(3, 3, 70)
    ws.set_column(4, 4, 22)


_OPTION_HEADERS = {
    Col.OPTION: "Option", Col.ID: "Id", Col.QUALIFIES: "Meets your constraints",
    Col.INPUT_PRICE: "Input $/1M tokens", Col.OUTPUT_PRICE: "Output $/1M tokens",
    Col.REVIEW_RATE: "Review rate", Col.TRAINING_PRICE: "Training $/1M training tokens",
    Col.FEE_PER_RUN: "Training fee per run", Col.HOURS: "Engineer hours up front",
    Col.ONE_TIME: "One-time", Col.FIXED: "Fixed per month", Col.VARIABLE:
    "Variable per month (today's volume)", Col.SERVING: "Serving per month",
    Col.MONTHLY: "Per month (month 1)", Col.LIFETIME: "Lifetime cost",
    Col.SAVINGS: "Lifetime savings vs today", Col.PAYBACK: "Payback (months, with growth)",
    Col.QUALIFYING_LIFETIME: "Lifetime cost if it qualifies",
    Col.NOTES: "Why, and what it rests on",
}


def _options(w: Writer, a: Analysis, resolved: Resolved, months: int) -> list[Money]:
    """The Options sheet; each option's money (today's API first), for the Timeline."""
    s = a.inputs
    listed = a.decision.options
    terms = {d.terms.id: d.terms for d in option_terms(s, resolved)}
    others = [terms[o.id] for o in listed if o.kind != "current_api"]
    current, money, _ = cost(others, s, resolved)
    money["current_api"] = current
    ws = w.sheet(OPTIONS, "Options: every way to pay less, over the model's lifetime",
                 "Prices, review rates and 'yes'/'no' are inputs; the costs are formulas.")
    summary = summary_formulas(
        options=len(listed), months=months,
        growth=float(growth_factor(s.workload.monthly_growth_rate,
                                   s.project.model_lifetime_months)),
        serving_lifetime=float(money[a.decision.self_hosted.id].serving_lifetime),
        best_label=a.decision.best_option.label)
    for i, (name, label, formula, expected, how) in enumerate(summary):
        ws.write_string(2 + i, 0, label, w.bold)
        w.formula(ws, name, 2 + i, Col.QUALIFIES, formula, expected,
                  "text" if isinstance(expected, str) else "number")
        ws.write_string(2 + i, Col.INPUT_PRICE, how)
        w.name(name, OPTIONS, 2 + i, Col.QUALIFIES)
    for col, text in _OPTION_HEADERS.items():
        ws.write_string(OPTIONS_FIRST_ROW - 1, col, text, w.head)
    for k, o in enumerate(listed):
        t = None if o.kind == "current_api" else terms[o.id]
        for e in option_entries(k, o, t, money[o.id], s, months=months, options=len(listed),
                                api=(a.api_price.input_usd_per_1m_tokens,
                                     a.api_price.output_usd_per_1m_tokens),
                                engineer_hours=a.project.engineering_hours):
            row = OPTIONS_FIRST_ROW + k
            if e.formula is None:
                w.value(ws, row, e.col, e.expected, e.style, editable=e.editable)
            else:
                expected = "" if e.expected is None else e.expected
                w.formula(ws, f"{o.id}:{Col(e.col).name.lower()}", row, e.col, e.formula,
                          expected, e.style)
    ws.set_column(0, 0, 44)
    ws.set_column(1, 1, 24)
    ws.set_column(2, 17, 14)
    ws.set_column(18, 18, 90)
    ws.freeze_panes(OPTIONS_FIRST_ROW, 1)
    return [money[o.id] for o in listed]


def _timeline(w: Writer, a: Analysis, resolved: Resolved, money: list[Money],
              months: int) -> None:
    listed = a.decision.options
    ws = w.sheet(TIMELINE, "Timeline: each option's cumulative cost, month by month",
                 "Month 0 is launch (one-time costs). Months past the lifetime count 0.")
    last = month_row(months)
    w.formula(ws, "timeline:check", 2, 0,
              f'IF(lifetime_months>MAX({cell(month_row(1), 0)}:{cell(last, 0)}),'
              '"The lifetime is longer than these rows: add months below","")', "", "text")
    heads = {TCol.MONTH: "Month", TCol.WEIGHT: "Counted", TCol.COUNTED: "Months counted",
             TCol.GROWTH: "Volume × today's", TCol.REQUESTS: "Requests per day",
             TCol.INSTANCE_HOURS: "Instance-hours per day", TCol.SERVING: "Serving (self-hosted)"}
    for col, text in heads.items():
        ws.write_string(4, col, text, w.head)
    n = len(listed)
    for k, o in enumerate(listed):
        ws.merge_range(3, 7 + 2 * k, 3, 8 + 2 * k, o.label, w.head)
        ws.write_string(4, 7 + 2 * k, "This month", w.head)
        ws.write_string(4, 8 + 2 * k, "Cumulative", w.head)
        if k:
            ws.write_string(3, 7 + 2 * n + 2 * (k - 1), f"Payback helper: {o.label}", w.head)
            ws.write_string(4, 7 + 2 * n + 2 * (k - 1), "Left to recover", w.head)
            ws.write_string(4, 8 + 2 * n + 2 * (k - 1), "Paid back at", w.head)
    names = {TCol.MONTH: "month", TCol.WEIGHT: "weight", TCol.COUNTED: "counted",
             TCol.GROWTH: "growth", TCol.REQUESTS: "requests",
             TCol.INSTANCE_HOURS: "instance_hours", TCol.SERVING: "serving"}
    ids = [o.id for o in listed]
    for e in timeline_entries(a, resolved, money, [o.kind == "self_hosted_finetune"
                                                   for o in listed], months=months):
        if e.formula is None:
            w.value(ws, e.row, e.col, e.expected, e.style)
            continue
        month = e.row - month_row(0)
        what = names.get(TCol(e.col)) if e.col < 7 else _option_column(e.col, ids)
        w.formula(ws, f"timeline:{month}:{what}", e.row, e.col, e.formula, e.expected, e.style)
    ws.set_column(0, 6, 13)
    ws.set_column(7, 7 + 4 * n, 14)
    ws.freeze_panes(5, 1)
    _chart(w, ws, a, months)


def _option_column(col: int, ids: list[str]) -> str:
    n, j = len(ids), col - 7
    if j < 2 * n:
        return f"{ids[j // 2]}:{'cost' if j % 2 == 0 else 'cumulative'}"
    j -= 2 * n
    return f"{ids[1 + j // 2]}:{'behind' if j % 2 == 0 else 'paid_back_at'}"


def _chart(w: Writer, ws: Worksheet, a: Analysis, months: int) -> None:
    """Cumulative cost over the lifetime: today's API, the best option, the fine-tune."""
    listed = a.decision.options
    shown = dict.fromkeys([a.decision.current.id, a.decision.best, a.decision.self_hosted.id])
    end = month_row(min(months, math.ceil(a.inputs.project.model_lifetime_months - 1e-12)))
    chart = w.book.add_chart({"type": "line"})
    for option_id in shown:
        k = next(i for i, o in enumerate(listed) if o.id == option_id)
        col = timeline_cumulative_col(k)
        chart.add_series({
            "name": listed[k].label,
            "categories": [TIMELINE, month_row(0), TCol.MONTH, end, TCol.MONTH],
            "values": [TIMELINE, month_row(0), col, end, col],
        })
    chart.set_title({"name": "Cumulative cost over the lifetime"})
    chart.set_x_axis({"name": "Month"})
    chart.set_y_axis({"name": "USD", "num_format": "$#,##0"})
    chart.set_legend({"position": "bottom"})
    chart.set_size({"width": 900, "height": 420})
    ws.insert_chart(month_row(0), 8 + 4 * len(listed), chart)


def _notes(w: Writer, a: Analysis) -> None:
    ws = w.sheet(NOTES, "Assumptions: every value the analysis used, with its source",
                 "The second table's figures are values the workbook cannot recompute.")
    row = 3

    def table(title: str, rows: list[NoteRow]) -> None:
        nonlocal row
        ws.write_string(row, 0, title, w.bold)
        for col, text in enumerate(("Assumption", "Value", "Unit", "Source", "Date")):
            ws.write_string(row + 1, col, text, w.head)
        row += 2
        for r in rows:
            ws.write_string(row, 0, r.name, w.wrap)
            style: Style = "share" if r.unit.startswith("fraction") else "number"
            w.value(ws, row, 1, r.value, style)
            ws.write_string(row, 2, r.unit)
            ws.write_string(row, 3, r.source, w.wrap)
            w.value(ws, row, 4, r.date or "", "text")
            row += 1
        row += 1

    table("Assumptions", assumption_rows(a))
    table("Figures the workbook cannot recompute (values, not formulas)", value_rows(a))
    ws.set_column(0, 0, 50)
    ws.set_column(1, 2, 16)
    ws.set_column(3, 3, 90)
    ws.set_column(4, 4, 14)


def _resolved(a: Analysis) -> Resolved:
    """What the analysis looked up, without looking it up again."""
    p = a.project
    return Resolved(priced_at=a.priced_at, api=a.api_price, serving=a.serving,
                    compute_usd_per_run=p.compute_per_run_usd,
                    compute_source=p.compute_per_run_source, training=a.training)


def build_workbook(a: Analysis, *, name: str | None = None) -> Workbook:
    """The workbook of one analysis (``name``: the scenario's, for its title)."""
    out = Workbook(inputs=input_rows(a))
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    created = datetime(a.priced_at.year, a.priced_at.month, a.priced_at.day)
    book.set_properties({"title": f"ftroi: {name or 'scenario'}", "author": "ftroi",
                         "created": created,
                         "comments": "Every figure is a formula over the Inputs sheet."})
    w = Writer(book, out)
    resolved = _resolved(a)
    months = timeline_months(a.inputs.project.model_lifetime_months)
    _inputs(w, out.inputs)
    _monthly(w, a, resolved)
    money = _options(w, a, resolved, months)
    _timeline(w, a, resolved, money, months)
    _notes(w, a)
    book.close()
    out.content = buffer.getvalue()
    return out
