"""``ftroi roi``: analyse one scenario, from a file, from sentences, from flags, or all three.

    ftroi roi examples/quickstart.toml
    ftroi roi --requests-per-day 200k --avg-input-tokens-per-request 500 --api-model gpt-4o
    ftroi roi examples/quickstart.toml --say "2 people for 6 weeks, $200k/year" --json
    ftroi roi --say "we're on gpt-4o-mini" --say "half a million requests a day"

Every input of the field registry has its flag, named after the field
(``--requests-per-day``, ``--engineer-usd-per-hour``; the old names, such as
``--input-tokens`` and ``--hourly-rate``, still work), and reads its value as the chat reads
a typed answer (``--requests-per-day 2M/month``, ``--engineer-usd-per-hour '$200k/year'``).
``--say TEXT`` (repeatable) is read exactly as the chat reads a typed answer, across all the
intake's steps (:mod:`bot.commands.roi_inputs`). The file comes first, then the sentences in
order, then the flags. Prices are taken at ``--priced-at`` (``--at``), else at the file's
``api.priced_at``, else today; the date used is written into the analysed scenario, so
``--json`` output reproduces exactly. Anything not understood exits with status 2 and one
line per problem: the chat's message, naming the field, the value and what is accepted.

    ftroi roi --usage openai-usage.json --gpu h100     (the workload measured from an export)
    ftroi roi examples/quickstart.toml --gpu l4 --throughput-from bench/l4-result.json

``--usage FILE`` (or a file's ``[workload] usage``) fills the workload from a usage export,
under the file's values and the flags (:mod:`bot.usage`). ``--throughput-from FILE`` reads
the JSON that ``vllm bench serve --save-result`` writes and uses its total token throughput
as the instance's measured figure, with the file, its date and settings as the source
(:mod:`engine.measured`); a typed ``--throughput`` wins over it. ``--target-payback N`` asks,
for each main input, the value at which the self-hosted fine-tune pays back in N months.
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from bot.reports.brief_options import add_brief_options

if TYPE_CHECKING:  # imported where used: `ftroi roi --help` loads no engine analysis or report
    from bot.commands.roi_inputs import Usage
    from bot.dialogue.parse import FieldSpec
    from engine.models import Scenario

__all__ = ["build_measured", "build_scenario", "flag_help", "register", "run"]

BAD_INPUT = 2


def flag_help(spec: FieldSpec) -> str:
    """A flag's help: what the field is, an example, its default and where that comes from.

    >>> from bot.dialogue.parse import field
    >>> print(flag_help(field("project.engineer_usd_per_hour")))
    engineer rate: an engineer's loaded cost per working hour (a salary is converted); e.g. \
'$150/h engineer rate' (default: $150.00/hour, source document table ($150/h))
    """
    default = spec.default
    shown = (spec.empty or "none") if default is None else spec.kind.show(default)
    text = f"{spec.label}: {spec.help}; e.g. {spec.example} (default: {shown}, {spec.source})"
    return text.replace("%", "%%")


def _dest(spec: FieldSpec) -> str:
    return f"field_{spec.name}"


class _Given(argparse.Action):
    """Keeps the flag as typed with its text, so a problem names ``--lifetime`` when that is
    what was typed, not the field's own ``--model-lifetime-months``."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: object, option_string: str | None = None) -> None:
        setattr(namespace, self.dest, (option_string or self.option_strings[0], str(values)))


def build_scenario(args: argparse.Namespace, *, today: date) -> Scenario:
    """The scenario from the file (if any), the sentences and the flags over it, priced at a
    fixed date."""
    return build_measured(args, today=today, now=datetime.now(UTC))[0]


def build_measured(args: argparse.Namespace, *, today: date,
                   now: datetime) -> tuple[Scenario, Usage]:
    """:func:`build_scenario`, and the usage file it was filled from (``--usage``, else the
    file's ``[workload] usage``): its values go under the file's, the sentences and flags."""
    from bot.commands.roi_inputs import build_inputs
    from bot.dialogue.parse import FIELDS, WORKING_HOURS_PER_YEAR

    flags = {spec: given for spec in FIELDS
             if (given := getattr(args, _dest(spec), None)) is not None}
    return build_inputs(Path(args.scenario) if args.scenario else None,
                        getattr(args, "say", None) or [], flags, today=today,
                        working_hours_per_year=getattr(args, "working_hours_per_year",
                                                       WORKING_HOURS_PER_YEAR),
                        usage=getattr(args, "usage", None),
                        throughput_from=getattr(args, "throughput_from", None), now=now)


SUMMARY = "analyse a scenario: payback, break-even and every figure behind them"


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser], *,
             flags: bool = True) -> None:
    """Add ``ftroi roi``; with ``flags`` False only its name and summary (all ``ftroi
    --help`` and the other commands need: its one flag per field reads the field registry,
    a tenth of a second of imports)."""
    if not flags:
        subparsers.add_parser("roi", help=SUMMARY)
        return
    from bot.dialogue.parse import FIELDS, WORKING_HOURS_PER_YEAR

    parser = subparsers.add_parser(
        "roi", help=SUMMARY,
        description="Analyse a scenario file (TOML or JSON), sentences as the chat reads them "
                    "(--say) and/or one flag per input; the sentences go over the file and the "
                    "flags over both. Parts left out take the source document's defaults.",
    )
    parser.add_argument("scenario", nargs="?", metavar="SCENARIO",
                        help="a .toml or .json scenario file (see examples/)")
    parser.add_argument("--say", action="append", metavar="TEXT",
                        help="an answer as you would type it in the chat, e.g. '2 people for 6 "
                             "weeks, $200k/year' (repeatable; read across all the steps)")
    parser.add_argument("--working-hours-per-year", type=_hours, default=WORKING_HOURS_PER_YEAR,
                        metavar="H", help="the working year a salary or a person-month is "
                        f"converted with (default {WORKING_HOURS_PER_YEAR:,}: 40 h × 52 weeks)")
    inputs = parser.add_argument_group("inputs (one per field; each reads what the chat reads)")
    for spec in FIELDS:
        inputs.add_argument(spec.flag, *spec.aliases, dest=_dest(spec), action=_Given,
                            metavar=spec.kind.metavar, help=flag_help(spec))
    parser.add_argument("--usage", metavar="FILE",
                        help="fill the workload from a usage export: OpenAI or Anthropic "
                        "usage API JSON, LiteLLM spend logs, or a CSV of date, requests, "
                        "input_tokens, output_tokens (typed values and flags win)")
    parser.add_argument("--throughput-from", dest="throughput_from", metavar="FILE",
                        help="a vllm bench serve --save-result JSON: its total token "
                             "throughput is the instance's measured figure")
    parser.add_argument("--json", action="store_true",
                        help="print the whole analysis as JSON instead of the report")
    add_brief_options(parser)
    parser.add_argument("--seed", type=_seed, default=0,
                        help="random seed of the uncertainty samples (default 0)")
    parser.add_argument("--target-payback", type=_months, default=None, metavar="MONTHS",
                        help="for each main input, the value at which the self-hosted "
                             "fine-tune would pay back within MONTHS")
    parser.set_defaults(run=run)


def _hours(text: str) -> float:
    try:
        value = float(text.replace(",", ""))
    except ValueError:
        value = -1.0
    if not 100 <= value <= 8760:
        raise argparse.ArgumentTypeError(f"{text!r} is not accepted — give the working hours "
                                         "of a year, 100 to 8,760 (e.g. 2080, 1800)")
    return value


def _months(text: str) -> float:
    try:
        value = float(text.strip().removesuffix("months").removesuffix("month").strip())
    except ValueError:
        value = -1.0
    if not 0 < value <= 600:
        raise argparse.ArgumentTypeError(f"{text!r} is not accepted — give a number of months "
                                         "above 0 and at most 600, e.g. 6")
    return value


def _seed(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not accepted — give a whole number ≥ 0")
    return value


def _complain(problems: list[str]) -> int:
    for line in problems:
        print(f"ftroi roi: {line}", file=sys.stderr)
    return BAD_INPUT


def run(args: argparse.Namespace) -> int:
    from bot.reports.brief import brief, render_brief
    from bot.reports.text import render_report
    from bot.scenario_files import ScenarioFileError
    from bot.usage import UsageFileError, usage_json
    from engine.analysis import analyse
    from engine.errors import EngineError

    try:
        scenario, (measured, _) = build_measured(args, today=date.today(),
                                                 now=datetime.now(UTC))
    except ScenarioFileError as e:
        return _complain(e.problems)
    except UsageFileError as e:
        return _complain([str(e)])
    assert scenario.api.priced_at is not None  # build_scenario always fixes the date
    try:
        analysis = analyse(scenario, at=scenario.api.priced_at, seed=args.seed,
                           target_payback_months=args.target_payback)
    except EngineError as e:
        where = Path(args.scenario).name if args.scenario else "scenario"
        return _complain([f"{where}: {e}"])
    if args.json:
        sys.stdout.write(analysis.model_dump_json(indent=2) + "\n" if measured is None
                         else usage_json(analysis, measured))
    else:
        colour = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
        name = Path(args.scenario).stem if args.scenario else None
        if args.brief:
            rest = ("The rest: the same command with --full instead of --brief (every figure "
                    "and assumption); a scenario saved with `ftroi chat` exports a workbook and "
                    "a memo (`ftroi export NAME --xlsx FILE --markdown FILE`).")
            sys.stdout.write(render_brief(brief(analysis, name=name, rest=rest),
                                          colour=colour) + "\n")
        else:
            sys.stdout.write(render_report(analysis, name=name, colour=colour))
    return 0
