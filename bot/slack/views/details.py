"""The Details button's answer: the full breakdown of a scenario, for its thread.

What the card (the brief) leaves out — the self-hosted fine-tune's figures and setup, the
source document's fit score and every warning — then every section of the terminal report
after the card: capacity, every line of the
computation with its formula, the project by phase, the training estimate, the managed
alternative, flip points, tornado, uncertainty, the months ahead, and every assumption with
its source and date — in as many messages as Block Kit's limits need. Nothing is truncated:
a long section continues in the next block or message.
"""

from __future__ import annotations

from bot.reports.card import card
from bot.reports.text import render_card_rest
from bot.reports.text_details import render_details
from bot.slack.views.kit import Message, md
from bot.slack.views.preformatted import report_messages
from engine.analysis import Analysis

__all__ = ["details_messages"]


def details_messages(analysis: Analysis, *, name: str) -> list[Message]:
    """The details of ``analysis`` (scenario ``name``) as messages, in order."""
    return report_messages(
        render_card_rest(card(analysis)) + "\n" + render_details(analysis),
        title=f"Details: {name}",
        intro=(f"Every line of the computation for *{md(name)}* and every assumption with its "
               f"source and date, priced at {analysis.priced_at.isoformat()}. Money in USD; "
               "a month is 30 days."),
        text=f"Details of {name}",
    )
