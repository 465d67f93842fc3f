"""Fixtures of the Slack app's end-to-end tests: the fake Slack, and ftroi's app served on
loopback against it with a fresh SQLite database per test (see ``slack_support``)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pytest
from aiohttp import web
from slack_support import SlackUnderTest

from tests.fakeslack.driver import Driver
from tests.fakeslack.fixtures import fake_slack as fake_slack
from tests.fakeslack.fixtures import make_driver as make_driver
from tests.fakeslack.fixtures import serve_app as serve_app
from tests.fakeslack.server import FakeSlack


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path}/ftroi.db"


@pytest.fixture
async def slack(fake_slack: FakeSlack, serve_app: Callable[[web.Application], Awaitable[str]],
                make_driver: Callable[[str], Driver], database_url: str,
                caplog: pytest.LogCaptureFixture) -> AsyncIterator[SlackUnderTest]:
    """ftroi's app on loopback, a driver for it (alice in #general) and the fake behind it.

    At the end: every listener has finished, the store is closed, and the fake recorded
    no refused Block Kit (``invalid_blocks``/``invalid_arguments``) and no error logged
    by the app unless the test said it expected one."""
    under_test = SlackUnderTest(fake_slack, serve_app, make_driver, database_url, caplog)
    await under_test.start()
    yield under_test
    await under_test.close()
