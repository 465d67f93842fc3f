"""The Slack app, built in one function: :func:`build_app`.

Nothing is built at import time. The Web API client talks to ``settings.api_url`` (Slack,
or a fake on loopback in tests) and retries a rate-limited call after its ``Retry-After``;
requests are verified with the signing secret before anything reads them (401:
:mod:`bot.slack.edge`), held to the shape ftroi reads of their kind (400:
:mod:`bot.slack.payloads`), their text made plain words once (:mod:`bot.slack.incoming`);
each Slack surface registers its own listeners (:mod:`bot.slack.listeners`), which
acknowledge before any database call and drop a second delivery
(:mod:`bot.slack.idempotency`).

One workspace (a bot token) or many (OAuth: :mod:`bot.slack.oauth`, installations saved in
the same database); Socket Mode uses the same app, handed to Bolt's socket mode handler by
``ftroi serve``.
"""

from __future__ import annotations

import logging
from dataclasses import replace

import aiohttp
from slack_bolt.logger.messages import warning_client_prioritized_and_token_skipped
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
)
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack import listeners
from bot.slack.access import LoggedApp
from bot.slack.chart_pool import ChartPool
from bot.slack.deps import Clock, Deps
from bot.slack.incoming import plain_incoming_text
from bot.slack.oauth import oauth_flow
from bot.slack.settings import SlackSettings
from storage import AsyncStore

__all__ = ["RATE_LIMIT_RETRIES", "WEB_API_TIMEOUT_SECONDS", "build_app", "web_client"]

#: How many times a call answered 429 is tried again, each after its Retry-After.
RATE_LIMIT_RETRIES = 3
#: How long one Web API call may take (slack_sdk's default).
WEB_API_TIMEOUT_SECONDS = 30


def web_client(settings: SlackSettings, *, token: str | None,
               session: aiohttp.ClientSession | None = None) -> AsyncWebClient:
    """A Web API client for ``settings.api_url`` that waits out rate limits; with a
    ``session``, its calls (and those of the clients Bolt makes from it for each request)
    reuse that session's connections instead of opening one each."""
    return AsyncWebClient(
        token=token, base_url=settings.api_url, timeout=WEB_API_TIMEOUT_SECONDS,
        session=session,
        retry_handlers=[AsyncConnectionErrorRetryHandler(),
                        AsyncRateLimitErrorRetryHandler(max_retry_count=RATE_LIMIT_RETRIES)])


class _SameToken(logging.Filter):
    """Bolt reads ``SLACK_BOT_TOKEN`` from the environment on its own and, given ftroi's
    client (built from that same token), warns at every start that the token "will be
    unused". It is the token in use: the line would only mislead whoever reads the logs."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.getMessage() != warning_client_prioritized_and_token_skipped()


class _NoRequestBody(logging.Filter):
    """Bolt logs a request whose signature does not match at INFO with its whole body: what
    a person typed, on every request if the signing secret is wrong. The access line
    (:mod:`bot.slack.access`) already says it was refused (401); the body stays out."""

    PREFIX = "Invalid request signature detected"

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str) and record.msg.startswith(self.PREFIX):
            record.msg, record.args = self.PREFIX, None
        return True


def build_app(settings: SlackSettings, store: AsyncStore, *, clock: Clock | None = None,
              session: aiohttp.ClientSession | None = None) -> LoggedApp:
    """ftroi's Bolt app for ``settings`` on ``store`` (the caller closes the store, the
    ``session`` its Web API calls share if given, and ``app.deps.charts``)."""
    deps = Deps(store=store, settings=settings, clock=clock or Clock(),
                charts=ChartPool(settings.ftroi_chart_workers))
    secret = settings.slack_signing_secret.get_secret_value() \
        if settings.slack_signing_secret else ""
    logger = logging.getLogger("bot.slack.bolt")
    for kind in (_SameToken, _NoRequestBody):
        if not any(isinstance(f, kind) for f in logger.filters):
            logger.addFilter(kind())
    if settings.mode == "oauth":
        client = web_client(settings, token=None, session=session)
        app = LoggedApp(name="ftroi", logger=logger, client=client, signing_secret=secret,
                       oauth_flow=oauth_flow(settings, web_client(settings, token=None)),
                       request_verification_enabled=True)
    else:
        token = settings.slack_bot_token.get_secret_value() if settings.slack_bot_token \
            else None
        app = LoggedApp(name="ftroi", logger=logger,
                        client=web_client(settings, token=token, session=session),
                        signing_secret=secret, request_verification_enabled=True)
    app.use(plain_incoming_text)  # after authorization, which names the app's own user
    deps = replace(deps, installations=app.installation_store)
    listeners.register(app, deps)
    app.deps = deps  # for ftroi serve's sweeper of owed cards (bot.slack.owed)
    return app
