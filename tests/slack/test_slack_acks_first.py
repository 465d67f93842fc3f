"""Work after an ack waits until every request the app is answering has its answer
(bot.slack.unanswered, bot.slack.listeners.ack), for at most ACKS_FIRST_SECONDS: a burst
of commands is acknowledged before the work of any of them runs on the event loop."""

from __future__ import annotations

import asyncio
from typing import Any

from bot.slack import unanswered as unanswered_module
from bot.slack.listeners.ack import ack_now
from bot.slack.unanswered import Unanswered


class Ack:
    def __init__(self) -> None:
        self.answers: list[dict[str, Any]] = []

    async def __call__(self, **answer: Any) -> None:
        self.answers.append(answer)


async def test_the_work_after_an_ack_waits_for_the_other_requests_answers() -> None:
    unanswered = Unanswered()
    other = unanswered.answering()
    other.__enter__()  # another request, its listener not acked yet
    with unanswered.answering():
        ack = Ack()
        acked = asyncio.ensure_future(ack_now(ack, unanswered))  # this request's listener
        await asyncio.sleep(0.1)
        assert ack.answers == [{}]  # acked at once,
    await asyncio.sleep(0.05)
    assert not acked.done()  # its work not begun while the other request waits
    other.__exit__(None, None, None)
    await asyncio.wait_for(acked, 1.0)
    assert unanswered.count == 0


async def test_the_wait_is_bounded() -> None:
    unanswered = Unanswered()
    with unanswered.answering():  # never answered while we wait
        started = asyncio.get_running_loop().time()
        await unanswered.none_left(0.2)
        assert 0.2 <= asyncio.get_running_loop().time() - started < 1.0
    assert unanswered_module.ACKS_FIRST_SECONDS <= 1.0  # well inside Slack's 3 s


async def test_with_nothing_unanswered_the_work_goes_on_after_the_ack_is_sent() -> None:
    unanswered, ack = Unanswered(), Ack()
    await asyncio.wait_for(ack_now(ack, unanswered, text="ok"), 0.5)
    assert ack.answers == [{"text": "ok"}]
