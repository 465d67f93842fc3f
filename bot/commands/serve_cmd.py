"""``ftroi serve [--port N]``: the Slack app, until SIGTERM or Ctrl-C.

    SLACK_BOT_TOKEN=xoxb-… SLACK_SIGNING_SECRET=… ftroi serve            HTTP, port 3000
    SLACK_CLIENT_ID=… SLACK_CLIENT_SECRET=… SLACK_SIGNING_SECRET=… ftroi serve   OAuth
    SLACK_APP_TOKEN=xapp-… SLACK_BOT_TOKEN=xoxb-… ftroi serve            Socket Mode

HTTP mode serves Bolt's ``/slack/events`` (and, with OAuth, ``/slack/install`` and
``/slack/oauth_redirect``) with aiohttp; Socket Mode connects out to Slack instead. Both
answer ``/healthz`` (the process is up) and ``/readyz`` (the database answers, within
:data:`READY_TIMEOUT_SECONDS`, with every schema step of this version applied, and it is
not shutting down) on the port, for container probes. Every replica also posts the result
cards owed to threads whose replica died before posting them (:mod:`bot.slack.owed`), at
start and every few seconds. Its charts are drawn by ``FTROI_CHART_WORKERS`` chart
processes it starts (:mod:`bot.slack.chart_pool`), and its calls to Slack's Web API share
one HTTP session, so they reuse their connections.

The settings are checked before anything starts: a problem is one line on standard error
and status 2. Then it logs JSON lines on standard error at ``FTROI_LOG_LEVEL``
(:mod:`bot.slack.logs`), one for every Slack request (:mod:`bot.slack.access`), and never a
secret: the formatter blanks the tokens and secrets from every line, whoever logged it.
On SIGTERM or SIGINT it stops taking requests, lets the ones in flight and the work they
started finish (up to :data:`GRACE_SECONDS`), stops its chart processes, closes the HTTP
session and the database, and exits 0.
"""

from __future__ import annotations

import argparse
import gc
import logging
import signal
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported where used: `ftroi --help` loads no Slack, web or database code
    from aiohttp import web

    from bot.slack.access import LoggedApp
    from bot.slack.settings import SlackSettings
    from storage import AsyncStore

__all__ = ["DB_TIMEOUT_SECONDS", "GRACE_SECONDS", "READY_TIMEOUT_SECONDS", "register", "run"]

#: How long a shutdown waits for requests in flight and the work they started.
GRACE_SECONDS = 25.0
#: How long /readyz waits for the database before answering 503.
READY_TIMEOUT_SECONDS = 0.8
#: How long any database call of the Slack app may take before it counts as failed.
DB_TIMEOUT_SECONDS = 2.0

log = logging.getLogger("bot.serve")


def _port(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 65_535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port; give 1–65535")
    return int(text)


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "serve", help="run the Slack app (HTTP, OAuth or Socket Mode, from the environment)",
        description="Run the Slack app: HTTP on the port (Bolt's /slack/events; /slack/install "
                    "and /slack/oauth_redirect with OAuth), or Socket Mode when SLACK_APP_TOKEN "
                    "is set. /healthz and /readyz answer on the port in every mode.")
    parser.add_argument("--port", type=_port, metavar="N",
                        help="the HTTP port (default: $FTROI_PORT, else 3000)")
    parser.set_defaults(run=run)


def _logging(settings: SlackSettings) -> None:
    from bot.slack.logs import JsonLines

    secrets = [s.get_secret_value() for s in (
        settings.slack_bot_token, settings.slack_signing_secret, settings.slack_app_token,
        settings.slack_client_secret) if s is not None]
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonLines(secrets))  # blanks them from every line, whoever logs it
    logging.basicConfig(level=settings.ftroi_log_level, handlers=[handler], force=True)
    logging.captureWarnings(True)  # a Python warning is a JSON line too


def _with_health(app: web.Application, store: AsyncStore, state: dict[str, bool]
                 ) -> web.Application:
    import asyncio

    from aiohttp import web

    from storage.errors import StorageError

    async def healthz(_: web.Request) -> web.Response:
        return web.Response(text="ok")

    async def readyz(_: web.Request) -> web.Response:
        if not state["ready"]:
            return web.Response(status=503, text="shutting down")
        try:
            await asyncio.wait_for(store.check_schema(), READY_TIMEOUT_SECONDS)
        except TimeoutError:
            log.warning("not ready: the database did not answer within %.1f s",
                        READY_TIMEOUT_SECONDS)
            return web.Response(status=503, text="database not ready")
        except StorageError as e:
            log.warning("not ready: %s", e)  # the details for the operator, not the prober
            return web.Response(status=503, text="database not ready")
        return web.Response(text="ready")

    app.router.add_get("/healthz", healthz)
    app.router.add_get("/readyz", readyz)
    return app


async def _drain(seconds: float) -> None:
    """Let the work listeners started after their ack finish (Bolt runs it as tasks)."""
    import asyncio

    others = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
    if others:
        _, late = await asyncio.wait(others, timeout=seconds)
        if late:
            log.warning("%d tasks still running after %.0fs; stopping them", len(late), seconds)
            for task in late:
                task.cancel()


async def serve(settings: SlackSettings, store: AsyncStore, port: int) -> int:
    """Serve until SIGTERM/SIGINT; the exit status."""
    import aiohttp

    from bot.slack.app import WEB_API_TIMEOUT_SECONDS, build_app

    session = aiohttp.ClientSession(
        timeout=aiohttp.ClientTimeout(total=WEB_API_TIMEOUT_SECONDS))
    app = build_app(settings, store, session=session)
    try:
        return await _serve(settings, store, port, app)
    finally:
        await app.deps.charts.close()  # after the work in flight (_serve drains it)
        await session.close()


async def _serve(settings: SlackSettings, store: AsyncStore, port: int, app: LoggedApp) -> int:
    import asyncio

    from aiohttp import web
    from slack_sdk.errors import SlackApiError

    from bot.slack.owed import keep_sweeping

    await app.deps.charts.start()  # drawing from the first card: not waiting for matplotlib
    # Everything imported and built so far lives as long as the process: out of the
    # collector's sight, a full collection no longer walks its ~140,000 objects (66 ms on
    # the event loop, each time; the slowest acks in benchmarks/slack.py were these).
    gc.collect()
    gc.freeze()
    state = {"ready": True}
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stopping.set)
    # HTTP: Bolt's /slack/events (+ /slack/install and /slack/oauth_redirect with OAuth).
    web_app = _with_health(app.web_app() if settings.mode != "socket" else web.Application(),
                           store, state)
    runner = web.AppRunner(web_app, access_log=None, shutdown_timeout=GRACE_SECONDS)
    await runner.setup()
    await web.TCPSite(runner, port=port).start()
    handler = None
    if settings.mode == "socket" and settings.slack_app_token is not None:
        from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

        app_token = settings.slack_app_token.get_secret_value()
        try:
            # Once up front: slack_sdk's socket client retries a refused connection forever
            # in the background, so a wrong or revoked app token would never say so.
            await app.client.apps_connections_open(app_token=app_token)
        except SlackApiError as e:
            print(f"ftroi serve: Socket Mode: Slack refused the connection "
                  f"({e.response.get('error')})", file=sys.stderr)
            await runner.cleanup()
            return 1
        handler = AsyncSocketModeHandler(app, app_token)
        await handler.connect_async()  # type: ignore[no-untyped-call]  # Bolt: untyped
    sweeper = asyncio.create_task(keep_sweeping(app.deps, app), name="ftroi-owed-cards")
    log.info("ftroi serving (%s mode) on port %d", settings.mode, port)
    await stopping.wait()
    log.info("stopping: finishing the requests in flight")
    state["ready"] = False
    sweeper.cancel()  # a card it was posting is owed still, and posted by another replica
    if handler is not None:
        await handler.close_async()  # type: ignore[no-untyped-call]
    await runner.cleanup()
    await _drain(GRACE_SECONDS)
    log.info("stopped")
    return 0


def run(args: argparse.Namespace) -> int:
    import asyncio

    from bot import malloc
    from bot.slack.settings import SettingsError, SlackSettings
    from storage.aio import AsyncStore
    from storage.bootstrap import open_store
    from storage.errors import StorageError

    try:
        settings = SlackSettings.from_env()
    except SettingsError as e:
        print(f"ftroi serve: {e}", file=sys.stderr)
        return 2
    _logging(settings)
    malloc.limit_arenas(2)  # before the store's and the render thread's first allocations
    malloc.keep_for_analyses()
    try:
        # Every database call on a request's path answers, or fails, well inside the three
        # seconds Slack waits (DB_TIMEOUT_SECONDS): with the database down, people are told.
        store = AsyncStore(open_store(settings.ftroi_database_url), timeout=DB_TIMEOUT_SECONDS)
    except StorageError as e:
        print(f"ftroi serve: {e}", file=sys.stderr)
        return 2

    async def main() -> int:
        try:
            return await serve(settings, store, args.port or settings.ftroi_port)
        finally:
            await store.aclose()

    return asyncio.run(main())
