"""What ftroi reads of each request Slack sends, as validated models: a signed request
that lacks a field ftroi reads, or has it of another type, is answered 400 and logged in
one INFO line — before anything acts on it (no KeyError traceback after the ack).

The shapes follow docs.slack.dev: interactivity/implementing-slash-commands (the form
fields), reference/interaction-payloads (block_actions, view_submission, view_closed,
block_suggestion, message_action) and reference/events (the event_callback envelope,
message, app_home_opened, tokens_revoked, app_uninstalled). Only the fields ftroi uses are
declared; the rest is kept (``extra="allow"``) and never read.

Two layers: :func:`problem` holds every request to the shape of its kind before Bolt reads
it (:class:`bot.slack.access.LoggedApp`: Bolt builds its listeners' arguments from these
fields, and fails on some); each listener's handler then declares the model it needs (a
card's button needs the ``message`` it is on), checked before its ack
(:mod:`bot.slack.listeners.run`).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

__all__ = [
    "Action",
    "AppHomeOpened",
    "BlockActions",
    "BlockSuggestion",
    "CardClick",
    "Command",
    "EventCallback",
    "Malformed",
    "MessageAction",
    "MessageClick",
    "MessageEvent",
    "Payload",
    "SharedFile",
    "ViewSubmission",
    "problem",
]

class Payload(BaseModel):
    model_config = ConfigDict(extra="allow", frozen=True)


class Malformed(ValueError):
    """A signed request without what ftroi reads of it: answered 400, nothing done."""


class Who(Payload):
    id: str = Field(min_length=1)
    #: The person's username, in interaction payloads (not in events).
    username: str | None = None


class Team(Payload):
    id: str | None = None


class Option(Payload):
    value: str


class Action(Payload):
    action_id: str = Field(min_length=1)
    block_id: str | None = None
    value: str | None = None
    selected_option: Option | None = None

    @property
    def carried(self) -> str:
        """What the action carries: a button's value, or the option chosen."""
        if self.selected_option is not None:
            return self.selected_option.value
        return self.value or ""


class Container(Payload):
    type: str
    channel_id: str | None = None
    message_ts: str | None = None
    thread_ts: str | None = None
    view_id: str | None = None


class Conversation(Payload):
    id: str = Field(min_length=1)


class Message(Payload):
    ts: str = Field(min_length=1)
    thread_ts: str | None = None
    text: str = ""


class ViewState(Payload):
    values: dict[str, dict[str, dict[str, Any]]] = Field(default_factory=dict)


class View(Payload):
    id: str | None = None
    type: str | None = None
    callback_id: str = ""
    private_metadata: str = ""
    state: ViewState = Field(default_factory=ViewState)


class Command(Payload):
    """A slash command's form."""

    command: str = Field(min_length=1)
    text: str = ""
    team_id: str = Field(min_length=1)
    user_id: str = Field(min_length=1)
    channel_id: str = Field(min_length=1)
    trigger_id: str = Field(min_length=1)
    response_url: str = ""


class BlockActions(Payload):
    """A click (or a pick) on a message, an ephemeral message, a modal or the Home tab."""

    type: Literal["block_actions"]
    user: Who
    team: Team | None = None
    trigger_id: str = Field(min_length=1)
    actions: list[Action] = Field(min_length=1)
    container: Container
    channel: Conversation | None = None
    message: Message | None = None
    view: View | None = None
    response_url: str | None = None

    @property
    def action(self) -> Action:
        return self.actions[0]

    @property
    def on_home(self) -> bool:
        return self.container.type == "view" and (self.view is None or self.view.type == "home")

    @property
    def channel_id(self) -> str | None:
        return self.channel.id if self.channel else self.container.channel_id


class MessageClick(BlockActions):
    """A click on a message in a channel (or on an ephemeral one), whose channel is known."""

    channel: Conversation


class CardClick(MessageClick):
    """A click on a message everyone sees (a card, an intake step): the message is there."""

    message: Message


class ViewSubmission(Payload):
    type: Literal["view_submission", "view_closed"]
    user: Who
    view: View
    trigger_id: str | None = None


class BlockSuggestion(Payload):
    type: Literal["block_suggestion"]
    user: Who
    action_id: str = ""
    value: str = ""
    view: View | None = None


class MessageAction(Payload):
    """A message shortcut: the message it was used on, and where."""

    type: Literal["message_action"]
    callback_id: str = Field(min_length=1)
    trigger_id: str = Field(min_length=1)
    user: Who
    channel: Conversation
    message: Message
    response_url: str = ""


class Event(Payload):
    type: str = Field(min_length=1)


class SharedFile(Payload):
    """A file a message shares (reference/objects/file-object): what ftroi reads of it."""

    id: str = Field(min_length=1)
    name: str = ""
    mimetype: str = ""
    filetype: str = ""
    size: int = Field(default=0, ge=0)
    url_private_download: str | None = None


class MessageEvent(Event):
    type: Literal["message"]
    subtype: str | None = None
    channel: str = Field(min_length=1)
    user: str | None = None
    bot_id: str | None = None
    text: str = ""
    ts: str = Field(min_length=1)
    thread_ts: str | None = None
    #: With ``subtype: file_share``: the files shared.
    files: list[SharedFile] = Field(default_factory=list)


class AppHomeOpened(Event):
    type: Literal["app_home_opened"]
    user: str = Field(min_length=1)
    tab: str = "home"


class EventCallback(Payload):
    type: Literal["event_callback"]
    team_id: str | None = None
    event: Event


#: The model each kind of request must match (by ``type``, or a slash command's form).
_SHAPES: dict[str, type[Payload]] = {
    "block_actions": BlockActions, "view_submission": ViewSubmission,
    "view_closed": ViewSubmission, "block_suggestion": BlockSuggestion,
    "message_action": MessageAction, "event_callback": EventCallback,
}
_EVENTS: dict[str, type[Event]] = {"message": MessageEvent, "app_home_opened": AppHomeOpened}


def problem(body: dict[str, Any]) -> str | None:
    """Why ``body`` is not a request of its kind as ftroi reads it (None when it is)."""
    try:
        if "command" in body:
            Command.model_validate(body)
        elif body.get("type") in _SHAPES:
            _SHAPES[str(body["type"])].model_validate(body)
            event = body.get("event") or {}
            if body["type"] == "event_callback" and event.get("type") in _EVENTS:
                _EVENTS[str(event["type"])].model_validate(event)
    except ValidationError as e:
        return "; ".join(f"{'.'.join(map(str, err['loc'])) or 'body'}: {err['msg']}"
                         for err in e.errors()[:3])
    return None
