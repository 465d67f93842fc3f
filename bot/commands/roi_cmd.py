"""``ftroi roi``: analyse one scenario, from a file, from flags, or both (flags win).

    ftroi roi examples/quickstart.toml
    ftroi roi --requests-per-day 200k --input-tokens 500 --output-tokens 150 --api gpt-4o
    ftroi roi examples/quickstart.toml --gpu h100 --instances auto --json

Prices are taken at ``--at`` (a date), else at the file's ``api.priced_at``, else today; the
date used is written into the analysed scenario, so ``--json`` output reproduces exactly.
Bad input exits with status 2 and one line per problem naming the field, the value and what
is accepted.
"""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Literal

from bot.reports.brief import add_brief_options, brief, render_brief
from bot.reports.text import render_report
from bot.scenario_files import ScenarioFileError, read_scenario_data, scenario_from_data
from engine.analysis import Analysis, analyse
from engine.errors import EngineError
from engine.models import Scenario

__all__ = ["FLAGS", "Flag", "build_scenario", "register", "run"]

BAD_INPUT = 2
Kind = Literal["number", "share", "text"]


@dataclass(frozen=True)
class Flag:
    """A command-line flag that sets one scenario field (a dotted path)."""

    option: str
    path: str
    kind: Kind
    help: str
    metavar: str = ""

    @property
    def dest(self) -> str:
        return self.option.removeprefix("--").replace("-", "_")

    @property
    def shown(self) -> str:
        return self.metavar or {"number": "N", "share": "RATE", "text": "TEXT"}[self.kind]


FLAGS: tuple[Flag, ...] = (
    Flag("--requests-per-day", "workload.requests_per_day", "number",
         "requests a day (e.g. 50000, 50k, 2.5M)"),
    Flag("--input-tokens", "workload.avg_input_tokens_per_request", "number",
         "average input tokens per request"),
    Flag("--output-tokens", "workload.avg_output_tokens_per_request", "number",
         "average output tokens per request"),
    Flag("--growth", "workload.monthly_growth_rate", "share",
         "monthly volume growth (e.g. 5%%)"),
    Flag("--api", "api.model", "text", "the API model to replace (e.g. gpt-4o), or custom",
         "MODEL"),
    Flag("--api-input-price", "api.input_usd_per_1m_tokens", "number",
         "API input price, $ per 1M tokens (beats the catalog)"),
    Flag("--api-output-price", "api.output_usd_per_1m_tokens", "number",
         "API output price, $ per 1M tokens (beats the catalog)"),
    Flag("--price-book", "api.price_book", "text",
         "current (genai-prices) or seed_2024 (the source document's prices)", "BOOK"),
    Flag("--model-size", "model.model_size_b", "number", "fine-tuned model size, billions"),
    Flag("--method", "model.method", "text", "lora, qlora or full", "METHOD"),
    Flag("--gpu", "model.gpu", "text", "serving GPU: a10g, l4, a100_40g, a100_80g, h100, …",
         "GPU"),
    Flag("--instances", "model.num_instances", "text",
         "serving instances, or auto to size them for you", "N|auto"),
    Flag("--instance-price", "model.instance_usd_per_hour", "number",
         "$ per hour for one whole instance (beats the catalog)"),
    Flag("--review-rate-api", "quality.human_review_rate_api", "share",
         "share of API answers reviewed (e.g. 2%% or 0.02)"),
    Flag("--review-rate-ft", "quality.human_review_rate_ft", "share",
         "share of fine-tuned answers reviewed"),
    Flag("--cost-per-review", "quality.cost_per_review_usd", "number", "$ per review"),
    Flag("--runs", "project.num_training_runs", "number", "training runs"),
    Flag("--compute-per-run", "project.compute_usd_per_run", "number",
         "$ of compute per training run (estimated when not given)"),
    Flag("--hourly-rate", "project.engineer_usd_per_hour", "number", "engineer $ per hour"),
    Flag("--lifetime", "project.model_lifetime_months", "number", "model lifetime, months"),
    Flag("--at", "api.priced_at", "text",
         "price date (default: the file's priced_at, else today)", "YYYY-MM-DD"),
)

_MULTIPLIERS = {"k": 1e3, "m": 1e6, "b": 1e9}


def _number(text: str, kind: Kind) -> Any:
    """A typed number as people write it; the text itself when it is not one.

    Unparseable text is passed on unchanged, so validation reports it against its field.

    >>> _number("50k", "number"), _number("$1,200", "number"), _number("3%", "share")
    (50000.0, 1200.0, 0.03)
    >>> _number("0.05", "share"), _number("lots", "number"), _number("auto", "text")
    (0.05, 'lots', 'auto')
    """
    if kind == "text":
        return text
    cleaned = text.strip().replace(",", "").replace("_", "").removeprefix("$")
    scale = 1.0
    if kind == "share" and cleaned.endswith("%"):
        cleaned, scale = cleaned[:-1], 0.01
    elif cleaned[-1:].lower() in _MULTIPLIERS:
        cleaned, scale = cleaned[:-1], _MULTIPLIERS[cleaned[-1].lower()]
    try:
        return float(cleaned) * scale
    except ValueError:
        return text


def _set(data: dict[str, Any], path: str, value: Any) -> None:
    *tables, leaf = path.split(".")
    node = data
    for table in tables:
        child = node.get(table)
        node[table] = child = dict(child) if isinstance(child, dict) else {}
        node = child
    node[leaf] = value


def build_scenario(args: argparse.Namespace, *, today: date) -> Scenario:
    """The scenario from the file (if any) with the flags over it, priced at a fixed date."""
    source = Path(args.scenario) if args.scenario else None
    data = read_scenario_data(source) if source else {}
    origins: dict[str, str] = {}
    for flag in FLAGS:
        text = getattr(args, flag.dest)
        if text is not None:
            _set(data, flag.path, _number(text, flag.kind))
            origins[flag.path] = flag.option
    api = data.get("api")
    if not (isinstance(api, dict) and api.get("priced_at") is not None):
        _set(data, "api.priced_at", today.isoformat())
    return scenario_from_data(data, label=source.name if source else "scenario",
                              origins=origins)


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "roi", help="analyse a scenario: payback, break-even and every figure behind them",
        description="Analyse a scenario file (TOML or JSON) and/or flags; flags override the "
                    "file's values. Parts left out take the source document's defaults.",
    )
    parser.add_argument("scenario", nargs="?", metavar="SCENARIO",
                        help="a .toml or .json scenario file (see examples/)")
    for flag in FLAGS:
        parser.add_argument(flag.option, dest=flag.dest, metavar=flag.shown, help=flag.help)
    parser.add_argument("--json", action="store_true",
                        help="print the whole analysis as JSON instead of the report")
    add_brief_options(parser)
    parser.add_argument("--seed", type=_seed, default=0,
                        help="random seed of the uncertainty samples (default 0)")
    parser.add_argument("--target-payback", type=_months, default=None, metavar="MONTHS",
                        help="for each main input, the value at which the self-hosted "
                             "fine-tune would pay back within MONTHS")
    parser.set_defaults(run=run)


def _seed(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not accepted — give a whole number ≥ 0")
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


def _complain(problems: list[str]) -> int:
    for line in problems:
        print(f"ftroi roi: {line}", file=sys.stderr)
    return BAD_INPUT


def run(args: argparse.Namespace) -> int:
    try:
        scenario = build_scenario(args, today=date.today())
    except ScenarioFileError as e:
        return _complain(e.problems)
    assert scenario.api.priced_at is not None  # build_scenario always fixes the date
    try:
        analysis: Analysis = analyse(scenario, at=scenario.api.priced_at, seed=args.seed,
                                     target_payback_months=args.target_payback)
    except EngineError as e:
        where = Path(args.scenario).name if args.scenario else "scenario"
        return _complain([f"{where}: {e}"])
    if args.json:
        sys.stdout.write(analysis.model_dump_json(indent=2) + "\n")
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
