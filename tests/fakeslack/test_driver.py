"""The driver against slack_sdk's SignatureVerifier and a tiny Bolt AsyncApp served on loopback."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from aiohttp import web
from slack_sdk.signature import SignatureVerifier
from slack_sdk.webhook.async_client import AsyncWebhookClient

from .driver import Driver, DriverError, sign
from .fixtures import SIGNING_SECRET
from .server import FakeSlack
from .tiny_app import option, tiny_app

ServeApp = Callable[[web.Application], Awaitable[str]]
MakeDriver = Callable[[str], Driver]


@pytest.fixture
async def running(
    fake_slack: FakeSlack, serve_app: ServeApp, make_driver: MakeDriver
) -> tuple[Driver, list[dict[str, Any]]]:
    """The tiny app on loopback, a driver for it, and the payloads that reached its listeners."""
    seen: list[dict[str, Any]] = []
    url = await serve_app(tiny_app(fake_slack, seen).web_app())
    return make_driver(url + "/slack/events"), seen


def test_sign_reproduces_slacks_documented_example() -> None:
    # The worked example of docs.slack.dev/authentication/verifying-requests-from-slack.
    body = (
        b"token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id="
        b"G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-"
        b"collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700"
        b"885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2"
        b"c447fce8b6703c"
    )
    assert sign("8f742231b10e8888abcd99yyyzzz85a5", "1531420618", body) == (
        "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503"
    )


async def test_slack_sdk_verifies_what_the_driver_signs(
    fake_slack: FakeSlack, serve_app: ServeApp, make_driver: MakeDriver
) -> None:
    driver = make_driver(await serve_app(web.Application()) + "/slack/events")
    verifier = SignatureVerifier(SIGNING_SECRET)
    verdicts = {}
    hows: list[dict[str, Any]] = [{}, {"signature": "wrong"}, {"signature": "missing"}]
    hows.append({"age": 301})
    for how in hows:
        reply = await driver.command("list", **how)
        verdicts[str(how)] = verifier.is_valid_request(reply.sent.body, reply.sent.headers)
    assert verdicts == {
        "{}": True, "{'signature': 'wrong'}": False, "{'signature': 'missing'}": False,
        "{'age': 301}": False,
    }  # fmt: skip


async def test_a_signed_slash_command_reaches_the_app_and_say_and_respond_reach_slack(
    fake_slack: FakeSlack, running: tuple[Driver, list[dict[str, Any]]]
) -> None:
    driver, seen = running
    reply = await driver.command("list")
    assert reply.status == 200
    [body] = seen
    assert (body["command"], body["text"], body["user_id"]) == ("/ftroi", "list", driver.user)
    [card] = fake_slack.messages_in(fake_slack.world.general)
    assert card["text"] == "New fine-tuning ROI scenario"
    [only_alice] = fake_slack.ephemerals(user=driver.user)
    assert only_alice["text"] == "Started; only you see this"
    assert [c.method for c in fake_slack.calls()] == ["auth.test", "chat.postMessage"]


@pytest.mark.parametrize("how", [{"signature": "wrong"}, {"signature": "missing"}, {"age": 301}])
async def test_unsigned_badly_signed_or_stale_requests_are_refused(
    running: tuple[Driver, list[dict[str, Any]]], how: dict[str, Any]
) -> None:
    driver, seen = running
    assert (await driver.command("list", **how)).status == 401
    assert seen == []


async def test_url_verification_echoes_the_challenge(
    running: tuple[Driver, list[dict[str, Any]]],
) -> None:
    driver, _ = running
    reply = await driver.url_verification("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P")
    assert reply.json() == {"challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"}


async def test_a_click_built_from_the_sent_blocks_reaches_the_action_listener(
    fake_slack: FakeSlack, running: tuple[Driver, list[dict[str, Any]]]
) -> None:
    driver, seen = running
    await driver.command("list")
    [card] = fake_slack.messages_in(fake_slack.world.general)
    reply = await driver.click(card, text="Next", user=fake_slack.world.bob)
    assert reply.status == 200
    body = seen[-1]
    [action] = body["actions"]
    assert {k: action[k] for k in ("action_id", "block_id", "value", "type", "style")} == {
        "action_id": "next", "block_id": "steps", "value": "step-2", "type": "button",
        "style": "primary",
    }  # fmt: skip
    assert float(action["action_ts"]) > float(card["ts"])
    assert body["user"]["id"] == fake_slack.world.bob and body["trigger_id"]
    assert body["container"] == {
        "type": "message", "message_ts": card["ts"], "channel_id": card["channel"],
        "is_ephemeral": False,
    }  # fmt: skip
    assert body["message"]["blocks"] == card["blocks"] and body["channel"]["name"] == "general"
    updated = fake_slack.message(card["channel"], card["ts"])
    assert updated is not None and updated["text"] == "Step 2 of 6", "respond replaced it"
    with pytest.raises(DriverError, match="nothing on screen matches text='Next'"):
        await driver.click(card, text="Next")  # the new version has no buttons


async def test_choosing_from_a_menu_sends_the_selected_option(
    fake_slack: FakeSlack, running: tuple[Driver, list[dict[str, Any]]]
) -> None:
    driver, seen = running
    await driver.command("list")
    [card] = fake_slack.messages_in(fake_slack.world.general)
    await driver.choose(card, "H100", action_id="gpu")
    assert seen[-1]["actions"][0]["selected_option"] == option("H100", "h100")
    with pytest.raises(DriverError, match="'B200' is not an option"):
        await driver.choose(card, "B200", action_id="gpu")


async def test_a_person_only_clicks_what_they_can_see(
    fake_slack: FakeSlack, running: tuple[Driver, list[dict[str, Any]]]
) -> None:
    driver, _ = running
    await driver.command("list")
    [card] = fake_slack.messages_in(fake_slack.world.general)
    with pytest.raises(DriverError, match="on screen: button 'Next'"):
        await driver.click(card, text="Fork")
    [whisper] = fake_slack.ephemerals(user=driver.user)
    with pytest.raises(DriverError, match="only U0ALICE0001 sees"):
        await driver.click(whisper, text="x", user=fake_slack.world.bob)


async def test_submitting_the_modal_builds_slacks_state_for_each_input_type(
    fake_slack: FakeSlack, running: tuple[Driver, list[dict[str, Any]]]
) -> None:
    driver, seen = running
    await driver.command("new")
    view = fake_slack.last_view()
    values = {"name": "Support bot", "Requests per day": "50000", "model": {"v": "Claude 3 Haiku"},
              "extras": ["storage", "Review"]}  # fmt: skip
    assert (await driver.submit(view, values)).status == 200
    state = seen[-1]["view"]["state"]["values"]
    assert state["name"]["v"] == {"type": "plain_text_input", "value": "Support bot"}
    assert state["rpd"]["v"] == {"type": "number_input", "value": "50000"}
    haiku = option("Claude 3 Haiku", "haiku")
    assert state["model"]["v"] == {"type": "static_select", "selected_option": haiku}
    assert state["method"]["v"]["selected_option"] == option("LoRA", "lora"), "the initial option"
    assert [o["value"] for o in state["extras"]["v"]["selected_options"]] == ["storage", "review"]
    assert state["base"]["base_model"] == {"type": "external_select", "selected_option": None}
    assert not fake_slack.is_open(view["id"]), "an empty ack closes the modal"


async def test_field_errors_keep_the_modal_open(
    fake_slack: FakeSlack, running: tuple[Driver, list[dict[str, Any]]]
) -> None:
    driver, _ = running
    await driver.command("new")
    view = fake_slack.last_view()
    filled = {"name": "taken", "rpd": "10", "model": "gpt-4o"}
    reply = await driver.submit(view, filled)
    assert reply.json() == {"response_action": "errors", "errors": {"name": "That name is taken"}}
    assert fake_slack.is_open(view["id"])


@pytest.mark.parametrize(
    ("values", "refusal"),
    [
        ({"name": "a", "rpd": "10"}, "required field 'Current API'"),
        ({"name": "a", "rpd": "2.5", "model": "gpt-4o"}, "does not allow decimals"),
        ({"name": "a", "rpd": "0", "model": "gpt-4o"}, "outside 1–100000000"),
        ({"name": "a", "rpd": "10", "model": "gemini"}, "'gemini' is not an option"),
        ({"name": "n" * 41, "rpd": "10", "model": "gpt-4o"}, "this input takes 0–40"),
        ({"name": "a", "rpd": "10", "model": "gpt-4o", "tone": "x"}, r"no input \['tone'\]"),
    ],
)
async def test_what_slacks_client_would_not_let_a_person_submit(
    fake_slack: FakeSlack,
    running: tuple[Driver, list[dict[str, Any]]],
    values: dict[str, Any],
    refusal: str,
) -> None:
    driver, seen = running
    await driver.command("new")
    with pytest.raises(DriverError, match=refusal):
        await driver.submit(fake_slack.last_view(), values)
    assert [b.get("type") for b in seen] == [None], "only the command reached the app"


async def test_an_external_select_asks_the_app_for_options(
    fake_slack: FakeSlack, running: tuple[Driver, list[dict[str, Any]]]
) -> None:
    driver, _ = running
    await driver.command("new")
    reply = await driver.suggest(fake_slack.last_view(), "llama", action_id="base_model")
    assert [o["value"] for o in reply.json()["options"]] == ["llama-7b", "70b"]


async def test_closing_the_modal_tells_the_app_when_it_asked(
    fake_slack: FakeSlack, running: tuple[Driver, list[dict[str, Any]]]
) -> None:
    driver, seen = running
    await driver.command("new")
    view = fake_slack.last_view()
    reply = await driver.close_view(view)
    assert reply is not None and reply.status == 200
    assert seen[-1]["type"] == "view_closed" and seen[-1]["view"]["id"] == view["id"]
    assert not fake_slack.is_open(view["id"])


async def test_a_thread_reply_reaches_the_app_and_its_answer_lands_in_the_thread(
    fake_slack: FakeSlack, running: tuple[Driver, list[dict[str, Any]]]
) -> None:
    driver, seen = running
    await driver.command("list")
    [card] = fake_slack.messages_in(fake_slack.world.general)
    reply = await driver.say("what if we use an H100?", thread_ts=card["ts"])
    assert reply.status == 200 and reply.event is not None
    event = seen[-1]["event"]
    assert (event["thread_ts"], event["text"]) == (card["ts"], "what if we use an H100?")
    assert event["parent_user_id"] == fake_slack.world.bot_user_id
    assert reply.event["event_id"].startswith("Ev") and reply.event["event_time"] > 0
    thread = fake_slack.messages_in(card["channel"], thread_ts=card["ts"])
    assert [m["text"] for m in thread] == [
        card["text"], "what if we use an H100?", "Understood: what if we use an H100?",
    ]  # fmt: skip


async def test_delete_original_through_the_response_url(
    fake_slack: FakeSlack, running: tuple[Driver, list[dict[str, Any]]]
) -> None:
    driver, seen = running
    await driver.command("list")
    [card] = fake_slack.messages_in(fake_slack.world.general)
    assert (await driver.click(card, text="Cancel")).status == 404, "Bolt: no listener"
    assert fake_slack.message(card["channel"], card["ts"]) is not None
    await driver.choose(card, "A10G", action_id="gpu")
    webhook = AsyncWebhookClient(seen[-1]["response_url"])
    assert (await webhook.send_dict({"delete_original": True})).status_code == 200
    assert fake_slack.message(card["channel"], card["ts"]) is None
    with pytest.raises(DriverError, match="no longer there"):
        await driver.click(card, text="Next")


async def test_retries_and_replays_carry_the_same_event_id(
    running: tuple[Driver, list[dict[str, Any]]],
) -> None:
    driver, seen = running
    first = await driver.say("hello")
    retried = await driver.retry(first, num=2, reason="http_error")
    replayed = await driver.replay(first)
    assert [r.status for r in (first, retried, replayed)] == [200, 200, 200]
    assert retried.sent.body == first.sent.body == replayed.sent.body
    assert retried.sent.headers["X-Slack-Retry-Reason"] == "http_error"
    assert replayed.sent.headers == first.sent.headers
    assert [s["event"]["ts"] for s in seen] == [first.event["event"]["ts"]] * 3  # type: ignore[index]
    assert [s["retry"] for s in seen] == [None, ["2"], None]


async def test_app_home_opened_and_a_click_in_the_home_tab(
    fake_slack: FakeSlack, running: tuple[Driver, list[dict[str, Any]]]
) -> None:
    driver, seen = running
    await driver.open_home()
    home = fake_slack.last_view(driver.user)
    assert home["type"] == "home" and seen[-1]["type"] == "app_home_opened"
    await driver.click(home, text="Open")
    body = seen[-1]
    assert body["container"] == {"type": "view", "view_id": home["id"]}
    assert body["view"]["id"] == home["id"] and "response_url" not in body
    await driver.choose(home, "Cheapest", action_id="sort")
    picked = seen[-1]["view"]["state"]["values"]["mine"]["sort"]["selected_option"]
    assert picked == seen[-1]["actions"][0]["selected_option"] == option("Cheapest", "cheap")
    await driver.open_home()
    assert seen[-1]["view"]["id"] == home["id"], "the event carries the published Home view"
