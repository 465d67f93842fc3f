"""The guided intake in a thread, end to end over signed HTTP against the fake Slack.

Every click is built from the blocks the app actually sent; the oracle for the card is the
engine's analysis of the scenario as saved (``analysis_of``), formatted by format.py.
"""

from __future__ import annotations

from typing import Any

from slack_support import TODAY, SlackUnderTest, analysis_of, buttons, ref, texts

from bot.reports.charts import break_even_chart
from bot.slack import ids
from bot.slack.views.kit import md
from engine.figures import usd
from storage import ConversationKey

STEPS = 6


def root_of(slack: SlackUnderTest) -> dict[str, Any]:
    (root,) = [m for m in slack.channel() if "New fine-tuning ROI scenario" in m["text"]]
    return root


def latest_step(slack: SlackUnderTest, root: dict[str, Any]) -> dict[str, Any]:
    return slack.steps(root["ts"])[-1]


async def next_to_the_end(slack: SlackUnderTest, root: dict[str, Any]) -> None:
    """Next on the latest step until the intake is saved (its card is in the thread)."""
    for _ in range(STEPS):
        await slack.click(latest_step(slack, root), action_id=ids.INTAKE_NEXT)
        if slack.cards(thread_ts=root["ts"]):
            return
    raise AssertionError("the intake did not finish: " + texts(latest_step(slack, root)))


async def test_a_newcomer_finishes_with_only_next(slack: SlackUnderTest) -> None:
    alice, general = slack.world.alice, slack.world.general
    reply = await slack.command("")
    assert reply.status == 200
    root = root_of(slack)
    assert root["text"] == f"New fine-tuning ROI scenario, started by <@{alice}>"
    for number in range(1, STEPS + 1):
        steps = slack.steps(root["ts"])
        assert len(steps) == number  # one new message per step, the older ones kept
        assert texts(steps[-1]).startswith(f"*Step {number} of {STEPS}:")
        await slack.click(steps[-1], action_id=ids.INTAKE_NEXT)
    record = await slack.record("gpt-4o vs 7B LoRA on A10G")  # the default name
    assert record.owner_id == alice and record.inputs.api.priced_at == TODAY
    a = analysis_of(record)

    thread = slack.thread(root["ts"])
    assert "Saved as “gpt-4o vs 7B LoRA on A10G” (version 1)" in thread[STEPS]["text"]
    assert buttons(thread[STEPS]) == {}  # the name step's message lost its buttons
    (card,) = slack.cards(thread_ts=root["ts"])
    shown = texts(card)
    d, u = a.decision, a.uncertainty.lifetime_savings_usd
    for figure in (usd(a.monthly.api_usd), usd(d.self_hosted.monthly_usd),  # the brief's
                   usd(a.project.total_usd), usd(d.best_option.lifetime_usd),
                   usd(u.p10 or 0), usd(u.p90 or 0)):
        assert figure in shown, figure
    assert buttons(card)[ids.CARD_DETAILS] == ref(record.id)

    summary = slack.channel()[-1]  # the one line in the channel
    assert summary["ts"] != root["ts"] and "The card, chart and details are in the thread" in \
        texts(summary)
    assert md(record.name) in texts(summary)

    (upload,) = slack.fake.uploads()
    assert (upload.channel_id, upload.thread_ts, upload.completed) == (general, root["ts"], True)
    assert upload.data is not None and upload.data.startswith(b"\x89PNG")
    assert upload.title == break_even_chart(a).title
    key = ConversationKey(team_id=slack.world.team_id, channel_id=general,
                          thread_ts=root["ts"], user_id=alice)
    assert await slack.store.run(lambda s: s.load_conversation(key)) is None


async def test_typed_answers_are_echoed_and_confirmed(slack: SlackUnderTest) -> None:
    await slack.command("new Support bot")
    root = root_of(slack)
    await slack.say("80k requests a day, 600 in and 250 out", thread_ts=root["ts"])
    echo = latest_step(slack, root)
    assert len(slack.steps(root["ts"])) == 2  # answered below the reply, not above it
    assert "I read this as:" in texts(echo) and "80,000" in texts(echo)
    assert {ids.INTAKE_USE, ids.INTAKE_RETYPE} <= set(buttons(echo))
    await slack.click(echo, action_id=ids.INTAKE_USE)
    taken = slack.fake.message(slack.world.general, echo["ts"])
    assert taken is not None and ids.INTAKE_USE not in buttons(taken)  # updated in place
    assert len(slack.steps(root["ts"])) == 2

    await slack.say("blah <b>", thread_ts=root["ts"])
    assert "could not read 'blah &lt;b&gt;'" in texts(latest_step(slack, root))
    await slack.say("next", thread_ts=root["ts"])
    assert "Step 2 of 6" in texts(latest_step(slack, root))
    await slack.say("claude 3 haiku", thread_ts=root["ts"])
    await slack.say("yes", thread_ts=root["ts"])
    await next_to_the_end(slack, root)

    record = await slack.record("Support bot")
    w = record.inputs.workload
    assert (w.requests_per_day, w.avg_input_tokens_per_request,
            w.avg_output_tokens_per_request) == (80_000, 600, 250)
    assert "haiku" in (record.inputs.api.model or "")
    (card,) = slack.cards(thread_ts=root["ts"])
    assert usd(analysis_of(record).monthly.api_usd) in texts(card)


async def test_the_edit_modal_shows_a_bad_value_under_its_field(slack: SlackUnderTest) -> None:
    await slack.command("new Edited")
    root = root_of(slack)
    await slack.click(latest_step(slack, root), action_id=ids.INTAKE_EDIT)
    modal = slack.fake.last_view(slack.world.alice)
    assert modal["callback_id"] == ids.STEP_MODAL
    reply = await slack.submit(modal, {"workload.requests_per_day": "-5"})
    answer = reply.json()
    assert answer["response_action"] == "errors"
    assert set(answer["errors"]) == {"workload.requests_per_day"}
    assert slack.fake.is_open(modal["id"]) and len(slack.steps(root["ts"])) == 1

    reply = await slack.submit(modal, {"workload.requests_per_day": "120k"})
    assert reply.text == "" and not slack.fake.is_open(modal["id"])
    updated = latest_step(slack, root)
    assert len(slack.steps(root["ts"])) == 2 and "120,000" in texts(updated)
    await next_to_the_end(slack, root)
    assert (await slack.record("Edited")).inputs.workload.requests_per_day == 120_000


async def test_a_restart_between_two_steps_resumes(slack: SlackUnderTest) -> None:
    await slack.command("new Survivor")
    root = root_of(slack)
    await slack.click(latest_step(slack, root), action_id=ids.INTAKE_NEXT)
    await slack.click(latest_step(slack, root), action_id=ids.INTAKE_NEXT)
    await slack.restart()  # a new app on a newly opened store of the same database
    await slack.click(latest_step(slack, root), action_id=ids.INTAKE_NEXT)
    assert texts(latest_step(slack, root)).startswith("*Step 4 of 6:")
    await slack.say("back", thread_ts=root["ts"])
    assert texts(latest_step(slack, root)).startswith("*Step 3 of 6:")
    await next_to_the_end(slack, root)
    assert (await slack.record("Survivor")).owner_id == slack.world.alice


async def test_an_older_steps_button_is_refused_to_who_pressed_it(slack: SlackUnderTest
                                                                  ) -> None:
    await slack.command("new Careful")
    root = root_of(slack)
    first = latest_step(slack, root)
    await slack.click(first, action_id=ids.INTAKE_NEXT)
    await slack.click(first, action_id=ids.INTAKE_NEXT)  # again, on step 1's message
    assert len(slack.steps(root["ts"])) == 2
    (note,) = slack.ephemerals()
    assert "earlier step" in texts(note) and "“Current API”" in texts(note)
    assert "type “help” in the thread" in texts(note)  # the way back if that step is lost


async def test_each_person_in_a_thread_has_their_own_intake(slack: SlackUnderTest) -> None:
    bob = slack.world.bob
    await slack.command("new Alices")
    root = root_of(slack)
    before = len(slack.thread(root["ts"]))
    await slack.say("50k requests a day", thread_ts=root["ts"], user=bob)  # not bob's intake
    assert len(slack.thread(root["ts"])) == before + 1  # his message only: no answer
    await slack.click(latest_step(slack, root), action_id=ids.INTAKE_NEXT, user=bob)
    assert len(slack.steps(root["ts"])) == 1
    (note,) = slack.ephemerals(bob)
    assert "no intake of yours in this thread" in texts(note)
    await next_to_the_end(slack, root)
    assert (await slack.record("Alices")).owner_id == slack.world.alice


async def test_cancel_saves_nothing(slack: SlackUnderTest) -> None:
    await slack.command("new Never")
    root = root_of(slack)
    step = latest_step(slack, root)
    await slack.click(step, action_id=ids.INTAKE_CANCEL)
    closed = slack.fake.message(slack.world.general, step["ts"])
    assert closed is not None and buttons(closed) == {}
    assert "Cancelled: nothing was saved." in closed["text"]
    page = await slack.store.run(lambda s: s.list_scenarios(slack.world.team_id))
    assert page.items == []
