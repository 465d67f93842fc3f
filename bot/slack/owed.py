"""Result cards owed to a thread, posted by whichever replica finds them due.

An intake's save records that its card is owed to the intake's thread (``storage.owed_cards``,
in the save's transaction), held for ``FTROI_CARD_LEASE_SECONDS`` by the request that
saved it, which posts the card and settles the debt (``Store.card_posted``) at once. If that
replica dies in between, the debt outlives it: :func:`sweep` — run by ``ftroi serve`` when
it starts and every few seconds after (:func:`keep_sweeping`) — takes each debt whose
lease has expired (one replica gets each: ``Store.take_owed_cards`` is a compare-and-set)
and posts the card, the channel line and the chart, as the intake would have.

A debt whose scenario was deleted since is dropped. One Slack keeps refusing (the channel
archived, ftroi removed from it) is tried again after each lease, and dropped after
:data:`MAX_ATTEMPTS`, with a warning naming the channel. "Once": the card is settled right
after Slack answers its post; only a replica killed in those few milliseconds leaves it to
be posted a second time.
"""

from __future__ import annotations

import asyncio
import logging
import secrets

from slack_bolt.async_app import AsyncApp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.deps import Deps
from bot.slack.listeners.flows.post import Place
from bot.slack.listeners.flows.results import analyse_record, post_finished
from storage import DatabaseError, NotFoundError, OwedCard

__all__ = ["MAX_ATTEMPTS", "keep_sweeping", "post_owed", "sweep"]

#: Tries before an owed card Slack keeps refusing is given up.
MAX_ATTEMPTS = 5
#: At most this many owed cards are taken per sweep (the rest wait for the next one).
_PER_SWEEP = 10

log = logging.getLogger(__name__)


async def _client(app: AsyncApp, team_id: str) -> AsyncWebClient | None:
    """A client with the bot token of ``team_id``: the app's own, or (OAuth) the one its
    installation saved; None when the workspace has none any more (uninstalled)."""
    store = app.installation_store
    if store is None:
        return app.client
    bot = await store.async_find_bot(enterprise_id=None, team_id=team_id)
    if bot is None or not bot.bot_token:
        return None
    return AsyncWebClient(token=bot.bot_token, base_url=app.client.base_url,
                          retry_handlers=app.client.retry_handlers)


async def post_owed(deps: Deps, client: AsyncWebClient, owed: OwedCard) -> None:
    """Post one owed card in its thread (the card, the channel line, the chart)."""
    try:
        record = await deps.store.get_scenario(owed.team_id, owed.scenario_id,
                                               version=owed.version)
    except NotFoundError:
        await deps.store.drop_owed_card(owed.scenario_id, owed.version)
        log.info("owed card dropped: its scenario was deleted",
                 extra={"scenario_id": owed.scenario_id, "version": owed.version})
        return
    analysis = await analyse_record(record, today=deps.clock.today())
    thread = Place(owed.channel_id, owed.thread_ts)
    try:
        await post_finished(deps, client, thread, record, analysis)
    except SlackApiError as e:
        error = e.response.get("error")
        if owed.attempts >= MAX_ATTEMPTS:
            await deps.store.drop_owed_card(owed.scenario_id, owed.version)
            log.warning("owed card given up after %d tries: Slack answered %s",
                        owed.attempts, error, extra={"channel": owed.channel_id})
        else:
            log.warning("owed card not posted (Slack answered %s); tried again later", error,
                        extra={"channel": owed.channel_id, "attempts": owed.attempts})
        return
    log.info("owed card posted", extra={"scenario_id": record.id, "version": owed.version,
                                        "channel": owed.channel_id})


async def sweep(deps: Deps, app: AsyncApp, *, holder: str) -> int:
    """Take the owed cards that are due and post them; how many were taken."""
    taken = await deps.store.take_owed_cards(holder=holder, now=deps.clock.now(),
                                             lease=deps.settings.card_lease, limit=_PER_SWEEP)
    for owed in taken:
        client = await _client(app, owed.team_id)
        if client is None:
            await deps.store.drop_owed_card(owed.scenario_id, owed.version)
            log.info("owed card dropped: the workspace has no installation any more",
                     extra={"team": owed.team_id})
            continue
        await post_owed(deps, client, owed)
    return len(taken)


async def keep_sweeping(deps: Deps, app: AsyncApp) -> None:
    """:func:`sweep` now, then every few seconds (half a lease, at most five), until
    cancelled; a database that does not answer is tried again at the next sweep."""
    holder = "sweeper-" + secrets.token_hex(6)
    every = min(5.0, deps.settings.card_lease.total_seconds() / 2)
    while True:
        try:
            await sweep(deps, app, holder=holder)
        except DatabaseError as e:
            log.warning("owed cards not swept: %s", e)
        await asyncio.sleep(every)
