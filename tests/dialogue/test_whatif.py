"""``bot.dialogue.whatif``: the changes applied as every surface applies them, refusals as
:class:`ParseError` quoting the change, and fork names within the name limit.

End to end, the same functions are checked through ``ftroi whatif``
(``tests/terminal_commands/test_cmd_whatif.py``) and Slack's forks
(``tests/slack/test_slack_scenarios.py``, ``tests/slack/test_slack_cards.py``).
"""

from __future__ import annotations

import doctest
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.dialogue import whatif
from bot.dialogue.parse import ACCEPTED_CHANGES, Change, ParseError, parse_whatif
from bot.dialogue.whatif import apply_changes, fork_name
from engine.analysis import analyse
from engine.models import Scenario
from storage import MAX_NAME_LENGTH

BASE = Scenario().with_value("api.priced_at", date(2026, 1, 5))


def test_docstring_examples() -> None:
    result = doctest.testmod(whatif, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0 and result.attempted > 0


def test_every_change_is_applied_at_once() -> None:
    after = apply_changes(BASE, parse_whatif("gpu h100, volume x2, review rate 3%"))
    assert after.model.gpu == "h100"
    assert after.workload.requests_per_day == 2 * BASE.workload.requests_per_day
    assert after.quality.human_review_rate_ft == 0.03
    assert apply_changes(BASE, []) == BASE


def test_a_factor_on_a_value_the_engine_chose_multiplies_the_engines_figure() -> None:
    assert BASE.project.compute_usd_per_run is None
    before = analyse(BASE, at=date(2026, 1, 5))
    after = apply_changes(BASE, parse_whatif("compute x2"), analysis=before)
    assert after.project.compute_usd_per_run == pytest.approx(
        2 * before.project.compute_per_run_usd)


def test_a_factor_with_nothing_to_multiply_is_refused_by_name() -> None:
    with pytest.raises(ParseError, match=r"'compute per run: ×2' cannot be applied: "
                                         r"project.compute_usd_per_run has no number"):
        apply_changes(BASE, parse_whatif("compute x2"))  # no analysis to take it from


def test_a_factor_must_be_a_number() -> None:
    odd = Change("workload.requests_per_day", "scale", "two", "requests/day: ×two")
    with pytest.raises(ParseError, match="a factor must be a number, not 'two'"):
        apply_changes(BASE, [odd])


def test_a_value_outside_the_fields_bounds_is_refused_as_it_is_read() -> None:
    with pytest.raises(ParseError) as refused:
        parse_whatif("utilisation 0%")
    message = str(refused.value)
    assert message.startswith("'utilisation 0%': '0%' is too small: target utilisation is "
                              "at least 1%")
    assert message.endswith(f" — accepted changes: {ACCEPTED_CHANGES}")


def test_a_value_the_models_refuse_quotes_the_change_and_what_is_accepted() -> None:
    with pytest.raises(ParseError) as refused:
        apply_changes(BASE, parse_whatif("peak hours 10"))  # a traffic shape needs both
    message = str(refused.value)
    assert message.startswith("'peak hours/day: 10 hours' is not accepted: workload: traffic "
                              "shape needs both")
    assert message.endswith(f" — accepted changes: {ACCEPTED_CHANGES}")


@given(st.text(min_size=1, max_size=MAX_NAME_LENGTH).filter(str.strip),
       st.text(max_size=300), st.integers(min_value=1, max_value=10_000))
def test_a_fork_name_always_fits_the_name_limit(parent: str, text: str, attempt: int) -> None:
    name = fork_name(parent, text, attempt)
    assert len(name) <= MAX_NAME_LENGTH
    assert name.endswith(f") #{attempt}" if attempt > 1 else ")")
