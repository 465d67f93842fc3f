"""What every ftroi chart's drawing shares: its look, its labels, and the PNG it ends as.

Charts are drawn on a :class:`matplotlib.figure.Figure` with its own Agg canvas, never through
``pyplot``: no global figure registry, no backend switch, nothing shared between threads
but matplotlib's font cache. Sizes suit Slack's image preview (1200×700 px at 100 dpi, text
from 12 pt). Colours are the Okabe–Ito palette, safe for the common colour-vision
deficiencies, and every line also differs by its dash or marker.

Text is drawn unhinted (``text.hinting: no_hinting``, set once here: these charts are the
only figures ftroi draws). Glyph outlines are then rasterised as designed, antialiased,
without FreeType's hinting pass over each glyph — a fifth of a chart's drawing time, the
text being most of it — and text widths scale with the font size, so one measurement
fits a title.

Tick labels follow :mod:`engine.figures`'s one rounding rule. Money ticks are compact:
the magnitude is written by :func:`engine.figures.tokens` (three significant figures
with k, M or B) after a dollar sign, so an axis reads ``$0 $5k $10k`` rather than
``$10,000.00``; below $10 they are unit prices (``$2.50``).

>>> money_tick(10_000), money_tick(-2_500), money_tick(0), money_tick(1_500_000), money_tick(2.5)
('$10k', '-$2.5k', '$0', '$1.5M', '$2.50')
>>> tokens_tick(25_000_000), tokens_tick(0)
('25M', '0')
>>> escape("API $5 vs $7")
'API \\\\$5 vs \\\\$7'
"""

from __future__ import annotations

import io
import math
import textwrap

import matplotlib
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.ticker import FuncFormatter, LogLocator, MaxNLocator, NullLocator
from PIL import Image

from bot.reports.chart_plans import Chart, Drawing, Words
from engine.figures import tokens, unit_usd

__all__ = [
    "API",
    "DPI",
    "FT",
    "FT_PROJECT",
    "GREY",
    "HEIGHT_PX",
    "HIGH",
    "INK",
    "SAVED",
    "SIZE",
    "WIDTH_PX",
    "Chart",
    "Drawing",
    "add_caption",
    "add_header",
    "escape",
    "money_axis",
    "money_tick",
    "new_figure",
    "render",
    "style_axes",
    "text_width_px",
    "tokens_axis",
    "tokens_tick",
    "wrap_to_width",
]

WIDTH_PX, HEIGHT_PX, DPI = 1200, 700, 100

matplotlib.rcParams["text.hinting"] = "no_hinting"

# Okabe & Ito (2008), "Color Universal Design": distinguishable with any common deficiency.
API = "#D55E00"  # vermillion
FT = "#0072B2"  # blue
FT_PROJECT = "#56B4E9"  # sky blue
SAVED = "#009E73"  # bluish green
HIGH = "#E69F00"  # orange
INK = "#222222"
GREY = "#666666"

#: Font sizes in points; at 100 dpi a point is 1.39 px, so 12 pt text is ~17 px high.
SIZE = {"title": 19, "subtitle": 14, "label": 14, "tick": 13, "legend": 13, "note": 13,
        "caption": 12}




def escape(text: str) -> str:
    """Dollar signs as text: matplotlib would read a pair of them as mathematics."""
    return text.replace("$", r"\$")


def money_tick(value: float) -> str:
    """A compact money tick: ``$10k``, ``-$2.5k``, ``$2.50``, ``$0``."""
    value = float(value)  # NumPy 2's repr (np.float64(…)) is not a decimal literal
    if value == 0:
        return "$0"
    sign = "-" if value < 0 else ""
    magnitude = abs(value)
    return sign + (unit_usd(magnitude) if magnitude < 10 else "$" + tokens(magnitude))


def tokens_tick(value: float) -> str:
    """A token tick: ``25M``, ``850k``, ``0``."""
    return tokens(float(value))


def new_figure(*, width_px: int = WIDTH_PX, height_px: int = HEIGHT_PX,
               left: float = 0.1, right: float = 0.97, top: float = 0.83,
               bottom: float = 0.17) -> tuple[Figure, Axes]:
    """A figure of exactly ``width_px`` × ``height_px`` at :data:`DPI`, with one axes.

    The margins are fixed (not a layout engine): every chart of a kind is laid out the
    same way, rendering stays fast, and nothing can warn that a layout did not fit.
    """
    fig = Figure(figsize=(width_px / DPI, height_px / DPI), dpi=DPI, facecolor="white")
    FigureCanvasAgg(fig)
    ax = fig.add_axes((left, bottom, right - left, top - bottom))
    style_axes(ax)
    return fig, ax


def style_axes(ax: Axes) -> None:
    ax.tick_params(labelsize=SIZE["tick"], colors=INK, length=5)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_color(GREY)
    ax.grid(True, color="#dddddd", linewidth=0.8)
    ax.set_axisbelow(True)


#: The smallest a one-line title is set; one that would need less takes two lines, at
#: :data:`_TITLE_WRAPPED`.
_TITLE_SMALLEST, _TITLE_WRAPPED = 13, 15


def add_header(fig: Figure, title: str, subtitle: str | None = None) -> None:
    """The title (the answer) and a subtitle (what is plotted), left-aligned at the top.

    A title too long for the image at its size is set smaller, to fit (measured once:
    unhinted text widths scale with the size); one that would need less than 13 pt takes
    two lines at 15 pt instead, the subtitle and the axes moved down by the second."""
    limit = 0.96 * fig.get_figwidth() * fig.dpi
    width = text_width_px(fig, title, SIZE["title"], weight="bold")
    size = float(SIZE["title"]) if width <= limit else math.floor(
        SIZE["title"] * limit / width * 10) / 10
    shown, drop = title, 0.0
    if size < _TITLE_SMALLEST:
        size = _TITLE_WRAPPED
        shown = wrap_to_width(fig, title, size, 0.96, weight="bold")
        drop = (shown.count("\n")) * size * 1.2 / 72 / fig.get_figheight()
        _lower_tops(fig, drop)
    fig.text(0.02, 0.955, escape(shown), fontsize=size, fontweight="bold",
             color=INK, va="top", ha="left", linespacing=1.2)
    if subtitle:
        fig.text(0.02, 0.893 - drop, escape(subtitle), fontsize=SIZE["subtitle"], color=GREY,
                 va="top", ha="left")


def _lower_tops(fig: Figure, share: float) -> None:
    """Every axes' top ``share`` of the figure lower (its bottom where it was)."""
    for ax in fig.axes:
        x0, y0, w, h = ax.get_position().bounds
        ax.set_position((x0, y0, w, h - share))


#: How far apart the lines of a caption are, in pixels (12 pt at 1.2 line spacing).
_CAPTION_LINE_PX = SIZE["caption"] * 1.2 * DPI / 72
#: Lines a caption may take under the axes' fixed bottom margin; each one more lifts them.
_CAPTION_LINES_FITTING = 2


def add_caption(fig: Figure, text: str) -> None:
    """A note under the axes: assumptions the reader needs to read the chart right.

    Beyond two lines, the axes are lifted by the extra lines, so that the caption never
    runs into the axis labels."""
    wrapped = wrap_to_width(fig, text, SIZE["caption"], 0.96)
    extra = wrapped.count("\n") + 1 - _CAPTION_LINES_FITTING
    if extra > 0:
        lift = extra * _CAPTION_LINE_PX / (fig.get_figheight() * fig.dpi)
        for ax in fig.axes:
            x0, y0, w, h = ax.get_position().bounds
            ax.set_position((x0, y0 + lift, w, h - lift))
    fig.text(0.02, 0.02, escape(wrapped), fontsize=SIZE["caption"], color=GREY,
             va="bottom", ha="left")


def text_width_px(fig: Figure, text: str, size: float, *, weight: str = "normal") -> float:
    """How wide ``text`` (as shown: plain, not escaped) renders at ``size`` points on this
    figure, in pixels."""
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    width: float = renderer.get_text_width_height_descent(
        text, FontProperties(size=size, weight=weight), ismath=False)[0]
    return width


def wrap_to_width(fig: Figure, text: str, size: float, share: float, *,
                  weight: str = "normal") -> str:
    """``text`` wrapped at word breaks to fit ``share`` of the figure's width.

    Wrapped by characters, then the widest line measured; if it is too wide, wrapped again
    at as many characters as fit at that line's width per character (a measurement or two
    in all, where matplotlib's own ``wrap=True`` measures word by word at every draw,
    ~50 ms a caption).
    """
    limit = share * fig.get_figwidth() * fig.dpi
    width = max(20, int(limit / 7))  # DejaVu Sans at 12 pt averages under 8 px a character
    while True:
        lines = textwrap.wrap(text, width)
        widest = max(lines, key=len, default="")
        measured = text_width_px(fig, widest, size, weight=weight) if widest else 0.0
        if width <= 20 or measured <= limit:
            return "\n".join(lines)
        width = max(20, min(len(widest) - 1, int(len(widest) * limit / measured)))


def _decades(low: float, high: float) -> float:
    return math.log10(high / low)


def tokens_axis(ax: Axes, *, log: bool, low: float, high: float, label: str) -> None:
    """The x axis in tokens/day: 1-2-5 ticks on a log scale up to 3 decades, decades beyond."""
    if log:
        ax.set_xscale("log")
        subs = (1.0, 2.0, 5.0) if _decades(low, high) <= 3.5 else (1.0,)
        ax.xaxis.set_major_locator(LogLocator(base=10, subs=subs, numticks=12))
        ax.xaxis.set_minor_locator(NullLocator())  # 1-2-5 majors suffice; minors cost ~1 ms each
    else:
        ax.xaxis.set_major_locator(MaxNLocator(nbins=7, steps=[1, 2, 2.5, 5, 10]))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: escape(tokens_tick(v))))
    ax.set_xlim(low, high)
    ax.set_xlabel(label, fontsize=SIZE["label"], color=INK)


def money_axis(ax: Axes, *, log: bool, low: float, high: float, label: str,
               axis: str = "y") -> None:
    """A money axis with compact ticks (``$10k``); log when the costs span decades."""
    target = ax.yaxis if axis == "y" else ax.xaxis
    if log:
        (ax.set_yscale if axis == "y" else ax.set_xscale)("log")
        subs = (1.0, 2.0, 5.0) if _decades(low, high) <= 3.5 else (1.0,)
        target.set_major_locator(LogLocator(base=10, subs=subs, numticks=12))
        target.set_minor_locator(NullLocator())
    else:
        target.set_major_locator(MaxNLocator(nbins=7, steps=[1, 2, 2.5, 5, 10]))
    target.set_major_formatter(FuncFormatter(lambda v, _pos: escape(money_tick(v))))
    (ax.set_ylim if axis == "y" else ax.set_xlim)(low, high)
    (ax.set_ylabel if axis == "y" else ax.set_xlabel)(label, fontsize=SIZE["label"], color=INK)


def render(fig: Figure, words: Words) -> Drawing:
    """Write the words on the figure and encode it as a PNG of its exact size.

    The legend's labels, as drawn, come back with it so what the picture says can be
    checked. The PNG is encoded from the Agg canvas directly: RGB (the figure is opaque, so
    the alpha channel would only be 255 everywhere) at zlib's fastest level, which for
    these flat-colour charts is nearly as small as the default level and several times
    quicker.
    """
    add_header(fig, words.title, words.subtitle)
    add_caption(fig, words.caption)
    legends = [*fig.legends, *(ax.get_legend() for ax in fig.axes)]
    labels = tuple(t.get_text().replace(r"\$", "$") for legend in legends if legend is not None
                   for t in legend.get_texts())
    canvas = fig.canvas
    assert isinstance(canvas, FigureCanvasAgg)  # new_figure's
    canvas.draw()  # type: ignore[no-untyped-call]
    width, height = canvas.get_width_height()
    image = Image.frombuffer("RGBA", (width, height), canvas.buffer_rgba(),  # type: ignore[no-untyped-call]
                             "raw", "RGBA", 0, 1).convert("RGB")
    buffer = io.BytesIO()
    image.save(buffer, format="png", compress_level=1)
    return Drawing(png=buffer.getvalue(), width_px=width, height_px=height, legend=labels)
