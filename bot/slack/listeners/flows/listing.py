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
from storage import RecordedDecision, ScenarioPage, Store

__all__ = ["LIST_PAGE", "list_message", "publish_home"]

#: Scenarios fetched per list page (the view shows as many as fit, More resumes there).
LIST_PAGE = 20


async def list_message(deps: Deps, *, team: str, user: str, query: ListQuery,
                       cursor: str | None = None) -> Message:
    """One page of ``query`` as ``user`` sees it, with each scenario's latest decision."""

    def read(store: Store) -> tuple[ScenarioPage, dict[str, RecordedDecision]]:
        page = store.list_scenarios(
            team, owner_id=user if query.scope == "mine" else None, search=query.search,
            limit=LIST_PAGE, cursor=cursor)
        return page, store.latest_decisions(team, [s.id for s in page.items])

    page, decisions = await deps.store.run(read)
    return scenario_list(page, viewer_id=user, query=query, decisions=decisions)


async def publish_home(deps: Deps, client: AsyncWebClient, *, team: str, user: str,
                       mine_cursor: str | None = None, team_cursor: str | None = None) -> None:
    """The Home tab: ``user``'s scenarios and the workspace's recent ones, with the latest
    decision recorded on each."""

    def read(store: Store) -> tuple[ScenarioPage, ScenarioPage, dict[str, RecordedDecision]]:
        mine = store.list_scenarios(team, owner_id=user, limit=HOME_ITEMS, cursor=mine_cursor)
        recent = store.list_scenarios(team, limit=HOME_ITEMS, cursor=team_cursor)
        ids = {s.id for page in (mine, recent) for s in page.items}
        return mine, recent, store.latest_decisions(team, sorted(ids))

    mine, recent, decisions = await deps.store.run(read)
    await client.views_publish(user_id=user, view=home_view(mine, recent, viewer_id=user,
                                                            decisions=decisions))
