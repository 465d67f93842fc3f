"""auth.test, chat.*, users.info, conversations.replies and oauth.v2.access, Slack-shaped.

Arguments, scopes and error codes follow each method's page under
docs.slack.dev/reference/methods/. Where this fake is stricter than Slack it says so.
"""

from __future__ import annotations

import base64
from typing import Any

from .api import Ctx, SlackError, public
from .world import BOT_SCOPES, Grant


def auth_test(ctx: Ctx) -> dict[str, Any]:
    me, world = ctx.me, ctx.world
    answer: dict[str, Any] = {
        "url": f"https://{world.domain}.slack.com/",
        "team": world.name,
        "user": world.user_name(me.user_id),
        "team_id": me.team_id,
        "user_id": me.user_id,
        "is_enterprise_install": False,
    }
    if me.bot_id:
        answer["bot_id"] = me.bot_id
    return answer


def chat_post_message(ctx: Ctx) -> dict[str, Any]:
    ctx.need("chat:write")
    channel = ctx.channel(ctx.arg("channel", "channel_not_found"))
    thread_ts = ctx.thread_ts(channel)
    text, blocks = ctx.content()
    message = ctx.store.post(ctx.bot_message(channel, text, blocks, thread_ts))
    return {"channel": channel.id, "ts": message["ts"], "message": public(message)}


def chat_post_ephemeral(ctx: Ctx) -> dict[str, Any]:
    ctx.need("chat:write")
    channel = ctx.channel(ctx.arg("channel", "channel_not_found"), post=False)
    user = ctx.arg("user", "user_not_found")
    if user not in ctx.world.users:
        raise SlackError("user_not_found")
    if user not in channel.members:
        raise SlackError("user_not_in_channel")
    thread_ts = ctx.thread_ts(channel)
    text, blocks = ctx.content()
    message = ctx.bot_message(channel, text, blocks, thread_ts)
    message.update(user=user, is_ephemeral=True)
    ctx.store.ephemerals.append(message)
    return {"message_ts": message["ts"]}


def chat_update(ctx: Ctx) -> dict[str, Any]:
    ctx.need("chat:write")
    channel = ctx.channel(ctx.arg("channel", "channel_not_found"), post=False)
    message = ctx.store.find(channel.id, ctx.arg("ts", "message_not_found"))
    if message is None:
        raise SlackError("message_not_found")
    if message.get("user") != ctx.me.user_id:
        raise SlackError("cant_update_message")
    if "text" in ctx.args or "blocks" in ctx.args:
        text, blocks = ctx.content()
        message["text"] = text
        if blocks is not None:
            message["blocks"] = blocks
    message["edited"] = {"user": ctx.me.user_id, "ts": ctx.ids.ts()}
    return {
        "channel": channel.id,
        "ts": message["ts"],
        "text": message["text"],
        "message": public(message),
    }


def chat_delete(ctx: Ctx) -> dict[str, Any]:
    ctx.need("chat:write")
    channel = ctx.channel(ctx.arg("channel", "channel_not_found"), post=False)
    ts = ctx.arg("ts", "message_not_found")
    message = ctx.store.find(channel.id, ts)
    if message is None:
        raise SlackError("message_not_found")
    if message.get("user") != ctx.me.user_id:
        raise SlackError("cant_delete_message")
    ctx.store.delete(channel.id, ts)
    return {"channel": channel.id, "ts": ts}


def users_info(ctx: Ctx) -> dict[str, Any]:
    ctx.need("users:read")
    user = ctx.world.users.get(ctx.arg("user", "user_not_found"))
    if user is None:
        raise SlackError("user_not_found")
    return {"user": user.profile(ctx.world.team_id)}


def conversations_replies(ctx: Ctx) -> dict[str, Any]:
    """reference/methods/conversations.replies: the thread's parent, then its replies, a
    page of ``limit`` at a time (``cursor`` from ``response_metadata.next_cursor``).

    ``ctx.replies`` is the caller's rate tier: Marketplace and internal apps get Tier 3
    and up to 1,000 messages a page; "for new applications and installations
    commercially distributed outside of the Marketplace, this method is rate limited to 1
    request per minute" and "the maximum and default values for the limit parameter have
    both been reduced to 15 objects" (since May 29, 2025; existing installations since
    March 3, 2026; api.slack.com/apis/rate-limits).
    """
    tier = ctx.replies
    channel = ctx.channel(ctx.arg("channel", "channel_not_found"), post=False)
    ctx.need(channel.history_scope)
    tier.take(ctx.ids.now())
    thread = ctx.store.thread(channel.id, ctx.arg("ts", "thread_not_found"))
    if not thread:
        raise SlackError("thread_not_found")
    try:
        limit = min(int(ctx.args.get("limit") or tier.max_limit), tier.max_limit)
    except ValueError as e:
        raise SlackError("invalid_limit") from e
    if limit < 1:
        raise SlackError("invalid_limit")
    start = _after(str(ctx.args.get("cursor") or ""))
    page = thread[start:start + limit]
    more = start + limit < len(thread)
    return {
        "messages": [public(m) for m in page],
        "has_more": more,
        "response_metadata": {"next_cursor": _cursor(start + limit) if more else ""},
    }


def _cursor(index: int) -> str:
    return base64.b64encode(f"next_ts:{index}".encode()).decode()


def _after(cursor: str) -> int:
    if not cursor:
        return 0
    try:
        head, _, index = base64.b64decode(cursor.encode(), validate=True).decode().partition(":")
        if head == "next_ts" and index.isdigit():
            return int(index)
    except ValueError:
        pass
    raise SlackError("invalid_cursor")


def oauth_v2_access(ctx: Ctx, authorization: str | None) -> dict[str, Any]:
    """Exchange a code from :meth:`FakeSlack.oauth_code` for a new bot token.

    The client authenticates with HTTP Basic (as slack_sdk does) or with ``client_id`` and
    ``client_secret`` arguments; a code works once.
    """
    world = ctx.world
    client_id, secret = ctx.args.get("client_id"), ctx.args.get("client_secret")
    if authorization and authorization.startswith("Basic "):
        decoded = base64.b64decode(authorization[6:]).decode()
        client_id, _, secret = decoded.partition(":")
    if client_id != world.client_id:
        raise SlackError("invalid_client_id")
    if secret != world.client_secret:
        raise SlackError("bad_client_secret")
    code = str(ctx.args.get("code") or "")
    installer = ctx.store.oauth_codes.pop(code, None)
    if installer is None:
        raise SlackError("invalid_code")
    token = f"xoxb-{ctx.ids.id('', 12).lower()}"
    world.grants[token] = Grant(
        token, world.team_id, world.bot_user_id, set(BOT_SCOPES), bot_id=world.bot_id
    )
    return {
        "access_token": token,
        "token_type": "bot",
        "scope": ",".join(sorted(BOT_SCOPES)),
        "bot_user_id": world.bot_user_id,
        "app_id": world.app_id,
        "team": {"name": world.name, "id": world.team_id},
        "enterprise": None,
        "authed_user": {"id": installer},
        "is_enterprise_install": False,
    }
