"""Pages of saved scenarios: ``/ftroi list`` (ephemeral, with More) and the Home tab.

Both list the request's workspace only, newest first; "More" carries storage's cursor
(:class:`~bot.slack.values.Page`), so the next page starts right after the last one shown.
"""

from __future__ import annotations

from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.deps import Deps
from bot.slack.views import ListQuery, home_view, scenario_list
from bot.slack.views.home import HOME_ITEMS
from bot.slack.views.kit import Message

__all__ = ["LIST_PAGE", "list_message", "publish_home"]

#: Scenarios fetched per list page (the view shows as many as fit, More resumes there).
LIST_PAGE = 20


async def list_message(deps: Deps, *, team: str, user: str, query: ListQuery,
                       cursor: str | None = None) -> Message:
    """One page of ``query`` as ``user`` sees it."""
    page = await deps.store.list_scenarios(
        team, owner_id=user if query.scope == "mine" else None, search=query.search,
        limit=LIST_PAGE, cursor=cursor)
    return scenario_list(page, viewer_id=user, query=query)


async def publish_home(deps: Deps, client: AsyncWebClient, *, team: str, user: str,
                       mine_cursor: str | None = None, team_cursor: str | None = None) -> None:
    """The Home tab: ``user``'s scenarios and the workspace's recent ones."""
    mine, recent = await deps.store.run(lambda store: (
        store.list_scenarios(team, owner_id=user, limit=HOME_ITEMS, cursor=mine_cursor),
        store.list_scenarios(team, limit=HOME_ITEMS, cursor=team_cursor)))
    await client.views_publish(user_id=user, view=home_view(mine, recent, viewer_id=user))
