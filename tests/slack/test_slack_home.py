"""The App Home tab: my scenarios and the team's recent ones, with Open / Compare / Fork /
Delete, More, and New scenario (which asks for a channel: intakes live in channel threads)."""

from __future__ import annotations

from datetime import timedelta

from slack_support import START, TODAY, SlackUnderTest, buttons, ref, texts

from bot.slack import ids
from engine.models import Scenario
from storage import ScenarioRecord

BASE = Scenario().with_value("api.priced_at", TODAY)


async def seed(slack: SlackUnderTest, name: str, owner: str, minutes: int) -> ScenarioRecord:
    made: ScenarioRecord = await slack.store.run(lambda s: s.create_scenario(
        slack.world.team_id, owner_id=owner, name=name, inputs=BASE,
        now=START - timedelta(hours=2) + timedelta(minutes=minutes)))
    return made


def home(slack: SlackUnderTest) -> dict[str, object]:
    view = slack.fake.view(slack.fake.store.homes[slack.world.alice])
    assert view["type"] == "home"
    return view


async def test_home_lists_mine_and_the_teams_with_their_buttons(slack: SlackUnderTest) -> None:
    alice, bob = slack.world.alice, slack.world.bob
    mine = await seed(slack, "Support bot", alice, 0)
    theirs = await seed(slack, "Code review", bob, 1)
    await slack.driver.open_home()
    await slack.settle()
    view = home(slack)
    shown = texts(view)
    assert shown.index("Your scenarios") < shown.index("Support bot") < \
        shown.index("Recent in this workspace") < shown.index("Code review")
    refs = buttons(view)
    assert refs[ids.item(ids.SCENARIO_DELETE, "mine", 0)] == ref(mine.id)
    assert ref(theirs.id) in refs.values()
    deletable = {v for k, v in refs.items() if k.startswith(ids.SCENARIO_DELETE)}
    assert deletable == {ref(mine.id)}  # Delete only on the viewer's own


async def test_open_from_home_goes_to_the_persons_messages(slack: SlackUnderTest) -> None:
    await seed(slack, "Support bot", slack.world.alice, 0)
    await slack.driver.open_home()
    await slack.settle()
    await slack.click(home(slack), action_id=ids.item(ids.SCENARIO_OPEN, "mine", 0))
    dm = slack.world.dm_with(slack.world.alice).id
    (card,) = slack.cards(channel=dm)
    assert "Support bot" in texts(card)


async def test_delete_from_home_republishes_it(slack: SlackUnderTest) -> None:
    await seed(slack, "Support bot", slack.world.alice, 0)
    await slack.driver.open_home()
    await slack.settle()
    await slack.click(home(slack), action_id=ids.item(ids.SCENARIO_DELETE, "mine", 0))
    assert "Support bot" not in texts(home(slack))
    page = await slack.store.run(lambda s: s.list_scenarios(slack.world.team_id))
    assert page.items == []


async def test_more_pages_my_scenarios(slack: SlackUnderTest) -> None:
    for i in range(12):
        await seed(slack, f"Mine {i:02d}", slack.world.alice, i)
    await slack.driver.open_home()
    await slack.settle()
    assert "Mine 00" not in texts(home(slack))
    await slack.click(home(slack), action_id=ids.item(ids.HOME_MORE, "mine"))
    assert "Mine 00" in texts(home(slack)) and "Mine 11" not in texts(home(slack)).split(
        "Recent in this workspace")[0]


async def test_new_scenario_starts_in_the_chosen_channel(slack: SlackUnderTest) -> None:
    await slack.driver.open_home()
    await slack.settle()
    await slack.click(home(slack), action_id=ids.HOME_NEW)
    modal = slack.fake.last_view(slack.world.alice)
    reply = await slack.submit(modal, {ids.NEW_CHANNEL: "C0PRIVATE01", ids.NEW_NAME: "From home"})
    assert "Invite me" in reply.json()["errors"][ids.NEW_CHANNEL]  # ftroi is not in #private-x
    await slack.submit(modal, {ids.NEW_CHANNEL: slack.world.general, ids.NEW_NAME: "From home"})
    (root,) = slack.channel()
    assert "started by" in root["text"] and len(slack.steps(root["ts"])) == 1


def charts_in(slack: SlackUnderTest, channel: str) -> list[str]:
    return [u.filename for u in slack.fake.uploads() if u.completed and u.channel_id == channel]


async def test_home_open_fork_and_compare_get_their_charts_in_the_persons_messages(
        slack: SlackUnderTest) -> None:
    """Slack posts a message sent to a user id in the D… conversation it answers with; the
    chart then goes there (files.completeUploadExternal refuses the U… id)."""
    await seed(slack, "Support bot", slack.world.alice, 0)
    await seed(slack, "Code review", slack.world.bob, 1)
    dm = slack.world.dm_with(slack.world.alice).id
    await slack.driver.open_home()
    await slack.settle()
    await slack.click(home(slack), action_id=ids.item(ids.SCENARIO_OPEN, "mine", 0))
    (card,) = slack.cards(channel=dm)
    assert charts_in(slack, dm) == ["break-even-support-bot.png"]
    assert slack.fake.uploads()[0].thread_ts == card["ts"]

    await slack.click(home(slack), action_id=ids.item(ids.SCENARIO_FORK, "mine", 0))
    await slack.submit(slack.fake.last_view(slack.world.alice),
                       {ids.FORK_NAME: "On H100", ids.WHATIF_SENTENCE: "gpu h100"})
    assert charts_in(slack, dm)[-1] == "break-even-on-h100.png"

    await slack.driver.open_home()
    await slack.settle()
    await slack.click(home(slack), action_id=ids.item(ids.SCENARIO_COMPARE, "mine", 0))
    picked = await slack.record("Code review")
    await slack.submit(slack.fake.last_view(slack.world.alice),
                       {ids.COMPARE_PICK: [ref(picked.id)]})
    assert charts_in(slack, dm)[-1].startswith("compare-")
    assert not [m for m in slack.fake.messages_in(dm) if "could not be attached" in m["text"]]
    assert not slack.fake.calls("files.completeUploadExternal", ok=False)
