"""What a person is looking at when they act: the current message or view, and who they are.

A person sees the latest version of a message (after chat.update or replace_original), only
the ephemeral messages addressed to them, only channels they are in, and only their own
open views; acting on anything else raises :class:`DriverError`.
"""

from __future__ import annotations

from typing import Any

from . import elements as el
from . import payloads as p
from .elements import DriverError
from .server import FakeSlack


def look(
    fake: FakeSlack, target: dict[str, Any], user: str | None, default_user: str
) -> tuple[dict[str, Any], str]:
    """The current version of what the person looks at, and who that person is."""
    if target.get("type") in ("modal", "home") and str(target.get("id", "")).startswith("V"):
        owner = fake.store.view_users.get(target["id"])
        if owner is None or not fake.is_open(target["id"]):
            raise DriverError(f"view {target.get('id')} is not open")
        if user not in (None, owner):
            raise DriverError(f"view {target['id']} belongs to {owner}, not {user}")
        return fake.view(target["id"]), owner
    user = user or default_user
    if target.get("is_ephemeral"):
        current = next(
            (fake.store.snapshot(m) for m in fake.store.ephemerals if m["ts"] == target["ts"]),
            None,
        )
        if current is not None and current["user"] != user:
            raise DriverError(f"only {current['user']} sees this ephemeral message")
    else:
        current = fake.message(target["channel"], target["ts"])
        channel = fake.world.channels.get(target["channel"])
        if current is not None and channel is not None and user not in channel.members:
            raise DriverError(f"{user} is not in {channel.name} and cannot see this message")
    if current is None:
        raise DriverError(f"message {target.get('ts')} is no longer there")
    return current, user


def where(
    fake: FakeSlack, screen: dict[str, Any], user: str, values: dict[str, Any] | None
) -> dict[str, Any]:
    """The payload fields saying where the action happened: a view, or a message and its
    channel with a fresh ``response_url``."""
    if "id" in screen and screen.get("type") in ("modal", "home"):
        screen["state"] = el.view_state(screen, values)
        return p.view_fields(screen)
    fields = p.message_fields(fake.world, screen)
    fields["response_url"] = fake.response_url(
        user,
        screen["channel"],
        message_ts=screen["ts"],
        is_ephemeral=bool(screen.get("is_ephemeral")),
        thread_ts=screen.get("thread_ts"),
    )
    fields["state"] = {"values": {}}
    return fields
