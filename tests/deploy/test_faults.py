"""Faults against a real ``ftroi serve`` on PostgreSQL: nothing a person did is left hanging.

* The database goes away (a TCP proxy between ftroi and PostgreSQL stops): every request
  is still answered within Slack's three seconds (the driver fails any later answer), the
  person is told "ftroi cannot reach its database; nothing was lost — try again in a
  minute", ``/readyz`` says 503 within the readiness probe's one-second timeout
  (deploy/kubernetes), and once the database is back everything works again.
* A replica is killed (SIGKILL) after saving an intake and before posting its result card
  (the fake holds that post, then drops it): the card is owed in storage, and another
  replica posts it — once — when the first one's lease has run out.
"""

from __future__ import annotations

import asyncio
import signal
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import aiohttp
import psycopg
import pytest
import yaml

from bot.slack import ids
from bot.slack.listeners.flows.problems import DATABASE_DOWN
from tests.deploy.tcp_proxy import TcpProxy, through
from tests.fakeslack.driver import Driver
from tests.fakeslack.fixtures import SIGNING_SECRET
from tests.fakeslack.process import Serve, environment, free_port, ftroi_serve, until_up
from tests.fakeslack.server import FakeSlack
from tests.pg import PG_SERVER
from tests.slack.slack_support import buttons, save_scenario, texts

ROOT = Path(__file__).resolve().parents[2]
#: Seconds for a child process to start, and for it to act on one step (a busy two-core
#: machine; each is a ceiling, never a pause).
UP, ACT = 90.0, 30.0
LEASE = 4  # FTROI_CARD_LEASE_SECONDS: how long the killed replica's card stays its own


def probe_timeout() -> float:
    """The readiness probe's timeout in deploy/kubernetes/deployment.yaml (seconds)."""
    deployment = yaml.safe_load((ROOT / "deploy/kubernetes/deployment.yaml").read_text())
    (container,) = deployment["spec"]["template"]["spec"]["containers"]
    return float(container["readinessProbe"]["timeoutSeconds"])


async def readyz(port: int) -> int:
    """/readyz's status, asked as the kubelet asks it (failing past the probe's timeout)."""
    limit = aiohttp.ClientTimeout(total=probe_timeout())
    async with aiohttp.ClientSession(timeout=limit) as session, \
            session.get(f"http://127.0.0.1:{port}/readyz") as answer:
        return answer.status


async def serve(tmp_path: Path, name: str, database_url: str, fake: FakeSlack,
                **more: str) -> tuple[Serve, int]:
    port = free_port()
    env = environment(SLACK_BOT_TOKEN=fake.bot_token, SLACK_SIGNING_SECRET=SIGNING_SECRET,
                      FTROI_SLACK_API_URL=fake.api_url, FTROI_DATABASE_URL=database_url,
                      **more)
    process = await ftroi_serve(tmp_path / f"{name}.log", env, "--port", str(port))
    await until_up(port, process, timeout=UP)
    return process, port


@pytest.fixture
async def proxy() -> AsyncIterator[TcpProxy]:
    server = urlsplit(PG_SERVER)
    proxied = TcpProxy(server.hostname or "127.0.0.1", server.port or 5432)
    await proxied.up()
    yield proxied
    await proxied.down()


@pytest.fixture
async def processes() -> AsyncIterator[list[Serve]]:
    """Every ftroi serve a test starts, killed at teardown if still running."""
    started: list[Serve] = []
    yield started
    for process in started:
        await process.kill()


def told(fake: FakeSlack, user: str) -> list[str]:
    return [m["text"] for m in fake.ephemerals(user=user)]


async def test_with_its_database_gone_ftroi_acks_tells_and_is_not_ready_within_a_second(
        fake_slack: FakeSlack, make_driver: Callable[[str], Driver], pg_url: str,
        proxy: TcpProxy, processes: list[Serve], tmp_path: Path) -> None:
    save_scenario(pg_url, fake_slack)  # straight: this loop also runs the proxy
    url = through(pg_url, proxy.port)
    process, port = await serve(tmp_path, "serve", url, fake_slack)
    processes.append(process)
    alice = fake_slack.world.alice
    driver = make_driver(f"http://127.0.0.1:{port}/slack/events")
    assert await readyz(port) == 200
    await proxy.down()

    assert await readyz(port) == 503
    for text in ("list", "show Support bot", "new Forecast"):
        assert (await driver.command(text)).status == 200  # within 3 s, or LateAck
    down = await fake_slack.wait_for(
        lambda: [t for t in told(fake_slack, alice) if DATABASE_DOWN in t], timeout=ACT)
    await fake_slack.wait_for(lambda: len([t for t in told(fake_slack, alice)
                                           if DATABASE_DOWN in t]) == 3, timeout=ACT)
    assert down and fake_slack.messages_in(fake_slack.world.general) == []

    await proxy.up()

    async def ready_again() -> None:
        while await readyz(port) != 200:
            await asyncio.sleep(0.2)

    await asyncio.wait_for(ready_again(), ACT)
    assert (await driver.command("list")).status == 200
    await fake_slack.wait_for(lambda: [m for m in fake_slack.ephemerals(user=alice)
                                       if "Support bot" in texts(m)], timeout=ACT)


def owed_rows(url: str) -> int:
    with psycopg.connect(url) as conn:
        row = conn.execute("SELECT count(*) FROM owed_cards").fetchone()
    return int(row[0]) if row else 0


async def next_step(fake: FakeSlack, driver: Driver, root: dict[str, Any]) -> None:
    """Next on the intake's latest step message; waits for the step after."""
    def steps() -> list[dict[str, Any]]:
        thread = fake.messages_in(fake.world.general, thread_ts=root["ts"])
        return [m for m in thread if ids.INTAKE_NEXT in buttons(m)]

    before = len(steps())
    assert (await driver.click(steps()[-1], action_id=ids.INTAKE_NEXT)).status == 200
    await fake.wait_for(lambda: len(steps()) > before, timeout=ACT)


async def test_a_replica_killed_between_the_save_and_the_card_leaves_it_to_another(
        fake_slack: FakeSlack, make_driver: Callable[[str], Driver], pg_url: str,
        processes: list[Serve], tmp_path: Path) -> None:
    general = fake_slack.world.general
    a, a_port = await serve(tmp_path, "A", pg_url, fake_slack,
                            FTROI_CARD_LEASE_SECONDS=str(LEASE))
    processes.append(a)
    driver = make_driver(f"http://127.0.0.1:{a_port}/slack/events")
    assert (await driver.command("new Owed")).status == 200
    (root,) = await fake_slack.wait_for(lambda: fake_slack.messages_in(general), timeout=ACT)
    await fake_slack.wait_for(lambda: len(fake_slack.messages_in(general, root["ts"])) > 1,
                              timeout=ACT)
    for _ in range(5):
        await next_step(fake_slack, driver, root)

    held = fake_slack.hold_next("chat.postMessage")  # the card's post, after the save
    last = [m for m in fake_slack.messages_in(general, thread_ts=root["ts"])
            if ids.INTAKE_NEXT in buttons(m)][-1]
    assert (await driver.click(last, action_id=ids.INTAKE_NEXT)).status == 200
    await asyncio.wait_for(held.reached.wait(), ACT)
    a.process.send_signal(signal.SIGKILL)
    await a.wait()
    held.drop()

    def cards() -> list[dict[str, Any]]:
        return [m for m in fake_slack.messages_in(general, thread_ts=root["ts"])
                if ids.CARD_DETAILS in buttons(m)]

    assert cards() == [] and owed_rows(pg_url) == 1
    assert "Saved as “Owed” (version 1)" in texts(fake_slack.message(general, last["ts"]) or {})

    b, b_port = await serve(tmp_path, "B", pg_url, fake_slack,
                            FTROI_CARD_LEASE_SECONDS=str(LEASE))
    processes.append(b)
    (card,) = await fake_slack.wait_for(cards, timeout=ACT)
    await fake_slack.wait_for(lambda: [u for u in fake_slack.uploads() if u.completed],
                              timeout=ACT)
    assert "Owed" in texts(card)
    assert [u.thread_ts for u in fake_slack.uploads() if u.completed] == [root["ts"]]
    assert owed_rows(pg_url) == 0
    # B knows the thread's card: a reply there forks its scenario.
    b_driver = make_driver(f"http://127.0.0.1:{b_port}/slack/events")
    await b_driver.say("what if gpu h100", thread_ts=root["ts"], user=fake_slack.world.bob)
    await fake_slack.wait_for(lambda: len(cards()) == 2, timeout=ACT)
    await asyncio.sleep(LEASE + 1)  # a sweep after the lease would post a second card
    assert len(cards()) == 2
    b.process.send_signal(signal.SIGTERM)
    assert await b.wait() == 0
