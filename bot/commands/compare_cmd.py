"""``ftroi compare A B [C D]``: two to four saved scenarios side by side, with a chart.

    ftroi compare "Support bot" "Support bot (what if volume x2)"
    ftroi compare a b c d --charts-dir /tmp/charts

Each scenario is named by its name (ignoring case) or id and priced at its own price date.
The table's differences are against the first one named; the chart is written to a file.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from bot.commands.show_cmd import DEFAULT_CHARTS_DIR, analyse_record, write_charts
from bot.terminal.identity import (
    BAD_INPUT,
    CommandError,
    add_identity_options,
    find_scenario,
    guarded,
    local_store,
)

__all__ = ["chart_path", "register", "run"]


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "compare", help="2–4 scenarios side by side, with a chart",
        description="Two to four saved scenarios side by side (differences against the first) "
        "and a comparison chart written as a PNG file.",
    )
    # The counts are written out, as in the lines above: the constants' module loads the
    # analysis, which `ftroi compare --help` should not wait for (a test keeps them equal).
    parser.add_argument("scenarios", nargs="+", metavar="NAME|ID",
                        help="2 to 4 names (ignoring case) or ids")
    parser.add_argument("--charts-dir", metavar="DIR", type=Path, default=DEFAULT_CHARTS_DIR,
                        help="where the chart PNG goes (default: ./ftroi-charts)")
    add_identity_options(parser)
    parser.set_defaults(run=run)


def chart_path(directory: Path, names: list[str]) -> Path:
    """The comparison chart's file: the names' slugs, kept to a sensible length.

    >>> chart_path(Path("c"), ["Support bot", "Support bot (what if volume x2)"]).name
    'compare-support-bot-vs-support-bot-what-if-volume-x2.png'
    """
    from bot.terminal.chart_files import slug

    each = max(80 // len(names), 8)
    return directory / ("compare-" + "-vs-".join(slug(n)[:each].strip("-") for n in names)
                        + ".png")


def run(args: argparse.Namespace) -> int:
    from bot.terminal.chart_process import ChartProcess  # light: the standard library's

    def body() -> int:
        # Started first: matplotlib loads there while this process loads the analysis,
        # reads the scenarios and analyses them.
        with ChartProcess() as charts:
            from bot.reports.compare import MAX_COMPARED, MIN_COMPARED, render_comparison
            from bot.reports.plan_comparison import plan_comparison

            wanted = list(args.scenarios)
            if not MIN_COMPARED <= len(wanted) <= MAX_COMPARED:
                raise CommandError(f"give {MIN_COMPARED} to {MAX_COMPARED} scenarios to "
                                   f"compare, not {len(wanted)}", BAD_INPUT)
            with local_store(args) as store:
                records = [find_scenario(store, text) for text in wanted]
            seen: dict[str, str] = {}
            for text, record in zip(wanted, records, strict=True):
                if record.id in seen:
                    raise CommandError(f"{seen[record.id]!r} and {text!r} are the same "
                                       f"scenario ({record.name!r}); name different ones",
                                       BAD_INPUT)
                seen[record.id] = text
            rows = [(record.name, analyse_record(record)) for record in records]
            print(render_comparison(rows), flush=True)
            planned = plan_comparison(rows)
            path = chart_path(args.charts_dir, [name for name, _ in rows])
            print(write_charts(args.charts_dir,
                               [(path, lambda: planned.chart(charts.draw(planned.plan)))]))
        return 0

    return guarded("compare", body)
