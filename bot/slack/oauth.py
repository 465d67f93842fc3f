"""Installs in many workspaces: Bolt's OAuth flow on slack_sdk's stores, in ftroi's database.

``/slack/install`` sends the installer to Slack; ``/slack/oauth_redirect`` exchanges the
code (``oauth.v2.access``, through a client pointed at ``FTROI_SLACK_API_URL`` like every
other call) and saves the installation; each request is then authorised with the bot token
saved for its workspace.

:func:`storage.installation_stores` gives slack_sdk's own stores on the same database.
Its SQLite stores are async already; its PostgreSQL (SQLAlchemy) ones are synchronous, so
:class:`ThreadedInstallationStore` and :class:`ThreadedStateStore` run them in a worker
thread instead of blocking the event loop.
"""

from __future__ import annotations

import asyncio
from typing import Any

from slack_bolt.oauth.async_oauth_flow import AsyncOAuthFlow
from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings
from slack_sdk.oauth.installation_store import Bot, Installation, InstallationStore
from slack_sdk.oauth.installation_store.async_installation_store import AsyncInstallationStore
from slack_sdk.oauth.state_store import OAuthStateStore
from slack_sdk.oauth.state_store.async_state_store import AsyncOAuthStateStore
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.settings import SlackSettings
from storage import installation_stores

__all__ = ["BOT_SCOPES", "ThreadedInstallationStore", "ThreadedStateStore", "oauth_flow"]

#: The bot scopes an install asks for (deploy/slack-app-manifest.yml says why each).
BOT_SCOPES = ("commands", "chat:write", "files:write", "files:read", "channels:history",
              "groups:history")


class ThreadedInstallationStore(AsyncInstallationStore):
    """A synchronous slack_sdk installation store, awaited from a worker thread."""

    def __init__(self, store: InstallationStore) -> None:
        self.store = store

    @property
    def logger(self) -> Any:
        return self.store.logger

    async def async_save(self, installation: Installation) -> None:
        await asyncio.to_thread(self.store.save, installation)

    async def async_save_bot(self, bot: Bot) -> None:
        await asyncio.to_thread(self.store.save_bot, bot)

    async def async_find_bot(self, *, enterprise_id: str | None, team_id: str | None,
                             is_enterprise_install: bool | None = False) -> Bot | None:
        return await asyncio.to_thread(lambda: self.store.find_bot(
            enterprise_id=enterprise_id, team_id=team_id,
            is_enterprise_install=is_enterprise_install))

    async def async_find_installation(self, *, enterprise_id: str | None, team_id: str | None,
                                      user_id: str | None = None,
                                      is_enterprise_install: bool | None = False
                                      ) -> Installation | None:
        return await asyncio.to_thread(lambda: self.store.find_installation(
            enterprise_id=enterprise_id, team_id=team_id, user_id=user_id,
            is_enterprise_install=is_enterprise_install))

    async def async_delete_bot(self, *, enterprise_id: str | None, team_id: str | None
                               ) -> None:
        await asyncio.to_thread(lambda: self.store.delete_bot(enterprise_id=enterprise_id,
                                                              team_id=team_id))

    async def async_delete_installation(self, *, enterprise_id: str | None,
                                        team_id: str | None, user_id: str | None = None
                                        ) -> None:
        await asyncio.to_thread(lambda: self.store.delete_installation(
            enterprise_id=enterprise_id, team_id=team_id, user_id=user_id))

    async def async_delete_all(self, *, enterprise_id: str | None, team_id: str | None
                               ) -> None:
        await asyncio.to_thread(lambda: self.store.delete_all(enterprise_id=enterprise_id,
                                                              team_id=team_id))


class ThreadedStateStore(AsyncOAuthStateStore):
    """A synchronous slack_sdk OAuth state store, awaited from a worker thread."""

    def __init__(self, store: OAuthStateStore) -> None:
        self.store = store

    @property
    def logger(self) -> Any:
        return self.store.logger

    async def async_issue(self, *args: Any, **kwargs: Any) -> str:
        return await asyncio.to_thread(self.store.issue, *args, **kwargs)

    async def async_consume(self, state: str) -> bool:
        return await asyncio.to_thread(self.store.consume, state)


def oauth_flow(settings: SlackSettings, client: AsyncWebClient) -> AsyncOAuthFlow:
    """Bolt's OAuth flow for ``settings`` (mode "oauth"), calling Slack through ``client``."""
    if settings.slack_client_id is None or settings.slack_client_secret is None:
        raise ValueError("OAuth needs SLACK_CLIENT_ID and SLACK_CLIENT_SECRET")
    installations, states = installation_stores(settings.ftroi_database_url,
                                                client_id=settings.slack_client_id)
    return AsyncOAuthFlow(client=client, settings=AsyncOAuthSettings(
        client_id=settings.slack_client_id,
        client_secret=settings.slack_client_secret.get_secret_value(),
        scopes=list(BOT_SCOPES),
        installation_store=installations if isinstance(installations, AsyncInstallationStore)
        else ThreadedInstallationStore(installations),
        state_store=states if isinstance(states, AsyncOAuthStateStore)
        else ThreadedStateStore(states),
    ))
