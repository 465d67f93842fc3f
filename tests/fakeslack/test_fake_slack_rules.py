"""Rules the fake copies from Slack so that ftroi's tests meet what real Slack does.

Each test is named after the Slack behaviour and cites, in its docstring, the page or the
maintainer's answer the rule is taken from. They drive the fake with slack_sdk's own client
over loopback, as the app does.
"""

from __future__ import annotations

import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from .server import FakeSlack


async def test_files_complete_upload_external_refuses_a_user_id_as_channel(
    fake_slack: FakeSlack, slack_client: AsyncWebClient
) -> None:
    """slackapi/bolt-js#2115 (Slack staff: "it does not allow passing user IDs into
    channel_id; this parameter only accepts encoded IDs for public channels, group and
    direct msgs"), slackapi/python-slack-sdk#1326 and #1426: files.completeUploadExternal
    answers invalid_arguments, "input must match regex pattern: ^[CGDZ][A-Z0-9]{8,}$
    [json-pointer:/channel_id]", to a U… id or a #name — while chat.postMessage takes a user
    id and answers with the D… conversation it posted in, which the upload does accept."""
    alice = fake_slack.world.alice
    with pytest.raises(SlackApiError) as refused:
        await slack_client.files_upload_v2(channel=alice, content=b"png", filename="a.png")
    assert refused.value.response["error"] == "invalid_arguments"
    assert refused.value.response["response_metadata"]["messages"] == [
        "[ERROR] input must match regex pattern: ^[CGDZ][A-Z0-9]{8,}$ [json-pointer:/channel_id]"]
    with pytest.raises(SlackApiError, match="invalid_arguments"):
        await slack_client.files_upload_v2(channel="#general", content=b"png", filename="a.png")
    posted = await slack_client.chat_postMessage(channel=alice, text="Your card")
    assert posted["channel"].startswith("D")
    await slack_client.files_upload_v2(channel=posted["channel"], thread_ts=posted["ts"],
                                       content=b"png", filename="a.png")
    assert [u.channel_id for u in fake_slack.uploads() if u.completed] == [posted["channel"]]


async def test_special_mentions_in_parsed_text_notify_everyone_and_escaped_ones_nobody(
    fake_slack: FakeSlack, slack_client: AsyncWebClient
) -> None:
    """docs.slack.dev/messaging/formatting-message-text (Escaping text; Advanced
    formatting: <!channel>, <!here>, <!everyone>): Slack parses a message's top-level
    text, its mrkdwn text objects and a file's initial_comment; only &, < and > need
    escaping, and escaped they show as typed. plain_text objects are not parsed."""
    general = fake_slack.world.general
    await slack_client.chat_postMessage(channel=general, text="&lt;!channel&gt; is a name",
                                        blocks=[{"type": "header", "text": {
                                            "type": "plain_text", "text": "<!here>"}}])
    assert fake_slack.broadcasts() == []
    await slack_client.chat_postMessage(channel=general, text="a card", blocks=[
        {"type": "section", "text": {"type": "mrkdwn", "text": "hi <!here>"}}])
    await slack_client.files_upload_v2(channel=general, content=b"x", filename="x.txt",
                                       initial_comment="for <!everyone>")
    assert fake_slack.broadcasts() == ["<!here>", "<!everyone>"]
