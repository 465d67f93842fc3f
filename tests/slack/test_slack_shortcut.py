"""The message shortcut "Analyse this": an intake in the thread of the message it was used
on, its first step echoing every value read from the message for confirmation."""

from __future__ import annotations

from slack_support import SlackUnderTest, buttons, ref, texts

from bot.slack import ids
from tests.fakeslack.world import Channel

NUMBERS = ("We do 200k requests a day on gpt-4o, 600 in and 200 out & growing. "
           "Thinking of a 7b LoRA on an A10G.")


async def test_analyse_this_starts_an_intake_under_the_message_with_its_values_to_confirm(
        slack: SlackUnderTest) -> None:
    world = slack.world
    message = slack.fake.user_message(world.general, world.alice, NUMBERS)
    reply = await slack.driver.shortcut(message, ids.SHORTCUT_ANALYSE, user=world.bob)
    await slack.settle()
    assert reply.status == 200
    (step,) = slack.steps(message["ts"])
    shown = texts(step)
    for understood in ("requests/day: 200,000", "API model: gpt-4o",
                       "input tokens/request: 600", "output tokens/request: 200",
                       "GPU: A10G", "fine-tuned model: 7B", "method: LoRA"):
        assert understood in shown, understood
    assert "not understood: 'growing'" in shown  # quoted, never guessed
    await slack.click(step, action_id=ids.INTAKE_USE, user=world.bob)
    for _ in range(6):
        await slack.click(slack.steps(message["ts"])[-1], action_id=ids.INTAKE_NEXT,
                          user=world.bob)
        if slack.cards(thread_ts=message["ts"]):
            break
    (card,) = slack.cards(thread_ts=message["ts"])
    page = await slack.store.list_scenarios(world.team_id)
    (saved,) = page.items
    assert buttons(card)[ids.CARD_DETAILS] == ref(saved.id)
    record = await slack.store.get_scenario(world.team_id, saved.id)
    assert record.owner_id == world.bob
    assert record.inputs.workload.requests_per_day == 200_000
    assert record.inputs.api.model == "gpt-4o" and record.inputs.model.gpu == "a10g"
    assert record.inputs.model.method == "lora"


async def test_a_message_without_numbers_starts_the_intake_and_says_so(
        slack: SlackUnderTest) -> None:
    message = slack.fake.user_message(slack.world.general, slack.world.bob, "lunch at noon?")
    await slack.driver.shortcut(message, ids.SHORTCUT_ANALYSE)
    await slack.settle()
    (step,) = slack.steps(message["ts"])
    assert "Nothing in that message reads as an answer" in texts(step)


async def test_analyse_this_where_ftroi_is_not_says_to_invite_it(slack: SlackUnderTest) -> None:
    world = slack.world
    room = world.add_channel(Channel("C0NOBOT0001", "team-room", {world.alice, world.bob}))
    message = slack.fake.user_message(room.id, world.bob, NUMBERS)
    await slack.driver.shortcut(message, ids.SHORTCUT_ANALYSE)
    await slack.settle()
    (note,) = slack.ephemerals()
    assert "/invite @ftroi" in texts(note)
    assert slack.fake.messages_in(room.id, thread_ts=message["ts"])[1:] == []
