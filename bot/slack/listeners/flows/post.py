"""Where a message goes and how it gets there.

A :class:`Place` is a channel and, optionally, a thread. Everything the app says publicly
goes through :func:`post` (or :func:`update` for a message it already posted); what only
one person should see goes through :func:`tell`, which uses the interaction's
``response_url`` when there is one (it works even where the bot is not a member), else
``chat.postEphemeral`` in the place, else a direct message (the Home tab has no channel).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from slack_bolt.async_app import AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.views.kit import Message

__all__ = ["Place", "post", "reply_place", "tell", "update"]


@dataclass(frozen=True)
class Place:
    """A channel, or a thread in it (``thread_ts`` is the thread's root)."""

    channel: str
    thread_ts: str | None = None

    def thread(self, ts: str) -> Place:
        """The thread of the message ``ts`` posted here (this thread, if already in one)."""
        return Place(self.channel, self.thread_ts or ts)


def reply_place(message: dict[str, Any], channel: str) -> Place:
    """The thread a reply to ``message`` belongs in: its own thread, or one under it."""
    return Place(channel, message.get("thread_ts") or message.get("ts"))


async def post(client: AsyncWebClient, place: Place, message: Message) -> str:
    """Post ``message`` in ``place``; the new message's ts."""
    response = await client.chat_postMessage(channel=place.channel, thread_ts=place.thread_ts,
                                             **message.to_dict())
    return str(response["ts"])


async def update(client: AsyncWebClient, channel: str, ts: str, message: Message) -> None:
    """Replace a message the app posted."""
    await client.chat_update(channel=channel, ts=ts, **message.to_dict())


class ResponseUrlError(RuntimeError):
    """Slack refused a post to a response_url (it answers with a status, not an error)."""


async def tell(client: AsyncWebClient, message: Message, *, user: str,
               place: Place | None = None, respond: AsyncRespond | None = None,
               replace_original: bool = False) -> None:
    """Show ``message`` to ``user`` only."""
    if respond is not None and respond.response_url:
        answer = await respond(**message.to_dict(), response_type="ephemeral",
                               replace_original=replace_original or None)
        if answer.status_code != 200:
            raise ResponseUrlError(f"response_url answered {answer.status_code}: {answer.body}")
        return
    if place is not None:
        await client.chat_postEphemeral(channel=place.channel, user=user,
                                        thread_ts=place.thread_ts, **message.to_dict())
        return
    await client.chat_postMessage(channel=user, **message.to_dict())
