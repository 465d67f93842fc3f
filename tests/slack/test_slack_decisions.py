"""A decision in the thread: on a result card, Record decision… marks one of the options
the engine lists for that version as chosen, with who and which version; the thread and the
App Home show it, the export carries it (JSON, CSV, memo); a choice the version does not
list — on a card posted before the price catalog changed — is refused, ephemerally."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from slack_support import SlackUnderTest, analysis_of, run_intake, texts

from bot.slack import ids
from bot.slack.values import DecisionPick
from bot.slack.views.decision import ranked
from bot.slack.views.kit import md
from engine.figures import usd
from tests.fakeslack.elements import walk


def menu(card: dict[str, Any]) -> dict[str, Any]:
    (found,) = [n for n in walk(card["blocks"]) if n.get("action_id") == ids.CARD_DECIDE]
    return found


def notices(slack: SlackUnderTest, thread_ts: str) -> list[dict[str, Any]]:
    return [m for m in slack.thread(thread_ts) if m["text"].startswith("Decision on ")]


async def test_a_decision_is_recorded_in_the_thread_shown_on_home_and_exported(
        slack: SlackUnderTest) -> None:
    world = slack.world
    root = await run_intake(slack, "new Support bot")
    record = await slack.record("Support bot")
    a = analysis_of(record)
    (card,) = slack.cards(thread_ts=root["ts"])
    keep = DecisionPick(record.id, 1, "current_api").encode()
    assert keep in {o["value"] for o in menu(card)["options"]}

    await slack.driver.choose(card, keep, action_id=ids.CARD_DECIDE, user=world.bob)
    await slack.settle()
    (notice,) = notices(slack, root["ts"])
    shown = texts(notice)
    assert "Decision recorded: Keep gpt-4o" in shown
    assert f"chosen by <@{world.bob}> on version 1 of *Support bot*" in shown
    best, kept = a.decision.best_option, a.decision.option("current_api")
    assert f"{usd(kept.lifetime_usd)} over the lifetime" in shown  # the engine's figures
    assert f"{usd(kept.lifetime_usd - best.lifetime_usd)} more than the best" in shown

    decided = await slack.store.latest_decisions(world.team_id, [record.id])
    assert (decided[record.id].option_id, decided[record.id].version,
            decided[record.id].decided_by, decided[record.id].decided_by_name) == (
        "current_api", 1, world.bob, "bob")

    await slack.driver.open_home()
    await slack.settle()
    home = texts(slack.fake.view(slack.fake.store.homes[world.alice]))
    assert f"decided: *Keep gpt-4o* (v1, <@{world.bob}>" in home

    await slack.click(card, action_id=ids.CARD_EXPORT)
    files = {u.filename: u.data or b"" for u in slack.fake.uploads()}
    exported = json.loads(files["support-bot-v1.json"])
    assert exported["decision"] == {
        "option_id": "current_api", "option_label": "Keep gpt-4o", "version": 1,
        "decided_by": world.bob, "decided_by_name": "bob",
        "decided_at": decided[record.id].decided_at.isoformat()}
    assert exported["monthly"]["api_usd"] == a.monthly.api_usd  # still the whole analysis
    rows = list(csv.reader(io.StringIO(files["support-bot-v1.csv"].decode())))
    assert ["Decision", "option", "Keep gpt-4o"] in rows
    assert ["Decided by", "Slack user", f"bob (Slack user {world.bob})"] in rows
    memo = files["support-bot-v1-memo.md"].decode()
    assert "## Decision" in memo
    assert (f"**Keep gpt-4o** (option `current_api`), chosen by bob (Slack user {world.bob}) "
            "on version 1,") in memo


async def test_the_best_option_chosen_says_so_and_the_latest_decision_counts(
        slack: SlackUnderTest) -> None:
    root = await run_intake(slack, "new Support bot")
    record = await slack.record("Support bot")
    a = analysis_of(record)
    (card,) = slack.cards(thread_ts=root["ts"])
    for option in ("current_api", a.decision.best):
        await slack.driver.choose(card, DecisionPick(record.id, 1, option).encode(),
                                  action_id=ids.CARD_DECIDE)
        await slack.settle()
    first, second = notices(slack, root["ts"])
    assert "Keep gpt-4o" in texts(first) and "more than the best" in texts(first)
    assert f"ftroi's best of the {len(a.decision.options)} options costed" in texts(second)
    decided = await slack.store.latest_decisions(slack.world.team_id, [record.id])
    assert decided[record.id].option_id == a.decision.best


async def test_a_choice_the_version_does_not_list_is_refused_ephemerally(
        slack: SlackUnderTest) -> None:
    root = await run_intake(slack, "new Support bot")
    record = await slack.record("Support bot")
    (card,) = slack.cards(thread_ts=root["ts"])
    # The card as an older catalog drew it: its menu offered a model the version's analysis
    # no longer lists (Slack sends back exactly the option the card holds).
    stored = slack.fake.store.find(card["channel"], card["ts"])
    assert stored is not None
    stale = DecisionPick(record.id, 1, "cheaper_api:gpt-9-nano").encode()
    menu(stored)["options"][1]["value"] = stale
    await slack.driver.choose(stored, stale, action_id=ids.CARD_DECIDE)
    await slack.settle()
    (refusal,) = slack.ephemerals()
    said = texts(refusal)  # plain words, escaped for mrkdwn
    assert md("Not recorded: version 1 of “Support bot” lists no option "
              "“cheaper_api:gpt-9-nano”") in said
    listed = [o.label for o in ranked(analysis_of(record))]
    assert md("; ".join(listed[:5])) in said and f"and {len(listed) - 5} more" in said
    assert "/ftroi show Support bot" in said
    assert notices(slack, root["ts"]) == []
    assert await slack.store.latest_decisions(slack.world.team_id, [record.id]) == {}
