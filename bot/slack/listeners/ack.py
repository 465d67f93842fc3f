"""Acknowledge, and do nothing else until Slack has every answer it is waiting for.

Bolt's ``AsyncApp`` (``process_before_response=False``) runs a listener as a task and polls
every 10 ms until ``ack()`` has been called, then answers Slack. If the listener raises
*before that poll*, Bolt's runner resets the acknowledgement it already had (1.30:
``ack.response = response`` in ``run_ack_function_asynchronously``), and the HTTP answer
waits for the three-second ack timeout — so a ``/ftroi show`` of a name that does not exist
would reach Slack too late ("operation_timeout") beside our ephemeral explanation.

:func:`ack_now` acks, then waits a little longer than one poll: the dispatcher's timer was
set before the listener started, so it always fires first and answers Slack. Every listener
that acks and then does work acks through it.

Then it waits until no request the app has been sent is still unanswered
(:class:`~bot.slack.unanswered.Unanswered`, counted by :class:`bot.slack.access.LoggedApp`
around every dispatch), for at most ``ACKS_FIRST_SECONDS``. The work after an ack (posting steps
and cards, building their Block Kit) runs on the same event loop as the acks: fifty
``/ftroi new`` at once used to start their work as the first were acked, and the last
acks waited behind it. Now a burst is acked first and its work done after; the wait is
bounded, so work still goes on under a steady stream of requests.
"""

from __future__ import annotations

import asyncio
from typing import Any

from slack_bolt.async_app import AsyncAck

from bot.slack.unanswered import Unanswered

__all__ = ["ACK_SETTLE_SECONDS", "ack_now"]

#: Longer than Bolt's 10 ms poll of the acknowledgement.
ACK_SETTLE_SECONDS = 0.02


async def ack_now(ack: AsyncAck, unanswered: Unanswered, **answer: Any) -> None:
    """``await ack(**answer)``, then yield until Bolt has sent it and every other request
    the app is answering has its answer too (at most
    :data:`~bot.slack.unanswered.ACKS_FIRST_SECONDS`)."""
    await ack(**answer)
    await asyncio.sleep(ACK_SETTLE_SECONDS)
    await unanswered.none_left()
