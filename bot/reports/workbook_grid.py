"""Where things are in the workbook: the Options table and the Timeline's columns.

The Options sheet's formulas read the Timeline (an option's payback is where its cumulative
cost meets today's API's) and the Timeline's read the Options sheet (each option's one-time,
fixed and variable cost), so both lay out from here. Rows and columns are 0-based, as
XlsxWriter counts them; :func:`cell` writes the A1 reference a formula uses.

>>> cell(OPTIONS_FIRST_ROW, Col.LIFETIME), cell(month_row(1), timeline_cost_col(0), sheet=TIMELINE)
('$O$8', 'Timeline!$H$7')
"""

from __future__ import annotations

from enum import IntEnum

from xlsxwriter.utility import xl_rowcol_to_cell

__all__ = [
    "INPUTS",
    "MONTHLY",
    "NOTES",
    "OPTIONS",
    "OPTIONS_FIRST_ROW",
    "TIMELINE",
    "TIMELINE_FIRST_COL",
    "Col",
    "TCol",
    "cell",
    "month_row",
    "timeline_behind_col",
    "timeline_cost_col",
    "timeline_cross_col",
    "timeline_cumulative_col",
]

INPUTS, MONTHLY, OPTIONS, TIMELINE, NOTES = ("Inputs", "Monthly costs", "Options", "Timeline",
                                             "Assumptions")
OPTIONS_FIRST_ROW = 7  # row 8: the first option (today's API)


class Col(IntEnum):
    """The Options table's columns."""

    OPTION = 0
    ID = 1
    QUALIFIES = 2
    INPUT_PRICE = 3
    OUTPUT_PRICE = 4
    REVIEW_RATE = 5
    TRAINING_PRICE = 6
    FEE_PER_RUN = 7
    HOURS = 8
    ONE_TIME = 9
    FIXED = 10
    VARIABLE = 11
    SERVING = 12
    MONTHLY = 13
    LIFETIME = 14
    SAVINGS = 15
    PAYBACK = 16
    QUALIFYING_LIFETIME = 17
    NOTES = 18


class TCol(IntEnum):
    """The Timeline's first columns; each option's follow them."""

    MONTH = 0
    WEIGHT = 1
    COUNTED = 2
    GROWTH = 3
    REQUESTS = 4
    INSTANCE_HOURS = 5
    SERVING = 6


TIMELINE_FIRST_COL = 7
_MONTH0_ROW = 5  # row 6: launch day


def cell(row: int, col: int, *, sheet: str | None = None, absolute: bool = True) -> str:
    """An A1 reference, absolute by default, on ``sheet`` when given."""
    ref = xl_rowcol_to_cell(row, col, row_abs=absolute, col_abs=absolute)
    if sheet is None:
        return ref
    quoted = f"'{sheet}'" if " " in sheet else sheet
    return f"{quoted}!{ref}"


def month_row(month: int) -> int:
    """The Timeline row of month ``month`` (0: launch)."""
    return _MONTH0_ROW + month


def timeline_cost_col(k: int) -> int:
    """Option ``k``'s cost in each month."""
    return TIMELINE_FIRST_COL + 2 * k


def timeline_cumulative_col(k: int) -> int:
    """Option ``k``'s cumulative cost (its one-time cost at launch)."""
    return TIMELINE_FIRST_COL + 2 * k + 1


def timeline_behind_col(k: int, options: int) -> int:
    """Option ``k`` ≥ 1: its cumulative cost less today's API's (left to recover)."""
    return TIMELINE_FIRST_COL + 2 * options + 2 * (k - 1)


def timeline_cross_col(k: int, options: int) -> int:
    """Option ``k`` ≥ 1: the month (interpolated) it catches up with today's API, in the
    month it does."""
    return timeline_behind_col(k, options) + 1
