"""Two ``ftroi serve`` replicas on one PostgreSQL, as ``deploy/kubernetes`` runs them.

Slack sends each request to whichever replica the load balancer picks, and resends an
event it thinks was lost — possibly to the other one. Here one person's intake alternates
between replicas A and B (typed answers and button clicks), every retried or replayed
delivery goes to the *other* replica, and one Next is double-clicked onto both at once:
the intake completes once — every answer kept, one result card and one chart, no step
message posted twice, one version saved. A replica killed mid-intake leaves the
conversation to the other; one stopped with SIGTERM finishes its work first.

Each step waits for what the app posts at the fake Slack before the next; at the end both
processes are stopped with SIGTERM, which drains every listener still running, so the
counts asserted afterwards are final (a retry acted on late would show up in them).
"""

from __future__ import annotations

import asyncio
import json
import signal
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from bot.dialogue.state import DialogueState
from bot.slack import ids
from bot.slack.values import ScenarioRef
from storage import ConversationKey, ScenarioRecord, open_store
from tests.fakeslack import payloads
from tests.fakeslack.driver import Driver, Reply
from tests.fakeslack.fixtures import SIGNING_SECRET
from tests.fakeslack.process import Serve, environment, free_port, ftroi_serve, get, until_up
from tests.fakeslack.server import FakeSlack
from tests.slack.slack_support import buttons, texts

NAME = "Replicated"
WORKLOAD = "80k requests a day, 600 in and 250 out"
MODEL = "claude 3 haiku"
#: Seconds for a child process to start, and for a replica to act on one step (a busy
#: two-core machine; each is a ceiling, never a pause).
UP, ACT = 90.0, 30.0

STEP = [f"*Step {n} of 6: {title}*" for n, title in enumerate(
    ["Workload", "Current API", "Fine-tuned model and serving", "Project and team",
     "Quality and fit", "Name and save"], start=1)]
SAVED = f"Saved as “{NAME}” (version 1); the result is below."
#: What the bot says in the thread, in order, when the answers are those of `answer_two`
#: and Next does the rest: the step messages (step 6's closed once saved), then the card.
CONVERSATION = [STEP[0], STEP[0], STEP[1], STEP[1], STEP[1], STEP[2], STEP[3], STEP[4],
                SAVED, NAME]


@dataclass
class Replica:
    name: str
    port: int
    process: Serve
    driver: Driver

    async def readyz(self) -> int | str:
        """/readyz's status, or "refused" once nothing listens on the port."""
        try:
            return (await get(f"http://127.0.0.1:{self.port}/readyz"))[0]
        except aiohttp.ClientConnectionError:
            return "refused"


@pytest.fixture
async def replicas(fake_slack: FakeSlack, make_driver: Callable[[str], Driver], pg_url: str,
                   tmp_path: Path) -> AsyncIterator[tuple[Replica, Replica]]:
    """Replicas A and B, started at the same moment on one fresh PostgreSQL schema (their
    migrations race; the advisory lock lets one apply them), both ready. Killed at
    teardown if still running, whatever the test did."""
    ports: list[int] = []
    while len(ports) < 2:
        if (port := free_port()) not in ports:
            ports.append(port)
    env = environment(SLACK_BOT_TOKEN=fake_slack.bot_token, SLACK_SIGNING_SECRET=SIGNING_SECRET,
                      FTROI_SLACK_API_URL=fake_slack.api_url, FTROI_DATABASE_URL=pg_url)
    processes: list[Serve] = []
    try:
        for name, port in zip("AB", ports, strict=True):
            processes.append(await ftroi_serve(tmp_path / f"{name}.log", env,
                                               "--port", str(port)))
        await asyncio.gather(*(until_up(port, process, timeout=UP)
                               for port, process in zip(ports, processes, strict=True)))
        a, b = (Replica(name, port, process,
                        make_driver(f"http://127.0.0.1:{port}/slack/events"))
                for name, port, process in zip("AB", ports, processes, strict=True))
        for replica in (a, b):
            assert await replica.readyz() == 200, replica.process.stderr()
        yield a, b
    finally:
        for process in processes:
            await process.kill()


class Thread:
    """The intake's thread as Slack shows it (the fake's records)."""

    def __init__(self, fake: FakeSlack, root: dict[str, Any]) -> None:
        self.fake, self.channel, self.ts = fake, fake.world.general, root["ts"]
        self.started_by = root["user"]  # the bot: Slack names it in each reply's event

    def bot_messages(self) -> list[dict[str, Any]]:
        return [m for m in self.fake.messages_in(self.channel, thread_ts=self.ts)[1:]
                if m.get("user") == self.fake.world.bot_user_id and m.get("blocks")]

    def said(self) -> list[str]:
        """The first line of each of the bot's messages in the thread, in order."""
        return [texts(m).splitlines()[0] for m in self.bot_messages()]

    def steps(self) -> list[dict[str, Any]]:
        return [m for m in self.bot_messages() if ids.INTAKE_NEXT in buttons(m)]

    def latest(self) -> dict[str, Any]:
        return self.steps()[-1]

    def cards(self) -> list[dict[str, Any]]:
        return [m for m in self.bot_messages() if ids.CARD_DETAILS in buttons(m)]

    def now(self, message: dict[str, Any]) -> dict[str, Any]:
        current = self.fake.message(self.channel, message["ts"])
        assert current is not None
        return current

    async def until(self, condition: Callable[[], Any]) -> Any:
        """Wait until the app has done what ``condition`` looks for."""
        return await self.fake.wait_for(condition, timeout=ACT)

    async def until_said(self, count: int) -> None:
        await self.until(lambda: len(self.said()) >= count)
        assert len(self.said()) == count, self.said()


async def begin(replica: Replica, fake: FakeSlack) -> Thread:
    """``/ftroi new Replicated`` sent to ``replica``: the thread, once step 1 is in it."""
    assert (await replica.driver.command(f"new {NAME}")).status == 200
    roots = await fake.wait_for(lambda: [m for m in fake.messages_in(fake.world.general)
                                         if "New fine-tuning ROI scenario" in m["text"]],
                                timeout=ACT)
    thread = Thread(fake, roots[0])
    await thread.until_said(1)
    return thread


async def say_to_both(first: Replica, other: Replica, text: str, thread: Thread) -> None:
    """A reply typed in the thread, delivered to ``first`` and at the same moment again to
    ``other`` as Slack's retry of it (same event_id, ``X-Slack-Retry-Num: 1``)."""
    driver, fake = first.driver, thread.fake
    message = fake.user_message(thread.channel, driver.user, text, thread_ts=thread.ts)
    event = payloads.message_event(fake.world, message, thread.started_by)
    envelope = payloads.event_callback(fake.world, event, event_id=fake.ids.event_id(),
                                       event_time=int(time.time()))
    retry = {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}
    replies = await asyncio.gather(driver.post(envelope, form=False),
                                   other.driver.post(envelope, form=False, headers=retry))
    assert [r.status for r in replies] == [200, 200]


async def click_next(replica: Replica, thread: Thread) -> Reply:
    """Next on the latest step message, sent to ``replica``; waits for the step after."""
    before = len(thread.said())
    reply = await replica.driver.click(thread.latest(), action_id=ids.INTAKE_NEXT)
    assert reply.status == 200
    await thread.until_said(before + 1)
    return reply


async def answer_two(a: Replica, b: Replica, thread: Thread) -> None:
    """Steps 1 and 2 answered alternately on A and B, each second delivery on the other."""
    await say_to_both(b, a, WORKLOAD, thread)              # B or A reads it, never both
    await thread.until_said(2)
    echo = thread.latest()
    assert "80,000" in texts(echo) and ids.INTAKE_USE in buttons(echo)
    use = await a.driver.click(echo, action_id=ids.INTAKE_USE)
    await thread.until(lambda: ids.INTAKE_USE not in buttons(thread.now(echo)))
    assert (await b.driver.replay(use)).status == 200      # the same request, on B
    nxt = await click_next(b, thread)
    assert (await a.driver.replay(nxt)).status == 200
    typed = await a.driver.say(MODEL, thread_ts=thread.ts)
    await thread.until_said(4)
    assert (await b.driver.retry(typed)).status == 200     # Slack's retry, on B
    yes = await b.driver.say("yes", thread_ts=thread.ts)
    await thread.until_said(5)
    assert (await a.driver.retry(yes, num=2)).status == 200


async def exited_cleanly(replica: Replica) -> None:
    """The replica, once stopping, exits 0 with no error in its log."""
    assert await replica.process.wait(timeout=UP) == 0, replica.process.stderr()
    logs = replica.process.stderr()
    assert "ERROR" not in logs and "Traceback" not in logs, (replica.name, logs)


async def stopped(*replicas: Replica) -> None:
    """Each replica stopped with SIGTERM: every listener run to its end, exit 0."""
    for replica in replicas:
        replica.process.process.send_signal(signal.SIGTERM)
        await exited_cleanly(replica)


def saved(fake: FakeSlack, url: str, thread: Thread) -> ScenarioRecord:
    """The scenario as PostgreSQL holds it, with what must hold of any finished intake:
    one version, saved by its owner, its conversation gone, nothing else saved."""
    store = open_store(url)
    try:
        record = store.find_scenario(fake.world.team_id, NAME)
        versions = store.list_versions(fake.world.team_id, record.id)
        page = store.list_scenarios(fake.world.team_id)
        assert store.load_conversation(key_of(fake, thread)) is None
    finally:
        store.close()
    assert [v.number for v in versions] == [1] and record.latest_version == 1
    assert record.owner_id == fake.world.alice
    assert [s.name for s in page.items] == [NAME]
    return record


def assert_every_answer_kept(record: ScenarioRecord) -> None:
    w = record.inputs.workload
    assert (w.requests_per_day, w.avg_input_tokens_per_request,
            w.avg_output_tokens_per_request) == (80_000, 600, 250)
    assert record.inputs.api.model == "claude-3-haiku"


def key_of(fake: FakeSlack, thread: Thread) -> ConversationKey:
    return ConversationKey(team_id=fake.world.team_id, channel_id=thread.channel,
                           thread_ts=thread.ts, user_id=fake.world.alice)


def stored_intake(fake: FakeSlack, url: str, thread: Thread) -> DialogueState:
    store = open_store(url)
    try:
        conversation = store.load_conversation(key_of(fake, thread))
    finally:
        store.close()
    assert conversation is not None
    return DialogueState.from_json(conversation.state)


def second_deliveries(*replicas: Replica) -> int:
    """How many deliveries the replicas acknowledged without acting on (their logs)."""
    return sum(r.process.stderr().count("duplicate Slack delivery acknowledged")
               for r in replicas)


def assert_result_posted_once(fake: FakeSlack, thread: Thread) -> None:
    (card,) = thread.cards()
    assert ScenarioRef.decode(buttons(card)[ids.CARD_DETAILS]).version == 1
    (upload,) = fake.uploads()  # the break-even chart, in the thread
    assert (upload.channel_id, upload.thread_ts, upload.completed) == (
        thread.channel, thread.ts, True)
    summaries = [m for m in fake.messages_in(thread.channel) if m["ts"] != thread.ts]
    assert len(summaries) == 1 and NAME in summaries[0]["text"]


async def test_an_intake_alternating_between_two_replicas_completes_once(
        replicas: tuple[Replica, Replica], fake_slack: FakeSlack, pg_url: str) -> None:
    a, b = replicas
    thread = await begin(a, fake_slack)
    await answer_two(a, b, thread)
    await click_next(a, thread)                                    # step 3
    step3 = thread.latest()
    double = await asyncio.gather(                                 # a double click, one
        a.driver.click(step3, action_id=ids.INTAKE_NEXT),          # click on each replica
        b.driver.click(step3, action_id=ids.INTAKE_NEXT))
    assert [r.status for r in double] == [200, 200]
    await thread.until_said(7)                                     # step 4, once
    (late,) = await thread.until(lambda: fake_slack.ephemerals(user=fake_slack.world.alice))
    assert "earlier step" in texts(late) and "“Project and team”" in texts(late)
    await click_next(a, thread)                                    # step 5
    last = await click_next(b, thread)                             # step 6
    assert (await a.driver.replay(last)).status == 200
    final = await a.driver.click(thread.latest(), action_id=ids.INTAKE_NEXT)
    await thread.until(lambda: thread.cards() and fake_slack.uploads()
                       and fake_slack.uploads()[0].completed)
    assert (await b.driver.replay(final)).status == 200

    await stopped(a, b)
    assert thread.said() == CONVERSATION
    assert_result_posted_once(fake_slack, thread)
    assert_every_answer_kept(saved(fake_slack, pg_url, thread))
    assert len(fake_slack.ephemerals()) == 1  # the double click's second half, refused
    assert second_deliveries(a, b) == 7  # each retry and replay, on the other replica
    assert [c.method for c in fake_slack.calls(ok=False)] == []


async def finish_on(replica: Replica, thread: Thread) -> None:
    """Next through steps 4, 5 and 6 on ``replica``; waits for the card and its chart."""
    for _ in range(3):
        await click_next(replica, thread)
    await replica.driver.click(thread.latest(), action_id=ids.INTAKE_NEXT)
    fake = thread.fake
    await thread.until(lambda: thread.cards() and fake.uploads() and fake.uploads()[0].completed)


async def test_a_replica_killed_between_steps_leaves_the_intake_to_the_other(
        replicas: tuple[Replica, Replica], fake_slack: FakeSlack, pg_url: str) -> None:
    a, b = replicas
    thread = await begin(a, fake_slack)
    await answer_two(a, b, thread)
    await b.process.kill()                                  # SIGKILL: a node lost
    await click_next(a, thread)                             # step 3, on A alone
    await finish_on(a, thread)

    await stopped(a)
    assert thread.said() == CONVERSATION
    assert_result_posted_once(fake_slack, thread)
    assert_every_answer_kept(saved(fake_slack, pg_url, thread))
    assert fake_slack.ephemerals() == []
    assert [c.method for c in fake_slack.calls(ok=False)] == []


async def test_a_replica_killed_right_after_its_ack_loses_that_step_message_only(
        replicas: tuple[Replica, Replica], fake_slack: FakeSlack, pg_url: str) -> None:
    # Bolt acknowledges, then runs the listener: B acks Next on step 2, stores the intake at
    # step 3, and is killed before step 3's message reaches Slack (the fake holds B's post
    # with a rate limit; B dies waiting out its Retry-After). Slack does not resend a click.
    a, b = replicas
    thread = await begin(a, fake_slack)
    await answer_two(a, b, thread)
    step2 = thread.latest()
    fake_slack.fail_next("chat.postMessage", status=429, retry_after=120)
    assert (await b.driver.click(step2, action_id=ids.INTAKE_NEXT)).status == 200
    await thread.until(lambda: fake_slack.calls("chat.postMessage", ok=False))
    await b.process.kill()

    # Nothing half-written: the intake is stored whole at step 3 with both answers.
    state = stored_intake(fake_slack, pg_url, thread)
    assert (state.status, state.step, state.pending) == ("active", "serving", None)
    assert state.draft["workload.requests_per_day"] == 80_000
    assert state.draft["api.model"] == "claude-3-haiku"
    # What was lost is step 3's message: Next on step 2 again, now on A, is refused with
    # the step the intake is at, and any reply typed in the thread shows that step again.
    assert (await a.driver.click(step2, action_id=ids.INTAKE_NEXT)).status == 200
    (note,) = await thread.until(lambda: fake_slack.ephemerals(user=fake_slack.world.alice))
    assert "“Fine-tuned model and serving”" in texts(note)
    assert "type “help” in the thread" in texts(note)  # as the note says
    await a.driver.say("help", thread_ts=thread.ts)
    await thread.until_said(6)
    await finish_on(a, thread)

    await stopped(a)
    assert thread.said() == CONVERSATION
    assert_result_posted_once(fake_slack, thread)
    assert_every_answer_kept(saved(fake_slack, pg_url, thread))
    assert len(fake_slack.ephemerals()) == 1
    assert [c.method for c in fake_slack.calls(ok=False)] == ["chat.postMessage"]


async def until_not_ready(replica: Replica) -> list[int | str]:
    """/readyz's answers from now until it stops answering 200."""
    seen: list[int | str] = []
    async with asyncio.timeout(ACT):
        while not seen or seen[-1] == 200:
            seen.append(await replica.readyz())
    return seen


async def test_a_replica_stopped_mid_work_finishes_it_while_the_other_serves(
        replicas: tuple[Replica, Replica], fake_slack: FakeSlack, pg_url: str) -> None:
    a, b = replicas
    thread = await begin(a, fake_slack)
    for replica in (b, a, b, a, b):
        await click_next(replica, thread)                   # to step 6, alternately
    # A's last Next saves, posts the card, then uploads the chart — which the fake makes
    # wait (a rate limit, Retry-After 15 s): SIGTERM comes while that work is in flight.
    fake_slack.fail_next("files.getUploadURLExternal", status=429, retry_after=15)
    assert (await a.driver.click(thread.latest(), action_id=ids.INTAKE_NEXT)).status == 200
    await thread.until(lambda: fake_slack.calls("files.getUploadURLExternal", ok=False))
    assert thread.cards() and not fake_slack.uploads()
    a.process.process.send_signal(signal.SIGTERM)

    # A takes no more requests (its listener closes at once: a probe finds the port
    # refused sooner than it could read a 503), while B goes on serving, the saved
    # scenario included; and A, once its work is done, exits 0.
    readiness = await until_not_ready(a)
    assert readiness[-1] in (503, "refused"), readiness
    assert await b.readyz() == 200
    assert (await b.driver.command("list")).status == 200
    await thread.until(lambda: [e for e in fake_slack.ephemerals() if NAME in texts(e)])
    await exited_cleanly(a)
    # B's answer reached Slack before A's chart did: B served while A was finishing.
    (listed,) = [r.at for r in fake_slack.responses() if NAME in json.dumps(r.body)]
    (uploaded,) = [c.at for c in fake_slack.calls("files.completeUploadExternal") if c.ok]
    assert listed < uploaded

    await stopped(b)
    assert thread.said() == [*STEP[:5], SAVED, NAME]
    assert_result_posted_once(fake_slack, thread)
    saved(fake_slack, pg_url, thread)
    assert [c.method for c in fake_slack.calls(ok=False)] == ["files.getUploadURLExternal"]
