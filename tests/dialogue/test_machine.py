"""The guided intake as a pure state machine: whole dialogues driven by scripted events.

Every state is sent through JSON between events, as storage keeps it, so a dialogue that
passes here also survives a restart at any point. Expected scenarios are built with the
engine's own ``Scenario.with_value`` from its defaults (the oracle for "what the person
said"), and expected figures through ``engine.figures``.
"""

from __future__ import annotations

import doctest
import importlib
import json
from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from bot.dialogue.display import edit_text, value_at
from bot.dialogue.draft import compose
from bot.dialogue.machine import handle
from bot.dialogue.parse import read_field
from bot.dialogue.replies import Cancelled, Finished, Prompt, Reply
from bot.dialogue.state import (
    Back,
    Cancel,
    Change,
    ChoosePreset,
    Confirm,
    DialogueState,
    EditTarget,
    Event,
    Help,
    Next,
    Refuse,
    Retype,
    SetFields,
    Show,
    Skip,
    Start,
    Text,
)
from bot.dialogue.steps import NAME, STEPS, all_fields, preset_values, step
from engine.catalog.api_prices import price_request
from engine.figures import count, percent, unit_usd
from engine.models import PHASES, Scenario

DAY = date(2026, 11, 24)
DEFAULT = Scenario()
IDS = [s.id for s in STEPS]


class Script:
    """A dialogue driven event by event; the state goes through JSON after each one."""

    def __init__(self, start: Start | None = None) -> None:
        self.state = DialogueState()
        self.replies: list[Reply] = []
        self.send(start or Start())

    def send(self, event: Event | str) -> Reply:
        if isinstance(event, str):
            event = Text(event)
        state, reply = handle(self.state, event, today=DAY)
        self.state = DialogueState.from_json(json.loads(json.dumps(state.to_json())))
        assert self.state == state
        self.replies.append(reply)
        return reply

    def prompt(self, event: Event | str) -> Prompt:
        reply = self.send(event)
        assert isinstance(reply, Prompt), reply
        return reply

    def answer(self, text: str) -> Prompt:
        """Type ``text``, check it is echoed and not yet taken, then confirm it."""
        draft = dict(self.state.draft)
        echoed = self.prompt(text)
        assert echoed.confirm and echoed.echo and not echoed.errors, echoed
        assert self.state.draft == draft
        return self.prompt("yes")

    @property
    def last(self) -> Reply:
        return self.replies[-1]


def values(prompt: Prompt) -> dict[str, tuple[str, str]]:
    return {v.path: (v.text, v.origin) for v in prompt.values}


def expected(**changes: Any) -> Scenario:
    """The engine's defaults with ``part__field=value`` changes, validated as one scenario."""
    data = DEFAULT.model_dump()
    for key, value in changes.items():
        *parents, leaf = key.split("__")
        node = data
        for part in parents:
            node = node[part]
        assert leaf in node, key
        node[leaf] = value
    return Scenario.model_validate(data)


# Whole dialogues ---------------------------------------------------------------------------

def test_all_defaults_only_next() -> None:
    script = Script()
    titles = [script.last.title] if isinstance(script.last, Prompt) else []
    for _ in STEPS[:-1]:
        titles.append(script.prompt(Next()).title)
    finished = script.send(Next())
    assert titles == [s.title for s in STEPS]
    assert isinstance(finished, Finished)
    assert finished.inputs == DEFAULT
    assert finished.name == "gpt-4o vs 7B LoRA on A10G"
    assert (finished.scenario_id, finished.base_version) == (None, None)
    assert script.state.status == "finished"
    first = script.replies[0]
    assert isinstance(first, Prompt)
    assert all(v.origin == "default" for v in first.values)


def test_every_step_typed() -> None:
    script = Script()
    taken = script.answer("80k requests a day, 600 in and 250 out")
    assert taken.echo == ("requests/day: 80,000", "input tokens/request: 600",
                          "output tokens/request: 250")
    assert values(taken)["workload.requests_per_day"] == ("80,000 requests/day", "typed")
    script.answer("5% growth")
    assert script.prompt(Next()).step == "api"
    script.answer("claude 3.5 sonnet")
    script.prompt(Next())
    script.answer("13b lora, 2x a100 40gb, spot, int8")
    serving = script.answer("auto")
    assert values(serving)["model.gpu"] == ("2× A100 40GB", "typed")
    assert values(serving)["model.num_instances"][0].startswith("size it for me: ")
    script.prompt(Next())
    script.answer("12 runs, $40 compute per run")
    script.answer("collection 60h, deployment 24h, lifetime 24 months")
    script.prompt(Next())
    script.answer("2% api, 5% fine-tuned, $5 per review")
    script.answer("high consistency, latency 500 ms")
    assert script.prompt(Next()).step == NAME
    finished = script.send("Support bot")
    assert isinstance(finished, Finished)
    assert finished.name == "Support bot"
    assert finished.inputs == expected(
        workload__requests_per_day=80_000, workload__avg_input_tokens_per_request=600,
        workload__avg_output_tokens_per_request=250, workload__monthly_growth_rate=0.05,
        api__model="claude-3-5-sonnet", model__model_size_b=13, model__method="lora",
        model__gpu="a100_40g", model__gpus_per_instance=2, model__pricing="spot",
        model__quantisation="int8", model__num_instances=None,
        project__num_training_runs=12, project__compute_usd_per_run=40,
        project__engineer_hours__data_collection=60, project__engineer_hours__deployment=24,
        project__model_lifetime_months=24, quality__human_review_rate_ft=0.05,
        quality__task_consistency="high", quality__latency_requirement_ms=500,
    )


def test_defaults_shown_are_the_engines_and_the_catalogs() -> None:
    workload = Script().last
    assert isinstance(workload, Prompt)
    shown = values(workload)
    assert shown["workload.requests_per_day"] == (
        f"{count(DEFAULT.workload.requests_per_day)} requests/day", "default")
    api = Script(Start(step="api")).last
    assert isinstance(api, Prompt)
    price = price_request(DEFAULT.api.model or "", at=DAY,
                          avg_input_tokens=DEFAULT.workload.avg_input_tokens_per_request,
                          avg_output_tokens=DEFAULT.workload.avg_output_tokens_per_request)
    assert values(api)["api.input_usd_per_1m_tokens"] == (
        f"{unit_usd(price.input_usd_per_1m_tokens)}/1M tokens (catalog, {DAY})", "default")
    quality = Script(Start(step="quality")).last
    assert isinstance(quality, Prompt)
    assert values(quality)["quality.human_review_rate_api"][0] == percent(
        DEFAULT.quality.human_review_rate_api)


def test_a_typed_answer_is_echoed_and_taken_only_when_confirmed() -> None:
    script = Script()
    echoed = script.prompt("90k requests a day")
    assert echoed.confirm and echoed.echo == ("requests/day: 90,000",)
    assert values(echoed)["workload.requests_per_day"][1] == "default"
    retyped = script.prompt("no")
    assert not retyped.confirm and script.state.pending is None
    assert "workload.requests_per_day" not in script.state.draft
    script.prompt("90k requests a day")
    taken = script.prompt(Confirm())
    assert taken.echo == ("requests/day: 90,000",) and not taken.confirm
    assert script.state.draft["workload.requests_per_day"] == 90_000


def test_a_button_of_a_step_no_longer_current_is_refused() -> None:
    script = Script()
    assert script.prompt(Next(step="workload")).step == "api"
    stale = script.prompt(Next(step="workload"))
    assert stale.step == "api"
    assert stale.errors == ("That button was for the step 'Workload'; this intake is at "
                            "'Current API' now.",)
    assert script.prompt(Back(step="api")).step == "workload"


def test_tokens_a_day_map_onto_the_current_request_size() -> None:
    script = Script()
    echoed = script.prompt("2.5M tokens/day, 70% input")
    assert echoed.echo[0].startswith("requests/day: 3,571.4 (2,500,000 tokens/day ÷ 700 tokens")
    taken = script.prompt("y")
    assert [v.text for v in taken.values[:3]] == [
        "3,571 requests/day", "490 tokens/request", "210 tokens/request"]


def test_next_takes_a_pending_echo_and_skip_drops_it() -> None:
    script = Script()
    script.prompt("90k requests a day")
    script.prompt(Next())
    assert script.state.draft == {"workload.requests_per_day": 90_000}
    script.prompt("gpt-4o mini")
    assert script.prompt(Skip()).step == "serving"
    assert "api.model" not in script.state.draft


def test_back_and_change_come_back() -> None:
    script = Script()
    refused = script.prompt(Back())
    assert refused.step == "workload" and "first step" in refused.errors[0]
    for _ in range(4):
        script.prompt(Next())
    assert script.state.step == "quality"
    jumped = script.prompt("change requests/day")
    assert (jumped.step, jumped.focus, jumped.returns_to) == (
        "workload", "workload.requests_per_day", "quality")
    script.answer("120k requests a day")
    returned = script.prompt(Next())
    assert returned.step == "quality" and returned.returns_to is None
    assert script.state.history == ["workload", "api", "serving", "project"]
    assert script.prompt("back").step == "project"
    assert script.prompt(Back()).step == "serving"
    assert script.state.draft == {"workload.requests_per_day": 120_000}


@pytest.mark.parametrize(("target", "step_id", "focus"), [
    ("GPU", "serving", "model.gpu"),
    ("model.gpus_per_instance", "serving", "model.gpu"),
    ("review rate fine-tuned", "quality", "quality.human_review_rate_ft"),
    ("lifetime", "project", "project.model_lifetime_months"),
    ("2", "api", None),
    ("Current API", "api", None),
    ("name", NAME, None),
])
def test_change_by_label_path_cue_or_step(target: str, step_id: str, focus: str | None) -> None:
    reply = Script().prompt(Change(target))
    assert (reply.step, reply.focus) == (step_id, focus)


def test_change_to_nothing_known_says_what_is_accepted() -> None:
    script = Script()
    reply = script.prompt("change the weather")
    assert reply.step == "workload"
    assert "'the weather'" in reply.errors[0] and "change requests/day" in reply.errors[0]
    ambiguous = script.prompt("change in")
    assert "could be input tokens/request or API input price" in ambiguous.errors[0]


def test_cancel() -> None:
    script = Script()
    script.answer("90k requests a day")
    cancelled = script.send("cancel")
    assert isinstance(cancelled, Cancelled) and "nothing was saved" in cancelled.message
    assert script.state.status == "cancelled"
    assert isinstance(script.send(Next()), Cancelled)
    assert isinstance(script.send(Start()), Prompt)


# Bad answers, then good ones ---------------------------------------------------------------

def test_what_cannot_be_read_is_quoted_with_what_is_accepted() -> None:
    script = Script()
    bad = script.prompt("banana")
    assert not bad.confirm and script.state.draft == {}
    assert "'banana'" in bad.errors[0] and "e.g. '80k requests a day'" in bad.errors[-1]
    script.answer("80k requests a day")
    assert script.state.draft == {"workload.requests_per_day": 80_000}


def test_a_partly_read_answer_echoes_what_was_read_and_quotes_the_rest() -> None:
    reply = Script().prompt("80k requests a day, and some bananas")
    assert reply.confirm and reply.echo == ("requests/day: 80,000",)
    assert any("bananas" in e for e in reply.errors)


def test_the_whole_scenario_is_validated_and_the_field_named() -> None:
    script = Script()
    shape = script.prompt("10 peak hours")
    assert not shape.confirm
    assert shape.field_errors.keys() == {"workload.peak_hours_per_day"}
    assert "off-peak traffic share" in shape.errors[0]  # the engine's names, as labels
    script.answer("10 peak hours, 15% off-peak")
    script.prompt(Next())
    script.prompt(Next())
    big = script.prompt("70b lora, 1x a10g")
    assert big.field_errors.keys() == {"model.gpu"}
    assert big.errors[0].startswith("GPU: a 70B model in bf16 does not fit on 1× A10G")
    zero = script.prompt(SetFields({"model.target_utilisation": "0%"}))
    assert zero.field_errors == {"model.target_utilisation": (
        "target utilisation: '0%' is too small: target utilisation is at least 1% and at most "
        "100%, e.g. '40% utilisation'")}
    script.answer("70b lora, 8x a10g")
    assert script.state.draft["model.gpus_per_instance"] == 8


def test_a_bad_answer_leaves_an_earlier_echo_behind() -> None:
    script = Script()
    script.prompt("90k requests a day")
    script.prompt("10 peak hours")
    assert script.state.pending is None
    assert isinstance(script.send(Confirm()), Prompt)
    assert script.state.draft == {}


@given(text=st.text(max_size=120), step_id=st.sampled_from(IDS))
@settings(max_examples=150, deadline=None)
def test_any_text_gives_a_reply(text: str, step_id: str) -> None:
    state, _ = handle(DialogueState(), Start(step=step_id), today=DAY)
    state, reply = handle(state, Text(text), today=DAY)
    assert isinstance(reply, Prompt | Finished | Cancelled)
    if isinstance(reply, Prompt) and reply.confirm:
        state, reply = handle(state, Confirm(), today=DAY)
        assert isinstance(reply, Prompt)
    compose(DEFAULT, state.draft)  # whatever was taken, the engine accepts


# Presets -----------------------------------------------------------------------------------

def test_preset_buttons_and_typed_presets() -> None:
    script = Script(Start(step="api"))
    mini = script.prompt(ChoosePreset("api", 1))
    assert mini.echo[0] == "Preset: GPT-4o mini"
    assert script.state.draft["api.model"] == "gpt-4o-mini"
    script.prompt(Next())
    big = script.prompt("preset 3")
    assert values(big)["model.gpu"] == ("2× A100 80GB", "typed")
    assert script.state.draft["model.model_size_b"] == 70
    assert script.state.draft["model.method"] == "qlora"
    missing = script.prompt(ChoosePreset("serving", 9))
    assert "no preset 10" in missing.errors[0] and "4 8B LoRA on L4" in missing.errors[0]
    script.prompt(Next())
    low = script.prompt(ChoosePreset("project", 0))
    assert low.echo[0] == "Preset: Seed table: low hours"
    assert {p: script.state.draft[f"project.engineer_hours.{p}"] for p in PHASES} == {
        p: low_h for p, (_, low_h, _) in PHASES.items()}


@pytest.mark.parametrize(("step_id", "index"), [
    (s.id, n) for s in STEPS for n in range(len(s.presets))])
def test_every_preset_reads_whole_and_the_engine_accepts_it(step_id: str, index: int) -> None:
    draft = preset_values(step_id, index)
    scenario = compose(DEFAULT, draft)  # type: ignore[arg-type]
    for path, value in draft.items():
        assert value_at(scenario, path) == value


def test_every_field_is_an_engine_input_and_labels_are_unique() -> None:
    labels = [f.label for f in all_fields()]
    assert len(labels) == len(set(labels))
    for f in all_fields():
        compose(DEFAULT, {f.path: value_at(DEFAULT, f.path)})
    assert [s.id for s in STEPS] == ["workload", "api", "serving", "project", "quality", NAME]


TYPED = expected(workload__requests_per_day=123_456, workload__monthly_growth_rate=0.035,
                 workload__peak_hours_per_day=9.5, workload__off_peak_traffic_share=0.07,
                 model__gpus_per_instance=2, model__num_instances=None,
                 model__instance_usd_per_hour=2.345, project__compute_usd_per_run=12.5,
                 model__throughput_tokens_per_s_per_instance=3210)


@pytest.mark.parametrize("spec", all_fields(), ids=lambda f: f.path)
def test_the_edit_prefill_reads_back_to_the_same_value(spec: Any) -> None:
    text = edit_text(spec, TYPED)
    if not text:
        assert value_at(TYPED, spec.path) is None
        return
    reading = read_field(text, spec)
    assert reading.values  # every value it sets (hours in total: each phase's) reads back
    for path, value in reading.values.items():
        assert value == pytest.approx(value_at(TYPED, path)), path


# The Edit… modal ---------------------------------------------------------------------------

def test_edit_modal_with_a_bad_value_then_a_good_one() -> None:
    script = Script()
    bad = script.prompt(SetFields({"workload.requests_per_day": "lots",
                                   "workload.avg_input_tokens_per_request": "600",
                                   "workload.nonsense": "1"}))
    assert bad.field_errors.keys() == {"workload.requests_per_day", "workload.nonsense"}
    assert "'lots'" in bad.field_errors["workload.requests_per_day"]
    assert script.state.draft == {}  # all or nothing
    good = script.prompt(SetFields({"workload.requests_per_day": "80k",
                                    "workload.avg_input_tokens_per_request": "600"}))
    assert not good.errors and good.field_errors == {}
    assert good.echo == ("requests/day: 80,000 requests/day",
                         "input tokens/request: 600 tokens/request")
    assert script.state.draft == {"workload.requests_per_day": 80_000,
                                  "workload.avg_input_tokens_per_request": 600}


def test_edit_modal_prefills_change_nothing_and_empty_text_restores() -> None:
    script = Script(Start(step="serving"))
    shown = {v.path: v.edit_text for v in script.prompt(Show()).values}
    same = script.prompt(SetFields(shown))
    assert script.state.draft == {} and all(v.origin == "default" for v in same.values)
    written_otherwise = script.prompt(SetFields({"model.pricing": "on_demand",
                                                 "model.gpu": "NVIDIA A10G"}))
    assert script.state.draft == {} and not written_otherwise.errors
    script.prompt(SetFields({"model.gpu": "2x h100", "model.instance_usd_per_hour": "$9/h"}))
    assert script.state.draft["model.instance_usd_per_hour"] == 9  # typed beats implied
    script.prompt(SetFields({"model.gpu": ""}))
    assert "model.gpu" not in script.state.draft
    assert "model.gpus_per_instance" not in script.state.draft
    owned = script.prompt(SetFields({"model.gpus_per_instance": "2"}))
    assert owned.field_errors.keys() == {"model.gpus_per_instance"}


def test_edit_modal_names_the_scenario() -> None:
    script = Script(Start(step=NAME))
    bad = script.prompt(SetFields({NAME: "x" * 81}))
    assert bad.field_errors.keys() == {NAME}
    good = script.prompt(SetFields({NAME: "Support bot"}))
    assert good.values[0].text == "Support bot" and good.values[0].origin == "typed"


# Names, help, editing, refusals ------------------------------------------------------------

def test_names() -> None:
    script = Script(Start(name="  Support bot ", step=NAME))
    named = script.last
    assert isinstance(named, Prompt) and named.values[0].text == "Support bot"
    too_long = script.prompt("y" * 81)
    assert too_long.field_errors.keys() == {NAME} and "1–80 characters" in too_long.errors[0]
    finished = script.send("name: back")
    assert isinstance(finished, Finished) and finished.name == "back"


def test_help_and_show() -> None:
    script = Script()
    helped = script.prompt("help")
    assert helped.show_help and helped.help == step("workload").help
    assert script.prompt(Show()) == script.prompt(Show())
    assert script.prompt(Help()).show_help


def test_a_text_to_a_conversation_never_started_starts_it() -> None:
    state, reply = handle(DialogueState(), Text("80k requests a day"), today=DAY)
    assert isinstance(reply, Prompt) and reply.confirm and state.status == "active"


def test_editing_a_saved_scenario() -> None:
    saved = expected(workload__requests_per_day=70_000, api__priced_at=date(2025, 1, 2))
    target = EditTarget(scenario_id="abc", name="Support bot", version=3, inputs=saved)
    script = Script(Start(edit=target))
    first = script.last
    assert isinstance(first, Prompt) and first.editing == "Support bot"
    assert values(first)["workload.requests_per_day"] == ("70,000 requests/day", "saved")
    script.answer("4k in")
    for _ in STEPS:
        reply = script.send(Next())
    assert isinstance(reply, Finished)
    assert (reply.name, reply.scenario_id, reply.base_version) == ("Support bot", "abc", 3)
    assert reply.inputs == saved.with_value("workload.avg_input_tokens_per_request", 4000)
    cancelled = Script(Start(edit=target)).send(Cancel())
    assert isinstance(cancelled, Cancelled) and "'Support bot' is unchanged" in cancelled.message


def test_a_refused_save_reopens_the_name_step() -> None:
    script = Script(Start(step=NAME))
    assert isinstance(script.send(Next()), Finished)
    again = script.send(Show())
    assert isinstance(again, Finished)  # finished stays finished until saved
    refused = script.prompt(Refuse(NAME, "name: 'x' is already taken"))
    assert refused.field_errors == {NAME: "name: 'x' is already taken"}
    assert refused.values[0].origin == "default" and script.state.name is None
    assert script.state.status == "active" and script.state.step == NAME
    assert isinstance(script.send("Another name"), Finished)


def test_a_stored_draft_the_engine_no_longer_accepts_is_shown_not_crashed_on() -> None:
    state = DialogueState(status="active", step="serving",
                          draft={"model.target_utilisation": 5.0})
    state, shown = handle(state, Show(), today=DAY)
    assert isinstance(shown, Prompt)
    assert shown.field_errors.keys() == {"model.target_utilisation"}
    state, fixed = handle(state, SetFields({"model.target_utilisation": "25%"}), today=DAY)
    assert isinstance(fixed, Prompt) and not fixed.errors
    assert state.draft == {"model.target_utilisation": 0.25}


def test_a_state_with_an_unknown_input_is_refused_whole() -> None:
    with pytest.raises(ValidationError, match=r"not inputs of the intake: ranges\.x"):
        DialogueState.from_json({"status": "active", "draft": {"ranges.x": 1}})


def test_retype_without_anything_pending() -> None:
    script = Script()
    assert script.prompt(Retype()).errors
    assert script.prompt(Confirm()).errors == ("There is nothing to confirm.",)


# Docstring examples ------------------------------------------------------------------------

@pytest.mark.parametrize("name", [
    "bot.dialogue.steps", "bot.dialogue.state", "bot.dialogue.machine", "bot.dialogue.draft",
    "bot.dialogue.display", "bot.dialogue.prompt", "bot.dialogue.targets",
])
def test_docstring_examples(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
    assert result.attempted > 0
