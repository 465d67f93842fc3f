"""How any error reads to the person who caused it — in a sentence, never a stack trace.

Flows raise :class:`Refusal` for what a person asked that cannot be done ("no scenario
called …", "only its owner can delete it"), optionally naming the subcommand whose usage
to show, and saying whether the answer replaces the message whose button was pressed (a
question the refusal settles, such as a rename whose new name was taken meanwhile). The
one ``@app.error`` handler turns whatever reached it into a :class:`Problem`: refusals and
the errors storage and the engine raise for people's input are shown as they are (their
messages already name the field, the value and what is accepted); Slack's "not in this
channel" becomes what to do about it; anything else is a short apology with a
reference that finds the logged traceback.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import ValidationError
from slack_sdk.errors import SlackApiError

from bot.dialogue.parse import ParseError
from engine.errors import EngineError, describe_validation_error
from storage import DatabaseError, StorageError

__all__ = ["DATABASE_DOWN", "Problem", "Refusal", "describe"]

#: What a person is told while the database does not answer (their request did nothing).
DATABASE_DOWN = "ftroi cannot reach its database; nothing was lost — try again in a minute"


class Refusal(Exception):
    """Something a person asked that cannot be done; ``help_topic`` names a subcommand
    whose usage goes with the message; ``replace_original``: the answer takes the place of
    the ephemeral question whose button was pressed."""

    def __init__(self, message: str, *, help_topic: str | None = None,
                 replace_original: bool = False) -> None:
        super().__init__(message)
        self.help_topic = help_topic
        self.replace_original = replace_original


@dataclass(frozen=True)
class Problem:
    """What to tell the person, and whether it was expected (logged without a trace)."""

    text: str
    help_topic: str | None = None
    expected: bool = True
    replace_original: bool = False


_NOT_HERE = ("I can't post in this channel. Invite me with `/invite @ftroi` (or use a "
             "channel I am in), then try again.")
#: A direct message between people: no app can be invited there.
_NOT_IN_DMS = ("I can't post in a direct message between people. Run `/ftroi` in a channel I "
               "am in, or open my Home tab (my answers from there come in my Messages tab).")
_NOT_POSTABLE = ("not_in_channel", "channel_not_found")
_SLACK: dict[str, str] = {
    "not_in_channel": _NOT_HERE,
    "channel_not_found": _NOT_HERE,
    "is_archived": "This channel is archived, so nothing can be posted in it.",
    "expired_trigger_id": "Slack took too long to open the form; press the button again.",
    "missing_scope": "ftroi is missing a permission for this; ask whoever installed it to "
                     "reinstall it from its app page.",
}


def describe(error: BaseException, *, reference: str, channel: str | None = None) -> Problem:
    """The person's view of ``error``; ``reference`` ties an unexpected one to the log;
    ``channel`` is where it happened (a D… direct message cannot take an invite)."""
    if isinstance(error, Refusal):
        return Problem(str(error), error.help_topic,
                       replace_original=error.replace_original)
    if isinstance(error, ValidationError):
        return Problem("; ".join(describe_validation_error(error)))
    if isinstance(error, DatabaseError):
        return Problem(f"{DATABASE_DOWN} (reference {reference}).", expected=False)
    if isinstance(error, StorageError | EngineError | ParseError):
        return Problem(str(error))
    if isinstance(error, SlackApiError):
        code = str(error.response.get("error", ""))
        if code in _NOT_POSTABLE and channel is not None and channel.startswith("D"):
            return Problem(_NOT_IN_DMS)
        if code in _SLACK:
            return Problem(_SLACK[code])
    return Problem("Something went wrong on ftroi's side, and nothing was changed. Try "
                   f"again; if it keeps happening, tell whoever runs ftroi (reference "
                   f"{reference}).", expected=False)
