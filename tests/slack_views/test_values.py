"""bot.slack.values: every value ftroi puts in a button, an option or a modal decodes to
what it encoded, an old message's value (version 0) still reads, and anything else —
another kind, another version, a field out of range — is refused as not written by ftroi."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.slack.limits import BUTTON_VALUE, OPTION_VALUE, PRIVATE_METADATA, slack_len
from bot.slack.values import (
    VERBS,
    DecisionPick,
    MenuChoice,
    ModalContext,
    Page,
    Renaming,
    ScenarioRef,
    StepButton,
    TamperedValue,
)
from storage.rules import new_scenario_id

ids_ = st.builds(new_scenario_id) | st.from_regex(r"[A-Za-z0-9_-]{1,64}", fullmatch=True)
versions = st.integers(min_value=1, max_value=1_000_000)
refs = st.builds(ScenarioRef, ids_, versions)
names = st.text(min_size=1, max_size=80)


@given(refs, st.sampled_from(VERBS))
def test_refs_and_menu_choices_round_trip_and_fit_an_option(ref: ScenarioRef, verb: str) -> None:
    assert ScenarioRef.decode(ref.encode()) == ref
    choice = MenuChoice.of(verb, ref)  # type: ignore[arg-type]
    assert MenuChoice.decode(choice.encode()) == choice and choice.ref == ref
    assert slack_len(choice.encode()) <= OPTION_VALUE
    assert slack_len(ref.encode()) <= OPTION_VALUE


@given(st.builds(new_scenario_id), versions,
       st.from_regex(r"[a-z_]{1,20}(:[A-Za-z0-9./-]{1,40})?", fullmatch=True))
def test_decision_picks_round_trip_and_fit_an_option(scenario_id: str, version: int,
                                                     option: str) -> None:
    pick = DecisionPick(scenario_id, version, option)
    assert DecisionPick.decode(pick.encode()) == pick
    assert pick.ref == ScenarioRef(scenario_id, version)
    assert slack_len(pick.encode()) <= OPTION_VALUE  # option ids of up to 61 characters


@given(st.sampled_from(["mine", "all"]), st.none() | st.text(max_size=80),
       st.text(min_size=1, max_size=200))
def test_pages_round_trip_and_fit_a_button(scope: str, search: str | None, cursor: str) -> None:
    page = Page(scope, search, cursor)  # type: ignore[arg-type]
    assert Page.decode(page.encode()) == page
    assert slack_len(page.encode()) <= BUTTON_VALUE


@given(ids_, names, names)
def test_renamings_round_trip_and_fit_a_button(scenario_id: str, old: str, new: str) -> None:
    renaming = Renaming(scenario_id, old, new)
    assert Renaming.decode(renaming.encode()) == renaming
    assert slack_len(renaming.encode()) <= BUTTON_VALUE


@given(st.none() | ids_, st.none() | versions, st.none() | st.from_regex(r"C[A-Z0-9]{8,12}",
       fullmatch=True), st.none() | st.from_regex(r"[0-9]{10}\.[0-9]{6}", fullmatch=True),
       st.none() | st.sampled_from(["workload", "api", "serving", "name"]))
def test_modal_contexts_round_trip_and_fit(scenario_id: str | None, version: int | None,
                                           channel: str | None, ts: str | None,
                                           step: str | None) -> None:
    context = ModalContext(scenario_id, version, channel, ts, step)
    assert ModalContext.decode(context.encode()) == context
    assert slack_len(context.encode()) <= PRIVATE_METADATA


def test_step_buttons_round_trip() -> None:
    for button in (StepButton("workload"), StepButton("serving", 2)):
        assert StepButton.decode(button.encode()) == button


def test_values_of_messages_posted_before_the_codec_still_read() -> None:
    assert ScenarioRef.decode("1f2e3d4c5b6a7980@3") == ScenarioRef("1f2e3d4c5b6a7980", 3)
    assert MenuChoice.decode("fork|ab@2") == MenuChoice("fork", "ab", 2)
    assert Page.decode('{"scope":"mine","search":null,"cursor":"c"}') == Page("mine", None, "c")
    assert Renaming.decode('{"scenario_id":"ab","old":"A","new":"B"}') == Renaming("ab", "A", "B")
    assert ModalContext.decode("") == ModalContext()
    assert ModalContext.decode('{"scenario_id":"ab","version":2}') == ModalContext("ab", 2)
    assert StepButton.decode("workload") == StepButton("workload")
    assert StepButton.decode("api:1") == StepButton("api", 1)


TAMPERED = {
    ScenarioRef: ["", "abc", "abc@", "@3", "abc@x", "abc@-1", "abc@0", "a b@1",
                  'ref.2:{"scenario_id":"ab","version":1}',
                  'menu.1:{"verb":"open","scenario_id":"ab","version":1}',
                  'ref.1:{"scenario_id":"ab"}', 'ref.1:{"scenario_id":"ab","version":"1"}',
                  "ref.1:not json", 'ref.1:["ab", 1]'],
    MenuChoice: ["open|", "eat|ab@1", 'menu.1:{"verb":"nuke","scenario_id":"ab","version":1}'],
    Renaming: ["", "ab@1", "[]", '{"scenario_id":"ab","old":"x"}',
               '{"scenario_id":"ab","old":"x","new":3}',
               '{"scenario_id":"ab","old":"x","new":"' + "y" * 81 + '"}'],
    Page: ['{"scope":"everyone","search":null,"cursor":"c"}', '{"scope":"mine","cursor":""}'],
    ModalContext: ['{"channel_id":"<!here>"}', '{"version":-1}', "[]"],
    StepButton: ["api:x", "no such step!", 'step.1:{"step":"api","preset":100}'],
    DecisionPick: ["", "current_api", 'decide.1:{"scenario_id":"ab","version":1}',
                   'decide.1:{"scenario_id":"ab","version":1,"option":"a b"}',
                   'decide.1:{"scenario_id":"ab","version":1,"option":"' + "x" * 121 + '"}',
                   'decide.1:{"scenario_id":"ab","version":"1","option":"current_api"}'],
}


@pytest.mark.parametrize("kind, value", [(k, v) for k, vs in TAMPERED.items() for v in vs])
def test_a_value_ftroi_did_not_write_is_refused(kind: type, value: str) -> None:
    with pytest.raises(TamperedValue, match=f"not a {kind.WHAT} ftroi wrote"):
        kind.decode(value)
