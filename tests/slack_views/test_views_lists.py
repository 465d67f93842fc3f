"""The scenario list (ephemeral) and the App Home tab: any count, any name, within limits;
"More" resumes after the last scenario shown; Delete only on the viewer's own."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from views_support import NASTY_NAMES, names, page, recount, walk

from bot.slack import ids
from bot.slack.ids import matcher
from bot.slack.limits import escape_mrkdwn
from bot.slack.values import MenuChoice, Page, ScenarioRef
from bot.slack.views.checks import check_blocks
from bot.slack.views.home import HOME_ITEMS, home_view
from bot.slack.views.listing import BUTTONS_UP_TO, ListQuery, scenario_list
from storage.records import ScenarioPage
from storage.rules import decode_cursor

VIEWER = "U0OWNER01"
COUNTS = [0, 1, BUTTONS_UP_TO, BUTTONS_UP_TO + 1, 20, 49, 100, 500]


EVERYTHING = ListQuery()


def listed(p: ScenarioPage, query: ListQuery = EVERYTHING) -> dict[str, Any]:
    message = scenario_list(p, viewer_id=VIEWER, query=query)
    payload = message.to_dict()
    assert message.text.strip()
    assert check_blocks(payload["blocks"], surface="message") == []
    assert recount(payload["blocks"]) == []
    return payload


def home(mine: ScenarioPage, team: ScenarioPage) -> dict[str, Any]:
    view = home_view(mine, team, viewer_id=VIEWER)
    payload = view.to_dict()
    assert payload["type"] == "home"
    assert check_blocks(payload["blocks"], surface="home") == []
    assert recount(payload["blocks"], view=True) == []
    return payload


def refs(payload: dict[str, Any], base: str) -> list[ScenarioRef]:
    """The scenarios that ``base`` acts on, by buttons or overflow options."""
    out = [ScenarioRef.decode(n["value"]) for n in walk(payload["blocks"])
           if matcher(base).match(n.get("action_id", ""))]
    verb = base.rsplit(".", 1)[1]
    for n in walk(payload["blocks"]):
        if n.get("type") == "overflow":
            out += [c.ref for o in n["options"]
                    if (c := MenuChoice.decode(o["value"])).verb == verb]
    return out


def more_value(payload: dict[str, Any], action: str) -> Page | None:
    values = [n["value"] for n in walk(payload["blocks"])
              if matcher(action).match(n.get("action_id", ""))]
    return Page.decode(values[0]) if values else None


@pytest.mark.parametrize("n", COUNTS)
@pytest.mark.parametrize("name", NASTY_NAMES[:3])
def test_list_of_any_length(n: int, name: str) -> None:
    p = page(n, names=(name,), more=n == 20)
    payload = listed(p, ListQuery("mine", name))
    shown = refs(payload, ids.SCENARIO_OPEN)
    assert shown == [ScenarioRef(s.id, s.latest_version) for s in p.items[:len(shown)]]
    assert len(refs(payload, ids.SCENARIO_FORK)) == len(shown) == len(
        refs(payload, ids.SCENARIO_COMPARE))
    assert not refs(payload, ids.SCENARIO_DELETE)
    menus = [x for x in walk(payload["blocks"]) if x.get("type") == "overflow"]
    assert bool(menus) == (n > BUTTONS_UP_TO)
    more = more_value(payload, ids.LIST_MORE)
    if len(shown) < n:  # "More" starts right after the last one shown
        assert more is not None and (more.scope, more.search) == ("mine", name)
        last = p.items[len(shown) - 1]
        assert decode_cursor(more.cursor) == (last.updated_at, last.id)
    elif p.next_cursor:
        assert more is not None and more.cursor == p.next_cursor
    else:
        assert more is None
    if n == 0:
        assert "No scenario matches" in payload["blocks"][1]["text"]["text"]


def test_an_empty_workspace_says_how_to_start() -> None:
    payload = listed(page(0), ListQuery("all"))
    assert "/ftroi new" in payload["blocks"][-1]["text"]["text"]


def test_a_search_too_long_to_carry_drops_more_only() -> None:
    payload = listed(page(20, more=True), ListQuery("all", "x" * 3000))
    assert more_value(payload, ids.LIST_MORE) is None
    assert refs(payload, ids.SCENARIO_OPEN)


@pytest.mark.parametrize("mine_n", [0, 1, HOME_ITEMS, 500])
@pytest.mark.parametrize("team_n", [0, 3, 500])
def test_home_of_any_size(mine_n: int, team_n: int) -> None:
    mine = page(mine_n, names=NASTY_NAMES[:2])
    team = page(team_n, names=NASTY_NAMES)
    payload = home(mine, team)
    opened = refs(payload, ids.SCENARIO_OPEN)
    assert len(opened) <= 2 * HOME_ITEMS
    new = [n for n in walk(payload["blocks"]) if n.get("action_id") == ids.HOME_NEW]
    assert len(new) == 1 and new[0]["style"] == "primary"
    if mine_n > HOME_ITEMS:
        assert more_value(payload, ids.HOME_MORE) is not None


def test_delete_only_on_the_viewers_own_and_confirmed() -> None:
    team = page(8)
    payload = home(page(0), team)
    deletable = refs(payload, ids.SCENARIO_DELETE)
    own = [ScenarioRef(s.id, s.latest_version) for s in team.items if s.owner_id == VIEWER]
    assert deletable == own and own
    for n in walk(payload["blocks"]):
        if matcher(ids.SCENARIO_DELETE).match(n.get("action_id", "")):
            assert n["style"] == "danger" and n["confirm"]["style"] == "danger"


@settings(max_examples=30, deadline=None)
@given(st.lists(names, min_size=1, max_size=5), st.integers(min_value=0, max_value=120),
       st.integers(min_value=0, max_value=120))
def test_any_names_and_counts(picked: list[str], n: int, m: int) -> None:
    listed(page(n, names=tuple(picked)), ListQuery("all", picked[0]))
    home(page(n, names=tuple(picked)), page(m, names=tuple(reversed(picked))))


@pytest.mark.parametrize("name", ["&" * 80, "🚀" * 80, "<@U1>" * 16])
def test_a_stored_name_is_shown_whole(name: str) -> None:
    payload = listed(page(3, names=(name,)))
    assert f"*{escape_mrkdwn(name)}*" in payload["blocks"][1]["text"]["text"]
