"""A scenario's thread as real Slack delivers it: text escaped and with tokens, the app's
mention, replies also sent to the channel, other subtypes, long threads, and a channel
ftroi is not in — each journey on the fake that sends what Slack sends."""

from __future__ import annotations

from slack_support import SlackUnderTest, buttons, ref_id, run_intake, texts

from bot.slack import ids
from tests.fakeslack.world import Channel


def forks(slack: SlackUnderTest, thread_ts: str) -> list[dict[str, object]]:
    return [c for c in slack.cards(thread_ts=thread_ts) if "Fork of" in texts(c)]


async def test_a_mention_with_an_ampersand_forks(slack: SlackUnderTest) -> None:
    """Slack sends "<@U0FTROIBOT1> what if gpu h100 &amp; volume x2"; ftroi reads the
    words once, without its own mention (it used to answer "unknown GPU 'h100 &amp'")."""
    root = await run_intake(slack, "new Support bot")
    parent = await slack.record("Support bot")
    reply = await slack.say("@ftroi what if gpu h100 & volume x2", thread_ts=root["ts"],
                            user=slack.world.bob)
    assert "&amp;" in reply.sent.payload["event"]["text"]  # as Slack sent it
    (fork,) = forks(slack, root["ts"])
    (fork_id,) = {ref_id(v) for v in buttons(fork).values()}
    record = await slack.store.run(lambda s: s.get_scenario(slack.world.team_id, fork_id))
    assert record.inputs.model.gpu == "h100"
    assert record.inputs.workload.requests_per_day == \
        2 * parent.inputs.workload.requests_per_day
    assert record.name == "Support bot (what if gpu h100 & volume x2)"
    assert slack.ephemerals() == []


async def test_a_reply_also_sent_to_the_channel_is_answered(slack: SlackUnderTest) -> None:
    root = await run_intake(slack, "new Support bot")
    await slack.say("what if gpu h100", thread_ts=root["ts"], broadcast=True)
    assert len(forks(slack, root["ts"])) == 1
    assert any(m.get("subtype") == "thread_broadcast" for m in slack.channel())


async def test_an_intake_answer_sent_to_the_channel_too_is_taken(slack: SlackUnderTest) -> None:
    await slack.command("new Support bot")
    (root,) = slack.channel()
    await slack.say("80k requests a day", thread_ts=root["ts"], broadcast=True)
    assert "requests/day: 80,000" in texts(slack.steps(root["ts"])[-1])


async def test_edits_file_shares_and_other_apps_are_left_alone(slack: SlackUnderTest) -> None:
    root = await run_intake(slack, "new Support bot")
    before = len(slack.thread(root["ts"]))
    mine = (await slack.say("nice", thread_ts=root["ts"])).sent.payload["event"]
    mine["channel"] = slack.world.general
    await slack.driver.edit(mine, "what if gpu h100")
    await slack.driver.share_file("what if gpu h100", thread_ts=root["ts"])
    await slack.driver.bot_says("what if gpu h100", thread_ts=root["ts"])
    await slack.settle()
    assert forks(slack, root["ts"]) == [] and slack.ephemerals() == []
    assert len(slack.thread(root["ts"])) == before + 3  # nice, the file, the other app


async def test_chatter_about_what_about_gets_no_answer(slack: SlackUnderTest) -> None:
    root = await run_intake(slack, "new Support bot")
    for chatter in ("what about lunch?", "so what if it rains", "what about the demo, bob?"):
        await slack.say(chatter, thread_ts=root["ts"], user=slack.world.bob)
    assert forks(slack, root["ts"]) == [] and slack.ephemerals(slack.world.bob) == []
    await slack.say("@ftroi what about lunch?", thread_ts=root["ts"], user=slack.world.bob)
    (note,) = slack.ephemerals(slack.world.bob)
    assert "could not read 'lunch'" in texts(note)
    await slack.say("what about gpu h100?", thread_ts=root["ts"], user=slack.world.bob)
    assert len(forks(slack, root["ts"])) == 1


async def test_a_card_past_message_15_of_a_thread_is_still_found(slack: SlackUnderTest) -> None:
    """conversations.replies answers 15 messages at a time to apps outside the
    Marketplace, once a minute; ftroi never asks it (it records where it posts cards)."""
    root = await run_intake(slack, "new Support bot")
    for n in range(20):
        await slack.say(f"comment {n}", thread_ts=root["ts"], user=slack.world.bob)
    assert len(slack.thread(root["ts"])) > 25
    await slack.say("what if volume x3", thread_ts=root["ts"], user=slack.world.bob)
    assert len(forks(slack, root["ts"])) == 1
    assert slack.fake.calls("conversations.replies") == []


async def test_an_ampersand_in_a_typed_name_is_stored_once_unescaped(
        slack: SlackUnderTest) -> None:
    await run_intake(slack, "new R&D <bot>")
    record = await slack.record("R&D <bot>")
    assert record.name == "R&D <bot>"
    summary = slack.channel()[-1]  # the line the saved scenario leaves in the channel
    assert "*R&amp;D &lt;bot&gt;*" in texts(summary)  # escaped once for mrkdwn, not twice
    assert summary["text"].startswith("R&amp;D &lt;bot&gt;: ")


async def test_whatif_where_ftroi_is_not_saves_nothing_until_it_can_post(
        slack: SlackUnderTest) -> None:
    world = slack.world
    await run_intake(slack, "new Support bot")
    team_room = world.add_channel(Channel("C0NOBOT0001", "team-room",
                                          {world.alice, world.bob}))
    await slack.command("whatif Support bot gpu h100", channel=team_room.id)
    (note,) = slack.ephemerals()
    assert "/invite @ftroi" in texts(note)
    page = await slack.store.run(lambda s: s.list_scenarios(world.team_id))
    assert [s.name for s in page.items] == ["Support bot"]
    team_room.members.add(world.bot_user_id)  # /invite @ftroi
    await slack.command("whatif Support bot gpu h100", channel=team_room.id)
    page = await slack.store.run(lambda s: s.list_scenarios(world.team_id))
    assert sorted(s.name for s in page.items) == ["Support bot", "Support bot (what if gpu h100)"]
    (card,) = slack.cards(channel=team_room.id)
    assert "Fork of" in texts(card)
    assert slack.fake.uploads()[-1].thread_ts == card["ts"]


async def test_a_dm_between_people_is_not_offered_an_invite(slack: SlackUnderTest) -> None:
    """No app can be invited to a direct message between people (Slack answers
    channel_not_found to a post there): the answer says where ftroi does work."""
    world = slack.world
    dm = world.add_channel(Channel("D0ALICEBOB1", "alice-bob", {world.alice, world.bob},
                                   is_private=True, is_im=True))
    await run_intake(slack, "new Support bot")
    await slack.command("show Support bot", channel=dm.id)
    (note,) = slack.ephemerals()
    assert "direct message between people" in texts(note) and "/invite" not in texts(note)


async def test_an_intake_in_the_apps_messages_tab_does_not_ask_for_typing(
        slack: SlackUnderTest) -> None:
    """The Messages tab is read-only (manifest: messages_tab_read_only_enabled): a card
    opened from Home and edited there says to use the buttons, not to type."""
    await run_intake(slack, "new Support bot")
    await slack.driver.open_home()
    await slack.settle()
    home = slack.fake.view(slack.fake.store.homes[slack.world.alice])
    await slack.click(home, action_id=ids.item(ids.SCENARIO_OPEN, "mine", 0))
    dm = slack.world.dm_with(slack.world.alice).id
    (card,) = slack.cards(channel=dm)
    await slack.click(card, action_id=ids.CARD_EDIT)
    (step,) = slack.steps(card["ts"], channel=dm)
    assert "read-only" in texts(step) and "type in this thread" not in texts(step)
    steps_in_channel = slack.steps(slack.channel()[0]["ts"])
    assert all("type in this thread" in texts(s) for s in steps_in_channel)
