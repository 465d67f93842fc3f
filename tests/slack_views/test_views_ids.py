"""bot.slack.ids: one naming scheme, unique ids, values that decode to what they encode."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.slack import ids
from bot.slack.ids import MenuChoice, ModalContext, Page, Renaming, ScenarioRef, item, matcher

CONSTANTS = {name: getattr(ids, name) for name in ids.__all__ if name.isupper()}


def test_every_id_follows_the_scheme_and_is_unique() -> None:
    for name, value in CONSTANTS.items():
        assert re.fullmatch(r"ftroi\.[a-z]+\.[a-z_]+", value), name
        assert len(value) <= 200  # room for item suffixes within 255
    assert len(set(CONSTANTS.values())) == len(CONSTANTS)


def test_matcher_matches_every_copy_and_nothing_else() -> None:
    pattern = matcher(ids.SCENARIO_OPEN)
    assert pattern.match(ids.SCENARIO_OPEN)
    assert pattern.match(item(ids.SCENARIO_OPEN, "mine", 3))
    assert not pattern.match(ids.SCENARIO_OPEN + "x")
    assert not pattern.match(ids.SCENARIO_FORK)
    assert not matcher(ids.CARD_EDIT).match(ids.CARD_EXPORT)


refs = st.builds(ScenarioRef, st.text(min_size=1, max_size=40).filter(lambda s: s.strip()),
                 st.integers(min_value=1, max_value=10**6))


@given(refs)
def test_refs_and_menu_choices_round_trip(ref: ScenarioRef) -> None:
    assert ScenarioRef.decode(ref.encode()) == ref
    for verb in ("open", "compare", "fork", "delete"):
        choice = MenuChoice(verb, ref)
        assert MenuChoice.decode(choice.encode()) == choice


@given(st.sampled_from(["mine", "all"]), st.none() | st.text(max_size=100), st.text(max_size=80))
def test_pages_and_modal_contexts_round_trip(scope: str, search: str | None, cursor: str) -> None:
    p = Page(scope, search, cursor)  # type: ignore[arg-type]
    assert Page.decode(p.encode()) == p
    c = ModalContext(cursor or None, 3, "C123", None)
    assert ModalContext.decode(c.encode()) == c


@pytest.mark.parametrize("value", ["", "abc", "abc@", "@3", "abc@x", "abc@-1"])
def test_bad_refs_are_refused_by_name(value: str) -> None:
    with pytest.raises(ValueError, match="not a scenario reference"):
        ScenarioRef.decode(value)
    with pytest.raises(ValueError):
        MenuChoice.decode(f"open|{value}")
    with pytest.raises(ValueError, match="not a menu choice"):
        MenuChoice.decode(f"eat|ab@{value}")


@given(st.text(max_size=40), st.text(max_size=100), st.text(max_size=100))
def test_renamings_round_trip(scenario_id: str, old: str, new: str) -> None:
    renaming = Renaming(scenario_id, old, new)
    assert Renaming.decode(renaming.encode()) == renaming


@pytest.mark.parametrize("value", ["", "ab@1", "[]", '{"scenario_id":"ab","old":"x"}',
                                   '{"scenario_id":"ab","old":"x","new":3}'])
def test_bad_renamings_are_refused_by_name(value: str) -> None:
    with pytest.raises(ValueError, match="not a renaming"):
        Renaming.decode(value)
