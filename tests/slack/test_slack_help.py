"""``/ftroi help``, an unknown subcommand and a bad argument: ephemeral, to the person who
typed it, with the subcommand's usage — and never a stack trace."""

from __future__ import annotations

import time

import pytest
from slack_support import SlackUnderTest, texts

from bot.slack.views.help import SUBCOMMANDS
from bot.slack.views.kit import md


async def test_help_lists_every_subcommand_with_an_example(slack: SlackUnderTest) -> None:
    reply = await slack.command("help")
    assert reply.status == 200 and reply.text == ""  # acknowledged at once, answered after
    (answer,) = slack.ephemerals()
    shown = texts(answer)
    for sub in SUBCOMMANDS.values():
        assert md(sub.usage) in shown and md(sub.examples[0]) in shown
    assert slack.channel() == []  # nothing public


async def test_help_for_one_subcommand(slack: SlackUnderTest) -> None:
    await slack.command("help whatif")
    (answer,) = slack.ephemerals()
    assert texts(answer).startswith(SUBCOMMANDS["whatif"].usage)  # a header: plain text


async def test_an_unknown_subcommand_gets_the_help_saying_so(slack: SlackUnderTest) -> None:
    await slack.command("frobnicate now")
    (answer,) = slack.ephemerals()
    assert "There is no subcommand “frobnicate”" in texts(answer)
    assert md(SUBCOMMANDS["compare"].usage) in texts(answer)


@pytest.mark.parametrize(("text", "says", "topic"), [
    ("show", "Say which scenario to show", "show"),
    ("show no such thing", "There is no scenario called “no such thing”", "show"),
    ("compare", "Say which two to four scenarios", "compare"),
    ("whatif", "Say which scenario to fork", "whatif"),
    ("delete nothing-here", "There is no scenario called “nothing-here”", "delete"),
    ("rename", "Say which scenario to rename", "rename"),
    ("prices no-such-gpu-or-model", "is neither a GPU nor an API model", "prices"),
])
async def test_a_bad_argument_answers_with_that_subcommands_usage(
        slack: SlackUnderTest, text: str, says: str, topic: str) -> None:
    await slack.command(text)
    (answer,) = slack.ephemerals()
    shown = texts(answer)
    assert says in shown
    assert f"`/ftroi help {topic}` explains it in full." in shown
    assert "Traceback" not in shown and slack.channel() == []


async def test_prices_are_ephemeral_with_sources(slack: SlackUnderTest) -> None:
    await slack.command("prices h100")
    answers = slack.ephemerals()
    assert answers and "H100" in texts(answers[0])
    await slack.command("prices")
    assert len(slack.ephemerals()) > len(answers)


async def test_a_refusal_is_acknowledged_at_once(slack: SlackUnderTest) -> None:
    # The refusal is raised right after the ack; Slack must still get its 200 at once
    # (not after Bolt's three-second ack timeout: see bot.slack.listeners.ack).
    started = time.monotonic()
    reply = await slack.driver.command("show")
    assert reply.status == 200 and time.monotonic() - started < 1.0
    await slack.settle()
    assert "Say which scenario to show" in texts(slack.ephemerals()[0])
