"""``ftroi serve`` as a real process: settings checked at start (one line, status 2, no
secret), HTTP on the port with /healthz and /readyz, Socket Mode chosen by SLACK_APP_TOKEN,
JSON log lines with no secret even at DEBUG, and a graceful stop on SIGTERM that finishes
the work in flight. (The log lines themselves: test_slack_logs.py.)"""

from __future__ import annotations

import json
import signal
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest
from slack_support import save_scenario

from tests.fakeslack.driver import Driver
from tests.fakeslack.fixtures import SIGNING_SECRET
from tests.fakeslack.process import Serve, environment, free_port, ftroi_serve, get, until_up
from tests.fakeslack.server import FakeSlack

SECRET_TOKEN = "xoxb-0001-ftroi-test-bot"  # the fake's bot token, a secret to the app


@pytest.fixture
async def running(fake_slack: FakeSlack, tmp_path: Path
                  ) -> AsyncIterator[tuple[int, Serve, str]]:
    port, url = free_port(), f"sqlite:///{tmp_path}/ftroi.db"
    process = await ftroi_serve(tmp_path / "serve.log", environment(
        SLACK_BOT_TOKEN=SECRET_TOKEN, SLACK_SIGNING_SECRET=SIGNING_SECRET,
        FTROI_SLACK_API_URL=fake_slack.api_url, FTROI_DATABASE_URL=url,
        FTROI_LOG_LEVEL="DEBUG"), "--port", str(port))
    try:
        await until_up(port, process)
        yield port, process, url
    finally:
        if process.returncode is None:
            process.process.kill()
            await process.wait()


async def test_http_serves_slack_and_stops_gracefully(
        running: tuple[int, Serve, str], fake_slack: FakeSlack,
        make_driver: Callable[[str], Driver]) -> None:
    port, process, url = running
    assert await get(f"http://127.0.0.1:{port}/readyz") == (200, "ready")
    save_scenario(url, fake_slack)
    driver = make_driver(f"http://127.0.0.1:{port}/slack/events")
    assert (await driver.command("help")).status == 200
    await fake_slack.wait_for(lambda: fake_slack.ephemerals(), timeout=10)
    assert (await driver.command("show Support bot", signature="wrong")).status == 401

    reply = await driver.command("show Support bot")  # then stop at once: it still finishes
    assert reply.status == 200
    process.process.send_signal(signal.SIGTERM)
    assert await process.wait() == 0
    assert [c for c in fake_slack.calls("files.completeUploadExternal") if c.ok]
    cards = [m for m in fake_slack.messages_in(fake_slack.world.general)
             if "Support bot" in m["text"]]
    assert len(cards) == 1
    logs = process.stderr()
    lines = [json.loads(line) for line in logs.splitlines()]  # every one a JSON object
    said = [line["msg"] for line in lines if line["logger"] == "bot.serve"]
    assert said == [f"ftroi serving (http mode) on port {port}",
                    "stopping: finishing the requests in flight", "stopped"]
    access = [(a["command"], a["status"]) for a in lines if a["msg"] == "slack request"]
    assert access == [("help", 200), ("show", 401), ("show", 200)]
    assert SECRET_TOKEN not in logs and SIGNING_SECRET not in logs
    assert not [line for line in lines if line["level"] in ("WARNING", "ERROR")], logs


@pytest.mark.parametrize(("settings", "says"), [
    ({}, "ftroi serve: missing settings: set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET"),
    ({"SLACK_BOT_TOKEN": "xoxp-very-secret-user", "SLACK_SIGNING_SECRET": "very-secret"},
     "ftroi serve: SLACK_BOT_TOKEN: SLACK_BOT_TOKEN must be a bot token"),
    ({"SLACK_BOT_TOKEN": "xoxb-very-secret", "SLACK_SIGNING_SECRET": "very-secret",
      "FTROI_DATABASE_URL": "mysql://nope"}, "ftroi serve: FTROI_DATABASE_URL: 'mysql://nope'"),
])
async def test_a_bad_setting_is_one_line_and_status_2(settings: dict[str, str], says: str,
                                                      tmp_path: Path) -> None:
    process = await ftroi_serve(tmp_path / "serve.log", environment(**settings))
    assert await process.wait() == 2
    lines = process.stderr().splitlines()
    assert len(lines) == 1 and lines[0].startswith(says), lines
    assert "very-secret" not in lines[0]


async def test_socket_mode_is_chosen_by_the_app_token(fake_slack: FakeSlack, tmp_path: Path
                                                      ) -> None:
    # An app token Slack does not know: its refusal of apps.connections.open is the proof
    # the app tried to connect out, and ends it in one line (the rest of Socket Mode:
    # test_slack_socket_mode.py).
    process = await ftroi_serve(tmp_path / "serve.log", environment(
        SLACK_APP_TOKEN="xapp-1-very-secret", SLACK_BOT_TOKEN=SECRET_TOKEN,
        FTROI_SLACK_API_URL=fake_slack.api_url,
        FTROI_DATABASE_URL=f"sqlite:///{tmp_path}/ftroi.db"), "--port", str(free_port()))
    assert await process.wait() == 1
    lines = process.stderr().splitlines()
    assert lines[-1] == ("ftroi serve: Socket Mode: Slack refused the connection "
                         "(invalid_auth)")
    assert not [line for line in lines if "very-secret" in line or SECRET_TOKEN in line]
