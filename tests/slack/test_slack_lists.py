"""The buttons of a scenario list and the errors people see: Open / Compare / Fork from an
ephemeral list, a long list's overflow menus, Compare with…'s external select past 100
scenarios, Fork from the Home tab, and what an unexpected failure looks like."""

from __future__ import annotations

import logging
from datetime import timedelta

from slack_support import START, TODAY, SlackUnderTest, buttons, ref, texts

from bot.slack import ids
from engine.models import Scenario
from storage import ScenarioRecord

BASE = Scenario().with_value("api.priced_at", TODAY)


async def seed(slack: SlackUnderTest, name: str, minutes: int = 0) -> ScenarioRecord:
    made: ScenarioRecord = await slack.store.run(lambda s: s.create_scenario(
        slack.world.team_id, owner_id=slack.world.alice, name=name, inputs=BASE,
        now=START - timedelta(hours=3) + timedelta(minutes=minutes)))
    return made


async def test_open_compare_and_fork_from_a_list(slack: SlackUnderTest) -> None:
    first = await seed(slack, "Support bot")
    await seed(slack, "Code review", minutes=1)
    await slack.command("list")
    (listing,) = slack.ephemerals()
    await slack.click(listing, action_id=ids.item(ids.SCENARIO_OPEN, "list", 1))
    (card,) = slack.cards()
    assert "Support bot" in texts(card)

    await slack.click(listing, action_id=ids.item(ids.SCENARIO_COMPARE, "list", 1))
    modal = slack.fake.last_view(slack.world.alice)
    assert modal["callback_id"] == ids.COMPARE_MODAL
    other = await slack.record("Code review")
    await slack.submit(modal, {ids.COMPARE_PICK: [ref(other.id)]})
    assert [m for m in slack.channel() if m["text"].startswith("Comparison: Support bot vs")]

    await slack.click(listing, action_id=ids.item(ids.SCENARIO_FORK, "list", 1))
    modal = slack.fake.last_view(slack.world.alice)
    assert modal["callback_id"] == ids.WHATIF_MODAL
    await slack.submit(modal, {ids.WHATIF_SENTENCE: "volume x2"})
    fork = await slack.record("Support bot (what if)")
    assert fork.parent_id == first.id


async def test_a_long_list_has_a_menu_per_scenario(slack: SlackUnderTest) -> None:
    for i in range(7):
        await seed(slack, f"Option {i}", minutes=i)
    await slack.command("list")
    (listing,) = slack.ephemerals()
    assert not [k for k in buttons(listing) if k.startswith(ids.SCENARIO_OPEN)]
    await slack.driver.choose(listing, "Open", action_id=ids.item(ids.SCENARIO_MENU, "list", 0))
    await slack.settle()
    (card,) = slack.cards()
    assert "Option 6" in texts(card)


async def test_compare_with_searches_past_a_hundred(slack: SlackUnderTest) -> None:
    for i in range(102):
        await seed(slack, f"Variant {i:03d}", minutes=i)
    await slack.command("show Variant 000")
    await slack.click(slack.cards()[0], action_id=ids.CARD_COMPARE)
    modal = slack.fake.last_view(slack.world.alice)
    (pick,) = [b for b in modal["blocks"] if b.get("block_id") == ids.COMPARE_PICK]
    assert pick["element"]["type"] == "multi_external_select"
    reply = await slack.driver.suggest(modal, "variant 10", action_id=ids.COMPARE_PICK)
    labels = [o["text"]["text"] for o in reply.json()["options"]]
    assert labels == ["Variant 101 · v1", "Variant 100 · v1"]  # newest first


async def test_fork_from_home_answers_in_the_persons_messages(slack: SlackUnderTest) -> None:
    await seed(slack, "Support bot")
    await slack.driver.open_home()
    await slack.settle()
    home = slack.fake.view(slack.fake.store.homes[slack.world.alice])
    await slack.click(home, action_id=ids.item(ids.SCENARIO_FORK, "mine", 0))
    await slack.submit(slack.fake.last_view(slack.world.alice),
                       {ids.WHATIF_SENTENCE: "gpu h100"})
    dm = slack.world.dm_with(slack.world.alice).id
    (card,) = slack.cards(channel=dm)
    assert "Fork of" in texts(card)


async def test_not_in_the_channel_says_what_to_do(slack: SlackUnderTest) -> None:
    await slack.command("new", channel="C0PRIVATE01")
    (note,) = slack.ephemerals()
    assert "Invite me with" in texts(note)
    assert slack.fake.messages_in("C0PRIVATE01") == []


async def test_an_unexpected_failure_is_an_apology_with_a_reference(
        slack: SlackUnderTest) -> None:
    await seed(slack, "Support bot")
    slack.fake.fail_next("chat.postMessage", error="fatal_error")
    await slack.command("show Support bot")
    (note,) = slack.ephemerals()
    shown = texts(note)
    assert "Something went wrong on ftroi's side, and nothing was changed" in shown
    assert "Traceback" not in shown and "fatal_error" not in shown
    (logged,) = [r for r in slack.caplog.records if r.levelno >= logging.ERROR]
    reference = shown.split("(reference ")[1][:8]
    assert reference in logged.getMessage() and logged.exc_info is not None
    slack.expected_errors = 1
