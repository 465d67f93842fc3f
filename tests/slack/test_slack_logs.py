"""ftroi's logs: one JSON object a line (bot.slack.logs), one ``slack request`` line for every
request Slack delivers with its id, team, kind, command and ack latency (bot.slack.access),
the request's fields on every line logged while handling it, no secret anywhere, and no
text a person typed at INFO."""

from __future__ import annotations

import asyncio
import io
import json
import logging
import re
import signal
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_support import TODAY, SlackUnderTest, run_intake, save_scenario

from bot.slack import ids
from bot.slack.access import _retry
from bot.slack.logs import REDACTED, JsonLines, Request, handling
from engine.models import Scenario
from tests.fakeslack.fixtures import SIGNING_SECRET
from tests.fakeslack.process import environment, free_port, ftroi_serve, until_up
from tests.fakeslack.server import FakeSlack

TOKEN = "xoxb-0001-ftroi-test-bot"  # the fake's bot token
TS = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z")


def record(msg: str, *args: object, exc: bool = False, **extra: object) -> logging.LogRecord:
    made = logging.getLogger("bot.test").makeRecord(
        "bot.test", logging.INFO, __file__, 1, msg, args, sys.exc_info() if exc else None,
        extra=extra)
    return made


def lines(text: str) -> list[dict[str, Any]]:
    """Every line of a log, each parsed (it fails unless every one is a JSON object)."""
    parsed = [json.loads(line) for line in text.splitlines()]
    assert all(isinstance(line, dict) for line in parsed)
    return parsed


def access(logged: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [line for line in logged if line["msg"] == "slack request"]


# -- the formatter -------------------------------------------------------------------------
def test_a_line_is_one_json_object_whatever_the_message_holds() -> None:
    text = JsonLines().format(record("Support bot × 2\nsecond line\u2028third", channel="C1"))
    assert "\n" not in text and text.isascii()
    (line,) = lines(text)
    assert line == {"ts": line["ts"], "level": "INFO", "logger": "bot.test",
                    "msg": "Support bot × 2\nsecond line\u2028third", "channel": "C1"}
    assert TS.fullmatch(line["ts"])
    assert abs(datetime.fromisoformat(line["ts"]) - datetime.now(UTC)) < timedelta(seconds=5)


def test_secrets_are_blanked_from_message_arguments_extras_and_traceback() -> None:
    quoted = 'se"cr\\et'  # escaped inside a JSON string; still blanked
    formatter = JsonLines([TOKEN, SIGNING_SECRET, quoted, "ab"])
    try:
        raise RuntimeError(f"Slack said no to {TOKEN}")
    except RuntimeError:
        text = formatter.format(record(
            "sent %s with %s", TOKEN, {"client_secret": SIGNING_SECRET}, exc=True,
            params={"client_secret": SIGNING_SECRET}, note=f"a {quoted} b"))
    (line,) = lines(text)
    for secret in (TOKEN, SIGNING_SECRET, json.dumps(quoted)[1:-1]):
        assert secret not in text
    assert line["msg"] == f"sent {REDACTED} with {{'client_secret': '{REDACTED}'}}"
    assert line["params"] == {"client_secret": REDACTED}
    assert line["note"] == f"a {REDACTED} b"
    assert line["exc"].startswith("Traceback") and line["exc"].endswith(
        f"RuntimeError: Slack said no to {REDACTED}")
    assert "about" in lines(formatter.format(record("about")))[0]["msg"]  # "ab" is too short


async def test_a_requests_fields_are_on_its_lines_and_its_tasks_lines_only() -> None:
    formatter = JsonLines()
    outside = lines(formatter.format(record("before")))[0]
    request = Request(request_id="0a1b2c3d", team="T1", kind="command", command="show",
                      retry=2)
    with handling(request):
        inside = lines(formatter.format(record("during", team="not the request's")))[0]
        later = asyncio.ensure_future(asyncio.sleep(0.01, "after the block"))
        task = asyncio.get_running_loop().create_task(_log_after(later, formatter))
    after = lines(formatter.format(record("after")))[0]
    in_task = lines(await task)[0]
    assert set(outside) == set(after) == {"ts", "level", "logger", "msg"}
    fields = {"request_id": "0a1b2c3d", "team": "T1", "kind": "command", "command": "show",
              "retry": 2}
    assert inside.items() >= fields.items()  # the request's team wins over an extra's
    assert in_task.items() >= fields.items()


async def _log_after(wait: asyncio.Future[str], formatter: JsonLines) -> str:
    return formatter.format(record(await wait))


# -- the app, in process ---------------------------------------------------------------------
@pytest.fixture
def json_log() -> Iterator[io.StringIO]:
    """What ``ftroi serve`` would write at INFO, for the in-process app."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonLines([TOKEN, SIGNING_SECRET]))
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    yield stream
    root.removeHandler(handler)
    root.setLevel(level)


async def test_each_request_is_one_access_line_and_tags_its_work(
        slack: SlackUnderTest, json_log: io.StringIO) -> None:
    team = slack.world.team_id
    await slack.command("help")
    root = await run_intake(slack, "new Support bot")
    ask = await slack.say("what if gpu h100", thread_ts=root["ts"])
    retried = await slack.driver.retry(ask, num=2)
    await slack.settle()
    assert retried.status == 200

    logged = lines(json_log.getvalue())
    seen = [(a["kind"], a["command"], a.get("retry")) for a in access(logged)]
    steps = len(seen) - 4
    assert steps >= 1 and seen == [
        ("command", "help", None), ("command", "new", None),
        *[("action", ids.INTAKE_NEXT, None)] * steps,
        ("event", "message", None), ("event", "message", 2)]
    for line in access(logged):
        assert line["team"] == team and line["status"] == 200 and line["level"] == "INFO"
        assert isinstance(line["latency_ms"], float) and 0 < line["latency_ms"] < 3000
        assert re.fullmatch(r"[0-9a-f]{8}", line["request_id"])
    assert len({a["request_id"] for a in access(logged)}) == len(seen)
    # The work after each ack ends with a line of the same request.
    finished = {line["request_id"]: line for line in logged
                if line["msg"] == "slack request finished"}
    # (a retry's work is only its claim, made after the ack: bot.slack.idempotency)
    assert set(finished) == {a["request_id"] for a in access(logged)}
    assert all(f["work_ms"] > 0 for f in finished.values())
    (duplicate,) = [line for line in logged if line["msg"].startswith("duplicate")]
    assert duplicate["request_id"] == access(logged)[-1]["request_id"]
    assert duplicate["retry"] == 2 and duplicate["event_id"] == ask.event["event_id"]
    # Nothing a person typed, no secret.
    text = json_log.getvalue()
    for typed in ("Support bot", "Support+bot", "gpu h100", TOKEN, SIGNING_SECRET):
        assert typed not in text


async def test_a_refused_request_is_logged_without_its_body(
        slack: SlackUnderTest, json_log: io.StringIO) -> None:
    reply = await slack.command("show Support bot", signature="wrong")
    assert reply.status == 401
    (line,) = access(lines(json_log.getvalue()))
    assert (line["kind"], line["command"], line["status"]) == ("command", "show", 401)
    assert "Support" not in json_log.getvalue()
    assert "Invalid request signature detected" in json_log.getvalue()


async def test_a_failure_is_logged_with_its_traceback_and_request(
        slack: SlackUnderTest, json_log: io.StringIO) -> None:
    await slack.store.run(lambda s: s.create_scenario(
        slack.world.team_id, owner_id=slack.world.alice, name="Support bot",
        inputs=Scenario().with_value("api.priced_at", TODAY), now=datetime.now(UTC)))
    slack.fake.fail_next("chat.postMessage", error="fatal_error")
    await slack.command("show Support bot")
    slack.expected_errors = 1
    logged = lines(json_log.getvalue())
    (failed,) = [line for line in logged if line["level"] == "ERROR"]
    (request,) = access(logged)
    assert failed["request_id"] == request["request_id"]
    assert (failed["team"], failed["kind"], failed["command"]) == (
        slack.world.team_id, "command", "show")
    assert failed["reference"] in failed["msg"] and failed["user"] == slack.world.alice
    assert "Traceback" in failed["exc"] and "fatal_error" in failed["exc"]
    (finished,) = [line for line in logged if line["msg"] == "slack request finished"]
    assert finished["request_id"] == request["request_id"]


# -- ftroi serve, a real process ---------------------------------------------------------------
@pytest.mark.parametrize("level", ["INFO", "WARNING"])
async def test_ftroi_serve_logs_json_lines_at_its_level(
        level: str, fake_slack: FakeSlack, make_driver: Any, tmp_path: Path) -> None:
    port, url = free_port(), f"sqlite:///{tmp_path}/ftroi.db"
    save_scenario(url, fake_slack)
    process = await ftroi_serve(tmp_path / "serve.log", environment(
        SLACK_BOT_TOKEN=TOKEN, SLACK_SIGNING_SECRET=SIGNING_SECRET,
        FTROI_SLACK_API_URL=fake_slack.api_url, FTROI_DATABASE_URL=url,
        FTROI_LOG_LEVEL=level), "--port", str(port))
    try:
        await until_up(port, process)
        driver = make_driver(f"http://127.0.0.1:{port}/slack/events")
        assert (await driver.command("show Support bot")).status == 200
        await fake_slack.wait_for(lambda: fake_slack.calls("files.completeUploadExternal"),
                                  timeout=20)
        process.process.send_signal(signal.SIGTERM)
        assert await process.wait() == 0
    finally:
        await process.kill()
    logged = lines(process.stderr())
    if level == "WARNING":
        assert logged == []
        return
    assert [line["msg"] for line in logged if line["logger"] == "bot.serve"] == [
        f"ftroi serving (http mode) on port {port}",
        "stopping: finishing the requests in flight", "stopped"]
    (line,) = access(logged)
    assert (line["kind"], line["command"], line["team"], line["status"]) == (
        "command", "show", fake_slack.world.team_id, 200)
    assert "Support" not in process.stderr()


@pytest.mark.parametrize(("header", "logged"), [
    (None, None), ("0", None), ("1", 1), ("3", 3), ("x", None)])
def test_retry_is_logged_only_for_a_resent_request(header: str | None, logged: int | None
                                                   ) -> None:
    # Bolt's Socket Mode adapter sends the envelope's retry_attempt, 0 the first time.
    headers = {} if header is None else {"x-slack-retry-num": header}
    assert _retry(AsyncBoltRequest(body="", headers=headers)) == logged
