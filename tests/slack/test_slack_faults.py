"""Nothing a person did is left hanging, in process: malformed and tampered requests, a
database that stops answering, a result card whose post failed, a stored scenario that no
longer validates, a name too long, names separated by commas.

(With a real ``ftroi serve`` — a database that goes away under it, a replica killed between
the save and the card — see tests/deploy/test_faults.py.)
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from slack_support import TODAY, SlackUnderTest, buttons, run_intake, texts

from bot.slack import ids
from bot.slack.listeners.flows.problems import DATABASE_DOWN
from bot.slack.owed import sweep
from bot.slack.values import ScenarioRef
from engine.models import Scenario
from storage import ConversationKey, DatabaseError, Store
from storage.bootstrap import sqlite_path
from tests.fakeslack import payloads as p

BASE = Scenario().with_value("api.priced_at", TODAY)


def rows(slack: SlackUnderTest, table: str) -> int:
    with sqlite3.connect(Path(sqlite_path(slack.database_url))) as db:
        return int(db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def no_traceback(slack: SlackUnderTest) -> bool:
    return not [r for r in slack.caplog.records if r.exc_info or r.levelno >= logging.ERROR]


# --- malformed and tampered requests -----------------------------------------------------

def card_click(slack: SlackUnderTest, card: dict[str, Any], action_id: str,
               change: Callable[[dict[str, Any]], None]) -> dict[str, str]:
    """The block_actions payload a click on ``card`` sends, changed by ``change``."""
    world = slack.world
    action = {"action_id": action_id, "block_id": ids.CARD_ACTIONS, "type": "button",
              "value": buttons(card)[action_id], "action_ts": "1.1"}
    payload = p.interaction(world, "block_actions", world.alice,
                            trigger_id=slack.fake.issue_trigger(world.alice),
                            response_url=slack.fake.response_url(world.alice, world.general),
                            actions=[action], **p.message_fields(world, card))
    change(payload)
    return {"payload": json.dumps(payload)}


MALFORMED: dict[str, Callable[[dict[str, Any]], None]] = {
    "no user": lambda b: b.pop("user"),
    "actions not a list": lambda b: b.update(actions="x"),
    "no actions": lambda b: b.update(actions=[]),
    "an action without its id": lambda b: b["actions"][0].pop("action_id"),
    "a card click without its message": lambda b: b.pop("message"),
    "a user id that is a number": lambda b: b["user"].update(id=7),
}


@pytest.mark.parametrize("change", MALFORMED.values(), ids=MALFORMED.keys())
async def test_a_signed_but_malformed_click_gets_400_and_does_nothing(
        slack: SlackUnderTest, change: Callable[[dict[str, Any]], None]) -> None:
    await slack.store.create_scenario(slack.world.team_id, owner_id=slack.world.alice,
                                      name="Support bot", inputs=BASE, now=slack.clock.now())
    await slack.command("show Support bot")
    (card,) = slack.cards()
    calls = len(slack.fake.calls())
    reply = await slack.driver.post(card_click(slack, card, ids.CARD_DETAILS, change), form=True)
    await slack.settle()
    assert reply.status == 400
    assert slack.fake.calls()[calls:] == [] and no_traceback(slack)


MALFORMED_OTHERS: dict[str, tuple[dict[str, Any], bool]] = {
    "a command without user_id": ({"command": "/ftroi", "text": "list", "team_id": "T0FTROI0001",
                                   "channel_id": "C0GENERAL01", "trigger_id": "1.2.3"}, True),
    "a submission without its view": ({"payload": json.dumps({
        "type": "view_submission", "user": {"id": "U0ALICE0001"}})}, True),
    "a message event without ts": ({"type": "event_callback", "team_id": "T0FTROI0001",
                                    "event_id": "Ev0000000001", "event": {
                                        "type": "message", "channel": "C0GENERAL01",
                                        "user": "U0ALICE0001", "text": "what if"}}, False),
    "an event that is not an object": ({"type": "event_callback", "event": "message"}, False),
}


@pytest.mark.parametrize("body, form", MALFORMED_OTHERS.values(), ids=MALFORMED_OTHERS.keys())
async def test_signed_but_malformed_commands_submissions_and_events_get_400(
        slack: SlackUnderTest, body: dict[str, Any], form: bool) -> None:
    reply = await slack.driver.post(body, form=form)
    await slack.settle()
    assert reply.status == 400
    assert slack.fake.calls() == [] and no_traceback(slack)
    assert rows(slack, "idempotency_keys") == 0


TAMPERED = {
    "a version that was never": 'ref.1:{"scenario_id":"1f2e3d4c5b6a7980","version":0}',
    "an unknown codec version": 'ref.9:{"scenario_id":"1f2e3d4c5b6a7980","version":1}',
    "another kind of value": 'page.1:{"scope":"mine","search":null,"cursor":"c"}',
    "not json": "ref.1:{scenario_id:1f2e}",
    "a menu verb ftroi has not": 'menu.1:{"verb":"purge","scenario_id":"ab","version":1}',
}


@pytest.mark.parametrize("value", TAMPERED.values(), ids=TAMPERED.keys())
async def test_a_tampered_button_value_is_refused_like_a_bad_signature(
        slack: SlackUnderTest, value: str) -> None:
    await slack.store.create_scenario(slack.world.team_id, owner_id=slack.world.alice,
                                      name="Support bot", inputs=BASE, now=slack.clock.now())
    await slack.command("show Support bot")
    (card,) = slack.cards()
    calls, keys = len(slack.fake.calls()), rows(slack, "idempotency_keys")

    def tamper(body: dict[str, Any]) -> None:
        body["actions"][0]["value"] = value

    reply = await slack.driver.post(card_click(slack, card, ids.CARD_EXPORT, tamper), form=True)
    await slack.settle()
    assert reply.status == 401
    assert slack.fake.calls()[calls:] == [] and slack.fake.uploads() == [slack.fake.uploads()[0]]
    assert rows(slack, "idempotency_keys") == keys and no_traceback(slack)


# --- the database stops answering --------------------------------------------------------

class Unanswering:
    """A store whose every call waits for a database that does not answer (until
    ``answer()``, when the calls still waiting fail as a dead connection would)."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._back = threading.Event()

    def __getattr__(self, name: str) -> Any:
        if name == "close":
            return self._store.close

        def call(*args: Any, **kwargs: Any) -> Any:
            self._back.wait(timeout=30)
            raise DatabaseError("the connection was lost")
        return call

    def answer(self) -> None:
        self._back.set()


@pytest.fixture
def database_down(slack: SlackUnderTest) -> Iterator[Unanswering]:
    """From now on the app's database does not answer (each call gives up after 0.3 s)."""
    real = slack.store.store
    down = Unanswering(real)
    slack.store.store, slack.store.timeout = down, 0.3  # type: ignore[assignment]
    slack.expected_errors = -1  # counted by the test
    yield down
    down.answer()
    slack.store.store, slack.store.timeout = real, None


def told(slack: SlackUnderTest, user: str | None = None) -> list[str]:
    return [texts(m) for m in slack.ephemerals(user)]


async def test_with_the_database_down_every_request_is_acked_and_the_person_told(
        slack: SlackUnderTest, database_down: Unanswering) -> None:
    """Each answer reaches Slack in time (the driver fails any later than three seconds)
    and says in one sentence that nothing was lost."""
    world = slack.world
    for text in ("list", "new Support bot", "show Support bot"):
        assert (await slack.command(text)).status == 200
    said = told(slack)
    assert len(said) == 3 and all(DATABASE_DOWN in s for s in said), said
    # A click on a message posted before, and a submission that needs the database.
    root = slack.fake.user_message(world.general, world.alice, "a thread")
    await slack.say("@ftroi what if gpu h100", thread_ts=root["ts"])
    assert DATABASE_DOWN in told(slack)[-1]
    # Chatter in a thread is not answered (it may not even be for ftroi).
    await slack.say("lunch?", thread_ts=root["ts"], user=world.bob)
    assert told(slack, world.bob) == []
    # The Home tab says so in itself.
    await slack.driver.open_home()
    await slack.settle()
    home = slack.fake.view(slack.fake.store.homes[world.alice])
    assert DATABASE_DOWN in texts(home)
    errors = [r for r in slack.caplog.records if r.levelno >= logging.ERROR]
    assert errors and all("failed (reference" in r.getMessage() for r in errors)
    slack.expected_errors = len(errors)


async def test_a_modal_submitted_with_the_database_down_says_so_under_its_field(
        slack: SlackUnderTest) -> None:
    root = await run_intake(slack, "new Support bot")
    (card,) = slack.cards(thread_ts=root["ts"])
    await slack.click(card, action_id=ids.CARD_WHATIF)
    modal = slack.fake.last_view(slack.world.alice)
    real = slack.store.store
    down = Unanswering(real)
    slack.store.store, slack.store.timeout = down, 0.3  # type: ignore[assignment]
    try:
        reply = await slack.submit(modal, {ids.WHATIF_SENTENCE: "gpu h100"})
    finally:
        down.answer()
        slack.store.store, slack.store.timeout = real, None
    assert reply.status == 200
    assert [DATABASE_DOWN in e for e in reply.json()["errors"].values()] == [True]
    assert slack.fake.is_open(modal["id"])
    slack.expected_errors = len([r for r in slack.caplog.records
                                 if r.levelno >= logging.ERROR])


# --- a card that could not be posted -----------------------------------------------------

async def test_a_card_whose_post_failed_is_owed_and_posted_once_by_the_sweep(
        slack: SlackUnderTest) -> None:
    await slack.command("new Support bot")
    (root,) = slack.channel()
    for _ in range(5):
        await slack.click(slack.steps(root["ts"])[-1], action_id=ids.INTAKE_NEXT)
    slack.fake.fail_next("chat.postMessage", error="service_unavailable")  # the card's post
    await slack.click(slack.steps(root["ts"])[-1], action_id=ids.INTAKE_NEXT)
    slack.expected_errors = 1
    record = await slack.record("Support bot")  # saved
    assert slack.cards(thread_ts=root["ts"]) == [] and rows(slack, "owed_cards") == 1
    app = slack.app
    assert await sweep(app.deps, app, holder="replica-2") == 0  # its lease is still running
    slack.clock.now.at += timedelta(minutes=2)  # type: ignore[attr-defined]
    assert await sweep(app.deps, app, holder="replica-2") == 1
    (card,) = slack.cards(thread_ts=root["ts"])
    assert ScenarioRef.decode(buttons(card)[ids.CARD_DETAILS]) == ScenarioRef(record.id, 1)
    assert [u.thread_ts for u in slack.fake.uploads()] == [root["ts"]]
    assert "saved by" in texts(slack.channel()[-1])
    assert rows(slack, "owed_cards") == 0
    assert await sweep(app.deps, app, holder="replica-3") == 0
    # The thread knows its card: a what-if there forks it.
    await slack.say("what if gpu h100", thread_ts=root["ts"], user=slack.world.bob)
    assert len(slack.cards(thread_ts=root["ts"])) == 2


# --- a stored scenario that no longer validates ------------------------------------------

async def test_an_unreadable_scenario_is_listed_by_name_and_opening_it_says_why(
        slack: SlackUnderTest) -> None:
    for name in ("Good one", "Broken one", "Another"):
        await slack.store.create_scenario(slack.world.team_id, owner_id=slack.world.alice,
                                          name=name, inputs=BASE, now=slack.clock.now())
    with sqlite3.connect(Path(sqlite_path(slack.database_url))) as db:
        db.execute("UPDATE scenario_versions SET inputs = '{\"workload\": {\"from\": 1}}' "
                   "WHERE scenario_id = (SELECT id FROM scenarios WHERE name = 'Broken one')")
    await slack.command("list")
    (listing,) = slack.ephemerals()
    assert all(name in texts(listing) for name in ("Good one", "Broken one", "Another"))
    await slack.command("show Broken one")
    assert "no longer validate" in told(slack)[-1] and "Broken one" not in [
        texts(c).splitlines()[0] for c in slack.cards()]
    await slack.command("show Good one")
    assert len(slack.cards()) == 1


# --- what people type --------------------------------------------------------------------

async def test_a_name_over_80_characters_is_kept_to_80_and_said_so(slack: SlackUnderTest) -> None:
    long_name = " ".join(["Support bot for the EMEA region"] * 4)
    await slack.command(f"new {long_name}")
    (root,) = slack.channel()
    (step,) = slack.steps(root["ts"])
    assert f"{len(long_name)} characters is more than a name holds (80)" in texts(step)
    key = ConversationKey(team_id=slack.world.team_id, channel_id=slack.world.general,
                          thread_ts=root["ts"], user_id=slack.world.alice)
    conversation = await slack.store.load_conversation(key)
    assert conversation is not None
    assert conversation.state["name"] == long_name[:80].rstrip()


async def test_compare_takes_names_separated_by_commas(slack: SlackUnderTest) -> None:
    for n, name in enumerate(("Support bot", "Support bot big", "Code review")):
        await slack.store.create_scenario(
            slack.world.team_id, owner_id=slack.world.alice, name=name,
            inputs=BASE.with_value("workload.requests_per_day", 50_000 * (n + 1)),
            now=slack.clock.now())
    await slack.command("compare Support bot, Code review, Support bot big")
    (table,) = [m for m in slack.channel() if m["text"].startswith("Comparison:")]
    assert table["text"] == "Comparison: Support bot vs Code review vs Support bot big"
