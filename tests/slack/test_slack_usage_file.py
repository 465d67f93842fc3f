"""A usage export dropped into an intake's thread (``subtype: file_share``): ftroi downloads
it with the bot token, reads it with bot.usage and answers in the thread with what it read,
for Use these / Retype / Edit…; a file that is not a usage export, too large, unreadable,
or that Slack does not hand over is refused to its sharer with the reader's message, and
nothing is applied.

The fake serves the file at its ``url_private_download`` only to ``Authorization: Bearer``
with a token bearing files:read, and its sign-in page (HTML) to anything else
(docs.slack.dev/reference/objects/file-object; Slack staff in slackapi/bolt-js#2585:
"When accessing the url_private_download URL, you need to also pass in your authorization
header"). Oracle: the exports are made for the test (``usage_exports``): 28 days of exactly
20,000 requests of 800 input and 200 output tokens on gpt-4o-mini, so every value read is
known in advance.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from slack_support import SlackUnderTest, buttons, texts
from usage_exports import DAYS, FIRST_DAY, anthropic_report, openai_export

from bot.slack import ids
from bot.slack.limits import SHARED_FILE_BYTES
from bot.slack.views.kit import md
from bot.usage import UsageFileError, measure
from bot.usage.providers import OPENAI
from storage import ConversationKey


async def start_intake(slack: SlackUnderTest) -> dict[str, Any]:
    await slack.command("new Support bot")
    (root,) = slack.channel()
    return root


async def share(slack: SlackUnderTest, root: dict[str, Any], data: bytes, *,
                name: str = "usage-december.json", mimetype: str = "application/json",
                **how: Any) -> None:
    await slack.driver.share_file("our usage for December", thread_ts=root["ts"], name=name,
                                  data=data, mimetype=mimetype, **how)
    await slack.settle()


async def draft(slack: SlackUnderTest, root: dict[str, Any]) -> dict[str, Any]:
    key = ConversationKey(team_id=slack.world.team_id, channel_id=slack.world.general,
                          thread_ts=root["ts"], user_id=slack.world.alice)
    conversation = await slack.store.load_conversation(key)
    assert conversation is not None
    found: dict[str, Any] = conversation.state["draft"]
    return found


async def test_a_usage_export_shared_in_the_thread_is_read_and_offered_to_confirm(
        slack: SlackUnderTest) -> None:
    root = await start_intake(slack)
    steps_before = len(slack.steps(root["ts"]))
    await share(slack, root, openai_export())
    (download,) = slack.fake.downloads()
    assert (download.token, download.served) == (slack.world.bot_token, True)
    step = slack.steps(root["ts"])[-1]
    assert len(slack.steps(root["ts"])) == steps_before + 1  # a new message, below the file
    shown = texts(step)
    last = FIRST_DAY + timedelta(days=DAYS - 1)
    for understood in ("I read this as:", "requests/day: 20,000", "input tokens/request: 800",
                       "output tokens/request: 200", "API model: gpt-4o-mini",
                       f"Read from usage-december.json ({OPENAI}), {FIRST_DAY} to {last}:",
                       "requests and tokens: mean of the 28 whole days"):
        assert md(understood) in shown, understood
    assert {ids.INTAKE_USE, ids.INTAKE_RETYPE, ids.INTAKE_EDIT} <= set(buttons(step))
    assert "workload.requests_per_day" not in await draft(slack, root)  # nothing taken yet

    await slack.click(step, action_id=ids.INTAKE_USE)
    taken = await draft(slack, root)
    assert (taken["workload.requests_per_day"], taken["workload.avg_input_tokens_per_request"],
            taken["workload.avg_output_tokens_per_request"], taken["api.model"]) == (
        20_000, 800, 200, "gpt-4o-mini")
    for _ in range(6):
        await slack.click(slack.steps(root["ts"])[-1], action_id=ids.INTAKE_NEXT)
        if slack.cards(thread_ts=root["ts"]):
            break
    assert slack.cards(thread_ts=root["ts"])
    record = await slack.record("Support bot")
    w = record.inputs.workload
    assert (w.requests_per_day, w.avg_input_tokens_per_request,
            w.avg_output_tokens_per_request, record.inputs.api.model) == (
        20_000, 800, 200, "gpt-4o-mini")
    assert slack.ephemerals() == []

    # The scenario keeps where its workload came from: the card's Details say so.
    measured = record.inputs.measured
    assert measured is not None and (measured.file, measured.format) == (
        "usage-december.json", OPENAI)
    (card,) = slack.cards(thread_ts=root["ts"])
    await slack.click(card, action_id=ids.CARD_DETAILS)
    details = " ".join(texts(m) for m in slack.thread(root["ts"])
                       if m["text"].startswith("Details of"))
    assert md(f"measured from usage-december.json, {FIRST_DAY} to {last}") in details
    assert md("Usage file") in details


async def refused(slack: SlackUnderTest, root: dict[str, Any]) -> str:
    """The one ephemeral answer, after which the intake is as it was."""
    (note,) = slack.ephemerals()
    assert note.get("thread_ts") == root["ts"]
    assert "workload.requests_per_day" not in await draft(slack, root)
    assert not any("I read this as" in texts(s) for s in slack.steps(root["ts"]))
    return texts(note)


async def test_a_file_that_is_not_a_usage_export_is_refused_without_downloading_it(
        slack: SlackUnderTest) -> None:
    root = await start_intake(slack)
    await share(slack, root, b"\x89PNG\r\n", name="chart.png", mimetype="image/png")
    said = await refused(slack, root)
    assert "chart.png (image/png) is not a usage export — expected an OpenAI Usage API page" \
        in said
    assert slack.fake.downloads() == []


async def test_a_file_over_the_cap_is_refused_saying_the_cap(slack: SlackUnderTest) -> None:
    root = await start_intake(slack)
    await share(slack, root, b"x" * (SHARED_FILE_BYTES + 1), name="usage.csv",
                mimetype="text/csv")
    said = await refused(slack, root)
    assert "usage.csv is 20.0 MB; ftroi reads usage exports of up to 20.0 MB" in said
    assert slack.fake.downloads() == []


async def test_an_unreadable_export_is_refused_with_the_readers_message(
        slack: SlackUnderTest, tmp_path: Path) -> None:
    root = await start_intake(slack)
    whole = openai_export()
    cut = whole[:whole.index(b"},", 500) + 2]  # a download cut short after a bucket
    await share(slack, root, cut, name="usage.json")
    said = await refused(slack, root)
    (tmp_path / "usage.json").write_bytes(cut)
    with pytest.raises(UsageFileError) as reader:  # the oracle: the reader's own refusal
        measure(tmp_path / "usage.json", now=datetime(2026, 1, 5, tzinfo=UTC))
    assert "the JSON ends before it is complete (is the file cut short?)" in str(reader.value)
    assert md(str(reader.value)) in said


async def test_usage_from_after_now_is_refused_by_the_reader(slack: SlackUnderTest) -> None:
    root = await start_intake(slack)
    late = b"date,requests,input_tokens,output_tokens\n2026-12-01,10,5000,2000\n"
    await share(slack, root, late, name="usage.csv", mimetype="text/csv")
    said = await refused(slack, root)
    assert "usage.csv: line 2: date 2026-12-01 is after now" in said


async def test_without_files_read_slack_sends_its_sign_in_page_and_ftroi_says_so(
        slack: SlackUnderTest) -> None:
    root = await start_intake(slack)
    slack.world.grants[slack.world.bot_token].scopes.discard("files:read")
    await share(slack, root, openai_export())
    said = await refused(slack, root)
    assert "Slack answered with its sign-in page instead of the file" in said
    assert "files:read" in said
    assert [d.served for d in slack.fake.downloads()] == [False]


async def test_a_file_shared_where_its_sharer_has_no_intake_is_left_alone(
        slack: SlackUnderTest) -> None:
    root = await start_intake(slack)
    await share(slack, root, openai_export(), user=slack.world.bob)
    assert slack.fake.downloads() == [] and slack.ephemerals(slack.world.bob) == []
    await slack.driver.share_file("@ftroi read this", thread_ts=root["ts"],
                                  name="usage.json", data=openai_export(),
                                  mimetype="application/json", user=slack.world.bob)
    await slack.settle()
    (note,) = slack.ephemerals(slack.world.bob)
    assert "share it in the thread of your intake" in texts(note)


async def test_an_export_without_request_counts_uses_the_requests_typed_in_the_intake(
        slack: SlackUnderTest) -> None:
    root = await start_intake(slack)
    await share(slack, root, anthropic_report(), name="anthropic.json")
    assert "counts tokens but no requests" in await refused(slack, root)
    await slack.say("20k requests a day", thread_ts=root["ts"])
    await slack.click(slack.steps(root["ts"])[-1], action_id=ids.INTAKE_USE)
    await share(slack, root, anthropic_report(), name="anthropic.json")
    shown = texts(slack.steps(root["ts"])[-1])
    # 16M input and 4M output tokens a day over the 20,000 requests typed.
    assert "input tokens/request: 800" in shown and "output tokens/request: 200" in shown
    assert "the requests come from the value you gave" in shown
    await slack.click(slack.steps(root["ts"])[-1], action_id=ids.INTAKE_USE)
    taken = await draft(slack, root)
    assert (taken["workload.requests_per_day"], taken["workload.avg_input_tokens_per_request"]
            ) == (20_000, 800)
