"""``/ftroi compare``: two to four scenarios side by side, differences against the first.

Two layouts with the same rows and words: a table (one column per scenario, the first
column's values plain and the others' with their difference in brackets) and, for places
where a table does not fit, one section of fields per scenario. ``layout="auto"`` takes the
table unless a cell would break a limit. Slack allows one table per message, so a
comparison is always a message of its own.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Literal

from slack_sdk.models.blocks import Block, TableBlock
from slack_sdk.models.blocks.basic_components import RawTextObject, TableBlockColumnSettings

from bot.slack.limits import HEADER_TEXT, TABLE_CELL, TABLE_COLUMNS, one_line, slack_len, truncate
from bot.slack.views.kit import Message, context, divider, fallback, fields_section, header, md
from engine.analysis import Analysis
from engine.figures import months, tokens, unit_usd, usd

__all__ = ["MAX_COMPARED", "ROWS", "Layout", "comparison", "comparison_fields",
           "comparison_table", "table_fits"]

Layout = Literal["auto", "table", "fields"]
MAX_COMPARED = 4

Figure = Callable[[Analysis], float | None]


def _difference(fmt: Callable[[float], str]) -> Callable[[float], str]:
    """A difference written by ``fmt`` with its sign: "+$325.00", "-2.5 months", "0"."""
    def write(value: float) -> str:
        text = fmt(abs(value))
        return text if text == fmt(0.0) else ("-" if value < 0 else "+") + text
    return write


def _payback(a: Analysis) -> str:
    return months(a.payback_months)


def _payback_shown(a: Analysis) -> float | None:
    """Payback as shown (one decimal), so its difference adds up on the reader's page."""
    text = months(a.payback_months)
    return None if a.payback_months is None else float(text.split()[0].replace(",", ""))


def _break_even(a: Analysis) -> str:
    be = a.break_even.tokens_per_day
    return f"{tokens(be)} tokens/day" if be is not None else "none"


def _effective(a: Analysis) -> str:
    own = a.serving.usd_per_1m_effective
    api = a.break_even.api_usd_per_1m_blended
    mine = unit_usd(own) if own is not None else "no traffic"
    return f"{mine} vs {unit_usd(api)}" if api is not None else mine


def _short_verdict(a: Analysis) -> str:
    """The scenario's best option and what it costs over the lifetime."""
    best = a.decision.best_option
    return f"{best.label}: {usd(best.lifetime_usd)} over the lifetime"


# (label, shown value, the figure behind it, how a difference is written)
ROWS: tuple[tuple[str, Callable[[Analysis], str], Figure | None,
                  Callable[[float], str] | None], ...] = (
    ("API bill per month", lambda a: usd(a.monthly.api_usd), lambda a: a.monthly.api_usd,
     _difference(usd)),
    ("Fine-tuned total per month", lambda a: usd(a.monthly.ft_total_usd),
     lambda a: a.monthly.ft_total_usd, _difference(usd)),
    ("Monthly savings", lambda a: usd(a.monthly.savings_usd), lambda a: a.monthly.savings_usd,
     _difference(usd)),
    ("One-time project", lambda a: usd(a.project.total_usd), lambda a: a.project.total_usd,
     _difference(usd)),
    ("Payback", _payback, _payback_shown, _difference(months)),
    ("Break-even", _break_even, lambda a: a.break_even.tokens_per_day, _difference(tokens)),
    ("Cost per 1M tokens, self-hosted vs API", _effective,
     lambda a: a.serving.usd_per_1m_effective, _difference(unit_usd)),
    ("Best option", _short_verdict, lambda a: a.decision.best_option.lifetime_usd,
     _difference(usd)),
)


def _cell(a: Analysis, base: Analysis, row: int, *, first: bool) -> str:
    _, show, figure, delta = ROWS[row]
    text = show(a)
    if first or figure is None or delta is None:
        return text
    mine, theirs = figure(a), figure(base)
    if mine is None or theirs is None:
        return text
    return f"{text} ({delta(mine - theirs)})"


def _cells(analyses: Sequence[tuple[str, Analysis]]) -> list[list[str]]:
    """Row by row: the label, then one cell per scenario."""
    base = analyses[0][1]
    return [[ROWS[r][0], *(_cell(a, base, r, first=i == 0) for i, (_, a) in enumerate(analyses))]
            for r in range(len(ROWS))]


def _check(analyses: Sequence[tuple[str, Analysis]]) -> None:
    if not 2 <= len(analyses) <= MAX_COMPARED:
        raise ValueError(f"a comparison takes 2–{MAX_COMPARED} scenarios, not {len(analyses)}")


def _title(analyses: Sequence[tuple[str, Analysis]]) -> str:
    names = [one_line(n) for n, _ in analyses]
    return " vs ".join(names)


def _opening(analyses: Sequence[tuple[str, Analysis]]) -> list[Block]:
    base = md(truncate(one_line(analyses[0][0]), HEADER_TEXT))
    return [header(f"Compare: {_title(analyses)}"),
            context([f"Differences in brackets are against *{base}*, the first scenario."])]


def table_fits(analyses: Sequence[tuple[str, Analysis]]) -> bool:
    """Whether every cell, names included, fits a table cell and the columns fit."""
    _check(analyses)
    cells = [n for n, _ in analyses] + [c for row in _cells(analyses) for c in row]
    return len(analyses) + 1 <= TABLE_COLUMNS and all(
        0 < slack_len(one_line(c)) <= TABLE_CELL for c in cells)


def comparison_table(analyses: Sequence[tuple[str, Analysis]]) -> Message:
    """The comparison as a table: a header row of names, one row per figure."""
    _check(analyses)
    head = ["Scenario", *(truncate(one_line(n), TABLE_CELL) or "—" for n, _ in analyses)]
    rows = [head, *_cells(analyses)]
    table = TableBlock(
        rows=[[RawTextObject(text=truncate(one_line(c), TABLE_CELL) or "—") for c in row]
              for row in rows],
        column_settings=[TableBlockColumnSettings(is_wrapped=True),
                         *(TableBlockColumnSettings(align="right", is_wrapped=True)
                           for _ in analyses)],
    )
    return Message(text=fallback(f"Comparison: {_title(analyses)}"),
                   blocks=(*_opening(analyses), table))


def comparison_fields(analyses: Sequence[tuple[str, Analysis]]) -> Message:
    """The comparison as one section of fields per scenario, for where tables do not fit."""
    _check(analyses)
    cells = _cells(analyses)
    blocks = _opening(analyses)
    for i, (name, _) in enumerate(analyses):
        pairs = [(md(row[0]), md(row[i + 1])) for row in cells]
        title = md(truncate(one_line(name), HEADER_TEXT))
        blocks += [divider(), fields_section(pairs, text=f"*{title}*")]
    return Message(text=fallback(f"Comparison: {_title(analyses)}"), blocks=tuple(blocks))


def comparison(analyses: Sequence[tuple[str, Analysis]], *, layout: Layout = "auto") -> Message:
    """Two to four ``(name, analysis)`` side by side; ``layout`` picks table or fields."""
    if layout == "fields" or (layout == "auto" and not table_fits(analyses)):
        return comparison_fields(analyses)
    return comparison_table(analyses)
