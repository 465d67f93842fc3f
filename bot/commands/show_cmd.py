"""``ftroi show NAME|ID``: a saved scenario's full report, its charts written to files.

    ftroi show "Support bot"                 the latest version, charts in ./ftroi-charts
    ftroi show "support bot" --version 2     an earlier version (names ignore case)
    ftroi show 3f2a9c0d1e2b4a5c --json       by id, the scenario and its analysis as JSON

A saved scenario is priced at its own ``api.priced_at``, so it shows the figures it showed
when it was saved. The helpers here (:func:`analyse_record`, :func:`analyse_inputs`, :func:`stamp`,
:func:`write_charts`) are what every scenario command reports with.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import warnings
from collections.abc import Callable, Sequence
from datetime import date, datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from bot.reports.brief_options import add_brief_options
from bot.terminal.identity import (
    BAD_INPUT,
    TEAM,
    CommandError,
    add_identity_options,
    find_scenario,
    guarded,
    local_store,
)

if TYPE_CHECKING:
    from bot.reports.charts_base import Chart
    from engine.analysis import Analysis
    from engine.models import Scenario
    from storage import ScenarioRecord, Store

__all__ = ["DEFAULT_CHARTS_DIR", "analyse_inputs", "analyse_record", "origin", "register",
           "run", "stamp", "version_number", "write_charts"]

DEFAULT_CHARTS_DIR = Path("ftroi-charts")


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "show", help="a saved scenario's full report, charts written to files",
        description="Print a saved scenario's report (the result card, then every figure and "
        "assumption) and write its charts as PNG files. NAME ignores case; an id works too.",
    )
    parser.add_argument("scenario", metavar="NAME|ID", help="the scenario's name or id")
    parser.add_argument("--version", metavar="N", help="an earlier version (default: latest)")
    parser.add_argument("--json", action="store_true",
                        help="print the scenario and its whole analysis as JSON")
    add_brief_options(parser)
    parser.add_argument("--charts-dir", metavar="DIR", type=Path,
                        help="where the chart PNGs go (default ./ftroi-charts; with --json, "
                        "only when given)")
    add_identity_options(parser)
    parser.set_defaults(run=run)


def version_number(text: str | None) -> int | None:
    """A version typed on the command line; :class:`CommandError` (status 2) if it is not one.

    >>> version_number("3"), version_number(None)
    (3, None)
    """
    if text is None:
        return None
    if not text.strip().isdigit() or int(text) < 1:
        raise CommandError(f"version: {text!r} is not accepted — a version number: 1, 2, 3…",
                           BAD_INPUT)
    return int(text)


def analyse_inputs(inputs: Scenario, *, today: date | None = None) -> Analysis:
    """The analysis at the scenario's own price date (``today`` only when it has none)."""
    from engine.analysis import analyse

    return analyse(inputs, at=inputs.api.priced_at or today or date.today())


def analyse_record(record: ScenarioRecord, *, today: date | None = None) -> Analysis:
    """A saved scenario's analysis, as :func:`analyse_inputs`."""
    return analyse_inputs(record.inputs, today=today)


def stamp(when: datetime) -> str:
    """A stored time as people read it: to the minute, in UTC.

    >>> from datetime import UTC
    >>> stamp(datetime(2026, 11, 24, 9, 5, 59, tzinfo=UTC))
    '2026-11-24 09:05 UTC'
    """
    return when.strftime("%Y-%m-%d %H:%M UTC")


def origin(store: Store, record: ScenarioRecord) -> str | None:
    """Where a fork came from: "forked from 'X' version 2"; None for an original."""
    from storage.errors import NotFoundError

    if record.parent_id is None:
        return None
    try:
        parent = store.get_scenario(TEAM, record.parent_id).name
    except NotFoundError:
        return f"forked from a deleted scenario (id {record.parent_id})"
    return f"forked from {parent!r} version {record.parent_version}"


def write_charts(directory: Path, named: Sequence[tuple[Path, Callable[[], Chart]]]) -> str:
    """Draw each chart into its file; the lines that say where they are."""
    directory.mkdir(parents=True, exist_ok=True)
    for path, draw in named:
        with warnings.catch_warnings():
            # The charts' font has no CJK or emoji glyphs: such characters of a name are
            # drawn as boxes, and the text report names them in full. Matplotlib's warning
            # would only print a Python warning in the middle of the output.
            warnings.filterwarnings("ignore", message=r"Glyph \d+ .* missing from font",
                                    category=UserWarning)
            png = draw().png
        path.write_bytes(png)
    heading = "Chart:" if len(named) == 1 else "Charts:"
    return heading + "\n" + "\n".join(f"  {path}" for path, _ in named)


def _header(store: Store, record: ScenarioRecord) -> str:
    from bot.reports.layout import wrap_wide

    v = record.version
    parts = [f"version {v.number} of {record.latest_version}", f"owner {record.owner_id}",
             f"saved {stamp(v.created_at)} by {v.author_id}", f"id {record.id}"]
    if v.restored_from is not None:
        parts.insert(1, f"restored from version {v.restored_from}")
    fork = origin(store, record)
    return wrap_wide("; ".join(parts + ([fork] if fork else []))) + "\n"


def _charts(directory: Path, record: ScenarioRecord, a: Analysis) -> str:
    from bot.terminal.chat import CHARTS, chart_paths

    label = record.name
    if record.version.number != record.latest_version:
        label += f" v{record.version.number}"
    paths = chart_paths(directory, label)
    return write_charts(directory, [(path, partial(draw, a))
                                    for path, (_, draw) in zip(paths, CHARTS, strict=True)])


def run(args: argparse.Namespace) -> int:
    from bot.reports.brief import brief, render_brief, saved_rest
    from bot.reports.text import render_report

    def body() -> int:
        version = version_number(args.version)
        with local_store(args) as store:
            record = find_scenario(store, args.scenario, version=version)
            header = _header(store, record)
        a = analyse_record(record)
        if args.json:
            document = {"scenario": record.model_dump(mode="json", exclude={"version"})
                        | {"version": record.version.model_dump(mode="json",
                                                                exclude={"inputs"})},
                        "analysis": json.loads(a.model_dump_json())}
            sys.stdout.write(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
            if args.charts_dir is not None:
                print(_charts(args.charts_dir, record, a), file=sys.stderr)
            return 0
        colour = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
        if args.brief:
            page = render_brief(brief(a, name=record.name, rest=saved_rest(record.name)),
                                colour=colour) + "\n"
        else:
            page = render_report(a, name=record.name, colour=colour)
        sys.stdout.write(header + "\n" + page)
        print("\n" + _charts(args.charts_dir or DEFAULT_CHARTS_DIR, record, a))
        return 0

    return guarded("show", body)
