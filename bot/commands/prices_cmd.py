"""``ftroi prices [MODEL|GPU] [--at DATE]``: the price catalogs in use, with sources and dates.

    ftroi prices              every catalog: GPUs and their offers, the 2024 API prices, …
    ftroi prices h100         one GPU's specs, default prices and offers
    ftroi prices gpt-4o       one API model's prices at a date (genai-prices and the 2024 book)
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date

__all__ = ["register", "run"]

BAD_INPUT = 2
DEFAULT_INPUT_TOKENS = 500  # the source document's worked example
DEFAULT_OUTPUT_TOKENS = 200


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "prices", help="the price catalogs in use, with sources and dates",
        description="Without a name: every catalog. With a GPU (e.g. h100): its specs and "
                    "offers. With an API model (e.g. gpt-4o): its prices at a date.",
    )
    parser.add_argument("name", nargs="?", metavar="MODEL|GPU",
                        help="an API model (gpt-4o, claude 3.5 sonnet, …) or a GPU (a10g, h100, …)")
    parser.add_argument("--at", metavar="YYYY-MM-DD", help="price date (default: today)")
    parser.add_argument("--input-tokens", type=float, default=DEFAULT_INPUT_TOKENS,
                        metavar="N", help="average input tokens of the request priced (500)")
    parser.add_argument("--output-tokens", type=float, default=DEFAULT_OUTPUT_TOKENS,
                        metavar="N", help="average output tokens of the request priced (200)")
    parser.set_defaults(run=run)


def _complain(line: str) -> int:
    print(f"ftroi prices: {line}", file=sys.stderr)
    return BAD_INPUT


def run(args: argparse.Namespace) -> int:
    from bot.reports.prices import render_gpu, render_prices
    from engine.catalog.api_prices import genai_prices_version, seed_2024_prices
    from engine.catalog.gpus import canonical_gpu, load_gpu_catalog
    from engine.catalog.managed_prices import managed_finetuning_prices
    from engine.errors import UnknownGpuError

    try:
        at = date.fromisoformat(args.at) if args.at else date.today()
    except ValueError:
        return _complain(f"--at: {args.at!r} is not accepted — give a date as YYYY-MM-DD")
    colour = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    catalog = load_gpu_catalog()
    if args.name is None:
        sys.stdout.write(render_prices(
            catalog, seed_prices=seed_2024_prices(), managed_prices=managed_finetuning_prices(),
            genai_version=genai_prices_version(), at=at, colour=colour,
        ))
        return 0
    try:
        key = canonical_gpu(args.name)
    except UnknownGpuError as e:
        return _model(args, at=at, colour=colour, gpu_problem=str(e))
    if key == "custom":
        return _model(args, at=at, colour=colour, gpu_problem=(
            "'custom' is typed, not catalogued; accepted: " + ", ".join(sorted(catalog.specs))))
    sys.stdout.write(render_gpu(catalog, key, colour=colour))
    return 0


def _model(args: argparse.Namespace, *, at: date, colour: bool, gpu_problem: str) -> int:
    from bot.reports.prices import render_model
    from engine.catalog.api_prices import (
        canonical_model,
        genai_prices_version,
        price_request,
        seed_2024_prices,
    )
    from engine.errors import UnknownModelError

    current = seed = None
    current_problem = seed_problem = ""
    try:
        current = price_request(args.name, at=at, avg_input_tokens=args.input_tokens,
                                avg_output_tokens=args.output_tokens)
    except UnknownModelError as e:
        current_problem = str(e)
    try:
        seed = seed_2024_prices()[canonical_model(args.name, price_book="seed_2024")]
    except UnknownModelError as e:
        seed_problem = str(e)
    if current is None and seed is None:
        return _complain(f"{args.name!r} is neither a GPU nor an API model. As a GPU: "
                         f"{gpu_problem}. As an API model: {current_problem}; "
                         f"{seed_problem}.")
    sys.stdout.write(render_model(
        name=args.name, at=at, genai_version=genai_prices_version(), current=current,
        current_problem=current_problem, seed=seed, input_tokens=args.input_tokens,
        output_tokens=args.output_tokens, colour=colour,
    ))
    return 0
