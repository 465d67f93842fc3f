"""views.open, views.push, views.update and views.publish, with Slack's view lifecycle.

A trigger id works once and only for a few seconds (``invalid_trigger_id``,
``exchanged_trigger_id``, ``expired_trigger_id``); a modal stack holds at most three
views (``push_limit_reached``); views.update with a stale ``hash`` answers
``hash_conflict``. An invalid view answers ``invalid_arguments`` with the reasons in
``response_metadata.messages``, as Slack does for views (messages answer ``invalid_blocks``).
"""

from __future__ import annotations

import copy
from typing import Any

from .api import Ctx, SlackError, fill_ids
from .validate import validate_view

#: docs.slack.dev/surfaces/modals — "A modal can hold up to 3 views at a time in a view stack".
MAX_STACK = 3


def views_open(ctx: Ctx) -> dict[str, Any]:
    user = _exchange_trigger(ctx)
    view = _checked_view(ctx, kind="modal")
    stored = _store(ctx, view, user=user)
    ctx.store.stacks[user] = [stored["id"]]
    return {"view": copy.deepcopy(stored)}


def views_push(ctx: Ctx) -> dict[str, Any]:
    user = _exchange_trigger(ctx)
    stack = ctx.store.stacks.get(user)
    if not stack:
        raise SlackError("not_found", "[ERROR] no modal is open to push onto")
    if len(stack) >= MAX_STACK:
        raise SlackError("push_limit_reached")
    view = _checked_view(ctx, kind="modal")
    stored = _store(ctx, view, user=user, previous=stack[-1], root=stack[0])
    stack.append(stored["id"])
    return {"view": copy.deepcopy(stored)}


def views_update(ctx: Ctx) -> dict[str, Any]:
    view_id, external_id = ctx.args.get("view_id"), ctx.args.get("external_id")
    if not view_id and not external_id:
        raise SlackError("invalid_arguments", "[ERROR] view_id or external_id is required")
    current = (
        ctx.store.views.get(str(view_id))
        if view_id
        else next(
            (v for v in ctx.store.views.values() if v.get("external_id") == external_id), None
        )
    )
    if current is None or not ctx.store.is_open(current["id"]):
        raise SlackError("not_found")
    if ctx.args.get("hash") and ctx.args["hash"] != current["hash"]:
        raise SlackError("hash_conflict")
    view = _checked_view(ctx, kind=current["type"])
    stored = _store(
        ctx,
        view,
        user=ctx.store.view_users[current["id"]],
        view_id=current["id"],
        previous=current.get("previous_view_id"),
        root=current.get("root_view_id"),
    )
    return {"view": copy.deepcopy(stored)}


def views_publish(ctx: Ctx) -> dict[str, Any]:
    user = ctx.arg("user_id")
    if user not in ctx.world.users:
        raise SlackError("user_not_found")
    current_id = ctx.store.homes.get(user)
    current = ctx.store.views.get(current_id) if current_id else None
    if current and ctx.args.get("hash") and ctx.args["hash"] != current["hash"]:
        raise SlackError("hash_conflict")
    view = _checked_view(ctx, kind="home")
    stored = _store(ctx, view, user=user, view_id=current_id)
    ctx.store.homes[user] = stored["id"]
    return {"view": copy.deepcopy(stored)}


def _exchange_trigger(ctx: Ctx) -> str:
    trigger_id = str(ctx.args.get("trigger_id") or ctx.args.get("interactivity_pointer") or "")
    trigger = ctx.store.triggers.get(trigger_id)
    if trigger is None:
        raise SlackError("invalid_trigger_id")
    if trigger.used:
        raise SlackError("exchanged_trigger_id")
    if ctx.ids.now() - trigger.created > ctx.trigger_ttl:
        raise SlackError("expired_trigger_id")
    trigger.used = True
    return trigger.user


def _checked_view(ctx: Ctx, *, kind: str) -> dict[str, Any]:
    view = ctx.json_arg("view")
    if view is None:
        raise SlackError("invalid_arguments", "[ERROR] missing required field: view")
    reasons = validate_view(view)
    if not reasons and view.get("type") != kind:
        reasons = [f"[ERROR] view type must be {kind} here [json-pointer:/view/type]"]
    if reasons:
        raise SlackError("invalid_arguments", *reasons)
    external_id = view.get("external_id")
    if external_id and any(
        v.get("external_id") == external_id and v["id"] != ctx.args.get("view_id")
        for v in ctx.store.views.values()
        if ctx.store.is_open(v["id"])
    ):
        raise SlackError("duplicate_external_id")
    assert isinstance(view, dict)
    return view


def _store(
    ctx: Ctx,
    view: dict[str, Any],
    *,
    user: str,
    view_id: str | None = None,
    previous: str | None = None,
    root: str | None = None,
) -> dict[str, Any]:
    """The view object Slack answers with and later sends back in payloads."""
    view_id = view_id or ctx.ids.id("V")
    stored: dict[str, Any] = {
        "id": view_id,
        "team_id": ctx.world.team_id,
        "type": view["type"],
        "blocks": fill_ids(ctx.ids, view["blocks"]),
        "private_metadata": view.get("private_metadata", ""),
        "callback_id": view.get("callback_id", ""),
        "state": {"values": {}},
        "hash": ctx.ids.hash(),
        "clear_on_close": bool(view.get("clear_on_close", False)),
        "notify_on_close": bool(view.get("notify_on_close", False)),
        "root_view_id": root or view_id,
        "previous_view_id": previous,
        "app_id": ctx.world.app_id,
        "external_id": view.get("external_id", ""),
        "app_installed_team_id": ctx.world.team_id,
        "bot_id": ctx.world.bot_id,
    }
    for key in ("title", "submit", "close"):
        if key in view:
            stored[key] = copy.deepcopy(view[key])
    return ctx.store.keep_view(stored, user)


def apply_submission_answer(ctx: Ctx, view_id: str, answer: Any) -> list[str]:
    """Do what Slack does with an app's answer to view_submission; reasons it would refuse it.

    docs.slack.dev/surfaces/modals: an empty answer closes the view; ``response_action``
    ``errors`` (keyed by input ``block_id``s) keeps it open, ``update`` replaces it,
    ``push`` stacks a new view on it, ``clear`` closes the whole modal.
    """
    action = answer.get("response_action") if isinstance(answer, dict) else None
    stack = ctx.store.stack_of(view_id) or [view_id]
    current = ctx.store.views[view_id]
    if action is None:
        ctx.store.close_view(view_id)
    elif action == "clear":
        ctx.store.close_view(stack[0])
    elif action == "errors":
        inputs = {b.get("block_id") for b in current["blocks"] if b.get("type") == "input"}
        errors = answer.get("errors")
        if not isinstance(errors, dict) or not errors:
            return ["[ERROR] errors must map input block_ids to messages"]
        return [
            f"[ERROR] errors names {k!r}, not an input block_id" for k in errors if k not in inputs
        ]
    elif action in ("update", "push"):
        view = answer.get("view")
        reasons = validate_view(view)
        if not reasons and view.get("type") != "modal":
            reasons = ["[ERROR] a response_action view must be a modal"]
        if action == "push" and len(stack) >= MAX_STACK:
            reasons.append("[ERROR] push_limit_reached")
        if reasons:
            return reasons
        user = ctx.store.view_users[view_id]
        if action == "update":
            _store(
                ctx,
                view,
                user=user,
                view_id=view_id,
                previous=current.get("previous_view_id"),
                root=current.get("root_view_id"),
            )
        else:
            stack.append(_store(ctx, view, user=user, previous=view_id, root=stack[0])["id"])
    else:
        return [f"[ERROR] unknown response_action {action!r}"]
    return []
