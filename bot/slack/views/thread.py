"""The messages around a scenario's thread that the other views do not draw.

* :func:`intake_root` — the channel message an intake's thread hangs from;
* :func:`channel_summary` — the one line a finished scenario leaves in the channel;
* :func:`step_closed` — what a step message becomes once the intake is saved or cancelled
  (its buttons would act on nothing);
* :func:`files_missing` — the notice when Slack refused a chart or an export upload;
* :func:`fork_pending`, :func:`fork_not_saved` — the message that keeps a fork's card's
  place while it is saved, and what it says if the save fails;
* :func:`delete_prompt`, :func:`done_notice` — ``/ftroi delete``'s question (its button
  carries the confirmation dialog) and the ephemeral answers of delete and rename;
* :func:`rename_prompt`, :func:`rename_kept` — ``/ftroi rename``'s question, "Rename *X* to
  *Y*?" with Rename and Cancel, and what it becomes on Cancel. The question is the
  confirmation: a rename loses nothing and is undone by renaming back, so its button
  carries no second dialog;
* :func:`new_scenario_modal` — the Home tab's *New scenario*: which channel to start in
  (an intake lives in a channel thread, where typed replies can be read).
"""

from __future__ import annotations

from slack_sdk.models.blocks import (
    ConversationFilter,
    ConversationSelectElement,
    InputBlock,
    PlainTextInputElement,
    PlainTextObject,
)
from slack_sdk.models.views import View

from bot.reports.card import verdict
from bot.slack import ids
from bot.slack.values import Renaming, ScenarioRef
from bot.slack.views.card import TONE_MARK
from bot.slack.views.confirm import confirm_delete
from bot.slack.views.kit import (
    Message,
    actions,
    button,
    context,
    fallback,
    fallback_mrkdwn,
    md,
    mention,
    name_md,
    section,
)
from engine.analysis import Analysis
from storage.records import ScenarioSummary
from storage.rules import MAX_NAME_LENGTH, RECOVERY_PERIOD

__all__ = [
    "channel_summary",
    "delete_prompt",
    "done_notice",
    "files_missing",
    "fork_not_saved",
    "fork_pending",
    "intake_root",
    "new_scenario_modal",
    "rename_kept",
    "rename_prompt",
    "step_closed",
]

def intake_root(user_id: str) -> Message:
    """"New fine-tuning ROI scenario, started by @user" — the steps follow in its thread."""
    text = f"New fine-tuning ROI scenario, started by {mention(user_id)}"
    return Message(
        text=fallback("New fine-tuning ROI scenario, started by", then=mention(user_id)),
        blocks=(section(f":bar_chart: *{text}*"),
                context(["The steps are in this thread. Anyone can follow along; each "
                         "person's answers are their own."])))


def channel_summary(analysis: Analysis, *, name: str, owner_id: str, version: int) -> Message:
    """The scenario's answer in one line, for the channel; the card is in the thread."""
    line, tone = verdict(analysis)
    saved = "saved" if version == 1 else f"saved as version {version}"
    return Message(
        text=fallback(f"{name}: {line}"),
        blocks=(section(f"{TONE_MARK[tone]} *{name_md(name)}* ({saved} by {mention(owner_id)})"
                        f": {md(line)}. The card, chart and details are in the thread."),))


def step_closed(text: str) -> Message:
    """A step message once the intake is over: one line, no buttons."""
    return Message(text=fallback(text), blocks=(context([md(text)]),))


def files_missing(what: str, *, detail: str) -> Message:
    """Slack refused an upload: say so where the file would have been."""
    text = (f"{what} could not be attached ({detail}). Everything else above is complete; "
            "try Export again later.")
    return Message(text=fallback(text), blocks=(section(f":warning: {md(text)}"),))


def fork_pending(parent: str) -> Message:
    """Where a fork's card will be, while the fork is saved."""
    text = f"Forking {parent}…"
    return Message(text=fallback(text), blocks=(context([f"Forking *{name_md(parent)}*…"]),))


def fork_not_saved(parent: str) -> Message:
    """The fork's place once its save failed (the person is told why)."""
    text = f"The fork of {parent} was not saved; nothing changed."
    return Message(text=fallback(text), blocks=(context([
        f":warning: The fork of *{name_md(parent)}* was not saved; nothing changed."]),))


def delete_prompt(summary: ScenarioSummary) -> Message:
    """"Delete *X*?" with a Delete button whose confirmation dialog says what happens."""
    ref = ScenarioRef(summary.id, summary.latest_version).encode()
    text = (f"Delete *{name_md(summary.name)}* (version {summary.latest_version}) and every "
            f"version of it? It stays recoverable for {RECOVERY_PERIOD.days} days.")
    return Message(
        text=fallback(f"Delete {summary.name}?"),
        blocks=(section(text),
                actions([button("Delete", ids.item(ids.SCENARIO_DELETE, "confirm"), ref,
                                 style="danger", confirm=confirm_delete(summary.name))])))


def rename_prompt(renaming: Renaming) -> Message:
    """"Rename *X* to *Y*?" with Rename and Cancel, both carrying ``renaming``."""
    old, new, value = renaming.old, renaming.new, renaming.encode()
    return Message(
        text=fallback(f"Rename {old} to {new}?"),
        blocks=(section(f"Rename *{name_md(old)}* to *{name_md(new)}*?"),
                context(["Only the name changes: its versions and forks stay as they are. "
                         "Cards already posted keep the old name."]),
                actions([button("Rename", ids.RENAME_CONFIRM, value, style="primary"),
                         button("Cancel", ids.RENAME_CANCEL, value)])))


def rename_kept(name: str) -> Message:
    """The question once cancelled: the name stays."""
    return Message(text=fallback(f"Kept the name {name}; nothing was renamed."),
                   blocks=(section(f"Kept the name *{name_md(name)}*; nothing was renamed."),))


def done_notice(text: str) -> Message:
    """A short ephemeral answer: "Deleted *X*." (mrkdwn already)."""
    return Message(text=fallback_mrkdwn(text.replace("*", "")),
                   blocks=(section(f":white_check_mark: {text}"),))


def new_scenario_modal() -> View:
    """Pick the channel whose thread the intake runs in, and optionally a name."""
    return View(
        type="modal", callback_id=ids.NEW_MODAL,
        title=PlainTextObject(text="New scenario"),
        submit=PlainTextObject(text="Start"), close=PlainTextObject(text="Cancel"),
        blocks=[
            section("The guided steps run in a thread of a channel, where your team can "
                    "follow and fork them. Pick a channel ftroi is in (`/invite @ftroi`)."),
            InputBlock(block_id=ids.NEW_CHANNEL, label=PlainTextObject(text="Channel"),
                       element=ConversationSelectElement(
                           action_id=ids.item(ids.FIELD_VALUE, ids.NEW_CHANNEL),
                           filter=ConversationFilter(include=["public", "private"],
                                                     exclude_bot_users=True))),
            InputBlock(block_id=ids.NEW_NAME, optional=True,
                       label=PlainTextObject(text="Name (optional)"),
                       element=PlainTextInputElement(
                           action_id=ids.item(ids.FIELD_VALUE, ids.NEW_NAME),
                           max_length=MAX_NAME_LENGTH),
                       hint=PlainTextObject(text="Empty: a name from the answers, e.g. "
                                                 "'gpt-4o vs 7B LoRA on A10G'")),
        ])
