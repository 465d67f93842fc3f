"""A workspace uninstalling ftroi, or revoking its tokens: forget the tokens, keep the work.

docs.slack.dev/reference/events/app_uninstalled and /tokens_revoked: Slack sends these (no
scope needed) once the tokens no longer work; Bolt does not call ``auth.test`` for them.
With OAuth (many workspaces) the installation store — slack_sdk's, in ftroi's database —
deletes what it saved for that workspace: the bot token for ``tokens_revoked`` naming the
bot, a person's token for each one it names, everything for ``app_uninstalled``. The
workspace's scenarios stay: reinstalling finds them as they were, and a workspace that
wants them gone deletes them (``ftroi delete``, or the purge after a delete).

With one workspace's ``SLACK_BOT_TOKEN`` nothing is stored to delete; the log says the
token has stopped working, since every call with it will now fail.
"""

from __future__ import annotations

import logging

from pydantic import Field
from slack_bolt.async_app import AsyncApp
from slack_sdk.oauth.installation_store.async_installation_store import AsyncInstallationStore

from bot.slack.deps import Deps
from bot.slack.listeners import run
from bot.slack.listeners.run import Slack
from bot.slack.payloads import Event

__all__ = ["EVENTS", "app_uninstalled", "register", "tokens_revoked"]

log = logging.getLogger(__name__)


class TokensRevoked(Event):
    """reference/events/tokens_revoked: the people's and the bot's revoked tokens."""

    tokens: dict[str, list[str]] = Field(default_factory=dict)


def _installations(slack: Slack) -> AsyncInstallationStore | None:
    return slack.deps.installations


async def tokens_revoked(slack: Slack, event: TokensRevoked) -> None:
    """Delete the revoked tokens of the workspace (the bot's, and people's)."""
    people = [u for u in event.tokens.get("oauth") or [] if isinstance(u, str)]
    bots = [u for u in event.tokens.get("bot") or [] if isinstance(u, str)]
    installations, context = _installations(slack), slack.context
    if installations is None:
        log.warning("Slack revoked ftroi's tokens in this workspace; SLACK_BOT_TOKEN no "
                    "longer works there", extra={"bots": len(bots), "people": len(people)})
        return
    for user in people:
        await installations.async_delete_installation(
            enterprise_id=context.enterprise_id, team_id=context.team_id, user_id=user)
    if bots:
        await installations.async_delete_bot(enterprise_id=context.enterprise_id,
                                             team_id=context.team_id)
    log.info("deleted the revoked tokens of this workspace; its scenarios are kept",
             extra={"bots": len(bots), "people": len(people)})


async def app_uninstalled(slack: Slack, event: Event) -> None:
    """Delete everything saved for the workspace's installation."""
    installations, context = _installations(slack), slack.context
    if installations is None:
        log.warning("ftroi was uninstalled from this workspace; SLACK_BOT_TOKEN no longer "
                    "works there")
        return
    await installations.async_delete_all(enterprise_id=context.enterprise_id,
                                         team_id=context.team_id)
    log.info("ftroi was uninstalled from this workspace: its installation is deleted, its "
             "scenarios are kept")


EVENTS: tuple[tuple[run.Constraint, run.Handler], ...] = (
    ("tokens_revoked", tokens_revoked),
    ("app_uninstalled", app_uninstalled),
)


def register(app: AsyncApp, deps: Deps) -> None:
    run.register(app, deps, events=EVENTS)
