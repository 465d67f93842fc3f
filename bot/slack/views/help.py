"""``/ftroi help [subcommand]``: every subcommand with an example, or one in full.

``help_blocks("whatif")`` is also what a subcommand shows, ephemerally, when its arguments
are not understood; :func:`usage_lines` gives its short form for an error message.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from bot.dialogue.parse import ACCEPTED_CHANGES
from bot.slack.limits import mrkdwn_text, one_line
from bot.slack.views.kit import Message, context, divider, fallback, header, md, section
from storage.rules import RECOVERY_PERIOD

__all__ = ["SUBCOMMANDS", "Subcommand", "help_blocks", "usage_lines"]


@dataclass(frozen=True)
class Subcommand:
    usage: str
    summary: str
    examples: tuple[str, ...]
    more: str = ""


SUBCOMMANDS: dict[str, Subcommand] = {
    "new": Subcommand(
        "/ftroi new [name]",
        "Start a guided scenario in a thread of this channel: a few short steps with "
        "defaults prefilled, then the result card in the thread.",
        ("/ftroi new support-bot", "/ftroi"),
        "Answer with the buttons, or type in the thread: `50k`, `2.5M tokens/day`, `$1.03/hr`, "
        "`2x a10g`, `7b qlora`, `3%`. Or drop a usage export (OpenAI, Anthropic, LiteLLM, or "
        "a CSV of date, requests, input_tokens, output_tokens) into the thread: ftroi reads "
        "it and offers what it measured, to confirm."),
    "list": Subcommand(
        "/ftroi list [mine|all] [search]",
        "The workspace's saved scenarios, newest first, each with Open, Compare and Fork. "
        "Only you see the list.",
        ("/ftroi list", "/ftroi list mine support")),
    "show": Subcommand(
        "/ftroi show <name|id>",
        "Post a scenario's result card in this channel.",
        ("/ftroi show support-bot",)),
    "compare": Subcommand(
        "/ftroi compare <a> <b> [c] [d]",
        "Two to four scenarios side by side in this channel, with the differences against "
        "the first; separate names with spaces, commas or quotes. (Slack runs slash commands "
        "in channels, not threads: a card's Compare with… answers in its thread.)",
        ("/ftroi compare support-bot support-bot-h100",)),
    "whatif": Subcommand(
        "/ftroi whatif <name> <change…>",
        "Fork a scenario with a change in plain words and post the result with what changed "
        "against the original. In a scenario's thread, just ask: “what if we use an H100 "
        "and 2x the volume?”",
        ("/ftroi whatif support-bot volume x2", "/ftroi whatif support-bot gpu h100, spot",
         "/ftroi whatif support-bot review rate 3%"),
        f"Changes it understands: {ACCEPTED_CHANGES}."),
    "delete": Subcommand(
        "/ftroi delete <name>",
        f"Delete a scenario you own; its versions stay recoverable for "
        f"{RECOVERY_PERIOD.days} days.",
        ("/ftroi delete support-bot-old",)),
    "rename": Subcommand(
        "/ftroi rename <old> [to] <new>",
        "Rename a scenario you own: ftroi asks “Rename … to …?” and renames when you "
        "press Rename. Names are unique in the workspace (ignoring case and extra spaces).",
        ("/ftroi rename support-bot support-bot-eu",
         '/ftroi rename "Support bot" to "Help desk EU"')),
    "prices": Subcommand(
        "/ftroi prices [model|gpu]",
        "The price catalogs in use, each price with its source and date; or one GPU's or "
        "one API model's.",
        ("/ftroi prices", "/ftroi prices h100", "/ftroi prices claude 3.5 sonnet")),
    "help": Subcommand(
        "/ftroi help [subcommand]",
        "This help, or one subcommand's in full.",
        ("/ftroi help whatif",)),
}

_TAGLINE = "Should we fine-tune our own model or keep paying the API? ftroi answers with numbers."


def _examples(c: Subcommand) -> str:
    return "  ".join(f"`{md(e)}`" for e in c.examples)


def usage_lines(topic: str) -> str:
    """The short form of one subcommand (usage and an example), as mrkdwn."""
    c = SUBCOMMANDS[topic]
    return f"Usage: `{md(c.usage)}`  e.g. `{md(c.examples[0])}`"


@functools.cache
def _one(topic: str) -> Message:
    c = SUBCOMMANDS[topic]
    blocks = [
        header(c.usage),
        section(md(c.summary)),
        section(f"*Examples*\n{_examples(c)}"),
    ]
    if c.more:
        blocks.append(section(md(c.more)))
    blocks.append(context(["`/ftroi help` lists every subcommand."]))
    return Message(text=fallback(f"{c.usage}: {c.summary}"), blocks=tuple(blocks))


def help_blocks(topic: str | None = None) -> Message:
    """Every subcommand with an example; with ``topic``, that subcommand in full. An
    unknown topic gets the full list, with a line saying so."""
    key = one_line(topic or "").lower().removeprefix("/ftroi ").strip()
    if key in SUBCOMMANDS:
        return _one(key)
    return _all(key) if key else _everything()


@functools.cache
def _everything() -> Message:
    # Built once: fifty people typing /ftroi help at once do not wait on one another.
    return _all("")


def _all(key: str) -> Message:
    blocks = [header("ftroi help"), section(md(_TAGLINE))]
    if key:
        blocks.append(context([f"There is no subcommand “{mrkdwn_text(key, 100)}”; "
                               "here are all of them."]))
    blocks.append(divider())
    blocks += [section(f"*`{md(c.usage)}`*\n{md(c.summary)}\n{_examples(c)}")
               for c in SUBCOMMANDS.values()]
    blocks.append(context(["In a scenario's thread, ask in plain words: “what if we use an "
                           "H100 and 2x the volume?” A card's Record decision… marks the "
                           "option chosen. The App Home tab lists your scenarios."]))
    return Message(text=fallback("ftroi: every subcommand, with an example"),
                   blocks=tuple(blocks))
