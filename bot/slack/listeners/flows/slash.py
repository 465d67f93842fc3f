"""Every ``/ftroi`` subcommand, after the listener has acknowledged the command.

``/ftroi`` alone is ``/ftroi new``. What a person asked that cannot be done is a
:class:`~bot.slack.listeners.flows.problems.Refusal` naming the subcommand, so the error
handler shows its usage with the problem; an unknown subcommand gets the full help with a
line saying so. Lists, help, prices, refusals and the questions of delete and rename are
ephemeral; cards, comparisons and forks are posted in the channel for everyone.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date

from slack_bolt.async_app import AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.deps import Deps
from bot.slack.listeners.flows import finding, intake, renames
from bot.slack.listeners.flows.forks import fork_from_sentence
from bot.slack.listeners.flows.listing import list_message
from bot.slack.listeners.flows.post import Place, tell
from bot.slack.listeners.flows.problems import Refusal
from bot.slack.listeners.flows.results import analyse_record, post_card, post_comparison
from bot.slack.render import off_loop
from bot.slack.views import (
    ListQuery,
    gpu_prices_blocks,
    help_blocks,
    model_prices_blocks,
    prices_blocks,
)
from bot.slack.views.kit import Message
from bot.slack.views.thread import delete_prompt
from engine.catalog.api_prices import (
    canonical_model,
    genai_prices_version,
    price_request,
    seed_2024_prices,
)
from engine.catalog.gpus import canonical_gpu, load_gpu_catalog
from engine.catalog.managed_prices import managed_finetuning_prices
from engine.errors import UnknownGpuError, UnknownModelError

__all__ = ["SUBCOMMANDS", "Ask", "run"]

#: The average request a model's prices are quoted for (the source document's example).
_INPUT_TOKENS, _OUTPUT_TOKENS = 500, 200


@dataclass(frozen=True)
class Ask:
    """One ``/ftroi`` command: who, where, and the words after the subcommand."""

    team: str
    user: str
    channel: str
    rest: str
    respond: AsyncRespond

    def tell(self, client: AsyncWebClient, message: Message) -> Awaitable[None]:
        return tell(client, message, user=self.user, place=Place(self.channel),
                    respond=self.respond)


Handler = Callable[[Deps, AsyncWebClient, Ask], Awaitable[None]]


def _needs(ask: Ask, topic: str, what: str) -> str:
    if not ask.rest:
        raise Refusal(f"Say {what}.", help_topic=topic)
    return ask.rest


async def _new(deps: Deps, client: AsyncWebClient, ask: Ask) -> None:
    await intake.start(deps, client, team=ask.team, user=ask.user, channel=ask.channel,
                       name=ask.rest or None)


async def _list(deps: Deps, client: AsyncWebClient, ask: Ask) -> None:
    scope, _, search = ask.rest.partition(" ")
    query = ListQuery("mine", search.strip() or None) if scope.lower() == "mine" else \
        ListQuery("all", search.strip() or None) if scope.lower() == "all" else \
        ListQuery("all", ask.rest or None)
    await ask.tell(client, await list_message(deps, team=ask.team, user=ask.user, query=query))


async def _show(deps: Deps, client: AsyncWebClient, ask: Ask) -> None:
    text = _needs(ask, "show", "which scenario to show, by name or id")
    record = await deps.store.run(lambda s: finding.find(s, ask.team, text, topic="show"))
    analysis = await analyse_record(record, today=deps.clock.today())
    await post_card(deps, client, Place(ask.channel), record, analysis)


async def _compare(deps: Deps, client: AsyncWebClient, ask: Ask) -> None:
    text = _needs(ask, "compare", "which two to four scenarios to compare")
    records = await deps.store.run(lambda s: finding.find_many(
        s, ask.team, text, least=2, most=4, topic="compare"))
    await post_comparison(deps, client, Place(ask.channel), records)


async def _whatif(deps: Deps, client: AsyncWebClient, ask: Ask) -> None:
    text = _needs(ask, "whatif", "which scenario to fork and what to change")
    parent, change = await deps.store.run(
        lambda s: finding.find_prefix(s, ask.team, text, topic="whatif"))
    await fork_from_sentence(deps, client, team=ask.team, user=ask.user, parent=parent,
                             text=change, place=Place(ask.channel))


async def _delete(deps: Deps, client: AsyncWebClient, ask: Ask) -> None:
    text = _needs(ask, "delete", "which scenario to delete")
    record = await deps.store.run(lambda s: finding.find(s, ask.team, text, topic="delete"))
    if record.owner_id != ask.user:
        raise Refusal(f"Only its owner can delete “{record.name}”; ask the person who saved "
                      "it (the card names them).", help_topic="delete")
    await ask.tell(client, delete_prompt(record))


async def _rename(deps: Deps, client: AsyncWebClient, ask: Ask) -> None:
    text = _needs(ask, "rename", "which scenario to rename, and its new name")
    record, new = await deps.store.run(
        lambda s: finding.find_prefix(s, ask.team, text, topic="rename"))
    # "rename Support bot to Help desk", as people say it; the question shows the result.
    new = re.sub(r"(?i)^to\s+(?=\S)", "", new.strip()).strip("\"“”'‘’").strip()
    await ask.tell(client, await renames.question(deps, team=ask.team, user=ask.user,
                                                  record=record, new=new))


def _prices(rest: str, at: date) -> list[Message]:
    catalog = load_gpu_catalog()
    if not rest:
        return prices_blocks(catalog, seed_prices=seed_2024_prices(),
                             managed_prices=managed_finetuning_prices(),
                             genai_version=genai_prices_version(), at=at)
    try:
        key = canonical_gpu(rest)
        if key != "custom":
            return gpu_prices_blocks(catalog, key)
        gpu_problem = "a custom GPU is typed with its price, not catalogued"
    except UnknownGpuError as e:
        gpu_problem = str(e)
    current = seed = None
    current_problem = seed_problem = ""
    try:
        current = price_request(rest, at=at, avg_input_tokens=_INPUT_TOKENS,
                                avg_output_tokens=_OUTPUT_TOKENS)
    except UnknownModelError as e:
        current_problem = str(e)
    try:
        seed = seed_2024_prices()[canonical_model(rest, price_book="seed_2024")]
    except UnknownModelError as e:
        seed_problem = str(e)
    if current is None and seed is None:
        raise Refusal(f"“{rest}” is neither a GPU nor an API model. As a GPU: {gpu_problem}. "
                      f"As an API model: {current_problem}; {seed_problem}.",
                      help_topic="prices")
    return [*model_prices_blocks(name=rest, at=at, genai_version=genai_prices_version(),
                                 current=current, current_problem=current_problem or None,
                                 seed=seed, input_tokens=_INPUT_TOKENS,
                                 output_tokens=_OUTPUT_TOKENS)]


async def _prices_cmd(deps: Deps, client: AsyncWebClient, ask: Ask) -> None:
    for message in await off_loop(lambda: _prices(ask.rest, deps.clock.today())):
        await ask.tell(client, message)


async def _help(deps: Deps, client: AsyncWebClient, ask: Ask) -> None:
    await ask.tell(client, help_blocks(ask.rest or None))


SUBCOMMANDS: dict[str, Handler] = {
    "new": _new, "list": _list, "show": _show, "compare": _compare, "whatif": _whatif,
    "delete": _delete, "rename": _rename, "prices": _prices_cmd, "help": _help,
}


async def run(deps: Deps, client: AsyncWebClient, *, team: str, user: str, channel: str,
              text: str, respond: AsyncRespond) -> None:
    """Carry out ``/ftroi text`` for ``user`` in ``channel``."""
    word, _, rest = " ".join(text.split()).partition(" ")
    handler = SUBCOMMANDS.get(word.lower() or "new")
    ask = Ask(team, user, channel, rest.strip(), respond)
    if handler is None:
        await ask.tell(client, help_blocks(word))
        return
    await handler(deps, client, ask)
