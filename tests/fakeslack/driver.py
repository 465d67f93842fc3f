"""A person using Slack, as the app sees it: signed slash commands, clicks, submissions, events.

Every interaction is built from what the app actually sent. ``click(message, text="Next")``
finds that button in the message's current blocks and posts the ``block_actions`` payload
Slack would (``actions[0]`` with action_id, block_id, value, type, action_ts; ``container``,
``channel``, ``message`` or ``view``; a ``trigger_id`` the fake accepts once, for three
seconds; a ``response_url`` served by the fake). ``submit(view, values=…)`` builds
``view.state`` per input element type and refuses what Slack's client would refuse (a
required field left empty, a number out of range, an option not on offer). Signing and
tampering options (``signature=``, ``age=``, :meth:`replay`, :meth:`retry`) come from
:class:`~.transport.Transport`.
"""

from __future__ import annotations

import dataclasses
import json
import time
from collections.abc import Callable
from typing import Any

from . import elements as el
from . import payloads as p
from .elements import DriverError
from .methods_views import apply_submission_answer
from .screen import look, where
from .server import FakeSlack
from .transport import Reply, Sent, Transport, sign
from .typed import as_sent
from .world import COMMAND_TOKENS

__all__ = ["Driver", "DriverError", "Reply", "Sent", "sign"]


class Driver(Transport):
    """People of ``fake``'s world using the app behind ``url`` (its ``/slack/events``)."""

    def __init__(
        self,
        url: str,
        fake: FakeSlack,
        *,
        signing_secret: str,
        user: str | None = None,
        channel: str | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        super().__init__(url, signing_secret=signing_secret, clock=clock)
        self.fake, self.world = fake, fake.world
        #: who acts and where, unless a call names someone else
        self.user = user or self.world.alice
        self.channel = channel or self.world.general

    async def command(
        self,
        text: str = "",
        *,
        command: str = "/ftroi",
        user: str | None = None,
        channel: str | None = None,
        **how: Any,
    ) -> Reply:
        """Type ``/ftroi text`` in ``channel`` (slash commands carry no thread_ts); Slack
        sends ``text`` escaped, with tokens if the manifest's ``should_escape`` says so."""
        user, channel = user or self.user, channel or self.channel
        form = p.slash_command(
            self.world,
            command=command,
            text=as_sent(self.world, text, tokens=COMMAND_TOKENS.get(command, False)),
            user=user,
            channel=channel,
            trigger_id=self.fake.issue_trigger(user),
            response_url=self.fake.response_url(user, channel),
        )
        return await self.post(form, form=True, **how)

    async def click(
        self,
        target: dict[str, Any],
        *,
        action_id: str | None = None,
        text: str | None = None,
        block_id: str | None = None,
        value: str | None = None,
        user: str | None = None,
        values: dict[str, Any] | None = None,
        **how: Any,
    ) -> Reply:
        """Click a button found in the blocks the app sent (a message, ephemeral or view)."""
        return await self._act(
            target,
            {"button"},
            None,
            user,
            values,
            how,
            action_id=action_id,
            text=text,
            block_id=block_id,
            value=value,
        )

    async def choose(
        self,
        target: dict[str, Any],
        option: Any,
        *,
        action_id: str | None = None,
        block_id: str | None = None,
        user: str | None = None,
        values: dict[str, Any] | None = None,
        **how: Any,
    ) -> Reply:
        """Pick ``option`` (value or visible text; a list for checkboxes) in a menu on screen."""
        kinds = el.ONE_OPTION | el.MANY_OPTIONS | set(el.PICKED)
        return await self._act(
            target, kinds, option, user, values, how, action_id=action_id, block_id=block_id
        )

    async def suggest(
        self,
        target: dict[str, Any],
        typed: str,
        *,
        action_id: str | None = None,
        block_id: str | None = None,
        user: str | None = None,
        **how: Any,
    ) -> Reply:
        """Type ``typed`` into an external select: Slack asks the app for options."""
        screen, user = look(self.fake, target, user, self.user)
        found = el.find(
            screen.get("blocks", []),
            action_id=action_id,
            block_id=block_id,
            types={"external_select", "multi_external_select"},
        )
        payload = p.interaction(
            self.world,
            "block_suggestion",
            user,
            action_id=found.element["action_id"],
            block_id=found.block["block_id"],
            value=typed,
            **where(self.fake, screen, user, None),
        )
        payload.pop("response_url", None)
        payload.pop("trigger_id", None)
        return await self.post({"payload": json.dumps(payload)}, form=True, **how)

    async def submit(
        self,
        view: dict[str, Any],
        values: dict[str, Any] | None = None,
        *,
        user: str | None = None,
        **how: Any,
    ) -> Reply:
        """Fill ``values`` into the modal on top and press its submit button."""
        screen, user = look(self.fake, view, user, self.user)
        stack = self.fake.store.stack_of(screen["id"])
        if (
            screen["type"] != "modal"
            or "submit" not in screen
            or not stack
            or stack[-1] != screen["id"]
        ):
            raise DriverError(
                f"view {screen['id']} is not the open modal on top with a submit button"
            )
        screen["state"] = el.view_state(screen, values, submitting=True)
        payload = p.interaction(
            self.world,
            "view_submission",
            user,
            view=screen,
            trigger_id=self.fake.issue_trigger(user),
            response_urls=[],
        )
        reply = await self.post({"payload": json.dumps(payload)}, form=True, **how)
        if reply.status == 200:
            reasons = apply_submission_answer(self.fake.ctx(), screen["id"], reply.json())
            if reasons:
                raise DriverError(
                    "Slack would refuse the view in the app's answer: " + "; ".join(reasons)
                )
        return reply

    async def close_view(
        self, view: dict[str, Any], *, user: str | None = None, **how: Any
    ) -> Reply | None:
        """Press the modal's close button; Slack tells the app only when notify_on_close."""
        screen, user = look(self.fake, view, user, self.user)
        self.fake.store.close_view(screen["id"])
        if not screen.get("notify_on_close"):
            return None
        payload = p.interaction(self.world, "view_closed", user, view=screen, is_cleared=False)
        return await self.post({"payload": json.dumps(payload)}, form=True, **how)

    async def say(
        self,
        text: str,
        *,
        channel: str | None = None,
        user: str | None = None,
        thread_ts: str | None = None,
        broadcast: bool = False,
        **how: Any,
    ) -> Reply:
        """Post ``text`` as a person (in a thread with thread_ts; with ``broadcast``, "Also
        send to #channel": ``subtype: thread_broadcast``): the app gets a message event."""
        channel, user = channel or self.channel, user or self.user
        if broadcast and not thread_ts:
            raise DriverError("only a reply in a thread can also be sent to the channel")
        parent = self.fake.message(channel, thread_ts) if thread_ts else None
        message = self.fake.user_message(channel, user, text, thread_ts=thread_ts,
                                         subtype="thread_broadcast" if broadcast else None)
        event = p.message_event(self.world, message, parent.get("user") if parent else None)
        return await self.event(event, **how)

    async def share_file(
        self, text: str, *, thread_ts: str, channel: str | None = None,
        user: str | None = None, name: str = "notes.txt", data: bytes = b"notes\n",
        mimetype: str = "text/plain", filetype: str = "text", **how: Any,
    ) -> Reply:
        """Upload a file (``name``, its bytes ``data``) with ``text`` as its message: the
        app gets ``subtype: file_share`` with the file object in ``files`` (its
        ``url_private_download``, ``mimetype``, ``name``, ``size``), and the fake serves the
        bytes at that URL to a token bearing files:read (files_private.py)."""
        channel, user = channel or self.channel, user or self.user
        parent = self.fake.message(channel, thread_ts)
        hosted = self.fake.host_file(user, name=name, data=data, mimetype=mimetype,
                                     filetype=filetype)
        file = hosted.file_object(self.fake.url)
        message = self.fake.user_message(channel, user, text, thread_ts=thread_ts,
                                         subtype="file_share", files=[file])
        event = p.message_event(self.world, message, parent.get("user") if parent else None)
        return await self.event(event, **how)

    async def edit(self, message: dict[str, Any], text: str, **how: Any) -> Reply:
        """Edit a message of the person's: the app gets ``subtype: message_changed``."""
        before = self.fake.message(message["channel"], message["ts"])
        if before is None or before.get("user") is None:
            raise DriverError(f"message {message['ts']} is not a person's message")
        stored = self.fake.store.find(message["channel"], message["ts"])
        assert stored is not None
        stored["text"] = as_sent(self.world, text)
        stored["edited"] = {"user": before["user"], "ts": self.fake.ids.ts()}
        after = self.fake.message(message["channel"], message["ts"])
        assert after is not None
        return await self.event(p.changed_event(self.world, before, after), **how)

    async def bot_says(
        self, text: str, *, thread_ts: str, channel: str | None = None, **how: Any
    ) -> Reply:
        """Another app posts ``text`` in the thread (``subtype: bot_message``)."""
        channel = channel or self.channel
        message = self.fake.bot_message(channel, text, thread_ts=thread_ts)
        return await self.event(p.message_event(self.world, message, None), **how)

    async def shortcut(
        self, message: dict[str, Any], callback_id: str, *, user: str | None = None, **how: Any
    ) -> Reply:
        """Use the message shortcut ``callback_id`` on ``message`` (from its ⋮ menu)."""
        screen, user = look(self.fake, message, user, self.user)
        payload = p.message_action(
            self.world, user, screen, callback_id=callback_id,
            trigger_id=self.fake.issue_trigger(user),
            response_url=self.fake.response_url(user, screen["channel"],
                                                thread_ts=screen.get("thread_ts")),
            action_ts=self.fake.ids.ts())
        return await self.post({"payload": json.dumps(payload)}, form=True, **how)

    async def revoke_tokens(self, **how: Any) -> Reply:
        """An admin revokes the app's bot tokens: they stop working, then Slack sends
        ``tokens_revoked`` naming the bot user."""
        world = self.world
        for token in [t for t, g in world.grants.items() if g.user_id == world.bot_user_id]:
            del world.grants[token]
        return await self.event(p.tokens_revoked(world, bots=[world.bot_user_id], people=[],
                                                 event_ts=self.fake.ids.ts()), **how)

    async def uninstall(self, **how: Any) -> Reply:
        """The workspace removes the app: every token of it stops working, then Slack
        sends ``app_uninstalled``."""
        world = self.world
        for token in [t for t, g in world.grants.items() if g.team_id == world.team_id]:
            del world.grants[token]
        return await self.event(p.app_uninstalled(self.fake.ids.ts()), **how)

    async def open_home(self, *, user: str | None = None, **how: Any) -> Reply:
        user = user or self.user
        home_id = self.fake.store.homes.get(user)
        view = self.fake.view(home_id) if home_id else None
        return await self.event(
            p.app_home_opened(self.world, user, self.fake.ids.ts(), view), **how
        )

    async def event(self, event: dict[str, Any], **how: Any) -> Reply:
        """Any Events API event, in its ``event_callback`` envelope with a fresh event_id."""
        envelope = p.event_callback(
            self.world, event, event_id=self.fake.ids.event_id(), event_time=int(self.clock())
        )
        reply = await self.post(envelope, form=False, **how)
        return dataclasses.replace(reply, event=envelope)

    async def url_verification(self, challenge: str = "fake-challenge", **how: Any) -> Reply:
        payload = {
            "token": self.world.verification_token,
            "challenge": challenge,
            "type": "url_verification",
        }
        return await self.post(payload, form=False, **how)

    async def _act(
        self,
        target: dict[str, Any],
        kinds: set[str],
        chosen: Any,
        user: str | None,
        values: dict[str, Any] | None,
        how: dict[str, Any],
        **find: Any,
    ) -> Reply:
        screen, user = look(self.fake, target, user, self.user)
        found = el.find(screen.get("blocks", []), types=kinds, **find)
        action = {
            "action_id": found.element["action_id"],
            "block_id": found.block["block_id"],
            "action_ts": self.fake.ids.ts(),
        }
        if found.element["type"] == "button":
            action |= {
                k: found.element[k]
                for k in ("type", "text", "value", "style")
                if k in found.element
            }
        else:
            action |= el.selection(found.element, chosen)
            if screen.get("type") in ("modal", "home"):
                chosen_here = {found.block["block_id"]: {found.element["action_id"]: chosen}}
                values = {**(values or {}), **chosen_here}  # the view's state shows the pick too
        payload = p.interaction(
            self.world,
            "block_actions",
            user,
            trigger_id=self.fake.issue_trigger(user),
            **where(self.fake, screen, user, values),
            actions=[action],
        )
        return await self.post({"payload": json.dumps(payload)}, form=True, **how)
