"""A terminal command's charts, drawn by a chart process started as the command starts.

Importing matplotlib takes some 0.6 s here, about as long as reading the scenarios and
analysing them; a command that ends with a chart (``ftroi compare``) starts a chart process
(:mod:`bot.reports.chart_worker`, the Slack app's) first, so matplotlib loads there while
this process works, and sends it the chart's plan. On two cores the two overlap.

If the process cannot be started, dies or does not answer within
:data:`CHART_TIMEOUT_SECONDS`, the chart is drawn in this process instead
(:func:`bot.reports.drawing.draw`): slower, the same PNG. A drawing that raised is a fault
in ftroi and is raised here (:class:`ChartFailed`), not drawn again.
Matplotlib's warning of a glyph missing from the font is dropped, as when drawing here
(the report names the scenario in full); any other warning is raised again here.
"""

from __future__ import annotations

import contextlib
import re
import select
import subprocess
import warnings
from types import TracebackType
from typing import IO, TYPE_CHECKING, Any

from bot.reports.chart_worker import WORKER_COMMAND, read_frame, write_frame

if TYPE_CHECKING:  # the plans' module loads NumPy: not before the chart process is started
    from bot.reports.chart_plans import Drawing, Plan

__all__ = ["ChartFailed", "ChartProcess", "draw_here"]

#: Matplotlib's warning of a character the charts' font has no glyph for (CJK, emoji).
MISSING_GLYPH = r"Glyph \d+ .* missing from font"
#: How long the chart process may take to start, or to draw one chart, before the chart is
#: drawn here instead.
CHART_TIMEOUT_SECONDS = 30.0
#: How long closing waits for a chart process to exit before it is killed.
_EXIT_SECONDS = 2.0


class ChartFailed(RuntimeError):
    """The chart's drawing raised: a fault in ftroi (the message has the traceback)."""


def draw_here(plan: Plan) -> Drawing:
    """``plan`` drawn in this process (matplotlib is imported here, if it was not)."""
    from bot.reports.drawing import draw

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=MISSING_GLYPH, category=UserWarning)
        return draw(plan)


class ChartProcess:
    """One chart process for the command's charts, drawn one at a time; a context manager
    that ends the process (``with ChartProcess() as charts: … charts.draw(plan)``)."""

    def __init__(self, command: tuple[str, ...] = WORKER_COMMAND) -> None:
        self._number = 0
        self._ready = False
        self._child: subprocess.Popen[bytes] | None
        try:
            self._child = subprocess.Popen(command, stdin=subprocess.PIPE,
                                           stdout=subprocess.PIPE)
        except OSError:
            self._child = None

    def draw(self, plan: Plan) -> Drawing:
        """``plan`` drawn by the chart process, else here."""
        reply = self._ask(plan)
        if reply is None:
            self._end()
            return draw_here(plan)
        _, status, payload, said = reply
        for text in said:
            if not re.search(MISSING_GLYPH, text):
                warnings.warn(text, stacklevel=2)
        if status != "drawn":
            raise ChartFailed(payload)
        drawing: Drawing = payload
        return drawing

    def _ask(self, plan: Plan) -> tuple[Any, ...] | None:
        """The chart process's answer to ``plan``; None when it gave none."""
        child = self._child
        if child is None or child.stdin is None or child.stdout is None:
            return None
        self._number += 1
        try:
            if not self._ready:
                hello = self._next(child.stdout)
                self._ready = isinstance(hello, tuple) and hello[:1] == ("ready",)
                if not self._ready:
                    return None
            write_frame(child.stdin, (self._number, plan))
            reply = self._next(child.stdout)
        except OSError:  # a broken pipe: it died
            return None
        if not isinstance(reply, tuple) or len(reply) != 4 or reply[0] != self._number:
            return None
        return reply

    @staticmethod
    def _next(source: IO[bytes]) -> Any | None:
        """The process's next message; None at its end, or after the timeout. (It sends one
        frame per plan sent, so nothing of the next is ever in the reader's buffer before
        the pipe says it is readable.)"""
        waiting, _, _ = select.select([source], [], [], CHART_TIMEOUT_SECONDS)
        return read_frame(source) if waiting else None

    def _end(self) -> None:
        child, self._child = self._child, None
        if child is None:
            return
        if not self._ready:  # never used, or of no use: no need to let it finish starting
            child.kill()
        if child.stdin is not None:
            with contextlib.suppress(OSError):
                child.stdin.close()  # its input ends: it exits 0
        try:
            child.wait(_EXIT_SECONDS)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
        if child.stdout is not None:
            child.stdout.close()

    def __enter__(self) -> ChartProcess:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self._end()
