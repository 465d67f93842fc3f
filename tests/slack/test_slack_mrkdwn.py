"""People's words in text Slack parses as mrkdwn never become mentions or links.

A scenario may be named ``<!channel>`` (storage accepts any visible characters). Every
message that shows such a name — its blocks, its top-level ``text`` (the notification
and screen-reader fallback) and an Export's ``initial_comment`` — is read by the fake as
Slack reads it (tests/fakeslack/mentions.py); none may notify the channel.
"""

from __future__ import annotations

from datetime import timedelta

from slack_support import START, TODAY, SlackUnderTest, texts

from bot.slack import ids
from engine.models import Scenario
from storage import ScenarioRecord

BASE = Scenario().with_value("api.priced_at", TODAY)
LOUD = ("<!channel>", "R&D <!here|here> <@U0BOB000001>")


async def seed(slack: SlackUnderTest, name: str, minutes: int) -> ScenarioRecord:
    made: ScenarioRecord = await slack.store.run(lambda s: s.create_scenario(
        slack.world.team_id, owner_id=slack.world.alice, name=name, inputs=BASE,
        now=START - timedelta(hours=1) + timedelta(minutes=minutes)))
    return made


async def test_a_scenario_named_like_a_mention_pings_nobody(slack: SlackUnderTest) -> None:
    loud, other = [await seed(slack, name, i) for i, name in enumerate(LOUD)]
    await slack.command(f"show {loud.id}")
    (card,) = slack.cards()
    assert card["text"].startswith("&lt;!channel&gt;: ")
    await slack.click(card, action_id=ids.CARD_EXPORT)
    await slack.click(card, action_id=ids.CARD_DETAILS)
    await slack.command(f"compare {loud.id} {other.id}")
    await slack.command(f"delete {loud.id}")
    await slack.command("list")
    await slack.driver.open_home()
    await slack.settle()
    (export,) = [u for u in slack.fake.uploads() if u.filename.endswith(".json")]
    assert export.initial_comment is not None
    assert export.initial_comment.startswith("Export of &lt;!channel&gt; (version 1")
    assert "&lt;!channel&gt;" in texts(slack.ephemerals()[-1])
    assert slack.fake.broadcasts() == []
    # The names are still shown as typed: escaped in the JSON, not removed.
    assert "R&amp;D &lt;!here|here&gt;" in "\n".join(m["text"] for m in slack.channel())
