"""One saved scenario as a list or the Home tab shows it: a line of who and when (and the
latest decision recorded on it), and the actions on it (buttons, or one overflow menu where
a long list reads better)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

from slack_sdk.models.blocks import Block, ButtonElement, OverflowMenuElement

from bot.slack import ids
from bot.slack.limits import BUTTON_VALUE, OPTION_VALUE, slack_len
from bot.slack.values import MenuChoice, Page, ScenarioRef, Verb
from bot.slack.views.checks import block_text_size
from bot.slack.views.confirm import confirm_delete
from bot.slack.views.decision import decided_line
from bot.slack.views.kit import actions, button, date_token, mention, name_md, option, section
from storage.records import RecordedDecision, ScenarioPage, ScenarioSummary
from storage.rules import encode_cursor

__all__ = ["ItemRender", "fit_items", "item_blocks", "item_line", "next_page"]

_LABELS: dict[Verb, str] = {"open": "Open", "compare": "Compare", "fork": "Fork",
                            "delete": "Delete"}
_ACTIONS: dict[Verb, str] = {"open": ids.SCENARIO_OPEN, "compare": ids.SCENARIO_COMPARE,
                             "fork": ids.SCENARIO_FORK, "delete": ids.SCENARIO_DELETE}


def item_line(s: ScenarioSummary, *, viewer_id: str,
              decision: RecordedDecision | None = None) -> str:
    """``*Support bot* · v3`` over ``yours · updated Nov 24 · a fork`` (mrkdwn), and the
    scenario's latest decision when it has one."""
    who = "yours" if s.owner_id == viewer_id else f"by {mention(s.owner_id)}"
    fork = " · a fork" if s.parent_id is not None else ""
    decided = f"\n{decided_line(decision)}" if decision is not None else ""
    return (f"*{name_md(s.name)}* · v{s.latest_version}\n"
            f"{who} · updated {date_token(s.updated_at)}{fork}{decided}")


def _verbs(s: ScenarioSummary, viewer_id: str, deletable: bool) -> list[Verb]:
    verbs: list[Verb] = ["open", "compare", "fork"]
    return [*verbs, "delete"] if deletable and s.owner_id == viewer_id else verbs


def _buttons(s: ScenarioSummary, verbs: list[Verb], key: str) -> list[ButtonElement]:
    ref = ScenarioRef(s.id, s.latest_version).encode()
    return [button(_LABELS[v], ids.item(_ACTIONS[v], key), ref,
                   style="primary" if v == "open" else "danger" if v == "delete" else None,
                   confirm=confirm_delete(s.name) if v == "delete" else None)
            for v in verbs]


def item_blocks(s: ScenarioSummary, *, key: str, viewer_id: str, menu: bool,
                deletable: bool = False, decision: RecordedDecision | None = None
                ) -> list[Block]:
    """The blocks of one scenario: with ``menu``, one section whose overflow menu holds the
    actions; otherwise the section and a row of buttons. ``key`` makes action_ids unique.
    Delete (owner only, when ``deletable``) is always a button: it needs a confirmation."""
    verbs = _verbs(s, viewer_id, deletable)
    line = item_line(s, viewer_id=viewer_id, decision=decision)
    choices = [MenuChoice.of(v, ScenarioRef(s.id, s.latest_version)).encode() for v in verbs]
    if menu and "delete" not in verbs and all(slack_len(c) <= OPTION_VALUE for c in choices):
        overflow = OverflowMenuElement(
            action_id=ids.item(ids.SCENARIO_MENU, key),
            options=[option(_LABELS[v], c) for v, c in zip(verbs, choices, strict=True)])
        return [section(line, accessory=overflow)]
    return [section(line), actions(_buttons(s, verbs, key))]


class ItemRender:
    """Renders one scenario of a page as its blocks (a callable, for :func:`fit_items`)."""

    def __init__(self, *, viewer_id: str, key: str, menu: bool, deletable: bool,
                 decisions: Mapping[str, RecordedDecision] | None = None) -> None:
        self.viewer_id, self.key, self.menu, self.deletable = viewer_id, key, menu, deletable
        self.decisions = decisions or {}

    def __call__(self, s: ScenarioSummary, index: int) -> list[Block]:
        return item_blocks(s, key=f"{self.key}:{index}", viewer_id=self.viewer_id,
                           menu=self.menu, deletable=self.deletable,
                           decision=self.decisions.get(s.id))


def fit_items(
    items: list[ScenarioSummary],
    render: ItemRender,
    *,
    blocks_free: int,
    text_free: int,
    most: int | None = None,
) -> tuple[list[Block], int]:
    """The blocks of as many leading ``items`` as fit (``most`` at most), and how many."""
    out: list[Block] = []
    shown = 0
    for i, s in enumerate(items[:most]):
        blocks = render(s, i)
        size = sum(block_text_size(b.to_dict()) for b in blocks)
        if len(blocks) > blocks_free or size > text_free:
            break
        out += blocks
        blocks_free -= len(blocks)
        text_free -= size
        shown += 1
    return out, shown


def next_page(page: ScenarioPage, shown: int, *, scope: Literal["mine", "all"],
              search: str | None) -> str | None:
    """The "More" value: after the last scenario shown; None when nothing is left or the
    search is too long to carry (no name is that long, so nothing is left then either)."""
    if shown < len(page.items):
        last = page.items[shown - 1] if shown else None
        cursor = encode_cursor(last.updated_at, last.id) if last else None
    else:
        cursor = page.next_cursor
    if cursor is None:
        return None
    try:
        value = Page(scope, search, cursor).encode()
    except ValueError:  # a search longer than any name: nothing to page on with it
        return None
    return value if slack_len(value) <= BUTTON_VALUE else None


