"""The phrasebook (``phrasebook.py``) through the real dialogue: each phrasing typed at its
step gives its values, echoed for confirmation, or stays refused, saying why and what the
step takes once. Then ``change <field>`` routing a bare value, and ``--say``."""

from __future__ import annotations

from datetime import date

import pytest
from phrasebook import PHRASES, Refused

from bot.dialogue.machine import handle
from bot.dialogue.parse import FIELDS, asked_by
from bot.dialogue.replies import Prompt
from bot.dialogue.state import DialogueState, Start, Text

AT = date(2026, 11, 24)


def typed(step_id: str, *texts: str) -> tuple[DialogueState, Prompt]:
    state, reply = handle(DialogueState(), Start(step=step_id), today=AT)
    for text in texts:
        state, reply = handle(state, Text(text), today=AT)
    assert isinstance(reply, Prompt)
    return state, reply


def test_the_phrasebook_is_large_enough() -> None:
    assert len(PHRASES) >= 150
    assert sum(isinstance(e, Refused) for _, _, e in PHRASES) >= 40


@pytest.mark.parametrize(("step_id", "text", "expected"), PHRASES,
                         ids=[f"{s}:{t}" for s, t, _ in PHRASES])
def test_a_phrasing_gives_its_values_or_stays_refused(step_id: str, text: str,
                                                      expected: object) -> None:
    state, reply = typed(step_id, text)
    if isinstance(expected, Refused):
        said = "\n".join(reply.errors)
        assert reply.errors, reply.echo
        for fragment in expected.says:
            assert fragment in said, (fragment, said)
        takes = [e for e in reply.errors if e.startswith("this step takes")]
        assert len(takes) <= 1  # what the step takes, said once per reply
        return
    assert reply.confirm and state.pending is not None, reply.errors
    assert not reply.errors, reply.errors
    values = state.pending.values
    for path, value in expected.items():  # type: ignore[attr-defined]
        assert path in values, (path, values)
        got = values[path]
        if isinstance(value, float) or (isinstance(value, int) and not isinstance(value, bool)
                                        and isinstance(got, float)):
            assert got == pytest.approx(value, rel=1e-9), path
        else:
            assert got == value, path
        if value is None and any(path in f.resets for f in FIELDS):
            continue  # a catalog choice's reset to the catalog's figure ("catalog prices")
        # nothing passes silently: every value taken is echoed with its field's label
        label = asked_by(path).label
        assert any(line.lstrip().startswith(label) for line in reply.echo), (label, reply.echo)


@pytest.mark.parametrize(("target", "text", "path", "value"), [
    ("lifetime", "6 weeks", "project.model_lifetime_months", 1.4),
    ("model lifetime", "2 years", "project.model_lifetime_months", 24.0),
    ("requests/day", "80k", "workload.requests_per_day", 80_000.0),
    ("input tokens/request", "600", "workload.avg_input_tokens_per_request", 600.0),
    ("monthly growth", "3%", "workload.monthly_growth_rate", 0.03),
    ("review rate fine-tuned", "3%", "quality.human_review_rate_ft", 0.03),
    ("engineering hours in total", "480", "project.engineer_hours.data_collection",
     480 * 40 / 132),
])
def test_change_a_field_then_a_bare_value_goes_to_it(target: str, text: str, path: str,
                                                     value: float) -> None:
    """Was: "6 weeks" offered as lifetime only by guessing; a bare "3%" asked about."""
    state, reply = typed("workload", f"change {target}", text)
    assert reply.confirm, reply.errors
    assert state.pending is not None
    assert state.pending.values[path] == pytest.approx(value)


def test_a_misspelt_field_gets_did_you_mean() -> None:
    _, reply = typed("workload", "change lifetme")
    assert "did you mean 'lifetime'?" in reply.errors[0]


def test_the_focus_ends_when_the_value_is_taken() -> None:
    state, _ = typed("project", "change lifetime", "6 weeks", "yes")
    assert state.draft["project.model_lifetime_months"] == pytest.approx(1.4)
    state, reply = handle(state, Text("6 weeks"), today=AT)
    assert not reply.confirm and "'6 weeks' could be" in reply.errors[0]
