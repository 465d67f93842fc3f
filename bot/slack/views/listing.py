"""``/ftroi list [mine|all] [search]``: saved scenarios, newest first (an ephemeral message).

A short page shows each scenario with Open / Compare / Fork buttons; a longer one gives each
an overflow menu with the same three, so the list stays scannable. However long the page,
the message holds what fits Block Kit's limits; "More" then continues right after the last
scenario shown (not after the page), so none is skipped.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from slack_sdk.models.blocks import Block

from bot.slack import ids
from bot.slack.limits import MESSAGE_BLOCKS, MESSAGE_TEXT_BUDGET, mrkdwn_text
from bot.slack.views.checks import block_text_size
from bot.slack.views.items import ItemRender, fit_items, next_page
from bot.slack.views.kit import Message, actions, button, context, fallback, section
from storage.records import RecordedDecision, ScenarioPage

__all__ = ["BUTTONS_UP_TO", "ListQuery", "scenario_list"]

#: Pages of up to this many scenarios show buttons; longer ones an overflow menu each.
BUTTONS_UP_TO = 5
_SEARCH_SHOWN = 200


@dataclass(frozen=True)
class ListQuery:
    """What was asked: whose scenarios and, optionally, words within their names."""

    scope: Literal["mine", "all"] = "all"
    search: str | None = None


def _title(query: ListQuery) -> str:
    whose = "Your scenarios" if query.scope == "mine" else "Scenarios in this workspace"
    if query.search:
        return f"*{whose}* matching “{mrkdwn_text(query.search, _SEARCH_SHOWN)}”, newest first"
    return f"*{whose}*, newest first"


def _empty(query: ListQuery) -> str:
    if query.search:
        return "No scenario matches. Try fewer words, or `/ftroi list all`."
    if query.scope == "mine":
        return "You have no saved scenarios yet. Start one with `/ftroi new`."
    return "No saved scenarios yet. Start one with `/ftroi new`."


def scenario_list(page: ScenarioPage, *, viewer_id: str, query: ListQuery,
                  decisions: Mapping[str, RecordedDecision] | None = None) -> Message:
    """One page of scenarios for ``viewer_id``, with a "More" button when there are more;
    each with its latest decision, when ``decisions`` (by scenario id) has one."""
    opening: list[Block] = [section(_title(query))]
    if not page.items:
        return Message(text=fallback(_empty(query)), blocks=(*opening, section(_empty(query))))
    render = ItemRender(viewer_id=viewer_id, key="list", deletable=False,
                        menu=len(page.items) > BUTTONS_UP_TO, decisions=decisions)
    footer_room = 2 + 400  # the More row and a context line, and their text
    body, shown = fit_items(
        list(page.items), render, blocks_free=MESSAGE_BLOCKS - len(opening) - 2,
        text_free=MESSAGE_TEXT_BUDGET - block_text_size(opening[0].to_dict()) - footer_room)
    more = next_page(page, shown, scope=query.scope, search=query.search)
    footer: list[Block] = []
    if more is not None:
        footer = [actions([button("More", ids.LIST_MORE, more)]),
                  context([f"Showing {shown}; press More for the next ones."])]
    noun = "scenario" if shown == 1 else "scenarios"
    return Message(text=fallback(f"{shown} saved {noun}"),
                   blocks=(*opening, *body, *footer))
