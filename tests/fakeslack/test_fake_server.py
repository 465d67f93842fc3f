"""The fake Web API, driven by slack_sdk's real AsyncWebClient over loopback HTTP."""

from __future__ import annotations

import json
import re

import aiohttp
import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

from .samples import SECTION, section
from .server import FakeSlack
from .world import Channel


async def test_a_good_message_is_answered_and_recorded(
    fake_slack: FakeSlack, slack_client: AsyncWebClient
) -> None:
    general = fake_slack.world.general
    answer = await slack_client.chat_postMessage(channel=general, text="Hello", blocks=[SECTION])
    assert answer["channel"] == general
    assert re.fullmatch(r"\d{10}\.\d{6}", answer["ts"])
    [call] = fake_slack.calls("chat.postMessage")
    assert call.ok and call.token == fake_slack.bot_token
    assert call.args["blocks"] == [SECTION] and call.args["text"] == "Hello"
    [stored] = fake_slack.messages_in(general)
    assert stored["ts"] == answer["ts"] and stored["bot_id"] == fake_slack.world.bot_id
    assert stored["blocks"][0]["block_id"], "Slack fills in a missing block_id"


async def test_timestamps_increase_and_ids_have_slack_shapes(
    fake_slack: FakeSlack, slack_client: AsyncWebClient
) -> None:
    stamps = [
        (await slack_client.chat_postMessage(channel=fake_slack.world.general, text=str(i)))["ts"]
        for i in range(5)
    ]
    assert stamps == sorted(stamps, key=float) and len(set(stamps)) == 5
    url = await slack_client.files_getUploadURLExternal(filename="a.csv", length=3)
    assert re.fullmatch(r"F[A-Z0-9]{10}", url["file_id"])


@pytest.mark.parametrize(
    ("token", "error"), [("xoxb-not-a-real-token", "invalid_auth"), (None, "not_authed")]
)
async def test_a_bad_or_missing_token_is_refused(
    fake_slack: FakeSlack, token: str | None, error: str
) -> None:
    client = AsyncWebClient(token=token, base_url=fake_slack.api_url)
    with pytest.raises(SlackApiError) as refused:
        await client.chat_postMessage(channel=fake_slack.world.general, text="hi")
    assert refused.value.response["error"] == error
    assert fake_slack.messages_in(fake_slack.world.general) == []


async def test_a_token_form_field_works_but_not_inside_a_json_body(fake_slack: FakeSlack) -> None:
    async with aiohttp.ClientSession() as session:
        form = {"token": fake_slack.bot_token, "channel": fake_slack.world.general, "text": "x"}
        async with session.post(fake_slack.api_url + "chat.postMessage", data=form) as r:
            assert (await r.json())["ok"] is True
        async with session.post(fake_slack.api_url + "chat.postMessage", json=form) as r:
            assert (await r.json())["error"] == "not_authed"


async def test_form_encoded_blocks_arrive_decoded(
    fake_slack: FakeSlack, slack_client: AsyncWebClient
) -> None:
    data = {"channel": fake_slack.world.general, "text": "x", "blocks": json.dumps([SECTION])}
    await slack_client.api_call("chat.postMessage", data=data)
    assert fake_slack.calls("chat.postMessage")[0].args["blocks"] == [SECTION]


async def test_nothing_to_post_is_no_text(
    fake_slack: FakeSlack, slack_client: AsyncWebClient
) -> None:
    with pytest.raises(SlackApiError) as refused:
        await slack_client.api_call("chat.postMessage", json={"channel": fake_slack.world.general})
    assert refused.value.response["error"] == "no_text"


async def test_channels_the_bot_cannot_post_to(
    fake_slack: FakeSlack, slack_client: AsyncWebClient
) -> None:
    fake_slack.world.add_channel(Channel("C0NOBOT0001", "no-bot", {fake_slack.world.alice}))
    for channel, error in [
        ("C0NOSUCH001", "channel_not_found"),
        ("C0PRIVATE01", "channel_not_found"),  # private, bot not a member: Slack hides it
        ("C0NOBOT0001", "not_in_channel"),
    ]:
        with pytest.raises(SlackApiError) as refused:
            await slack_client.chat_postMessage(channel=channel, text="hi")
        assert refused.value.response["error"] == error, channel
    dm = await slack_client.chat_postMessage(channel=fake_slack.world.bob, text="hi")
    assert dm["channel"].startswith("D")


async def test_a_token_without_the_scope_gets_missing_scope(
    fake_slack: FakeSlack, slack_client: AsyncWebClient
) -> None:
    fake_slack.world.grants[fake_slack.bot_token].scopes.discard("files:write")
    with pytest.raises(SlackApiError) as refused:
        await slack_client.files_upload_v2(content=b"x", filename="x.txt")
    answer = refused.value.response
    assert (answer["error"], answer["needed"]) == ("missing_scope", "files:write")
    assert "chat:write" in answer["provided"].split(",")


async def test_fail_next_answers_an_error_a_number_of_times(
    fake_slack: FakeSlack, slack_client: AsyncWebClient
) -> None:
    fake_slack.fail_next("chat.postMessage", error="not_in_channel", times=2)
    for _ in range(2):
        with pytest.raises(SlackApiError, match="not_in_channel"):
            await slack_client.chat_postMessage(channel=fake_slack.world.general, text="hi")
    await slack_client.chat_postMessage(channel=fake_slack.world.general, text="hi")
    assert [c.error for c in fake_slack.calls("chat.postMessage")] == [
        "not_in_channel", "not_in_channel", None,
    ]  # fmt: skip


async def test_a_rate_limit_without_a_retry_handler_surfaces(
    fake_slack: FakeSlack, slack_client: AsyncWebClient
) -> None:
    fake_slack.fail_next("chat.postMessage", status=429, retry_after=7)
    with pytest.raises(SlackApiError) as refused:
        await slack_client.chat_postMessage(channel=fake_slack.world.general, text="hi")
    assert refused.value.response.status_code == 429
    assert refused.value.response.headers["Retry-After"] == "7"
    assert refused.value.response["error"] == "ratelimited"


async def test_429_then_success_with_the_rate_limit_retry_handler(fake_slack: FakeSlack) -> None:
    client = AsyncWebClient(
        token=fake_slack.bot_token,
        base_url=fake_slack.api_url,
        retry_handlers=[AsyncRateLimitErrorRetryHandler(max_retry_count=1)],
    )
    fake_slack.fail_next("chat.postMessage", status=429, retry_after=1)
    answer = await client.chat_postMessage(channel=fake_slack.world.general, text="hi")
    first, second = fake_slack.calls("chat.postMessage")
    assert (first.status, first.error, second.ok) == (429, "ratelimited", True)
    assert second.at - first.at >= 1.0, "the client waited Retry-After seconds"
    assert fake_slack.messages_in(fake_slack.world.general)[0]["ts"] == answer["ts"]


async def test_the_whole_upload_v2_flow_into_a_thread(
    fake_slack: FakeSlack, slack_client: AsyncWebClient
) -> None:
    general = fake_slack.world.general
    parent = await slack_client.chat_postMessage(channel=general, text="Scenario A")
    csv = b"month,api,fine_tuned\n1,5000,4200\n"
    answer = await slack_client.files_upload_v2(
        channel=general, thread_ts=parent["ts"], content=csv, filename="a.csv",
        title="Scenario A (CSV)", initial_comment="Export of Scenario A",
    )  # fmt: skip
    [upload] = fake_slack.uploads()
    assert (upload.data, upload.length, upload.title) == (csv, len(csv), "Scenario A (CSV)")
    assert (upload.channel_id, upload.thread_ts) == (general, parent["ts"])
    assert answer["file"]["id"] == upload.file_id
    assert [c.method for c in fake_slack.calls()][-2:] == [
        "files.getUploadURLExternal", "files.completeUploadExternal",
    ]  # fmt: skip
    shared = fake_slack.messages_in(general, thread_ts=parent["ts"])[-1]
    assert shared["text"] == "Export of Scenario A"
    assert shared["files"][0]["id"] == upload.file_id


async def test_the_upload_url_checks_the_announced_length(
    fake_slack: FakeSlack, slack_client: AsyncWebClient
) -> None:
    url = await slack_client.files_getUploadURLExternal(filename="a.csv", length=10)
    async with (
        aiohttp.ClientSession() as session,
        session.post(url["upload_url"], data=b"12345") as response,
    ):
        assert response.status == 400
        assert "announced 10 bytes" in await response.text()
    with pytest.raises(SlackApiError, match="file_not_found"):
        await slack_client.files_completeUploadExternal(files=[{"id": url["file_id"]}])


async def test_the_upload_url_takes_a_multipart_form_too(
    fake_slack: FakeSlack, slack_client: AsyncWebClient
) -> None:
    url = await slack_client.files_getUploadURLExternal(filename="a.txt", length=5)
    form = aiohttp.FormData()
    form.add_field("filename", b"12345", filename="a.txt")
    async with (
        aiohttp.ClientSession() as session,
        session.post(url["upload_url"], data=form) as response,
    ):
        assert (response.status, await response.text()) == (200, "OK - 5")
    assert fake_slack.uploads()[0].data == b"12345"


async def test_updates_and_thread_replies_are_what_conversations_replies_lists(
    fake_slack: FakeSlack, slack_client: AsyncWebClient
) -> None:
    general = fake_slack.world.general
    parent = await slack_client.chat_postMessage(channel=general, text="parent")
    first = await slack_client.chat_postMessage(channel=general, text="1", thread_ts=parent["ts"])
    await slack_client.chat_postMessage(channel=general, text="2", thread_ts=parent["ts"])
    await slack_client.chat_update(channel=general, ts=first["ts"], text="1 (edited)")
    replies = await slack_client.conversations_replies(channel=general, ts=parent["ts"])
    assert [m["text"] for m in replies["messages"]] == ["parent", "1 (edited)", "2"]
    assert replies["messages"][0]["reply_count"] == 2
    assert [m["text"] for m in fake_slack.messages_in(general)] == ["parent"]
    with pytest.raises(SlackApiError, match="invalid_thread_ts"):
        await slack_client.chat_postMessage(channel=general, text="x", thread_ts=first["ts"])


async def test_update_and_delete_need_the_bots_own_existing_message(
    fake_slack: FakeSlack, slack_client: AsyncWebClient
) -> None:
    general = fake_slack.world.general
    theirs = fake_slack.user_message(general, fake_slack.world.alice, "hi")
    with pytest.raises(SlackApiError, match="cant_update_message"):
        await slack_client.chat_update(channel=general, ts=theirs["ts"], text="x")
    mine = await slack_client.chat_postMessage(channel=general, text="mine")
    await slack_client.chat_delete(channel=general, ts=mine["ts"])
    assert fake_slack.message(general, mine["ts"]) is None
    with pytest.raises(SlackApiError, match="message_not_found"):
        await slack_client.chat_delete(channel=general, ts=mine["ts"])


async def test_ephemeral_messages_go_to_one_person(
    fake_slack: FakeSlack, slack_client: AsyncWebClient
) -> None:
    world = fake_slack.world
    answer = await slack_client.chat_postEphemeral(
        channel=world.general, user=world.bob, text="psst"
    )
    [seen] = fake_slack.ephemerals(world.general, user=world.bob)
    assert (seen["ts"], seen["text"]) == (answer["message_ts"], "psst")
    assert fake_slack.ephemerals(user=world.alice) == []
    assert fake_slack.messages_in(world.general) == []
    world.add_channel(Channel("C0ALICEBOT1", "alice-and-bot", {world.alice, world.bot_user_id}))
    with pytest.raises(SlackApiError, match="user_not_in_channel"):
        await slack_client.chat_postEphemeral(channel="C0ALICEBOT1", user=world.bob, text="x")


async def test_users_info(fake_slack: FakeSlack, slack_client: AsyncWebClient) -> None:
    # ftroi's manifest does not ask for users:read (it shows people as <@U…> mentions).
    with pytest.raises(SlackApiError, match="missing_scope"):
        await slack_client.users_info(user=fake_slack.world.alice)
    fake_slack.world.grants[fake_slack.bot_token].scopes.add("users:read")
    answer = await slack_client.users_info(user=fake_slack.world.alice)
    assert answer["user"]["real_name"] == "Alice Example"
    with pytest.raises(SlackApiError, match="user_not_found"):
        await slack_client.users_info(user="U0NOBODY001")


# slack_sdk authenticates oauth.v2.access with aiohttp.BasicAuth, which aiohttp 3.14 deprecates.
@pytest.mark.filterwarnings("ignore:BasicAuth is deprecated:DeprecationWarning")
async def test_oauth_install_exchanges_a_code_once(fake_slack: FakeSlack) -> None:
    client = AsyncWebClient(base_url=fake_slack.api_url)
    world, code = fake_slack.world, fake_slack.oauth_code()
    answer = await client.oauth_v2_access(
        client_id=world.client_id, client_secret=world.client_secret, code=code
    )
    assert (answer["token_type"], answer["team"]["id"]) == ("bot", world.team_id)
    assert answer["authed_user"]["id"] == world.alice
    installed = AsyncWebClient(token=answer["access_token"], base_url=fake_slack.api_url)
    identity = await installed.auth_test()
    assert identity["bot_id"] == world.bot_id
    for secret, error in [(world.client_secret, "invalid_code"), ("nope", "bad_client_secret")]:
        with pytest.raises(SlackApiError, match=error):
            await client.oauth_v2_access(client_id=world.client_id, client_secret=secret, code=code)


async def test_oauth_client_credentials_may_come_as_form_fields(fake_slack: FakeSlack) -> None:
    world = fake_slack.world
    form = {"client_id": world.client_id, "client_secret": world.client_secret}
    client = AsyncWebClient(base_url=fake_slack.api_url)
    answer = await client.api_call(
        "oauth.v2.access", data={**form, "code": fake_slack.oauth_code(world.bob)}
    )
    assert answer["authed_user"]["id"] == world.bob
    with pytest.raises(SlackApiError, match="invalid_client_id"):
        await client.api_call("oauth.v2.access", data={**form, "client_id": "9.9", "code": "x"})


async def test_response_urls_post_replace_and_expire(
    fake_slack: FakeSlack, slack_client: AsyncWebClient
) -> None:
    world = fake_slack.world
    original = await slack_client.chat_postMessage(channel=world.general, text="card")
    url = fake_slack.response_url(world.alice, world.general, message_ts=original["ts"])
    webhook = AsyncWebhookClient(url)
    assert (await webhook.send(text="only you", response_type="ephemeral")).status_code == 200
    assert (await webhook.send(text="everyone", response_type="in_channel")).status_code == 200
    assert (await webhook.send(text="card v2", replace_original=True)).status_code == 200
    assert fake_slack.ephemerals(user=world.alice)[0]["text"] == "only you"
    assert [m["text"] for m in fake_slack.messages_in(world.general)] == ["card v2", "everyone"]
    bad = await webhook.send(text="t", blocks=[section("x" * 3001)])
    assert bad.status_code == 400 and "3000" in bad.body
    assert (await webhook.send(text="fifth use")).status_code == 200
    assert (await webhook.send(text="sixth use")).status_code == 404, "five uses at most"
    assert [r.status for r in fake_slack.responses()] == [200, 200, 200, 400, 200, 404]


async def test_unknown_methods_are_named(slack_client: AsyncWebClient) -> None:
    with pytest.raises(SlackApiError, match="unknown_method"):
        await slack_client.api_call("chat.sendCarrierPigeon")
