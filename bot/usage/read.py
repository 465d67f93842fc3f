"""Read a usage file, whatever it is: the format is told from the content, not the name.

JSON (the first character is ``{`` or ``[``) is an OpenAI or Anthropic usage page — one, an
array of them, or several one after another — or LiteLLM spend-log rows; CSV is LiteLLM
spend logs (a header with ``startTime`` and ``prompt_tokens``) or a plain usage CSV. Anything
else, an empty file, JSON cut short, a CSV row missing fields, usage after ``now`` or a
negative count is refused with a message naming the file, the place and what was expected.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from bot.usage.fields import Export, UsageFileError
from bot.usage.litellm import REQUIRED, SpendLogReader
from bot.usage.plain import PLAIN_COLUMNS, is_plain, read_plain
from bot.usage.providers import read_anthropic, read_openai

__all__ = ["EXPECTED", "read_usage"]

EXPECTED = (
    "expected an OpenAI Usage API page (/v1/organization/usage/completions), an Anthropic "
    "usage report (/v1/organizations/usage_report/messages), LiteLLM spend logs (CSV or JSON "
    f"rows with {', '.join(REQUIRED)}) or a CSV with the header {PLAIN_COLUMNS}"
)


def read_usage(path: Path, *, now: int) -> Export:
    """The buckets of the usage file at ``path``; ``now`` (Unix seconds) bounds its times."""
    label = path.name
    try:
        with path.open("rb") as f:
            head = f.read(4096)
    except FileNotFoundError:
        raise UsageFileError(f"{path}: no such file — {EXPECTED}") from None
    except OSError as e:
        raise UsageFileError(f"{path}: cannot be read — {e.strerror or e}") from None
    first = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if not first:
        raise UsageFileError(f"{label}: the file is empty — {EXPECTED}")
    try:
        if first in (b"{", b"["):
            return _read_json(path.read_text(encoding="utf-8-sig"), label=label, now=now)
        with path.open(newline="", encoding="utf-8-sig") as f:
            return _read_csv(csv.reader(f), label=label, now=now)
    except UnicodeDecodeError:
        raise UsageFileError(f"{label}: not UTF-8 text — {EXPECTED}") from None
    except csv.Error as e:
        raise UsageFileError(f"{label}: not a readable CSV ({e}) — {EXPECTED}") from None


def _values(text: str, label: str) -> list[Any]:
    """Every JSON value in ``text``, one after another (concatenated pages, JSON Lines)."""
    decoder, values, i = json.JSONDecoder(), [], 0
    while True:
        while i < len(text) and text[i] in " \t\r\n":
            i += 1
        if i == len(text):
            return values
        try:
            value, i = decoder.raw_decode(text, i)
        except json.JSONDecodeError as e:
            cut = e.pos >= len(text.rstrip())
            raise UsageFileError(
                f"{label}: line {e.lineno}, column {e.colno}: "
                + ("the JSON ends before it is complete (is the file cut short?) — "
                   if cut else f"not valid JSON ({e.msg}) — ")
                + EXPECTED) from None
        values.append(value)


def _kind(item: object) -> str | None:
    if not isinstance(item, dict):
        return None
    if "start_time" in item and "results" in item:
        return "openai"
    if "starting_at" in item and "results" in item:
        return "anthropic"
    if "startTime" in item or "prompt_tokens" in item:
        return "litellm"
    return None


def _read_json(text: str, *, label: str, now: int) -> Export:
    values = _values(text, label)
    items = [v for value in values for v in (value if isinstance(value, list) else [value])]
    pages = [v for v in items if isinstance(v, dict) and isinstance(v.get("data"), list)]
    if pages and len(pages) == len(items):
        inside = [_kind(b) for page in pages for b in page["data"]]
        kinds = set(inside)
        if not inside and any(p.get("object") == "page" for p in pages):
            raise UsageFileError(f"{label}: the OpenAI pages hold no buckets — expected the "
                                 "usage of at least one day")
        if len(kinds) == 1 and None not in kinds:
            kind = kinds.pop()
            if kind == "openai":
                return read_openai(pages, label=label, now=now)
            if kind == "anthropic":
                return read_anthropic(pages, label=label, now=now)
            return _spend_rows([r for p in pages for r in p["data"]], label, now)
        if not inside:
            raise UsageFileError(f"{label}: the pages hold no buckets — expected the usage of "
                                 "at least one day")
        where = next(n for n, k in enumerate(inside, 1) if k != inside[0] or k is None)
        raise UsageFileError(f"{label}: bucket {where}: {_shown(pages, where)} — {EXPECTED}")
    if items and all(_kind(v) == "openai" for v in items):
        return read_openai([{"data": items}], label=label, now=now)
    if items and all(_kind(v) == "anthropic" for v in items):
        return read_anthropic([{"data": items}], label=label, now=now)
    if items and all(_kind(v) == "litellm" for v in items):
        return _spend_rows(items, label, now)
    if not items:
        raise UsageFileError(f"{label}: an empty JSON array — {EXPECTED}")
    where = next(n for n, v in enumerate(items, 1) if _kind(v) is None)
    raise UsageFileError(f"{label}: item {where} is {_brief(items[where - 1])} — {EXPECTED}")


def _shown(pages: list[Mapping[str, Any]], n: int) -> str:
    return _brief([b for p in pages for b in p["data"]][n - 1])


def _brief(value: object) -> str:
    if isinstance(value, dict):
        return "an object with " + (", ".join(list(value)[:6]) or "no fields")
    return f"{value!r:.60}"


def _spend_rows(rows: list[Any], label: str, now: int) -> Export:
    reader = SpendLogReader(label=label, now=now)
    missing = [n for n in REQUIRED if isinstance(rows[0], dict) and n not in rows[0]]
    if missing:
        raise UsageFileError(f"{label}: row 1 has no {', '.join(missing)} — expected LiteLLM "
                             f"spend-log rows with {', '.join(REQUIRED)}")
    reader.add_all(rows)
    return reader.export()


def _read_csv(rows: Iterator[list[str]], *, label: str, now: int) -> Export:
    header = next(rows, [])
    if is_plain(header):
        return read_plain(header, rows, label=label, now=now)
    names = [h.strip() for h in header]
    if "startTime" in names and "prompt_tokens" in names:
        missing = [n for n in REQUIRED if n not in names]
        if missing:
            raise UsageFileError(f"{label}: line 1: no {', '.join(missing)} column — expected "
                                 f"LiteLLM spend logs with {', '.join(REQUIRED)}")
        reader = SpendLogReader(label=label, now=now, place="line")
        width = len(names)
        t, m, p, c = (names.index(n) for n in REQUIRED)
        s, h, k, d = (names.index(n) if n in names else None
                      for n in ("status", "cache_hit", "call_type", "metadata"))
        add = reader.add_values
        for line, row in enumerate(rows, 2):
            if len(row) != width:
                if not row:
                    continue
                raise UsageFileError(f"{label}: line {line}: {len(row)} fields, expected "
                                     f"{width} (as the header) — is the file cut short?")
            add(row[t], row[m], row[p], row[c], None if s is None else row[s],
                None if h is None else row[h], None if k is None else row[k],
                None if d is None else row[d], line)
        return reader.export()
    shown = ", ".join(names[:8]) or "nothing"
    raise UsageFileError(f"{label}: line 1: the header is {shown} — {EXPECTED}")
