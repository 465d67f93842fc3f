"""The result card's buttons and a scenario's thread: forks typed in the thread, What if…,
Compare with…, Edit, Details and Export, and an upload Slack refuses."""

from __future__ import annotations

import csv
import io
import json

import openpyxl
from slack_support import SlackUnderTest, analysis_of, buttons, ref, ref_id, run_intake, texts

from bot.slack import ids
from engine.figures import usd


async def test_a_teammate_forks_in_the_thread_by_asking(slack: SlackUnderTest) -> None:
    bob = slack.world.bob
    root = await run_intake(slack, "new Support bot")
    parent = await slack.record("Support bot")
    await slack.say("nice, thanks!", thread_ts=root["ts"], user=bob)  # chatter: no answer
    assert len(slack.cards(thread_ts=root["ts"])) == 1
    await slack.say("what if we use an H100 and 2x the volume?", thread_ts=root["ts"],
                    user=bob)
    cards = slack.cards(thread_ts=root["ts"])
    assert len(cards) == 2
    (fork_id,) = {ref_id(v) for v in buttons(cards[1]).values()}
    fork = await slack.store.run(lambda s: s.get_scenario(slack.world.team_id, fork_id))
    assert (fork.owner_id, fork.parent_id) == (bob, parent.id)
    assert fork.inputs.model.gpu == "h100"
    assert fork.inputs.workload.requests_per_day == 2 * parent.inputs.workload.requests_per_day
    assert "Fork of" in texts(cards[1]) and "vs parent" in texts(cards[1])
    assert usd(analysis_of(fork).monthly.api_usd) in texts(cards[1])
    assert [u.thread_ts for u in slack.fake.uploads()] == [root["ts"], root["ts"]]


async def test_a_fork_in_the_thread_of_a_shown_card(slack: SlackUnderTest) -> None:
    await run_intake(slack, "new Support bot")
    await slack.command("show Support bot")
    card = slack.cards()[-1]  # posted in the channel this time
    await slack.say("what if we use spot instances?", thread_ts=card["ts"],
                    user=slack.world.bob)
    parent, fork = slack.cards(thread_ts=card["ts"])  # the thread's root is the card
    assert parent["ts"] == card["ts"] and "Fork of" in texts(fork)
    fork_record = await slack.record("Support bot (what if we use spot instances)")
    assert fork_record.inputs.model.pricing == "spot"


async def test_details_and_export_in_the_cards_thread(slack: SlackUnderTest) -> None:
    root = await run_intake(slack, "new Support bot")
    record = await slack.record("Support bot")
    a = analysis_of(record)
    (card,) = slack.cards(thread_ts=root["ts"])
    await slack.click(card, action_id=ids.CARD_DETAILS)
    details = [m for m in slack.thread(root["ts"]) if m["text"].startswith("Details of")]
    assert details and all(m["thread_ts"] == root["ts"] for m in details)
    await slack.click(card, action_id=ids.CARD_EXPORT)
    files = {u.filename: u for u in slack.fake.uploads()}
    exported = json.loads(files["support-bot-v1.json"].data or b"")
    assert exported["monthly"]["api_usd"] == a.monthly.api_usd
    rows = list(csv.reader(io.StringIO((files["support-bot-v1.csv"].data or b"").decode())))
    assert rows[0] == ["figure", "unit", "value"]
    assert rows[1] == ["API bill", "USD/month", repr(a.monthly.api_usd)]
    book = openpyxl.load_workbook(io.BytesIO(files["support-bot-v1.xlsx"].data or b""),
                                  data_only=True)
    api_bill = book.defined_names["api_bill"].attr_text.split("!")
    assert book[api_bill[0].strip("'")][api_bill[1].replace("$", "")].value == a.monthly.api_usd
    memo = (files["support-bot-v1-memo.md"].data or b"").decode()
    assert memo.startswith("# Decision memo: Support bot") and a.decision.headline in memo
    assert {u.thread_ts for u in files.values() if u.filename.startswith("support-bot-v1")} == \
        {root["ts"]}
    assert [files[f].title.split(": ")[1].split(" ")[0] for f in (
        "support-bot-v1.xlsx", "support-bot-v1-memo.md")] == ["Spreadsheet", "Memo"]


async def test_what_if_modal_forks_or_says_what_is_wrong(slack: SlackUnderTest) -> None:
    root = await run_intake(slack, "new Support bot")
    (card,) = slack.cards(thread_ts=root["ts"])
    await slack.click(card, action_id=ids.CARD_WHATIF)
    modal = slack.fake.last_view(slack.world.alice)
    assert modal["callback_id"] == ids.WHATIF_MODAL
    reply = await slack.submit(modal, {ids.WHATIF_SENTENCE: "make it purple"})
    assert set(reply.json()["errors"]) == {ids.WHATIF_SENTENCE}
    reply = await slack.submit(modal, {ids.FORK_NAME: "Support bot",
                                       ids.WHATIF_SENTENCE: "gpu h100"})
    assert set(reply.json()["errors"]) == {ids.FORK_NAME}  # that name is taken
    reply = await slack.submit(modal, {ids.FORK_NAME: "On H100 spot",
                                       ids.WHATIF_SENTENCE: "gpu h100",
                                       "model.pricing": "spot"})
    assert reply.text == "" and not slack.fake.is_open(modal["id"])
    fork = await slack.record("On H100 spot")
    assert (fork.inputs.model.gpu, fork.inputs.model.pricing) == ("h100", "spot")
    assert len(slack.cards(thread_ts=root["ts"])) == 2


async def test_compare_with_from_a_thread_answers_in_it(slack: SlackUnderTest) -> None:
    root = await run_intake(slack, "new Support bot")
    await slack.command("whatif Support bot volume x3")
    (card,) = slack.cards(thread_ts=root["ts"])
    await slack.click(card, action_id=ids.CARD_COMPARE)
    modal = slack.fake.last_view(slack.world.alice)
    fork = await slack.record("Support bot (what if volume x3)")
    await slack.submit(modal, {ids.COMPARE_PICK: [ref(fork.id)]})
    (table,) = [m for m in slack.thread(root["ts"]) if m["text"].startswith("Comparison:")]
    assert usd(analysis_of(fork).monthly.api_usd) in json.dumps(table["blocks"])


async def test_edit_reopens_the_intake_and_saves_a_new_version(slack: SlackUnderTest) -> None:
    root = await run_intake(slack, "new Support bot")
    (card,) = slack.cards(thread_ts=root["ts"])
    await slack.click(card, action_id=ids.CARD_EDIT)
    step = slack.steps(root["ts"])[-1]
    assert "editing *Support bot*" in texts(step)
    await slack.say("120k requests a day", thread_ts=root["ts"])
    await slack.say("yes", thread_ts=root["ts"])
    for _ in range(6):
        await slack.click(slack.steps(root["ts"])[-1], action_id=ids.INTAKE_NEXT)
        if len(slack.cards(thread_ts=root["ts"])) == 2:
            break
    record = await slack.record("Support bot")
    assert record.latest_version == 2 and record.inputs.workload.requests_per_day == 120_000
    assert buttons(slack.cards(thread_ts=root["ts"])[-1])[ids.CARD_EDIT] == ref(record.id, 2)


async def test_a_refused_upload_leaves_the_card_and_says_so(slack: SlackUnderTest) -> None:
    await run_intake(slack, "new Support bot")
    slack.fake.fail_next("upload", error="internal_error", status=500)
    await slack.command("show Support bot")
    card = slack.cards()[-1]
    (notice,) = [m for m in slack.thread(card["ts"]) if m["ts"] != card["ts"]]
    assert "The break-even chart could not be attached" in texts(notice)
    assert not [u for u in slack.fake.uploads() if u.thread_ts == card["ts"] and u.completed]
