"""What if…, Edit and Compare with… modals, the delete confirmation and the rename question:
within limits, ids in private_metadata and button values, every prefilled value read back
exactly by the dialogue's parser."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from views_support import NASTY_NAMES, all_analyses, names, page, recount, summary

from bot.dialogue.parse import Money, Rate, YesNo, read_field
from bot.dialogue.parse.fields import SMALLEST
from bot.slack import ids
from bot.slack.values import ModalContext, Renaming, ScenarioRef
from bot.slack.views.checks import check_blocks
from bot.slack.views.compare_modal import compare_modal, scenario_options
from bot.slack.views.confirm import confirm_delete
from bot.slack.views.fields import current, initial_text, scenario_fields
from bot.slack.views.scenario_modal import edit_modal, whatif_modal
from bot.slack.views.thread import rename_kept, rename_prompt
from engine.models import Scenario
from storage import InvalidInputError
from storage.rules import MAX_NAME_LENGTH, check_name

SCENARIOS = {k: a.inputs for k, a in all_analyses().items()}


def valid(view: Any) -> dict[str, Any]:
    payload: dict[str, Any] = view.to_dict()  # slack_sdk checks title, blocks, metadata
    assert payload["type"] == "modal"
    assert 1 <= len(payload["title"]["text"]) <= 24
    for button in ("submit", "close"):
        assert len(payload.get(button, {"text": ""})["text"]) <= 24
    assert len(payload.get("private_metadata", "")) <= 3000
    assert check_blocks(payload["blocks"], surface="modal") == []
    assert recount(payload["blocks"], view=True) == []
    return payload


def inputs_of(payload: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {b["block_id"]: b["element"] for b in payload["blocks"] if b["type"] == "input"}


@pytest.mark.parametrize("key", list(SCENARIOS))
@pytest.mark.parametrize("make", [whatif_modal, edit_modal])
def test_every_prefilled_value_reads_back(key: str, make: Any) -> None:
    scenario = SCENARIOS[key]
    payload = valid(make(scenario, scenario_id="1f2e3d4c5b6a7980", version=4,
                         name=NASTY_NAMES[0], channel_id="C0CHANNEL", thread_ts="1.2"))
    assert ModalContext.decode(payload["private_metadata"]) == ModalContext(
        "1f2e3d4c5b6a7980", 4, "C0CHANNEL", "1.2")
    assert payload["callback_id"] == (ids.WHATIF_MODAL if make is whatif_modal
                                      else ids.EDIT_MODAL)
    elements = inputs_of(payload)
    for field in scenario_fields():
        element = elements[field.spec.path]
        assert element["action_id"] == ids.item(ids.FIELD_VALUE, field.spec.path)
        value = current(scenario, field.spec.path)
        if field.choices:
            shown = {True: "yes", False: "no"}.get(value, value)  # type: ignore[call-overload]
            assert element["initial_option"]["value"] == shown
            for o in element["options"]:  # every option is a value the scenario takes
                chosen = {"yes": True, "no": False}.get(o["value"], o["value"]) \
                    if isinstance(field.spec.kind, YesNo) else o["value"]
                if field.spec.path == "model.gpu" and chosen == "custom":
                    continue  # needs its price and throughput, set beside it
                scenario.with_value(field.spec.path, chosen)
        elif value is None and field.optional:
            assert "initial_value" not in element
        else:
            text = element["initial_value"]
            assert read_field(text, field.spec).values[field.spec.path] == value, text


def test_initial_values_follow_the_display_rule_when_exact() -> None:
    fields = {f.spec.path: f for f in scenario_fields()}
    assert initial_text(fields["workload.requests_per_day"], 50_000.0) == "50,000"
    assert initial_text(fields["quality.human_review_rate_ft"], 0.03) == "3%"
    assert initial_text(fields["quality.human_review_rate_ft"], 0.123456) == "0.123456"
    assert initial_text(fields["model.instance_usd_per_hour"], 1.03) == "$1.03/hour"
    assert initial_text(fields["model.instance_usd_per_hour"], 1.0375) == "$1.0375/hour"
    assert initial_text(fields["model.num_instances"], None) == "auto"
    assert initial_text(fields["project.model_lifetime_months"], 18.0) == "18.0 months"
    assert initial_text(fields["quality.latency_requirement_ms"], 2000) == "2,000 ms"


amounts = st.floats(min_value=0, max_value=1e6, allow_nan=False).map(lambda x: round(x, 6))


@given(amounts, st.floats(min_value=0, max_value=1, allow_nan=False))
def test_any_amount_or_rate_reads_back(amount: float, rate: float) -> None:
    """Within the field's bounds (a subnormal is refused, not read back: the registry's
    smallest value applies to every entry)."""
    checked = 0
    for field in scenario_fields():
        kind = field.spec.kind
        value = amount if isinstance(kind, Money) else rate if isinstance(kind, Rate) else None
        if value is None or (value != 0 and value < SMALLEST) \
                or field.spec.bounds.problem(value):
            continue
        checked += 1
        text = initial_text(field, value)
        assert read_field(text, field.spec).values[field.spec.path] == value
    assert checked or 0 < amount < SMALLEST  # compute per run takes any amount up to $1e9


def test_whatif_asks_for_a_fork_name_and_a_sentence() -> None:
    name = "🚀" * 80
    payload = valid(whatif_modal(Scenario(), scenario_id="ab", version=1, name=name))
    elements = inputs_of(payload)
    fork = elements[ids.FORK_NAME]["initial_value"]
    assert fork.endswith(" (what if)") and len(fork) <= MAX_NAME_LENGTH
    assert elements[ids.FORK_NAME]["max_length"] == MAX_NAME_LENGTH
    assert elements[ids.WHATIF_SENTENCE]["multiline"] is True
    assert [b["text"]["text"] for b in payload["blocks"] if b["type"] == "header"] == [
        "Workload", "Current API", "Fine-tuned model and serving", "Project and team",
        "Quality and fit"]


def test_metadata_out_of_range_is_refused() -> None:
    # Every field of a ModalContext is bounded, so private_metadata always fits its 3,000.
    with pytest.raises(ValueError, match="ModalContext"):
        whatif_modal(Scenario(), scenario_id="x" * 3000, version=1, name="n")


@pytest.mark.parametrize("n", [0, 1, 3, 99, 100, 101, 500])
def test_compare_modal(n: int) -> None:
    base = summary(999, name=NASTY_NAMES[0])
    choices = [base, *page(n, names=NASTY_NAMES).items]
    payload = valid(compare_modal(base, choices, channel_id="C1"))
    assert payload["callback_id"] == ids.COMPARE_MODAL
    assert ModalContext.decode(payload["private_metadata"]).scenario_id == base.id
    pick = inputs_of(payload).get(ids.COMPARE_PICK)
    if n == 0:
        assert pick is None and "submit" not in payload
        return
    assert pick is not None and pick["max_selected_items"] == 3
    if n <= 100:
        assert pick["type"] == "multi_static_select"
        values = [ScenarioRef.decode(o["value"]) for o in pick["options"]]
        assert base.id not in {r.scenario_id for r in values} and len(values) == n
    else:
        assert pick["type"] == "multi_external_select"


def test_scenario_options_for_an_external_select() -> None:
    options = [o.to_dict() for o in scenario_options(page(300, names=NASTY_NAMES).items)]
    assert len(options) == 100
    assert all(len(o["text"]["text"]) <= 75 and len(o["value"]) <= 150 for o in options)
    assert options[0]["text"]["text"].endswith(" · v1")


@settings(max_examples=50, deadline=None)
@given(names)
def test_confirm_delete_fits_any_name(name: str) -> None:
    c = confirm_delete(name).to_dict()
    assert len(c["title"]["text"]) <= 100 and len(c["text"]["text"]) <= 300
    assert c["confirm"]["text"] == "Delete" and c["style"] == "danger"
    valid(whatif_modal(Scenario(), scenario_id="ab", version=2, name=name))


def storable(name: str) -> bool:
    try:
        check_name(name)
    except InvalidInputError:
        return False
    return True


@settings(max_examples=50, deadline=None)
@given(names.filter(storable), names.filter(storable))
def test_the_rename_question_fits_any_names_and_carries_them_exactly(old: str, new: str
                                                                     ) -> None:
    renaming = Renaming("1f2e3d4c5b6a7980", old, new)
    for message in (rename_prompt(renaming), rename_kept(old)):
        payload = message.to_dict()  # slack_sdk checks the elements' limits
        assert payload["text"].strip()
        assert check_blocks(payload["blocks"], surface="message") == []
        assert recount(payload["blocks"]) == []
    elements = rename_prompt(renaming).to_dict()["blocks"][-1]["elements"]
    assert [e["action_id"] for e in elements] == [ids.RENAME_CONFIRM, ids.RENAME_CANCEL]
    assert {Renaming.decode(e["value"]) for e in elements} == {renaming}
    assert all("confirm" not in e for e in elements)  # the question is the confirmation
