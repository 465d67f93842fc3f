"""Several values in one answer, and what-if changes in plain words.

The steps are the dialogue's own (their fields the registry's, PRODUCT.md §3); the
sentences are the ones people type in a thread. Every value that comes back is applied to a
real ``Scenario`` somewhere below, so the paths are the engine's.
"""

from __future__ import annotations

from collections.abc import Iterable

import pytest

from bot.dialogue.parse import (
    ACCEPTED_CHANGES,
    Change,
    Choice,
    Duration,
    FieldSpec,
    Gpu,
    Parsed,
    ParseError,
    intake_fields,
    parse_step_answer,
    parse_whatif,
    read_field,
)
from bot.dialogue.steps import STEPS, step
from engine.models import Scenario

WORKLOAD, SERVING, QUALITY, PROJECT = (step(s).fields for s in
                                       ("workload", "serving", "quality", "project"))
REQ, IN, OUT = (f.path for f in WORKLOAD[:3])


def apply(parsed: Parsed) -> Scenario:
    scenario = Scenario()
    for path, value in parsed.values.items():
        scenario = scenario.with_value(path, value)
    return scenario


@pytest.mark.parametrize(("text", "expected"), [
    ("80k requests a day, 600 in and 250 out", {REQ: 80_000, IN: 600, OUT: 250}),
    ("600 input tokens, 250 output", {IN: 600, OUT: 250}),
    ("50k/day", {REQ: 50_000}),
    ("80k requests a day 600 in 250 out", {REQ: 80_000, IN: 600, OUT: 250}),
    ("input 600, output 250", {IN: 600, OUT: 250}),
    ("in 600 out 250", {IN: 600, OUT: 250}),
    ("about 80k calls daily; prompt ~1,200 tokens; completion 300", {REQ: 80_000, IN: 1_200,
                                                                       OUT: 300}),
    ("2.4M requests/month", {REQ: 80_000}),
])
def test_workload_sentences(text: str, expected: dict[str, float]) -> None:
    parsed = parse_step_answer(text, WORKLOAD)
    assert parsed.values == expected
    assert parsed.complete
    apply(parsed)


def test_the_echo_names_each_value_with_its_unit() -> None:
    parsed = parse_step_answer("80k requests a day, 600 in and 250 out", WORKLOAD)
    assert parsed.echo == ("requests/day: 80,000", "input tokens/request: 600",
                           "output tokens/request: 250")


def test_a_converted_value_says_how_in_its_echo() -> None:
    assert parse_step_answer("2.4M requests/month", WORKLOAD).echo == (
        "requests/day: 80,000 (from 2.4M/month at 30 days/month)",)


def test_a_lone_number_goes_to_the_one_unset_field() -> None:
    parsed = parse_step_answer("600", WORKLOAD, unset=[OUT])
    assert parsed.values == {OUT: 600}


def test_a_lone_number_with_several_unset_fields_is_asked_about() -> None:
    parsed = parse_step_answer("600", WORKLOAD)
    assert parsed.values == {}
    (unread,) = parsed.unread
    assert "'600' could be" in unread.message and "'600 input'" in unread.message


def test_numbers_without_cues_as_many_as_the_fields_go_in_the_order_asked() -> None:
    parsed = parse_step_answer("80k, 600, 250", WORKLOAD)
    assert parsed.values == {REQ: 80_000, IN: 600, OUT: 250}
    assert all(line.endswith("(in the order asked)") for line in parsed.echo)


def test_a_cued_value_and_the_rest_in_order() -> None:
    parsed = parse_step_answer("80k requests, 600, 250", WORKLOAD)
    assert parsed.values == {REQ: 80_000, IN: 600, OUT: 250}
    assert parsed.echo[0] == "requests/day: 80,000"


def test_tokens_per_day_with_a_split_keeps_the_current_request_size() -> None:
    current = {IN: 500, OUT: 200}  # the seed's request: 700 tokens
    parsed = parse_step_answer("2.5M tokens/day, 70% input", WORKLOAD, current=current)
    assert parsed.values[IN] == 490 and parsed.values[OUT] == 210
    assert parsed.values[REQ] == pytest.approx(2_500_000 / 700)
    assert "the current request size" in parsed.echo[0]
    apply(parsed)


def test_tokens_per_day_with_a_request_size_and_a_split() -> None:
    parsed = parse_step_answer("2.5M tokens/day, 70/30, 1,000 tokens per request", WORKLOAD)
    assert parsed.values == {REQ: 2_500, IN: 700, OUT: 300}


def test_tokens_per_day_with_requests_per_day_divides() -> None:
    parsed = parse_step_answer("2.5M tokens/day and 2,500 requests a day, 30% output",
                               WORKLOAD)
    assert parsed.values == {REQ: 2_500, IN: 700, OUT: 300}


def test_tokens_per_day_with_input_tokens_finds_the_requests() -> None:
    parsed = parse_step_answer("2.5M tokens/day, 70% input, 700 in", WORKLOAD)
    assert parsed.values == {REQ: 2_500, IN: 700, OUT: 300}


def test_tokens_per_day_that_contradict_the_requests_are_refused() -> None:
    parsed = parse_step_answer("2.5M tokens/day, 80k requests, 600 in, 250 out", WORKLOAD)
    assert any("'2.5M tokens/day'" in u.message and "disagrees" in u.message
               for u in parsed.unread)


def test_a_split_that_contradicts_the_tokens_is_refused() -> None:
    parsed = parse_step_answer("2.5M tokens/day, 2,500 requests, 70% input, 600 in", WORKLOAD)
    assert any("not your 70% input split" in u.message for u in parsed.unread)


def test_tokens_per_day_alone_asks_for_a_request_size() -> None:
    (unread,) = parse_step_answer("2.5M tokens/day", WORKLOAD).unread
    assert "'2.5M tokens/day'" in unread.message
    assert "'80k requests a day'" in unread.message


def test_a_split_without_tokens_per_day_is_reported() -> None:
    (unread,) = parse_step_answer("70% input", WORKLOAD).unread
    assert "'70% input'" in unread.message and "tokens/day" in unread.message


def test_what_is_not_understood_is_reported_and_the_rest_kept() -> None:
    parsed = parse_step_answer("80k requests a day, 600 in, and bananas", WORKLOAD)
    assert parsed.values == {REQ: 80_000, IN: 600}
    assert not parsed.complete
    (unread,) = parsed.unread
    assert unread.message == "could not read 'bananas'"
    assert parsed.problems == (unread.message, parsed.hint)  # what the step takes, once
    assert "'80k requests a day'" in parsed.hint


def test_two_values_for_one_field_are_asked_about_not_picked() -> None:
    parsed = parse_step_answer("80k requests, 90k requests", WORKLOAD)
    assert parsed.values == {}
    assert "'80k requests' and '90k requests'" in parsed.unread[0].message


def test_nothing_typed() -> None:
    parsed = parse_step_answer("  ", WORKLOAD)
    assert not parsed.complete and "nothing to read" in parsed.unread[0].message


def test_serving_sentence_reads_every_part() -> None:
    parsed = parse_step_answer("mistral 7b lora on 2x a10g, spot, vllm, int4", SERVING)
    assert parsed.values == {
        "model.model_size_b": 7.0, "model.method": "lora", "model.gpu": "a10g",
        "model.gpus_per_instance": 2, "model.pricing": "spot", "model.engine": "vllm",
        "model.quantisation": "int4", "model.instance_usd_per_hour": None,
        "model.throughput_tokens_per_s_per_instance": None,
    }
    assert "GPU: 2× A10G (2 GPUs in one instance)" in parsed.echo
    assert apply(parsed).model.gpus_per_instance == 2


def test_a_fixed_word_inside_a_clause_is_peeled_off() -> None:
    parsed = parse_step_answer("7b qlora on 2x a10g spot", SERVING)
    assert parsed.values["model.pricing"] == "spot"
    assert parsed.values["model.method"] == "qlora"


def test_size_it_for_me() -> None:
    parsed = parse_step_answer("h100, size it for me", SERVING)
    assert parsed.values["model.num_instances"] is None
    assert parsed.values["model.gpus_per_instance"] is None
    apply(parsed)


def test_custom_gpu_keeps_its_price() -> None:
    parsed = parse_step_answer("$3.20/h custom gpu, 2 instances", SERVING)
    assert parsed.values["model.instance_usd_per_hour"] == 3.2
    assert parsed.values["model.num_instances"] == 2


def test_quality_step_with_cues() -> None:
    parsed = parse_step_answer("2% with the api, 3% fine-tuned, $5 per review", QUALITY)
    assert parsed.values == {"quality.human_review_rate_api": 0.02,
                             "quality.human_review_rate_ft": 0.03,
                             "quality.cost_per_review_usd": 5.0}
    apply(parsed)


def test_a_rate_that_fits_two_fields_is_asked_about() -> None:
    (unread,) = parse_step_answer("3%", QUALITY).unread
    assert "'3% api'" in unread.message and "'3% fine-tuned'" in unread.message


def test_project_step_without_cues() -> None:
    parsed = parse_step_answer("8 runs at $40 each, $150/h, lifetime 1.5 years", PROJECT)
    assert parsed.values == {"project.num_training_runs": 8,
                             "project.compute_usd_per_run": 40.0,
                             "project.engineer_usd_per_hour": 150.0,
                             "project.model_lifetime_months": 18.0}
    assert "model lifetime: 18 months (from '1.5 years')" in parsed.echo


def test_a_bare_duration_is_not_taken_for_the_lifetime() -> None:
    """Was: '2 people for 6 weeks' offered as a 1.4-month model lifetime."""
    parsed = parse_step_answer("8 runs, 1.5 years", PROJECT)
    assert parsed.values == {"project.num_training_runs": 8}
    assert parsed.unread[0].message == (
        "'1.5 years' does not say what it is for; say which: engineering hours in total "
        "(e.g. '2 people for 6 weeks'); model lifetime (e.g. 'lifetime 18 months'); "
        "retrain every (e.g. 'retrain every 6 months')")


def test_a_monthly_pay_is_per_working_hour_and_echoed_as_converted() -> None:
    """Was: $3,600/month at 720 h/month ($5/hour), the hours of a month of the clock."""
    parsed = parse_step_answer("engineer rate $3,600/month", PROJECT)
    assert parsed.values == {"project.engineer_usd_per_hour": pytest.approx(3600 * 12 / 2080)}
    assert parsed.echo == ("engineer rate: $20.77/hour (from $3,600/month at 173.3 h a month, "
                           "2,080 working hours a year)",)


def test_an_instance_price_per_month_is_per_hour_of_the_clock() -> None:
    parsed = parse_step_answer("instance price $3,600/month", SERVING)
    assert parsed.values["model.instance_usd_per_hour"] == 5.0
    assert parsed.echo == ("instance price: $5/hour (from $3,600/month at 720 h/month)",)


# --- problems the dialogue reported -------------------------------------------------------

SIZE, GPU, COUNT = "model.model_size_b", "model.gpu", "model.gpus_per_instance"


@pytest.mark.parametrize(("text", "size"), [
    ("70b", 70.0), ("13b", 13.0), ("13B", 13.0), ("70 b", 70.0), ("7b model", 7.0),
    ("7 billion", 7.0), ("1.5b", 1.5),
])
def test_a_bare_b_suffixed_number_in_the_serving_step_is_the_model_size(text: str,
                                                                         size: float) -> None:
    """Was: "'70b' could be fine-tuned model or instances or instance price or throughput"."""
    for unset in (None, ["model.num_instances", "model.instance_usd_per_hour"]):
        parsed = parse_step_answer(text, SERVING, unset=unset)
        assert parsed.values == {SIZE: size} and parsed.complete, parsed.unread
    apply(parsed)


def test_a_b_suffixed_number_is_the_model_size_in_the_dialogues_own_serving_step() -> None:
    (serving,) = [s for s in STEPS if s.id == "serving"]
    assert parse_step_answer("70b", serving.fields).values == {SIZE: 70.0}


def test_a_plain_number_in_the_serving_step_is_still_asked_about() -> None:
    (unread,) = parse_step_answer("70", SERVING).unread
    assert "'70' could be" in unread.message


@pytest.mark.parametrize(("text", "size", "gpu", "count"), [
    ("13b lora on 2x a100 40gb", 13.0, "a100_40g", 2),
    ("70b on 2x a100 80gb", 70.0, "a100_80g", 2),
    ("13b lora on 2x A100 40GB", 13.0, "a100_40g", 2),
    ("70b on 2x a100 80 GB", 70.0, "a100_80g", 2),
    ("13b on 4xA100-40GB", 13.0, "a100_40g", 4),
    ("13b on a100_40gb", 13.0, "a100_40g", None),
    ("13b lora on nvidia a100 sxm4 40gb", 13.0, "a100_40g", None),
    ("7b qlora on 2x 80GB A100s", 7.0, "a100_80g", 2),
    ("7b lora on h100 80gb", 7.0, "h100", None),
    ("7b lora on h100 pcie 80gb", 7.0, "h100_pcie", None),
    ("70b using 8x h200 141gb", 70.0, "h200", 8),
    ("8b lora with l4 24GB", 8.0, "l4", None),
    ("7b served on a10g 24gb", 7.0, "a10g", None),
    ("70b qlora gpu 2x a100 80gb", 70.0, "a100_80g", 2),
])
def test_a_gpu_memory_size_in_a_sentence_stays_with_the_gpu(text: str, size: float, gpu: str,
                                                            count: int | None) -> None:
    """Was: '13b lora on 2x a100 40gb' read as A100 80GB with '40gb' left unread, and
    '70b on 2x a100 80gb' left '70b on' ambiguous."""
    parsed = parse_step_answer(text, SERVING)
    assert parsed.complete, parsed.unread
    assert (parsed.values[SIZE], parsed.values[GPU], parsed.values[COUNT]) == (size, gpu, count)
    apply(parsed)


@pytest.mark.parametrize("lead", ["on", "with", "using", "served on", "served with",
                                  "running on", "on an"])
def test_words_leading_to_a_gpu_are_fillers(lead: str) -> None:
    parsed = parse_step_answer(f"13b lora {lead} 2x a100 40gb, spot", SERVING)
    assert parsed.complete, parsed.unread
    assert parsed.echo == ("fine-tuned model: 13B", "method: LoRA",
                           "GPU: 2× A100 40GB (2 GPUs in one instance)", "pricing: spot")


def test_a_gpu_in_the_middle_of_a_clause_keeps_the_words_on_either_side() -> None:
    parsed = parse_step_answer("7b qlora served on 2x a100 40gb spot int4", SERVING)
    assert parsed.complete, parsed.unread
    assert parsed.values["model.pricing"] == "spot"
    assert parsed.values["model.quantisation"] == "int4"
    assert parsed.values[GPU] == "a100_40g"


def test_a_memory_size_the_gpu_does_not_come_in_is_refused_not_dropped() -> None:
    parsed = parse_step_answer("70b on 2x h100 40gb", SERVING)
    assert parsed.values == {SIZE: 70.0}
    (unread,) = parsed.unread
    assert "h100 40gb" in unread.message and "H100 has 80GB" in unread.message


def test_the_dialogues_serving_presets_still_read_whole() -> None:
    (serving,) = [s for s in STEPS if s.id == "serving"]
    for preset in serving.presets:
        assert preset.answer is not None
        assert parse_step_answer(preset.answer, serving.fields).complete


@pytest.mark.parametrize(("unit", "shown"), [
    ("months", "'18 months'"), ("hours", "'10 hours'"), ("ms", "'500 ms'"),
])
def test_a_duration_example_follows_the_fields_unit(unit: str, shown: str) -> None:
    """Was: "e.g. '18 months'" for peak hours/day and for the latency requirement (ms)."""
    spec = FieldSpec("x.duration", "duration", Duration(unit))
    assert spec.example == shown
    read_field(shown.strip("'"), spec)


def test_every_duration_field_of_the_dialogue_has_an_example_in_its_unit() -> None:
    durations = [f for s in STEPS for f in s.fields if isinstance(f.kind, Duration)]
    assert durations
    for spec in durations:
        typed = spec.examples[0]
        parsed = parse_step_answer(typed, step(spec.step or "").fields)
        assert parsed.complete and parsed.echo[0].endswith(f" {spec.kind.unit}"), typed


def test_the_training_gpu_example_is_one_gpu_it_accepts() -> None:
    spec = FieldSpec("training.gpu", "training GPU", Gpu(serving=False))
    read_field(spec.example.strip("'"), spec)


def _takes(fields: list[FieldSpec]) -> str:
    return parse_step_answer("bananas", fields).hint


LONG_STEP = [FieldSpec(f"x.field_{n}", f"a rather long field label number {n}",
                       Choice("pricing")) for n in range(17)]


@pytest.mark.parametrize("fields", [*(s.fields for s in STEPS if s.fields), LONG_STEP],
                         ids=[*(s.id for s in STEPS if s.fields), "long"])
def test_this_step_takes_lists_at_most_six_fields_in_300_characters(
        fields: tuple[FieldSpec, ...]) -> None:
    """Was: every field of the step, 17 on the project step."""
    takes = _takes(list(fields))
    assert len(takes) <= 300
    listed = takes.count("(e.g.")
    assert listed <= 6
    if listed < len(fields):
        assert takes.endswith("…, or type 'help' for all of them")
    for spec in fields[:listed]:
        assert f"{spec.label} (e.g. {spec.example})" in takes


def test_the_project_step_names_its_first_fields_and_points_to_help() -> None:
    (project,) = [s for s in STEPS if s.id == "project"]
    assert len(project.fields) > 6
    takes = _takes(list(project.fields))
    assert takes.startswith("this step takes training runs (e.g.")
    assert takes.endswith("; …, or type 'help' for all of them")
    assert project.fields[-1].label not in takes


def test_a_short_step_still_lists_every_field_without_help() -> None:
    takes = _takes(WORKLOAD[:3])
    assert takes == ("this step takes requests/day (e.g. '80k requests a day'); input "
                     "tokens/request (e.g. '600 in'); output tokens/request (e.g. '250 out')")


# --- what-if ---------------------------------------------------------------------------

SCALES = [
    ("volume x2", 2.0), ("2x the volume", 2.0), ("double the volume", 2.0),
    ("volume +50%", 1.5), ("50% more volume", 1.5), ("volume -20%", 0.8),
    ("volume up 20%", 1.2), ("the traffic doubles", 2.0), ("halve the volume", 0.5),
    ("volume ×3", 3.0), ("10x traffic", 10.0),
]


@pytest.mark.parametrize(("text", "factor"), SCALES)
def test_volume_scales(text: str, factor: float) -> None:
    assert parse_whatif(text) == [Change("workload.requests_per_day", "scale",
                                         pytest.approx(factor), f"requests/day: ×{factor:g}")]


SETS = [
    ("gpu h100", "model.gpu", "h100"),
    ("on an H100", "model.gpu", "h100"),
    ("2x a10g", "model.gpus_per_instance", 2),
    ("2 instances", "model.num_instances", 2),
    ("instances 3", "model.num_instances", 3),
    ("auto instances", "model.num_instances", None),
    ("review rate 3%", "quality.human_review_rate_ft", 0.03),
    ("api review rate 1%", "quality.human_review_rate_api", 0.01),
    ("cost per review $4", "quality.cost_per_review_usd", 4.0),
    ("api claude 3 haiku", "api.model", "claude-3-haiku"),
    ("gpt-4o-mini", "api.model", "gpt-4o-mini"),
    ("lifetime 24 months", "project.model_lifetime_months", 24.0),
    ("24 month lifetime", "project.model_lifetime_months", 24.0),
    ("lifetime 2y", "project.model_lifetime_months", 24.0),
    ("rate $120/h", "project.engineer_usd_per_hour", 120.0),
    ("$120/h rate", "project.engineer_usd_per_hour", 120.0),
    ("instance price $2/h", "model.instance_usd_per_hour", 2.0),
    ("spot", "model.pricing", "spot"),
    ("on-demand", "model.pricing", "on_demand"),
    ("int4", "model.quantisation", "int4"),
    ("4-bit", "model.quantisation", "int4"),
    ("transformers", "model.engine", "transformers"),
    ("13b lora", "model.model_size_b", 13.0),
    ("qlora", "model.method", "qlora"),
    ("input 800 tokens", "workload.avg_input_tokens_per_request", 800.0),
    ("output 300 tokens", "workload.avg_output_tokens_per_request", 300.0),
    ("volume 100k", "workload.requests_per_day", 100_000.0),
    ("growth 5%/month", "workload.monthly_growth_rate", 0.05),
    ("utilisation 40%", "model.target_utilisation", 0.4),
    ("10 training runs", "project.num_training_runs", 10),
    ("compute $500 per run", "project.compute_usd_per_run", 500.0),
]


@pytest.mark.parametrize(("text", "path", "value"), SETS)
def test_single_changes(text: str, path: str, value: object) -> None:
    changes = {c.path: c for c in parse_whatif(text)}
    assert changes[path].op == "set" and changes[path].value == value
    apply_changes(changes.values())


def apply_changes(changes: Iterable[Change]) -> Scenario:
    scenario = Scenario(model={"num_instances": 2})
    for c in changes:
        value = scenario.get(c.path) * float(str(c.value)) if c.op == "scale" else c.value
        scenario = scenario.with_value(c.path, value)
    return scenario


def test_combined_question_from_a_thread() -> None:
    changes = parse_whatif("what if we use an H100 and 2x the volume?")
    assert [(c.path, c.op, c.value) for c in changes] == [
        ("model.gpu", "set", "h100"),
        ("model.gpus_per_instance", "set", None),
        ("model.instance_usd_per_hour", "set", None),
        ("model.throughput_tokens_per_s_per_instance", "set", None),
        ("workload.requests_per_day", "scale", 2.0),
    ]
    assert changes[0].echo == "GPU: H100 (as many per instance as the model needs)"
    assert changes[2].echo == "instance price: the catalog's"
    scenario = apply_changes(changes)
    assert scenario.model.gpu == "h100" and scenario.workload.requests_per_day == 100_000


def test_comma_list_of_changes() -> None:
    changes = parse_whatif("gpu h100, 2 instances, lifetime 24 months")
    by_path = {c.path: c.value for c in changes}
    assert by_path["model.gpu"] == "h100"
    assert by_path["model.num_instances"] == 2
    assert by_path["project.model_lifetime_months"] == 24.0


def test_a_typed_price_beats_the_catalog_price_a_gpu_implies() -> None:
    by_path = {c.path: c.value for c in parse_whatif("gpu h100, instance price $2/h")}
    assert by_path["model.instance_usd_per_hour"] == 2.0


def test_a_new_api_model_drops_custom_prices() -> None:
    by_path = {c.path: c.value for c in parse_whatif("api claude 3 haiku")}
    assert by_path["api.input_usd_per_1m_tokens"] is None
    assert by_path["api.output_usd_per_1m_tokens"] is None


def test_engineering_hours_in_total_are_spread_over_the_phases() -> None:
    changes = parse_whatif("engineer hours 264")
    assert len(changes) == 8 and {c.op for c in changes} == {"set"}
    assert apply_changes(changes).project.engineer_hours.total == pytest.approx(264)
    assert apply_changes(changes).project.engineer_hours.data_collection == pytest.approx(80)


def test_engineering_hours_scale_every_phase() -> None:
    changes = parse_whatif("engineering hours x1.5")
    assert len(changes) == 8 and {c.op for c in changes} == {"scale"}
    assert apply_changes(changes).project.engineer_hours.total == pytest.approx(132 * 1.5)


@pytest.mark.parametrize(("text", "quoted"), [
    ("make it purple", "'purple'"),
    ("gpu h100 and bananas", "'bananas'"),
    ("volume 2.5M tokens/day", "'2.5M tokens/day'"),
    ("rate 3%", "'3%'"),
    ("2", "'2'"),
    ("", "''"),
    ("instances x2", "'instances x2'"),
])
def test_unknown_parts_are_quoted_with_the_accepted_changes(text: str, quoted: str) -> None:
    with pytest.raises(ParseError) as caught:
        parse_whatif(text)
    assert quoted in str(caught.value)
    assert ACCEPTED_CHANGES in str(caught.value)


def test_two_values_for_one_input_are_refused() -> None:
    with pytest.raises(ParseError, match="twice"):
        parse_whatif("gpu h100, gpu a10g")


def test_the_accepted_list_names_every_example_of_the_brief() -> None:
    for form in ("volume x2", "2x the volume", "double the volume", "volume +50%", "gpu h100",
                 "on an H100", "2 instances", "review rate 3%", "api claude 3 haiku",
                 "lifetime 24 months", "rate $120/h", "spot", "int4"):
        assert f"'{form}'" in ACCEPTED_CHANGES
        parse_whatif(form)


@pytest.mark.parametrize(("step_id", "text", "message"), [
    # Was: "unknown API model 'for 6 weeks'" (anything with a letter before a digit named a
    # model); a length of time with nothing named names the fields that take one.
    ("api", "for 6 weeks", "could not read 'for 6 weeks'"),
    (None, "for 6 weeks",
     "'for 6 weeks' does not say what it is for; say which: engineering hours in total (e.g. "
     "'2 people for 6 weeks'); model lifetime (e.g. 'lifetime 18 months'); retrain every "
     "(e.g. 'retrain every 6 months')"),
    # Was: "did you mean 'gpt-4o-mini' or 'ft:gpt-4o-mini'?" for today's API.
    (None, "we're on gtp-4o-mni",
     "'we're on gtp-4o-mni': unknown API model 'gtp-4o-mni'; did you mean 'gpt-4o-mini'? "
     "accepted: a model the price catalog lists, e.g. 'gpt-4o', 'GPT-4o mini', 'claude 3.5 "
     "sonnet', 'claude 3 haiku', 'gemini 2.5 pro'; or custom prices per 1M tokens ('$2.50/1M "
     "in, $10/1M out')"),
    # Was: "could not read the unit in '2 12'" for "a few hundred"-like words, or the
    # fragment with its field's words taken out ("'a few hundred a day' is not a number").
    (None, "a few hundred requests a day",
     "'a few hundred requests a day': 'a few hundred' is not a number; requests/day is at "
     "least 0 requests/day and at most 10,000,000,000 requests/day, e.g. '80k requests a day'"),
    ("project", "dozens of runs",
     "'dozens of runs': 'dozens' is not a number; training runs is at least 0 runs and at most "
     "10,000 runs, e.g. '8 runs'"),
    (None, "a few", "'a few' is not a number; give the figure itself"),
    # Was: "could not read 'review rate 3%' as a rate"; "review" alone names neither rate.
    ("quality", "review 3%",
     "'review 3%' could be review rate with the API or review rate fine-tuned; say which, "
     "e.g. 'review 3% api', 'review 3% fine-tuned'"),
])
def test_a_refusal_quotes_the_words_typed_and_names_what_is_accepted(
        step_id: str | None, text: str, message: str) -> None:
    parsed = parse_step_answer(text, step(step_id).fields if step_id else intake_fields())
    assert [u.message for u in parsed.unread] == [message]
    assert not parsed.values


@pytest.mark.parametrize(("text", "values", "echo"), [
    ("review rate with the API 3%", {"quality.human_review_rate_api": 0.03},
     "review rate with the API: 3%"),
    ("3% review with the API", {"quality.human_review_rate_api": 0.03},
     "review rate with the API: 3%"),
    ("review 3% with the API", {"quality.human_review_rate_api": 0.03},
     "review rate with the API: 3%"),
    ("we review 3% of answers", {"quality.human_review_rate_api": 0.03},
     "review rate with the API: 3% (what you review today, so with the API; for the "
     "fine-tuned model say '3% fine-tuned')"),
    ("reviews cost $2 each", {"quality.cost_per_review_usd": 2.0},
     "cost per review: $2 per review"),
    ("about 2 dozen runs", {"project.num_training_runs": 24}, "training runs: 24"),
])
def test_review_rates_costs_and_dozens_as_people_say_them(text: str, values: dict[str, float],
                                                          echo: str) -> None:
    """Was: refused ("could not read 'review rate 3%' as a rate", "'we review 3%' is not a
    number; accepted: e.g. '250 out'", "could not read the unit in '2 12'"). Read across
    every step, as ``--say`` reads them."""
    parsed = parse_step_answer(text, intake_fields())
    assert (parsed.values, parsed.echo, parsed.unread) == (values, (echo,), ())
