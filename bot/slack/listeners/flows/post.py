"""Where a message goes and how it gets there.

A :class:`Place` is a channel and, optionally, a thread. Everything the app says publicly
goes through :func:`post` (or :func:`update` for a message it already posted), which answers
where Slack put it (:class:`Posted`): a message posted to a person's user id (the Home
tab's answers) lands in the ``D…`` conversation Slack returns, and what follows it — a
chart, a file, a reply — goes there, since files.completeUploadExternal refuses a ``U…``
id (``channel_id`` must match ``^[CGDZ][A-Z0-9]{8,}$``: slackapi/bolt-js#2115). What only
one person should see goes through :func:`tell`, which uses the interaction's
``response_url`` when there is one (it works even where the bot is not a member), else
``chat.postEphemeral`` in the place, else a direct message (the Home tab has no channel).
"""

from __future__ import annotations

from dataclasses import dataclass

from slack_bolt.async_app import AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.views.kit import Message

__all__ = ["Place", "Posted", "post", "tell", "update"]


@dataclass(frozen=True)
class Place:
    """A channel, or a thread in it (``thread_ts`` is the thread's root)."""

    channel: str
    thread_ts: str | None = None


@dataclass(frozen=True)
class Posted:
    """A message the app posted: the conversation Slack put it in, its ts, its thread."""

    channel: str
    ts: str
    thread_ts: str | None = None

    @property
    def thread(self) -> Place:
        """The message's thread: the one it was posted in, or the one under it."""
        return Place(self.channel, self.thread_ts or self.ts)


async def post(client: AsyncWebClient, place: Place, message: Message) -> Posted:
    """Post ``message`` in ``place``; where Slack posted it."""
    response = await client.chat_postMessage(channel=place.channel, thread_ts=place.thread_ts,
                                             **message.to_dict())
    return Posted(str(response.get("channel") or place.channel), str(response["ts"]),
                  place.thread_ts)


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
