"""Installs in many workspaces: /slack/install, /slack/oauth_redirect (oauth.v2.access at the
fake, the installation saved in ftroi's database), then requests authorised with the bot
token saved for their workspace."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable

import aiohttp
import pytest
from aiohttp import web

from bot.slack.app import build_app
from bot.slack.settings import SlackSettings
from storage import AsyncStore, open_store
from tests.fakeslack.driver import Driver
from tests.fakeslack.fixtures import SIGNING_SECRET
from tests.fakeslack.server import FakeSlack


# slack_sdk 3.48's oauth.v2.access authenticates with aiohttp.BasicAuth, which aiohttp 3.14
# deprecates (DeprecationWarning, an error under this suite's filterwarnings). The call works;
# the warning is theirs to fix (slack_sdk's api_call), not ftroi's.
@pytest.mark.filterwarnings("ignore:BasicAuth is deprecated:DeprecationWarning")
async def test_install_then_use(fake_slack: FakeSlack,
                                serve_app: Callable[[web.Application], Awaitable[str]],
                                make_driver: Callable[[str], Driver],
                                database_url: str) -> None:
    world = fake_slack.world
    settings = SlackSettings.from_env({
        "SLACK_CLIENT_ID": world.client_id, "SLACK_CLIENT_SECRET": world.client_secret,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET, "FTROI_SLACK_API_URL": fake_slack.api_url,
        "FTROI_DATABASE_URL": database_url})
    assert settings.mode == "oauth"
    store = AsyncStore(open_store(database_url))
    try:
        base = await serve_app(build_app(settings, store).web_app())
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
