"""What reaches the app from Slack, and what it sends back, when delivery goes wrong.

Forged or stale requests are refused by Bolt (401) before anything happens — no call at
the fake, no row in the database; a request replayed inside the five minutes and an event
Slack retries are acknowledged and not acted on twice; a rate-limited post is retried
after its Retry-After and posted once.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest
from slack_support import SlackUnderTest, run_intake, texts

from bot.slack import ids
from storage.bootstrap import sqlite_path

TABLES = ("scenarios", "scenario_versions", "conversations", "idempotency_keys")


def rows(slack: SlackUnderTest) -> dict[str, int]:
    with sqlite3.connect(Path(sqlite_path(slack.database_url))) as db:
        return {t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}


@pytest.mark.parametrize("how", [{"signature": "wrong"}, {"signature": "missing"},
                                 {"age": 301}], ids=["wrong", "missing", "old"])
async def test_a_forged_or_stale_request_is_refused_without_effect(
        slack: SlackUnderTest, how: dict[str, object]) -> None:
    before = rows(slack)
    reply = await slack.command("new Forged", **how)
    assert reply.status == 401
    event = await slack.driver.say("what if gpu h100", thread_ts="1700000000.000100", **how)
    assert event.status == 401
    await slack.settle()
    assert slack.fake.calls() == [] and slack.fake.responses() == []
    assert rows(slack) == before == {t: 0 for t in TABLES}


async def test_a_replayed_command_has_no_second_effect(slack: SlackUnderTest) -> None:
    first = await slack.command("new Once")
    again = await slack.driver.replay(first)
    await slack.settle()
    assert again.status == 200
    roots = [m for m in slack.channel() if "New fine-tuning ROI scenario" in m["text"]]
    assert len(roots) == 1 and len(slack.steps(roots[0]["ts"])) == 1


async def test_a_replayed_click_has_no_second_effect(slack: SlackUnderTest) -> None:
    await slack.command("new Once")
    (root,) = slack.channel()
    click = await slack.click(slack.steps(root["ts"])[-1], action_id=ids.INTAKE_NEXT)
    again = await slack.driver.replay(click)
    await slack.settle()
    assert again.status == 200 and len(slack.steps(root["ts"])) == 2
    assert slack.ephemerals() == []  # not even a "that button is old" note


async def test_a_retried_event_is_processed_once(slack: SlackUnderTest) -> None:
    root = await run_intake(slack, "new Support bot")
    ask = await slack.say("what if gpu h100", thread_ts=root["ts"], user=slack.world.bob)
    assert len(slack.cards(thread_ts=root["ts"])) == 2
    for num in (1, 2, 3):
        retried = await slack.driver.retry(ask, num=num)
        assert retried.status == 200
    await slack.settle()
    assert len(slack.cards(thread_ts=root["ts"])) == 2
    page = await slack.store.run(lambda s: s.list_scenarios(slack.world.team_id))
    assert len(page.items) == 2


async def test_a_rate_limited_post_is_retried_after_retry_after(slack: SlackUnderTest
                                                                 ) -> None:
    await run_intake(slack, "new Support bot")
    slack.fake.fail_next("chat.postMessage", status=429, retry_after=1)
    await slack.command("show Support bot")
    posts = slack.fake.calls("chat.postMessage")[-2:]
    assert [p.status for p in posts] == [429, 200]
    assert posts[1].at - posts[0].at >= 1.0
    cards = slack.cards()
    assert len(cards) == 1 and "Support bot" in texts(cards[0])


async def test_url_verification_answers_the_challenge(slack: SlackUnderTest) -> None:
    reply = await slack.driver.url_verification("c-123")
    assert reply.status == 200 and reply.json() == {"challenge": "c-123"}


async def test_slack_gets_its_answer_within_three_seconds(slack: SlackUnderTest) -> None:
    # The analysis, chart and uploads of /ftroi show happen after the ack.
    await run_intake(slack, "new Support bot")
    started = time.monotonic()
    reply = await slack.driver.command("show Support bot")
    assert reply.status == 200 and time.monotonic() - started < 1.0
    await slack.settle()
    assert slack.cards()
