"""The confirmation dialog every destructive button carries.

Its ``text`` is plain text: Slack's confirmation dialog object takes no mrkdwn there.
"""

from __future__ import annotations

from slack_sdk.models.blocks import ConfirmObject, PlainTextObject

from bot.slack.limits import CONFIRM_TEXT, truncate
from storage.rules import RECOVERY_PERIOD

__all__ = ["confirm_cancel", "confirm_delete"]


def confirm_delete(name: str) -> ConfirmObject:
    """"Delete *name*?", saying its versions are kept for 30 days.

    >>> text = confirm_delete("Support bot").to_dict()["text"]
    >>> text["type"], text["text"][:52]
    ('plain_text', 'Support bot and every version of it will be deleted.')
    """
    text = (f"{truncate(name, 120)} and every version of it will be deleted. The versions are "
            f"kept for {RECOVERY_PERIOD.days} days before they are purged.")
    return ConfirmObject(
        title=PlainTextObject(text="Delete this scenario?"),
        text=PlainTextObject(text=truncate(text, CONFIRM_TEXT)),
        confirm=PlainTextObject(text="Delete"),
        deny=PlainTextObject(text="Keep it"),
        style="danger",
    )


def confirm_cancel(editing: str | None = None) -> ConfirmObject:
    """"Cancel this intake?": nothing is saved (or the edited scenario stays as it was)."""
    kept = f"{truncate(editing, 120)} stays as it was." if editing else "Nothing is saved."
    return ConfirmObject(
        title=PlainTextObject(text="Cancel this scenario?"),
        text=PlainTextObject(text=truncate(f"The answers so far are dropped. {kept}",
                                           CONFIRM_TEXT)),
        confirm=PlainTextObject(text="Cancel it"),
        deny=PlainTextObject(text="Keep going"),
        style="danger",
    )
