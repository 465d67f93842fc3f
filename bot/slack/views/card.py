"""The result card (PRODUCT.md §4) as a Slack message: the answer first, then the figures.

Its words are :func:`bot.reports.card.card`'s, so Slack and the terminal say the same thing.
Layout, top to bottom: the scenario's name; the headline (one line, with a mark for its tone);
for a fork, what changed against its parent; every option costed, the best starred; the
self-hosted fine-tune's seven figures in two columns; the serving setup and API prices with
their source; the source document's fit score and its reasons; the warnings; who owns it,
which version, where the chart is; and the buttons.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.reports.card import Card, Tone, card
from bot.slack import ids
from bot.slack.ids import ScenarioRef
from bot.slack.limits import SECTION_TEXT, fit_lines, mrkdwn_text
from bot.slack.views.kit import (
    Message,
    actions,
    button,
    context,
    divider,
    fallback,
    fields_section,
    header,
    md,
    mention,
    name_md,
    section,
)
from engine.analysis import Analysis
from engine.catalog.gpus import GpuCatalog
from engine.figures import months, signed_usd

__all__ = ["REASONS_TEXT", "WARNINGS_SHOWN", "Parent", "delta_line", "result_card"]

TONE_MARK: dict[Tone, str] = {"good": ":white_check_mark:", "bad": ":no_entry:",
                              "neutral": ":grey_question:"}
#: The card shows this many warnings in full; the rest are counted (all are in Details).
WARNINGS_SHOWN = 3
#: Room for the recommendation and its reasons; more reasons are counted, not cut.
REASONS_TEXT = 1_500
_WARNING_TEXT = 400


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


def _field_value(value: str) -> str:
    """A card value with the figure on its first line: "$4,566.72" then "(serving …)";
    "24.7M tokens/day" then "you are at 5M (below it)". The words are the card's."""
    head, sep, rest = value.partition("; ")
    if sep:
        return f"{md(head)}\n{md(rest)}"
    head, sep, rest = value.partition(" (")
    if sep and " " not in head and value.endswith(")"):
        return f"{md(head)}\n({md(rest)}"
    return md(value)


def _options(c: Card) -> str:
    """The options, best first: one line each, lifetime cost first (what ranks them)."""
    lines = []
    for r in c.options:
        mark = ":star: " if r.best else ("~" if not r.qualifies else "")
        end = "~" if not r.qualifies and not r.best else ""
        lines.append(f"{mark}*{md(r.label)}*{end} — {md(r.lifetime)} over the lifetime · "
                     f"{md(r.monthly)}/month · {md(r.one_time)} up front · payback "
                     f"{md(r.payback)}" + (f" _(does not qualify: {md(r.note)})_"
                                           if not r.qualifies else ""))
    return fit_lines(lines, SECTION_TEXT, more=lambda n: f"_…and {n} more in Details_")


def _recommendation(c: Card) -> str:
    lead = f"*{md(c.recommendation)}.* {md(c.rationale)}."
    reasons = [f"• {md(r)}" for r in c.reasons]
    return fit_lines([lead, *reasons], min(REASONS_TEXT, SECTION_TEXT),
                     more=lambda n: f"_…and {n} more in Details_")


def _warnings(c: Card) -> list[str]:
    if not c.warnings:
        return ["Warnings: none."]
    shown = [f":warning: {mrkdwn_text(w, _WARNING_TEXT)}" for w in c.warnings[:WARNINGS_SHOWN]]
    hidden = len(c.warnings) - len(shown)
    if hidden:
        noun = "warning" if hidden == 1 else "warnings"
        shown.append(f"_+{hidden} more {noun} in Details_")
    return ["\n".join(shown)]


def result_card(
    analysis: Analysis,
    *,
    name: str,
    scenario_id: str,
    version: int,
    owner_id: str,
    parent: Parent | None = None,
    chart_in_thread: bool = True,
    catalog: GpuCatalog | None = None,
) -> Message:
    """The result card of one saved scenario version; ``parent`` for a fork."""
    c = card(analysis, catalog=catalog)
    ref = ScenarioRef(scenario_id, version).encode()
    blocks = [
        header(name),
        section(f"{TONE_MARK[c.tone]} *{md(c.verdict)}*"),
    ]
    if parent is not None:
        of = f"*{name_md(parent.name)}*" + (
            f" v{parent.version}" if parent.version is not None else "")
        blocks.append(context([f":twisted_rightwards_arrows: Fork of {of} · "
                               f"{md(delta_line(analysis, parent.analysis))}"]))
    blocks += [
        section(_options(c)),
        fields_section([(md(label), _field_value(value)) for label, value in c.fields]),
        context([md(c.subtitle)]),
        divider(),
        section(_recommendation(c)),
        context(_warnings(c)),
        context([
            f"{mention(owner_id)} · version {version} · id `{md(scenario_id)}` · priced at "
            f"{analysis.priced_at.isoformat()}"
            + (" · :chart_with_upwards_trend: the break-even chart follows in the thread"
               if chart_in_thread else ""),
        ]),
        actions([
            button("What if…", ids.CARD_WHATIF, ref, style="primary"),
            button("Compare with…", ids.CARD_COMPARE, ref),
            button("Edit", ids.CARD_EDIT, ref),
            button("Details", ids.CARD_DETAILS, ref),
            button("Export", ids.CARD_EXPORT, ref),
        ], block_id=f"{ids.CARD_ACTIONS}:{ref}"[:255]),
    ]
    return Message(text=fallback(f"{name}: {c.verdict}"), blocks=tuple(blocks))
