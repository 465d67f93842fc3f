"""Properties of the registry's fields, through the real steps: what a field writes reads
back to the same value; any text is read or refused with the dialogue's own "not
understood" (a ParseError, or an unread fragment), never anything else; and nothing is
taken without an echo line naming its field."""

from __future__ import annotations

import math
from datetime import date

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from parse_strategies import any_text

from bot.dialogue.machine import handle
from bot.dialogue.parse import (
    FIELDS,
    ParseError,
    asked_by,
    field,
    parse_step_answer,
    read_field,
)
from bot.dialogue.parse.fields import SMALLEST
from bot.dialogue.replies import Cancelled, Prompt
from bot.dialogue.state import DialogueState, Start, Text
from bot.dialogue.steps import STEPS

AT = date(2026, 11, 24)
NUMERIC = [f for f in FIELDS if f.kind.numeric]
TEXTUAL = [s for s in STEPS if s.fields]


@st.composite
def in_bounds(draw: st.DrawFn) -> tuple[str, float]:
    """A numeric field, and a value it takes: within its bounds, whole where it counts whole
    things, 0 or not absurdly small."""
    spec = draw(st.sampled_from(NUMERIC))
    b = spec.bounds
    low = b.low if b.low is not None else -1e9
    high = b.high if b.high is not None else 1e9
    if spec.kind.whole:
        value: float = draw(st.integers(min_value=max(math.ceil(low), 1 if b.low_open else 0),
                                        max_value=int(high)))
    else:
        value = draw(st.floats(min_value=low, max_value=high, allow_nan=False,
                               exclude_min=b.low_open, exclude_max=b.high_open))
        if value != 0 and abs(value) < SMALLEST:
            value = 0.0 if not b.problem(0.0) else max(low, SMALLEST) * (1 + b.low_open)
    return spec.path, value


@settings(max_examples=600, deadline=None)
@given(in_bounds())
@example(("model.model_size_b", 0.0002928489171550402))  # 19 decimals: read up to 17 once
def test_what_a_field_writes_reads_back_to_the_same_value(case: tuple[str, float]) -> None:
    path, value = case
    spec = field(path)
    text = spec.kind.write(value)
    assert read_field(text, spec).values[path] == value, text
    exact = spec.kind.forms(value)[-1]
    assert read_field(exact, spec).values[path] == value, exact


@pytest.mark.parametrize("step", TEXTUAL, ids=lambda s: s.id)
@settings(max_examples=250, deadline=None)
@given(text=any_text)
def test_any_text_is_read_or_not_understood_and_every_value_is_echoed(step, text: str) -> None:
    parsed = parse_step_answer(text, step.fields, current={})
    assert parsed.values or parsed.unread
    assert all(u.message for u in parsed.unread)
    if parsed.unread:
        assert parsed.problems[-1] == parsed.hint  # what the step takes, once, at the end
    resets = {p for f in FIELDS for p in f.resets}
    for path, value in parsed.values.items():
        if value is None and path in resets:
            continue
        label = asked_by(path).label
        assert any(line.lstrip().startswith(label) for line in parsed.echo), (path, parsed)
        if isinstance(value, float):
            assert math.isfinite(value)


@pytest.mark.parametrize("spec", [f for f in FIELDS if f.examples], ids=lambda f: f.path)
@settings(max_examples=60, deadline=None)
@given(text=any_text)
def test_a_fields_reader_raises_only_its_not_understood(spec, text: str) -> None:
    try:
        read_field(text, spec)
    except ParseError as e:
        assert str(e)


# Each example runs the dialogue machine over a whole step: a deliberate 200-example budget.
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from([s.id for s in TEXTUAL]), any_text)
def test_the_machine_answers_any_text_with_a_prompt(step_id: str, text: str) -> None:
    """Typed at any step, any text gives the step (or the one it names) again — with what
    was understood to confirm, or what was not — or, for "cancel", the end."""
    state, _ = handle(DialogueState(), Start(step=step_id), today=AT)
    state, reply = handle(state, Text(text), today=AT)
    assert isinstance(reply, Prompt | Cancelled)
    if isinstance(reply, Prompt) and reply.confirm:
        assert reply.echo and state.pending is not None
