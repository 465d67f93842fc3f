"""Saved scenarios in Slack: list, show, compare, whatif, delete and rename — each checked
against what the fake received, figures against the engine's analysis of what is saved."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from slack_support import START, TODAY, SlackUnderTest, analysis_of, buttons, texts

from bot.slack import ids
from bot.slack.views.kit import md
from engine.figures import usd
from engine.models import Scenario
from storage import ScenarioRecord
from tests.fakeslack.payloads import interaction, message_fields

BASE = Scenario().with_value("api.priced_at", TODAY)


async def seed(slack: SlackUnderTest, name: str, *, owner: str | None = None,
               requests: float | None = None, minutes: int = 0) -> ScenarioRecord:
    """A saved scenario, as if made through the intake earlier that day."""
    inputs = BASE if requests is None else BASE.with_value("workload.requests_per_day",
                                                           requests)
    made: ScenarioRecord = await slack.store.run(lambda s: s.create_scenario(
        slack.world.team_id, owner_id=owner or slack.world.alice, name=name, inputs=inputs,
        now=START - timedelta(hours=1) + timedelta(minutes=minutes)))
    return made


async def test_list_all_mine_and_search(slack: SlackUnderTest) -> None:
    await seed(slack, "Support bot")
    await seed(slack, "Code review", owner=slack.world.bob, minutes=1)
    await slack.command("list")
    (listing,) = slack.ephemerals()
    assert texts(listing).index("Code review") < texts(listing).index("Support bot")
    assert {ids.item(ids.SCENARIO_OPEN, "list", 0), ids.item(ids.SCENARIO_COMPARE, "list", 0),
            ids.item(ids.SCENARIO_FORK, "list", 0)} <= set(buttons(listing))
    await slack.command("list mine")
    assert "Code review" not in texts(slack.ephemerals()[-1])
    await slack.command("list all supp")
    assert "Support bot" in texts(slack.ephemerals()[-1])
    assert "Code review" not in texts(slack.ephemerals()[-1])


async def test_list_pages_on_with_more(slack: SlackUnderTest) -> None:
    for i in range(23):
        await seed(slack, f"Scenario {i:02d}", minutes=i)
    await slack.command("list")
    (first,) = slack.ephemerals()
    assert "Scenario 22" in texts(first) and "Scenario 00" not in texts(first)
    await slack.click(first, action_id=ids.LIST_MORE)
    (after,) = slack.ephemerals()  # the same message, replaced by the next page
    assert "Scenario 00" in texts(after) and "Scenario 22" not in texts(after)


async def test_show_posts_the_card_with_its_chart_in_its_thread(slack: SlackUnderTest) -> None:
    record = await seed(slack, "Support bot")
    await slack.command("show SUPPORT   bot")  # names ignore case and extra spaces
    (card,) = slack.cards()
    a = analysis_of(record)
    assert usd(a.monthly.api_usd) in texts(card)  # the card is the brief: options, headline
    assert usd(a.decision.self_hosted.lifetime_usd) in texts(card)
    (upload,) = slack.fake.uploads()
    assert upload.thread_ts == card["ts"] and upload.filename.endswith(".png")
    await slack.command(f"show {record.id}")  # by id too
    assert len(slack.cards()) == 2


async def test_compare_names_with_spaces_side_by_side(slack: SlackUnderTest) -> None:
    small = await seed(slack, "Support bot")
    big = await seed(slack, "Support bot big", requests=400_000, minutes=1)
    await slack.command("compare Support bot Support bot big")
    (table,) = [m for m in slack.channel() if m["text"].startswith("Comparison:")]
    shown = texts(table) + json.dumps(table["blocks"])
    for record in (small, big):
        assert usd(analysis_of(record).monthly.api_usd) in shown
    assert "Compare: Support bot vs Support bot big" in shown
    (upload,) = slack.fake.uploads()
    assert upload.thread_ts == table["ts"]
    await slack.command('compare "Support bot"')
    assert "give 2 to 4" in texts(slack.ephemerals()[-1])


async def test_a_refused_table_falls_back_to_fields(slack: SlackUnderTest) -> None:
    """A workspace whose Slack refuses the table block (invalid_blocks) still gets the
    comparison, as one section of fields per scenario, and its chart."""
    small = await seed(slack, "Support bot")
    big = await seed(slack, "Support bot big", requests=400_000, minutes=1)
    slack.fake.fail_next("chat.postMessage", error="invalid_blocks")
    await slack.command("compare Support bot, Support bot big")
    slack.expected_refusals = 1
    (posted,) = [m for m in slack.channel() if m["text"].startswith("Comparison:")]
    assert [b["type"] for b in posted["blocks"]].count("table") == 0
    shown = texts(posted)
    for record in (small, big):
        assert usd(analysis_of(record).monthly.api_usd) in shown
    assert slack.fake.uploads()[0].thread_ts == posted["ts"]
    assert slack.ephemerals() == []


async def test_whatif_forks_with_its_delta_to_the_parent(slack: SlackUnderTest) -> None:
    parent = await seed(slack, "Support bot")
    await slack.command("whatif Support bot volume x2")
    fork = await slack.record("Support bot (what if volume x2)")
    assert fork.parent_id == parent.id and fork.parent_version == 1
    assert fork.inputs.workload.requests_per_day == 2 * parent.inputs.workload.requests_per_day
    (card,) = slack.cards()
    assert "Fork of" in texts(card) and "vs parent: savings" in texts(card)
    assert usd(analysis_of(fork).monthly.api_usd) in texts(card)
    await slack.command("whatif Support bot make it purple")
    assert "could not" in texts(slack.ephemerals()[-1]).lower()
    assert len(slack.cards()) == 1


async def test_delete_is_for_the_owner_with_a_confirmation(slack: SlackUnderTest) -> None:
    await seed(slack, "Support bot")
    await slack.command("delete Support bot", user=slack.world.bob)
    (refused,) = slack.ephemerals(slack.world.bob)
    assert "Only its owner can delete “Support bot”" in texts(refused)
    assert await slack.record("Support bot")  # still there

    await slack.command("delete support bot")
    (prompt,) = slack.ephemerals()
    delete = next(n for n in prompt["blocks"][1]["elements"])
    assert delete["confirm"]["text"]["type"] == "plain_text"  # Slack's dialog: plain text
    await slack.click(prompt, action_id=delete["action_id"])
    (done,) = slack.ephemerals()
    assert "Deleted *Support bot*" in texts(done)
    page = await slack.store.run(lambda s: s.list_scenarios(slack.world.team_id))
    assert page.items == []


def asking(prompt: dict[str, object]) -> str:
    """The question of ``/ftroi rename``, or "" when the message asks nothing."""
    return texts(prompt).splitlines()[0] if ids.RENAME_CONFIRM in buttons(prompt) else ""


async def forged_click(slack: SlackUnderTest, prompt: dict[str, Any], action_id: str, *,
                       user: str) -> None:
    """A signed click by ``user`` on a button of an ephemeral only someone else sees: what
    a made-up request carrying that button's value would look like."""
    block = next(b for b in prompt["blocks"] if b["type"] == "actions")
    button = next(e for e in block["elements"] if e["action_id"] == action_id)
    action = {"action_id": action_id, "block_id": block["block_id"], "type": "button",
              "text": button["text"], "value": button["value"],
              "action_ts": slack.fake.ids.ts()}
    payload = interaction(slack.world, "block_actions", user,
                          trigger_id=slack.fake.issue_trigger(user),
                          **message_fields(slack.world, prompt),
                          response_url=slack.fake.response_url(user, prompt["channel"]),
                          state={"values": {}}, actions=[action])
    reply = await slack.driver.post({"payload": json.dumps(payload)}, form=True)
    assert reply.status == 200
    await slack.settle()


async def test_rename_asks_first_and_renames_on_the_owners_click(slack: SlackUnderTest
                                                                 ) -> None:
    before = await seed(slack, "Support bot")
    await slack.command('rename "Support bot" to "Help desk EU"')
    (prompt,) = slack.ephemerals()
    assert asking(prompt) == "Rename *Support bot* to *Help desk EU*?"
    assert set(buttons(prompt)) == {ids.RENAME_CONFIRM, ids.RENAME_CANCEL}
    assert (await slack.record("Support bot")).updated_at == before.updated_at  # not yet

    await slack.click(prompt, action_id=ids.RENAME_CONFIRM)
    (done,) = slack.ephemerals()  # the question, replaced by its outcome
    assert done["ts"] == prompt["ts"] and buttons(done) == {}
    assert "Renamed *Support bot* to *Help desk EU*." in texts(done)
    renamed = await slack.record("help desk eu")
    assert (renamed.id, renamed.name, renamed.owner_id) == (before.id, "Help desk EU",
                                                            slack.world.alice)
    assert renamed.latest_version == 1


@pytest.mark.parametrize(("typed", "new"), [
    ("Support bot to Help desk", "Help desk"), ("Support bot TO  Help desk", "Help desk"),
    ("Support bot Help desk", "Help desk"), ("Support bot to", "to"),
    ('"Support bot" "to do"', "to do")])
async def test_rename_reads_the_new_name_with_or_without_to(
        slack: SlackUnderTest, typed: str, new: str) -> None:
    await seed(slack, "Support bot")
    await slack.command(f"rename {typed}")
    (prompt,) = slack.ephemerals()
    assert asking(prompt) == f"Rename *Support bot* to *{new}*?"


async def test_cancel_keeps_the_name(slack: SlackUnderTest) -> None:
    before = await seed(slack, "Support bot")
    await slack.command("rename Support bot Helpdesk")
    (prompt,) = slack.ephemerals()
    assert asking(prompt) == "Rename *Support bot* to *Helpdesk*?"
    await slack.click(prompt, action_id=ids.RENAME_CANCEL)
    (kept,) = slack.ephemerals()
    assert buttons(kept) == {}
    assert texts(kept) == "Kept the name *Support bot*; nothing was renamed."
    assert await slack.record("Support bot") == before


async def test_a_non_owner_never_renames(slack: SlackUnderTest) -> None:
    before = await seed(slack, "Support bot")
    await slack.command("rename Support bot Helpdesk", user=slack.world.bob)
    (refused,) = slack.ephemerals(slack.world.bob)  # refused up front: no question
    assert "Only its owner can rename “Support bot”" in texts(refused)
    assert buttons(refused) == {}

    await slack.command("rename Support bot Helpdesk")  # alice's question…
    (prompt,) = slack.ephemerals()
    await forged_click(slack, prompt, ids.RENAME_CONFIRM, user=slack.world.bob)  # …bob's click
    assert "Only its owner can rename “Support bot”" in texts(
        slack.ephemerals(slack.world.bob)[-1])
    assert slack.ephemerals() == [prompt]  # alice's question is untouched
    assert await slack.record("Support bot") == before


async def test_a_name_taken_is_refused_by_name_up_front_and_at_the_click(
        slack: SlackUnderTest) -> None:
    before = await seed(slack, "Support bot")
    await seed(slack, "Code review", owner=slack.world.bob, minutes=1)
    await slack.command("rename Support bot CODE review")
    (refused,) = slack.ephemerals()
    assert "new name: “CODE review” is taken: “Code review” is another scenario in this " \
           "workspace; choose a name no other scenario in this workspace has (names are " \
           "compared ignoring case and extra spaces)" in texts(refused)
    assert buttons(refused) == {}
    await slack.command("rename Support bot " + "x" * 81)
    assert "new name: 'xxx" in texts(slack.ephemerals()[-1])
    assert "a scenario name is 1–80 characters" in texts(slack.ephemerals()[-1])

    await slack.command("rename Support bot Help desk")
    prompt = slack.ephemerals()[-1]
    assert asking(prompt) == "Rename *Support bot* to *Help desk*?"
    await seed(slack, "help desk", owner=slack.world.bob, minutes=2)  # taken meanwhile
    await slack.click(prompt, action_id=ids.RENAME_CONFIRM)
    answer = slack.ephemerals()[-1]
    assert answer["ts"] == prompt["ts"] and buttons(answer) == {}  # in place of the question
    assert "new name: “Help desk” is taken: “help desk” is another scenario" in texts(answer)
    assert "Nothing was renamed." in texts(answer)
    assert await slack.record("Support bot") == before


async def test_the_same_click_delivered_twice_renames_once(slack: SlackUnderTest) -> None:
    await seed(slack, "Support bot")
    await slack.command("rename Support bot Helpdesk")
    (prompt,) = slack.ephemerals()
    click = await slack.click(prompt, action_id=ids.RENAME_CONFIRM)
    renamed = await slack.record("Helpdesk")

    answered = len(slack.fake.responses())
    await slack.driver.replay(click)  # byte for byte: dropped before any listener
    again = json.loads(click.sent.payload["payload"])  # a second press: a new action_ts
    again["actions"][0]["action_ts"] = slack.fake.ids.ts()
    assert (await slack.driver.post({"payload": json.dumps(again)}, form=True)).status == 200
    await slack.settle()

    assert len(slack.fake.responses()) == answered + 1  # the second press was answered…
    assert await slack.record("Helpdesk") == renamed  # …without renaming again
    (done,) = slack.ephemerals()
    assert "Renamed *Support bot* to *Helpdesk*." in texts(done)


async def test_another_workspace_never_sees_these_scenarios(slack: SlackUnderTest) -> None:
    await seed(slack, "Support bot")
    await slack.store.run(lambda s: s.create_scenario(
        "T0OTHER0001", owner_id="U0OTHER0001", name="Secret plan", inputs=BASE, now=START))
    await slack.command("list")
    assert "Secret plan" not in texts(slack.ephemerals()[0])
    await slack.command("show Secret plan")
    assert "There is no scenario called “Secret plan”" in texts(slack.ephemerals()[-1])
    assert md("Support bot") in texts(slack.ephemerals()[0])
