"""A decision in the thread: the card's Record decision… menu, the message that says what
was chosen, and the line the App Home shows under a decided scenario.

The menu lists the options the engine costs for that version (``Analysis.decision``), in
the card's order — those that meet the constraints first, cheapest over the lifetime first
— the best starred. Each option carries a :class:`~bot.slack.values.DecisionPick` (the
scenario, the version and the option's id). What is said about a choice is the engine's:
where it ranks by lifetime cost and what it costs more than the best, by the one rounding
rule (:mod:`engine.figures`).
"""

from __future__ import annotations

from slack_sdk.models.blocks import Option as SlackOption
from slack_sdk.models.blocks import PlainTextObject, StaticSelectElement

from bot.slack import ids
from bot.slack.limits import OPTION_VALUE, OPTIONS, slack_len
from bot.slack.values import DecisionPick
from bot.slack.views.kit import (
    Message,
    context,
    date_token,
    fallback,
    md,
    mention,
    name_md,
    option,
    section,
)
from engine.analysis import Analysis
from engine.figures import usd
from engine.options import Option
from storage.records import RecordedDecision

__all__ = ["DECIDED_MARK", "decided_line", "decision_menu", "decision_notice", "ranked"]

DECIDED_MARK = ":ballot_box_with_check:"


def ranked(analysis: Analysis) -> list[Option]:
    """The options in the card's order: qualifying first, then by lifetime cost."""
    return sorted(analysis.decision.options,
                  key=lambda o: (not o.meets_constraints, o.lifetime_usd))


def _label(o: Option, best: str) -> str:
    mark = "★ " if o.id == best else ""
    return f"{mark}{o.label}" + ("" if o.meets_constraints else " (does not qualify)")


def decision_menu(analysis: Analysis, *, scenario_id: str, version: int
                  ) -> StaticSelectElement | None:
    """Record decision…: one option per option the version lists (None when none fits)."""
    choices: list[SlackOption] = []
    for o in ranked(analysis)[:OPTIONS]:
        value = DecisionPick(scenario_id, version, o.id).encode()
        if slack_len(value) <= OPTION_VALUE:  # an id too long for a menu is left out
            choices.append(option(_label(o, analysis.decision.best), value))
    if not choices:
        return None
    return StaticSelectElement(action_id=ids.CARD_DECIDE, options=choices,
                               placeholder=PlainTextObject(text="Record decision…"))


def _standing(o: Option, analysis: Analysis) -> str:
    """Where the chosen option stands among the options, in the engine's figures."""
    options = ranked(analysis)
    best = analysis.decision.best_option
    place = options.index(o) + 1
    lifetime = f"{usd(o.lifetime_usd)} over the lifetime"
    if o.id == best.id:
        return f"ftroi's best of the {len(options)} options costed: {lifetime}"
    more = usd(o.lifetime_usd - best.lifetime_usd)
    text = (f"number {place} of the {len(options)} options costed: {lifetime}, {more} more "
            f"than the best ({best.label})")
    if not o.meets_constraints:
        text += "; it does not meet the constraints: " + "; ".join(o.failed)
    return text


def decision_notice(decision: RecordedDecision, analysis: Analysis, *, name: str) -> Message:
    """The thread's record of a decision: what was chosen, by whom, on which version, and
    where it stands among the options the engine costed for that version."""
    chosen = analysis.decision.option(decision.option_id)
    who, when = mention(decision.decided_by), date_token(decision.decided_at)
    return Message(
        text=fallback(f"Decision on {name} v{decision.version}: {chosen.label}"),
        blocks=(section(f"{DECIDED_MARK} *Decision recorded: {md(chosen.label)}* — chosen by "
                        f"{who} on version {decision.version} of *{name_md(name)}*, {when}"),
                context([md(_standing(chosen, analysis)) + ". Record another with the card's "
                         "*Record decision…*; the latest one counts."])))


def decided_line(decision: RecordedDecision) -> str:
    """Under a scenario in the App Home: ``decided: *Keep gpt-4o* (v2, @alice, Jan 5)``."""
    return (f"{DECIDED_MARK} decided: *{md(decision.option_label)}* (v{decision.version}, "
            f"{mention(decision.decided_by)}, {date_token(decision.decided_at)})")
