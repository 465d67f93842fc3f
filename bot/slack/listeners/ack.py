"""Acknowledge, and make sure Slack gets that answer even if the work after it fails fast.

Bolt's ``AsyncApp`` (``process_before_response=False``) runs a listener as a task and polls
every 10 ms until ``ack()`` has been called, then answers Slack. If the listener raises
*before that poll*, Bolt's runner resets the acknowledgement it already had (1.30:
``ack.response = response`` in ``run_ack_function_asynchronously``), and the HTTP answer
waits for the three-second ack timeout — so a ``/ftroi show`` of a name that does not exist
would reach Slack too late ("operation_timeout") beside our ephemeral explanation.

:func:`ack_now` acks, then waits a little longer than one poll: the dispatcher's timer was
set before the listener started, so it always fires first and answers Slack. Every listener
that acks and then does work acks through it.
"""

from __future__ import annotations

import asyncio
from typing import Any

from slack_bolt.async_app import AsyncAck

__all__ = ["ACK_SETTLE_SECONDS", "ack_now"]

#: Longer than Bolt's 10 ms poll of the acknowledgement.
ACK_SETTLE_SECONDS = 0.02


async def ack_now(ack: AsyncAck, **answer: Any) -> None:
    """``await ack(**answer)``, then yield until Bolt has sent it."""
    await ack(**answer)
    await asyncio.sleep(ACK_SETTLE_SECONDS)
