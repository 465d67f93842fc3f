"""The result card (PRODUCT.md §4) as a Slack message: the one-page brief.

Its words are :func:`bot.reports.brief.brief`'s, so Slack and the terminal's ``--brief`` say
the same thing. Layout, top to bottom: the scenario's name; the headline (one line, with a
mark for its tone); for a fork, what changed against its parent; every option costed, the
best starred; the three inputs that most move the answer and the P10–P90 range; who owns
it, which version, where the chart is; what Details holds (the self-hosted fine-tune's
figures, the source document's fit score, the warnings); and the buttons, with the
Record decision… menu of the options (:mod:`bot.slack.views.decision`).
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.reports.brief import Brief, brief
from bot.reports.card import OptionRow, Tone
from bot.slack import ids
from bot.slack.ids import ScenarioRef
from bot.slack.limits import BLOCK_ID, SECTION_TEXT, fit_lines
from bot.slack.views.decision import decision_menu
from bot.slack.views.kit import (
    Message,
    actions,
    button,
    context,
    fallback,
    header,
    md,
    mention,
    name_md,
    section,
)
from engine.analysis import Analysis
from engine.figures import months, signed_usd

__all__ = ["Parent", "delta_line", "result_card"]

TONE_MARK: dict[Tone, str] = {"good": ":white_check_mark:", "bad": ":no_entry:",
                              "neutral": ":grey_question:"}


@dataclass(frozen=True)
class Parent:
    """The scenario a fork was made from, for the card's "vs parent" line."""

    name: str
    analysis: Analysis
    version: int | None = None


def delta_line(analysis: Analysis, parent: Analysis) -> str:
    """What a fork changed: ``vs parent: savings +$4,120.00/month, payback 4.6 → 2.1 months``.

    Payback reads "never" on either side when it does not come.
    """
    savings = signed_usd(analysis.monthly.savings_usd - parent.monthly.savings_usd)
    before, after = months(parent.payback_months), months(analysis.payback_months)
    unit = " months"
    if before.endswith(unit) and after.endswith(unit):
        before = before.removesuffix(unit)
    elif before.endswith(" month") and after.endswith(unit):
        before = before.removesuffix(" month")
    return f"vs parent: savings {savings}/month, payback {before} → {after}"


def _options(rows: list[OptionRow]) -> str:
    """The options, best first: one line each, lifetime cost first (what ranks them)."""
    lines = []
    for r in rows:
        mark = ":star: " if r.best else ("~" if not r.qualifies else "")
        end = "~" if not r.qualifies and not r.best else ""
        lines.append(f"{mark}*{md(r.label)}*{end} — {md(r.lifetime)} over the lifetime · "
                     f"{md(r.monthly)}/month · {md(r.one_time)} up front · payback "
                     f"{md(r.payback)}" + (f" _(does not qualify: {md(r.note)})_"
                                           if not r.qualifies else ""))
    return fit_lines(lines, SECTION_TEXT, more=lambda n: f"_…and {n} more in Details_")


def _brief(b: Brief) -> str:
    """The inputs that move the answer most, and the range of the self-hosted savings."""
    lines = ["*What moves the answer most*", *(f"• {md(m)}" for m in b.movers), md(b.spread)]
    return fit_lines(lines, SECTION_TEXT, more=lambda n: f"_…and {n} more in Details_")


def _details(a: Analysis) -> str:
    n = len(a.warnings)
    warnings = "no warnings" if n == 0 else f":warning: {n} warning{'s' if n > 1 else ''}"
    return (f"*Details* (one click): the self-hosted fine-tune's figures and setup, the source "
            f"document's fit score, {warnings}, every assumption")


def result_card(
    analysis: Analysis,
    *,
    name: str,
    scenario_id: str,
    version: int,
    owner_id: str,
    parent: Parent | None = None,
    chart_in_thread: bool = True,
) -> Message:
    """The result card of one saved scenario version; ``parent`` for a fork."""
    b = brief(analysis, rest="Details, in the thread")
    ref = ScenarioRef(scenario_id, version).encode()
    menu = decision_menu(analysis, scenario_id=scenario_id, version=version)
    blocks = [
        header(name),
        section(f"{TONE_MARK[b.tone]} *{md(b.headline)}*"),
    ]
    if parent is not None:
        of = f"*{name_md(parent.name)}*" + (
            f" v{parent.version}" if parent.version is not None else "")
        blocks.append(context([f":twisted_rightwards_arrows: Fork of {of} · "
                               f"{md(delta_line(analysis, parent.analysis))}"]))
    blocks += [
        section(_options(b.options)),
        section(_brief(b)),
        context([
            f"{mention(owner_id)} · version {version} · id `{md(scenario_id)}` · priced at "
            f"{analysis.priced_at.isoformat()}"
            + (" · :chart_with_upwards_trend: the break-even chart follows in the thread"
               if chart_in_thread else ""),
        ]),
        context([_details(analysis)]),
        actions([
            button("What if…", ids.CARD_WHATIF, ref, style="primary"),
            button("Compare with…", ids.CARD_COMPARE, ref),
            button("Edit", ids.CARD_EDIT, ref),
            button("Details", ids.CARD_DETAILS, ref),
            button("Export", ids.CARD_EXPORT, ref),
            *([menu] if menu is not None else []),
        ], block_id=f"{ids.CARD_ACTIONS}:{ref}"[:BLOCK_ID]),
    ]
    return Message(text=fallback(f"{name}: {b.headline}"), blocks=tuple(blocks))
