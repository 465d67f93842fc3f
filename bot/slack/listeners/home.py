"""The App Home tab: published when opened, and its New scenario and More buttons.

Its scenarios' Open / Compare / Fork / Delete buttons are the lists' (see ``actions``).
New scenario asks which channel to start in: an intake runs in a channel thread, where the
team can follow and where typed replies are read. With the database out of reach, the tab
says so rather than showing an empty list.
"""

from __future__ import annotations

import logging

from slack_bolt.async_app import AsyncApp

from bot.slack import ids
from bot.slack.deps import Deps
from bot.slack.listeners import run
from bot.slack.listeners.flows.listing import publish_home
from bot.slack.listeners.flows.problems import DATABASE_DOWN
from bot.slack.listeners.run import Slack
from bot.slack.payloads import AppHomeOpened, BlockActions
from bot.slack.values import Page
from bot.slack.views.home import home_unavailable
from bot.slack.views.thread import new_scenario_modal
from storage import DatabaseError

__all__ = ["ACTIONS", "EVENTS", "publish_home_for", "register"]

log = logging.getLogger(__name__)


async def publish_home_for(slack: Slack, user: str, *, mine_cursor: str | None = None,
                           team_cursor: str | None = None) -> None:
    """Publish ``user``'s Home tab (a notice instead when the database does not answer)."""
    try:
        await publish_home(slack.deps, slack.client, team=slack.team, user=user,
                           mine_cursor=mine_cursor, team_cursor=team_cursor)
    except DatabaseError as e:
        # The tab says it; a direct message on every open of it would only add noise.
        await slack.client.views_publish(user_id=user, view=home_unavailable(DATABASE_DOWN))
        log.warning("Home tab published without scenarios: %s", e)


@run.idempotent  # publishing the tab twice shows it once
async def home_opened(slack: Slack, event: AppHomeOpened) -> None:
    if event.tab == "home":
        await publish_home_for(slack, event.user)


async def home_new(slack: Slack, click: BlockActions) -> None:
    await slack.client.views_open(trigger_id=click.trigger_id, view=new_scenario_modal())


async def home_more(slack: Slack, click: BlockActions, page: Page) -> None:
    cursors = {"mine_cursor": page.cursor} if page.scope == "mine" else \
        {"team_cursor": page.cursor}
    await publish_home_for(slack, click.user.id, **cursors)


EVENTS: tuple[tuple[run.Constraint, run.Handler], ...] = (("app_home_opened", home_opened),)
ACTIONS: tuple[tuple[run.Constraint, run.Handler], ...] = (
    (ids.HOME_NEW, home_new),
    (ids.matcher(ids.HOME_MORE), home_more),
)


def register(app: AsyncApp, deps: Deps) -> None:
    run.register(app, deps, events=EVENTS, actions=ACTIONS)
