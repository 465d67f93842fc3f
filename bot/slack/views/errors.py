"""What the person who caused a problem sees (ephemerally): the problem in a sentence,
and, when it was a subcommand's arguments, how that subcommand is used. Never a stack
trace: should one reach this function, only its last line (the error itself) is shown.
"""

from __future__ import annotations

from slack_sdk.models.blocks import Block

from bot.slack.limits import SECTION_TEXT, mrkdwn_text
from bot.slack.views.help import SUBCOMMANDS, usage_lines
from bot.slack.views.kit import Message, context, fallback, section

__all__ = ["error_blocks", "without_trace"]

_TRACE = "Traceback (most recent call last):"


def without_trace(message: str) -> str:
    """``message`` without a Python traceback: the exception's own line is kept.

    >>> without_trace('Traceback (most recent call last):\\n  File "x.py"\\nValueError: no')
    'ValueError: no'
    """
    if _TRACE not in message:
        return message.strip()
    before, _, trace = message.partition(_TRACE)
    last = next((line for line in reversed(trace.splitlines()) if line.strip()
                 and not line.startswith(" ")), "")
    return " ".join(part for part in (before.strip(), last.strip()) if part)


def error_blocks(message: str, *, help_topic: str | None = None) -> Message:
    """An ephemeral error: ``message`` (plain words; escaped here) and, for ``help_topic``,
    the subcommand's usage with an example and where its full help is."""
    text = without_trace(message) or "Something went wrong, and nothing was changed."
    blocks: list[Block] = [section(f":warning: {mrkdwn_text(text, SECTION_TEXT - 20)}")]
    if help_topic in SUBCOMMANDS:
        blocks.append(context([usage_lines(help_topic),
                               f"`/ftroi help {help_topic}` explains it in full."]))
    return Message(text=fallback(text), blocks=tuple(blocks))
