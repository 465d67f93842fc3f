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
from typing import Any

from slack_bolt.async_app import AsyncApp, AsyncBoltContext
from slack_sdk.oauth.installation_store.async_installation_store import AsyncInstallationStore

from bot.slack.deps import Deps

__all__ = ["app_uninstalled", "register", "tokens_revoked"]

log = logging.getLogger(__name__)


async def tokens_revoked(event: dict[str, Any], context: AsyncBoltContext,
                         installations: AsyncInstallationStore | None) -> None:
    """Delete the revoked tokens of the workspace (the bot's, and people's)."""
    tokens = event.get("tokens") or {}
    people = [u for u in tokens.get("oauth") or [] if isinstance(u, str)]
    bots = [u for u in tokens.get("bot") or [] if isinstance(u, str)]
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


async def app_uninstalled(context: AsyncBoltContext,
                          installations: AsyncInstallationStore | None) -> None:
    """Delete everything saved for the workspace's installation."""
    if installations is None:
        log.warning("ftroi was uninstalled from this workspace; SLACK_BOT_TOKEN no longer "
                    "works there")
        return
    await installations.async_delete_all(enterprise_id=context.enterprise_id,
                                         team_id=context.team_id)
    log.info("ftroi was uninstalled from this workspace: its installation is deleted, its "
             "scenarios are kept")


def register(app: AsyncApp, deps: Deps) -> None:
    installations = app.installation_store

    @app.event("tokens_revoked")
    async def on_tokens_revoked(event: dict[str, Any], context: AsyncBoltContext) -> None:
        await tokens_revoked(event, context, installations)

    @app.event("app_uninstalled")
    async def on_app_uninstalled(context: AsyncBoltContext) -> None:
        await app_uninstalled(context, installations)
