"""The requests Slack sends an app, shaped as its documentation shows them.

docs.slack.dev: interactivity/implementing-slash-commands (the form fields),
reference/interaction-payloads/block_actions-payload, view-interactions-payload
(view_submission, view_closed), block_suggestion-payload, and reference/events
(the ``event_callback`` envelope, ``message``, ``app_home_opened``).
"""

from __future__ import annotations

import uuid
from typing import Any

from .api import public
from .world import Workspace


def user_obj(world: Workspace, user: str) -> dict[str, Any]:
    name = world.user_name(user)
    return {"id": user, "username": name, "name": name, "team_id": world.team_id}


def team_obj(world: Workspace) -> dict[str, Any]:
    return {"id": world.team_id, "domain": world.domain}


def slash_command(
    world: Workspace,
    *,
    command: str,
    text: str,
    user: str,
    channel: str,
    trigger_id: str,
    response_url: str,
) -> dict[str, str]:
    return {
        "token": world.verification_token,
        "team_id": world.team_id,
        "team_domain": world.domain,
        "channel_id": channel,
        "channel_name": world.channels[channel].name if channel in world.channels else channel,
        "user_id": user,
        "user_name": world.user_name(user),
        "command": command,
        "text": text,
        "api_app_id": world.app_id,
        "is_enterprise_install": "false",
        "response_url": response_url,
        "trigger_id": trigger_id,
    }


def interaction(world: Workspace, kind: str, user: str, **fields: Any) -> dict[str, Any]:
    """The envelope every interactivity payload shares, around its own ``fields``."""
    return {
        "type": kind,
        "user": user_obj(world, user),
        "api_app_id": world.app_id,
        "token": world.verification_token,
        "team": team_obj(world),
        "enterprise": None,
        "is_enterprise_install": False,
        **fields,
    }


def message_container(message: dict[str, Any]) -> dict[str, Any]:
    container = {
        "type": "message",
        "message_ts": message["ts"],
        "channel_id": message["channel"],
        "is_ephemeral": bool(message.get("is_ephemeral")),
    }
    if message.get("thread_ts"):
        container["thread_ts"] = message["thread_ts"]
    return container


def message_fields(world: Workspace, message: dict[str, Any]) -> dict[str, Any]:
    """``container``, ``channel`` and (for a message everyone sees) ``message`` itself."""
    channel = world.channels.get(message["channel"])
    fields: dict[str, Any] = {
        "container": message_container(message),
        "channel": {"id": message["channel"], "name": channel.name if channel else ""},
    }
    if not message.get("is_ephemeral"):
        fields["message"] = public(message)
    return fields


def view_fields(view: dict[str, Any]) -> dict[str, Any]:
    return {"container": {"type": "view", "view_id": view["id"]}, "view": view}


def event_callback(
    world: Workspace, event: dict[str, Any], *, event_id: str, event_time: int
) -> dict[str, Any]:
    return {
        "token": world.verification_token,
        "team_id": world.team_id,
        "context_team_id": world.team_id,
        "api_app_id": world.app_id,
        "event": event,
        "type": "event_callback",
        "event_id": event_id,
        "event_time": event_time,
        "authorizations": [
            {
                "enterprise_id": None,
                "team_id": world.team_id,
                "user_id": world.bot_user_id,
                "is_bot": True,
                "is_enterprise_install": False,
            }
        ],
        "is_ext_shared_channel": False,
        "event_context": f"4-{event_id}",
    }


def message_event(
    world: Workspace, message: dict[str, Any], parent_user: str | None
) -> dict[str, Any]:
    """reference/events/message: a message as stored (its ``text`` escaped with tokens, its
    rich_text block as typed), and for a reply the thread's ``parent_user_id``; a reply
    also sent to the channel (``thread_broadcast``) carries its thread's ``root``."""
    channel = world.channels.get(message["channel"])
    event = {
        **public(message),
        "channel": message["channel"],
        "event_ts": message["ts"],
        "channel_type": channel.type if channel else "channel",
    }
    if "bot_id" not in message:
        event["client_msg_id"] = str(uuid.uuid4())
    if message.get("thread_ts") and parent_user:
        event["parent_user_id"] = parent_user
    return event


def changed_event(
    world: Workspace, before: dict[str, Any], after: dict[str, Any]
) -> dict[str, Any]:
    """reference/events/message/message_changed: an edit, with the message as it is now
    and as it was, ``hidden: true``; the event itself has no ``user`` or ``text``."""
    channel = world.channels.get(after["channel"])
    return {
        "type": "message",
        "subtype": "message_changed",
        "hidden": True,
        "channel": after["channel"],
        "channel_type": channel.type if channel else "channel",
        "ts": after["edited"]["ts"],
        "event_ts": after["edited"]["ts"],
        "message": public(after),
        "previous_message": public(before),
    }


def app_home_opened(
    world: Workspace, user: str, event_ts: str, view: dict[str, Any] | None
) -> dict[str, Any]:
    event: dict[str, Any] = {
        "type": "app_home_opened",
        "user": user,
        "channel": world.dm_with(user).id,
        "tab": "home",
        "event_ts": event_ts,
    }
    if view is not None:
        event["view"] = view
    return event


def tokens_revoked(world: Workspace, *, bots: list[str], people: list[str],
                   event_ts: str) -> dict[str, Any]:
    """reference/events/tokens_revoked: the bot's and people's tokens Slack revoked."""
    return {"type": "tokens_revoked", "tokens": {"oauth": people, "bot": bots},
            "event_ts": event_ts}


def app_uninstalled(event_ts: str) -> dict[str, Any]:
    """reference/events/app_uninstalled: the workspace removed the app."""
    return {"type": "app_uninstalled", "event_ts": event_ts}


def message_action(world: Workspace, user: str, message: dict[str, Any], *, callback_id: str,
                   trigger_id: str, response_url: str, action_ts: str) -> dict[str, Any]:
    """reference/interaction-payloads/shortcuts: a message shortcut used on ``message``."""
    channel = world.channels.get(message["channel"])
    return interaction(
        world, "message_action", user, callback_id=callback_id, trigger_id=trigger_id,
        response_url=response_url, action_ts=action_ts, message_ts=message["ts"],
        channel={"id": message["channel"], "name": channel.name if channel else ""},
        message=public(message))
