"""``--brief`` and ``--full``, for the commands that print a report.

Its own module, free of the engine, so that ``ftroi roi --help`` builds its parser without
loading the analysis behind the brief (:mod:`bot.reports.brief`).
"""

from __future__ import annotations

import argparse

__all__ = ["MAX_LINES", "add_brief_options"]

MAX_LINES = 25
"""The brief's length at most: a page a person reads at once."""


def add_brief_options(parser: argparse.ArgumentParser) -> None:
    """``--brief`` (this page) or ``--full`` (the whole report, the default) for a command
    that prints a report."""
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--brief", action="store_true",
                       help=f"print the one-page brief (at most {MAX_LINES} lines) instead of "
                            "the full report")
    group.add_argument("--full", dest="brief", action="store_false",
                       help="print the full report (the default)")
