"""An intake started from a message that already holds the numbers ("we do 200k requests a
day on gpt-4o, 600 in and 200 out; thinking of a 7b lora on an a10g").

The message is cut into clauses; each clause is read by the first step whose parser reads
it whole (in the steps' order, so "600 in" is input tokens, not an API price), and a clause
no step reads whole is cut again before "on", "with" and "using" ("200k requests a day |
gpt-4o"), its lead-in words ("we do", "thinking of") set aside. Nothing is taken yet:
every value understood is echoed for the person to confirm (the intake's usual Use these /
Retype), and every piece not understood is quoted — nothing is guessed silently.

>>> from datetime import date
>>> reading = read_message("We do 200k requests a day on gpt-4o, 600 in and 200 out. "
...                        "Thinking of a 7b LoRA on an A10G.")
>>> reading.values["workload.requests_per_day"], reading.values["api.model"]
(200000.0, 'gpt-4o')
>>> reading.values["workload.avg_input_tokens_per_request"], reading.values["model.gpu"]
(600.0, 'a10g')
>>> reading.unread
()
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from bot.dialogue.answers import checked_pending
from bot.dialogue.parse import Parsed, parse_step_answer
from bot.dialogue.parse.clauses import split_clauses
from bot.dialogue.parse.text import MAX_CHARS, ParseError, quote
from bot.dialogue.prompt import prompt
from bot.dialogue.replies import Reply
from bot.dialogue.state import DialogueState
from bot.dialogue.steps import STEPS

__all__ = ["MessageReading", "prefill", "read_message"]

#: How much of a message is read (a pasted document is not an answer).
MESSAGE_CHARS = 4_000
_CUT = re.compile(r"\s+(?=(?:on|with|using)\s)", re.IGNORECASE)
_LEAD = re.compile(r"^(?:(?:we|we're|we are|we'd|i|i'm|maybe|roughly|about|around|"
                   r"thinking of|considering|planning|plan|do|use|using|on|with|at|an?|"
                   r"the|of)\s+)+", re.IGNORECASE)


@dataclass(frozen=True)
class MessageReading:
    """What a message gives: values by dotted path, echo lines, what was not understood."""

    values: dict[str, object]
    echo: tuple[str, ...]
    unread: tuple[str, ...]


def _whole(clause: str) -> Parsed | None:
    """The first step's reading of ``clause`` that leaves nothing unread, if any."""
    if not clause or len(clause) > MAX_CHARS:
        return None
    for step in STEPS:
        try:
            parsed = parse_step_answer(clause, step.fields)
        except (ParseError, ValueError):
            continue
        if parsed.complete:
            return parsed
    return None


def _readings(clause: str) -> tuple[list[Parsed], list[str]]:
    """``clause`` read whole, or its pieces before on/with/using, each without lead-in."""
    whole = _whole(clause) or _whole(_LEAD.sub("", clause))
    if whole is not None:
        return [whole], []
    read, unread = [], []
    for piece in _CUT.split(clause):
        found = _whole(piece) or _whole(_LEAD.sub("", piece))
        if found is not None:
            read.append(found)
        elif piece.strip():
            unread.append(piece.strip())
    return read, unread


def read_message(text: str) -> MessageReading:
    """Every value of the intake that ``text`` gives, with its echo, and the rest quoted."""
    values: dict[str, object] = {}
    echo: list[str] = []
    unread: list[str] = []
    for clause in split_clauses(text[:MESSAGE_CHARS]):
        read, missed = _readings(clause)
        for parsed in read:
            values.update(parsed.values)
            echo += [line for line in parsed.echo if line not in echo]
        unread += missed
    return MessageReading(values, tuple(echo), tuple(f"not understood: {quote(u)}"
                                                     for u in unread))


def prefill(state: DialogueState, text: str, today: date) -> tuple[DialogueState, Reply]:
    """The first step of a new intake, with ``text``'s values awaiting confirmation."""
    reading = read_message(text)
    if not reading.values:
        return state, prompt(state, today, errors=(
            "Nothing in that message reads as an answer to the intake; answer the steps "
            "below (or type them in this thread).", *reading.unread[:3]))
    return checked_pending(state, text[:MAX_CHARS], reading.values, reading.echo,
                           reading.unread, today)
