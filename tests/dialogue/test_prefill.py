"""An intake prefilled from a message (bot.dialogue.prefill): each clause read by the step
it belongs to, nothing taken before it is confirmed, what is not understood quoted."""

from __future__ import annotations

from datetime import date

from bot.dialogue.machine import handle
from bot.dialogue.prefill import read_message
from bot.dialogue.replies import Prompt
from bot.dialogue.state import Confirm, DialogueState, Start

TODAY = date(2026, 11, 24)


def test_each_clause_is_read_by_the_first_step_that_reads_it_whole() -> None:
    reading = read_message("we do 80k requests a day, 600 in and 250 out; api claude 3 haiku")
    assert reading.values["workload.requests_per_day"] == 80_000
    # "600 in" is the workload's input tokens, not an API price of $600 per million.
    assert reading.values["workload.avg_input_tokens_per_request"] == 600
    assert "api.input_usd_per_1m_tokens" not in reading.values or \
        reading.values["api.input_usd_per_1m_tokens"] is None
    assert reading.unread == ()


def test_what_is_not_understood_is_quoted_not_guessed() -> None:
    reading = read_message("80k requests a day, and the moon is blue")
    assert reading.values == {"workload.requests_per_day": 80_000}
    assert reading.unread == ("not understood: 'the moon is blue'",)


def test_a_prefilled_start_awaits_confirmation_and_takes_the_values_on_it() -> None:
    state, reply = handle(DialogueState(), Start(prefill="200k requests a day on gpt-4o"),
                          today=TODAY)
    assert isinstance(reply, Prompt) and reply.confirm
    assert "requests/day: 200,000" in reply.echo
    assert state.draft == {} and state.pending is not None  # nothing taken yet
    state, reply = handle(state, Confirm(), today=TODAY)
    assert state.draft["workload.requests_per_day"] == 200_000
    assert state.draft["api.model"] == "gpt-4o"


def test_a_message_with_nothing_to_read_starts_a_plain_intake_and_says_so() -> None:
    state, reply = handle(DialogueState(), Start(prefill="see you at lunch"), today=TODAY)
    assert isinstance(reply, Prompt) and not reply.confirm and state.pending is None
    assert reply.errors[0].startswith("Nothing in that message reads as an answer")
