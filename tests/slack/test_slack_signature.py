"""A request whose signature was not verified is refused (401) before anything acts on it.

docs.slack.dev/authentication/verifying-requests-from-slack: the app computes
``v0=hex(HMAC-SHA256(secret, "v0:" + X-Slack-Request-Timestamp + ":" + body))``, compares it
with ``X-Slack-Signature`` and refuses a timestamp more than five minutes from its clock.
Every way those two headers can be wrong is tried here, on a slash command and a click
(both carry a ``response_url`` an attacker would point anywhere) and an event (which names
a channel and a person, for ``chat.postEphemeral``): none gets a Web API call, a post to
its ``response_url``, a database row or an ERROR line — the error handler never sees it.
"""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from slack_support import SlackUnderTest, run_intake

from bot.slack import ids
from storage.bootstrap import sqlite_path
from tests.fakeslack.transport import sign

#: (how the headers are wrong, the driver's options for it)
MALFORMED: dict[str, dict[str, Any]] = {
    "no signature headers": {"signature": "missing"},
    "wrong signature": {"signature": "wrong"},
    "stale timestamp": {"age": 301},
    "timestamp from the future": {"age": -301},
    "non-numeric timestamp": {"timestamp": "abc"},
    "exponent timestamp": {"timestamp": "1e3"},
    "empty timestamp": {"timestamp": ""},
    "huge timestamp": {"timestamp": "9" * 5_000},
    "negative timestamp": {"timestamp": "-1"},
    "padded timestamp": {"timestamp": " 1700000000 "},
}


def headers_only(kind: str, driver_clock: float, body: bytes) -> dict[str, str]:
    """Headers a forger sends without the secret: one of the pair, an empty or odd one."""
    now = str(int(driver_clock))
    return {
        "timestamp only": {"X-Slack-Request-Timestamp": now},
        "signature only": {"X-Slack-Signature": sign("guess", now, body)},
        "empty signature": {"X-Slack-Request-Timestamp": now, "X-Slack-Signature": ""},
        "not a v0 signature": {"X-Slack-Request-Timestamp": now,
                               "X-Slack-Signature": "v1=" + "0" * 64},
    }[kind]


def rows(slack: SlackUnderTest) -> int:
    with sqlite3.connect(Path(sqlite_path(slack.database_url))) as db:
        return sum(db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in
                   ("scenarios", "conversations", "idempotency_keys"))


def assert_untouched(slack: SlackUnderTest, calls_before: int, rows_before: int) -> None:
    assert slack.fake.calls()[calls_before:] == []
    assert slack.fake.responses() == []
    assert rows(slack) == rows_before
    problems = [r.getMessage() for r in slack.caplog.records if r.levelno >= logging.WARNING
                and not r.name.startswith("slack_bolt")]
    assert problems == []
    assert not [r for r in slack.caplog.records if r.levelno >= logging.ERROR]


async def unverified_requests(slack: SlackUnderTest, how: dict[str, Any]) -> list[int]:
    """A command, a click and a thread reply, each sent with ``how``; their statuses."""
    statuses = [(await slack.driver.command("show Support bot", **how)).status]
    card = slack.cards()[-1] if slack.cards() else None
    if card is not None:
        statuses.append((await slack.driver.click(card, action_id=ids.CARD_DETAILS,
                                                  **how)).status)
        statuses.append((await slack.driver.say("what if gpu h100",
                                                thread_ts=card["ts"], **how)).status)
    await slack.settle()
    return statuses


@pytest.fixture
async def with_card(slack: SlackUnderTest) -> SlackUnderTest:
    await run_intake(slack, "new Support bot")
    await slack.command("show Support bot")
    slack.caplog.clear()
    return slack


@pytest.mark.parametrize("how", MALFORMED.values(), ids=MALFORMED.keys())
async def test_a_malformed_signature_header_gets_401_and_nothing_else(
        with_card: SlackUnderTest, how: dict[str, Any]) -> None:
    slack = with_card
    calls, stored = len(slack.fake.calls()), rows(slack)
    responses = len(slack.fake.responses())
    assert await unverified_requests(slack, how) == [401, 401, 401]
    assert slack.fake.responses()[responses:] == []
    slack.fake.store.responses.clear()
    assert_untouched(slack, calls, stored)


@pytest.mark.parametrize("kind", ["timestamp only", "signature only", "empty signature",
                                  "not a v0 signature"])
async def test_half_a_signature_gets_401_and_nothing_else(
        with_card: SlackUnderTest, kind: str) -> None:
    slack = with_card
    calls, stored = len(slack.fake.calls()), rows(slack)
    statuses = []
    for send in ("command", "event"):
        if send == "command":
            reply = await slack.driver.command("show Support bot", signature="missing")
        else:
            reply = await slack.driver.say("what if gpu h100", thread_ts=slack.cards()[-1]["ts"],
                                           signature="missing")
        forged = await slack.driver._send(type(reply.sent)(
            reply.sent.body, {**reply.sent.headers,
                              **headers_only(kind, slack.driver.clock(), reply.sent.body)},
            reply.sent.payload))
        statuses.append(forged.status)
    await slack.settle()
    assert statuses == [401, 401]
    slack.fake.store.responses.clear()
    assert_untouched(slack, calls, stored)


async def test_an_unsigned_request_with_a_bad_timestamp_causes_no_call_and_no_outbound_request(
        slack: SlackUnderTest) -> None:
    """The journey of the issue: a body naming a response_url and a person, with the
    timestamp ``abc`` — Bolt's verifier raised ValueError on it, and the error handler
    answered 500, logged a traceback and posted "Something went wrong…" to that URL."""
    reply = await slack.driver.command("show Support bot", timestamp="abc", signature="wrong")
    event = await slack.driver.say("what if gpu h100", thread_ts="1700000000.000100",
                                   timestamp="1e3")
    await slack.settle()
    assert (reply.status, event.status) == (401, 401)
    assert slack.fake.calls() == [] and slack.fake.responses() == []
    assert rows(slack) == 0
    assert not [r for r in slack.caplog.records if r.levelno >= logging.ERROR]


UNREADABLE = {
    "JSON that does not parse": (b"{bad", "application/json"),
    "a payload that is not JSON": (b"payload=nope", "application/x-www-form-urlencoded"),
    "JSON that is not an object": (b"[1, 2]", "application/json"),
    "a payload that is not an object": (b"payload=%5B1%5D", "application/x-www-form-urlencoded"),
    "bytes that are not UTF-8": (b"text=\xff\xfe", "application/x-www-form-urlencoded"),
}


@pytest.mark.parametrize("body, kind", UNREADABLE.values(), ids=UNREADABLE.keys())
async def test_an_unreadable_body_gets_400_signed_and_401_unsigned_without_a_traceback(
        slack: SlackUnderTest, body: bytes, kind: str) -> None:
    headers = {"Content-Type": kind}
    signed = await slack.driver.post({}, form=True, raw_body=body, headers=headers)
    unsigned = await slack.driver.post({}, form=True, raw_body=body, headers=headers,
                                       signature="wrong")
    await slack.settle()
    assert (signed.status, unsigned.status) == (400, 401)
    assert slack.fake.calls() == [] and rows(slack) == 0
    assert not [r for r in slack.caplog.records if r.levelno >= logging.WARNING]
    assert not [r for r in slack.caplog.records if r.exc_info]


async def test_bolt_dispatch_refuses_a_bad_timestamp_however_the_request_arrives(
        slack: SlackUnderTest) -> None:
    """The same check guards ``async_dispatch`` itself, for any adapter but the edge."""
    from slack_bolt.request.async_request import AsyncBoltRequest

    body = "command=%2Fftroi&text=help&user_id=U0ALICE0001&channel_id=C0GENERAL01"
    request = AsyncBoltRequest(body=body, headers={
        "content-type": "application/x-www-form-urlencoded",
        "x-slack-request-timestamp": "abc", "x-slack-signature": "v0=" + "0" * 64})
    answer = await slack.app.async_dispatch(request)
    await slack.settle()
    assert answer.status == 401
    assert slack.fake.calls() == []
