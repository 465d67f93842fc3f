"""Help (every subcommand with an example, or one in full) and ephemeral errors."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from views_support import mrkdwn_texts, names, recount

from bot.slack.views.checks import check_blocks
from bot.slack.views.errors import error_blocks
from bot.slack.views.help import SUBCOMMANDS, help_blocks
from bot.slack.views.kit import Message


def valid(message: Message) -> dict[str, Any]:
    payload = message.to_dict()
    assert message.text.strip()
    assert check_blocks(payload["blocks"], surface="message") == []
    assert recount(payload["blocks"]) == []
    return payload


def test_every_subcommand_with_an_example() -> None:
    text = "\n".join(mrkdwn_texts(valid(help_blocks())["blocks"]))
    # PRODUCT.md §2's subcommands, in its order
    assert list(SUBCOMMANDS) == ["new", "list", "show", "compare", "whatif", "delete",
                                 "rename", "prices", "help"]
    for name, c in SUBCOMMANDS.items():
        assert f"/ftroi {name}" in c.usage and c.examples
        assert all(e.startswith("/ftroi") for e in c.examples)
        assert f"`{c.examples[0]}`" in text


@pytest.mark.parametrize("topic", [*SUBCOMMANDS, "WHATIF", " /ftroi whatif "])
def test_one_subcommand_in_full(topic: str) -> None:
    payload = valid(help_blocks(topic))
    key = topic.strip().lower().removeprefix("/ftroi ")
    assert payload["blocks"][0]["text"]["text"] == SUBCOMMANDS[key].usage
    if key == "whatif":
        assert any("volume x2" in t and "review rate 3%" in t
                   for t in mrkdwn_texts(payload["blocks"]))


def test_an_unknown_topic_gets_everything_and_says_so() -> None:
    payload = valid(help_blocks("<frobnicate>"))
    texts = mrkdwn_texts(payload["blocks"])
    assert any("no subcommand “&lt;frobnicate&gt;”" in t for t in texts)
    assert sum("`/ftroi" in t for t in texts) >= len(SUBCOMMANDS)


def test_an_error_never_shows_a_trace() -> None:
    message = ("could not save\nTraceback (most recent call last):\n  File \"bot/x.py\", "
               "line 3, in f\n    raise ValueError('bad <input>')\nValueError: bad <input>")
    payload = valid(error_blocks(message, help_topic="whatif"))
    text = payload["blocks"][0]["text"]["text"]
    assert text == ":warning: could not save ValueError: bad &lt;input&gt;"
    assert "File" not in "".join(mrkdwn_texts(payload["blocks"]))
    usage = payload["blocks"][1]["elements"][0]["text"]
    assert usage.startswith("Usage: `/ftroi whatif &lt;name&gt; &lt;change…&gt;`")


@given(names)
def test_any_error_message_fits(message: str) -> None:
    payload = valid(error_blocks(message * 50, help_topic="compare"))
    assert payload["blocks"][0]["text"]["text"].startswith(":warning: ")


def test_an_empty_error_still_says_something() -> None:
    assert "nothing was changed" in valid(error_blocks("  "))["blocks"][0]["text"]["text"]
