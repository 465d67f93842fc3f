"""pytest fixtures for Slack tests: a running fake Slack, its client, apps on loopback, drivers.

Import them into a conftest (pytest finds fixtures by name there)::

    from tests.fakeslack.fixtures import fake_slack as fake_slack
    from tests.fakeslack.fixtures import make_driver as make_driver
    from tests.fakeslack.fixtures import serve_app as serve_app
    from tests.fakeslack.fixtures import slack_client as slack_client
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable

import pytest
from aiohttp import web
from slack_sdk.web.async_client import AsyncWebClient

from .driver import Driver
from .serve import Served, serve
from .server import FakeSlack

#: The signing secret every test app and driver share.
SIGNING_SECRET = "fake-signing-secret-0123456789abcdef"


@pytest.fixture
async def fake_slack() -> AsyncIterator[FakeSlack]:
    """A fake Slack Web API on 127.0.0.1 with the default workspace (see world.Workspace)."""
    async with FakeSlack() as fake:
        yield fake


@pytest.fixture
def slack_client(fake_slack: FakeSlack) -> AsyncWebClient:
    """The bot's AsyncWebClient, pointed at the fake (no retry handlers beyond the default)."""
    return AsyncWebClient(token=fake_slack.bot_token, base_url=fake_slack.api_url)


@pytest.fixture
async def serve_app() -> AsyncIterator[Callable[[web.Application], Awaitable[str]]]:
    """``url = await serve_app(app.web_app())`` serves an aiohttp app on loopback until teardown."""
    served: list[Served] = []

    async def start(app: web.Application) -> str:
        served.append(await serve(app))
        return served[-1].url

    yield start
    for one in reversed(served):
        await one.close()


@pytest.fixture
async def make_driver(fake_slack: FakeSlack) -> AsyncIterator[Callable[[str], Driver]]:
    """``driver = make_driver(events_url)``: signs with SIGNING_SECRET, closed at teardown."""
    drivers: list[Driver] = []

    def make(url: str, *, signing_secret: str = SIGNING_SECRET) -> Driver:
        drivers.append(Driver(url, fake_slack, signing_secret=signing_secret))
        return drivers[-1]

    yield make
    for driver in drivers:
        await driver.close()
