"""A plain usage CSV, for totals kept anywhere else (a warehouse query, a spreadsheet).

The header names the columns, in any order: ``date`` (YYYY-MM-DD, a UTC day) or ``hour``
(YYYY-MM-DDTHH:00, the start of a UTC hour), ``requests``, ``input_tokens``,
``output_tokens``, and optionally ``cached_input_tokens`` (the cached part of the input)
and ``model``. One row per period, or per period and model; rows of the same period and
model are added up.

>>> import io, csv
>>> text = "date,requests,input_tokens,output_tokens\\n2026-10-01,10,5000,2000\\n"
>>> rows = csv.reader(io.StringIO(text))
>>> e = read_plain(next(rows), rows, label="u.csv", now=1_800_000_000)
>>> e.buckets[0].requests, e.buckets[0].input_tokens
(10, 5000)
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from bot.usage.fields import Export, UsageFileError, count, moment, when
from engine.usage import DAY, HOUR, Bucket

__all__ = ["PLAIN", "PLAIN_COLUMNS", "is_plain", "read_plain"]

PLAIN = "usage CSV"
PLAIN_COLUMNS = "date (or hour), requests, input_tokens, output_tokens[, " \
                "cached_input_tokens, model]"
_NEEDED = ("requests", "input_tokens", "output_tokens")


def is_plain(header: list[str]) -> bool:
    names = {h.strip().lower() for h in header}
    return bool(names & {"date", "hour"}) and all(n in names for n in _NEEDED)


def read_plain(header: list[str], rows: Iterator[list[str]], *, label: str,
               now: int) -> Export:
    names = [h.strip().lower() for h in header]
    period = "hour" if "hour" in names else "date"
    if "hour" in names and "date" in names:
        raise UsageFileError(f"{label}: line 1: both date and hour columns — expected one: "
                             "date for daily rows, hour for hourly rows")
    at = {name: names.index(name) for name in (period, *_NEEDED)}
    cached_at = names.index("cached_input_tokens") if "cached_input_tokens" in names else None
    model_at = names.index("model") if "model" in names else None
    width = HOUR if period == "hour" else DAY
    totals: dict[tuple[int, str | None], list[int]] = {}
    line = 1
    for line, row in enumerate(rows, 2):
        if not row or not any(cell.strip() for cell in row):
            continue
        where = f"{label}: line {line}"
        if len(row) != len(names):
            raise UsageFileError(f"{where}: {len(row)} fields, expected {len(names)} "
                                 f"({', '.join(names)}) — is the file cut short?")
        start = _period_start(row[at[period]], period, where)
        if start >= now:
            raise UsageFileError(f"{where}: {period} {row[at[period]].strip()} is after now "
                                 f"({when(now)}) — expected usage that has happened")
        requests = count(row[at["requests"]], "requests", where)
        tin = count(row[at["input_tokens"]], "input_tokens", where)
        tout = count(row[at["output_tokens"]], "output_tokens", where)
        cached = count(row[cached_at], "cached_input_tokens", where) \
            if cached_at is not None and row[cached_at].strip() else 0
        if cached > tin:
            raise UsageFileError(f"{where}: cached_input_tokens ({cached}) exceeds "
                                 f"input_tokens ({tin}) — expected the cached part of the input")
        model = (row[model_at].strip() or None) if model_at is not None else None
        total = totals.setdefault((start, model), [0, 0, 0, 0])
        for i, value in enumerate((requests, tin, tout, cached)):
            total[i] += value
    if not totals:
        raise UsageFileError(f"{label}: no usage rows after the header (line 1) — expected "
                             f"rows of {PLAIN_COLUMNS}")
    buckets = [Bucket(start, start + width, model, v[0], v[1], v[2], v[3], None)
               for (start, model), v in sorted(totals.items(), key=lambda kv: kv[0][0])]
    return Export(PLAIN, buckets)


def _period_start(text: str, period: str, where: str) -> int:
    text = text.strip()
    if period == "date":
        try:
            day = date.fromisoformat(text)
        except ValueError:
            raise UsageFileError(f"{where}: date is {text!r} — expected YYYY-MM-DD") from None
        return (day - date(1970, 1, 1)).days * DAY
    start = moment(text, "hour", where)
    if start % HOUR:
        raise UsageFileError(f"{where}: hour is {text!r} — expected the start of an hour, "
                             "such as 2026-10-01T13:00")
    return start
