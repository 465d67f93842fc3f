"""The confirmation dialog every destructive button carries."""

from __future__ import annotations

from slack_sdk.models.blocks import ConfirmObject, MarkdownTextObject, PlainTextObject

from bot.slack.limits import CONFIRM_TEXT, mrkdwn_text, truncate_mrkdwn
from storage.rules import RECOVERY_PERIOD

__all__ = ["confirm_cancel", "confirm_delete"]


def confirm_delete(name: str) -> ConfirmObject:
    """"Delete *name*?", saying it can be brought back for 30 days.

    >>> confirm_delete("Support bot").to_dict()["text"]["text"]  # doctest: +ELLIPSIS
    '*Support bot* and every version of it will be deleted. Its owner can bring it back ...'
    """
    text = (f"*{mrkdwn_text(name, 120)}* and every version of it will be deleted. Its owner "
            f"can bring it back for {RECOVERY_PERIOD.days} days.")
    return ConfirmObject(
        title=PlainTextObject(text="Delete this scenario?"),
        text=MarkdownTextObject(text=truncate_mrkdwn(text, CONFIRM_TEXT)),
        confirm=PlainTextObject(text="Delete"),
        deny=PlainTextObject(text="Keep it"),
        style="danger",
    )


def confirm_cancel(editing: str | None = None) -> ConfirmObject:
    """"Cancel this intake?": nothing is saved (or the edited scenario stays as it was)."""
    kept = (f"*{mrkdwn_text(editing, 120)}* stays as it was." if editing
            else "Nothing is saved.")
    return ConfirmObject(
        title=PlainTextObject(text="Cancel this scenario?"),
        text=MarkdownTextObject(text=truncate_mrkdwn(f"The answers so far are dropped. {kept}",
                                                     CONFIRM_TEXT)),
        confirm=PlainTextObject(text="Cancel it"),
        deny=PlainTextObject(text="Keep going"),
        style="danger",
    )
