"""The intake's step messages and Edit… modals, from the dialogue machine's own prompts:
within limits at every step, defaults marked, the echo with Use these / Retype, errors shown,
and the modal's prefill submitted unchanged changing nothing."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any, Literal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from views_support import NASTY_NAMES, example_analyses, mrkdwn_texts, names, recount, walk

from bot.dialogue.machine import handle
from bot.dialogue.parse import Kind
from bot.dialogue.replies import FieldValue, Prompt
from bot.dialogue.state import (
    DialogueState,
    EditTarget,
    Event,
    Help,
    Next,
    SetFields,
    Start,
    Text,
)
from bot.dialogue.steps import STEPS
from bot.slack import ids
from bot.slack.values import ModalContext, StepButton
from bot.slack.views.checks import check_blocks
from bot.slack.views.intake import MODAL_INPUTS, edit_step_modal, intake_step, preset_value

DAY = date(2026, 11, 24)


def run(*events: Event, state: DialogueState | None = None) -> tuple[DialogueState, Prompt]:
    state, reply = handle(state or DialogueState(), Start(), today=DAY)
    for event in events:
        state, reply = handle(state, event, today=DAY)
    assert isinstance(reply, Prompt), reply
    return state, reply


def every_step(**start: Any) -> list[tuple[DialogueState, Prompt]]:
    state, reply = handle(DialogueState(), Start(**start), today=DAY)
    out = []
    for _ in STEPS:
        assert isinstance(reply, Prompt)
        out.append((state, reply))
        state, reply = handle(state, Next(), today=DAY)
    return out


def message(prompt: Prompt) -> dict[str, Any]:
    m = intake_step(prompt)
    payload = m.to_dict()
    assert m.text.startswith(f"Step {prompt.number} of {prompt.total}")
    assert check_blocks(payload["blocks"], surface="message") == []
    assert recount(payload["blocks"]) == []
    return payload


def modal(prompt: Prompt) -> dict[str, Any]:
    payload: dict[str, Any] = edit_step_modal(prompt, channel_id="C1", thread_ts="1.2").to_dict()
    assert payload["callback_id"] == ids.STEP_MODAL and len(payload["title"]["text"]) <= 24
    assert ModalContext.decode(payload["private_metadata"]).step == prompt.step
    assert check_blocks(payload["blocks"], surface="modal") == []
    assert recount(payload["blocks"], view=True) == []
    return payload


def action_values(payload: dict[str, Any]) -> dict[str, str]:
    return {n["action_id"]: n.get("value", "") for n in walk(payload["blocks"])
            if "action_id" in n and n.get("type") == "button"}


def submitted(payload: dict[str, Any]) -> dict[str, str]:
    """What the modal sends back untouched: each input's prefill, by block_id."""
    out = {}
    for b in payload["blocks"]:
        if b["type"] != "input":
            continue
        e = b["element"]
        out[b["block_id"]] = (e.get("initial_option") or {}).get("value") or \
            e.get("initial_value", "")
    return out


@pytest.mark.parametrize("editing", [False, True])
def test_every_step_and_its_modal(editing: bool) -> None:
    start: dict[str, Any] = {}
    if editing:
        a = example_analyses()["quickstart"]
        start = {"edit": EditTarget(scenario_id="ab", name=NASTY_NAMES[0], version=2,
                                    inputs=a.inputs)}
    for state, prompt in every_step(**start):
        payload = message(prompt)
        texts = "\n".join(mrkdwn_texts(payload["blocks"]))
        for v in prompt.values:
            assert v.path in {b["block_id"] for b in modal(prompt)["blocks"]
                              if b["type"] == "input"}
            if v.origin == "default":
                assert "_(default)_" in texts
        buttons = action_values(payload)
        assert StepButton.decode(buttons[ids.INTAKE_NEXT]).step == prompt.step
        assert ids.INTAKE_EDIT in buttons and ids.INTAKE_CANCEL in buttons
        assert (ids.INTAKE_BACK in buttons) == (prompt.number > 1)
        for i, _ in enumerate(prompt.presets):
            assert buttons[ids.item(ids.INTAKE_PRESET, i)] == preset_value(prompt, i)
        # The modal submitted as prefilled changes nothing and raises no error.
        after, reply = handle(state, SetFields(submitted(modal(prompt))), today=DAY)
        assert isinstance(reply, Prompt)
        assert not reply.errors and not reply.field_errors, reply.errors
        assert after.draft == state.draft
        assert [v.text for v in reply.values] == [v.text for v in prompt.values]


def test_the_echo_awaits_use_these_or_retype() -> None:
    _, prompt = run(Text("80k requests a day, 600 in and 250 out"))
    payload = message(prompt)
    texts = mrkdwn_texts(payload["blocks"])
    assert any(t.startswith("*I read this as:*\n• requests/day: 80,000") for t in texts)
    buttons = action_values(payload)
    assert buttons[ids.INTAKE_USE] == buttons[ids.INTAKE_RETYPE] == \
        StepButton("workload").encode()
    styles = {n["action_id"]: n.get("style") for n in walk(payload["blocks"]) if "action_id" in n}
    assert styles[ids.INTAKE_USE] == "primary" and styles[ids.INTAKE_NEXT] is None


def test_what_could_not_be_read_is_quoted() -> None:
    _, prompt = run(Text("80k requests a day, blah <b>"))
    texts = mrkdwn_texts(message(prompt)["blocks"])
    assert any(":warning: could not read 'blah &lt;b&gt;'" in t for t in texts)


def test_modal_errors_land_on_their_fields() -> None:
    _, prompt = run(SetFields({"workload.requests_per_day": "-5",
                               "workload.avg_input_tokens_per_request": "lots"}))
    assert set(prompt.field_errors) >= {"workload.requests_per_day"}
    payload = modal(prompt)
    hints = {b["block_id"]: b["hint"]["text"] for b in payload["blocks"] if b["type"] == "input"}
    for path, error in prompt.field_errors.items():
        assert hints[path].startswith("⚠️") and error[:40] in hints[path]
    message(prompt)


def test_help_is_shown_when_asked() -> None:
    _, prompt = run(Help())
    assert any(t.startswith(":bulb: Type several values") for t in
               mrkdwn_texts(message(prompt)["blocks"]))


def test_choices_are_selects_that_read_back() -> None:
    _, prompt = run(Next(), Next())  # the serving step
    payload = modal(prompt)
    selects = {b["block_id"]: b["element"] for b in payload["blocks"]
               if b["type"] == "input" and b["element"]["type"] == "static_select"}
    assert {"model.method", "model.pricing", "model.quantisation", "model.engine"} <= set(selects)
    assert selects["model.pricing"]["initial_option"]["value"] == "on_demand"


def _stuffed(prompt: Prompt, name: str, n: int) -> Prompt:
    kinds: tuple[Kind | Literal["name"], ...] = (
        "count", "pricing", "level", "bool", "name", "quantisation")
    values = tuple(FieldValue(path=f"x.f{i}", label=name, kind=kinds[i % len(kinds)],
                              text=name * 5, origin="default", edit_text=name)
                   for i in range(n))
    return replace(prompt, title=name, question=name * 20, values=values,
                   presets=tuple(name for _ in range(30)), echo=tuple(name * 10 for _ in range(30)),
                   confirm=True, errors=tuple(name * 10 for _ in range(20)),
                   field_errors={"x.f1": name * 30}, show_help=True, help=name * 40,
                   editing=name)


@settings(max_examples=40, deadline=None)
@given(names, st.integers(min_value=0, max_value=150))
def test_anything_a_prompt_holds_fits(name: str, n: int) -> None:
    _, prompt = run()
    stuffed = _stuffed(prompt, name, n)
    message(stuffed)
    inputs = [b for b in modal(stuffed)["blocks"] if b["type"] == "input"]
    assert len(inputs) == min(n, MODAL_INPUTS)
