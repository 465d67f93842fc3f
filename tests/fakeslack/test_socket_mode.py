"""The fake's Socket Mode against slack_bolt's own AsyncSocketModeHandler and a tiny app."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from .server import FakeSlack
from .socket_driver import SocketDriver, ack_of
from .socket_mode import NoAck
from .tiny_app import tiny_app

Running = tuple[SocketDriver, list[dict[str, Any]]]


@pytest.fixture
async def running(fake_slack: FakeSlack) -> AsyncIterator[Running]:
    """The tiny app connected over Socket Mode, a driver, and what reached its listeners."""
    seen: list[dict[str, Any]] = []
    handler = AsyncSocketModeHandler(tiny_app(fake_slack, seen), fake_slack.world.app_token)
    await handler.connect_async()  # type: ignore[no-untyped-call]
    try:
        await fake_slack.socket_mode.connected()
        yield SocketDriver(fake_slack), seen
    finally:
        await handler.close_async()  # type: ignore[no-untyped-call]


@pytest.mark.parametrize(("token", "error"), [
    ("xoxb-0001-ftroi-test-bot", "not_allowed_token_type"),
    ("xapp-1-A0FTROI0001-0001-someone-else", "invalid_auth"),
])
async def test_only_the_app_level_token_opens_a_link(
        fake_slack: FakeSlack, slack_client: AsyncWebClient, token: str, error: str) -> None:
    opened = await slack_client.apps_connections_open(app_token=fake_slack.world.app_token)
    assert opened["url"].startswith(fake_slack.url.replace("http", "ws") + "/link/?ticket=")
    with pytest.raises(SlackApiError) as refused:
        await slack_client.apps_connections_open(app_token=token)
    assert refused.value.response["error"] == error


async def test_the_app_token_is_for_sockets_only_and_only_in_the_header(
        fake_slack: FakeSlack) -> None:
    as_app = AsyncWebClient(token=fake_slack.world.app_token, base_url=fake_slack.api_url)
    with pytest.raises(SlackApiError, match="not_allowed_token_type"):
        await as_app.chat_postMessage(channel=fake_slack.world.general, text="hi")
    async with aiohttp.ClientSession() as session, session.post(
            fake_slack.api_url + "apps.connections.open",
            data={"token": fake_slack.world.app_token}) as answer:
        assert (await answer.json())["error"] == "invalid_auth"


async def test_a_link_says_hello_and_its_ticket_works_once(
        fake_slack: FakeSlack, slack_client: AsyncWebClient) -> None:
    url = (await slack_client.apps_connections_open(app_token=fake_slack.world.app_token))["url"]
    async with aiohttp.ClientSession() as session, session.ws_connect(url) as ws:
        hello = await ws.receive_json()
        assert hello["type"] == "hello" and hello["num_connections"] == 1
        assert hello["connection_info"] == {"app_id": fake_slack.world.app_id}
        with pytest.raises(aiohttp.WSServerHandshakeError):
            await session.ws_connect(url)
        with pytest.raises(NoAck, match=r"no ack for slash_commands envelope \w+ within"):
            await SocketDriver(fake_slack, timeout=0.2).command("help")  # never acked


async def test_a_command_and_a_click_arrive_in_envelopes_and_are_acked(
        fake_slack: FakeSlack, running: Running) -> None:
    driver, seen = running
    reply = await driver.command("list")
    envelope = reply.sent.payload
    assert (envelope["type"], envelope["accepts_response_payload"]) == ("slash_commands", True)
    assert seen == [envelope["payload"]] and seen[0]["text"] == "list"
    assert ack_of(reply).in_time and ack_of(reply).payload is None
    [card] = fake_slack.messages_in(fake_slack.world.general)
    click = await driver.click(card, text="Next")
    assert click.sent.payload["type"] == "interactive"
    assert seen[-1]["actions"][0]["action_id"] == "next"
    updated = fake_slack.message(card["channel"], card["ts"])
    assert updated is not None and updated["text"] == "Step 2 of 6"
    assert [a.envelope_id for a in fake_slack.socket_mode.acks] == [
        reply.sent.payload["envelope_id"], click.sent.payload["envelope_id"]]


async def test_a_modal_answer_and_menu_options_come_back_in_the_ack(
        fake_slack: FakeSlack, running: Running) -> None:
    driver, _ = running
    await driver.command("new")
    view = fake_slack.last_view()
    options = await driver.suggest(view, "llama", action_id="base_model")
    assert [o["value"] for o in options.json()["options"]] == ["llama-7b", "70b"]
    refused = await driver.submit(view, {"name": "taken", "rpd": "10", "model": "gpt-4o"})
    assert refused.sent.payload["accepts_response_payload"] is True
    assert refused.json() == {"response_action": "errors",
                              "errors": {"name": "That name is taken"}}
    assert fake_slack.is_open(view["id"])


async def test_an_event_its_retry_and_a_second_delivery(running: Running) -> None:
    driver, seen = running
    first = await driver.say("hello")
    retried = await driver.retry(first, num=1, reason="timeout")
    again = await driver.replay(first)
    envelopes = [r.sent.payload for r in (first, retried, again)]
    assert [e["type"] for e in envelopes] == ["events_api"] * 3
    assert len({e["envelope_id"] for e in envelopes}) == 1
    assert [(e["retry_attempt"], e["retry_reason"]) for e in envelopes] == [
        (0, ""), (1, "timeout"), (0, "")]
    assert [s["retry"] for s in seen] == [["0"], ["1"], ["0"]]  # Bolt: x-slack-retry-num
    assert first.event is not None and first.event["event_id"].startswith("Ev")


async def test_disconnect_moves_the_app_to_a_new_link(
        fake_slack: FakeSlack, running: Running) -> None:
    driver, seen = running
    old = await fake_slack.socket_mode.disconnect("refresh_requested")
    new = await fake_slack.socket_mode.connected(2)
    reply = await driver.command("list")
    assert ack_of(reply).link == new.number == 2
    assert not old.open and old.close_code == 1000, "the app closed the old link itself"
    assert len(fake_slack.calls("apps.connections.open", ok=True)) == 2
    assert seen[-1]["text"] == "list"
