"""What every usage reader shares: the refusal, the read export, and checked values.

A refusal (:class:`UsageFileError`) names the file, the place (a line, a bucket, a row) and
what was expected; a reader raises it before anything is applied, so a file is used whole
or not at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from engine.usage import Bucket

__all__ = ["Export", "NoRequestCounts", "UsageFileError", "count", "moment", "when"]


class UsageFileError(ValueError):
    """A usage file that cannot be used: the message names the file, where, and what was
    expected."""


class NoRequestCounts(UsageFileError):
    """An export that counts tokens but no requests, read without the requests a day or
    the average request's input tokens that it needs."""


@dataclass(frozen=True)
class Export:
    """A usage file as read: its format's name, its buckets, and what the reader noticed."""

    format: str
    buckets: list[Bucket]
    notes: tuple[str, ...] = ()


def when(seconds: int) -> str:
    """A Unix time as people read it in a message.

    >>> when(1_790_000_000)
    '2026-09-21T14:13:20Z'
    """
    return datetime.fromtimestamp(seconds, tz=UTC).isoformat().replace("+00:00", "Z")


def count(value: object, name: str, where: str) -> int:
    """A whole number ≥ 0 (a JSON integer, or its text in a CSV cell), else a refusal.

    >>> count(12, "input_tokens", "f: bucket 1"), count("7", "requests", "f: line 2")
    (12, 7)
    >>> try:
    ...     count(-5, "input_tokens", "f: bucket 1")
    ... except UsageFileError as e:
    ...     print(e)
    f: bucket 1: input_tokens is -5 — expected a whole number, 0 or more
    """
    number: int | None = None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    elif isinstance(value, str):
        try:
            number = int(value.strip())
        except ValueError:
            try:
                as_float = float(value)
            except ValueError:
                as_float = 0.5
            number = int(as_float) if as_float.is_integer() else None
    if number is None or number < 0:
        shown = repr(value) if isinstance(value, str) or value is None else value
        raise UsageFileError(f"{where}: {name} is {shown} — expected a whole number, 0 or more")
    return number


def moment(text: object, name: str, where: str) -> int:
    """An ISO 8601 / RFC 3339 time as Unix seconds; no offset is read as UTC.

    >>> moment("2026-10-01T00:00:00Z", "starting_at", "f"), moment("2026-10-01 02:00", "t", "f")
    (1790812800, 1790820000)
    """
    if not isinstance(text, str):
        raise UsageFileError(f"{where}: {name} is {text!r} — expected a date and time such as "
                             "2026-10-01T00:00:00Z")
    try:
        parsed = datetime.fromisoformat(text.strip())
    except ValueError:
        raise UsageFileError(f"{where}: {name} is {text!r} — expected a date and time such "
                             "as 2026-10-01T00:00:00Z") from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return int(parsed.timestamp())
