"""The app under test and what the Slack tests read back from the fake.

:class:`SlackUnderTest` builds ftroi's app (``build_app``) with a fake-pointed client, a
ticking clock and a SQLite store, serves it on loopback and drives it; ``settle()`` waits
until every listener Bolt started after its ack has finished, so a test asserts on what
Slack received without polling. ``restart()`` builds a new app on a newly opened store of
the same database, as a new process would.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from aiohttp import web

from bot.slack import ids
from bot.slack.access import LoggedApp
from bot.slack.app import build_app
from bot.slack.deps import Clock
from bot.slack.settings import SlackSettings
from bot.slack.values import ScenarioRef
from engine.analysis import Analysis, analyse
from engine.models import Scenario
from storage import AsyncStore, ScenarioRecord, open_store
from tests.fakeslack.driver import Driver, Reply
from tests.fakeslack.elements import walk
from tests.fakeslack.fixtures import SIGNING_SECRET
from tests.fakeslack.server import FakeSlack

START = datetime(2026, 1, 5, 9, tzinfo=UTC)
TODAY = START.date()
REFUSED_BLOCKS = {"invalid_blocks", "invalid_arguments"}


class Ticking:
    """A clock a second later at every reading (lists order by time)."""

    def __init__(self, start: datetime = START) -> None:
        self.at = start

    def __call__(self) -> datetime:
        self.at += timedelta(seconds=1)
        return self.at


def settings_for(fake: FakeSlack, database_url: str, **more: str) -> SlackSettings:
    """The app's settings against ``fake``. Charts are drawn on the app's render thread
    (``FTROI_CHART_WORKERS=0``) unless ``more`` says otherwise: a chart process costs a
    second of CPU to start, and the flows are the same either way; the chart processes
    have tests of their own (test_slack_chart_pool.py), and every ``ftroi serve`` of the
    tests starts its default one."""
    return SlackSettings.from_env({
        "SLACK_BOT_TOKEN": fake.bot_token, "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "FTROI_SLACK_API_URL": fake.api_url, "FTROI_DATABASE_URL": database_url,
        "FTROI_CHART_WORKERS": "0", **more})


def _bolt_listeners() -> list[asyncio.Task[Any]]:
    """Listener runs Bolt started after their ack (``process_before_response=False``)."""
    return [t for t in asyncio.all_tasks() if not t.done()
            and "run_ack_function_asynchronously" in getattr(t.get_coro(), "__qualname__", "")]


class SlackUnderTest:
    def __init__(self, fake: FakeSlack, serve: Callable[[web.Application], Awaitable[str]],
                 make_driver: Callable[[str], Driver], database_url: str,
                 caplog: pytest.LogCaptureFixture) -> None:
        self.fake, self.world = fake, fake.world
        self._serve, self._make_driver = serve, make_driver
        self.database_url = database_url
        self.caplog = caplog
        self.clock = Clock(Ticking())
        self.settings = settings_for(fake, database_url)
        self.stores: list[AsyncStore] = []
        self.apps: list[LoggedApp] = []
        self.expected_errors = 0
        self.expected_refusals = 0  # refused Block Kit a test provoked on purpose
        caplog.set_level(logging.INFO, logger="bot.slack")

    @property
    def store(self) -> AsyncStore:
        return self.stores[-1]

    async def start(self) -> None:
        """Build and serve a new app on a newly opened store of the same database."""
        self.stores.append(AsyncStore(open_store(self.database_url)))
        self.app = build_app(self.settings, self.store, clock=self.clock)
        self.apps.append(self.app)
        self.url = await self._serve(self.app.web_app()) + "/slack/events"
        self.driver = self._make_driver(self.url)

    async def restart(self) -> None:
        await self.settle()
        await self.start()

    async def settle(self, timeout: float = 20.0) -> None:
        """Wait until every listener Bolt runs after its ack has finished."""
        async with asyncio.timeout(timeout):
            while pending := _bolt_listeners():
                await asyncio.wait(pending)

    async def close(self) -> None:
        await self.settle()
        for app in self.apps:
            await app.deps.charts.close()
        for store in self.stores:
            await store.aclose()
        refused = [(c.method, c.error, c.response) for c in self.fake.calls()
                   if c.error in REFUSED_BLOCKS]
        assert len(refused) == self.expected_refusals, refused
        bad_responses = [(r.status, r.answer) for r in self.fake.responses() if r.status != 200]
        assert not bad_responses, bad_responses
        logged = [*self.caplog.get_records("setup"), *self.caplog.get_records("call"),
                  *self.caplog.records]  # the records of teardown so far
        errors = [r for r in logged if r.levelno >= logging.ERROR]
        assert len(errors) == self.expected_errors, [r.getMessage() for r in errors]

    # -- acting --------------------------------------------------------------------------
    async def command(self, text: str = "", **how: Any) -> Reply:
        reply = await self.driver.command(text, **how)
        await self.settle()
        return reply

    async def click(self, target: dict[str, Any], **how: Any) -> Reply:
        reply = await self.driver.click(target, **how)
        await self.settle()
        return reply

    async def say(self, text: str, *, thread_ts: str, **how: Any) -> Reply:
        reply = await self.driver.say(text, thread_ts=thread_ts, **how)
        await self.settle()
        return reply

    async def submit(self, view: dict[str, Any], values: dict[str, Any] | None = None,
                     **how: Any) -> Reply:
        reply = await self.driver.submit(view, values, **how)
        await self.settle()
        return reply

    # -- reading -------------------------------------------------------------------------
    def channel(self, channel: str | None = None) -> list[dict[str, Any]]:
        return self.fake.messages_in(channel or self.world.general)

    def thread(self, thread_ts: str, channel: str | None = None) -> list[dict[str, Any]]:
        return self.fake.messages_in(channel or self.world.general, thread_ts=thread_ts)

    def steps(self, thread_ts: str, channel: str | None = None) -> list[dict[str, Any]]:
        """The intake's step messages in a thread, oldest first."""
        return [m for m in self.thread(thread_ts, channel) if ids.INTAKE_NEXT in buttons(m)]

    def cards(self, channel: str | None = None, thread_ts: str | None = None
              ) -> list[dict[str, Any]]:
        found = self.thread(thread_ts, channel) if thread_ts else self.channel(channel)
        return [m for m in found if ids.CARD_DETAILS in buttons(m)]

    def ephemerals(self, user: str | None = None) -> list[dict[str, Any]]:
        return self.fake.ephemerals(user=user or self.world.alice)

    async def record(self, name: str) -> ScenarioRecord:
        found: ScenarioRecord = await self.store.run(
            lambda s: s.find_scenario(self.world.team_id, name))
        return found


def ref(scenario_id: str, version: int = 1) -> str:
    """What a button or option about that version carries (bot.slack.values)."""
    return ScenarioRef(scenario_id, version).encode()


def ref_id(value: str) -> str:
    """The scenario a button's value names."""
    return ScenarioRef.decode(value).scenario_id


def buttons(message: Mapping[str, Any]) -> dict[str, str]:
    """action_id → value of every button in a message or view."""
    return {n["action_id"]: n.get("value", "") for n in walk(message.get("blocks", []))
            if n.get("type") == "button"}


def texts(message: Mapping[str, Any]) -> str:
    """Every text a message or view shows, in order, one per line."""
    return "\n".join(str(n["text"]) for n in walk(message.get("blocks", []))
                     if n.get("type") in ("mrkdwn", "plain_text", "raw_text") and "text" in n)


def analysis_of(record: ScenarioRecord, today: date = TODAY) -> Analysis:
    """The oracle: the engine's analysis of the saved inputs at their price date."""
    return analyse(record.inputs, at=record.inputs.api.priced_at or today)


async def run_intake(slack: SlackUnderTest, command: str = "", *, steps: int = 6
                     ) -> dict[str, Any]:
    """``/ftroi <command>`` and Next on each step until saved; the intake's root message."""
    await slack.command(command)
    root = [m for m in slack.channel() if "New fine-tuning ROI scenario" in m["text"]][-1]
    for _ in range(steps):
        await slack.click(slack.steps(root["ts"])[-1], action_id=ids.INTAKE_NEXT)
        if slack.cards(thread_ts=root["ts"]):
            return root
    raise AssertionError("the intake did not finish")


def save_scenario(database_url: str, fake: FakeSlack, name: str = "Support bot") -> None:
    """A scenario of alice's, saved straight into a database an ``ftroi serve`` will open."""
    store = open_store(database_url)
    try:
        store.create_scenario(fake.world.team_id, owner_id=fake.world.alice, name=name,
                              inputs=Scenario().with_value("api.priced_at", TODAY),
                              now=datetime.now(UTC))
    finally:
        store.close()
