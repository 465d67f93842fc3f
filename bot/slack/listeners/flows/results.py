"""A saved scenario's answers in Slack: the card with its chart, details, export, compare.

Every figure comes from the engine's analysis of the saved inputs at their own price date
(``api.priced_at``), so a card posted today and the same scenario reopened next month show
the same numbers. The engine runs on the render thread and the charts in the chart
processes (:mod:`bot.slack.chart_pool`): the event loop keeps answering Slack while they
work. A card's chart is planned and sent to be drawn before the card is posted, so it is
drawn while the card, and what follows it, is.

Charts and export files follow the message they belong to, in its thread. An upload Slack
refuses, or a chart no chart process could draw, leaves what was posted and says in the
thread what is missing. Every card posted is
recorded in storage (which message, which thread, which version): a reply in that thread is
then about that scenario (:func:`~bot.slack.listeners.flows.forks.thread_scenario`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Sequence
from datetime import date

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.reports.chart_plans import Chart
from bot.reports.plan_break_even import plan_break_even
from bot.reports.plan_comparison import plan_comparison
from bot.slack.chart_pool import ChartUnavailable
from bot.slack.deps import Deps
from bot.slack.export import analysis_csv, analysis_json, analysis_memo, analysis_xlsx
from bot.slack.listeners.flows.post import Place, Posted, post, update
from bot.slack.render import off_loop
from bot.slack.uploads import SlackFile, chart_file, slug, upload_files
from bot.slack.views import Parent, comparison, details_messages, result_card
from bot.slack.views.thread import channel_summary, files_missing
from engine.analysis import DEFAULT_TARGET_PAYBACK_MONTHS, Analysis, analyse
from storage import CardPlace, RecordedDecision, ScenarioRecord

__all__ = [
    "analyse_record",
    "attach_chart",
    "drawing",
    "fill_card",
    "post_card",
    "post_comparison",
    "post_details",
    "post_export",
    "post_finished",
    "remember_card",
]

log = logging.getLogger(__name__)


async def analyse_record(record: ScenarioRecord, *, today: date) -> Analysis:
    """The analysis of a saved version, at its own price date (``today`` if it has none)."""
    inputs = record.inputs
    return await off_loop(lambda: analyse(inputs, at=inputs.api.priced_at or today,
                                          target_payback_months=DEFAULT_TARGET_PAYBACK_MONTHS))


@contextlib.asynccontextmanager
async def drawing(deps: Deps, analysis: Analysis) -> AsyncIterator[asyncio.Task[Chart]]:
    """The break-even chart of ``analysis``, planned now and drawn while the block runs;
    no longer wanted (still being drawn) once it has ended."""
    planned = plan_break_even(analysis)  # under a millisecond: no thread needed
    task = asyncio.create_task(deps.charts.draw(planned), name="ftroi-chart")
    try:
        yield task
    finally:
        if not task.done():
            task.cancel()
        task.add_done_callback(_retrieved)


def _retrieved(task: asyncio.Task[Chart]) -> None:
    """A chart the caller did not await (it failed before): its outcome read, so asyncio
    does not log it as never retrieved (what failed is the caller's to say)."""
    if not task.cancelled():
        task.exception()


async def attach_chart(client: AsyncWebClient, thread: Place, chart: asyncio.Task[Chart], *,
                       name: str) -> None:
    """Upload the break-even chart into ``thread``, or say there why it is missing."""
    await _upload_chart(client, thread, chart, title="The break-even chart", under="card",
                        stem=f"break-even-{slug(name)}")


async def _upload_chart(client: AsyncWebClient, thread: Place, chart: Awaitable[Chart], *,
                        title: str, under: str, stem: str) -> None:
    """``chart`` drawn and uploaded into ``thread`` as ``stem``.png; when it cannot be drawn
    or uploaded, the message it belongs ``under`` stays and the thread says why."""
    try:
        drawn = await chart
    except ChartUnavailable as e:
        log.warning("%s posted without its chart: %s", under, e,
                    extra={"channel": thread.channel, "thread_ts": thread.thread_ts})
        await post(client, thread, files_missing(title, detail="ftroi could not draw it"))
        return
    problem = await upload_files(client, [chart_file(drawn, stem=stem)],
                                 channel=thread.channel, thread_ts=thread.thread_ts)
    if problem is not None:
        await post(client, thread, files_missing(title, detail=problem))


def _card_place(deps: Deps, posted: Posted, record: ScenarioRecord) -> CardPlace:
    thread = posted.thread
    assert thread.thread_ts is not None
    return CardPlace(team_id=record.team_id, channel_id=posted.channel,
                     thread_ts=thread.thread_ts, message_ts=posted.ts, scenario_id=record.id,
                     version=record.version.number, posted_at=deps.clock.now())


async def remember_card(deps: Deps, posted: Posted, record: ScenarioRecord) -> None:
    """Record that ``posted`` is the card of ``record``'s version, in its thread."""
    await deps.store.record_card(_card_place(deps, posted, record))


async def post_card(deps: Deps, client: AsyncWebClient, place: Place, record: ScenarioRecord,
                    analysis: Analysis, *, parent: Parent | None = None) -> Place:
    """The result card in ``place``, its chart in the card's thread; that thread."""
    card = result_card(analysis, name=record.name, scenario_id=record.id,
                       version=record.version.number, owner_id=record.owner_id, parent=parent)
    async with drawing(deps, analysis) as chart:
        posted = await post(client, place, card)
        await remember_card(deps, posted, record)
        await attach_chart(client, posted.thread, chart, name=record.name)
    return posted.thread


async def fill_card(deps: Deps, client: AsyncWebClient, holder: Posted, record: ScenarioRecord,
                    analysis: Analysis, *, parent: Parent | None = None) -> None:
    """Turn ``holder``, a message posted to keep the card's place, into the card; its
    chart in the card's thread."""
    card = result_card(analysis, name=record.name, scenario_id=record.id,
                       version=record.version.number, owner_id=record.owner_id, parent=parent)
    async with drawing(deps, analysis) as chart:
        await update(client, holder.channel, holder.ts, card)
        await remember_card(deps, holder, record)
        await attach_chart(client, holder.thread, chart, name=record.name)


async def post_finished(deps: Deps, client: AsyncWebClient, thread: Place,
                        record: ScenarioRecord, analysis: Analysis, *,
                        chart: asyncio.Task[Chart] | None = None) -> None:
    """An intake is saved: the card in its thread — the card owed to it is then posted
    (``Store.card_posted``, :mod:`bot.slack.owed`) — one line in the channel, the chart
    (``chart``, when the caller has it drawn already; else drawn from here)."""
    card = result_card(analysis, name=record.name, scenario_id=record.id,
                       version=record.version.number, owner_id=record.owner_id)
    async with contextlib.nullcontext(chart) if chart is not None \
            else drawing(deps, analysis) as chart:
        posted = await post(client, thread, card)
        await deps.store.card_posted(_card_place(deps, posted, record))
        await post(client, Place(thread.channel), channel_summary(
            analysis, name=record.name, owner_id=record.version.author_id,
            version=record.version.number))
        await attach_chart(client, thread, chart, name=record.name)


async def post_details(client: AsyncWebClient, place: Place, record: ScenarioRecord,
                       analysis: Analysis) -> None:
    """Every line of the computation, split into as many messages as Slack's limits need."""
    for message in details_messages(analysis, name=record.name):
        await post(client, place, message)


async def post_export(client: AsyncWebClient, place: Place, record: ScenarioRecord,
                      analysis: Analysis, *, decision: RecordedDecision | None = None) -> None:
    """The analysis as JSON, the card's figures as CSV, the spreadsheet and the memo, as
    files in ``place``; the JSON, the CSV and the memo carry the latest ``decision``."""
    version = record.version.number
    stem, name = f"{slug(record.name)}-v{version}", record.name
    of = f"{name} v{version}"
    workbook = await off_loop(lambda: analysis_xlsx(analysis, name=name))
    memo = analysis_memo(analysis, name=name, version=version, decision=decision)
    files = [
        SlackFile(f"{stem}.json", analysis_json(analysis, decision=decision).encode(),
                  f"{of}: the whole analysis (JSON)"),
        SlackFile(f"{stem}.csv", analysis_csv(analysis, decision=decision).encode(),
                  f"{of}: the card's figures (CSV)"),
        SlackFile(f"{stem}.xlsx", workbook, f"{of}: Spreadsheet (every figure a formula)"),
        SlackFile(f"{stem}-memo.md", memo.encode(),
                  f"{of}: Memo (one-page decision memo, Markdown)"),
    ]
    decided = "" if decision is None else (
        f" The decision recorded: {decision.option_label} (version {decision.version}).")
    comment = (f"Export of {name} (version {version}, priced at "
               f"{analysis.priced_at.isoformat()}): the whole analysis as JSON, the main "
               "figures as CSV, a spreadsheet whose figures are formulas over its Inputs "
               f"sheet, and a one-page memo.{decided}")
    problem = await upload_files(client, files, channel=place.channel,
                                 thread_ts=place.thread_ts, comment=comment)
    if problem is not None:
        await post(client, place, files_missing("The export files", detail=problem))


async def post_comparison(deps: Deps, client: AsyncWebClient, place: Place,
                          records: Sequence[ScenarioRecord]) -> None:
    """2–4 scenarios side by side in ``place``, the comparison chart in its thread."""
    today = deps.clock.today()
    analyses = [(r.name, await analyse_record(r, today=today)) for r in records]
    try:
        posted = await post(client, place, comparison(analyses))
    except SlackApiError as e:
        # A workspace or client Slack's table block does not reach yet: the same rows as
        # fields, rather than no comparison at all.
        if e.response.get("error") != "invalid_blocks":
            raise
        log.warning("Slack refused the comparison table (invalid_blocks); posting fields",
                    extra={"channel": place.channel})
        posted = await post(client, place, comparison(analyses, layout="fields"))
    stem = "compare-" + "-vs-".join(slug(name)[:20] for name, _ in analyses)
    await _upload_chart(client, posted.thread, deps.charts.draw(plan_comparison(analyses)),
                        title="The comparison chart", under="comparison", stem=stem)
