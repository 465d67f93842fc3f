"""The App Home tab: my scenarios and the team's recent ones, and a New scenario button.

Each scenario has Open / Compare / Fork buttons, and Delete (with a confirmation) on the
viewer's own; a scenario with a decision recorded says which option was chosen, on which
version, by whom. Each list shows up to :data:`HOME_ITEMS` — a dashboard, not an archive — and
a "More" button pages on; whatever the counts, the tab stays within 100 blocks.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

from bot.slack import ids
from bot.slack.limits import MESSAGE_TEXT_BUDGET, VIEW_BLOCKS
from bot.slack.views.checks import block_text_size
from bot.slack.views.items import ItemRender, fit_items, next_page
from bot.slack.views.kit import actions, button, context, divider, header, md, section
from storage.records import RecordedDecision, ScenarioPage

__all__ = ["HOME_ITEMS", "home_unavailable", "home_view"]

#: Scenarios shown per list before "More".
HOME_ITEMS = 10
_FOOTER = "Type `/ftroi help` in any channel for every command."


def _size(blocks: list[Block]) -> int:
    return sum(block_text_size(b.to_dict()) for b in blocks)


def _list(page: ScenarioPage, *, scope: Literal["mine", "all"], viewer_id: str, title: str,
          empty: str, more: str, blocks_free: int, text_free: int,
          decisions: Mapping[str, RecordedDecision]) -> list[Block]:
    """A titled list: its scenarios that fit, then "More" when some are left."""
    render = ItemRender(viewer_id=viewer_id, key=scope, menu=False, deletable=True,
                        decisions=decisions)
    opening = [section(title)]
    if not page.items:
        return [*opening, context([empty])]
    body, shown = fit_items(list(page.items), render, most=HOME_ITEMS,
                            blocks_free=blocks_free - 2, text_free=text_free - 300)
    value = next_page(page, shown, scope=scope, search=None)
    footer = [actions([button(more, ids.item(ids.HOME_MORE, scope), value)])] if value else []
    return [*opening, *body, *footer]


def _top() -> list[Block]:
    return [
        header("Fine-tune or keep paying the API?"),
        section("Work out whether a fine-tuned model of your own beats the API bill, with "
                "figures your team can fork and compare.",
                accessory=button("New scenario", ids.HOME_NEW, style="primary")),
        divider(),
    ]


def home_unavailable(text: str) -> View:
    """The Home tab while the scenarios cannot be read: ``text`` (plain words) says why."""
    return View(type="home", blocks=[*_top(), section(f":warning: {md(text)}"),
                                     divider(), context([_FOOTER])])


def home_view(mine: ScenarioPage, team_recent: ScenarioPage, *, viewer_id: str,
              decisions: Mapping[str, RecordedDecision] | None = None) -> View:
    """The Home tab for ``viewer_id``: ``mine`` (their scenarios) and ``team_recent``, each
    with the latest decision recorded on it (``decisions``, by scenario id)."""
    decisions = decisions or {}
    top = _top()
    tail: list[Block] = [divider(), context([_FOOTER])]
    blocks_free = VIEW_BLOCKS - len(top) - len(tail) - 1  # the divider between the lists
    text_free = MESSAGE_TEXT_BUDGET - _size(top) - _size(tail)
    yours = _list(mine, scope="mine", viewer_id=viewer_id, title="*Your scenarios*",
                  empty="None yet. Press *New scenario*, or type `/ftroi new` in a channel.",
                  more="More of yours", blocks_free=blocks_free // 2, text_free=text_free // 2,
                  decisions=decisions)
    blocks_free -= len(yours)
    text_free -= _size(yours)
    team = _list(team_recent, scope="all", viewer_id=viewer_id,
                 title="*Recent in this workspace*", empty="Nothing saved in this workspace yet.",
                 more="More from the team", blocks_free=blocks_free, text_free=text_free,
                 decisions=decisions)
    return View(type="home", blocks=[*top, *yours, divider(), *team, *tail])
