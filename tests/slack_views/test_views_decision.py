"""The decision views: the card's Record decision… menu, the thread's notice of a decision
(where the option stands, in the engine's figures), the App Home's line; and the README's
example of a notice, which must be what the code says."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path

from views_support import NASTY_NAMES

from bot.slack.limits import OPTION_VALUE, slack_len
from bot.slack.values import DecisionPick
from bot.slack.views.checks import check_blocks
from bot.slack.views.decision import decided_line, decision_menu, decision_notice, ranked
from bot.slack.views.kit import md, name_md
from engine.analysis import Analysis, analyse
from engine.figures import usd
from engine.models import Scenario
from engine.options import Option
from storage import RecordedDecision

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
DAY = date(2026, 1, 5)


def default() -> Analysis:
    return analyse(Scenario().with_value("api.priced_at", DAY), at=DAY)


def decided(o: Option, *, label: str | None = None) -> RecordedDecision:
    return RecordedDecision(id="d1", team_id="T1", scenario_id="1f2e3d4c5b6a7980", version=2,
                            option_id=o.id, option_label=label or o.label,
                            decided_by="U0ALICE0001", decided_by_name="alice",
                            decided_at=datetime(2026, 1, 5, 9, tzinfo=UTC))


def shown(a: Analysis, o: Option, name: str = "Support bot") -> str:
    message = decision_notice(decided(o), a, name=name).to_dict()
    assert check_blocks(message["blocks"], surface="message") == []
    return " ".join(b["text"]["text"] if "text" in b else b["elements"][0]["text"]
                    for b in message["blocks"])


def test_a_choice_other_than_the_best_says_what_it_costs_more() -> None:
    a = default()
    kept, best = a.decision.option("current_api"), a.decision.best_option
    text = shown(a, kept)
    place = [o.id for o in ranked(a)].index("current_api") + 1
    assert f"number {place} of the {len(a.decision.options)} options costed" in text
    assert md(f"{usd(kept.lifetime_usd - best.lifetime_usd)} more than the best "
              f"({best.label})") in text
    assert "chosen by <@U0ALICE0001> on version 2 of *Support bot*" in text


def test_a_choice_that_fails_a_constraint_says_which() -> None:
    a = analyse(Scenario().with_value("api.priced_at", DAY)
                .with_value("constraints.data_in_our_cloud", True), at=DAY)
    barred = next(o for o in a.decision.options if not o.meets_constraints)
    assert "it does not meet the constraints: data leaves your cloud" in shown(a, barred)


def test_names_and_labels_are_escaped() -> None:
    a = default()
    for name in NASTY_NAMES:
        assert f"*{name_md(name)}*" in shown(a, a.decision.best_option, name)
    line = decided_line(decided(a.decision.best_option, label="<!channel> *x*"))
    assert "&lt;!channel&gt;" in line and "<!channel>" not in line


def test_an_option_id_too_long_for_a_menu_is_left_out_not_refused_by_slack() -> None:
    a = default()
    long = a.decision.options[0].model_copy(update={"id": "cheaper_api:" + "m" * 100})
    b = a.model_copy(update={"decision": a.decision.model_copy(
        update={"options": [long, *a.decision.options[1:]]})})
    menu = decision_menu(b, scenario_id="1f2e3d4c5b6a7980", version=2)
    assert menu is not None
    values = [o.value for o in menu.options or []]
    assert all(slack_len(v) <= OPTION_VALUE for v in values)
    assert long.id not in {DecisionPick.decode(v).option for v in values}
    assert len(values) == len(a.decision.options) - 1


def test_the_readmes_example_is_what_the_thread_says() -> None:
    quoted = re.search(r'reads "(number \d+ of the[^"]+)"', README)
    assert quoted is not None
    a = default()
    assert " ".join(quoted[1].split()) in shown(a, a.decision.option("current_api"))
