"""The guided intake against storage: what every surface (Slack, the terminal) runs.

:class:`DialogueSession` loads a conversation's state, applies one event with the pure
:func:`~bot.dialogue.machine.handle` inside storage's compare-and-set
``update_conversation`` (a retry after a conflict simply runs the machine again), and so
saves after every answer: a new process, or another replica, continues exactly where the
last one stopped. On :class:`~bot.dialogue.replies.Finished` it saves the scenario (a new
one, or the next version of the one being edited), deletes the conversation and analyses the
saved inputs. A name already taken reopens the name step with the error on that field.

With ``owe_card_for`` (Slack), the save also records — in the transaction that saves the
version — that its result card is owed to the conversation's thread, held by this session
for that long (``storage.owed_cards``): should the process die before the card is posted, another
takes it over once the lease has expired. :attr:`Turn.card_holder` names the holder.

Every method is synchronous; the async Slack app calls them in a thread (``AsyncStore.run``
or ``asyncio.to_thread``). ``now`` and ``today`` are arguments, as everywhere in ftroi: build
a session per event (it holds nothing else).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any

from pydantic import ValidationError

from bot.dialogue.machine import handle
from bot.dialogue.replies import Cancelled, Finished, Reply
from bot.dialogue.state import DialogueState, EditTarget, Event, Refuse, Show, Start, Text
from bot.dialogue.steps import NAME
from bot.reports.list_answers import keep
from engine.analysis import Analysis, analyse
from engine.models import Scenario
from storage.errors import NameTakenError, NotOwnerError
from storage.owed_cards import CardOwed
from storage.protocol import Store
from storage.records import ConversationKey, ScenarioRecord

__all__ = ["FINISHING_LEASE", "DialogueSession", "NotAtStep", "Turn"]

#: How long after an intake is marked finished its save counts as in flight: a step
#: button delivered again within it (a double click, perhaps on another replica) is
#: refused rather than saving and posting the result a second time.
FINISHING_LEASE = timedelta(seconds=60)


class NotAtStep(Exception):
    """The stored intake is not at the step an event was meant for (it moved on, or it is
    over): raised by :meth:`DialogueSession.handle` with ``at_step``, nothing saved."""

    def __init__(self, state: DialogueState | None) -> None:
        super().__init__("the intake is not at that step")
        #: the stored state, or None when there is no intake (any more)
        self.state = state


@dataclass(frozen=True)
class Turn:
    """One event's outcome: the reply, the state now stored, and — once finished — the saved
    record and its analysis."""

    reply: Reply
    state: DialogueState
    record: ScenarioRecord | None = None
    analysis: Analysis | None = None
    #: who holds the saved version's owed card (with ``owe_card_for``), to post it
    card_holder: str | None = None


class DialogueSession:
    """One person's intake in one place (``key``), backed by ``store``."""

    def __init__(self, store: Store, key: ConversationKey, *, now: datetime,
                 today: date, owe_card_for: timedelta | None = None) -> None:
        self.store = store
        self.key = key
        self.now = now
        self.today = today
        self.owe: CardOwed | None = None
        if owe_card_for is not None:
            self.owe = CardOwed(channel_id=key.channel_id, thread_ts=key.thread_ts,
                                holder=secrets.token_hex(8), lease_until=now + owe_card_for)

    def load(self) -> DialogueState | None:
        """The stored state, or None when there is no intake here (or it is unreadable)."""
        conversation = self.store.load_conversation(self.key)
        if conversation is None:
            return None
        try:
            return DialogueState.from_json(conversation.state)
        except ValidationError:
            return None

    def start(self, *, name: str | None = None, scenario_id: str | None = None,
              step: str | None = None, prefill: str | None = None) -> Turn:
        """Begin an intake (replacing one in progress here); ``scenario_id`` edits a saved
        scenario of the workspace (``NotFoundError`` if there is none); ``prefill`` is a
        message whose values are offered for confirmation."""
        edit = None
        if scenario_id is not None:
            record = self.store.get_scenario(self.key.team_id, scenario_id)
            edit = EditTarget(scenario_id=record.id, name=record.name,
                              version=record.latest_version, inputs=record.inputs)
        return self.handle(Start(name=name, edit=edit, step=step, prefill=prefill))

    def resume(self) -> Turn | None:
        """The stored intake's current prompt (finishing a save that did not complete), or
        None when there is nothing to resume."""
        state = self.load()
        if state is None or state.status in ("new", "cancelled"):
            return None
        return self.handle(Show())

    def send(self, text: str, *, only_in_progress: bool = False) -> Turn:
        """A typed reply. With ``only_in_progress`` (a message in a thread, which may be
        plain talk), only to an intake in progress — checked in the compare-and-set, so a
        reply landing as a click saves the intake starts no new one: :class:`NotAtStep`."""
        return self.handle(Text(text), in_progress=only_in_progress)

    def handle(self, event: Event, *, at_step: str | None = None,
               in_progress: bool = False) -> Turn:
        """Apply ``event`` to the stored state (saved before this returns).

        With ``at_step`` (a button of that step's message), only to an intake still at that
        step — checked on the state the compare-and-set writes over, so when two deliveries
        of one step's button race (a double click; two replicas) one moves the intake and
        the other raises :class:`NotAtStep` instead of answering the step after, or
        starting a new intake when the first one saved it — or, while the first one is
        still saving (:data:`FINISHING_LEASE`), saving and answering it again.
        """
        before = self.store.load_conversation(self.key)
        finishing = before is not None and before.state.get("status") == "finished"
        # A save marked within the lease is taken to be in flight on another delivery;
        # after it, to have been cut off by a crash, which a click then completes.
        saving_now = finishing and before is not None \
            and self.now - before.updated_at < FINISHING_LEASE
        outcome: list[tuple[DialogueState, Reply]] = []

        def update(raw: dict[str, Any]) -> dict[str, Any]:
            try:
                state = DialogueState.from_json(raw)
            except ValidationError:
                state = DialogueState()  # written by an incompatible ftroi: start afresh
            if (at_step is not None or in_progress) and state.status in ("new", "cancelled"):
                raise NotAtStep(None if state.status == "new" else state)
            if at_step is not None and state.step != at_step:
                raise NotAtStep(state)
            if at_step is not None and state.status == "finished" \
                    and (saving_now or not finishing):
                raise NotAtStep(state)  # the same button's first delivery is saving it
            new_state, reply = handle(state, event, today=self.today)
            outcome.append((new_state, reply))
            return new_state.to_json()

        conversation = self.store.update_conversation(self.key, update, now=self.now)
        state, reply = outcome[-1]
        if isinstance(reply, Cancelled):
            self.store.delete_conversation(self.key)
            return Turn(reply, state)
        if isinstance(reply, Finished):
            # If the intake was finished already, its save may have completed before a
            # crash: anything saved since it was stored as finished is that save.
            finished_before = before is not None and before.state.get("status") == "finished"
            since = before.updated_at if before is not None and finished_before \
                else conversation.updated_at
            return self._finish(state, reply, since=since)
        return Turn(reply, state)

    def _finish(self, state: DialogueState, reply: Finished, *, since: datetime) -> Turn:
        inputs = reply.inputs
        if inputs.api.priced_at is None:
            inputs = inputs.with_value("api.priced_at", self.today)
        try:
            record = self._save(reply, inputs, since=since)
        except NameTakenError:
            return self.handle(Refuse(NAME, f"name: {reply.name!r} is already taken in this "
                                            "workspace; type another name"))
        except NotOwnerError:
            return self.handle(Refuse(NAME, "name: only the scenario's owner can rename it; "
                                            "keep its name or ask them"))
        self.store.delete_conversation(self.key)
        analysis = analyse(record.inputs, at=record.inputs.api.priced_at or self.today)
        keep(self.store, self.key.team_id, record, analysis, now=self.now)  # for `ftroi list`
        return Turn(replace(reply, name=record.name, inputs=record.inputs), state, record,
                    analysis, card_holder=self.owe.holder if self.owe else None)

    def _save(self, reply: Finished, inputs: Scenario, *, since: datetime) -> ScenarioRecord:
        team, user = self.key.team_id, self.key.user_id
        if reply.scenario_id is None:
            try:
                return self.store.create_scenario(team, owner_id=user, name=reply.name,
                                                  inputs=inputs, now=self.now, owe=self.owe)
            except NameTakenError:
                existing = self.store.find_scenario(team, reply.name)
                if existing.owner_id == user and existing.inputs == inputs \
                        and existing.created_at >= since:
                    return existing  # saved by this intake before a crash
                raise
        current = self.store.get_scenario(team, reply.scenario_id)
        if current.name != reply.name:
            current = self.store.rename_scenario(team, current.id, reply.name, user_id=user,
                                                 now=self.now)
        if current.latest_version > (reply.base_version or 0) and current.inputs == inputs:
            return current  # this version exists already (saved before a crash)
        return self.store.save_version(team, current.id, inputs, author_id=user, now=self.now,
                                       owe=self.owe)
