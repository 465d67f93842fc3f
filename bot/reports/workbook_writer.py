"""Writing one workbook: its cell formats, defined names and the list of formula cells.

Input cells are blue on yellow (the modelling convention for "type here") and unlocked;
every formula cell is recorded with the engine's figure it must recompute to.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import xlsxwriter
from xlsxwriter.worksheet import Worksheet

from bot.reports.workbook_grid import cell
from bot.reports.workbook_inputs import InputRow, Style

__all__ = ["FormulaCell", "Workbook", "Writer"]

_FORMATS: dict[Style, str] = {"count": "#,##0", "money": "$#,##0.00",
                              "unit_money": "$#,##0.00##", "share": "0.00%",
                              "number": "#,##0.00", "months": "0.0", "text": "@"}


@dataclass(frozen=True)
class FormulaCell:
    """A formula cell, where it is, and the engine's figure it must recompute to."""

    key: str
    sheet: str
    ref: str
    formula: str
    expected: float | str


@dataclass
class Workbook:
    content: bytes = b""
    cells: list[FormulaCell] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)  # defined name → sheet!cell
    inputs: list[InputRow] = field(default_factory=list)


class Writer:
    """Formats, defined names and the list of formula cells, for one workbook."""

    def __init__(self, book: xlsxwriter.Workbook, out: Workbook) -> None:
        self.book, self.out = book, out
        base = {"font_name": "Calibri", "font_size": 11}
        self.formats: dict[tuple[Style, bool], Any] = {}
        for style, number in _FORMATS.items():
            self.formats[(style, False)] = book.add_format({**base, "num_format": number})
            self.formats[(style, True)] = book.add_format({
                **base, "num_format": number, "bg_color": "#FFF2CC", "font_color": "#0000FF",
                "border": 1, "border_color": "#BFBFBF", "locked": False})
        self.bold = book.add_format({**base, "bold": True})
        self.title = book.add_format({**base, "bold": True, "font_size": 14})
        self.head = book.add_format({**base, "bold": True, "bottom": 1, "text_wrap": True,
                                     "valign": "top"})
        self.wrap = book.add_format({**base, "text_wrap": True, "valign": "top"})

    def sheet(self, name: str, title: str, note: str) -> Worksheet:
        ws = self.book.add_worksheet(name)
        ws.write_string(0, 0, title, self.title)
        ws.write_string(1, 0, note)
        return ws

    def value(self, ws: Worksheet, row: int, col: int, value: float | str | None,
              style: Style = "number", *, editable: bool = False) -> None:
        fmt = self.formats[(style, editable)]
        if value is None or value == "":
            ws.write_blank(row, col, None, fmt)
        elif isinstance(value, str):
            ws.write_string(row, col, value, fmt)
        else:
            ws.write_number(row, col, value, fmt)

    def formula(self, ws: Worksheet, key: str, row: int, col: int, formula: str,
                expected: float | str, style: Style = "money") -> None:
        ws.write_formula(row, col, "=" + formula, self.formats[(style, False)], expected)
        self.out.cells.append(FormulaCell(key, ws.name, cell(row, col, absolute=False),
                                          formula, expected))

    def name(self, name: str, sheet: str, row: int, col: int) -> None:
        ref = cell(row, col, sheet=sheet)
        self.book.define_name(name, "=" + ref)
        self.out.names[name] = ref
