"""bot.slack.ids: one naming scheme, unique ids (the values they carry: test_values.py)."""

from __future__ import annotations

import re

from bot.slack import ids
from bot.slack.ids import item, matcher

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
