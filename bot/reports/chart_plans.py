"""What a chart shows, apart from how it is drawn: the plans the drawing code takes, and
the :class:`Chart` a plan and its drawing make.

A chart is made in two steps. *Planning* (``bot.reports.plan_*``) reads an
:class:`engine.analysis.Analysis` and settles every number, line and word. *Drawing*
(:func:`bot.reports.drawing.draw`, the ``bot.reports.charts_*`` modules) lays the plan out
with matplotlib and encodes the PNG; it reads no analysis. The Slack app plans in its own
process and draws in a chart process (:mod:`bot.reports.chart_worker`), so a plan is what
crosses between the two: small, picklable, made of plain values and NumPy arrays, and
importable without the engine's models or matplotlib — this module imports neither.

Words are plain text here (``$5``); the drawing escapes what matplotlib would read as
mathematics.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Generic, Literal, TypeVar

import numpy as np

__all__ = [
    "Bar",
    "BreakEvenPlan",
    "Chart",
    "ComparisonPlan",
    "CumulativePlan",
    "Drawing",
    "End",
    "Group",
    "Line",
    "Mark",
    "Plan",
    "Planned",
    "TornadoPlan",
    "Words",
]


@dataclass(frozen=True)
class Chart:
    """One rendered chart: the PNG, its size, its words, and the numbers it plots.

    ``data`` holds every plotted line and marker as plain numbers (lists of ``(x, y)``
    tuples, points, or None for a marker that is not drawn), so a test or an export can
    check the picture against the analysis without reading pixels; ``data["legend"]`` is
    the legend as drawn.
    """

    png: bytes
    width_px: int
    height_px: int
    title: str
    alt_text: str
    data: Mapping[str, Any]


@dataclass(frozen=True)
class Words:
    """The title (the answer), the subtitle (what is plotted), the caption (what the reader
    needs to read it right) and one sentence of alt text."""

    title: str
    subtitle: str
    caption: str
    alt_text: str


@dataclass(frozen=True)
class Drawing:
    """What drawing a plan gives back: the PNG, its size, and the legend's labels."""

    png: bytes
    width_px: int
    height_px: int
    legend: tuple[str, ...]


@dataclass(frozen=True)
class Mark:
    """A marked point and its label."""

    x: float
    y: float
    label: str


@dataclass(frozen=True)
class Line:
    """One line of the break-even chart; ``key`` says which (and so how it is drawn):
    ``api``, ``ft``, ``ft_with_project`` or ``ft_today_fleet``."""

    key: Literal["api", "ft", "ft_with_project", "ft_today_fleet"]
    label: str
    ys: np.ndarray


@dataclass(frozen=True)
class BreakEvenPlan:
    """Monthly cost against daily tokens. ``message``, when set, is drawn instead of axes
    (nothing to plot). ``today`` marks today's volume at ``today.y`` (the API bill) and
    ``today_ft`` (the fine-tuned running cost)."""

    words: Words
    message: str | None
    xs: np.ndarray
    lines: tuple[Line, ...]
    log_x: bool
    log_y: bool
    x_range: tuple[float, float]
    y_range: tuple[float, float]
    x_label: str
    y_label: str
    today: Mark | None
    today_ft: float
    break_even: Mark | None


@dataclass(frozen=True)
class End:
    """A line's total written at its right end, in the colour of ``key`` (api or ft)."""

    value: float
    key: Literal["api", "ft"]
    text: str


@dataclass(frozen=True)
class CumulativePlan:
    """Cumulative cost month by month; ``ahead`` is where the saving is shaded, ``lead``
    the note at the fine-tuned line's end (None: too small to write)."""

    words: Words
    months: np.ndarray
    api: np.ndarray
    ft: np.ndarray
    markers: bool
    ahead: np.ndarray
    top: float
    y_label: str
    x_label: str
    ends: tuple[End, End]
    lead: str | None
    crossover: Mark | None


@dataclass(frozen=True)
class Bar:
    """One tornado bar: its label, its sides as ``(savings, "low"|"high")`` with the longer
    first, and each end's label as ``(x, text, "left"|"right")``."""

    label: str
    sides: tuple[tuple[float, Literal["low", "high"]], ...]
    ends: tuple[tuple[float, str, Literal["left", "right"]], ...]


@dataclass(frozen=True)
class TornadoPlan:
    words: Words
    bars: tuple[Bar, ...]
    baseline: float
    today_label: str
    x_label: str


@dataclass(frozen=True)
class Group:
    """One scenario of the comparison: its tick label and its bars as ``(key, value)``,
    key ``api``, ``ft`` or ``best``."""

    label: str
    bars: tuple[tuple[Literal["api", "ft", "best"], float], ...]


@dataclass(frozen=True)
class ComparisonPlan:
    words: Words
    groups: tuple[Group, ...]
    winner: int
    y_range: tuple[float, float]
    y_label: str


Plan = BreakEvenPlan | CumulativePlan | TornadoPlan | ComparisonPlan
P = TypeVar("P", BreakEvenPlan, CumulativePlan, TornadoPlan, ComparisonPlan)


@dataclass(frozen=True)
class Planned(Generic[P]):
    """A plan, and the plotted numbers the :class:`Chart` will carry (kept where the plan
    was made: the drawing does not need them)."""

    plan: P
    data: Mapping[str, Any]

    def chart(self, drawing: Drawing) -> Chart:
        """The chart this plan's ``drawing`` makes."""
        words = self.plan.words
        return Chart(png=drawing.png, width_px=drawing.width_px, height_px=drawing.height_px,
                     title=words.title, alt_text=words.alt_text,
                     data={**self.data, "subtitle": words.subtitle, "caption": words.caption,
                           "legend": list(drawing.legend)})
