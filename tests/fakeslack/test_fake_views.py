"""Views: limits, trigger ids, the modal stack, updates with a hash, the Home tab."""

from __future__ import annotations

from typing import Any

import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from .samples import SECTION, modal
from .server import FakeSlack


async def test_trigger_ids_work_once_and_expire() -> None:
    now = [1_800_000_000.0]
    async with FakeSlack(clock=lambda: now[0]) as fake:
        client = AsyncWebClient(token=fake.bot_token, base_url=fake.api_url)
        trigger = fake.issue_trigger(fake.world.alice)
        opened = await client.views_open(trigger_id=trigger, view=modal())
        assert fake.last_view()["id"] == opened["view"]["id"]
        assert fake.is_open(opened["view"]["id"])
        late = fake.issue_trigger(fake.world.alice)
        now[0] += 3.5
        for trigger_id, error in [
            (trigger, "exchanged_trigger_id"),
            (late, "expired_trigger_id"),
            ("123.456.abc", "invalid_trigger_id"),
        ]:
            with pytest.raises(SlackApiError) as refused:
                await client.views_open(trigger_id=trigger_id, view=modal())
            assert refused.value.response["error"] == error


@pytest.mark.parametrize(
    ("view", "pointer"),
    [
        (modal(title="t" * 25), "/view/title/text"),
        ({**modal(), "submit": {"type": "plain_text", "text": "s" * 25}}, "/view/submit/text"),
        (modal(blocks=[{"type": "divider"}] * 101), "/view/blocks"),
        (modal(blocks=[{"type": "input", "label": {"type": "plain_text", "text": "L"},
                        "element": {"type": "plain_text_input", "action_id": "a"}}]),
         "/view/submit"),
        ({**modal(), "private_metadata": "p" * 3001}, "/view/private_metadata"),
    ],
    ids=["title of 25", "submit of 25", "101 blocks", "input without submit", "metadata of 3001"],
)  # fmt: skip
async def test_views_over_a_limit_are_refused_with_the_reason(
    fake_slack: FakeSlack, slack_client: AsyncWebClient, view: dict[str, Any], pointer: str
) -> None:
    with pytest.raises(SlackApiError) as refused:
        await slack_client.views_open(
            trigger_id=fake_slack.issue_trigger(fake_slack.world.alice), view=view
        )
    answer = refused.value.response
    assert answer["error"] == "invalid_arguments"
    assert any(f"[json-pointer:{pointer}]" in m for m in answer["response_metadata"]["messages"])


async def test_modal_title_of_24_is_accepted(
    fake_slack: FakeSlack, slack_client: AsyncWebClient
) -> None:
    trigger = fake_slack.issue_trigger(fake_slack.world.alice)
    await slack_client.views_open(trigger_id=trigger, view=modal(title="t" * 24))
    assert fake_slack.last_view()["title"]["text"] == "t" * 24


async def test_view_stack_update_hash_and_home(
    fake_slack: FakeSlack, slack_client: AsyncWebClient
) -> None:
    alice = fake_slack.world.alice
    root = await slack_client.views_open(trigger_id=fake_slack.issue_trigger(alice), view=modal())
    for _ in range(2):
        await slack_client.views_push(trigger_id=fake_slack.issue_trigger(alice), view=modal())
    with pytest.raises(SlackApiError, match="push_limit_reached"):
        await slack_client.views_push(trigger_id=fake_slack.issue_trigger(alice), view=modal())
    view_id, old_hash = root["view"]["id"], root["view"]["hash"]
    await slack_client.views_update(view_id=view_id, view=modal("Updated"), hash=old_hash)
    assert fake_slack.view(view_id)["title"]["text"] == "Updated"
    with pytest.raises(SlackApiError, match="hash_conflict"):
        await slack_client.views_update(view_id=view_id, view=modal(), hash=old_hash)
    home = {"type": "home", "blocks": [SECTION]}
    published = await slack_client.views_publish(user_id=alice, view=home)
    assert fake_slack.last_view(alice)["id"] == published["view"]["id"]
    again = await slack_client.views_publish(user_id=alice, view=home)
    assert again["view"]["id"] == published["view"]["id"], "one Home tab per person"
