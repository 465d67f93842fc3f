"""Export: a scenario's analysis as JSON (everything), CSV (the card's figures), a live
spreadsheet (:mod:`bot.reports.workbook`) and a decision memo (:mod:`bot.reports.memo`).

The JSON is ``Analysis.model_dump_json()`` — every input, intermediate figure and
assumption, the same document ``ftroi show --json`` prints under ``analysis`` — with one key
more, ``decision``: the latest decision recorded on the scenario (its option, version, who
and when), or null. The CSV has one row per main figure with its unit, in full precision
(rounding is for presentation), so a spreadsheet can recompute from it, then the decision's
rows when there is one. The memo has a Decision section when there is one.

>>> from datetime import date
>>> from engine.analysis import analyse
>>> from engine.models import Scenario
>>> rows = figure_rows(analyse(Scenario(), at=date(2026, 1, 5)))
>>> rows[0][:2], len(rows)
(('API bill', 'USD/month'), 21)
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from bot.reports.memo import decided_by, memo
from engine.analysis import Analysis
from storage.records import RecordedDecision

__all__ = ["HEADER", "analysis_csv", "analysis_json", "analysis_memo", "analysis_xlsx",
           "decision_object", "decision_rows", "figure_rows"]

HEADER = ("figure", "unit", "value")
Row = tuple[str, str, float | int | str | None]


def figure_rows(a: Analysis) -> list[Row]:
    """The card's figures and the pieces they add up from, in the card's order."""
    m, p, be, s = a.monthly, a.project, a.break_even, a.serving
    return [
        ("API bill", "USD/month", m.api_usd),
        ("Fine-tuned total", "USD/month", m.ft_total_usd),
        ("Serving", "USD/month", m.serving_usd),
        ("Storage", "USD/month", m.storage_usd),
        ("Amortised project", "USD/month", m.amortised_project_usd),
        ("Review cost delta", "USD/month", m.review_delta_usd),
        ("Monthly savings", "USD/month", m.savings_usd),
        ("One-time project", "USD", p.total_usd),
        ("Project compute", "USD", p.compute_usd),
        ("Project engineering", "USD", p.engineering_usd),
        ("Model lifetime", "months", p.lifetime_months),
        ("Payback", "months", a.payback_months),
        ("Pays back within lifetime", "yes/no", "yes" if a.pays_back_within_lifetime else "no"),
        ("Break-even volume", "tokens/day", be.tokens_per_day),
        ("Today's volume", "tokens/day", be.current_tokens_per_day),
        ("Self-hosted cost at today's use", "USD/1M tokens", s.usd_per_1m_effective),
        ("Self-hosted cost at full use", "USD/1M tokens", s.usd_per_1m_at_full_use),
        ("API blended price", "USD/1M tokens", be.api_usd_per_1m_blended),
        ("Serving instances", "instances", s.num_instances),
        ("Utilisation", "fraction", s.utilisation),
        ("Priced at", "date", a.priced_at.isoformat()),
    ]


def decision_rows(d: RecordedDecision) -> list[Row]:
    """A decision as the CSV's rows."""
    return [
        ("Decision", "option", d.option_label),
        ("Decision option id", "id", d.option_id),
        ("Decided on version", "version", d.version),
        ("Decided by", "Slack user", decided_by(d)),
        ("Decided at", "UTC", d.decided_at.isoformat()),
    ]


def analysis_csv(a: Analysis, *, decision: RecordedDecision | None = None) -> str:
    """The figures as CSV (a header row, then one row each; empty where there is none),
    then the ``decision``'s rows."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    rows = figure_rows(a) + (decision_rows(decision) if decision is not None else [])
    for name, unit, value in rows:
        writer.writerow((name, unit, "" if value is None else repr(value)
                         if isinstance(value, float) else value))
    return out.getvalue()


def decision_object(d: RecordedDecision) -> dict[str, Any]:
    """The JSON ``decision``: which option, on which version, who and when."""
    return {"option_id": d.option_id, "option_label": d.option_label, "version": d.version,
            "decided_by": d.decided_by, "decided_by_name": d.decided_by_name,
            "decided_at": d.decided_at.isoformat()}


def analysis_json(a: Analysis, *, decision: RecordedDecision | None = None) -> str:
    """The whole analysis as JSON, with the latest ``decision`` (null when none)."""
    document = json.loads(a.model_dump_json())
    document["decision"] = decision_object(decision) if decision is not None else None
    return json.dumps(document, indent=2, ensure_ascii=False)


def analysis_xlsx(a: Analysis, *, name: str) -> bytes:
    """The workbook: every figure a formula over its Inputs sheet."""
    # Imported here: the spreadsheet writer (xlsxwriter) is loaded by the first export,
    # not by every ftroi serve.
    from bot.reports.workbook import build_workbook

    return build_workbook(a, name=name).content


def analysis_memo(a: Analysis, *, name: str, version: int | None = None,
                  decision: RecordedDecision | None = None) -> str:
    """The one-page decision memo of ``version``, in Markdown, with the ``decision``."""
    return memo(a, name=name, version=version, decision=decision)
