"""``ftroi serve`` in Socket Mode, end to end: a child process with SLACK_APP_TOKEN opens a
link to the fake Slack, gets commands, clicks and events in envelopes, acks each, and then
does what it does over HTTP. A second delivery acts once, a ``disconnect`` moves it to a
new link, and SIGTERM closes the link and exits 0."""

from __future__ import annotations

import asyncio
import signal
import time
from collections.abc import AsyncIterator
from pathlib import Path
from urllib.parse import urlencode

import pytest
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_support import SlackUnderTest, analysis_of, buttons, ref, run_intake, texts

from bot.reports.charts import break_even_chart
from bot.slack import ids
from bot.slack.idempotency import delivery_keys
from engine.figures import usd
from storage import AsyncStore, open_store
from tests.fakeslack.process import Serve, environment, free_port, ftroi_serve, until_up
from tests.fakeslack.server import FakeSlack
from tests.fakeslack.socket_driver import SocketDriver, ack_of

#: The app is done with an envelope once it has called Slack and then been quiet this long.
QUIET = 0.5
#: How long a second delivery is given to show an effect it should not have.
DUPLICATE_GRACE = 1.5


class OverTheSocket(SlackUnderTest):
    """The HTTP tests' :class:`SlackUnderTest` verbs and readings, for an app in another
    process reached over Socket Mode: no listener tasks to wait on here, so ``settle()``
    waits until the app called Slack after the last envelope and then went quiet. (No
    in-process app: nothing of SlackUnderTest's own set-up applies.)"""

    def __init__(self, fake: FakeSlack, database_url: str, process: Serve) -> None:
        self.fake, self.world = fake, fake.world
        self.driver = SocketDriver(fake, timeout=10.0)
        self.database_url, self.process = database_url, process
        self.stores = [AsyncStore(open_store(database_url))]

    def _last_heard(self) -> float:
        return max([c.at for c in self.fake.calls()] + [r.at for r in self.fake.responses()],
                   default=0.0)

    async def settle(self, timeout: float = 20.0) -> None:
        sent = self.fake.socket_mode.sent[-1][0]
        async with asyncio.timeout(timeout):
            while self._last_heard() <= sent or time.time() - self._last_heard() < QUIET:
                await asyncio.sleep(0.05)

    async def quiet(self, seconds: float = DUPLICATE_GRACE, timeout: float = 20.0) -> None:
        """Wait until nothing reached the fake for ``seconds`` since the last envelope."""
        async with asyncio.timeout(timeout):
            while time.time() - max(self._last_heard(), self.fake.socket_mode.sent[-1][0]) \
                    < seconds:
                await asyncio.sleep(0.05)

    async def close(self) -> None:
        await self.store.aclose()


@pytest.fixture
async def slack(fake_slack: FakeSlack, tmp_path: Path) -> AsyncIterator[OverTheSocket]:
    """``ftroi serve`` in Socket Mode against the fake, connected; killed at the end."""
    port, url = free_port(), f"sqlite:///{tmp_path}/ftroi.db"
    process = await ftroi_serve(tmp_path / "serve.log", environment(
        SLACK_APP_TOKEN=fake_slack.world.app_token, SLACK_BOT_TOKEN=fake_slack.bot_token,
        FTROI_SLACK_API_URL=fake_slack.api_url, FTROI_DATABASE_URL=url), "--port", str(port))
    try:
        await until_up(port, process)
        try:
            await fake_slack.socket_mode.connected()
        except TimeoutError:
            raise AssertionError("no Socket Mode link: " + process.stderr()) from None
        under_test = OverTheSocket(fake_slack, url, process)
        yield under_test
        await under_test.close()
    finally:
        await process.kill()


async def test_help_is_acked_in_time_and_answered_ephemerally(slack: OverTheSocket) -> None:
    reply = await slack.command("help")
    assert reply.sent.payload["type"] == "slash_commands"
    assert reply.status == 200 and ack_of(reply).in_time
    (answer,) = slack.ephemerals()
    assert "/ftroi" in texts(answer) and slack.channel() == []


async def test_an_intake_of_next_clicks_posts_one_card_and_one_chart(slack: OverTheSocket
                                                                     ) -> None:
    root = await run_intake(slack, "new Support bot")
    await slack.fake.wait_for(lambda: [u for u in slack.fake.uploads() if u.completed],
                              timeout=20)
    record = await slack.record("Support bot")
    a = analysis_of(record)
    (card,) = slack.cards(thread_ts=root["ts"])
    for figure in (usd(a.monthly.api_usd), usd(a.decision.self_hosted.monthly_usd),
                   usd(a.decision.best_option.lifetime_usd)):  # the card is the brief
        assert figure in texts(card), figure
    assert buttons(card)[ids.CARD_DETAILS] == ref(record.id)
    (upload,) = slack.fake.uploads()
    assert (upload.thread_ts, upload.title) == (root["ts"], break_even_chart(a).title)
    sm = slack.fake.socket_mode
    assert {e["type"] for _, e in sm.sent} == {"slash_commands", "interactive"}
    assert len(sm.acks) == len(sm.sent) and all(ack.in_time for ack in sm.acks)


def test_in_socket_mode_a_command_or_click_is_known_by_its_trigger_id() -> None:
    body = {"command": "/ftroi", "text": "new", "trigger_id": "13345.67890.abcdef"}
    keys = [key for key, _ in delivery_keys(AsyncBoltRequest(body=body, mode="socket_mode"))]
    assert keys == ["slack:trigger:13345.67890.abcdef"]
    unsigned_http = AsyncBoltRequest(body=urlencode(body), headers={
        "content-type": "application/x-www-form-urlencoded"})
    assert delivery_keys(unsigned_http) == []  # over HTTP the signature is the key


async def test_a_second_delivery_acts_once(slack: OverTheSocket) -> None:
    started = await slack.command("new Once")
    await slack.driver.replay(started)  # the same envelope again, as on a new link
    await slack.quiet()
    (root,) = [m for m in slack.channel() if "New fine-tuning ROI scenario" in m["text"]]
    assert len(slack.steps(root["ts"])) == 1

    click = await slack.click(slack.steps(root["ts"])[-1], action_id=ids.INTAKE_NEXT)
    await slack.driver.replay(click)
    await slack.quiet()
    assert len(slack.steps(root["ts"])) == 2 and slack.ephemerals() == []

    typed = await slack.say("80k requests a day", thread_ts=root["ts"])
    replies = len(slack.thread(root["ts"]))
    for attempt in (1, 2):
        await slack.driver.retry(typed, num=attempt, reason="timeout")
    await slack.quiet()
    assert len(slack.thread(root["ts"])) == replies


async def test_a_disconnect_moves_the_app_to_a_new_link(slack: OverTheSocket) -> None:
    sm = slack.fake.socket_mode
    opened = len(slack.fake.calls("apps.connections.open", ok=True))
    old = await sm.disconnect("refresh_requested")
    new = await sm.connected(2)
    assert len(slack.fake.calls("apps.connections.open", ok=True)) == opened + 1
    reply = await slack.command("help")
    assert ack_of(reply).link == new.number
    assert len(slack.ephemerals()) == 1
    assert old.close_code == 1000, "the app closed the old link itself"


async def test_sigterm_finishes_the_work_closes_the_link_and_exits_0(slack: OverTheSocket
                                                                     ) -> None:
    await slack.driver.command("help")  # acked; then stop at once: it still answers
    link = slack.fake.socket_mode.live()
    slack.process.process.send_signal(signal.SIGTERM)
    assert await slack.process.wait() == 0
    assert link.close_code == 1000 and not link.open
    assert len(slack.ephemerals()) == 1
    logs = slack.process.stderr()
    assert slack.world.app_token not in logs and slack.world.bot_token not in logs
