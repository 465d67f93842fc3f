"""The analysis as plain text for a terminal: the result card first, then every detail.

:func:`render_report` is what ``ftroi roi`` prints. It is 100 columns wide and has no escape
codes unless ``colour`` is on (the CLI turns it on only for a terminal). Every figure goes
through :mod:`engine.figures`.
"""

from __future__ import annotations

from bot.reports.card import Card, OptionRow, card
from bot.reports.layout import bold, coloured, heading, pairs, table, wrap
from bot.reports.text_details import render_details
from engine.analysis import Analysis
from engine.catalog.gpus import GpuCatalog

__all__ = ["render_card", "render_card_rest", "render_options", "render_report"]

_TONE_STYLE = {"good": "green", "bad": "red", "neutral": "yellow"}


def render_options(rows: list[OptionRow]) -> str:
    """The options side by side, the best marked; a failed constraint under its row."""
    body = [[("> " if r.best else "  ") + r.label, r.monthly, r.one_time, r.lifetime, r.payback]
            for r in rows]
    text = table(["option", "per month", "one-time", "lifetime", "payback"], body,
                 align="lrrrl", wraps=0, hang=4)
    notes = [wrap(f"{r.label}: does not qualify — {r.note}.", first="  * ", indent="    ")
             for r in rows if not r.qualifies]
    return "\n".join([text, *notes])


def _fit_and_warnings(c: Card, *, colour: bool) -> list[str]:
    lines = [wrap(f"{c.recommendation}. {c.rationale}.")]
    lines += [wrap(reason, first="  - ", indent="    ") for reason in c.reasons]
    if c.warnings:
        lines += ["", bold("Warnings", colour=colour)]
        lines += [wrap(w, first="  ! ", indent="    ") for w in c.warnings]
    else:
        lines += ["", "Warnings: none."]
    return lines


def render_card(c: Card, *, colour: bool = False) -> str:
    """The result card: title, headline, options, figures, fit score and warnings."""
    lines = [
        bold(c.title, colour=colour),
        wrap(c.subtitle),
        "",
        coloured(wrap(c.verdict), _TONE_STYLE[c.tone], colour=colour),
        "",
        render_options(c.options),
        "",
        pairs(c.fields),
        "",
        *_fit_and_warnings(c, colour=colour),
    ]
    return "\n".join(lines)


def render_card_rest(c: Card, *, colour: bool = False) -> str:
    """What the card holds beyond the brief (the Slack card is the brief): the self-hosted
    fine-tune's figures and setup, the source document's fit score, every warning."""
    return "\n".join([
        heading("The self-hosted fine-tune", colour=colour), pairs(c.fields), wrap(c.subtitle),
        heading("The source document's fit score, and warnings", colour=colour),
        *_fit_and_warnings(c, colour=colour),
    ])


def render_report(
    analysis: Analysis,
    *,
    name: str | None = None,
    colour: bool = False,
    catalog: GpuCatalog | None = None,
) -> str:
    """The whole report: the card, then capacity, the computation and every assumption."""
    body = render_card(card(analysis, name=name, catalog=catalog), colour=colour)
    return f"{body}\n{render_details(analysis, colour=colour)}\n"
