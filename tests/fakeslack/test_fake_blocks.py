"""Block Kit limits on messages: each refused with its reason, each boundary accepted."""

from __future__ import annotations

from typing import Any

import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from .samples import SECTION, button, options, section
from .server import FakeSlack

TOO_MUCH: list[tuple[str, list[dict[str, Any]], str]] = [
    ("section text of 3,001", [section("x" * 3001)], "/blocks/0/text/text"),
    ("51 blocks", [SECTION] * 51, "/blocks"),
    ("header of 151", [{"type": "header", "text": {"type": "plain_text", "text": "h" * 151}}],
     "/blocks/0/text/text"),
    ("header in mrkdwn", [{"type": "header", "text": {"type": "mrkdwn", "text": "h"}}],
     "/blocks/0/text"),
    ("duplicate action_ids in a block",
     [{"type": "actions", "elements": [button("same"), button("same")]}],
     "/blocks/0/elements/1/action_id"),
    ("duplicate block_ids", [{**SECTION, "block_id": "b"}, {**SECTION, "block_id": "b"}],
     "/blocks/1/block_id"),
    ("11 section fields",
     [{"type": "section", "fields": [{"type": "mrkdwn", "text": "f"}] * 11}], "/blocks/0/fields"),
    ("button text of 76", [{"type": "actions", "elements": [button("a", "b" * 76)]}],
     "/blocks/0/elements/0/text/text"),
    ("26 actions", [{"type": "actions", "elements": [button(f"a{i}") for i in range(26)]}],
     "/blocks/0/elements"),
    ("11 context elements",
     [{"type": "context", "elements": [{"type": "mrkdwn", "text": "c"}] * 11}],
     "/blocks/0/elements"),
    ("101 select options", [{**SECTION, "accessory": {
        "type": "static_select", "action_id": "s", "options": options(101)}}],
     "/blocks/0/accessory/options"),
    ("option text of 76", [{**SECTION, "accessory": {
        "type": "static_select", "action_id": "s", "options": options(1, 76)}}],
     "/blocks/0/accessory/options/0/text/text"),
    ("11 radio buttons", [{"type": "actions", "elements": [
        {"type": "radio_buttons", "action_id": "r", "options": options(11)}]}],
     "/blocks/0/elements/0/options"),
    ("101 table rows", [{"type": "table", "rows": [[{"type": "raw_text", "text": "r"}]] * 101}],
     "/blocks/0/rows"),
    ("21 table cells", [{"type": "table", "rows": [[{"type": "raw_text", "text": "c"}] * 21]}],
     "/blocks/0/rows/0/cells"),
    ("12,001 markdown characters",
     [{"type": "markdown", "text": "m" * 6001}, {"type": "markdown", "text": "m" * 6000}],
     "/blocks"),
    ("two tables", [{"type": "table", "rows": [[{"type": "raw_text", "text": "t"}]]}] * 2,
     "/blocks/1"),
    ("an unknown block type", [{"type": "sparkline"}], "/blocks/0"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("blocks", "pointer"), [t[1:] for t in TOO_MUCH], ids=[t[0] for t in TOO_MUCH]
)
async def test_blocks_over_a_limit_are_refused_with_the_reason(
    fake_slack: FakeSlack, slack_client: AsyncWebClient, blocks: list[dict[str, Any]], pointer: str
) -> None:
    with pytest.raises(SlackApiError) as refused:
        await slack_client.chat_postMessage(
            channel=fake_slack.world.general, text="t", blocks=blocks
        )
    answer = refused.value.response
    assert answer["error"] == "invalid_blocks"
    assert any(f"[json-pointer:{pointer}]" in reason for reason in answer["errors"]), answer
    assert answer["response_metadata"]["messages"] == answer["errors"]
    assert fake_slack.messages_in(fake_slack.world.general) == []


async def test_slack_sdk_models_validate_the_blocks_too(
    fake_slack: FakeSlack, slack_client: AsyncWebClient
) -> None:
    with pytest.raises(SlackApiError) as refused:
        await slack_client.chat_postMessage(
            channel=fake_slack.world.general, text="t", blocks=[section("x" * 3001)]
        )
    reasons = refused.value.response["errors"]
    assert any("slack_sdk.models" in r and "3000" in r for r in reasons)
    assert any("json-pointer" in r for r in reasons)


async def test_blocks_exactly_at_the_limits_are_accepted(
    fake_slack: FakeSlack, slack_client: AsyncWebClient
) -> None:
    at_limit = [
        section("x" * 3000),
        {"type": "header", "text": {"type": "plain_text", "text": "h" * 150}},
        {"type": "actions", "elements": [button(f"a{i}", "b" * 75) for i in range(25)]},
        {**SECTION, "accessory": {"type": "static_select", "action_id": "s",
                                  "options": options(100, 75)}},
        {"type": "table", "rows": [[{"type": "raw_text", "text": "c"}] * 20] * 100},
        {"type": "markdown", "text": "m" * 12000},
    ] + [{"type": "divider"}] * 44  # fmt: skip
    assert len(at_limit) == 50
    general = fake_slack.world.general
    # Each block at its own limit is taken; together their text passes what one message
    # may hold (msg_blocks_too_long, test_fake_slack_rules.py), so they go in three.
    for part in (at_limit[:3], at_limit[3:4], at_limit[4:]):
        await slack_client.chat_postMessage(channel=general, text="t", blocks=part)
    assert len(fake_slack.messages_in(general)) == 3
    with pytest.raises(SlackApiError, match="msg_blocks_too_long"):
        await slack_client.chat_postMessage(channel=general, text="t", blocks=at_limit)


async def test_blocks_without_a_text_fallback_are_refused(
    fake_slack: FakeSlack, slack_client: AsyncWebClient
) -> None:
    with (
        pytest.warns(UserWarning, match="top-level `text` argument is missing"),
        pytest.raises(SlackApiError) as refused,
    ):
        await slack_client.chat_postMessage(channel=fake_slack.world.general, blocks=[SECTION])
    assert refused.value.response["error"] == "invalid_arguments"
    assert "fallback" in refused.value.response["response_metadata"]["messages"][0]
