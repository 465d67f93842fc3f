"""The dialogue against storage (SQLite): saved after every answer, resumed after a restart,
finished into a saved scenario (or its next version) and its analysis.

The oracle for every figure is the engine itself: ``analyse`` of the inputs read back from
the store, at the price date the store recorded.
"""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from bot.dialogue.machine import handle
from bot.dialogue.replies import Cancelled, Finished, Prompt
from bot.dialogue.session import FINISHING_LEASE, DialogueSession, NotAtStep, Turn
from bot.dialogue.state import Cancel, DialogueState, Next, Show, Start, Text
from bot.dialogue.steps import NAME, STEPS
from engine.analysis import analyse
from engine.models import Scenario
from storage import Conversation, ConversationKey, NotFoundError, Store, open_store

TODAY = date(2026, 11, 24)
KEY = ConversationKey(team_id="T1", channel_id="C1", thread_ts="1700000000.000100",
                      user_id="U1")


Make = Callable[..., DialogueSession]


@pytest.fixture
def url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path}/ftroi.db"


@pytest.fixture
def store(url: str) -> Iterator[Store]:
    s = open_store(url)
    yield s
    s.close()


@pytest.fixture
def session(store: Store) -> Make:
    """A new session object per event, as a surface makes one; time moves a second each."""
    ticks = itertools.count()

    def make(key: ConversationKey = KEY, on: Store | None = None) -> DialogueSession:
        now = datetime(2026, 11, 24, 9, tzinfo=UTC) + timedelta(seconds=next(ticks))
        return DialogueSession(on or store, key, now=now, today=TODAY)

    return make


def prompt(turn: Turn) -> Prompt:
    assert isinstance(turn.reply, Prompt), turn.reply
    return turn.reply


def stored(store: Store, key: ConversationKey = KEY) -> DialogueState | None:
    conversation = store.load_conversation(key)
    return DialogueState.from_json(conversation.state) if conversation else None


def test_a_whole_dialogue_saves_the_scenario_and_analyses_it(store: Store, session: Make) -> None:
    turn = session().start()
    assert prompt(turn).step == "workload"
    for text in ["80k requests a day, 600 in and 250 out", "yes", "", "claude 3 haiku", "y"]:
        turn = session().send(text)
        assert stored(store) == turn.state  # saved after every answer
    for _ in range(4):
        turn = session().handle(Next())
    assert prompt(turn).step == NAME
    done = session().send("Support bot")
    assert isinstance(done.reply, Finished) and done.record is not None
    record = store.find_scenario("T1", "support bot")
    assert record == done.record and record.latest_version == 1 and record.owner_id == "U1"
    assert record.inputs.api.priced_at == TODAY  # fixed, so reopening shows the same figures
    assert record.inputs.workload.requests_per_day == 80_000
    assert record.inputs.api.model == "claude-3-haiku"
    assert done.reply.inputs == record.inputs
    assert store.load_conversation(KEY) is None
    assert done.analysis == analyse(record.inputs, at=TODAY)


def test_a_restart_resumes_at_the_same_step_with_the_same_draft(url: str, session: Make) -> None:
    first = open_store(url)
    session(on=first).start(name="Restarted")
    session(on=first).send("80k requests a day")
    session(on=first).send("yes")
    session(on=first).handle(Next())
    before = session(on=first).send("gpt-4o mini")  # echoed, not yet confirmed
    first.close()

    second = open_store(url)  # a new process: a new store on the same file
    try:
        resumed = session(on=second).resume()
        assert resumed is not None and resumed.state == before.state
        reply = prompt(resumed)
        assert reply.step == "api" and reply.confirm  # the echo still awaits a yes
        assert reply.echo == ("API model: gpt-4o-mini (catalog prices)",)
        assert resumed.state.draft == {"workload.requests_per_day": 80_000}
        assert resumed.state.pending is not None and resumed.state.name == "Restarted"
        confirmed = session(on=second).send("yes")
        assert confirmed.state.draft["api.model"] == "gpt-4o-mini"
    finally:
        second.close()


def test_a_second_replica_continues_the_same_conversation(url: str, store: Store,
                                                           session: Make) -> None:
    replica = open_store(url)
    try:
        session().start()
        session(on=replica).send("90k requests a day")
        turn = session().send("yes")
        assert turn.state.draft == {"workload.requests_per_day": 90_000}
        assert stored(replica) == turn.state
    finally:
        replica.close()


def test_a_step_button_delivered_twice_acts_once(store: Store, session: Make) -> None:
    # Two deliveries of one Next (a double click, each on its own replica): both read the
    # intake at "workload"; the first moves it, the second must not answer the step after
    # ("That button was for…", a second message) — nor, on the last step, start a new
    # intake where the first one just saved the scenario.
    session().start(name="Twice")
    moved = session().handle(Next("workload"), at_step="workload")
    assert prompt(moved).step == "api"
    written = store.load_conversation(KEY)
    with pytest.raises(NotAtStep) as late:
        session().handle(Next("workload"), at_step="workload")
    assert late.value.state is not None and late.value.state.step == "api"
    assert store.load_conversation(KEY) == written  # nothing written by the refused one

    for step in [s.id for s in STEPS][1:-1]:
        session().handle(Next(step), at_step=step)
    done = session().handle(Next(NAME), at_step=NAME)
    assert isinstance(done.reply, Finished)
    with pytest.raises(NotAtStep) as over:
        session().handle(Next(NAME), at_step=NAME)
    assert over.value.state is None and store.load_conversation(KEY) is None
    assert store.find_scenario("T1", "Twice").latest_version == 1


def test_the_last_steps_button_again_while_its_save_is_in_flight_is_refused(
        store: Store) -> None:
    # The first delivery has marked the intake finished and is saving it (or posting its
    # card) when the second reads it: inside the lease the second neither saves nor
    # answers; after it, a click completes a save that a crash cut off.
    marked = datetime(2026, 11, 24, 8, tzinfo=UTC)
    store.save_conversation(KEY, _finished_state().to_json(), 0, now=marked)

    def click(after: timedelta) -> Turn:
        return DialogueSession(store, KEY, now=marked + after, today=TODAY).handle(
            Next(NAME), at_step=NAME)

    with pytest.raises(NotAtStep) as refused:
        click(FINISHING_LEASE - timedelta(seconds=1))
    assert refused.value.state is not None and refused.value.state.status == "finished"
    assert store.list_scenarios("T1").items == []
    done = click(FINISHING_LEASE)
    assert done.record is not None and done.record.name == "Crashed"
    assert store.load_conversation(KEY) is None


def test_a_button_racing_the_click_that_finished_the_intake_is_refused(store: Store) -> None:
    # The second delivery reads the intake still at the name step; before it writes, the
    # first marks it finished and starts saving. The second must not take that mark for a
    # crash's leftovers (it read no mark, so the lease cannot tell it).
    at = datetime(2026, 11, 24, 8, tzinfo=UTC)
    active = _finished_state().model_copy(update={"status": "active"})
    read = store.save_conversation(KEY, active.to_json(), 0, now=at)
    store.save_conversation(KEY, _finished_state().to_json(), read.version,
                            now=at + timedelta(seconds=1))  # the first click's mark
    late = DialogueSession(_ReadEarlier(store, read), KEY, now=at + timedelta(seconds=2),
                           today=TODAY)
    with pytest.raises(NotAtStep):
        late.handle(Next(NAME), at_step=NAME)
    assert store.list_scenarios("T1").items == []


class _ReadEarlier:
    """``store``, whose ``load_conversation`` answers what was read before a race."""

    def __init__(self, store: Store, read: Conversation) -> None:
        self._store, self._read = store, read

    def load_conversation(self, key: ConversationKey) -> Conversation:
        return self._read

    def __getattr__(self, name: str) -> object:
        return getattr(self._store, name)


def test_a_reply_typed_as_a_click_saves_the_intake_starts_no_new_one(store: Store,
                                                                     session: Make) -> None:
    # The thread's reply was read while the intake was in progress; a click saved it
    # before the reply's compare-and-set: the reply is plain talk now, not a new intake.
    session().start(name="Talk", step=NAME)
    assert isinstance(session().handle(Next(NAME), at_step=NAME).reply, Finished)
    with pytest.raises(NotAtStep) as over:
        session().send("thanks, looks good", only_in_progress=True)
    assert over.value.state is None and store.load_conversation(KEY) is None
    assert [s.name for s in store.list_scenarios("T1").items] == ["Talk"]


def test_nothing_to_resume(store: Store, session: Make) -> None:
    assert session().resume() is None
    session().start()
    session().handle(Cancel())
    assert session().resume() is None


def test_editing_saves_version_2(store: Store, session: Make) -> None:
    original = Scenario().with_value("api.priced_at", date(2025, 6, 1))
    v1 = store.create_scenario("T1", owner_id="U1", name="Support bot", inputs=original,
                               now=datetime(2026, 1, 1, tzinfo=UTC))
    turn = session().start(scenario_id=v1.id)
    assert prompt(turn).editing == "Support bot"
    assert prompt(turn).values[0].origin == "saved"
    session().send("120k requests a day")
    session().send("yes")
    for _ in STEPS:
        turn = session().handle(Next())
    assert turn.record is not None
    assert (turn.record.id, turn.record.latest_version) == (v1.id, 2)
    assert turn.record.inputs == original.with_value("workload.requests_per_day", 120_000)
    assert turn.record.inputs.api.priced_at == date(2025, 6, 1)  # the saved date stays
    assert store.get_scenario("T1", v1.id, version=1).inputs == original
    assert turn.analysis == analyse(turn.record.inputs, at=TODAY)


def test_editing_can_rename(store: Store, session: Make) -> None:
    v1 = store.create_scenario("T1", owner_id="U1", name="Old", inputs=Scenario(),
                               now=datetime(2026, 1, 1, tzinfo=UTC))
    session().start(scenario_id=v1.id, step=NAME)
    turn = session().send("New")
    assert turn.record is not None and (turn.record.name, turn.record.latest_version) == ("New", 2)
    with pytest.raises(NotFoundError):
        session().start(scenario_id="0000000000000000")


def test_only_the_owner_renames_while_anyone_may_save_a_version(store: Store,
                                                                session: Make) -> None:
    theirs = store.create_scenario("T1", owner_id="U2", name="Theirs", inputs=Scenario(),
                                   now=datetime(2026, 1, 1, tzinfo=UTC))
    session().start(scenario_id=theirs.id, step=NAME)
    refused = prompt(session().send("Mine now"))
    assert refused.field_errors.keys() == {NAME} and "owner" in refused.errors[0]
    kept = session().handle(Next())
    assert kept.record is not None
    assert (kept.record.name, kept.record.latest_version) == ("Theirs", 2)


def test_a_taken_name_is_an_error_on_the_name_field(store: Store, session: Make) -> None:
    store.create_scenario("T1", owner_id="U2", name="Support bot", inputs=Scenario(),
                          now=datetime(2026, 1, 1, tzinfo=UTC))
    session().start(step=NAME)
    turn = session().send("SUPPORT BOT")
    reply = prompt(turn)
    assert reply.step == NAME and reply.field_errors.keys() == {NAME}
    assert "'SUPPORT BOT' is already taken" in reply.errors[0]
    assert turn.record is None and stored(store) == turn.state
    assert turn.state.status == "active"
    saved = session().send("Support bot 2")
    assert saved.record is not None and saved.record.name == "Support bot 2"


def test_cancel_deletes_the_conversation_and_saves_nothing(store: Store, session: Make) -> None:
    session().start()
    session().send("90k requests a day")
    turn = session().handle(Cancel())
    assert isinstance(turn.reply, Cancelled)
    assert store.load_conversation(KEY) is None
    assert store.list_scenarios("T1").items == []


def _finished_state() -> DialogueState:
    state, _ = handle(DialogueState(), Start(name="Crashed", step=NAME), today=TODAY)
    state, reply = handle(state, Next(), today=TODAY)
    assert isinstance(reply, Finished)
    return state


def test_a_save_interrupted_before_the_scenario_was_created_completes(
        store: Store, session: Make) -> None:
    store.save_conversation(KEY, _finished_state().to_json(), 0,
                            now=datetime(2026, 11, 24, 8, tzinfo=UTC))
    turn = session().resume()
    assert turn is not None and turn.record is not None and turn.record.name == "Crashed"
    assert store.load_conversation(KEY) is None


def test_a_save_interrupted_after_the_scenario_was_created_is_not_repeated(
        store: Store, session: Make) -> None:
    at = datetime(2026, 11, 24, 8, tzinfo=UTC)
    store.save_conversation(KEY, _finished_state().to_json(), 0, now=at)
    inputs = Scenario().with_value("api.priced_at", TODAY)
    made = store.create_scenario("T1", owner_id="U1", name="Crashed", inputs=inputs, now=at)
    turn = session().resume()
    assert turn is not None and turn.record == made
    assert store.load_conversation(KEY) is None


def test_an_unreadable_stored_state_starts_afresh(store: Store, session: Make) -> None:
    store.save_conversation(KEY, {"format": 99, "step": "nowhere"}, 0,
                            now=datetime(2026, 11, 24, 8, tzinfo=UTC))
    assert session().load() is None
    turn = session().send("80k requests a day")
    assert prompt(turn).step == "workload" and turn.state.pending is not None


def test_conversations_are_separate_by_key(store: Store, session: Make) -> None:
    other = KEY.model_copy(update={"user_id": "U2"})
    session().start()
    session().send("90k requests a day")
    theirs = session(key=other).start(step="api")
    assert prompt(theirs).step == "api"
    assert prompt(session().handle(Show())).echo == ("requests/day: 90,000",)  # mine, still
    mine = stored(store)
    assert mine is not None and mine.pending is not None


async def test_called_from_async_code_in_a_thread(store: Store, session: Make) -> None:
    turn = await asyncio.to_thread(session().start)
    assert prompt(turn).step == "workload"
    turn = await asyncio.to_thread(session().handle, Text("80k requests a day"))
    assert prompt(turn).confirm
