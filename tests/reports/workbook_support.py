"""Recomputing a workbook outside ftroi, and what the engine says the same change gives.

Two spreadsheet programs recompute :func:`bot.reports.workbook.build_workbook`'s files:

* **LibreOffice** headless (Debian's ``libreoffice-calc-nogui``): the file goes through
  openpyxl (which edits an input, and drops every cached result, so nothing can be read
  back that was not recomputed), then ``soffice --convert-to xlsx`` with a profile that
  recalculates on load; openpyxl reads the results. Without ``soffice`` the test skips with
  the reason — unless ``CI=true``, where it fails (:func:`require_libreoffice`, as
  ``tests/pg.py`` requires PostgreSQL).
* **formulas** (PyPI): a Python evaluator of Excel formulas, so the agreement is checked
  where LibreOffice is absent too.

"To the cent": a recomputed figure is within half a cent of the engine's, or — for the
rare figure above a billion, where float64 itself holds no cents — within 10⁻¹² of it.
"""

from __future__ import annotations

import math
import os
import shutil
import subprocess
import tempfile
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from bot.reports.workbook import Workbook
from engine.analysis import Analysis, analyse
from engine.models import Scenario

__all__ = ["SAMPLES", "Mismatch", "agree", "changed_analysis", "input_ref", "libreoffice",
           "libreoffice_problem", "recalculate_formulas", "recalculate_libreoffice",
           "require_libreoffice", "within"]

SAMPLES = 500  # the simulation is values, not formulas: a small one is enough here

_PROFILE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode"
 oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


def libreoffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def libreoffice_problem() -> str | None:
    return None if libreoffice() else ("no soffice on PATH (apt-get install -y "
                                       "libreoffice-calc-nogui)")


def require_libreoffice(problem: str | None, *, environ: Mapping[str, str]) -> None:
    """Carry on with LibreOffice; else skip — or fail when ``CI=true``, where it must run."""
    if problem is None:
        return
    if environ.get("CI") == "true":
        pytest.fail(f"CI=true requires LibreOffice — {problem}")
    pytest.skip(problem)


def within(got: Any, expected: float | str) -> bool:
    """The recomputed value is the engine's (to the cent; text exactly; "" is empty)."""
    if isinstance(expected, str):
        return (got if got is not None else "") == expected
    if isinstance(got, bool) or not isinstance(got, int | float):
        return False
    return abs(got - expected) <= max(0.005, 1e-12 * abs(expected))


Mismatch = tuple[str, str, Any, float | str]


def agree(book: Workbook, read: Any, expected: Workbook | None = None
          ) -> tuple[list[Mismatch], float]:
    """Each formula cell of ``book`` as ``read(sheet, ref)`` recomputed it, against the
    engine's figure (``expected``'s cell of the same key, when another analysis gives it):
    the mismatches, and the largest difference in dollars-or-units seen."""
    target = {c.key: c for c in (expected or book).cells}
    bad: list[Mismatch] = []
    worst = 0.0
    for c in book.cells:
        want = target.get(c.key)
        if want is None:
            continue
        got = read(c.sheet, c.ref)
        if not within(got, want.expected):
            bad.append((c.key, c.ref, got, want.expected))
        elif isinstance(want.expected, float) and isinstance(got, int | float):
            worst = max(worst, abs(got - want.expected))
    return bad, worst


def _stripped(content: bytes, edits: Mapping[str, float], folder: Path, stem: str) -> Path:
    """The workbook through openpyxl (cached results dropped), with Inputs cells edited."""
    source = folder / f"{stem}-source.xlsx"
    source.write_bytes(content)
    wb = openpyxl.load_workbook(source)
    for ref, value in edits.items():
        wb["Inputs"][ref] = value
    path = folder / f"{stem}.xlsx"
    wb.save(path)
    return path


def recalculate_libreoffice(books: Mapping[str, tuple[bytes, Mapping[str, float]]]
                            ) -> dict[str, Any]:
    """Each workbook (with its Inputs edits) recomputed by LibreOffice in one run: by stem,
    a ``read(sheet, ref)`` of the recomputed values."""
    soffice = libreoffice()
    assert soffice is not None
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        profile = folder / "profile"
        (profile / "user").mkdir(parents=True)
        (profile / "user" / "registrymodifications.xcu").write_text(_PROFILE)
        paths = [_stripped(content, edits, folder, stem)
                 for stem, (content, edits) in books.items()]
        out = folder / "out"
        subprocess.run([soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless",
                        "--norestore", "--calc", "--convert-to", "xlsx", "--outdir", str(out),
                        *map(str, paths)], check=True, capture_output=True, timeout=300,
                       env={**os.environ, "HOME": tmp})
        results = {}
        for stem in books:
            wb = openpyxl.load_workbook(out / f"{stem}.xlsx", data_only=True)
            results[stem] = _reader({(ws.title, c.coordinate): c.value for ws in wb
                                     for row in ws.iter_rows() for c in row})
        return results


def _reader(values: dict[tuple[str, str], Any]) -> Any:
    return lambda sheet, ref: values.get((sheet, ref))


@lru_cache(maxsize=2)
def _formulas_model(content: bytes) -> Any:
    """The workbook compiled by ``formulas``: about 7 s, three times its calculation, so a
    test that recomputes one workbook as built and after an edit compiles it once (a
    calculation leaves the model as it was: calculating again without the edit gives the
    first results)."""
    import formulas

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "book.xlsx"
        path.write_bytes(content)
        return formulas.ExcelModel().loads(str(path)).finish()


def recalculate_formulas(content: bytes, edits: Mapping[str, float] | None = None) -> Any:
    """The workbook recomputed by the ``formulas`` package (Inputs edits applied)."""
    inputs = {f"'[book.xlsx]INPUTS'!{ref}": value for ref, value in (edits or {}).items()}
    solution = _formulas_model(content).calculate(inputs=inputs)
    values = {}
    for key, ranges in solution.items():
        sheet_part, _, ref = str(key).rpartition("!")
        if ":" in ref or "]" not in sheet_part:
            continue
        sheet = sheet_part.split("]", 1)[1].strip("'")
        value = ranges.value[0][0] if hasattr(ranges, "value") else ranges
        values[(sheet.upper(), ref)] = _plain(value)

    return lambda sheet, ref: values.get((sheet.upper(), ref))


def _plain(value: Any) -> Any:
    """A ``formulas`` result as openpyxl would read it: numbers as float, empty as None."""
    text = str(value)
    if text in ("", "empty"):
        return None
    if isinstance(value, str):
        return value
    try:
        number = float(value)
    except (TypeError, ValueError):
        return text
    return number if math.isfinite(number) else text


def changed_analysis(a: Analysis, book: Workbook, name: str, value: float) -> Analysis:
    """The engine's analysis of the scenario with the workbook input ``name`` changed."""
    row = next(r for r in book.inputs if r.name == name)
    s: Scenario = a.inputs
    changes: dict[str, object] = {}
    if name == "fixed_instances":
        changes["model.num_instances"] = int(value) if value > 0 else None
    elif name in ("peak_hours", "off_peak_share"):
        w = s.workload
        changes["workload.peak_hours_per_day"] = value if name == "peak_hours" else (
            w.peak_hours_per_day or 24.0)
        changes["workload.off_peak_traffic_share"] = value if name == "off_peak_share" else (
            w.off_peak_traffic_share or 0.0)
    else:
        assert row.path is not None, name
        changes[row.path] = value
    return analyse(s.with_values(changes), at=a.priced_at, samples=SAMPLES)


def input_ref(book: Workbook, name: str) -> str:
    """The Inputs cell of a defined name, e.g. ``C6``."""
    return book.names[name].split("!")[1].replace("$", "")
