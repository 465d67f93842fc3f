"""A fake Slack Web API on loopback: real HTTP, Slack-shaped answers, every call recorded.

Point slack_sdk at it with ``AsyncWebClient(token=fake.bot_token, base_url=fake.api_url)``.
Routes: ``/api/<method>`` (the Web API), ``/upload/v1/<file_id>`` (the URL
files.getUploadURLExternal hands out), ``/files-pri/<team>-<file>/…`` (a shared file's
``url_private`` and ``url_private_download``: files_private.py), ``/response/<id>``
(``response_url``s the driver puts in payloads) and ``/link/`` (Socket Mode's WebSocket:
socket_mode.py).
See the package docstring for a walk-through.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from types import TracebackType
from typing import Any

from aiohttp import web

from . import methods_chat as chat
from . import methods_files as files
from . import methods_views as views
from .api import Ctx, RateTier, SlackError, public
from .files_private import host_file, serve_private
from .ids import Ids
from .records import Records
from .responses import answer_response_url
from .serve import Served, serve
from .socket_mode import SocketMode
from .store import Call, HostedFile, Response, ResponseUrl, Store, Trigger
from .typed import as_sent, escape, rich_text
from .world import Workspace

METHODS: dict[str, Callable[[Ctx], dict[str, Any]]] = {
    "auth.test": chat.auth_test,
    "chat.postMessage": chat.chat_post_message,
    "chat.postEphemeral": chat.chat_post_ephemeral,
    "chat.update": chat.chat_update,
    "chat.delete": chat.chat_delete,
    "users.info": chat.users_info,
    "conversations.replies": chat.conversations_replies,
    "views.open": views.views_open,
    "views.push": views.views_push,
    "views.update": views.views_update,
    "views.publish": views.views_publish,
    "files.getUploadURLExternal": files.get_upload_url_external,
    "files.completeUploadExternal": files.complete_upload_external,
}
#: Arguments slack_sdk may send as JSON strings inside a form body; recorded decoded.
JSON_ARGS = ("blocks", "attachments", "view", "files")


@dataclass
class Failure:
    error: str
    status: int
    retry_after: int | None
    times: int


class Hold:
    """The next call of a method, kept unanswered: ``reached`` is set once it arrives; it is
    answered (and acted on) after ``release()``, or dropped unanswered after ``drop()`` —
    as Slack never sees a request whose sender died while it was on the wire."""

    def __init__(self) -> None:
        self.reached = asyncio.Event()
        self._done = asyncio.Event()
        self.dropped = False

    def release(self) -> None:
        self._done.set()

    def drop(self) -> None:
        self.dropped = True
        self._done.set()

    async def wait(self) -> None:
        self.reached.set()
        await self._done.wait()


class FakeSlack(Records):
    """The fake Web API. Use ``async with FakeSlack() as fake:`` or the ``fake_slack`` fixture."""

    def __init__(
        self,
        world: Workspace | None = None,
        *,
        seed: int = 0,
        trigger_ttl: float = 3.0,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.world = world or Workspace.default()
        self.store = Store()
        self.ids = Ids(seed=seed, clock=clock)
        #: docs.slack.dev/surfaces/modals: a trigger_id expires three seconds after it is sent.
        self.trigger_ttl = trigger_ttl
        self._failures: dict[str, list[Failure]] = {}
        self._holds: dict[str, list[Hold]] = {}
        #: conversations.replies' rate tier: ``RateTier.distributed()`` for an app
        #: distributed outside the Marketplace (1 call a minute, 15 messages a page).
        self.replies = RateTier.marketplace()
        #: Socket Mode: apps.connections.open, the app's links, envelopes and their acks
        self.socket_mode = SocketMode(self.world, self.ids)
        self._served: Served | None = None
        self.url = ""

    # -- lifecycle ----------------------------------------------------------------------
    async def __aenter__(self) -> FakeSlack:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/api/{method}", self._api)
        app.router.add_post("/upload/v1/{file_id}", self._upload)
        app.router.add_get("/files-pri/{key}/download/{name}", self._private_file)
        app.router.add_get("/files-pri/{key}/{name}", self._private_file)
        app.router.add_post("/response/{id}", self._response)
        self.socket_mode.mount(app)
        self._served = await serve(app)
        self.url = self.socket_mode.base_url = self._served.url
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._served is not None:
            await self.socket_mode.close()
            await self._served.close()
            self._served = None

    @property
    def api_url(self) -> str:
        """slack_sdk's ``base_url`` (it appends the method name)."""
        return f"{self.url}/api/"

    @property
    def bot_token(self) -> str:
        return self.world.bot_token

    # -- telling it what to do --------------------------------------------------------------
    def fail_next(
        self,
        method: str,
        *,
        error: str | None = None,
        status: int = 200,
        retry_after: int | None = None,
        times: int = 1,
    ) -> None:
        """Answer the next ``times`` calls of ``method`` with a failure.

        ``status=429`` is a rate limit (``Retry-After: retry_after`` seconds, error
        ``ratelimited``); otherwise ``error`` (e.g. ``not_in_channel``) with ``status``.
        ``method`` may also be ``"upload"`` (the upload URL), ``"download"`` (a shared
        file's private URL) or ``"response_url"``.
        """
        if status == 429:
            error, retry_after = error or "ratelimited", 1 if retry_after is None else retry_after
        if error is None:
            raise ValueError("fail_next needs an error, or status=429 for a rate limit")
        self._failures.setdefault(method, []).append(Failure(error, status, retry_after, times))

    def hold_next(self, method: str) -> Hold:
        """Keep the next call of ``method`` unanswered until released or dropped."""
        hold = Hold()
        self._holds.setdefault(method, []).append(hold)
        return hold

    def ctx(self, args: dict[str, Any] | None = None) -> Ctx:
        """A request context as the bot (for the driver applying what Slack does itself)."""
        grant = self.world.grants.get(self.bot_token)
        return Ctx(self.world, self.store, self.ids, self.url, grant, args or {}, self.trigger_ttl,
                   self.replies)

    def oauth_code(self, user: str | None = None) -> str:
        """A one-time code for oauth.v2.access, as Slack's redirect would carry it."""
        code = self.ids.id("c", 16).lower()
        self.store.oauth_codes[code] = user or self.world.alice
        return code

    # -- what the driver asks for -------------------------------------------------------
    def issue_trigger(self, user: str) -> str:
        trigger = Trigger(self.ids.trigger_id(), user, self.ids.now())
        self.store.triggers[trigger.id] = trigger
        return trigger.id

    def response_url(
        self,
        user: str,
        channel: str,
        *,
        message_ts: str | None = None,
        is_ephemeral: bool = False,
        thread_ts: str | None = None,
    ) -> str:
        rid = self.ids.id("R", 16)
        self.store.response_urls[rid] = ResponseUrl(
            rid, user, channel, self.ids.now(), message_ts, is_ephemeral, thread_ts
        )
        return f"{self.url}/response/{rid}"

    def user_message(
        self,
        channel: str,
        user: str,
        text: str,
        *,
        thread_ts: str | None = None,
        subtype: str | None = None,
        files: list[dict[str, Any]] | None = None,
    ) -> dict[str, Any]:
        """A person's message as Slack stores it (the driver also sends its event): ``text``
        is what they typed, kept escaped and with tokens (typed.py) beside its rich_text
        block; ``subtype="thread_broadcast"`` is a reply also sent to the channel."""
        message: dict[str, Any] = {
            "type": "message",
            "ts": self.ids.ts(),
            "channel": channel,
            "user": user,
            "text": as_sent(self.world, text),
            "blocks": [rich_text(self.world, text)],
            "team": self.world.team_id,
        }
        if subtype:
            message["subtype"] = subtype
        if files:
            message["files"] = files
        if thread_ts:
            message["thread_ts"] = thread_ts
            if subtype == "thread_broadcast":
                root = self.store.find(channel, thread_ts)
                message["root"] = public(root) if root else {"ts": thread_ts}
        return self.store.snapshot(self.store.post(message))

    def host_file(self, user: str, *, name: str, data: bytes, mimetype: str,
                  filetype: str = "") -> HostedFile:
        """A file ``user`` uploads to share: served at its private URLs from now on."""
        return host_file(self.store, self.ids, self.world, name=name, data=data,
                         mimetype=mimetype, filetype=filetype, user=user)

    def bot_message(
        self, channel: str, text: str, *, thread_ts: str | None = None
    ) -> dict[str, Any]:
        """Another app's message (``subtype: bot_message``, a ``bot_id``, no person)."""
        message: dict[str, Any] = {
            "type": "message",
            "subtype": "bot_message",
            "ts": self.ids.ts(),
            "channel": channel,
            "text": escape(text),
            "bot_id": "B0OTHERBOT1",
            "username": "another-bot",
            "team": self.world.team_id,
        }
        if thread_ts:
            message["thread_ts"] = thread_ts
        return self.store.snapshot(self.store.post(message))

    # -- HTTP -----------------------------------------------------------------------------
    def _failure(self, method: str) -> Failure | None:
        queue = self._failures.get(method)
        if not queue:
            return None
        failure = queue[0]
        failure.times -= 1
        if failure.times <= 0:
            queue.pop(0)
        return failure

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        args = await _read_args(request)
        holds = self._holds.get(method)
        if holds:
            hold = holds.pop(0)
            await hold.wait()
            if hold.dropped:
                return web.Response(status=502, text="dropped: its sender is gone")
        authorization = request.headers.get("Authorization", "")
        token = authorization[7:] if authorization.startswith("Bearer ") else None
        form_token = args.pop("token", None)
        if token is None and request.content_type != "application/json":
            token = form_token  # Slack reads a token argument from query or form, never JSON
        headers: dict[str, str] = {}
        try:
            body = self._answer(method, args, token, authorization, headers)
            status = 200
        except SlackError as e:
            status, body = e.status, e.body
            if e.retry_after is not None:
                headers["Retry-After"] = str(e.retry_after)
        self.store.calls.append(Call(method, args, token, time.time(), status, body))
        return web.json_response(body, status=status, headers=headers)

    def _answer(
        self,
        method: str,
        args: dict[str, Any],
        token: str | None,
        authorization: str,
        headers: dict[str, str],
    ) -> dict[str, Any]:
        failure = self._failure(method)
        if failure is not None:
            if failure.retry_after is not None:
                headers["Retry-After"] = str(failure.retry_after)
            raise SlackError(failure.error, status=failure.status)
        grant = self.world.grants.get(token) if token else None
        ctx = Ctx(self.world, self.store, self.ids, self.url, grant, args, self.trigger_ttl,
                  self.replies)
        if method == "oauth.v2.access":
            return {"ok": True, **chat.oauth_v2_access(ctx, authorization)}
        if method == "apps.connections.open":
            in_header = authorization.startswith("Bearer ")
            return {"ok": True, **self.socket_mode.connections_open(token, in_header=in_header)}
        if token == self.world.app_token:
            raise SlackError("not_allowed_token_type")  # an app-level token only opens sockets
        handler = METHODS.get(method)
        if handler is None:
            raise SlackError("unknown_method", req_method=method)
        if not token:
            raise SlackError("not_authed")
        if grant is None:
            raise SlackError("invalid_auth")
        headers["X-OAuth-Scopes"] = ",".join(sorted(grant.scopes))
        return {"ok": True, **handler(ctx)}

    async def _upload(self, request: web.Request) -> web.Response:
        if request.content_type == "multipart/form-data":
            form = await request.post()
            part = next((v for v in form.values() if isinstance(v, web.FileField)), None)
            data = part.file.read() if part is not None else b""
        else:
            data = await request.read()
        failure = self._failure("upload")
        if failure is not None:
            return web.Response(status=failure.status, text=failure.error)
        status, text = files.receive_bytes(self.store, request.match_info["file_id"], data)
        return web.Response(status=status, text=text)

    async def _private_file(self, request: web.Request) -> web.Response:
        failure = self._failure("download")
        if failure is not None:
            return web.Response(status=failure.status, text=failure.error)
        return serve_private(self.store, self.world, request)

    async def _response(self, request: web.Request) -> web.Response:
        raw = await request.text()
        try:
            body = json.loads(raw) if raw else {}
        except json.JSONDecodeError:
            body = {"unparsed": raw}
        url = self.store.response_urls.get(request.match_info["id"])
        failure = self._failure("response_url")
        if failure is not None:
            status, text = failure.status, failure.error
        else:
            status, text = answer_response_url(self.world, self.store, self.ids, url, body)
        if url is not None:
            self.store.responses.append(Response(url, body, status, text, time.time()))
        return web.Response(status=status, text=text)


async def _read_args(request: web.Request) -> dict[str, Any]:
    """Query string, then a JSON or form body — the three ways slack_sdk sends arguments."""
    args: dict[str, Any] = dict(request.query)
    if request.method == "POST" and request.can_read_body:
        if request.content_type == "application/json":
            body = await request.json()
            if isinstance(body, dict):
                args.update(body)
        else:
            form = await request.post()
            args.update({k: v for k, v in form.items() if isinstance(v, str)})
    for key in JSON_ARGS:
        if isinstance(args.get(key), str):
            with contextlib.suppress(json.JSONDecodeError):  # else the method refuses it
                args[key] = json.loads(args[key])
    return args
