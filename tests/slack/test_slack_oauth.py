"""Installs in many workspaces: /slack/install, /slack/oauth_redirect (oauth.v2.access at the
fake, the installation saved in ftroi's database), then requests authorised with the bot
token saved for their workspace."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

import aiohttp
import pytest
from aiohttp import web
from slack_sdk.oauth.installation_store.sqlite3 import SQLite3InstallationStore

from bot.slack.app import build_app
from bot.slack.settings import SlackSettings
from engine.models import Scenario
from storage import AsyncStore, open_store
from storage.bootstrap import sqlite_path
from tests.fakeslack.driver import Driver
from tests.fakeslack.fixtures import SIGNING_SECRET
from tests.fakeslack.server import FakeSlack


# slack_sdk 3.48's oauth.v2.access authenticates with aiohttp.BasicAuth, which aiohttp 3.14
# deprecates (DeprecationWarning, an error under this suite's filterwarnings). The call works;
# the warning is theirs to fix (slack_sdk's api_call), not ftroi's.
def oauth_settings(fake_slack: FakeSlack, database_url: str) -> SlackSettings:
    world = fake_slack.world
    settings = SlackSettings.from_env({
        "SLACK_CLIENT_ID": world.client_id, "SLACK_CLIENT_SECRET": world.client_secret,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET, "FTROI_SLACK_API_URL": fake_slack.api_url,
        "FTROI_DATABASE_URL": database_url})
    assert settings.mode == "oauth"
    return settings


async def install(fake_slack: FakeSlack, base: str) -> None:
    """The installer's browser through /slack/install and Slack's redirect back."""
    async with aiohttp.ClientSession() as browser:
        async with browser.get(base + "/slack/install") as page:
            assert page.status == 200
            state = re.search(r"state=([\w-]+)", await page.text())
            cookie = page.cookies["slack-app-oauth-state"]
        assert state is not None and cookie.value == state[1] and cookie["secure"]
        redirect = f"{base}/slack/oauth_redirect?code={fake_slack.oauth_code()}" \
                   f"&state={state[1]}"
        # The state cookie is Secure: a browser sends it back over Slack's https; here
        # (plain loopback http) it is sent by hand.
        back = {"Cookie": cookie.OutputString()}
        async with browser.get(redirect, headers=back) as done:
            assert done.status == 200, await done.text()


@pytest.mark.filterwarnings("ignore:BasicAuth is deprecated:DeprecationWarning")
async def test_install_then_use(fake_slack: FakeSlack,
                                serve_app: Callable[[web.Application], Awaitable[str]],
                                make_driver: Callable[[str], Driver],
                                database_url: str) -> None:
    world = fake_slack.world
    settings = oauth_settings(fake_slack, database_url)
    store = AsyncStore(open_store(database_url))
    try:
        base = await serve_app(build_app(settings, store).web_app())
        await install(fake_slack, base)
        (exchange,) = fake_slack.calls("oauth.v2.access")
        assert exchange.ok
        driver = make_driver(base + "/slack/events")
        reply = await driver.command("help")
        assert reply.status == 200
        answers = await fake_slack.wait_for(lambda: fake_slack.ephemerals(user=world.alice))
        assert answers[0]["text"] == "ftroi: every subcommand, with an example"
        installed = exchange.response["access_token"]
        assert installed != world.bot_token
        assert {c.token for c in fake_slack.calls("auth.test")} == {installed}
    finally:
        await store.aclose()


@pytest.mark.filterwarnings("ignore:BasicAuth is deprecated:DeprecationWarning")
async def test_revoked_tokens_and_an_uninstall_delete_the_tokens_and_keep_the_scenarios(
        fake_slack: FakeSlack, serve_app: Callable[[web.Application], Awaitable[str]],
        make_driver: Callable[[str], Driver], database_url: str) -> None:
    world = fake_slack.world
    settings = oauth_settings(fake_slack, database_url)
    store = AsyncStore(open_store(database_url))
    installations = SQLite3InstallationStore(database=sqlite_path(database_url),
                                             client_id=world.client_id)
    try:
        base = await serve_app(build_app(settings, store).web_app())
        await install(fake_slack, base)
        await store.create_scenario(world.team_id, owner_id=world.alice, name="Support bot",
                                    inputs=Scenario(), now=datetime.now(UTC))
        driver = make_driver(base + "/slack/events")
        assert installations.find_bot(enterprise_id=None, team_id=world.team_id) is not None
        assert (await driver.revoke_tokens()).status == 200
        await fake_slack.wait_for(lambda: installations.find_bot(
            enterprise_id=None, team_id=world.team_id) is None)
        assert installations.find_installation(enterprise_id=None, team_id=world.team_id) \
            is not None  # only the revoked bot token went

        await install(fake_slack, base)  # installed again: a new token, the same scenarios
        assert installations.find_bot(enterprise_id=None, team_id=world.team_id) is not None
        assert (await driver.uninstall()).status == 200
        await fake_slack.wait_for(lambda: installations.find_installation(
            enterprise_id=None, team_id=world.team_id) is None)
        assert installations.find_bot(enterprise_id=None, team_id=world.team_id) is None
        page = await store.list_scenarios(world.team_id)
        assert [s.name for s in page.items] == ["Support bot"]
    finally:
        await store.aclose()
