"""Charts drawn in chart processes (bot.slack.chart_pool, bot.reports.chart_worker).

What each side imports (read from a fresh interpreter's ``sys.modules``: deterministic, unlike
a time): the app's process no chart library, the chart process no engine model, Slack or
database code. ``ftroi serve`` draws a card's chart in its chart process — the PNG reaches
the fake Slack and matplotlib is loaded in that process only — and a chart process killed
between charts is replaced without losing a card or its chart. A process that dies in the
middle of a chart is replaced and the chart drawn again; one that dies every time leaves the
card posted, the chart's absence said in the thread and a warning logged; a drawing that
raises is a fault of ftroi's (``ChartFailed``) and the process draws on.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import logging
import os
import signal
import subprocess
import sys
from collections.abc import Callable
from datetime import date
from io import BytesIO
from pathlib import Path

import numpy as np
import pytest
from aiohttp import web
from PIL import Image
from slack_support import SlackUnderTest, run_intake, save_scenario

import bot.slack.app
from bot.reports.chart_plans import BreakEvenPlan, Line, Planned, TornadoPlan, Words
from bot.reports.plan_tornado import plan_tornado
from bot.slack.chart_pool import ChartFailed, ChartPool, ChartUnavailable
from engine.analysis import analyse
from engine.models import Scenario
from tests.fakeslack.driver import Driver
from tests.fakeslack.fixtures import SIGNING_SECRET
from tests.fakeslack.process import ROOT, environment, free_port, ftroi_serve, until_up
from tests.fakeslack.server import FakeSlack

CHART_LIBRARIES = ("matplotlib", "PIL", "kiwisolver", "fontTools", "xlsxwriter")
#: A stand-in chart process that exits before it is ready.
DIES_AT_ONCE = (sys.executable, "-c", "raise SystemExit(3)")
#: One that dies on reading its first chart unless the marker file (its argument) exists:
#: then it makes the file, so the process started in its place is a real one.
DIES_AT_FIRST_CHART = (sys.executable, "-c", """
import os, sys
from bot.reports.chart_worker import main, write_frame
if os.path.exists(sys.argv[1]):
    sys.exit(main())
open(sys.argv[1], "w").close()
write_frame(sys.stdout.buffer, ("ready", os.getpid()))
sys.stdin.buffer.read(4)
os._exit(9)
""")


def loaded(code: str) -> set[str]:
    """The modules a fresh interpreter has imported after running ``code``."""
    out = subprocess.run(
        [sys.executable, "-c", code + "\nimport sys, json\nprint(json.dumps(sorted(sys.modules)))"],
        cwd=ROOT, check=True, capture_output=True, text=True)
    return set(json.loads(out.stdout))


def tops(modules: set[str]) -> set[str]:
    return {m.split(".")[0] for m in modules}


def test_the_apps_process_imports_no_chart_library() -> None:
    # ftroi serve's modules, the Slack app built with its listeners, and a card's plan made.
    heavy = loaded(
        "import bot.commands.serve_cmd, bot.slack.chart_pool\n"
        "from bot.slack.app import build_app\n"
        "from bot.slack.listeners.flows import results\n"
        "from bot.reports.plan_break_even import plan_break_even\n"
        "from bot.reports.plan_comparison import plan_comparison\n"
        "from datetime import date\n"
        "from engine.analysis import analyse\n"
        "from engine.models import Scenario\n"
        "a = analyse(Scenario(), at=date(2026, 11, 24))\n"
        "plan_break_even(a); plan_comparison([('a', a), ('b', a)])\n")
    assert tops(heavy) & set(CHART_LIBRARIES) == set()


def test_the_chart_process_imports_drawing_and_nothing_of_the_engines_models() -> None:
    modules = loaded("import bot.reports.chart_worker\nimport bot.reports.drawing")
    assert "matplotlib" in modules
    assert {m for m in modules if m.startswith("engine")} == {"engine", "engine.figures"}
    assert tops(modules) & {"pydantic", "genai_prices", "slack_sdk", "slack_bolt", "aiohttp",
                            "storage", "sqlite_utils", "psycopg"} == set()


# --- the pool, without Slack ---------------------------------------------------------------

def planned_tornado() -> Planned[TornadoPlan]:
    return plan_tornado(analyse(Scenario(), at=date(2026, 11, 24)))


def broken_plan() -> Planned[BreakEvenPlan]:
    """A plan matplotlib refuses to draw: three x values for a line of two."""
    words = Words(title="Broken", subtitle="s", caption="c", alt_text="Broken.")
    plan = BreakEvenPlan(words=words, message=None, xs=np.arange(3.0),
                         lines=(Line("api", "API bill", np.arange(2.0)),), log_x=False,
                         log_y=False, x_range=(0.0, 3.0), y_range=(0.0, 3.0), x_label="x",
                         y_label="y", today=None, today_ft=0.0, break_even=None)
    return Planned(plan, {})


def is_png(png: bytes, size: tuple[int, int] = (1200, 700)) -> bool:
    with Image.open(BytesIO(png)) as image:
        image.load()
        return image.size == size


async def test_a_chart_process_that_dies_in_the_middle_of_a_chart_is_replaced(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    pool = ChartPool(1, command=(*DIES_AT_FIRST_CHART, str(tmp_path / "died")))
    try:
        await pool.start()
        (first,) = pool.pids
        chart = await pool.draw(planned_tornado())
        assert is_png(chart.png) and pool.drawn == 1
        (second,) = pool.pids
        assert second != first
    finally:
        await pool.close()
    assert pool.pids == []
    replaced = [r for r in caplog.records if "chart process" in r.getMessage()]
    assert [r.levelno for r in replaced] == [logging.WARNING]


async def test_when_every_chart_process_dies_the_chart_is_unavailable(
        caplog: pytest.LogCaptureFixture) -> None:
    pool = ChartPool(1, command=DIES_AT_ONCE)
    try:
        with pytest.raises(ChartUnavailable, match="failed twice: it exited with status 3"):
            await pool.draw(planned_tornado())
    finally:
        await pool.close()
    assert len([r for r in caplog.records if "replaced" in r.getMessage()]) == 2


async def test_a_drawing_that_raises_is_ftrois_fault_and_the_process_draws_on() -> None:
    pool = ChartPool(1)
    try:
        with pytest.raises(ChartFailed, match="ValueError"):
            await pool.draw(broken_plan())
        (pid,) = pool.pids
        assert is_png((await pool.draw(planned_tornado())).png)
        assert pool.pids == [pid]
    finally:
        await pool.close()


async def test_what_python_warned_in_the_chart_process_is_logged_once_by_the_app(
        caplog: pytest.LogCaptureFixture) -> None:
    planned = planned_tornado()
    words = dataclasses.replace(planned.plan.words, title="支援 bot 支援")  # no CJK in the font
    pool = ChartPool(1)
    try:
        chart = await pool.draw(Planned(dataclasses.replace(planned.plan, words=words), {}))
    finally:
        await pool.close()
    assert chart.title == "支援 bot 支援"
    warned = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warned) == 2, warned  # two characters missing, each said once
    assert all(w.startswith("chart drawn with a warning: Glyph") for w in warned)


async def test_a_chart_nobody_waits_for_leaves_the_process_in_step() -> None:
    pool = ChartPool(1)
    try:
        waiting = asyncio.ensure_future(pool.draw(planned_tornado()))
        await asyncio.sleep(0.05)
        waiting.cancel()
        with pytest.raises(asyncio.CancelledError):
            await waiting
        (pid,) = pool.pids
        chart = await pool.draw(planned_tornado())  # the answer is this chart's, not the last
        assert chart.title == planned_tornado().plan.words.title and pool.pids == [pid]
    finally:
        await pool.close()


# --- in the Slack app ----------------------------------------------------------------------

async def test_a_card_whose_chart_cannot_be_drawn_is_posted_and_the_thread_says_so(
        fake_slack: FakeSlack, serve_app: Callable[[web.Application], object],
        make_driver: Callable[[str], Driver], database_url: str,
        caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bot.slack.app, "ChartPool",
                        lambda workers: ChartPool(workers, command=DIES_AT_ONCE))
    slack = SlackUnderTest(fake_slack, serve_app, make_driver, database_url,  # type: ignore[arg-type]
                           caplog)
    slack.settings = slack.settings.model_copy(update={"ftroi_chart_workers": 1})
    await slack.start()
    try:
        root = await run_intake(slack, "new Support bot")
        assert len(slack.cards(thread_ts=root["ts"])) == 1
        assert fake_slack.uploads() == []
        said = [m["text"] for m in slack.thread(root["ts"])]
        assert any("The break-even chart could not be attached (ftroi could not draw it)" in t
                   for t in said), said
        assert [r for r in caplog.records if r.getMessage().startswith(
            "card posted without its chart") and r.levelno == logging.WARNING]
    finally:
        await slack.close()  # no ERROR logged: close() checks


async def test_ftroi_serve_draws_in_its_chart_process_and_replaces_a_killed_one(
        fake_slack: FakeSlack, make_driver: Callable[[str], Driver], tmp_path: Path) -> None:
    port, url = free_port(), f"sqlite:///{tmp_path}/ftroi.db"
    save_scenario(url, fake_slack)
    process = await ftroi_serve(tmp_path / "serve.log", environment(
        SLACK_BOT_TOKEN=fake_slack.bot_token, SLACK_SIGNING_SECRET=SIGNING_SECRET,
        FTROI_SLACK_API_URL=fake_slack.api_url, FTROI_DATABASE_URL=url,
        FTROI_LOG_LEVEL="WARNING"), "--port", str(port))
    try:
        await until_up(port, process)
        driver = make_driver(f"http://127.0.0.1:{port}/slack/events")

        def charts() -> list[object]:
            return [u for u in fake_slack.uploads() if u.completed]

        assert (await driver.command("show Support bot")).status == 200
        (upload,) = await fake_slack.wait_for(charts, timeout=30)
        assert is_png(upload.data)
        app, (chart,) = process.process.pid, _children(process.process.pid)
        assert not _maps_matplotlib(app) and _maps_matplotlib(chart)

        os.kill(chart, signal.SIGKILL)  # as the kernel's OOM killer would, between charts
        assert (await driver.command("show Support bot")).status == 200
        await fake_slack.wait_for(lambda: len(charts()) == 2, timeout=30)
        cards = [m for m in fake_slack.messages_in(fake_slack.world.general)
                 if "Support bot" in m["text"]]
        assert len(cards) == 2
        (replacement,) = _children(app)
        assert replacement != chart

        process.process.send_signal(signal.SIGTERM)
        assert await process.wait() == 0
        assert not Path(f"/proc/{replacement}").exists()  # stopped with the app
        lines = [json.loads(line) for line in process.stderr().splitlines()]
        assert [line["msg"] for line in lines if line["level"] == "WARNING"] == [
            f"chart process {chart} replaced: it exited with status -9"]
    finally:
        if process.returncode is None:
            process.process.kill()
            await process.wait()


def _children(pid: int) -> list[int]:
    return [int(child) for task in Path(f"/proc/{pid}/task").iterdir()
            for child in (task / "children").read_text().split()]


def _maps_matplotlib(pid: int) -> bool:
    """Whether the process has matplotlib's compiled extensions mapped (it imported them)."""
    return "/matplotlib/" in Path(f"/proc/{pid}/maps").read_text()
